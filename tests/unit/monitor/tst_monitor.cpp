// The monitor on fake transports: what one tick reports of sockets, rooms, traffic, acks and
// failures, and that every store stays bounded.

#include "io_harness.h"

#include "monitor/loop_lag_probe.h"
#include "monitor/monitor.h"
#include "monitor/traffic_tap.h"
#include "protocol/msgpack_parser.h"

#include <QElapsedTimer>
#include <QTest>
#include <QThread>

using namespace sb;
using namespace sb::test;
using namespace std::chrono_literals;
using monitor::AckRecord;
using monitor::SnapshotPtr;

namespace {
constexpr int Generous = 5000; // ms, for every wait on a timer

// A monitor that is ticked by hand, its snapshots collected.
struct Watched
{
    explicit Watched(IoHarness &harness, monitor::MonitorOptions options = {})
        : monitor(harness.server, options)
    {
        QObject::connect(&monitor, &monitor::Monitor::snapshotReady,
            [this](const SnapshotPtr &snapshot) { snapshots.append(snapshot); });
    }
    const monitor::ServerSnapshot &tick()
    {
        monitor.tick();
        return *snapshots.last();
    }
    monitor::Monitor monitor;
    QList<SnapshotPtr> snapshots;
};

QList<AckRecord> settled(const QList<AckRecord> &acks)
{
    QList<AckRecord> result;
    for (const AckRecord &ack : acks) {
        if (ack.isSettled())
            result.append(ack);
    }
    return result;
}
} // namespace

class TestMonitor : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void tapRingKeepsNewestAndCountsDropped();
    void tapOverflowInSnapshots();
    void tapOffAndFiltered();
    void msgpackTrafficIsReadable();
    void broadcastIsOneRecord_data();
    void broadcastIsOneRecord();
    void serverAckEndStates_data();
    void serverAckEndStates();
    void clientAckEndStates();
    void socketDeltas();
    void socketAddsAreCappedPerTick();
    void counterUpdatesAreCappedFairly();
    void namespacesAndRooms();
    void refusedConnectIsAFailure();
    void roundTripTime();
    void socketDetails();
    void loopLagPercentiles();
    void loopLagSeesAStall();
    void composedArguments_data();
    void composedArguments();
    void broadcastTargets_data();
    void broadcastTargets();
    void broadcastRefused_data();
    void broadcastRefused();
    void broadcastWithAcks();
    void socketActions();
};

void TestMonitor::tapRingKeepsNewestAndCountsDropped()
{
    monitor::TrafficTap tap(3);
    for (int i = 0; i < 5; ++i) {
        monitor::TrafficRecord record;
        record.event = QString::number(i);
        tap.append(record);
    }
    QCOMPARE(tap.dropped(), quint64(2));
    const QList<monitor::TrafficRecord> records = tap.drain();
    QCOMPARE(records.size(), 3);
    QCOMPARE(records.at(0).event, QStringLiteral("2"));
    QCOMPARE(records.at(2).event, QStringLiteral("4"));
    QCOMPARE(records.at(0).seq, quint64(3)); // sequence numbers count the dropped ones too
    QCOMPARE(records.at(2).seq, quint64(5));
    QCOMPARE(tap.size(), 0);
    QVERIFY(tap.drain().isEmpty());
}

void TestMonitor::tapOverflowInSnapshots()
{
    IoHarness harness;
    monitor::MonitorOptions options;
    options.tapCapacity = 4;
    Watched watched(harness, options);
    Client client(harness);
    QVERIFY(!client.connect().isEmpty());
    for (int i = 0; i < 10; ++i)
        QVERIFY(client.send("2[\"e\"," + QByteArray::number(i) + "]"));
    const monitor::ServerSnapshot &snapshot = watched.tick();
    QCOMPARE(snapshot.traffic.size(), 4);
    QCOMPARE(snapshot.totals.trafficDropped, quint64(6));
    QCOMPARE(snapshot.totals.eventsIn, quint64(10)); // counters never drop
    QCOMPARE(snapshot.traffic.last().payload, QByteArray("2[\"e\",9]"));
    QCOMPARE(snapshot.traffic.last().direction, monitor::Direction::In);
    // The next tick starts empty; the dropped count is cumulative.
    const monitor::ServerSnapshot &next = watched.tick();
    QVERIFY(next.traffic.isEmpty());
    QCOMPARE(next.totals.trafficDropped, quint64(6));
}

