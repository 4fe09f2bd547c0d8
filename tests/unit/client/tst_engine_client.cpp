// The Engine.IO client state machine on fake transports: handshake, upgrade probe, heartbeat,
// write batching within maxPayload, close, and every malformed server input.

#include "fake_client_transport.h"

#include "client/engine_client.h"

#include <QRandomGenerator>
#include <QSignalSpy>
#include <QTest>

using namespace sb;
using namespace sb::client;
using sb::test::FakeClientTransport;
using sb::test::FakeTransports;

namespace {

constexpr int Generous = 20'000;

const QByteArray GoodHandshake
    = R"({"sid":"s1","upgrades":["websocket"],"pingInterval":25000,"pingTimeout":20000,"maxPayload":1000000})";

EngineClientOptions options(
    QStringList transports = {QStringLiteral("polling"), QStringLiteral("websocket")})
{
    EngineClientOptions options;
    options.target.url = QUrl(QStringLiteral("http://127.0.0.1:1"));
    options.transports = std::move(transports);
    return options;
}

struct Fixture
{
    explicit Fixture(EngineClientOptions o = options())
        : engine(std::move(o))
    {
        engine.setTransportFactory(transports.factory());
    }
    FakeTransports transports;
    EngineClient engine;
    QSignalSpy opened{&engine, &EngineClient::opened};
    QSignalSpy closed{&engine, &EngineClient::closed};
    QSignalSpy errors{&engine, &EngineClient::errorOccurred};
    QSignalSpy messages{&engine, &EngineClient::messageReceived};

    QString closeReason() const
    {
        return closed.isEmpty() ? QString() : closed.last().at(0).toString();
    }
};

} // namespace

class TestEngineClient : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void handshakeOverPolling();
    void upgradeToWebSocket();
    void writesWaitForTheUpgrade();
    void probeRefused();
    void probeTransportFails();
    void noUpgradeWhenDisabled();
    void websocketOnly();
    void answersPings();
    void pingTimeout();
    void messagesBothWays();
    void batchesWithinMaxPayload();
    void oneWriteAtATime();
    void closeFlushesFirst();
    void serverCloses();
    void transportCloses();
    void malformedHandshake_data();
    void malformedHandshake();
    void badPackets_data();
    void badPackets();
    void transportFailure();
    void unknownTransport();
    void noTransports();
    void mutatedHandshakes();
};

void TestEngineClient::handshakeOverPolling()
{
    Fixture f;
    f.engine.open();
    QCOMPARE(f.engine.state(), EngineClient::State::Opening);
    QCOMPARE(f.transports.made.size(), 1);
    FakeClientTransport *polling = f.transports.last();
    QCOMPARE(polling->name(), QStringLiteral("polling"));
    QVERIFY(polling->opened);
    QVERIFY(polling->sessionId().isEmpty());
    polling->receiveHandshake(GoodHandshake);
    QCOMPARE(f.opened.size(), 1);
    QCOMPARE(f.engine.state(), EngineClient::State::Open);
    QCOMPARE(f.engine.sessionId(), QByteArray("s1"));
    QCOMPARE(polling->sessionId(), QByteArray("s1"));
    QCOMPARE(f.engine.handshake().pingInterval, std::chrono::milliseconds(25000));
    QCOMPARE(f.engine.handshake().pingTimeout, std::chrono::milliseconds(20000));
    QCOMPARE(f.engine.handshake().maxPayload, 1000000);
    QCOMPARE(f.engine.transportName(), QStringLiteral("polling"));
}

