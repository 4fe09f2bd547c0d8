// Malformed HTTP requests, Engine.IO payloads and WebSocket frames, one table row each, against one
// in-process server. Each row states what the client must get (an HTTP status, the connection
// closed) and how the session it targets must end (or that it stays open). After every row two
// healthy clients on the same server, one polling and one WebSocket, must still have their
// sessions and their echoes.

#include "engine_fixture.h"

#include "engine/session.h"

#include <QTest>

using namespace sb;
using namespace sb::test;
using namespace std::chrono_literals;

namespace {

enum class Kind {
    Http, // raw bytes on a fresh TCP connection; "$SID" is a fresh polling session's id
    Payload, // the body of a POST to a fresh polling session
    WebSocket, // raw bytes (frames) on a fresh WebSocket-only session, after its open packet
    Upgrade, // raw bytes of an upgrade request on a fresh TCP connection
};

// closeReason column values besides closeReasonText(): the session must stay usable, or the row
// has no session, or the engine is free to keep or end it.
const QString StaysOpen = QStringLiteral("(stays open)");
const QString NoSession = QStringLiteral("(no session)");
const QString AnyOutcome = QStringLiteral("(either)");

constexpr qint64 MaxBuffer = 1000;

QByteArray frame(
    int opcode, const QByteArray &payload, bool fin = true, bool masked = true, int rsv = 0)
{
    return RawWebSocket::encodeFrame(opcode, payload, fin, masked, rsv);
}

QByteArray text(const QByteArray &payload)
{
    return frame(0x1, payload);
}

QByteArray pollingTarget()
{
    return EngineFixture::target("EIO=4&transport=polling&sid=$SID");
}

} // namespace

Q_DECLARE_METATYPE(Kind)

class TestEngineBadInput : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void cleanupTestCase();
    void badInput_data();
    void badInput();

private:
    void checkHealthy();
    // Not QTRY_COMPARE: on failure it waits twice as long again, for each failing row.
    void waitForClose(const QByteArray &sid)
    {
        static_cast<void>(QTest::qWaitFor(
            [&] { return !m_fixture->observer().closeReason(sid).isEmpty(); }, WaitMs));
    }

    std::unique_ptr<EngineFixture> m_fixture;
    WsClient m_healthyWs;
    QByteArray m_healthyWsSid;
    QByteArray m_healthyPollingSid;
    int m_round = 0;
};

void TestEngineBadInput::initTestCase()
{
    eio::EngineOptions engine;
    engine.maxHttpBufferSize = MaxBuffer;
    engine.pingInterval = 10min; // no heartbeat traffic to interleave with the rows
    engine.pingTimeout = 10min;
    http::ServerOptions httpOptions;
    httpOptions.headerTimeout = 1000ms; // the rows that stall wait for these
    httpOptions.idleTimeout = 1000ms;
    m_fixture = std::make_unique<EngineFixture>(engine, httpOptions);
    QVERIFY(m_fixture->listen());
    m_healthyWsSid = m_fixture->webSocketHandshake(m_healthyWs);
    QVERIFY(!m_healthyWsSid.isEmpty());
    QString error;
    m_healthyPollingSid = m_fixture->pollingHandshake(nullptr, &error);
    QVERIFY2(!m_healthyPollingSid.isEmpty(), qPrintable(error));
    checkHealthy();
}

void TestEngineBadInput::cleanupTestCase()
{
    m_fixture.reset();
}

void TestEngineBadInput::checkHealthy()
{
    ++m_round;
    const QByteArray wsMessage = "4healthy websocket " + QByteArray::number(m_round);
    m_healthyWs.sendText(wsMessage);
    QCOMPARE(m_healthyWs.nextText().value_or("<no text message>"), wsMessage);
    const QByteArray pollMessage = "4healthy polling " + QByteArray::number(m_round);
    QCOMPARE(
        m_fixture->post(EngineFixture::sidQuery(m_healthyPollingSid), pollMessage).status, 200);
    QCOMPARE(m_fixture->get(EngineFixture::sidQuery(m_healthyPollingSid)).body, pollMessage);
    QVERIFY(m_fixture->observer().closeReason(m_healthyWsSid).isEmpty());
    QVERIFY(m_fixture->observer().closeReason(m_healthyPollingSid).isEmpty());
    QVERIFY(m_fixture->engine().session(m_healthyWsSid));
    QVERIFY(m_fixture->engine().session(m_healthyPollingSid));
}