void TestMonitor::msgpackTrafficIsReadable()
{
    // A msgpack client's event and the answer to it show in the traffic log as text, with the
    // binary value as a placeholder, as for a client of the default parser.
    io::ServerOptions serverOptions;
    serverOptions.parser = sio::ParserKind::Msgpack;
    IoHarness harness(serverOptions);
    harness.server.onConnection([](io::Socket &socket) {
        socket.on(
            QStringLiteral("echo"), [](const io::Args &args, const io::Ack &ack) { ack(args); });
    });
    Watched watched(harness);
    Client client(harness);
    sio::Packet connect;
    connect.type = sio::PacketType::Connect;
    client.sendBinary(sio::encodeMsgpack(connect));
    QCOMPARE(harness.server.main().sockets().size(), 1);
    sio::Packet event;
    event.type = sio::PacketType::BinaryEvent;
    event.id = 5;
    event.data = R"(["echo",{"n":18446744073709551615},{"_placeholder":true,"num":0}])";
    event.attachments = {QByteArray("\x00\x01", 2)};
    client.sendBinary(sio::encodeMsgpack(event));

    const monitor::ServerSnapshot &snapshot = watched.tick();
    QCOMPARE(snapshot.traffic.size(), 2);
    const monitor::TrafficRecord &in = snapshot.traffic.at(0);
    QCOMPARE(in.direction, monitor::Direction::In);
    QCOMPARE(in.event, QStringLiteral("echo"));
    QCOMPARE(in.payload,
        QByteArray(R"(51-5["echo",{"n":18446744073709551615},{"_placeholder":true,"num":0}])"));
    const monitor::TrafficRecord &out = snapshot.traffic.at(1);
    QCOMPARE(out.direction, monitor::Direction::Out);
    QCOMPARE(out.payload,
        QByteArray(R"(61-5[{"n":18446744073709551615},{"_placeholder":true,"num":0}])"));
    QCOMPARE(out.attachments, 1);
    QCOMPARE(out.size, client.sent().last().data.size()); // the msgpack message on the wire
    const QList<AckRecord> ends = settled(snapshot.acks);
    QCOMPARE(ends.size(), 1);
    QCOMPARE(ends.first().answer,
        QByteArray(R"([{"n":18446744073709551615},{"_placeholder":true,"num":0}])"));
}

void TestMonitor::tapOffAndFiltered()
{
    IoHarness harness;
    Watched watched(harness);
    Client client(harness);
    QVERIFY(!client.connect().isEmpty());
    watched.tick();

    watched.monitor.setTapEnabled(false);
    QVERIFY(client.send(R"(2["a"])"));
    const monitor::ServerSnapshot &off = watched.tick();
    QVERIFY(off.traffic.isEmpty());
    QVERIFY(!off.tapEnabled);
    QCOMPARE(off.totals.eventsIn, quint64(1));

    watched.monitor.setTapEnabled(true);
    monitor::TapFilter filter;
    filter.eventPattern = QStringLiteral("^keep");
    watched.monitor.setTapFilter(filter);
    QVERIFY(client.send(R"(2["drop-me"])"));
    QVERIFY(client.send(R"(2["keep-me",1])"));
    const monitor::ServerSnapshot &filtered = watched.tick();
    QCOMPARE(filtered.traffic.size(), 1);
    QCOMPARE(filtered.traffic.first().event, QStringLiteral("keep-me"));
    QCOMPARE(filtered.totals.eventsIn, quint64(3));

    filter = {};
    filter.in = false;
    watched.monitor.setTapFilter(filter);
    QVERIFY(client.send(R"(2["in"])"));
    QVERIFY(watched.tick().traffic.isEmpty());
}

void TestMonitor::broadcastIsOneRecord_data()
{
    QTest::addColumn<bool>("withExcept");
    QTest::addColumn<bool>("withAck");
    QTest::newRow("to room") << false << false;
    QTest::newRow("to room except") << true << false;
    QTest::newRow("to room with acks") << false << true;
}

void TestMonitor::broadcastIsOneRecord()
{
    QFETCH(bool, withExcept);
    QFETCH(bool, withAck);
    IoHarness harness;
    Watched watched(harness);
    std::vector<std::unique_ptr<Client>> clients;
    QByteArrayList sids;
    for (int i = 0; i < 4; ++i) {
        clients.push_back(std::make_unique<Client>(harness));
        sids.append(clients.back()->connect());
        QVERIFY(!sids.last().isEmpty());
        harness.server.main().socket(sids.last())->join(QStringLiteral("r"));
    }
    harness.server.main().socket(sids.at(0))->join(QStringLiteral("quiet"));
    watched.tick();

    io::BroadcastOperator op = harness.server.main().to(QStringLiteral("r"));
    if (withExcept)
        op = op.except(QStringLiteral("quiet"));
    const int expected = withExcept ? 3 : 4;
    if (withAck)
        op.timeout(10s).emitWithAck(
            QStringLiteral("news"), io::makeArgs(1), [](const io::BroadcastAckResult &) {});
    else
        op.emit(QStringLiteral("news"), io::makeArgs(1));

    const monitor::ServerSnapshot &snapshot = watched.tick();
    QCOMPARE(snapshot.traffic.size(), 1);
    const monitor::TrafficRecord &record = snapshot.traffic.first();
    QVERIFY(record.isBroadcast());
    QCOMPARE(record.direction, monitor::Direction::Out);
    QCOMPARE(record.recipients, expected);
    QCOMPARE(record.rooms, QStringList({QStringLiteral("r")}));
    QCOMPARE(record.except, withExcept ? QStringList({QStringLiteral("quiet")}) : QStringList());
    QCOMPARE(record.event, QStringLiteral("news"));
    QCOMPARE(record.ackId >= 0, withAck);
    QCOMPARE(snapshot.totals.eventsOut, quint64(expected));
    QCOMPARE(snapshot.totals.bytesOut, quint64(record.size) * quint64(expected));
    // Each recipient's own counter still counts it.
    int counted = 0;
    for (const monitor::SocketRow &row : snapshot.socketDelta.updated)
        counted += int(row.eventsOut);
    QCOMPARE(counted, expected);
    if (withAck) {
        QCOMPARE(snapshot.acks.size(), expected); // one pending ack per recipient
        for (const AckRecord &ack : snapshot.acks)
            QCOMPARE(ack.state, AckRecord::State::Pending);
    }
}

