// The Engine.IO session state machine on a fake transport: handshake packet, heartbeat both ways,
// buffering, close reasons, upgrade probe.

#include "engine/engine_server.h"
#include "fake_transport.h"

#include <QElapsedTimer>
#include <QPointer>
#include <QSignalSpy>
#include <QTest>

using namespace sb::eio;
using sb::test::FakeTransport;

namespace {

struct Recorder final : SessionHandler, EngineObserver
{
    void sessionOpened(Session &) override { ++opened; }
    void messageReceived(Session &, const Packet &packet) override { messages.append(packet); }
    void sessionClosed(Session &, CloseReason reason) override { reasons.append(reason); }
    void packetReceived(const Session &, const Packet &) override { ++observedIn; }
    void packetSent(const Session &, const Packet &) override { ++observedOut; }
    void sessionUpgraded(const Session &) override { ++upgrades; }

    int opened = 0;
    int observedIn = 0;
    int observedOut = 0;
    int upgrades = 0;
    QList<Packet> messages;
    QList<CloseReason> reasons;
};

EngineOptions fastOptions()
{
    EngineOptions options;
    options.pingInterval = std::chrono::milliseconds(60);
    options.pingTimeout = std::chrono::milliseconds(120);
    options.upgradeTimeout = std::chrono::milliseconds(200);
    return options;
}

bool isPing(const Packet &packet)
{
    return packet.type == PacketType::Ping;
}

} // namespace

class TestEioSession : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void openPacket();
    void openPacketWebSocketHasNoUpgrades();
    void heartbeatKeepsAlive();
    void pingTimeoutCloses();
    void clientPingIsAnError();
    void messagesReachHandler();
    void bufferedUntilWritable();
    void closeReasons_data();
    void closeReasons();
    void forcedCloseFlushesFirst();
    void forcedCloseWaitsForThePoll();
    void nothingSentAfterClose();
    void upgradeProbe();
    void upgradeProbeTimesOut();
    void upgradeProbeWrongPacket();
    void uniqueIds();
};

void TestEioSession::openPacket()
{
    EngineServer server(EngineOptions{});
    Recorder recorder;
    server.setHandler(&recorder);
    auto transport = std::make_unique<FakeTransport>(TransportKind::Polling);
    FakeTransport *fake = transport.get();
    Session *session = server.createSession({}, std::move(transport));
    QCOMPARE(recorder.opened, 1);
    QCOMPARE(fake->sent.size(), 1);
    QCOMPARE(fake->sent[0].type, PacketType::Open);
    QCOMPARE(fake->sent[0].data,
        QByteArray("{\"sid\":\"" + session->id()
            + "\",\"upgrades\":[\"websocket\"],\"pingInterval\":25000,\"pingTimeout\":20000,"
              "\"maxPayload\":1000000}"));
    QCOMPARE(session->id().size(), 20);
    QCOMPARE(server.session(session->id()), session);
}

void TestEioSession::openPacketWebSocketHasNoUpgrades()
{
    EngineOptions options;
    options.maxHttpBufferSize = 1234;
    EngineServer server(options);
    auto transport = std::make_unique<FakeTransport>(TransportKind::WebSocket);
    FakeTransport *fake = transport.get();
    server.createSession({}, std::move(transport));
    QVERIFY(fake->sent[0].data.contains("\"upgrades\":[]"));
    QVERIFY(fake->sent[0].data.contains("\"maxPayload\":1234"));

    EngineOptions noUpgrades;
    noUpgrades.allowUpgrades = false;
    EngineServer other(noUpgrades);
    auto polling = std::make_unique<FakeTransport>(TransportKind::Polling);
    FakeTransport *fakePolling = polling.get();
    other.createSession({}, std::move(polling));
    QVERIFY(fakePolling->sent[0].data.contains("\"upgrades\":[]"));
}