void TestEngineClient::upgradeToWebSocket()
{
    Fixture f;
    QSignalSpy upgraded(&f.engine, &EngineClient::upgraded);
    f.engine.open();
    FakeClientTransport *polling = f.transports.last();
    polling->receiveHandshake(GoodHandshake);
    QCOMPARE(f.transports.made.size(), 2);
    FakeClientTransport *ws = f.transports.last();
    QCOMPARE(ws->name(), QStringLiteral("websocket"));
    QCOMPARE(ws->sessionId(), QByteArray("s1"));
    QVERIFY(ws->opened);
    ws->serverAccepts();
    QCOMPARE(ws->sentTexts(), QList<QByteArray>{"2probe"});
    polling->autoPause = false;
    ws->receive(eio::Packet::of(eio::PacketType::Pong, "probe"));
    QVERIFY(f.engine.isUpgrading());
    QCOMPARE(polling->state(), Transport::State::Pausing);
    QCOMPARE(upgraded.size(), 0);
    polling->finishPause();
    QCOMPARE(upgraded.size(), 1);
    QCOMPARE(ws->sentTexts(), (QList<QByteArray>{"2probe", "5"}));
    QCOMPARE(f.engine.transportName(), QStringLiteral("websocket"));
    // The polling transport is let go without closing the session.
    QVERIFY(!polling || !polling->closedByClient);
    QCOMPARE(f.engine.state(), EngineClient::State::Open);
    ws->receiveText("hello");
    QCOMPARE(f.messages.size(), 1);
}

void TestEngineClient::writesWaitForTheUpgrade()
{
    Fixture f;
    f.engine.open();
    FakeClientTransport *polling = f.transports.last();
    polling->receiveHandshake(GoodHandshake);
    FakeClientTransport *ws = f.transports.last();
    ws->serverAccepts();
    polling->autoPause = false;
    ws->receive(eio::Packet::of(eio::PacketType::Pong, "probe"));
    f.engine.sendText("a");
    f.engine.sendText("b");
    QVERIFY(polling->sent.isEmpty());
    polling->finishPause();
    QCOMPARE(ws->sentTexts(), (QList<QByteArray>{"2probe", "5", "4a", "4b"}));
}

void TestEngineClient::probeRefused()
{
    Fixture f;
    QSignalSpy failed(&f.engine, &EngineClient::upgradeFailed);
    f.engine.open();
    FakeClientTransport *polling = f.transports.last();
    polling->receiveHandshake(GoodHandshake);
    FakeClientTransport *ws = f.transports.last();
    ws->serverAccepts();
    ws->receive(eio::Packet::of(eio::PacketType::Pong, "nope"));
    QCOMPARE(failed.size(), 1);
    QCOMPARE(failed.first().first().toString(), QStringLiteral("probe error"));
    QCOMPARE(f.engine.state(), EngineClient::State::Open);
    QCOMPARE(f.engine.transportName(), QStringLiteral("polling"));
    f.engine.sendText("still");
    QCOMPARE(polling->sentTexts(), QList<QByteArray>{"4still"});
}

void TestEngineClient::probeTransportFails()
{
    Fixture f;
    QSignalSpy failed(&f.engine, &EngineClient::upgradeFailed);
    f.engine.open();
    f.transports.last()->receiveHandshake(GoodHandshake);
    f.transports.last()->fail(QStringLiteral("websocket error: refused"));
    QCOMPARE(failed.size(), 1);
    QVERIFY(failed.first().first().toString().contains(QStringLiteral("refused")));
    QCOMPARE(f.engine.state(), EngineClient::State::Open);
    QCOMPARE(f.closed.size(), 0);
}

void TestEngineClient::noUpgradeWhenDisabled()
{
    EngineClientOptions o = options();
    o.upgrade = false;
    Fixture f(o);
    f.engine.open();
    f.transports.last()->receiveHandshake(GoodHandshake);
    QCOMPARE(f.transports.made.size(), 1);
    // Nor to a transport the client was not allowed.
    Fixture g(options({QStringLiteral("polling")}));
    g.engine.open();
    g.transports.last()->receiveHandshake(GoodHandshake);
    QCOMPARE(g.transports.made.size(), 1);
}

void TestEngineClient::websocketOnly()
{
    Fixture f(options({QStringLiteral("websocket")}));
    f.engine.open();
    FakeClientTransport *ws = f.transports.last();
    QCOMPARE(ws->name(), QStringLiteral("websocket"));
    ws->serverAccepts();
    QCOMPARE(f.opened.size(), 0);
    ws->receive(eio::Packet::of(eio::PacketType::Open,
        R"({"sid":"w","upgrades":[],"pingInterval":100,"pingTimeout":100})"));
    QCOMPARE(f.opened.size(), 1);
    QCOMPARE(f.transports.made.size(), 1);
    QCOMPARE(f.engine.handshake().maxPayload, 0);
}