void TestMonitor::serverAckEndStates_data()
{
    QTest::addColumn<QString>("outcome");
    QTest::addColumn<AckRecord::State>("state");
    QTest::newRow("answered") << "answered" << AckRecord::State::Answered;
    QTest::newRow("timed out") << "timeout" << AckRecord::State::TimedOut;
    QTest::newRow("client left the namespace") << "leave" << AckRecord::State::Disconnected;
    QTest::newRow("transport closed") << "transport" << AckRecord::State::Disconnected;
    QTest::newRow("server kicked") << "kick" << AckRecord::State::Disconnected;
}

void TestMonitor::serverAckEndStates()
{
    QFETCH(QString, outcome);
    QFETCH(AckRecord::State, state);
    IoHarness harness;
    Watched watched(harness);
    Client client(harness);
    const QByteArray sid = client.connect();
    QPointer<io::Socket> socket = harness.server.main().socket(sid);
    QVERIFY(socket);
    client.clearSent();
    int callbacks = 0;
    socket->timeout(outcome == QLatin1String("timeout") ? 30ms : 30s)
        .emit(QStringLiteral("q"), io::makeArgs(1), [&](const io::AckResult &) { ++callbacks; });
    const QByteArray frame = client.texts().value(0);
    QVERIFY(frame.startsWith("2"));
    const QByteArray id = frame.mid(1, frame.indexOf('[') - 1);

    const monitor::ServerSnapshot &asked = watched.tick();
    QCOMPARE(asked.acks.size(), 1);
    const AckRecord pending = asked.acks.first();
    QCOMPARE(pending.state, AckRecord::State::Pending);
    QCOMPARE(pending.kind, AckRecord::Kind::ServerToClient);
    QCOMPARE(pending.event, QStringLiteral("q"));
    QCOMPARE(pending.socket, sid);
    QCOMPARE(QByteArray::number(pending.ackId), id);
    QVERIFY(pending.timeoutMs.has_value());

    if (outcome == QLatin1String("answered"))
        QVERIFY(client.send("3" + id + R"(["yes"])"));
    else if (outcome == QLatin1String("timeout"))
        QTRY_COMPARE_WITH_TIMEOUT(callbacks, 1, Generous);
    else if (outcome == QLatin1String("leave"))
        QVERIFY(client.send("1"));
    else if (outcome == QLatin1String("transport"))
        client.closeTransport();
    else
        socket->disconnect();
    QCOMPARE(callbacks, 1);

    const monitor::ServerSnapshot &ended = watched.tick();
    QCOMPARE(ended.acks.size(), 1); // exactly one end
    const AckRecord &end = ended.acks.first();
    QCOMPARE(end.key, pending.key);
    QCOMPARE(end.state, state);
    QVERIFY(end.settledAt >= end.requestedAt);
    QCOMPARE(
        end.answer, state == AckRecord::State::Answered ? QByteArray(R"(["yes"])") : QByteArray());
    QCOMPARE(ended.totals.acksAnswered, quint64(state == AckRecord::State::Answered));
    QCOMPARE(ended.totals.acksTimedOut, quint64(state == AckRecord::State::TimedOut));
    QCOMPARE(ended.totals.acksDisconnected, quint64(state == AckRecord::State::Disconnected));
    QVERIFY(watched.tick().acks.isEmpty()); // and nothing later
}

void TestMonitor::clientAckEndStates()
{
    IoHarness harness;
    io::Ack kept;
    harness.server.main().onConnection([&](io::Socket &socket) {
        socket.on(
            QStringLiteral("answer"), [](const io::Args &args, const io::Ack &ack) { ack(args); });
        socket.on(
            QStringLiteral("hold"), [&](const io::Args &, const io::Ack &ack) { kept = ack; });
    });
    Watched watched(harness);
    Client client(harness);
    const QByteArray sid = client.connect();
    QVERIFY(!sid.isEmpty());
    watched.tick();

    QVERIFY(client.send(R"(27["answer",{"n":1}])"));
    QVERIFY(client.send(R"(28["hold"])"));
    const monitor::ServerSnapshot &first = watched.tick();
    const QList<AckRecord> ends = settled(first.acks);
    QCOMPARE(ends.size(), 1);
    QCOMPARE(ends.first().kind, AckRecord::Kind::ClientToServer);
    QCOMPARE(ends.first().state, AckRecord::State::Answered);
    QCOMPARE(ends.first().ackId, quint64(7));
    QCOMPARE(ends.first().answer, QByteArray(R"([{"n":1}])"));
    QCOMPARE(first.traffic.size(), 3); // two events in, the answer out
    QCOMPARE(first.traffic.at(0).payload, QByteArray(R"(27["answer",{"n":1}])"));
    QCOMPARE(first.traffic.at(1).payload, QByteArray(R"(37[{"n":1}])"));
    QCOMPARE(first.traffic.at(1).direction, monitor::Direction::Out);
    QCOMPARE(first.acks.size(), 3); // 7 asked and answered, 8 asked
    // The held one counts as pending for its socket.
    bool sawPending = false;
    for (const monitor::SocketRow &row : first.socketDelta.updated) {
        if (row.id == sid)
            sawPending = row.pendingAcks == 1;
    }
    QVERIFY(sawPending);

    client.closeTransport();
    const monitor::ServerSnapshot &gone = watched.tick();
    const QList<AckRecord> later = settled(gone.acks);
    QCOMPARE(later.size(), 1);
    QCOMPARE(later.first().ackId, quint64(8));
    QCOMPARE(later.first().state, AckRecord::State::Disconnected);
}

