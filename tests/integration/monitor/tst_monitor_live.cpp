// The monitor on the real server thread, watched through ServerController exactly as the console
// watches it, with real socket.io-client peers: what reaches the GUI thread, and that stopping
// never blocks it.

#include "live_server_config.h"
#include "monitor_mirror.h"
#include "node_peers.h"

#include "server_host.h"

#include "monitor/server_controller.h"

#include <QSignalSpy>
#include <QTcpSocket>
#include <QTest>

using namespace sb;
using sb::test::MonitorMirror;
using sb::test::NodePeers;

namespace {
constexpr int Generous = 20'000; // ms

ServerConfig config()
{
    return sb::test::liveServerConfig();
}

QString baseUrl(const ServerHost &host)
{
    return QStringLiteral("http://127.0.0.1:%1").arg(host.port());
}
} // namespace

class TestMonitorLive : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void socketsAppearAndLeave();
    void trafficAndBroadcasts();
    void ackEndsBothWays();
    void roundTripTimes();
    void failedHandshakeShows();
    void socketDetailsArrive();
    void stopIsAsynchronous();
    void actionsReachRealClients();
    void composedBroadcastWithAcks();
    void drainTellsClientsThenStops();
};

void TestMonitorLive::socketsAppearAndLeave()
{
    ServerHost host(config());
    QString error;
    QVERIFY2(host.start(&error), qPrintable(error));
    MonitorMirror mirror(host.controller());
    NodePeers peers(baseUrl(host));
    const QString ws = peers.connectAndWait(QStringLiteral("ws"), QStringLiteral("/"),
        {{QStringLiteral("username"), QStringLiteral("wanda")}}, {QStringLiteral("websocket")});
    const QString poll = peers.connectAndWait(
        QStringLiteral("poll"), QStringLiteral("/"), {}, {QStringLiteral("polling")});
    QVERIFY2(!ws.isEmpty() && !poll.isEmpty(), peers.errors().constData());

    QTRY_VERIFY_WITH_TIMEOUT(
        mirror.rows.contains(ws.toLatin1()) && mirror.rows.contains(poll.toLatin1()), Generous);
    const monitor::SocketRow wsRow = mirror.rows.value(ws.toLatin1());
    QCOMPARE(wsRow.nsp, QByteArray("/"));
    QCOMPARE(wsRow.transport, QStringLiteral("websocket"));
    QCOMPARE(wsRow.user, QStringLiteral("wanda"));
    QVERIFY(wsRow.address.contains(QStringLiteral("127.0.0.1")));
    QVERIFY(wsRow.connectedAt > 0);
    QCOMPARE(mirror.rows.value(poll.toLatin1()).transport, QStringLiteral("polling"));
    QTRY_COMPARE_WITH_TIMEOUT(mirror.last()->sockets, 2, Generous);

    peers.emitEvent(QStringLiteral("ws"), QStringLiteral("join"), {QStringLiteral("lobby")}, true);
    QVERIFY(!peers.waitFor(QStringLiteral("ws"), QStringLiteral("ack")).isEmpty());
    QTRY_COMPARE_WITH_TIMEOUT(
        mirror.rows.value(ws.toLatin1()).rooms, QStringList({QStringLiteral("lobby")}), Generous);
    QTRY_COMPARE_WITH_TIMEOUT(mirror.roomMembers("/", QStringLiteral("lobby")), 1, Generous);

    peers.disconnect(QStringLiteral("ws"));
    QTRY_VERIFY_WITH_TIMEOUT(!mirror.rows.contains(ws.toLatin1()), Generous);
    QTRY_COMPARE_WITH_TIMEOUT(mirror.roomMembers("/", QStringLiteral("lobby")), 0, Generous);
    QCOMPARE(mirror.last()->totals.disconnectsByReason.value(
                 QStringLiteral("client namespace disconnect")),
        quint64(1));
    host.stop();
}