void TestEioSession::heartbeatKeepsAlive()
{
    EngineServer server(fastOptions());
    Recorder recorder;
    server.setHandler(&recorder);
    auto transport = std::make_unique<FakeTransport>(TransportKind::WebSocket);
    FakeTransport *fake = transport.get();
    QPointer<Session> session = server.createSession({}, std::move(transport));
    // Answer five pings: the session must stay open through several ping timeouts' worth of time.
    for (int i = 1; i <= 5; ++i) {
        QTRY_COMPARE_WITH_TIMEOUT(
            std::count_if(fake->sent.cbegin(), fake->sent.cend(), isPing), i, 10'000);
        fake->deliver(Packet::of(PacketType::Pong));
    }
    QVERIFY(session);
    QCOMPARE(session->state(), Session::State::Open);
    QVERIFY(recorder.reasons.isEmpty());
}

void TestEioSession::pingTimeoutCloses()
{
    EngineServer server(fastOptions());
    Recorder recorder;
    server.setHandler(&recorder);
    auto transport = std::make_unique<FakeTransport>(TransportKind::WebSocket);
    FakeTransport *fake = transport.get();
    // Started before the session: the ping is queued pingInterval (60 ms) after it opens and the
    // timeout (120 ms) runs from there. A clock started when the test notices the ping would start
    // late, and would be no lower bound.
    QElapsedTimer sinceOpen;
    sinceOpen.start();
    server.createSession({}, std::move(transport));
    QTRY_VERIFY_WITH_TIMEOUT(std::any_of(fake->sent.cbegin(), fake->sent.cend(), isPing), 10'000);
    QTRY_COMPARE_WITH_TIMEOUT(recorder.reasons.size(), 1, 10'000);
    QCOMPARE(recorder.reasons[0], CloseReason::PingTimeout);
    // Never before interval + timeout (a lower bound holds on any machine).
    QVERIFY2(sinceOpen.elapsed() >= 175, qPrintable(QString::number(sinceOpen.elapsed())));
    QCOMPARE(server.sessionCount(), 0);
}

void TestEioSession::clientPingIsAnError()
{
    EngineServer server(EngineOptions{});
    Recorder recorder;
    server.setHandler(&recorder);
    auto transport = std::make_unique<FakeTransport>(TransportKind::WebSocket);
    FakeTransport *fake = transport.get();
    server.createSession({}, std::move(transport));
    fake->deliver(Packet::of(PacketType::Ping));
    QCOMPARE(recorder.reasons, QList<CloseReason>{CloseReason::TransportError});
}

void TestEioSession::messagesReachHandler()
{
    EngineServer server(EngineOptions{});
    Recorder recorder;
    server.setHandler(&recorder);
    server.addObserver(&recorder);
    auto transport = std::make_unique<FakeTransport>(TransportKind::WebSocket);
    FakeTransport *fake = transport.get();
    Session *session = server.createSession({}, std::move(transport));
    fake->deliver(Packet::message("hello"));
    fake->deliver(Packet::binaryMessage("\x01\x02"));
    fake->deliver(Packet::of(PacketType::Noop)); // ignored, not an error
    fake->deliver(Packet::of(PacketType::Upgrade)); // ignored on the current transport
    QCOMPARE(recorder.messages.size(), 2);
    QCOMPARE(recorder.messages[0], Packet::message("hello"));
    QVERIFY(recorder.messages[1].binary);
    QCOMPARE(recorder.observedIn, 4);
    QCOMPARE(session->stats().packetsIn, 4u);
    QCOMPARE(session->stats().bytesIn, quint64(6 + 2 + 1 + 1));
    QVERIFY(recorder.reasons.isEmpty());
}

void TestEioSession::bufferedUntilWritable()
{
    EngineServer server(EngineOptions{});
    auto transport = std::make_unique<FakeTransport>(TransportKind::Polling, false);
    FakeTransport *fake = transport.get();
    Session *session = server.createSession({}, std::move(transport));
    QVERIFY(fake->sent.isEmpty());
    session->send(Packet::message("a"));
    session->send(Packet::message("b"));
    QVERIFY(fake->sent.isEmpty());
    QVERIFY(!session->isWritable());
    fake->becomeWritable();
    // One response carries everything queued, in order.
    QCOMPARE(fake->sendCalls, 1);
    QCOMPARE(fake->sent.size(), 3);
    QCOMPARE(fake->sent[1], Packet::message("a"));
    QCOMPARE(fake->sent[2], Packet::message("b"));
    QCOMPARE(session->stats().packetsOut, 3u);
}

void TestEioSession::closeReasons_data()
{
    QTest::addColumn<int>("action");
    QTest::addColumn<CloseReason>("reason");
    QTest::addColumn<QByteArray>("text");
    QTest::newRow("peer closed transport")
        << 0 << CloseReason::TransportClose << QByteArray("transport close");
    QTest::newRow("close packet") << 1 << CloseReason::TransportClose
                                  << QByteArray("transport close");
    QTest::newRow("parse error") << 2 << CloseReason::ParseError << QByteArray("parse error");
    QTest::newRow("transport error")
        << 3 << CloseReason::TransportError << QByteArray("transport error");
    QTest::newRow("server close") << 4 << CloseReason::ForcedClose << QByteArray("forced close");
}

void TestEioSession::closeReasons()
{
    QFETCH(int, action);
    QFETCH(CloseReason, reason);
    QFETCH(QByteArray, text);
    EngineServer server(EngineOptions{});
    Recorder recorder;
    server.setHandler(&recorder);
    bool destroyed = false;
    auto transport = std::make_unique<FakeTransport>(TransportKind::WebSocket, true, &destroyed);
    FakeTransport *fake = transport.get();
    QPointer<Session> session = server.createSession({}, std::move(transport));
    switch (action) {
    case 0:
        fake->closeByPeer();
        break;
    case 1:
        fake->deliver(Packet::of(PacketType::Close));
        break;
    case 2:
        fake->deliverGarbage();
        break;
    case 3:
        fake->fail();
        break;
    case 4:
        session->close();
        break;
    }
    QCOMPARE(recorder.reasons, QList<CloseReason>{reason});
    QCOMPARE(QByteArray(closeReasonText(reason)), text);
    QCOMPARE(server.sessionCount(), 0);
    // Deleted later, with its transport; nothing leaks.
    QTRY_VERIFY(session.isNull());
    QVERIFY(destroyed);
}

void TestEioSession::forcedCloseFlushesFirst()
{
    EngineServer server(EngineOptions{});
    Recorder recorder;
    server.setHandler(&recorder);
    auto transport = std::make_unique<FakeTransport>(TransportKind::WebSocket);
    FakeTransport *fake = transport.get();
    Session *session = server.createSession({}, std::move(transport));
    session->send(Packet::message("last words"));
    session->close();
    QCOMPARE(fake->sent.last(), Packet::message("last words"));
    QVERIFY(fake->closeRequested);
    QCOMPARE(recorder.reasons, QList<CloseReason>{CloseReason::ForcedClose});
}

void TestEioSession::forcedCloseWaitsForThePoll()
{
    EngineServer server(EngineOptions{});
    Recorder recorder;
    server.setHandler(&recorder);
    auto transport = std::make_unique<FakeTransport>(TransportKind::Polling, false);
    FakeTransport *fake = transport.get();
    Session *session = server.createSession({}, std::move(transport));
    session->send(Packet::message("41"));
    session->close();
    // Nothing may overtake the queued packet: the transport is not closed before it went out.
    QVERIFY(!fake->closeRequested);
    QVERIFY(recorder.reasons.isEmpty());
    session->send(Packet::message("dropped: the session is closing"));
    fake->becomeWritable();
    QCOMPARE(fake->sent.last(), Packet::message("41"));
    QVERIFY(fake->closeRequested);
    QCOMPARE(recorder.reasons, QList<CloseReason>{CloseReason::ForcedClose});
}

void TestEioSession::nothingSentAfterClose()
{
    EngineServer server(EngineOptions{});
    auto transport = std::make_unique<FakeTransport>(TransportKind::WebSocket);
    FakeTransport *fake = transport.get();
    QPointer<Session> session = server.createSession({}, std::move(transport));
    fake->closeByPeer();
    const qsizetype before = fake->sent.size();
    session->send(Packet::message("late"));
    QCOMPARE(fake->sent.size(), before);
    fake->deliver(Packet::message("late too")); // no crash, nothing delivered
}

void TestEioSession::upgradeProbe()
{
    EngineServer server(fastOptions());
    Recorder recorder;
    server.setHandler(&recorder);
    server.addObserver(&recorder);
    auto polling = std::make_unique<FakeTransport>(TransportKind::Polling, true);
    FakeTransport *fakePolling = polling.get();
    Session *session = server.createSession({}, std::move(polling));
    QCOMPARE(fakePolling->sent.size(), 1); // the open packet took the first GET
    fakePolling->becomeWritable(); // a second GET is pending
    auto ws = std::make_unique<FakeTransport>(TransportKind::WebSocket);
    FakeTransport *fakeWs = ws.get();
    session->probeUpgrade(std::move(ws));
    QVERIFY(session->isUpgrading());
    fakeWs->deliver(Packet::of(PacketType::Ping, "probe"));
    QCOMPARE(fakeWs->sent, QList<Packet>{Packet::of(PacketType::Pong, "probe")});
    // The pending GET is released with a NOOP.
    QCOMPARE(fakePolling->sent.last(), Packet::of(PacketType::Noop));
    session->send(Packet::message("during upgrade")); // buffered: polling is not writable
    fakeWs->deliver(Packet::of(PacketType::Upgrade));
    QVERIFY(!session->isUpgrading());
    QVERIFY(session->isUpgraded());
    QCOMPARE(session->transportKind(), TransportKind::WebSocket);
    QCOMPARE(recorder.upgrades, 1);
    QCOMPARE(fakeWs->sent.last(), Packet::message("during upgrade"));
    // Messages now arrive over the WebSocket.
    fakeWs->deliver(Packet::message("over ws"));
    QCOMPARE(recorder.messages.last(), Packet::message("over ws"));
    QVERIFY(recorder.reasons.isEmpty());
}

void TestEioSession::upgradeProbeTimesOut()
{
    EngineOptions options = fastOptions();
    options.pingInterval = std::chrono::seconds(30); // only the upgrade timer may fire here
    EngineServer server(options);
    Recorder recorder;
    server.setHandler(&recorder);
    auto polling = std::make_unique<FakeTransport>(TransportKind::Polling, false);
    Session *session = server.createSession({}, std::move(polling));
    bool wsDestroyed = false;
    auto ws = std::make_unique<FakeTransport>(TransportKind::WebSocket, true, &wsDestroyed);
    FakeTransport *fakeWs = ws.get();
    session->probeUpgrade(std::move(ws));
    QTRY_VERIFY_WITH_TIMEOUT(!session->isUpgrading(), 10'000);
    // The probe is closed and then deleted (never inside its own callback).
    QVERIFY(wsDestroyed || fakeWs->closeRequested);
    QTRY_VERIFY(wsDestroyed);
    // The session itself carries on over polling.
    QCOMPARE(session->state(), Session::State::Open);
    QCOMPARE(session->transportKind(), TransportKind::Polling);
    QVERIFY(recorder.reasons.isEmpty());
}

void TestEioSession::upgradeProbeWrongPacket()
{
    EngineServer server(EngineOptions{});
    auto polling = std::make_unique<FakeTransport>(TransportKind::Polling, false);
    Session *session = server.createSession({}, std::move(polling));
    auto ws = std::make_unique<FakeTransport>(TransportKind::WebSocket);
    FakeTransport *fakeWs = ws.get();
    session->probeUpgrade(std::move(ws));
    fakeWs->deliver(Packet::message("not a probe"));
    QVERIFY(!session->isUpgrading());
    QVERIFY(!session->isUpgraded());
    QCOMPARE(session->state(), Session::State::Open);
}

void TestEioSession::uniqueIds()
{
    QSet<QByteArray> ids;
    for (int i = 0; i < 10'000; ++i) {
        const QByteArray id = EngineServer::generateId();
        QCOMPARE(id.size(), 20);
        for (char c : id)
            QVERIFY(std::isalnum(static_cast<unsigned char>(c)) || c == '-' || c == '_');
        ids.insert(id);
    }
    QCOMPARE(ids.size(), 10'000);
}

QTEST_GUILESS_MAIN(TestEioSession)
#include "tst_eio_session.moc"