void TestMonitor::socketDeltas()
{
    IoHarness harness;
    Watched watched(harness);
    Client a(harness);
    Client b(harness);
    const QByteArray sa = a.connect("/", R"({"username":"ann","token":"x"})");
    const QByteArray sb = b.connect();
    const monitor::ServerSnapshot &first = watched.tick();
    QCOMPARE(first.socketDelta.added.size(), 2);
    QCOMPARE(first.sockets, 2);
    QCOMPARE(first.connections, 2);
    for (const monitor::SocketRow &row : first.socketDelta.added) {
        QCOMPARE(row.nsp, QByteArray("/"));
        QCOMPARE(row.transport, QStringLiteral("websocket"));
        if (row.id == sa)
            QCOMPARE(row.user, QStringLiteral("ann"));
    }
    QVERIFY(watched.tick().socketDelta.isEmpty()); // nothing changed, nothing sent

    QVERIFY(a.send(R"(2["hello","world"])"));
    harness.server.main().socket(sb)->join(QStringLiteral("lobby"));
    const monitor::ServerSnapshot &changed = watched.tick();
    QCOMPARE(changed.socketDelta.updated.size(), 2);
    for (const monitor::SocketRow &row : changed.socketDelta.updated) {
        if (row.id == sa) {
            QCOMPARE(row.eventsIn, quint64(1));
            QCOMPARE(row.bytesIn, quint64(QByteArray(R"(["hello","world"])").size()));
        } else {
            QCOMPARE(row.rooms, QStringList({QStringLiteral("lobby")}));
        }
    }

    b.closeTransport();
    const monitor::ServerSnapshot &left = watched.tick();
    QCOMPARE(left.socketDelta.removed, QList<QByteArray>({sb}));
    QCOMPARE(left.sockets, 1);
    QCOMPARE(left.totals.disconnectsByReason.value(QStringLiteral("transport close")), quint64(1));
}

void TestMonitor::socketAddsAreCappedPerTick()
{
    IoHarness harness;
    monitor::MonitorOptions options;
    options.socketsAddedPerTick = 2;
    Watched watched(harness, options);
    std::vector<std::unique_ptr<Client>> clients;
    for (int i = 0; i < 5; ++i) {
        clients.push_back(std::make_unique<Client>(harness));
        QVERIFY(!clients.back()->connect().isEmpty());
    }
    // One that comes and goes between two ticks is never shown, nor removed.
    Client brief(harness);
    QVERIFY(!brief.connect().isEmpty());
    brief.closeTransport();

    QList<int> added;
    QSet<QByteArray> ids;
    for (int i = 0; i < 4; ++i) {
        const monitor::ServerSnapshot &snapshot = watched.tick();
        added.append(int(snapshot.socketDelta.added.size()));
        QVERIFY(snapshot.socketDelta.removed.isEmpty());
        for (const monitor::SocketRow &row : snapshot.socketDelta.added)
            ids.insert(row.id);
    }
    QCOMPARE(added, QList<int>({2, 2, 1, 0}));
    QCOMPARE(ids.size(), 5);
}

// Counter-only changes of many sockets wait for the per-tick budget, the longest unsent first;
// a change of rooms is sent at once, whatever the budget.
void TestMonitor::counterUpdatesAreCappedFairly()
{
    IoHarness harness;
    monitor::MonitorOptions options;
    options.counterUpdatesPerTick = 2;
    Watched watched(harness, options);
    std::vector<std::unique_ptr<Client>> clients;
    QList<QByteArray> ids;
    for (int i = 0; i < 5; ++i) {
        clients.push_back(std::make_unique<Client>(harness));
        ids.append(clients.back()->connect());
        QVERIFY(!ids.back().isEmpty());
    }
    QCOMPARE(watched.tick().socketDelta.added.size(), 5);

    // One event each: five rows to update, two per tick, each exactly once, none forgotten.
    for (auto &client : clients)
        QVERIFY(client->send(R"(2["tick"])"));
    QList<int> updated;
    QHash<QByteArray, int> times;
    for (int i = 0; i < 4; ++i) {
        const monitor::SocketDelta &delta = watched.tick().socketDelta;
        updated.append(int(delta.updated.size()));
        for (const monitor::SocketRow &row : delta.updated) {
            ++times[row.id];
            QCOMPARE(row.eventsIn, quint64(1)); // the row is current when it is sent
        }
    }
    QCOMPARE(updated, QList<int>({2, 2, 1, 0}));
    QCOMPARE(times.size(), 5);
    for (const QByteArray &id : std::as_const(ids))
        QCOMPARE(times.value(id), 1);

    // Every socket busy on every tick: still two rows a tick, taking turns.
    times.clear();
    for (int i = 0; i < 10; ++i) {
        for (auto &client : clients)
            QVERIFY(client->send(R"(2["tick"])"));
        const monitor::SocketDelta &delta = watched.tick().socketDelta;
        QCOMPARE(delta.updated.size(), 2);
        for (const monitor::SocketRow &row : delta.updated)
            ++times[row.id];
    }
    // 20 rows over 5 sockets, in turn (ties between equally old rows may go either way).
    for (const QByteArray &id : std::as_const(ids)) {
        QVERIFY2(times.value(id) >= 3 && times.value(id) <= 5,
            qPrintable(QString::number(times.value(id))));
    }

    // A room joined is not a counter: all five at once, past the budget.
    watched.tick();
    watched.tick();
    watched.tick(); // the counters caught up
    for (const QByteArray &id : std::as_const(ids))
        harness.server.main().socket(id)->join(QStringLiteral("lobby"));
    const monitor::SocketDelta &joined = watched.tick().socketDelta;
    QCOMPARE(joined.updated.size(), 5);
    for (const monitor::SocketRow &row : joined.updated)
        QCOMPARE(row.rooms, QStringList({QStringLiteral("lobby")}));
}