void TestMonitorLive::trafficAndBroadcasts()
{
    ServerHost host(config());
    QString error;
    QVERIFY2(host.start(&error), qPrintable(error));
    MonitorMirror mirror(host.controller());
    NodePeers peers(baseUrl(host));
    QStringList sids;
    for (const QString &id : {QStringLiteral("a"), QStringLiteral("b"), QStringLiteral("c")}) {
        sids.append(peers.connectAndWait(id));
        QVERIFY(!sids.last().isEmpty());
        peers.emitEvent(id, QStringLiteral("join"), {QStringLiteral("r")}, true);
        QVERIFY(!peers.waitFor(id, QStringLiteral("ack")).isEmpty());
    }
    peers.emitEvent(QStringLiteral("a"), QStringLiteral("message"), {QStringLiteral("hi"), 42});
    QVERIFY(!peers
                 .waitFor(
                     QStringLiteral("a"), QStringLiteral("message"), QStringLiteral("message-back"))
                 .isEmpty());
    peers.emitEvent(QStringLiteral("a"), QStringLiteral("broadcast"),
        {QJsonObject{{QStringLiteral("room"), QStringLiteral("r")},
            {QStringLiteral("data"), QStringLiteral("all")}}},
        true);
    for (const QString &id : {QStringLiteral("a"), QStringLiteral("b"), QStringLiteral("c")})
        QVERIFY(!peers.waitFor(id, QStringLiteral("message"), QStringLiteral("msg")).isEmpty());

    QTRY_VERIFY_WITH_TIMEOUT(mirror
                                 .findTraffic([](const monitor::TrafficRecord &r) {
                                     return r.event == QLatin1String("msg");
                                 })
                                 .has_value(),
        Generous);
    const auto in = mirror.findTraffic([](const monitor::TrafficRecord &r) {
        return r.event == QLatin1String("message") && r.direction == monitor::Direction::In;
    });
    QVERIFY(in);
    QCOMPARE(in->payload, QByteArray(R"(2["message","hi",42])"));
    QCOMPARE(in->socket, sids.first().toLatin1());
    const auto back = mirror.findTraffic(
        [](const monitor::TrafficRecord &r) { return r.event == QLatin1String("message-back"); });
    QVERIFY(back);
    QCOMPARE(back->direction, monitor::Direction::Out);
    QCOMPARE(back->recipients, 1);
    // The broadcast to the room is one record with its three recipients.
    int broadcasts = 0;
    for (const monitor::TrafficRecord &record : mirror.traffic) {
        if (record.event == QLatin1String("msg")) {
            ++broadcasts;
            QVERIFY(record.isBroadcast());
            QCOMPARE(record.recipients, 3);
            QCOMPARE(record.rooms, QStringList({QStringLiteral("r")}));
        }
    }
    QCOMPARE(broadcasts, 1);
    QTRY_VERIFY_WITH_TIMEOUT(mirror.last()->totals.eventsIn >= 5, Generous);
    host.stop();
}

