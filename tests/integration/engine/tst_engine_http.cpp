// Engine.IO v4 on the wire: raw HTTP requests and raw WebSockets against an in-process
// HttpServer + EngineServer with an echo application. Expected bytes are those of the spec
// (docs/engine.io-protocol/v4-current.md) and, where the spec is silent, of Node's engine.io
// (packages/engine.io/lib/server.ts, socket.ts, transports/polling.ts).

#include "engine_fixture.h"

#include "engine/session.h"

#include <QElapsedTimer>
#include <QJsonArray>
#include <QRegularExpression>
#include <QSet>
#include <QSignalSpy>
#include <QTest>

using namespace sb;
using namespace sb::test;
using namespace std::chrono_literals;

namespace {

using HeaderList = QList<std::pair<QByteArray, QByteArray>>;

const QRegularExpression SidPattern(QStringLiteral("^[A-Za-z0-9_-]{20}$"));

QByteArray errorBody(int code, const char *message)
{
    return "{\"code\":" + QByteArray::number(code) + ",\"message\":\"" + message + "\"}";
}

eio::EngineOptions options(std::function<void(eio::EngineOptions &)> adjust = {})
{
    eio::EngineOptions o;
    if (adjust)
        adjust(o);
    return o;
}

} // namespace

class TestEngineHttp : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void openPacket();
    void openPacketWithoutUpgrades();
    void sessionIdsAreUnique();
    void contentTypes();
    void queuedPacketsFlushedInOneGet();
    void refusals_data();
    void refusals();
    void transportMismatch();
    void disabledTransport();
    void otherMethodsOnASession();
    void upgradeRefusals_data();
    void upgradeRefusals();
    void allowRequestVeto();
    void allowRequestBeforeVersionCheck();
    void concurrentGet();
    void droppedGet();
    void postOverLimit();
    void postOctetStream();
    void upgrade();
    void redundantWebSockets();
    void upgradeTimeout();
    void webSocketOnly();
    void webSocketOverSize();
    void heartbeatPolling();
    void pingTimeoutWebSocket();
    void pingTimeoutPolling();
    void closePacketOverPost();
    void closePacketBeforeItsGet();
    void compression_data();
    void compression();
    void cors();
    void noCorsByDefault();

private:
    // Upgrades a polling session to the WebSocket `ws` (spec "Upgrade"), checking every step.
    void upgradeSession(EngineFixture &fixture, const QByteArray &sid, WsClient &ws);
};

#define START(fixture) QVERIFY2((fixture).listen(), qPrintable((fixture).http().errorString()))