void TestMonitor::namespacesAndRooms()
{
    IoHarness harness;
    harness.server.of("/chat");
    Watched watched(harness);
    Client a(harness);
    Client b(harness);
    const QByteArray sa = a.connect("/chat");
    const QByteArray sb = b.connect("/chat");
    harness.server.of("/chat").socket(sa)->join(QStringLiteral("red"));
    harness.server.of("/chat").socket(sb)->join(QStringLiteral("red"));
    harness.server.of("/chat").socket(sb)->join(QStringLiteral("blue"));
    const monitor::ServerSnapshot &snapshot = watched.tick();
    QVERIFY(snapshot.namespacesChanged);
    const auto chat = std::find_if(snapshot.namespaces.cbegin(), snapshot.namespaces.cend(),
        [](const monitor::NamespaceCount &n) { return n.name == "/chat"; });
    QVERIFY(chat != snapshot.namespaces.cend());
    QCOMPARE(chat->sockets, 2);
    // Sorted, and without the sockets' own rooms.
    QCOMPARE(chat->rooms,
        QList<monitor::RoomCount>({{QStringLiteral("blue"), 1}, {QStringLiteral("red"), 2}}));
    QVERIFY(!watched.tick().namespacesChanged);

    harness.server.of("/chat").socket(sb)->leave(QStringLiteral("blue"));
    const monitor::ServerSnapshot &after = watched.tick();
    QVERIFY(after.namespacesChanged);
    const auto chat2 = std::find_if(after.namespaces.cbegin(), after.namespaces.cend(),
        [](const monitor::NamespaceCount &n) { return n.name == "/chat"; });
    QCOMPARE(chat2->rooms, QList<monitor::RoomCount>({{QStringLiteral("red"), 2}}));
}

void TestMonitor::refusedConnectIsAFailure()
{
    IoHarness harness;
    harness.server.of("/locked").use([](io::Socket &, const io::NextFunction &next) {
        next(io::ConnectError{QStringLiteral("not allowed"), R"({"why":"test"})"});
    });
    Watched watched(harness);
    http::Request request;
    request.remoteAddress = QHostAddress(QStringLiteral("192.0.2.7"));
    request.headers = {{"origin", "http://example.test"}};
    Client client(harness, eio::TransportKind::WebSocket, true, request);
    client.connect("/nowhere");
    client.connect("/locked");
    const monitor::ServerSnapshot &snapshot = watched.tick();
    QCOMPARE(snapshot.failures.size(), 2);
    QCOMPARE(snapshot.totals.refusedConnects, quint64(2));
    const monitor::ConnectionFailure &unknown = snapshot.failures.at(0);
    QCOMPARE(unknown.kind, monitor::ConnectionFailure::Kind::Connect);
    QCOMPARE(unknown.message, QStringLiteral("Invalid namespace"));
    QCOMPARE(unknown.nsp, QByteArray("/nowhere"));
    QCOMPARE(unknown.address, QStringLiteral("192.0.2.7"));
    QCOMPARE(unknown.origin, QStringLiteral("http://example.test"));
    const monitor::ConnectionFailure &locked = snapshot.failures.at(1);
    QCOMPARE(locked.message, QStringLiteral("not allowed"));
    QCOMPARE(locked.detail, QByteArray(R"({"why":"test"})"));
}

void TestMonitor::roundTripTime()
{
    eio::EngineOptions engineOptions;
    engineOptions.pingInterval = 20ms;
    engineOptions.pingTimeout = 10s;
    IoHarness harness({}, engineOptions);
    Watched watched(harness);
    Client client(harness);
    const QByteArray sid = client.connect();
    QVERIFY(!sid.isEmpty());
    QVERIFY(watched.tick().rtt.samples == 0);
    const auto pinged = [&] {
        for (const eio::Packet &packet : client.sent()) {
            if (packet.type == eio::PacketType::Ping)
                return true;
        }
        return false;
    };
    QTRY_VERIFY_WITH_TIMEOUT(pinged(), Generous);
    QTest::qWait(5); // a round trip of at least a few milliseconds
    client.fake()->deliver(eio::Packet::of(eio::PacketType::Pong));
    const monitor::ServerSnapshot &snapshot = watched.tick();
    QCOMPARE(snapshot.rtt.samples, quint64(1));
    QVERIFY(snapshot.rtt.p50Us >= 5000);
    bool rowHasRtt = false;
    for (const monitor::SocketRow &row : snapshot.socketDelta.updated)
        rowHasRtt = rowHasRtt || (row.id == sid && row.rttUs >= 5000);
    QVERIFY(rowHasRtt);
}