void TestMonitorLive::ackEndsBothWays()
{
    ServerHost host(config());
    QString error;
    QVERIFY2(host.start(&error), qPrintable(error));
    MonitorMirror mirror(host.controller());
    NodePeers peers(baseUrl(host));
    QVERIFY(!peers.connectAndWait(QStringLiteral("a")).isEmpty());
    // Server → client, answered (the peer echoes), then one the peer never answers.
    peers.emitEvent(QStringLiteral("a"), QStringLiteral("ask"),
        {QJsonObject{{QStringLiteral("event"), QStringLiteral("q1")},
            {QStringLiteral("args"), QJsonArray{7}}}},
        true);
    QVERIFY(!peers.waitFor(QStringLiteral("a"), QStringLiteral("ack"), QStringLiteral("ask"))
                 .isEmpty());
    peers.answer(QStringLiteral("a"), QStringLiteral("q2"), QStringLiteral("never"));
    peers.emitEvent(QStringLiteral("a"), QStringLiteral("ask"),
        {QJsonObject{
            {QStringLiteral("event"), QStringLiteral("q2")}, {QStringLiteral("timeout"), 200}}},
        true);
    QTRY_VERIFY_WITH_TIMEOUT(
        peers.reportsOf(QStringLiteral("a"), QStringLiteral("ack")).size() == 2, Generous);
    // One that ends because the client goes.
    peers.answer(QStringLiteral("a"), QStringLiteral("q3"), QStringLiteral("never"));
    peers.emitEvent(QStringLiteral("a"), QStringLiteral("ask"),
        {QJsonObject{
            {QStringLiteral("event"), QStringLiteral("q3")}, {QStringLiteral("timeout"), 60'000}}},
        false);
    QVERIFY(!peers.waitFor(QStringLiteral("a"), QStringLiteral("message"), QStringLiteral("q3"))
                 .isEmpty());
    peers.drop(QStringLiteral("a"));

    const auto ackFor = [&](const QString &event, monitor::AckRecord::Kind kind) {
        for (const monitor::AckRecord &ack : mirror.acks) {
            if (ack.event == event && ack.kind == kind && ack.isSettled())
                return std::optional(ack);
        }
        return std::optional<monitor::AckRecord>();
    };
    using Kind = monitor::AckRecord::Kind;
    using State = monitor::AckRecord::State;
    QTRY_VERIFY_WITH_TIMEOUT(
        ackFor(QStringLiteral("q3"), Kind::ServerToClient).has_value(), Generous);
    QCOMPARE(ackFor(QStringLiteral("q1"), Kind::ServerToClient)->state, State::Answered);
    QCOMPARE(ackFor(QStringLiteral("q1"), Kind::ServerToClient)->answer, QByteArray("[7]"));
    QCOMPARE(ackFor(QStringLiteral("q2"), Kind::ServerToClient)->state, State::TimedOut);
    QCOMPARE(ackFor(QStringLiteral("q3"), Kind::ServerToClient)->state, State::Disconnected);
    // Client → server: each "ask" the client sent with an ack was answered by the echo service.
    const auto ask = ackFor(QStringLiteral("ask"), Kind::ClientToServer);
    QVERIFY(ask);
    QCOMPARE(ask->state, State::Answered);
    host.stop();
}

void TestMonitorLive::roundTripTimes()
{
    ServerHost host(config());
    QString error;
    QVERIFY2(host.start(&error), qPrintable(error));
    MonitorMirror mirror(host.controller());
    NodePeers peers(baseUrl(host));
    const QString sid = peers.connectAndWait(
        QStringLiteral("a"), QStringLiteral("/"), {}, {QStringLiteral("websocket")});
    QVERIFY(!sid.isEmpty());
    QTRY_VERIFY_WITH_TIMEOUT(mirror.rows.value(sid.toLatin1()).rttUs > 0, Generous);
    QTRY_VERIFY_WITH_TIMEOUT(mirror.last()->rtt.samples >= 1, Generous);
    QVERIFY(mirror.last()->rtt.p50Us > 0);
    host.stop();
}

void TestMonitorLive::failedHandshakeShows()
{
    ServerHost host(config());
    QString error;
    QVERIFY2(host.start(&error), qPrintable(error));
    MonitorMirror mirror(host.controller());
    QTcpSocket client;
    client.connectToHost(QHostAddress::LocalHost, host.port());
    QVERIFY(client.waitForConnected(10'000));
    client.write("GET /socket.io/?EIO=4&transport=carrier-pigeon HTTP/1.1\r\nHost: x\r\n"
                 "Origin: http://lan.example\r\n\r\n");
    QTRY_VERIFY_WITH_TIMEOUT(!mirror.failures.isEmpty(), Generous);
    const monitor::ConnectionFailure &failure = mirror.failures.first();
    QCOMPARE(failure.kind, monitor::ConnectionFailure::Kind::Handshake);
    QCOMPARE(failure.code, 0); // Transport unknown
    QCOMPARE(failure.message, QStringLiteral("Transport unknown"));
    QCOMPARE(failure.origin, QStringLiteral("http://lan.example"));
    QTRY_COMPARE_WITH_TIMEOUT(
        mirror.last()->totals.failedHandshakesByCode.value(0), quint64(1), Generous);

    NodePeers peers(baseUrl(host));
    peers.connect(QStringLiteral("x"), QStringLiteral("/nowhere"));
    QVERIFY(!peers.waitFor(QStringLiteral("x"), QStringLiteral("connect_error")).isEmpty());
    QTRY_COMPARE_WITH_TIMEOUT(mirror.failures.size(), 2, Generous);
    QCOMPARE(mirror.failures.at(1).kind, monitor::ConnectionFailure::Kind::Connect);
    QCOMPARE(mirror.failures.at(1).message, QStringLiteral("Invalid namespace"));
    host.stop();
}

void TestMonitorLive::socketDetailsArrive()
{
    ServerHost host(config());
    QString error;
    QVERIFY2(host.start(&error), qPrintable(error));
    MonitorMirror mirror(host.controller());
    NodePeers peers(baseUrl(host));
    const QString sid = peers.connectAndWait(QStringLiteral("a"), QStringLiteral("/"),
        {{QStringLiteral("token"), QStringLiteral("s3cret")}});
    QVERIFY(!sid.isEmpty());
    QSignalSpy details(&host.controller(), &monitor::MonitorSource::socketDetailsReady);
    host.controller().requestSocketDetails(sid.toLatin1());
    QVERIFY(details.wait(Generous));
    const auto answer = details.first().first().value<monitor::SocketDetails>();
    QVERIFY(answer.found);
    QCOMPARE(answer.id, sid.toLatin1());
    QCOMPARE(answer.auth, QByteArray(R"({"token":"s3cret"})"));
    QVERIFY(!answer.headers.isEmpty());
    host.stop();
}

void TestMonitorLive::stopIsAsynchronous()
{
    ServerHost host(config());
    QString error;
    QVERIFY2(host.start(&error), qPrintable(error));
    MonitorMirror mirror(host.controller());
    NodePeers peers(baseUrl(host));
    QVERIFY(!peers.connectAndWait(QStringLiteral("a")).isEmpty());
    QSignalSpy states(&host.controller(), &monitor::MonitorSource::stateChanged);
    QSignalSpy stopped(&host, &ServerHost::stopped);
    host.controller().stopServer();
    // It returned before the server stopped: the caller's loop is never held.
    QCOMPARE(host.controller().state(), monitor::SourceState::Stopping);
    QVERIFY(stopped.isEmpty());
    QVERIFY(stopped.wait(Generous));
    QCOMPARE(host.controller().state(), monitor::SourceState::Stopped);
    QCOMPARE(states.first().first().value<monitor::SourceState>(), monitor::SourceState::Stopping);
    QCOMPARE(states.last().first().value<monitor::SourceState>(), monitor::SourceState::Stopped);
    QVERIFY(!host.isRunning());
    const QJsonObject gone = peers.waitFor(QStringLiteral("a"), QStringLiteral("disconnect"));
    // As with socket.io's io.close(): the sessions close, the client sees its transport go.
    QCOMPARE(gone.value(QStringLiteral("reason")).toString(), QStringLiteral("transport close"));
    // Commands after the stop fail cleanly.
    QSignalSpy failed(&host.controller(), &monitor::MonitorSource::commandFailed);
    host.controller().requestSocketDetails("x");
    QCOMPARE(failed.size(), 1);
}

void TestMonitorLive::actionsReachRealClients()
{
    ServerHost host(config());
    QString error;
    QVERIFY2(host.start(&error), qPrintable(error));
    monitor::ServerController &controller = host.controller();
    NodePeers peers(baseUrl(host));
    const QString a = peers.connectAndWait(QStringLiteral("a"));
    const QString b = peers.connectAndWait(QStringLiteral("b"));
    QVERIFY(!a.isEmpty() && !b.isEmpty());
    QSignalSpy done(&controller, &monitor::MonitorSource::actionFinished);

    controller.joinRooms({a.toLatin1(), b.toLatin1()}, {QStringLiteral("ops")});
    QVERIFY(done.wait(Generous));
    QCOMPARE(done.last().first().value<monitor::ActionResult>().affected, 2);
    // The client itself sees the room (the echo service answers its rooms).
    peers.emitEvent(QStringLiteral("a"), QStringLiteral("server-rooms"), {}, true);
    QJsonObject rooms
        = peers.waitFor(QStringLiteral("a"), QStringLiteral("ack"), QStringLiteral("server-rooms"));
    QVERIFY(rooms.value(QStringLiteral("args"))
                .toArray()
                .at(0)
                .toArray()
                .contains(QStringLiteral("ops")));

    controller.leaveRooms({a.toLatin1()}, {QStringLiteral("ops")});
    QVERIFY(done.wait(Generous));
    peers.emitEvent(QStringLiteral("a"), QStringLiteral("server-rooms"), {}, true);
    QTRY_COMPARE_WITH_TIMEOUT(
        peers.reportsOf(QStringLiteral("a"), QStringLiteral("ack")).size(), 2, Generous);
    rooms = peers.reportsOf(QStringLiteral("a"), QStringLiteral("ack")).last();
    QVERIFY(!rooms.value(QStringLiteral("args"))
                 .toArray()
                 .at(0)
                 .toArray()
                 .contains(QStringLiteral("ops")));

    controller.disconnectSockets({a.toLatin1()}, false);
    QCOMPARE(peers.waitFor(QStringLiteral("a"), QStringLiteral("disconnect"))
                 .value(QStringLiteral("reason"))
                 .toString(),
        QStringLiteral("io server disconnect"));
    controller.disconnectSockets({b.toLatin1()}, true);
    QCOMPARE(peers.waitFor(QStringLiteral("b"), QStringLiteral("disconnect"))
                 .value(QStringLiteral("reason"))
                 .toString(),
        QStringLiteral("transport close"));
    host.stop();
}

void TestMonitorLive::composedBroadcastWithAcks()
{
    ServerHost host(config());
    QString error;
    QVERIFY2(host.start(&error), qPrintable(error));
    monitor::ServerController &controller = host.controller();
    NodePeers peers(baseUrl(host));
    const QString a = peers.connectAndWait(QStringLiteral("a"));
    const QString b = peers.connectAndWait(QStringLiteral("b"));
    const QString c = peers.connectAndWait(QStringLiteral("c"));
    QVERIFY(!a.isEmpty() && !b.isEmpty() && !c.isEmpty());
    peers.answer(QStringLiteral("b"), QStringLiteral("vote"), QStringLiteral("never"));
    peers.answer(QStringLiteral("a"), QStringLiteral("vote"), QStringLiteral("value"),
        QJsonObject{{QStringLiteral("ok"), true}});

    QSignalSpy answers(&controller, &monitor::MonitorSource::broadcastAnswered);
    QSignalSpy finished(&controller, &monitor::MonitorSource::broadcastFinished);
    monitor::BroadcastRequest request;
    request.id = 77;
    request.target = monitor::BroadcastRequest::Target::Sockets;
    request.sockets = {a.toLatin1(), b.toLatin1()};
    request.event = QStringLiteral("vote");
    request.arguments = {{false, R"({"q":"lunch?"})"}, {true, "bin"}};
    request.ackTimeoutMs = 1500;
    controller.broadcast(request);

    // Exactly the chosen clients, with the exact arguments (the binary one as a Buffer).
    for (const QString &id : {QStringLiteral("a"), QStringLiteral("b")}) {
        const QJsonObject got
            = peers.waitFor(id, QStringLiteral("message"), QStringLiteral("vote"));
        QCOMPARE(got.value(QStringLiteral("args")).toArray(),
            QJsonArray({QJsonObject{{QStringLiteral("q"), QStringLiteral("lunch?")}},
                QStringLiteral("bin")}));
        QCOMPARE(got.value(QStringLiteral("binary")).toArray(), QJsonArray({1}));
    }
    QVERIFY(finished.wait(Generous) || !finished.isEmpty());
    QTRY_COMPARE_WITH_TIMEOUT(finished.size(), 1, Generous);
    for (const QJsonObject &report :
        peers.reportsOf(QStringLiteral("c"), QStringLiteral("message")))
        QVERIFY(report.value(QStringLiteral("name")).toString() != QLatin1String("vote"));
    const auto summary = finished.first().first().value<monitor::BroadcastSummary>();
    QVERIFY2(summary.ok, qPrintable(summary.error));
    QCOMPARE(summary.requestId, quint64(77));
    QCOMPARE(summary.recipients, 2);
    QCOMPARE(summary.answered, 1);
    QCOMPARE(summary.timedOut, 1);
    QCOMPARE(answers.size(), 2);
    const auto first = answers.first().first().value<monitor::BroadcastAnswer>();
    QCOMPARE(first.socket, a.toLatin1());
    QCOMPARE(first.state, monitor::AckRecord::State::Answered);
    QCOMPARE(first.answer, QByteArray(R"([{"ok":true}])"));
    QVERIFY(first.latencyUs > 0);
    host.stop();
}

void TestMonitorLive::drainTellsClientsThenStops()
{
    ServerHost host(config());
    QString error;
    QVERIFY2(host.start(&error), qPrintable(error));
    NodePeers peers(baseUrl(host));
    QVERIFY(!peers.connectAndWait(QStringLiteral("a")).isEmpty());
    QVERIFY(!peers
                 .connectAndWait(
                     QStringLiteral("b"), QStringLiteral("/"), {}, {QStringLiteral("polling")})
                 .isEmpty());
    // A session that never joins a namespace nor leaves: only the deadline ends it.
    QTcpSocket stubborn;
    stubborn.connectToHost(QHostAddress::LocalHost, host.port());
    QVERIFY(stubborn.waitForConnected(10'000));
    stubborn.write("GET /socket.io/?EIO=4&transport=polling HTTP/1.1\r\nHost: x\r\n\r\n");
    QByteArray handshake;
    QTRY_VERIFY_WITH_TIMEOUT((handshake += stubborn.readAll()).contains("\"sid\""), Generous);

    QSignalSpy progress(&host.controller(), &monitor::MonitorSource::stopProgress);
    QSignalSpy stopped(&host, &ServerHost::stopped);
    host.controller().drainAndStop(std::chrono::milliseconds(1500));
    QCOMPARE(host.controller().state(), monitor::SourceState::Stopping);
    for (const QString &id : {QStringLiteral("a"), QStringLiteral("b")}) {
        QCOMPARE(peers.waitFor(id, QStringLiteral("disconnect"))
                     .value(QStringLiteral("reason"))
                     .toString(),
            QStringLiteral("io server disconnect"));
    }
    // Nobody new gets in while draining.
    QTcpSocket late;
    late.connectToHost(QHostAddress::LocalHost, host.port());
    QVERIFY(late.waitForConnected(10'000));
    late.write("GET /socket.io/?EIO=4&transport=polling HTTP/1.1\r\nHost: x\r\n\r\n");
    QByteArray refusal;
    QTRY_VERIFY_WITH_TIMEOUT((refusal += late.readAll()).contains("\r\n\r\n{"), Generous);
    QVERIFY2(refusal.startsWith("HTTP/1.1 403"), refusal.constData());
    QVERIFY2(
        refusal.contains(R"({"code":4,"message":"Server is shutting down"})"), refusal.constData());

    QVERIFY(stopped.wait(Generous) || !stopped.isEmpty());
    QCOMPARE(host.controller().state(), monitor::SourceState::Stopped);
    QVERIFY(progress.size() >= 2);
    QCOMPARE(progress.first().at(0).toInt(), 3); // every session open when it began
    QCOMPARE(progress.first().at(1).toInt(), 3);
    // The clients left by themselves; the stubborn session was still there at the deadline.
    QString seen;
    for (const QList<QVariant> &p : progress)
        seen += p.at(0).toString() + QLatin1Char(' ');
    QVERIFY2(progress.last().at(0).toInt() == 1, qPrintable(seen));
    QTRY_VERIFY_WITH_TIMEOUT(
        stubborn.state() == QAbstractSocket::UnconnectedState || !stubborn.waitForReadyRead(100),
        Generous);
}

QTEST_GUILESS_MAIN(TestMonitorLive)
#include "tst_monitor_live.moc"