void TestEngineBadInput::badInput_data()
{
    QTest::addColumn<Kind>("kind");
    QTest::addColumn<QByteArray>("input");
    // Acceptable HTTP statuses; empty: no HTTP response is expected (WebSocket rows).
    QTest::addColumn<QList<int>>("statuses");
    // The server closes the TCP connection (after its answer, if any).
    QTest::addColumn<bool>("connectionClosed");
    QTest::addColumn<QString>("closeReason");

    const QByteArray poll = pollingTarget();
    const QByteArray handshake = EngineFixture::target("EIO=4&transport=polling");
    const auto get = [](const QByteArray &target, const QByteArray &headers = {}) -> QByteArray {
        return "GET " + target + " HTTP/1.1\r\nHost: 127.0.0.1\r\n" + headers + "\r\n";
    };
    const auto post = [&](const QByteArray &headers, const QByteArray &body) -> QByteArray {
        return "POST " + poll + " HTTP/1.1\r\nHost: 127.0.0.1\r\n" + headers + "\r\n" + body;
    };
    const auto row = [](const char *name, Kind kind, const QByteArray &input, QList<int> statuses,
                         bool closed, const QString &reason) {
        QTest::newRow(name) << kind << input << statuses << closed << reason;
    };
    const QString parseError = QStringLiteral("parse error");
    const QString transportError = QStringLiteral("transport error");
    const QString transportClose = QStringLiteral("transport close");

    // --- HTTP framing: refused by the front door, before any session sees them --------------
    row("garbage request line", Kind::Http, "HELLO THERE\r\n\r\n", {400}, true, NoSession);
    row("binary garbage", Kind::Http, QByteArray("\x00\x01\x02\xff\xfe\r\n\r\n", 9), {400}, true,
        NoSession);
    row("HTTP/2.0 request line", Kind::Http,
        "GET " + handshake + " HTTP/2.0\r\nHost: 127.0.0.1\r\n\r\n", {505}, true, NoSession);
    row("header without colon", Kind::Http, get(handshake, "NoColonHere\r\n"), {400}, true,
        NoSession);
    row("control character in header name", Kind::Http,
        get(handshake,
            "X-\x01"
            "Bad: 1\r\n"),
        {400}, true, NoSession);
    row("NUL in the target", Kind::Http,
        "GET /engine.io/?EIO=4&transport=poll" + QByteArray(1, '\0') + "ing HTTP/1.1\r\n\r\n",
        {400}, true, NoSession);
    row("20 KB header value", Kind::Http,
        get(handshake, "X-Big: " + QByteArray(20'000, 'h') + "\r\n"), {431}, true, NoSession);
    {
        QByteArray many;
        for (int i = 0; i < 1000; ++i)
            many += "X-Header-" + QByteArray::number(i) + ": some value\r\n";
        row("1000 headers (26 KB)", Kind::Http, get(handshake, many), {431}, true, NoSession);
    }
    row("20 KB target", Kind::Http, get(handshake + "&pad=" + QByteArray(20'000, 'p')), {431}, true,
        NoSession);
    row("non-numeric Content-Length", Kind::Http,
        post("Content-Length: ten\r\nContent-Type: text/plain\r\n", "4hello"), {400}, true,
        AnyOutcome);
    row("negative Content-Length", Kind::Http,
        post("Content-Length: -5\r\nContent-Type: text/plain\r\n", "4hello"), {400}, true,
        AnyOutcome);
    row("two different Content-Lengths", Kind::Http,
        post("Content-Length: 6\r\nContent-Length: 7\r\nContent-Type: text/plain\r\n", "4hello!"),
        {400}, true, AnyOutcome);
    row("Content-Length with chunked (smuggling)", Kind::Http,
        post("Content-Length: 6\r\nTransfer-Encoding: chunked\r\nContent-Type: text/plain\r\n",
            "6\r\n4hello\r\n0\r\n\r\n"),
        {400}, true, AnyOutcome);
    row("bad chunk size", Kind::Http,
        post("Transfer-Encoding: chunked\r\nContent-Type: text/plain\r\n",
            "zz\r\n4hello\r\n0\r\n\r\n"),
        {400}, true, AnyOutcome);
    // The body never completes: the request times out (or is dropped) and never reaches the engine.
    row("truncated chunked body", Kind::Http,
        post("Transfer-Encoding: chunked\r\nContent-Type: text/plain\r\n", "10\r\n4hel"), {408},
        true, AnyOutcome);
    row("truncated Content-Length body", Kind::Http,
        post("Content-Length: 100\r\nContent-Type: text/plain\r\n", "4hello"), {408}, true,
        AnyOutcome);
    row("headers never end", Kind::Http, "GET " + handshake + " HTTP/1.1\r\nHost: 127.0.0.1\r\n",
        {408}, true, NoSession);

    // --- bad query and methods: Engine.IO's own errors --------------------------------------
    row("bad percent-encoding in transport", Kind::Http,
        get(EngineFixture::target("EIO=4&transport=poll%zzing")), {400}, false, NoSession);
    row("keys without values", Kind::Http, get(EngineFixture::target("EIO&transport&sid")), {400},
        false, NoSession);
    row("path traversal as sid", Kind::Http,
        get(EngineFixture::target("EIO=4&transport=polling&sid=..%2F..%2Fetc%2Fpasswd")), {400},
        false, NoSession);
    row("4000-character sid", Kind::Http,
        get(EngineFixture::target("EIO=4&transport=polling&sid=" + QByteArray(4000, 'A'))), {400},
        false, NoSession);
    row("POST with an empty sid", Kind::Http,
        "POST " + EngineFixture::target("EIO=4&transport=polling&sid=")
            + " HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: text/plain\r\nContent-Length: "
              "2\r\n\r\n4x",
        {400}, false, NoSession);
    // Methods other than GET and POST on a session: 405 (Node: 500), and the session stays.
    row("DELETE on a session", Kind::Http,
        "DELETE " + poll + " HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n", {405}, false, StaysOpen);
    row("PUT on a session", Kind::Http,
        "PUT " + poll + " HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Length: 2\r\n\r\n4x", {405}, false,
        StaysOpen);
    row("websocket transport on a polling session", Kind::Http,
        get(EngineFixture::target("EIO=4&transport=websocket&sid=$SID")), {400}, false, StaysOpen);
    row("binary Content-Type", Kind::Http,
        post("Content-Type: application/octet-stream\r\nContent-Length: 5\r\n", "4abcd"), {400},
        false, transportError);
    row("body one byte over the limit", Kind::Http,
        post("Content-Type: text/plain\r\nContent-Length: 1001\r\n", "4" + QByteArray(1000, 'o')),
        {413}, true, StaysOpen);
    row("chunked body over the limit", Kind::Http,
        post("Content-Type: text/plain\r\nTransfer-Encoding: chunked\r\n",
            "258\r\n4" + QByteArray(599, 'c') + "\r\n258\r\n" + QByteArray(600, 'd')
                + "\r\n0\r\n\r\n"),
        {413}, true, StaysOpen);

    // --- Engine.IO payloads (a POST to a session) -------------------------------------------
    row("unknown packet type", Kind::Payload, "9hello", {200}, false, parseError);
    row("empty payload", Kind::Payload, "", {200}, false, parseError);
    row("empty record in the middle", Kind::Payload,
        "4a\x1e\x1e"
        "4b",
        {200}, false, parseError);
    row("trailing separator", Kind::Payload, "4a\x1e", {200}, false, parseError);
    row("leading separator", Kind::Payload,
        "\x1e"
        "4a",
        {200}, false, parseError);
    row("bare letter", Kind::Payload, "x", {200}, false, parseError);
    row("bad base64", Kind::Payload, "b!!!!", {200}, false, parseError);
    row("ping from the client", Kind::Payload, "2", {200}, false, transportError);
    row("probe over polling", Kind::Payload, "2probe", {200}, false, transportError);
    row("open from the client", Kind::Payload, "0{\"sid\":\"x\"}", {200}, false, StaysOpen);
    row("upgrade over polling", Kind::Payload, "5", {200}, false, StaysOpen);
    row("noop from the client", Kind::Payload, "6", {200}, false, StaysOpen);
    row("unsolicited pong", Kind::Payload, "3", {200}, false, StaysOpen);
    row("non-UTF-8 message", Kind::Payload, "4\xff\xfe\xfd", {200}, false, StaysOpen);
    row("NUL bytes in a message", Kind::Payload, QByteArray("4\0\0\0", 4), {200}, false, StaysOpen);
    row("unit separator is not a record separator", Kind::Payload,
        "4a\x1f"
        "4b",
        {200}, false, StaysOpen);
    row("CRLF is not a record separator", Kind::Payload, "4a\r\n4b", {200}, false, StaysOpen);
    row("close packet inside a payload", Kind::Payload,
        "4a\x1e"
        "1\x1e"
        "4b",
        {200}, false, transportClose);

    // --- WebSocket frames (after the open packet of a WebSocket-only session) ---------------
    row("ws: unknown packet type", Kind::WebSocket, text("9x"), {}, false, parseError);
    row("ws: empty text frame", Kind::WebSocket, text(""), {}, false, parseError);
    row("ws: ping from the client", Kind::WebSocket, text("2"), {}, false, transportError);
    row("ws: bad base64", Kind::WebSocket, text("b@@@"), {}, false, parseError);
    row("ws: open from the client", Kind::WebSocket, text("0{}"), {}, false, StaysOpen);
    row("ws: noop from the client", Kind::WebSocket, text("6"), {}, false, StaysOpen);
    // Spec "Packet types": close "indicate[s] that a transport can be closed".
    row("ws: close packet", Kind::WebSocket, text("1"), {}, false, transportClose);
    row("ws: binary frame over the limit", Kind::WebSocket, frame(0x2, QByteArray(1001, 'z')), {},
        true, transportError);
    row("ws: fragmented text over the limit", Kind::WebSocket,
        frame(0x1, "4" + QByteArray(599, 'f'), false) + frame(0x0, QByteArray(600, 'g')), {}, true,
        transportError);
    // Protocol violations (RFC 6455 §5): the WebSocket fails. Node's ws reports them as errors,
    // so the session ends with "transport error".
    row("ws: reserved opcode 0x3", Kind::WebSocket, frame(0x3, "4x"), {}, true, transportError);
    row("ws: reserved control opcode 0xB", Kind::WebSocket, frame(0xB, "x"), {}, true,
        transportError);
    row("ws: unmasked client frame", Kind::WebSocket, frame(0x1, "4x", true, false), {}, true,
        transportError);
    row("ws: RSV1 without an extension", Kind::WebSocket, frame(0x1, "4x", true, true, 4), {}, true,
        transportError);
    row("ws: invalid UTF-8 in a text frame", Kind::WebSocket, text("4\xff\xfe"), {}, true,
        transportError);
    row("ws: continuation without a start", Kind::WebSocket, frame(0x0, "4x"), {}, true,
        transportError);
    row("ws: ping control frame of 126 bytes", Kind::WebSocket, frame(0x9, QByteArray(126, 'p')),
        {}, true, transportError);
    row("ws: fragmented ping", Kind::WebSocket, frame(0x9, "p", false), {}, true, transportError);
    row("ws: orderly close", Kind::WebSocket, frame(0x8, QByteArray("\x03\xe8", 2)), {}, true,
        transportClose);

    // --- upgrade requests that are not WebSocket handshakes ----------------------------------
    const QByteArray wsTarget = EngineFixture::target("EIO=4&transport=websocket");
    const QByteArray upgradeHead = "GET " + wsTarget
        + " HTTP/1.1\r\nHost: 127.0.0.1\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n";
    row("upgrade without Sec-WebSocket-Key", Kind::Upgrade,
        upgradeHead + "Sec-WebSocket-Version: 13\r\n\r\n", {400}, true, NoSession);
    // RFC 6455 §4.4: "an appropriate HTTP error code (such as 426 Upgrade Required)".
    row("upgrade with Sec-WebSocket-Version 99", Kind::Upgrade,
        upgradeHead
            + "Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\nSec-WebSocket-Version: 99\r\n\r\n",
        {400, 426}, true, NoSession);
    row("upgrade with POST", Kind::Upgrade,
        "POST " + wsTarget
            + " HTTP/1.1\r\nHost: 127.0.0.1\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n"
              "Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\nSec-WebSocket-Version: 13\r\n"
              "Content-Length: 0\r\n\r\n",
        {400}, true, NoSession);
    row("upgrade to h2c", Kind::Upgrade,
        "GET " + wsTarget
            + " HTTP/1.1\r\nHost: 127.0.0.1\r\nUpgrade: h2c\r\nConnection: Upgrade\r\n\r\n",
        {400}, true, NoSession);
}

void TestEngineBadInput::badInput()
{
    QFETCH(Kind, kind);
    QFETCH(QByteArray, input);
    QFETCH(QList<int>, statuses);
    QFETCH(bool, connectionClosed);
    QFETCH(QString, closeReason);

    EngineFixture &fixture = *m_fixture;
    const qsizetype sessionsBefore = fixture.engine().sessionCount();
    QByteArray sid;

    if (kind == Kind::WebSocket) {
        RawWebSocket raw(fixture.port());
        QVERIFY(raw.handshake(EngineFixture::target("EIO=4&transport=websocket")));
        const std::optional<RawWebSocket::Frame> open = raw.nextFrame();
        QVERIFY(open && open->opcode == 0x1);
        sid = parseOpenPacket(open->payload).value(QStringLiteral("sid")).toString().toLatin1();
        QVERIFY(!sid.isEmpty());
        raw.writeRaw(input);
        if (closeReason == StaysOpen) {
            raw.sendFrame(0x1, "4after");
            const std::optional<RawWebSocket::Frame> echo = raw.nextFrame();
            QVERIFY2(echo && echo->payload == "4after",
                "the session did not echo after the row's input");
            QVERIFY(fixture.observer().closeReason(sid).isEmpty());
        } else {
            if (QByteArray(QTest::currentDataTag()) == "ws: unmasked client frame") {
                // RFC 6455 §5.1 wants the connection failed; Qt WebSockets 6.4 accepts unmasked
                // client frames and says nothing through its API, so the engine cannot see it.
                // A masked frame after it is echoed: the unmasked one has been processed by then.
                raw.sendFrame(0x1, "4after");
                static_cast<void>(raw.nextFrame());
                QEXPECT_FAIL("", "Qt WebSockets 6.4 accepts unmasked client frames", Abort);
                QCOMPARE(fixture.observer().closeReason(sid), closeReason);
            }
            waitForClose(sid);
            QCOMPARE(fixture.observer().closeReason(sid), closeReason);
            QVERIFY2(raw.waitDisconnected(), "the server kept the WebSocket connection");
        }
        if (connectionClosed)
            QVERIFY(raw.wasDisconnected());
    } else {
        if (closeReason != NoSession) {
            QString error;
            sid = fixture.pollingHandshake(nullptr, &error);
            QVERIFY2(!sid.isEmpty(), qPrintable(error));
        }
        RawHttpConnection connection(fixture.port());
        if (kind == Kind::Payload) {
            connection.sendRequest("POST", EngineFixture::target(EngineFixture::sidQuery(sid)),
                input, {{"Content-Type", "text/plain;charset=UTF-8"}});
        } else {
            connection.write(QByteArray(input).replace("$SID", sid));
        }
        const std::optional<HttpReply> reply = connection.waitReply();
        QVERIFY2(reply, QByteArray("no HTTP response: " + connection.received()).constData());
        QVERIFY2(statuses.contains(reply->status), reply->describe().constData());
        if (connectionClosed) {
            QVERIFY2(connection.waitDisconnected(), "the server kept the connection open");
        } else {
            QVERIFY2(!connection.isDisconnected(), "the server closed a connection it could keep");
        }
        if (closeReason == StaysOpen) {
            QVERIFY(fixture.engine().session(sid));
            QCOMPARE(fixture.post(EngineFixture::sidQuery(sid), "4still open").status, 200);
            // The row's own messages may come back first, in the same payload.
            const HttpReply polled = fixture.get(EngineFixture::sidQuery(sid));
            QVERIFY2(polled.body.endsWith("4still open"), polled.describe().constData());
            QVERIFY(fixture.observer().closeReason(sid).isEmpty());
        } else if (closeReason == NoSession) {
            QCOMPARE(fixture.engine().sessionCount(), sessionsBefore);
        } else if (closeReason != AnyOutcome) {
            waitForClose(sid);
            QCOMPARE(fixture.observer().closeReason(sid), closeReason);
            QVERIFY(!fixture.engine().session(sid));
        }
    }
    checkHealthy();
}

QTEST_GUILESS_MAIN(TestEngineBadInput)
#include "tst_engine_bad_input.moc"