void TestMonitor::socketDetails()
{
    IoHarness harness;
    Watched watched(harness);
    http::Request request;
    request.target = "/socket.io/?EIO=4&transport=websocket&room=a%20b";
    request.query = "EIO=4&transport=websocket&room=a%20b";
    request.headers = {{"user-agent", "tester"}};
    Client client(harness, eio::TransportKind::WebSocket, true, request);
    const QByteArray sid = client.connect("/", R"({"token":"secret"})");
    harness.server.main().socket(sid)->join(QStringLiteral("z"));
    const monitor::SocketDetails details = watched.monitor.socketDetails(sid);
    QVERIFY(details.found);
    QCOMPARE(details.auth, QByteArray(R"({"token":"secret"})"));
    QCOMPARE(details.rooms, QStringList({QStringLiteral("z")}));
    QCOMPARE(details.url, request.target);
    QVERIFY(details.query.contains(std::pair<QByteArray, QByteArray>("room", "a b")));
    QVERIFY(details.headers.contains(std::pair<QByteArray, QByteArray>("user-agent", "tester")));
    QCOMPARE(details.transport, QStringLiteral("websocket"));
    QVERIFY(!watched.monitor.socketDetails("nobody").found);
}

void TestMonitor::loopLagPercentiles()
{
    monitor::LoopLagProbe probe(50ms, 100);
    QVERIFY(!probe.lag().known);
    for (int i = 1; i <= 100; ++i)
        probe.addSample(double(i));
    const monitor::LoopLag lag = probe.lag();
    QVERIFY(lag.known);
    QCOMPARE(lag.maxMs, 100.0);
    QVERIFY(lag.p50Ms >= 49 && lag.p50Ms <= 52);
    QVERIFY(lag.p99Ms >= 98);
    // The window forgets old samples.
    for (int i = 0; i < 100; ++i)
        probe.addSample(1.0);
    QCOMPARE(probe.lag().maxMs, 1.0);
}

void TestMonitor::loopLagSeesAStall()
{
    monitor::LoopLagProbe probe(10ms, 50);
    probe.start();
    QTRY_VERIFY_WITH_TIMEOUT(probe.sampleCount() >= 2, Generous);
    const qsizetype before = probe.sampleCount();
    QThread::msleep(80); // the stall under test, not a synchronisation
    QTRY_VERIFY_WITH_TIMEOUT(probe.sampleCount() > before, Generous);
    QVERIFY(probe.lag().maxMs >= 60.0);
}

void TestMonitor::composedArguments_data()
{
    QTest::addColumn<QList<monitor::ComposedArgument>>("arguments");
    QTest::addColumn<QByteArray>("json"); // empty: refused
    QTest::addColumn<int>("attachments");
    using A = monitor::ComposedArgument;
    QTest::newRow("none") << QList<A>{} << QByteArray("[]") << 0;
    QTest::newRow("object kept as typed") << QList<A>{{false, R"( {"b":1,"a":[true,null]} )"}}
                                          << QByteArray(R"([{"b":1,"a":[true,null]}])") << 0;
    QTest::newRow("scalars") << QList<A>{{false, "42"}, {false, R"("hi")"}, {false, "null"},
        {false, "-1.5e3"}} << QByteArray(R"([42,"hi",null,-1.5e3])")
                             << 0;
    QTest::newRow("big integer exact")
        << QList<A>{{false, "12345678901234567890"}} << QByteArray("[12345678901234567890]") << 0;
    QTest::newRow("binary") << QList<A>{{false, "1"}, {true, QByteArray("\x00\xff", 2)}}
                            << QByteArray(R"([1,{"_placeholder":true,"num":0}])") << 1;
    QTest::newRow("empty text") << QList<A>{{false, "  "}} << QByteArray() << 0;
    QTest::newRow("two values") << QList<A>{{false, "1, 2"}} << QByteArray() << 0;
    QTest::newRow("not JSON") << QList<A>{{false, "{a:1}"}} << QByteArray() << 0;
    QTest::newRow("unterminated") << QList<A>{{false, R"(["x")"}} << QByteArray() << 0;
    QTest::newRow("placeholder forged")
        << QList<A>{{false, R"({"_placeholder":true,"num":0})"}} << QByteArray() << 0;
}

void TestMonitor::composedArguments()
{
    QFETCH(QList<monitor::ComposedArgument>, arguments);
    QFETCH(QByteArray, json);
    QFETCH(int, attachments);
    io::Args args;
    const std::optional<QString> error = monitor::Monitor::buildArguments(arguments, args);
    if (json.isEmpty()) {
        QVERIFY(error.has_value());
        QVERIFY(error->contains(QStringLiteral("argument")));
        return;
    }
    QVERIFY2(!error, error ? qPrintable(*error) : "");
    QCOMPARE(args.json(), json);
    QCOMPARE(args.attachments().size(), attachments);
}