void TestEngineClient::answersPings()
{
    Fixture f;
    QSignalSpy pinged(&f.engine, &EngineClient::pinged);
    f.engine.open();
    FakeClientTransport *polling = f.transports.last();
    polling->receiveHandshake(GoodHandshake);
    polling->receive(eio::Packet::of(eio::PacketType::Ping));
    QCOMPARE(pinged.size(), 1);
    QCOMPARE(polling->sentTexts(), QList<QByteArray>{"3"});
    QVERIFY(!f.engine.hasPingExpired());
}

void TestEngineClient::pingTimeout()
{
    Fixture f(options({QStringLiteral("polling")}));
    f.engine.open();
    FakeClientTransport *polling = f.transports.last();
    polling->receiveHandshake(R"({"sid":"s","upgrades":[],"pingInterval":30,"pingTimeout":20})");
    QVERIFY(f.closed.wait(Generous));
    QCOMPARE(f.closeReason(), QStringLiteral("ping timeout"));
    QCOMPARE(f.engine.state(), EngineClient::State::Closed);
    QCOMPARE(f.errors.size(), 0);
    // The session was still known to the server: the transport was told to close.
    QVERIFY(!polling || polling->closedByClient);
}

void TestEngineClient::messagesBothWays()
{
    Fixture f(options({QStringLiteral("websocket")}));
    f.engine.open();
    FakeClientTransport *ws = f.transports.last();
    ws->serverAccepts();
    ws->receiveHandshake(GoodHandshake);
    f.engine.sendText("hi");
    f.engine.sendBinary(QByteArray("\x00\x01", 2));
    QCOMPARE(ws->sent.size(), 2);
    QCOMPARE(ws->sent.at(0), eio::Packet::message("hi"));
    QCOMPARE(ws->sent.at(1), eio::Packet::binaryMessage(QByteArray("\x00\x01", 2)));
    ws->receiveText("yo");
    ws->receiveBinary("bin");
    QCOMPARE(f.messages.size(), 2);
    QCOMPARE(f.messages.at(1).at(0).value<eio::Packet>().binary, true);
}

void TestEngineClient::batchesWithinMaxPayload()
{
    Fixture f(options({QStringLiteral("polling")}));
    f.engine.open();
    FakeClientTransport *polling = f.transports.last();
    polling->receiveHandshake(
        R"({"sid":"s","upgrades":[],"pingInterval":25000,"pingTimeout":20000,"maxPayload":10})");
    polling->autoDrain = false;
    f.engine.sendText("first"); // goes alone: nothing else was waiting
    f.engine.sendText("abc"); // "4abc" = 4 bytes
    f.engine.sendText("def"); // + separator + 4 = 9
    f.engine.sendText("ghi"); // would be 14 > 10: the next POST
    QCOMPARE(polling->writes.size(), 1);
    polling->drain();
    QCOMPARE(polling->writes.size(), 2);
    QCOMPARE(polling->writes.at(1).size(), 2);
    polling->drain();
    QCOMPARE(polling->writes.size(), 3);
    QCOMPARE(polling->writes.at(2), QList<eio::Packet>{eio::Packet::message("ghi")});
    polling->drain();
    QCOMPARE(f.engine.bufferedPackets(), 0);
}

void TestEngineClient::oneWriteAtATime()
{
    Fixture f(options({QStringLiteral("polling")}));
    f.engine.open();
    FakeClientTransport *polling = f.transports.last();
    polling->receiveHandshake(GoodHandshake);
    polling->autoDrain = false;
    f.engine.sendText("1");
    f.engine.sendText("2");
    f.engine.sendText("3");
    QCOMPARE(polling->writes.size(), 1);
    polling->drain();
    QCOMPARE(polling->writes.size(), 2);
    QCOMPARE(polling->writes.at(1).size(), 2);
}