#define HANDSHAKE(fixture, sid)                                                                    \
    QString handshakeError_##sid;                                                                  \
    const QByteArray sid = (fixture).pollingHandshake(nullptr, &handshakeError_##sid);             \
    QVERIFY2(!sid.isEmpty(), qPrintable(handshakeError_##sid))

void TestEngineHttp::openPacket()
{
    EngineFixture fixture(options([](eio::EngineOptions &o) {
        o.pingInterval = 1234ms;
        o.pingTimeout = 2345ms;
        o.maxHttpBufferSize = 54321;
    }));
    START(fixture);
    const HttpReply reply = fixture.get("EIO=4&transport=polling");
    QCOMPARE(reply.status, 200);
    QCOMPARE(reply.header("content-type"), QByteArray("text/plain; charset=UTF-8"));
    QVERIFY2(reply.body.startsWith('0'), reply.body.constData());
    QVERIFY2(!reply.body.contains('\x1e'), "the handshake response holds the open packet only");
    const QJsonObject open = parseOpenPacket(reply.body);
    QStringList keys = open.keys();
    keys.sort();
    QCOMPARE(keys,
        QStringList({QStringLiteral("maxPayload"), QStringLiteral("pingInterval"),
            QStringLiteral("pingTimeout"), QStringLiteral("sid"), QStringLiteral("upgrades")}));
    const QString sid = open.value(QStringLiteral("sid")).toString();
    QVERIFY2(SidPattern.match(sid).hasMatch(), qPrintable(sid));
    QCOMPARE(open.value(QStringLiteral("upgrades")).toArray(),
        QJsonArray({QStringLiteral("websocket")}));
    QCOMPARE(open.value(QStringLiteral("pingInterval")).toInteger(), 1234);
    QCOMPARE(open.value(QStringLiteral("pingTimeout")).toInteger(), 2345);
    QCOMPARE(open.value(QStringLiteral("maxPayload")).toInteger(), 54321);
    QCOMPARE(fixture.observer().openedIds, QList<QByteArray>({sid.toLatin1()}));
    QVERIFY(fixture.engine().session(sid.toLatin1()));
    QCOMPARE(
        fixture.engine().session(sid.toLatin1())->transportKind(), eio::TransportKind::Polling);
}

void TestEngineHttp::openPacketWithoutUpgrades()
{
    // Node's getAvailableUpgrades(): nothing to offer when upgrades are off or WebSocket is
    // disabled.
    for (const bool allowWebSocket : {true, false}) {
        EngineFixture fixture(options([&](eio::EngineOptions &o) {
            o.allowWebSocket = allowWebSocket;
            o.allowUpgrades = false;
        }));
        START(fixture);
        QJsonObject open;
        QVERIFY(!fixture.pollingHandshake(&open).isEmpty());
        QCOMPARE(open.value(QStringLiteral("upgrades")).toArray(), QJsonArray());
    }
    EngineFixture fixture(options([](eio::EngineOptions &o) { o.allowWebSocket = false; }));
    START(fixture);
    QJsonObject open;
    QVERIFY(!fixture.pollingHandshake(&open).isEmpty());
    QCOMPARE(open.value(QStringLiteral("upgrades")).toArray(), QJsonArray());
}

void TestEngineHttp::sessionIdsAreUnique()
{
    EngineFixture fixture;
    START(fixture);
    QSet<QByteArray> ids;
    for (int i = 0; i < 40; ++i) {
        HANDSHAKE(fixture, sid);
        QVERIFY2(SidPattern.match(QString::fromLatin1(sid)).hasMatch(), sid.constData());
        ids.insert(sid);
    }
    QCOMPARE(ids.size(), 40);
    QCOMPARE(fixture.engine().sessionCount(), 40);
    QSet<QByteArray> generated;
    for (int i = 0; i < 5000; ++i) {
        const QByteArray id = eio::EngineServer::generateId();
        QVERIFY2(SidPattern.match(QString::fromLatin1(id)).hasMatch(), id.constData());
        generated.insert(id);
    }
    QCOMPARE(generated.size(), 5000);
}

void TestEngineHttp::contentTypes()
{
    EngineFixture fixture;
    START(fixture);
    HANDSHAKE(fixture, sid);
    // polling.ts onDataRequest: "text/html is required instead of text/plain" (GH-43).
    const HttpReply posted = fixture.post(EngineFixture::sidQuery(sid), "4h\xc3\xa9llo");
    QCOMPARE(posted.status, 200);
    QCOMPARE(posted.header("content-type"), QByteArray("text/html"));
    QCOMPARE(posted.body, QByteArray("ok"));
    QCOMPARE(posted.header("cache-control"), QByteArray("no-store"));
    const HttpReply polled = fixture.get(EngineFixture::sidQuery(sid));
    QCOMPARE(polled.status, 200);
    QCOMPARE(polled.header("content-type"), QByteArray("text/plain; charset=UTF-8"));
    QCOMPARE(polled.header("cache-control"), QByteArray("no-store"));
    QCOMPARE(polled.body, QByteArray("4h\xc3\xa9llo"));
}

void TestEngineHttp::queuedPacketsFlushedInOneGet()
{
    EngineFixture fixture;
    START(fixture);
    HANDSHAKE(fixture, sid);
    // Spec "Packet encoding" (HTTP long-polling): records joined by \x1e, binary as 'b' + base64.
    const QByteArray payload = "4one\x1e"
                               "4two\x1e"
                               "b"
        + QByteArray("\x00\x01\x02\xff", 4).toBase64()
        + "\x1e"
          "4\x1e"
          "4three";
    QCOMPARE(fixture.post(EngineFixture::sidQuery(sid), payload).status, 200);
    QCOMPARE(fixture.post(EngineFixture::sidQuery(sid), "bAQ==").status, 200);
    const HttpReply polled = fixture.get(EngineFixture::sidQuery(sid));
    QCOMPARE(polled.status, 200);
    QCOMPARE(polled.body,
        QByteArray("4one\x1e"
                   "4two\x1e"
                   "bAAEC/w==\x1e"
                   "4\x1e"
                   "4three\x1e"
                   "bAQ=="));
}

void TestEngineHttp::refusals_data()
{
    QTest::addColumn<QByteArray>("method");
    QTest::addColumn<QByteArray>("query");
    QTest::addColumn<int>("status");
    QTest::addColumn<QByteArray>("body");

    const QByteArray unknownSid = "EIO=4&transport=polling&sid=AAAAAAAAAAAAAAAAAAAA";
    QTest::newRow("0 unknown transport")
        << QByteArray("GET") << QByteArray("EIO=4&transport=pigeon") << 400
        << errorBody(0, "Transport unknown");
    QTest::newRow("0 no transport")
        << QByteArray("GET") << QByteArray("EIO=4") << 400 << errorBody(0, "Transport unknown");
    QTest::newRow("0 webtransport over HTTP")
        << QByteArray("GET") << QByteArray("EIO=4&transport=webtransport") << 400
        << errorBody(0, "Transport unknown");
    QTest::newRow("0 transport case matters")
        << QByteArray("GET") << QByteArray("EIO=4&transport=Polling") << 400
        << errorBody(0, "Transport unknown");
    QTest::newRow("1 unknown sid GET")
        << QByteArray("GET") << unknownSid << 400 << errorBody(1, "Session ID unknown");
    QTest::newRow("1 unknown sid POST")
        << QByteArray("POST") << unknownSid << 400 << errorBody(1, "Session ID unknown");
    QTest::newRow("2 POST handshake") << QByteArray("POST") << QByteArray("EIO=4&transport=polling")
                                      << 400 << errorBody(2, "Bad handshake method");
    QTest::newRow("2 PUT handshake") << QByteArray("PUT") << QByteArray("EIO=4&transport=polling")
                                     << 400 << errorBody(2, "Bad handshake method");
    QTest::newRow("2 DELETE handshake")
        << QByteArray("DELETE") << QByteArray("EIO=4&transport=polling") << 400
        << errorBody(2, "Bad handshake method");
    QTest::newRow("3 websocket without upgrade")
        << QByteArray("GET") << QByteArray("EIO=4&transport=websocket") << 400
        << errorBody(3, "Bad request");
    QTest::newRow("5 EIO=3") << QByteArray("GET") << QByteArray("EIO=3&transport=polling") << 400
                             << errorBody(5, "Unsupported protocol version");
    QTest::newRow("5 no EIO") << QByteArray("GET") << QByteArray("transport=polling") << 400
                              << errorBody(5, "Unsupported protocol version");
    QTest::newRow("5 EIO=5") << QByteArray("GET") << QByteArray("EIO=5&transport=polling") << 400
                             << errorBody(5, "Unsupported protocol version");
}

void TestEngineHttp::refusals()
{
    QFETCH(QByteArray, method);
    QFETCH(QByteArray, query);
    QFETCH(int, status);
    QFETCH(QByteArray, body);

    EngineFixture fixture;
    START(fixture);
    QSignalSpy refused(&fixture.observer(), &RecordingObserver::refused);
    const HttpReply reply
        = fixture.request(method, query, method == "GET" ? QByteArray() : QByteArray("4x"),
            {{"Content-Type", "text/plain;charset=UTF-8"}});
    QCOMPARE(reply.status, status);
    QCOMPARE(reply.header("content-type"), QByteArray("application/json"));
    QCOMPARE(reply.body, body);
    // Every refusal reaches the observer, with the code the client saw.
    QCOMPARE(refused.size(), 1);
    QCOMPARE(fixture.observer().refusals.size(), 1);
    QCOMPARE(QByteArray::number(fixture.observer().refusals.first().code), body.mid(8, 1));
    QCOMPARE(fixture.observer().refusals.first().method, method);
    QCOMPARE(fixture.engine().sessionCount(), 0);
    QVERIFY(fixture.observer().openedIds.isEmpty());
}

void TestEngineHttp::transportMismatch()
{
    EngineFixture fixture;
    START(fixture);
    HANDSHAKE(fixture, sid);
    // A polling session asked for over WebSocket without an upgrade (server.ts:
    // TRANSPORT_MISMATCH).
    const HttpReply reply = fixture.get(EngineFixture::sidQuery(sid, "websocket"));
    QCOMPARE(reply.status, 400);
    QCOMPARE(reply.body, errorBody(3, "Bad request"));
    QCOMPARE(fixture.observer().refusals.size(), 1);
    QCOMPARE(fixture.observer().refusals.first().code, 3);
    // Node keeps the session: the refusal is about the request only.
    QVERIFY(fixture.engine().session(sid));
    QCOMPARE(fixture.post(EngineFixture::sidQuery(sid), "4still").status, 200);
    QCOMPARE(fixture.get(EngineFixture::sidQuery(sid)).body, QByteArray("4still"));
}

// Only GET and POST carry a session's data: anything else is a 405 that names them (Node: a bare
// 500), and the session goes on.
void TestEngineHttp::otherMethodsOnASession()
{
    EngineFixture fixture;
    START(fixture);
    HANDSHAKE(fixture, sid);
    for (const QByteArray &method :
        {QByteArray("PUT"), QByteArray("DELETE"), QByteArray("PATCH")}) {
        const HttpReply reply = fixture.request(
            method, EngineFixture::sidQuery(sid), "4x", {{"Content-Type", "text/plain"}});
        QCOMPARE(reply.status, 405);
        QCOMPARE(reply.header("allow"), QByteArray("GET, POST"));
    }
    QVERIFY(fixture.engine().session(sid));
    QCOMPARE(fixture.post(EngineFixture::sidQuery(sid), "4still").status, 200);
    QCOMPARE(fixture.get(EngineFixture::sidQuery(sid)).body, QByteArray("4still"));
}

void TestEngineHttp::disabledTransport()
{
    EngineFixture fixture(options([](eio::EngineOptions &o) { o.allowPolling = false; }));
    START(fixture);
    const HttpReply reply = fixture.get("EIO=4&transport=polling");
    QCOMPARE(reply.status, 400);
    QCOMPARE(reply.body, errorBody(0, "Transport unknown"));
    QCOMPARE(fixture.observer().refusals.size(), 1);
    // WebSocket still works, and offers no upgrade.
    WsClient ws;
    QJsonObject open;
    QVERIFY(!fixture.webSocketHandshake(ws, &open).isEmpty());
    QCOMPARE(open.value(QStringLiteral("upgrades")).toArray(), QJsonArray());
}

void TestEngineHttp::upgradeRefusals_data()
{
    QTest::addColumn<QByteArray>("query");
    QTest::addColumn<QByteArray>("message");
    QTest::addColumn<int>("code");
    QTest::newRow("unknown transport")
        << QByteArray("EIO=4&transport=pigeon") << QByteArray("Transport unknown") << 0;
    QTest::newRow("unknown sid") << QByteArray("EIO=4&transport=websocket&sid=AAAAAAAAAAAAAAAAAAAA")
                                 << QByteArray("Session ID unknown") << 1;
    QTest::newRow("EIO=3") << QByteArray("EIO=3&transport=websocket")
                           << QByteArray("Unsupported protocol version") << 5;
}

void TestEngineHttp::upgradeRefusals()
{
    QFETCH(QByteArray, query);
    QFETCH(QByteArray, message);
    QFETCH(int, code);
    EngineFixture fixture;
    START(fixture);
    // server.ts abortUpgrade(): always 400, the bare message as text/html, then the socket closes.
    RawWebSocket raw(fixture.port());
    QByteArray response;
    QVERIFY(!raw.handshake(EngineFixture::target(query), &response));
    QVERIFY(raw.waitDisconnected());
    QVERIFY2(response.startsWith("HTTP/1.1 400 "), response.constData());
    const qsizetype headEnd = response.indexOf("\r\n\r\n");
    QVERIFY(headEnd > 0);
    QVERIFY2(response.first(headEnd).toLower().contains("content-type: text/html"),
        response.constData());
    QCOMPARE(response.sliced(headEnd + 4), message);
    QCOMPARE(fixture.observer().refusals.size(), 1);
    QCOMPARE(fixture.observer().refusals.first().code, code);
    QCOMPARE(fixture.engine().sessionCount(), 0);
}

void TestEngineHttp::allowRequestVeto()
{
    EngineFixture fixture(options([](eio::EngineOptions &o) {
        o.allowRequest = [](const http::Request &request) -> std::optional<eio::Refusal> {
            if (request.hasHeader("x-deny"))
                return eio::Refusal{eio::ErrorCode::Forbidden, QStringLiteral("Nope, not you"), {}};
            return std::nullopt;
        };
    }));
    START(fixture);
    const HeaderList deny{{"X-Deny", "1"}};

    const HttpReply vetoed = fixture.get("EIO=4&transport=polling", deny);
    QCOMPARE(vetoed.status, 403);
    QCOMPARE(vetoed.header("content-type"), QByteArray("application/json"));
    QCOMPARE(vetoed.body, errorBody(4, "Nope, not you"));
    QCOMPARE(fixture.observer().refusals.size(), 1);
    QCOMPARE(fixture.observer().refusals.first().code, 4);
    QCOMPARE(fixture.observer().refusals.first().message, QStringLiteral("Nope, not you"));
    QCOMPARE(fixture.engine().sessionCount(), 0);

    // The same veto on a WebSocket handshake: 400 and the bare message (server.ts abortUpgrade).
    RawWebSocket raw(fixture.port());
    QByteArray response;
    QVERIFY(!raw.handshake(EngineFixture::target("EIO=4&transport=websocket"), &response, deny));
    QVERIFY2(response.startsWith("HTTP/1.1 400 "), response.constData());
    QVERIFY2(response.endsWith("\r\n\r\nNope, not you"), response.constData());
    QCOMPARE(fixture.observer().refusals.size(), 2);
    QCOMPARE(fixture.observer().refusals.last().code, 4);

    // Without the header the handshake goes through; requests of an open session are not vetted.
    HANDSHAKE(fixture, sid);
    QCOMPARE(fixture.post(EngineFixture::sidQuery(sid), "4x", {{"X-Deny", "1"}}).status, 200);
    QCOMPARE(fixture.get(EngineFixture::sidQuery(sid), deny).body, QByteArray("4x"));
    QCOMPARE(fixture.observer().refusals.size(), 2);
}

void TestEngineHttp::allowRequestBeforeVersionCheck()
{
    // Node runs allowRequest inside verify() and checks EIO only afterwards, in handshake(): a
    // vetoed EIO=3 request gets the veto (403, code 4), not "Unsupported protocol version".
    EngineFixture fixture(options([](eio::EngineOptions &o) {
        o.allowRequest = [](const http::Request &) -> std::optional<eio::Refusal> {
            return eio::Refusal{eio::ErrorCode::Forbidden, QStringLiteral("go away"), {}};
        };
    }));
    START(fixture);
    const HttpReply reply = fixture.get("EIO=3&transport=polling");
    QCOMPARE(reply.body, errorBody(4, "go away"));
    QCOMPARE(reply.status, 403);
}

void TestEngineHttp::concurrentGet()
{
    EngineFixture fixture;
    START(fixture);
    HANDSHAKE(fixture, sid);
    RawHttpConnection first(fixture.port());
    first.sendRequest("GET", EngineFixture::target(EngineFixture::sidQuery(sid)));
    QTRY_VERIFY_WITH_TIMEOUT(fixture.engine().session(sid)->isWritable(), WaitMs);
    QVERIFY(!first.hasReply());

    // polling.ts onPollRequest: "request overlap" → 400 for the newcomer, the session ends
    // ("transport error") and the first GET carries the CLOSE packet.
    const HttpReply second = fixture.get(EngineFixture::sidQuery(sid));
    QCOMPARE(second.status, 400);
    const std::optional<HttpReply> firstReply = first.waitReply();
    QVERIFY(firstReply);
    QCOMPARE(firstReply->status, 200);
    QCOMPARE(firstReply->body, QByteArray("1"));
    QTRY_COMPARE_WITH_TIMEOUT(
        fixture.observer().closeReason(sid), QStringLiteral("transport error"), WaitMs);
    QVERIFY(!fixture.engine().session(sid));
    QCOMPARE(fixture.get(EngineFixture::sidQuery(sid)).body, errorBody(1, "Session ID unknown"));
}

void TestEngineHttp::droppedGet()
{
    EngineFixture fixture;
    START(fixture);
    HANDSHAKE(fixture, sid);
    QSignalSpy closed(&fixture.observer(), &RecordingObserver::closed);
    auto poll = std::make_unique<RawHttpConnection>(fixture.port());
    poll->sendRequest("GET", EngineFixture::target(EngineFixture::sidQuery(sid)));
    QTRY_VERIFY_WITH_TIMEOUT(fixture.engine().session(sid)->isWritable(), WaitMs);
    QVERIFY(closed.isEmpty());
    // "poll connection closed prematurely" → transport error.
    poll->abort();
    QVERIFY(closed.wait(WaitMs));
    QCOMPARE(closed.first().at(0).toByteArray(), sid);
    QCOMPARE(closed.first().at(1).toString(), QStringLiteral("transport error"));
}

void TestEngineHttp::postOverLimit()
{
    EngineFixture fixture(options([](eio::EngineOptions &o) { o.maxHttpBufferSize = 1000; }));
    START(fixture);
    HANDSHAKE(fixture, sid);
    // The limit is the POST body as sent: exactly 1000 bytes fit.
    const QByteArray fits = "4" + QByteArray(999, 'a');
    QCOMPARE(fixture.post(EngineFixture::sidQuery(sid), fits).status, 200);
    QCOMPARE(fixture.get(EngineFixture::sidQuery(sid)).body, fits);

    const HttpReply over = fixture.post(EngineFixture::sidQuery(sid), fits + 'a');
    QCOMPARE(over.status, 413);
    // Chunked (Node's http client without Content-Length): counted as it arrives.
    RawHttpConnection chunked(fixture.port());
    const QByteArray body = fits + 'b';
    chunked.sendRequest("POST", EngineFixture::target(EngineFixture::sidQuery(sid)),
        QByteArray::number(body.size(), 16) + "\r\n" + body + "\r\n0\r\n\r\n",
        {{"Transfer-Encoding", "chunked"}, {"Content-Type", "text/plain;charset=UTF-8"}});
    const std::optional<HttpReply> chunkedReply = chunked.waitReply();
    QVERIFY(chunkedReply);
    QCOMPARE(chunkedReply->status, 413);
    // As in Node, the 413 answers the request; the session itself goes on.
    QVERIFY(fixture.engine().session(sid));
    QCOMPARE(fixture.post(EngineFixture::sidQuery(sid), "4small").status, 200);
    QCOMPARE(fixture.get(EngineFixture::sidQuery(sid)).body, QByteArray("4small"));
}

void TestEngineHttp::postOctetStream()
{
    EngineFixture fixture;
    START(fixture);
    HANDSHAKE(fixture, sid);
    // polling.ts: "invalid content" — v4 sends binary as base64 text, never as octet-stream.
    const HttpReply reply = fixture.post(
        EngineFixture::sidQuery(sid), "4abc", {{"Content-Type", "application/octet-stream"}});
    QCOMPARE(reply.status, 400);
    QTRY_COMPARE_WITH_TIMEOUT(
        fixture.observer().closeReason(sid), QStringLiteral("transport error"), WaitMs);
}

void TestEngineHttp::upgradeSession(EngineFixture &fixture, const QByteArray &sid, WsClient &ws)
{
    RawHttpConnection poll(fixture.port());
    poll.sendRequest("GET", EngineFixture::target(EngineFixture::sidQuery(sid)));
    QTRY_VERIFY_WITH_TIMEOUT(fixture.engine().session(sid)->isWritable(), WaitMs);

    QVERIFY(ws.open(fixture.webSocketUrl(EngineFixture::sidQuery(sid, "websocket"))));
    QTRY_VERIFY_WITH_TIMEOUT(fixture.engine().session(sid)->isUpgrading(), WaitMs);
    ws.sendText("2probe");
    QCOMPARE(ws.nextText().value_or("<no text message>"), QByteArray("3probe"));
    // The pending GET is released with a NOOP so that the client can pause polling.
    const std::optional<HttpReply> released = poll.waitReply();
    QVERIFY(released);
    QCOMPARE(released->status, 200);
    QCOMPARE(released->body, QByteArray("6"));
    QSignalSpy upgraded(&fixture.observer(), &RecordingObserver::upgraded);
    ws.sendText("5");
    QVERIFY(upgraded.wait(WaitMs));
    QCOMPARE(upgraded.first().at(0).toByteArray(), sid);
    QVERIFY(fixture.engine().session(sid)->isUpgraded());
    QCOMPARE(fixture.engine().session(sid)->transportKind(), eio::TransportKind::WebSocket);
}

void TestEngineHttp::upgrade()
{
    EngineFixture fixture;
    START(fixture);
    HANDSHAKE(fixture, sid);
    WsClient ws;
    upgradeSession(fixture, sid, ws);
    if (QTest::currentTestFailed())
        return;
    ws.sendText("4after the upgrade");
    QCOMPARE(ws.nextText().value_or("<no text message>"), QByteArray("4after the upgrade"));
    ws.sendBinary(QByteArray("\x00\xff", 2));
    const std::optional<WsClient::Message> binary = ws.next();
    QVERIFY(binary && binary->binary);
    QCOMPARE(binary->data, QByteArray("\x00\xff", 2));

    // Polling is over for this session (server.ts verify: TRANSPORT_MISMATCH).
    const HttpReply get = fixture.get(EngineFixture::sidQuery(sid));
    QCOMPARE(get.status, 400);
    QCOMPARE(get.body, errorBody(3, "Bad request"));
    const HttpReply post = fixture.post(EngineFixture::sidQuery(sid), "4x");
    QCOMPARE(post.status, 400);
    QCOMPARE(post.body, errorBody(3, "Bad request"));
    QVERIFY(fixture.engine().session(sid));
    QVERIFY(fixture.observer().closeReason(sid).isEmpty());
    ws.sendText("4still there");
    QCOMPARE(ws.nextText().value_or("<no text message>"), QByteArray("4still there"));
}

void TestEngineHttp::redundantWebSockets()
{
    EngineFixture fixture;
    START(fixture);
    HANDSHAKE(fixture, sid);
    WsClient probe;
    QVERIFY(probe.open(fixture.webSocketUrl(EngineFixture::sidQuery(sid, "websocket"))));
    QTRY_VERIFY_WITH_TIMEOUT(fixture.engine().session(sid)->isUpgrading(), WaitMs);
    // server.ts onWebSocket: "transport has already been trying to upgrade" → accepted, closed.
    WsClient duringProbe;
    QVERIFY(duringProbe.open(fixture.webSocketUrl(EngineFixture::sidQuery(sid, "websocket"))));
    QVERIFY(duringProbe.waitDisconnected());
    QVERIFY(probe.isConnected());
    probe.sendText("2probe");
    QCOMPARE(probe.nextText().value_or("<no text message>"), QByteArray("3probe"));
    probe.sendText("5");
    QTRY_VERIFY_WITH_TIMEOUT(fixture.engine().session(sid)->isUpgraded(), WaitMs);

    // "transport had already been upgraded" → accepted, closed; the session is unharmed.
    WsClient afterUpgrade;
    QVERIFY(afterUpgrade.open(fixture.webSocketUrl(EngineFixture::sidQuery(sid, "websocket"))));
    QVERIFY(afterUpgrade.waitDisconnected());
    QVERIFY(probe.isConnected());
    probe.sendText("4ok");
    QCOMPARE(probe.nextText().value_or("<no text message>"), QByteArray("4ok"));
    QVERIFY(fixture.observer().closeReason(sid).isEmpty());
    QCOMPARE(fixture.engine().sessionCount(), 1);
}

void TestEngineHttp::upgradeTimeout()
{
    EngineFixture fixture(options([](eio::EngineOptions &o) { o.upgradeTimeout = 300ms; }));
    START(fixture);
    HANDSHAKE(fixture, sid);
    QElapsedTimer elapsed;
    elapsed.start();
    WsClient stalled;
    QVERIFY(stalled.open(fixture.webSocketUrl(EngineFixture::sidQuery(sid, "websocket"))));
    stalled.sendText("2probe");
    QCOMPARE(stalled.nextText().value_or("<no text message>"), QByteArray("3probe"));
    // No "5": the server gives up on the probe after upgradeTimeout and closes it.
    QVERIFY(stalled.waitDisconnected());
    QVERIFY2(elapsed.elapsed() >= 290, qPrintable(QString::number(elapsed.elapsed())));
    QVERIFY(!fixture.engine().session(sid)->isUpgrading());
    QCOMPARE(fixture.engine().session(sid)->transportKind(), eio::TransportKind::Polling);
    // The session goes on over polling.
    QCOMPARE(fixture.post(EngineFixture::sidQuery(sid), "4poll on").status, 200);
    QCOMPARE(fixture.get(EngineFixture::sidQuery(sid)).body, QByteArray("4poll on"));
    QVERIFY(fixture.observer().closeReason(sid).isEmpty());
}

void TestEngineHttp::webSocketOnly()
{
    EngineFixture fixture(options([](eio::EngineOptions &o) {
        o.pingInterval = 5000ms;
        o.maxHttpBufferSize = 4096;
    }));
    START(fixture);
    WsClient ws;
    QJsonObject open;
    const QByteArray sid = fixture.webSocketHandshake(ws, &open);
    QVERIFY2(SidPattern.match(QString::fromLatin1(sid)).hasMatch(), sid.constData());
    QStringList keys = open.keys();
    keys.sort();
    QCOMPARE(keys,
        QStringList({QStringLiteral("maxPayload"), QStringLiteral("pingInterval"),
            QStringLiteral("pingTimeout"), QStringLiteral("sid"), QStringLiteral("upgrades")}));
    QCOMPARE(open.value(QStringLiteral("upgrades")).toArray(), QJsonArray());
    QCOMPARE(open.value(QStringLiteral("pingInterval")).toInteger(), 5000);
    QCOMPARE(open.value(QStringLiteral("maxPayload")).toInteger(), 4096);
    QCOMPARE(fixture.observer().openedIds, QList<QByteArray>({sid}));
    QCOMPARE(fixture.engine().session(sid)->transportKind(), eio::TransportKind::WebSocket);

    // Text stays text, binary stays binary (a binary frame carries no type digit).
    ws.sendText("4h\xc3\xa9llo \xf0\x9f\x98\x80");
    QCOMPARE(
        ws.nextText().value_or("<no text message>"), QByteArray("4h\xc3\xa9llo \xf0\x9f\x98\x80"));
    const QByteArray bytes("\x34\x00\x1e\xff", 4);
    ws.sendBinary(bytes);
    std::optional<WsClient::Message> echoed = ws.next();
    QVERIFY(echoed && echoed->binary);
    QCOMPARE(echoed->data, bytes);
    ws.sendText("4");
    QCOMPARE(ws.nextText().value_or("<no text message>"), QByteArray("4"));
    // A polling request for a WebSocket session: transport mismatch.
    QCOMPARE(fixture.get(EngineFixture::sidQuery(sid)).body, errorBody(3, "Bad request"));
    QVERIFY(ws.isConnected());
    // The client's close ends the session with "transport close".
    ws.socket().close();
    QTRY_COMPARE_WITH_TIMEOUT(
        fixture.observer().closeReason(sid), QStringLiteral("transport close"), WaitMs);
}

void TestEngineHttp::webSocketOverSize()
{
    EngineFixture fixture(options([](eio::EngineOptions &o) { o.maxHttpBufferSize = 1000; }));
    START(fixture);
    {
        WsClient ws;
        const QByteArray sid = fixture.webSocketHandshake(ws);
        QVERIFY(!sid.isEmpty());
        // The limit is the frame as sent: "4" + 999 characters and a 1000-byte binary fit.
        const QByteArray text = "4" + QByteArray(999, 'x');
        ws.sendText(text);
        QCOMPARE(ws.nextText().value_or("<no text message>"), QByteArray(text));
        ws.sendBinary(QByteArray(1000, '\x01'));
        const std::optional<WsClient::Message> binary = ws.next();
        QVERIFY(binary && binary->binary && binary->data.size() == 1000);
        ws.sendText(text + 'x');
        QVERIFY(ws.waitDisconnected());
        QCOMPARE(ws.closeCode(), QWebSocketProtocol::CloseCodeTooMuchData);
        QTRY_COMPARE_WITH_TIMEOUT(
            fixture.observer().closeReason(sid), QStringLiteral("transport error"), WaitMs);
        QVERIFY(!fixture.engine().session(sid));
    }
    {
        WsClient ws;
        const QByteArray sid = fixture.webSocketHandshake(ws);
        QVERIFY(!sid.isEmpty());
        ws.sendBinary(QByteArray(1001, '\x02'));
        QVERIFY(ws.waitDisconnected());
        QCOMPARE(ws.closeCode(), QWebSocketProtocol::CloseCodeTooMuchData);
        QTRY_COMPARE_WITH_TIMEOUT(
            fixture.observer().closeReason(sid), QStringLiteral("transport error"), WaitMs);
    }
}

void TestEngineHttp::heartbeatPolling()
{
    EngineFixture fixture(options([](eio::EngineOptions &o) {
        o.pingInterval = 300ms;
        o.pingTimeout = 10'000ms;
    }));
    START(fixture);
    QElapsedTimer sinceOpen;
    sinceOpen.start();
    HANDSHAKE(fixture, sid);
    // Spec "Heartbeat": the server pings every pingInterval; the client answers with a pong.
    for (int i = 0; i < 3; ++i) {
        const HttpReply ping = fixture.get(EngineFixture::sidQuery(sid));
        QCOMPARE(ping.body, QByteArray("2"));
        // Timers never fire early: the ping comes pingInterval after the open or the last pong.
        QVERIFY2(sinceOpen.elapsed() >= 290, qPrintable(QString::number(sinceOpen.elapsed())));
        sinceOpen.restart();
        QCOMPARE(fixture.post(EngineFixture::sidQuery(sid), "3").body, QByteArray("ok"));
    }
    QVERIFY(fixture.engine().session(sid));
    QVERIFY(fixture.observer().closeReason(sid).isEmpty());
}

void TestEngineHttp::pingTimeoutWebSocket()
{
    EngineFixture fixture(options([](eio::EngineOptions &o) {
        o.pingInterval = 300ms;
        o.pingTimeout = 600ms;
    }));
    START(fixture);
    WsClient ws;
    const QByteArray sid = fixture.webSocketHandshake(ws);
    QVERIFY(!sid.isEmpty());
    // A pong within the timeout keeps the session.
    QCOMPARE(ws.nextText().value_or("<no text message>"), QByteArray("2"));
    ws.sendText("3");
    QElapsedTimer sincePong;
    sincePong.start();
    // The next ping comes pingInterval after the pong; this time nobody answers.
    QCOMPARE(ws.nextText().value_or("<no text message>"), QByteArray("2"));
    QVERIFY2(sincePong.elapsed() >= 290, qPrintable(QString::number(sincePong.elapsed())));
    QVERIFY(ws.waitDisconnected());
    // The timeout runs from the ping, which the server queued pingInterval after it got the pong:
    // never before pingInterval + pingTimeout after the pong was sent. (A clock started when the
    // ping arrives would start late by the delivery time, and is no lower bound.)
    QVERIFY2(sincePong.elapsed() >= 890, qPrintable(QString::number(sincePong.elapsed())));
    QTRY_COMPARE_WITH_TIMEOUT(
        fixture.observer().closeReason(sid), QStringLiteral("ping timeout"), WaitMs);
    QCOMPARE(ws.pending(), 0); // no second ping while waiting for the pong
}

void TestEngineHttp::pingTimeoutPolling()
{
    EngineFixture fixture(options([](eio::EngineOptions &o) {
        o.pingInterval = 300ms;
        o.pingTimeout = 600ms;
    }));
    START(fixture);
    // Started before the session exists: its ping is queued pingInterval after the open, and the
    // timeout runs from there, so nothing may close before pingInterval + pingTimeout from here.
    QElapsedTimer sinceStart;
    sinceStart.start();
    HANDSHAKE(fixture, sid);
    QCOMPARE(fixture.get(EngineFixture::sidQuery(sid)).body, QByteArray("2"));
    // No pong; the next GET waits and is answered with the CLOSE packet at the timeout.
    const HttpReply closing = fixture.get(EngineFixture::sidQuery(sid));
    QCOMPARE(closing.body, QByteArray("1"));
    QVERIFY2(sinceStart.elapsed() >= 890, qPrintable(QString::number(sinceStart.elapsed())));
    QCOMPARE(fixture.observer().closeReason(sid), QStringLiteral("ping timeout"));
}

void TestEngineHttp::closePacketOverPost()
{
    EngineFixture fixture;
    START(fixture);
    HANDSHAKE(fixture, sid);
    RawHttpConnection poll(fixture.port());
    poll.sendRequest("GET", EngineFixture::target(EngineFixture::sidQuery(sid)));
    QTRY_VERIFY_WITH_TIMEOUT(fixture.engine().session(sid)->isWritable(), WaitMs);
    const HttpReply posted = fixture.post(EngineFixture::sidQuery(sid), "1");
    QCOMPARE(posted.status, 200);
    QCOMPARE(posted.body, QByteArray("ok"));
    // polling.ts onClose(): a pending GET is released with a NOOP.
    const std::optional<HttpReply> released = poll.waitReply();
    QVERIFY(released);
    QCOMPARE(released->body, QByteArray("6"));
    QTRY_COMPARE_WITH_TIMEOUT(
        fixture.observer().closeReason(sid), QStringLiteral("transport close"), WaitMs);
    QCOMPARE(fixture.get(EngineFixture::sidQuery(sid)).body, errorBody(1, "Session ID unknown"));
}

// The same two requests read the other way round: the POST with CLOSE first, its GET (sent at
// the same moment) a little later. The GET gets what it would have got the other way, the noop;
// the next GET learns the session is gone. (The official suite's "forcefully closes the session".)
void TestEngineHttp::closePacketBeforeItsGet()
{
    EngineFixture fixture;
    START(fixture);
    HANDSHAKE(fixture, sid);
    const HttpReply posted = fixture.post(EngineFixture::sidQuery(sid), "1");
    QCOMPARE(posted.status, 200);
    QTRY_COMPARE_WITH_TIMEOUT(
        fixture.observer().closeReason(sid), QStringLiteral("transport close"), WaitMs);
    QVERIFY(!fixture.engine().session(sid));
    const HttpReply late = fixture.get(EngineFixture::sidQuery(sid));
    QCOMPARE(late.status, 200);
    QCOMPARE(late.body, QByteArray("6"));
    QCOMPARE(fixture.get(EngineFixture::sidQuery(sid)).body, errorBody(1, "Session ID unknown"));
    // Only a GET is forgiven, only over polling, and only for a session its client closed.
    HANDSHAKE(fixture, other);
    QCOMPARE(fixture.post(EngineFixture::sidQuery(other), "1").status, 200);
    QTRY_VERIFY_WITH_TIMEOUT(!fixture.engine().session(other), WaitMs);
    QCOMPARE(fixture.post(EngineFixture::sidQuery(other), "4x").status, 400);
    QCOMPARE(fixture.get(EngineFixture::sidQuery(other)).body, QByteArray("6"));
    QCOMPARE(fixture.get(EngineFixture::sidQuery("AAAAAAAAAAAAAAAAAAAA")).status, 400);
}

void TestEngineHttp::compression_data()
{
    QTest::addColumn<bool>("enabled");
    QTest::addColumn<QByteArray>("acceptEncoding");
    QTest::addColumn<int>("payloadSize");
    QTest::addColumn<QByteArray>("expectedCoding");

    QTest::newRow("gzip, 4 KiB") << true << QByteArray("gzip") << 4096 << QByteArray("gzip");
    QTest::newRow("gzip, deflate")
        << true << QByteArray("gzip, deflate, br") << 4096 << QByteArray("gzip");
    QTest::newRow("deflate only") << true << QByteArray("deflate") << 4096 << QByteArray("deflate");
    // Node's threshold: 1 KiB (len < threshold is sent as is).
    QTest::newRow("exactly 1 KiB") << true << QByteArray("gzip") << 1024 << QByteArray("gzip");
    QTest::newRow("below 1 KiB") << true << QByteArray("gzip") << 1023 << QByteArray();
    QTest::newRow("no Accept-Encoding") << true << QByteArray() << 4096 << QByteArray();
    QTest::newRow("identity only") << true << QByteArray("identity") << 4096 << QByteArray();
    QTest::newRow("compression off") << false << QByteArray("gzip") << 4096 << QByteArray();
}

void TestEngineHttp::compression()
{
    QFETCH(bool, enabled);
    QFETCH(QByteArray, acceptEncoding);
    QFETCH(int, payloadSize);
    QFETCH(QByteArray, expectedCoding);

    EngineFixture fixture(options([&](eio::EngineOptions &o) { o.httpCompression = enabled; }));
    START(fixture);
    HANDSHAKE(fixture, sid);
    QByteArray payload = "4";
    for (int i = 1; i < payloadSize; ++i)
        payload += char('a' + (i * 7) % 26);
    QCOMPARE(fixture.post(EngineFixture::sidQuery(sid), payload).status, 200);
    HeaderList headers;
    if (!acceptEncoding.isNull())
        headers.append({"Accept-Encoding", acceptEncoding});
    const HttpReply reply = fixture.get(EngineFixture::sidQuery(sid), headers);
    QCOMPARE(reply.status, 200);
    QCOMPARE(reply.header("content-encoding"), expectedCoding);
    QCOMPARE(reply.header("content-type"), QByteArray("text/plain; charset=UTF-8"));
    if (expectedCoding.isNull()) {
        QCOMPARE(reply.body, payload);
        return;
    }
    QVERIFY(reply.body.size() < payload.size());
    const std::optional<QByteArray> inflated = inflateBody(reply.body, expectedCoding);
    QVERIFY(inflated);
    QCOMPARE(*inflated, payload);
}

void TestEngineHttp::cors()
{
    http::ServerOptions httpOptions;
    httpOptions.corsOrigins = {QStringLiteral("https://app.example")};
    EngineFixture fixture({}, httpOptions);
    START(fixture);
    const HeaderList allowed{{"Origin", "https://app.example"}};

    const HttpReply handshake = fixture.get("EIO=4&transport=polling", allowed);
    QCOMPARE(handshake.status, 200);
    QCOMPARE(handshake.header("access-control-allow-origin"), QByteArray("https://app.example"));
    QCOMPARE(handshake.header("access-control-allow-credentials"), QByteArray("true"));
    const QByteArray sid
        = parseOpenPacket(handshake.body).value(QStringLiteral("sid")).toString().toLatin1();
    QVERIFY(!sid.isEmpty());
    const HttpReply posted = fixture.post(EngineFixture::sidQuery(sid), "4x",
        {{"Origin", "https://app.example"}, {"Content-Type", "text/plain;charset=UTF-8"}});
    QCOMPARE(posted.header("access-control-allow-origin"), QByteArray("https://app.example"));
    // Error answers carry them too, so the page can read the error.
    const HttpReply refused = fixture.get("EIO=4&transport=pigeon", allowed);
    QCOMPARE(refused.status, 400);
    QCOMPARE(refused.header("access-control-allow-origin"), QByteArray("https://app.example"));

    // Preflight of the POST.
    const HttpReply preflight = fixture.request("OPTIONS", EngineFixture::sidQuery(sid), {},
        {{"Origin", "https://app.example"}, {"Access-Control-Request-Method", "POST"},
            {"Access-Control-Request-Headers", "content-type"}});
    QVERIFY2(preflight.status == 204 || preflight.status == 200, preflight.describe().constData());
    QCOMPARE(preflight.header("access-control-allow-origin"), QByteArray("https://app.example"));
    QVERIFY(preflight.header("access-control-allow-methods").contains("POST"));
    QVERIFY(preflight.header("access-control-allow-headers").toLower().contains("content-type"));

    // Another origin gets no permission.
    const HttpReply other
        = fixture.get("EIO=4&transport=polling", {{"Origin", "https://evil.example"}});
    QVERIFY(!other.hasHeader("access-control-allow-origin"));
}

void TestEngineHttp::noCorsByDefault()
{
    EngineFixture fixture;
    START(fixture);
    const HttpReply handshake
        = fixture.get("EIO=4&transport=polling", {{"Origin", "https://app.example"}});
    QCOMPARE(handshake.status, 200);
    QVERIFY(!handshake.hasHeader("access-control-allow-origin"));
}

QTEST_GUILESS_MAIN(TestEngineHttp)
#include "tst_engine_http.moc"