void TestMonitor::broadcastTargets_data()
{
    QTest::addColumn<int>("target");
    QTest::addColumn<QStringList>("rooms");
    QTest::addColumn<QStringList>("except");
    QTest::addColumn<QList<int>>("sockets"); // indexes of the chosen sockets (Sockets target)
    QTest::addColumn<QList<int>>("reached"); // indexes of the clients that must get it
    using T = monitor::BroadcastRequest::Target;
    // Clients 0,1,2 on "/" (0,1 in room r; 1 in room q), client 3 on "/other".
    QTest::newRow("everyone") << int(T::Everyone) << QStringList() << QStringList() << QList<int>()
                              << QList<int>{0, 1, 2, 3};
    QTest::newRow("namespace") << int(T::Namespace) << QStringList() << QStringList()
                               << QList<int>() << QList<int>{0, 1, 2};
    QTest::newRow("room") << int(T::Rooms) << QStringList{QStringLiteral("r")} << QStringList()
                          << QList<int>() << QList<int>{0, 1};
    QTest::newRow("room except") << int(T::Rooms) << QStringList{QStringLiteral("r")}
                                 << QStringList{QStringLiteral("q")} << QList<int>()
                                 << QList<int>{0};
    QTest::newRow("namespace except")
        << int(T::Namespace) << QStringList() << QStringList{QStringLiteral("r")} << QList<int>()
        << QList<int>{2};
    QTest::newRow("two rooms") << int(T::Rooms)
                               << QStringList{QStringLiteral("r"), QStringLiteral("q")}
                               << QStringList() << QList<int>() << QList<int>{0, 1};
    QTest::newRow("sockets across namespaces") << int(T::Sockets) << QStringList() << QStringList()
                                               << QList<int>{2, 3} << QList<int>{2, 3};
}

void TestMonitor::broadcastTargets()
{
    QFETCH(int, target);
    QFETCH(QStringList, rooms);
    QFETCH(QStringList, except);
    QFETCH(QList<int>, sockets);
    QFETCH(QList<int>, reached);
    IoHarness harness;
    harness.server.of("/other");
    Watched watched(harness);
    std::vector<std::unique_ptr<Client>> clients;
    QByteArrayList sids;
    for (int i = 0; i < 4; ++i) {
        clients.push_back(std::make_unique<Client>(harness));
        sids.append(clients.back()->connect(i == 3 ? "/other" : "/"));
        QVERIFY(!sids.last().isEmpty());
    }
    harness.server.main().socket(sids[0])->join(QStringLiteral("r"));
    harness.server.main().socket(sids[1])->join(
        QSet<io::Room>{QStringLiteral("r"), QStringLiteral("q")});
    for (auto &client : clients)
        client->clearSent();

    QList<monitor::BroadcastSummary> summaries;
    QObject::connect(&watched.monitor, &monitor::Monitor::broadcastFinished,
        [&](const monitor::BroadcastSummary &s) { summaries.append(s); });
    monitor::BroadcastRequest request;
    request.id = 9;
    request.target = monitor::BroadcastRequest::Target(target);
    request.rooms = rooms;
    request.except = except;
    for (int index : sockets)
        request.sockets.append(sids.at(index));
    request.event = QStringLiteral("note");
    request.arguments = {{false, R"({"x":1})"}, {true, "raw"}};
    watched.monitor.broadcast(request);

    QCOMPARE(summaries.size(), 1);
    QVERIFY2(summaries.first().ok, qPrintable(summaries.first().error));
    QCOMPARE(summaries.first().requestId, quint64(9));
    QCOMPARE(summaries.first().recipients, int(reached.size()));
    for (int i = 0; i < 4; ++i) {
        const QByteArrayList texts = clients[size_t(i)]->texts();
        if (reached.contains(i)) {
            QCOMPARE(texts.size(), 1);
            QVERIFY2(texts.first().endsWith(R"(["note",{"x":1},{"_placeholder":true,"num":0}])"),
                texts.first().constData());
            QCOMPARE(clients[size_t(i)]->binaries(), QByteArrayList({"raw"}));
        } else {
            QVERIFY2(texts.isEmpty(), texts.value(0).constData());
        }
    }
}

void TestMonitor::broadcastRefused_data()
{
    QTest::addColumn<QString>("event");
    QTest::addColumn<QByteArray>("nsp");
    QTest::addColumn<QByteArray>("argument");
    QTest::newRow("no event") << QString() << QByteArray("/") << QByteArray("1");
    QTest::newRow("reserved event")
        << QStringLiteral("disconnect") << QByteArray("/") << QByteArray("1");
    QTest::newRow("unknown namespace")
        << QStringLiteral("e") << QByteArray("/nope") << QByteArray("1");
    QTest::newRow("bad argument") << QStringLiteral("e") << QByteArray("/") << QByteArray("{");
}