void TestEngineClient::closeFlushesFirst()
{
    Fixture f(options({QStringLiteral("polling")}));
    f.engine.open();
    FakeClientTransport *polling = f.transports.last();
    polling->receiveHandshake(GoodHandshake);
    polling->autoDrain = false;
    f.engine.sendText("last words");
    f.engine.close();
    QCOMPARE(f.engine.state(), EngineClient::State::Closing);
    QCOMPARE(f.closed.size(), 0);
    f.engine.sendText("dropped"); // closing: refused, as by the official client
    polling->drain();
    QCOMPARE(f.closed.size(), 1);
    QCOMPARE(f.closeReason(), QStringLiteral("forced close"));
    QCOMPARE(polling->sentTexts(), QList<QByteArray>{"4last words"});
}

void TestEngineClient::serverCloses()
{
    Fixture f(options({QStringLiteral("websocket")}));
    f.engine.open();
    FakeClientTransport *ws = f.transports.last();
    ws->serverAccepts();
    ws->receiveHandshake(GoodHandshake);
    ws->receive(eio::Packet::of(eio::PacketType::Close));
    QCOMPARE(f.closeReason(), QStringLiteral("transport close"));
}

void TestEngineClient::transportCloses()
{
    Fixture f;
    f.engine.open();
    FakeClientTransport *polling = f.transports.last();
    polling->receiveHandshake(GoodHandshake);
    polling->serverCloses();
    QCOMPARE(f.closed.size(), 1);
    QCOMPARE(f.closeReason(), QStringLiteral("transport close"));
    // The probe under way is dropped with the session.
    QCOMPARE(f.engine.state(), EngineClient::State::Closed);
    QVERIFY(f.engine.transportName().isEmpty());
}

void TestEngineClient::malformedHandshake_data()
{
    QTest::addColumn<QByteArray>("json");
    QTest::newRow("not json") << QByteArray("{sid:");
    QTest::newRow("empty") << QByteArray();
    QTest::newRow("array") << QByteArray(R"(["sid"])");
    QTest::newRow("no sid") << QByteArray(R"({"upgrades":[],"pingInterval":1,"pingTimeout":1})");
    QTest::newRow("empty sid") << QByteArray(
        R"({"sid":"","upgrades":[],"pingInterval":1,"pingTimeout":1})");
    QTest::newRow("numeric sid") << QByteArray(
        R"({"sid":5,"upgrades":[],"pingInterval":1,"pingTimeout":1})");
    QTest::newRow("upgrades not a list")
        << QByteArray(R"({"sid":"a","upgrades":"websocket","pingInterval":1,"pingTimeout":1})");
    QTest::newRow("upgrades of numbers")
        << QByteArray(R"({"sid":"a","upgrades":[1],"pingInterval":1,"pingTimeout":1})");
    QTest::newRow("no ping interval") << QByteArray(R"({"sid":"a","upgrades":[],"pingTimeout":1})");
    QTest::newRow("string interval")
        << QByteArray(R"({"sid":"a","upgrades":[],"pingInterval":"1","pingTimeout":1})");
    QTest::newRow("zero timeout") << QByteArray(
        R"({"sid":"a","upgrades":[],"pingInterval":1,"pingTimeout":0})");
    QTest::newRow("negative interval")
        << QByteArray(R"({"sid":"a","upgrades":[],"pingInterval":-5,"pingTimeout":1})");
    QTest::newRow("fractional interval")
        << QByteArray(R"({"sid":"a","upgrades":[],"pingInterval":1.5,"pingTimeout":1})");
    QTest::newRow("huge interval")
        << QByteArray(R"({"sid":"a","upgrades":[],"pingInterval":1e300,"pingTimeout":1})");
    QTest::newRow("negative maxPayload") << QByteArray(
        R"({"sid":"a","upgrades":[],"pingInterval":1,"pingTimeout":1,"maxPayload":-1})");
    QTest::newRow("string maxPayload") << QByteArray(
        R"({"sid":"a","upgrades":[],"pingInterval":1,"pingTimeout":1,"maxPayload":"big"})");
}

void TestEngineClient::malformedHandshake()
{
    QFETCH(QByteArray, json);
    Fixture f;
    f.engine.open();
    f.transports.last()->receiveHandshake(json);
    QCOMPARE(f.opened.size(), 0);
    QCOMPARE(f.errors.size(), 1);
    QCOMPARE(f.closed.size(), 1);
    QCOMPARE(f.closeReason(), QStringLiteral("transport error"));
    QVERIFY(!f.closed.last().at(1).toString().isEmpty());
    QCOMPARE(f.engine.state(), EngineClient::State::Closed);
    QVERIFY(!parseHandshake(json).has_value());
}