void TestMonitor::broadcastRefused()
{
    QFETCH(QString, event);
    QFETCH(QByteArray, nsp);
    QFETCH(QByteArray, argument);
    IoHarness harness;
    Watched watched(harness);
    Client client(harness);
    QVERIFY(!client.connect().isEmpty());
    client.clearSent();
    QList<monitor::BroadcastSummary> summaries;
    QObject::connect(&watched.monitor, &monitor::Monitor::broadcastFinished,
        [&](const monitor::BroadcastSummary &s) { summaries.append(s); });
    monitor::BroadcastRequest request;
    request.id = 1;
    request.nsp = nsp;
    request.event = event;
    request.arguments = {{false, argument}};
    watched.monitor.broadcast(request);
    QCOMPARE(summaries.size(), 1);
    QVERIFY(!summaries.first().ok);
    QVERIFY(!summaries.first().error.isEmpty());
    QVERIFY(client.texts().isEmpty()); // nothing was sent
}

void TestMonitor::broadcastWithAcks()
{
    IoHarness harness;
    Watched watched(harness);
    std::vector<std::unique_ptr<Client>> clients;
    QByteArrayList sids;
    for (int i = 0; i < 3; ++i) {
        clients.push_back(std::make_unique<Client>(harness));
        sids.append(clients.back()->connect());
        clients.back()->clearSent();
    }
    QList<monitor::BroadcastAnswer> answers;
    QList<monitor::BroadcastSummary> summaries;
    QObject::connect(&watched.monitor, &monitor::Monitor::broadcastAnswered,
        [&](const monitor::BroadcastAnswer &a) { answers.append(a); });
    QObject::connect(&watched.monitor, &monitor::Monitor::broadcastFinished,
        [&](const monitor::BroadcastSummary &s) { summaries.append(s); });
    monitor::BroadcastRequest request;
    request.id = 5;
    request.event = QStringLiteral("poll");
    request.ackTimeoutMs = 100;
    watched.monitor.broadcast(request);
    QVERIFY(summaries.isEmpty()); // waits for the acks

    const QByteArray frame = clients[0]->texts().value(0);
    const QByteArray id = frame.mid(1, frame.indexOf('[') - 1);
    QVERIFY(clients[0]->send("3" + id + R"(["yes"])")); // answers
    clients[1]->closeTransport(); // goes away; client 2 stays silent
    QCOMPARE(answers.size(), 2); // live, before the summary
    QCOMPARE(answers.at(0).socket, sids[0]);
    QCOMPARE(answers.at(0).state, AckRecord::State::Answered);
    QCOMPARE(answers.at(0).answer, QByteArray(R"(["yes"])"));
    QCOMPARE(answers.at(1).socket, sids[1]);
    QCOMPARE(answers.at(1).state, AckRecord::State::Disconnected);
    QTRY_COMPARE_WITH_TIMEOUT(summaries.size(), 1, Generous);
    QCOMPARE(answers.size(), 3);
    QCOMPARE(answers.at(2).state, AckRecord::State::TimedOut);
    const monitor::BroadcastSummary &summary = summaries.first();
    QVERIFY(summary.ok);
    QCOMPARE(summary.recipients, 3);
    QCOMPARE(summary.answered, 1);
    QCOMPARE(summary.disconnected, 1);
    QCOMPARE(summary.timedOut, 1);
}

void TestMonitor::socketActions()
{
    IoHarness harness;
    Watched watched(harness);
    Client a(harness);
    Client b(harness);
    Client c(harness);
    const QByteArray sa = a.connect();
    const QByteArray sb = b.connect();
    const QByteArray sc = c.connect();

    monitor::ActionResult joined
        = watched.monitor.joinRooms({sa, sb, "gone"}, {QStringLiteral("x"), QStringLiteral("y")});
    QCOMPARE(joined.affected, 2);
    QCOMPARE(joined.missing, 1);
    QCOMPARE(harness.server.main().socket(sa)->rooms().contains(QStringLiteral("y")), true);
    QCOMPARE(watched.monitor.joinRooms({sa}, {}).error.isEmpty(), false);

    monitor::ActionResult left = watched.monitor.leaveRooms({sb}, {QStringLiteral("y")});
    QCOMPARE(left.affected, 1);
    QVERIFY(!harness.server.main().socket(sb)->rooms().contains(QStringLiteral("y")));

    // A namespace kick sends DISCONNECT (the client sees "io server disconnect"); a connection
    // kick closes the session.
    a.clearSent();
    monitor::ActionResult kicked = watched.monitor.disconnectSockets({sa}, false);
    QCOMPARE(kicked.affected, 1);
    QCOMPARE(a.texts(), QByteArrayList({"1"}));
    QVERIFY(!a.isClosed());
    c.clearSent();
    monitor::ActionResult closed = watched.monitor.disconnectSockets({sc}, true);
    QCOMPARE(closed.affected, 1);
    QVERIFY(c.isClosed());
    QVERIFY(c.texts().isEmpty()); // no DISCONNECT packet: the client sees its transport close

    monitor::ActionResult room = watched.monitor.disconnectRoom("/", QStringLiteral("x"), false);
    QCOMPARE(room.affected, 1); // b (a already left)
    QVERIFY(!harness.server.main().socket(sb) || !harness.server.main().socket(sb)->connected());
    QVERIFY(!watched.monitor.disconnectRoom("/nope", QStringLiteral("x"), false).error.isEmpty());
}

QTEST_GUILESS_MAIN(TestMonitor)
#include "tst_monitor.moc"