void TestEngineClient::badPackets_data()
{
    QTest::addColumn<bool>("beforeHandshake");
    QTest::addColumn<int>("type");
    QTest::newRow("message before the handshake") << true << int(eio::PacketType::Message);
    QTest::newRow("ping before the handshake") << true << int(eio::PacketType::Ping);
    QTest::newRow("second handshake") << false << int(eio::PacketType::Open);
    QTest::newRow("pong from the server") << false << int(eio::PacketType::Pong);
    QTest::newRow("upgrade from the server") << false << int(eio::PacketType::Upgrade);
}

void TestEngineClient::badPackets()
{
    QFETCH(bool, beforeHandshake);
    QFETCH(int, type);
    Fixture f(options({QStringLiteral("websocket")}));
    f.engine.open();
    FakeClientTransport *ws = f.transports.last();
    ws->serverAccepts();
    if (!beforeHandshake)
        ws->receiveHandshake(GoodHandshake);
    ws->receive(eio::Packet::of(eio::PacketType(type), type == 0 ? GoodHandshake : QByteArray()));
    QCOMPARE(f.errors.size(), 1);
    QCOMPARE(f.closeReason(), QStringLiteral("transport error"));
    QCOMPARE(f.messages.size(), 0);
}

void TestEngineClient::transportFailure()
{
    Fixture f;
    f.engine.open();
    FakeClientTransport *polling = f.transports.last();
    polling->receiveHandshake(GoodHandshake);
    polling->fail(QStringLiteral("parse error: unknown packet type"));
    QCOMPARE(f.errors.size(), 1);
    QCOMPARE(f.closeReason(), QStringLiteral("transport error"));
    QCOMPARE(f.closed.last().at(1).toString(), QStringLiteral("parse error: unknown packet type"));
}

void TestEngineClient::unknownTransport()
{
    Fixture f(options({QStringLiteral("carrier-pigeon")}));
    f.engine.setTransportFactory(
        [](const QString &, const TransportTarget &) -> Transport * { return nullptr; });
    f.engine.open();
    QVERIFY(f.closed.wait(Generous));
    QCOMPARE(f.closeReason(), QStringLiteral("transport error"));
    QVERIFY(f.errors.first().first().toString().contains(QStringLiteral("carrier-pigeon")));
}

void TestEngineClient::noTransports()
{
    Fixture f(options({}));
    f.engine.open();
    QVERIFY(f.closed.wait(Generous));
    QCOMPARE(f.errors.first().first().toString(), QStringLiteral("No transports available"));
}

// The good handshake with random bytes changed, cut or added: the session opens with a usable
// heartbeat, or closes with "transport error"; nothing crashes.
void TestEngineClient::mutatedHandshakes()
{
    QRandomGenerator random(4242);
    int refused = 0;
    for (int round = 0; round < 400; ++round) {
        QByteArray json = GoodHandshake;
        const int edits = 1 + random.bounded(3);
        for (int e = 0; e < edits && !json.isEmpty(); ++e) {
            const int at = random.bounded(int(json.size()));
            switch (random.bounded(3)) {
            case 0:
                json[at] = char(random.bounded(256));
                break;
            case 1:
                json.truncate(at);
                break;
            default:
                json.insert(at, char(random.bounded(256)));
            }
        }
        Fixture f;
        f.engine.open();
        f.transports.last()->receiveHandshake(json);
        if (f.opened.isEmpty()) {
            ++refused;
            QCOMPARE(f.closeReason(), QStringLiteral("transport error"));
        } else {
            QVERIFY(f.engine.handshake().pingInterval.count() > 0);
            QVERIFY(f.engine.handshake().pingTimeout.count() > 0);
            QVERIFY(!f.engine.sessionId().isEmpty());
        }
    }
    QVERIFY(refused > 50);
}

QTEST_GUILESS_MAIN(TestEngineClient)
#include "tst_engine_client.moc"
