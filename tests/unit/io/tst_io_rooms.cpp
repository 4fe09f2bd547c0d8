// The in-memory adapter driven through real sockets on fake transports: room membership, the room
// lifecycle events, and which sockets a broadcast reaches for every (rooms, except) combination.

#include "io_harness.h"

#include <QTest>

using namespace sb;
using namespace sb::test;
using io::Room;
using io::SocketId;

namespace {

// Four sockets of "/": A in r1; B in r1 and r2; C in r2; D in no room but its own.
struct FourSockets
{
    FourSockets()
    {
        for (int i = 0; i < 4; ++i) {
            clients.push_back(std::make_unique<Client>(harness));
            const QByteArray sid = clients.back()->connect();
            sockets.append(harness.server.main().socket(sid));
        }
        socket('A')->join(QStringLiteral("r1"));
        socket('B')->join(QSet<Room>{QStringLiteral("r1"), QStringLiteral("r2")});
        socket('C')->join(QStringLiteral("r2"));
        for (auto &client : clients)
            client->clearSent();
    }
    bool ready() const
    {
        for (const auto &s : sockets) {
            if (!s || !s->connected())
                return false;
        }
        return sockets.size() == 4;
    }
    io::Socket *socket(char name) const { return sockets.value(name - 'A'); }
    Client &client(char name) const { return *clients.at(size_t(name - 'A')); }
    // "#B" names B's own room; anything else is a room name.
    QSet<Room> resolve(const QStringList &names) const
    {
        QSet<Room> rooms;
        for (const QString &name : names) {
            if (name.startsWith(u'#'))
                rooms.insert(socket(char(name.at(1).unicode()))->ownRoom());
            else
                rooms.insert(name);
        }
        return rooms;
    }
    // The sockets (as letters) whose client got exactly the text `frame`, each checked to have
    // got it at most once.
    QString receivers(const QByteArray &frame, QString *duplicates) const
    {
        QString result;
        for (char name = 'A'; name <= 'D'; ++name) {
            const qsizetype count = client(name).texts().count(frame);
            if (count > 0)
                result += QLatin1Char(name);
            if (count > 1)
                *duplicates += QLatin1Char(name);
        }
        return result;
    }
    QString letters(const QSet<SocketId> &ids) const
    {
        QString result;
        for (char name = 'A'; name <= 'D'; ++name) {
            if (ids.contains(socket(name)->id()))
                result += QLatin1Char(name);
        }
        return result;
    }

    IoHarness harness;
    std::vector<std::unique_ptr<Client>> clients;
    QList<QPointer<io::Socket>> sockets;
};

QSet<Room> rooms(std::initializer_list<const char *> names)
{
    QSet<Room> result;
    for (const char *name : names)
        result.insert(QString::fromUtf8(name));
    return result;
}

} // namespace

class TestIoRooms : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void ownRoomOnConnect();
    void joinAndLeave();
    void roomsMap();
    void roomEvents();
    void joinTwiceLeaveUnknown();
    void delAllOnDisconnect_data();
    void delAllOnDisconnect();
    void broadcastRecipients_data();
    void broadcastRecipients();
    void socketBroadcastExcludesSender_data();
    void socketBroadcastExcludesSender();
    void operatorIsImmutable();
    void roomsArePerNamespace();
    void fetchSockets();
    void socketsJoinAndLeave();
    void disconnectSockets_data();
    void disconnectSockets();
    void broadcastEncodedOnce();
    void compressFlag();
};

void TestIoRooms::ownRoomOnConnect()
{
    IoHarness harness;
    ObserverLog events;
    ObserverGuard guard(harness.server, events);
    Client client(harness);
    const SocketId sid = client.connect();
    QCOMPARE(sid.size(), 20);
    io::Socket *socket = harness.server.main().socket(sid);
    QVERIFY(socket);
    QCOMPARE(socket->ownRoom(), QString::fromLatin1(sid));
    QCOMPARE(socket->rooms(), QSet<Room>{socket->ownRoom()});
    QCOMPARE(harness.adapter().socketRooms(sid), QSet<Room>{socket->ownRoom()});
    QCOMPARE(harness.adapter().rooms().value(socket->ownRoom()), QSet<SocketId>{sid});
    QCOMPARE(harness.adapter().rooms().size(), 1);
    QCOMPARE(events.matching("room"),
        QByteArrayList({"roomCreated / " + sid, "roomJoined / " + sid + ' ' + sid}));
}

void TestIoRooms::joinAndLeave()
{
    IoHarness harness;
    Client client(harness);
    const SocketId sid = client.connect();
    io::Socket *socket = harness.server.main().socket(sid);
    QVERIFY(socket);
    const Room own = socket->ownRoom();

    socket->join(QStringLiteral("a"));
    QCOMPARE(socket->rooms(), (QSet<Room>{own, QStringLiteral("a")}));
    socket->join(rooms({"b", "c"}));
    QCOMPARE(socket->rooms(),
        (QSet<Room>{own, QStringLiteral("a"), QStringLiteral("b"), QStringLiteral("c")}));
    QCOMPARE(harness.adapter().socketRooms(sid), socket->rooms());

    socket->leave(QStringLiteral("b"));
    QCOMPARE(socket->rooms(), (QSet<Room>{own, QStringLiteral("a"), QStringLiteral("c")}));
    QVERIFY(!harness.adapter().rooms().contains(QStringLiteral("b")));
    // Leaving its own room is allowed (socket.io does not forbid it).
    socket->leave(own);
    QCOMPARE(socket->rooms(), (QSet<Room>{QStringLiteral("a"), QStringLiteral("c")}));
    QVERIFY(!harness.adapter().rooms().contains(own));
    QCOMPARE(harness.adapter().sockets({}), QSet<SocketId>{sid});
}

void TestIoRooms::roomsMap()
{
    FourSockets world;
    QVERIFY(world.ready());
    const SocketId a = world.socket('A')->id();
    const SocketId b = world.socket('B')->id();
    const SocketId c = world.socket('C')->id();
    const SocketId d = world.socket('D')->id();
    QHash<Room, QSet<SocketId>> expected{
        {QStringLiteral("r1"), {a, b}},
        {QStringLiteral("r2"), {b, c}},
        {QString::fromLatin1(a), {a}},
        {QString::fromLatin1(b), {b}},
        {QString::fromLatin1(c), {c}},
        {QString::fromLatin1(d), {d}},
    };
    QCOMPARE(world.harness.adapter().rooms(), expected);
    QCOMPARE(world.harness.adapter().socketRooms(b),
        (QSet<Room>{QString::fromLatin1(b), QStringLiteral("r1"), QStringLiteral("r2")}));
    QCOMPARE(world.harness.adapter().socketRooms("nobody"), QSet<Room>());
    QCOMPARE(world.harness.adapter().sockets(rooms({"r1"})), (QSet<SocketId>{a, b}));
    QCOMPARE(world.harness.adapter().sockets(rooms({"r1", "r2"})), (QSet<SocketId>{a, b, c}));
    QCOMPARE(world.harness.adapter().sockets({}), (QSet<SocketId>{a, b, c, d}));
}

void TestIoRooms::roomEvents()
{
    IoHarness harness;
    Client first(harness);
    Client second(harness);
    const SocketId s1 = first.connect();
    const SocketId s2 = second.connect();
    io::Socket *one = harness.server.main().socket(s1);
    io::Socket *two = harness.server.main().socket(s2);
    QVERIFY(one && two);

    ObserverLog events;
    ObserverGuard guard(harness.server, events);
    const Room room = QStringLiteral("lobby");
    one->join(room);
    two->join(room);
    one->leave(room);
    two->leave(room);
    QCOMPARE(events.lines,
        QByteArrayList({
            "roomCreated / lobby",
            "roomJoined / lobby " + s1,
            "roomJoined / lobby " + s2,
            "roomLeft / lobby " + s1,
            "roomLeft / lobby " + s2,
            "roomDeleted / lobby",
        }));
    QVERIFY(!harness.adapter().rooms().contains(room));
}

void TestIoRooms::joinTwiceLeaveUnknown()
{
    IoHarness harness;
    Client client(harness);
    const SocketId sid = client.connect();
    io::Socket *socket = harness.server.main().socket(sid);
    QVERIFY(socket);
    ObserverLog events;
    ObserverGuard guard(harness.server, events);
    socket->join(QStringLiteral("a"));
    socket->join(QStringLiteral("a"));
    socket->leave(QStringLiteral("never-joined"));
    QCOMPARE(events.lines, QByteArrayList({"roomCreated / a", "roomJoined / a " + sid}));
    QCOMPARE(harness.adapter().rooms().value(QStringLiteral("a")), QSet<SocketId>{sid});
    QVERIFY(!harness.adapter().rooms().contains(QStringLiteral("never-joined")));
}

void TestIoRooms::delAllOnDisconnect_data()
{
    QTest::addColumn<QByteArray>("how");
    QTest::newRow("client DISCONNECT") << QByteArray("client");
    QTest::newRow("server disconnect()") << QByteArray("server");
    QTest::newRow("transport close") << QByteArray("transport");
}

void TestIoRooms::delAllOnDisconnect()
{
    QFETCH(QByteArray, how);
    IoHarness harness;
    Client stays(harness);
    Client leaves(harness);
    const SocketId kept = stays.connect();
    const SocketId gone = leaves.connect();
    QPointer<io::Socket> keptSocket = harness.server.main().socket(kept);
    QPointer<io::Socket> goneSocket = harness.server.main().socket(gone);
    QVERIFY(keptSocket && goneSocket);
    keptSocket->join(QStringLiteral("shared"));
    goneSocket->join(rooms({"shared", "alone"}));

    ObserverLog events;
    ObserverGuard guard(harness.server, events);
    if (how == "client")
        QVERIFY(leaves.send("1"));
    else if (how == "server")
        goneSocket->disconnect();
    else
        leaves.closeTransport();

    QCOMPARE(harness.adapter().socketRooms(gone), QSet<Room>());
    QCOMPARE(harness.adapter().rooms().value(QStringLiteral("shared")), QSet<SocketId>{kept});
    QVERIFY(!harness.adapter().rooms().contains(QStringLiteral("alone")));
    QVERIFY(!harness.adapter().rooms().contains(QString::fromLatin1(gone)));
    QCOMPARE(harness.adapter().sockets({}), QSet<SocketId>{kept});

    QByteArrayList roomLines = events.matching("room");
    std::sort(roomLines.begin(), roomLines.end());
    QByteArrayList expected{
        "roomDeleted / " + gone,
        "roomDeleted / alone",
        "roomLeft / " + gone + ' ' + gone,
        "roomLeft / alone " + gone,
        "roomLeft / shared " + gone,
    };
    std::sort(expected.begin(), expected.end());
    QCOMPARE(roomLines, expected);
    QVERIFY(!harness.server.main().socket(gone));
    QTRY_VERIFY_WITH_TIMEOUT(!goneSocket, 5000); // deleted later
    QVERIFY(keptSocket);
}

void TestIoRooms::broadcastRecipients_data()
{
    QTest::addColumn<QStringList>("to");
    QTest::addColumn<QStringList>("except");
    QTest::addColumn<QString>("expected");

    // A: r1; B: r1 r2; C: r2; D: none. "#X" is X's own room (its id).
    const QStringList none;
    QTest::newRow("no rooms: everyone") << none << none << QStringLiteral("ABCD");
    QTest::newRow("one room") << QStringList{QStringLiteral("r1")} << none << QStringLiteral("AB");
    QTest::newRow("union, B once")
        << QStringList{QStringLiteral("r1"), QStringLiteral("r2")} << none << QStringLiteral("ABC");
    QTest::newRow("unknown room") << QStringList{QStringLiteral("nope")} << none << QString();
    QTest::newRow("unknown room and r2") << QStringList{QStringLiteral("nope"),
        QStringLiteral("r2")} << none << QStringLiteral("BC");
    QTest::newRow("own room") << QStringList{QStringLiteral("#D")} << none << QStringLiteral("D");
    QTest::newRow("two own rooms")
        << QStringList{QStringLiteral("#A"), QStringLiteral("#C")} << none << QStringLiteral("AC");
    QTest::newRow("all except room")
        << none << QStringList{QStringLiteral("r1")} << QStringLiteral("CD");
    QTest::newRow("all except two rooms")
        << none << QStringList{QStringLiteral("r1"), QStringLiteral("r2")} << QStringLiteral("D");
    QTest::newRow("room except room") << QStringList{QStringLiteral("r2")}
                                      << QStringList{QStringLiteral("r1")} << QStringLiteral("C");
    QTest::newRow("all except socket id")
        << none << QStringList{QStringLiteral("#A")} << QStringLiteral("BCD");
    QTest::newRow("room except socket id")
        << QStringList{QStringLiteral("r1")} << QStringList{QStringLiteral("#B")}
        << QStringLiteral("A");
    QTest::newRow("union except socket id")
        << QStringList{QStringLiteral("r1"), QStringLiteral("r2")}
        << QStringList{QStringLiteral("#C")} << QStringLiteral("AB");
    QTest::newRow("except unknown room")
        << QStringList{QStringLiteral("r1")} << QStringList{QStringLiteral("nope")}
        << QStringLiteral("AB");
    QTest::newRow("room and except same room")
        << QStringList{QStringLiteral("r1")} << QStringList{QStringLiteral("r1")} << QString();
    QTest::newRow("except everyone")
        << none << QStringList{QStringLiteral("r1"), QStringLiteral("r2"), QStringLiteral("#D")}
        << QString();
}

void TestIoRooms::broadcastRecipients()
{
    QFETCH(QStringList, to);
    QFETCH(QStringList, except);
    QFETCH(QString, expected);
    FourSockets world;
    QVERIFY(world.ready());

    io::BroadcastOperator op = world.harness.server.main().broadcastOperator();
    // Built both ways: one set at once and one room at a time must agree.
    const io::BroadcastOperator oneByOne = [&] {
        io::BroadcastOperator built = op;
        for (const Room &room : world.resolve(to))
            built = built.to(room);
        for (const Room &room : world.resolve(except))
            built = built.except(room);
        return built;
    }();
    op = op.to(world.resolve(to)).except(world.resolve(except));
    QCOMPARE(op.options().rooms, oneByOne.options().rooms);
    QCOMPARE(op.options().except, oneByOne.options().except);

    op.emit(QStringLiteral("news"), io::makeArgs(1));
    QString duplicates;
    QCOMPARE(world.receivers(R"(2["news",1])", &duplicates), expected);
    QCOMPARE(duplicates, QString());

    oneByOne.emit(QStringLiteral("again"));
    QCOMPARE(world.receivers(R"(2["again"])", &duplicates), expected);
    QCOMPARE(duplicates, QString());

    // fetchSockets applies the same rule.
    QSet<SocketId> fetched;
    bool called = false;
    op.fetchSockets([&](const QList<io::SocketInfo> &infos) {
        called = true;
        for (const io::SocketInfo &info : infos)
            fetched.insert(info.id);
    });
    QVERIFY(called);
    QCOMPARE(world.letters(fetched), expected);
}

void TestIoRooms::socketBroadcastExcludesSender_data()
{
    QTest::addColumn<char>("sender");
    QTest::addColumn<QString>("how");
    QTest::addColumn<QString>("room");
    QTest::addColumn<QString>("expected");
    QTest::newRow("A broadcast") << 'A' << QStringLiteral("broadcast") << QString()
                                 << QStringLiteral("BCD");
    QTest::newRow("D broadcast") << 'D' << QStringLiteral("broadcast") << QString()
                                 << QStringLiteral("ABC");
    QTest::newRow("A to r1, not A")
        << 'A' << QStringLiteral("to") << QStringLiteral("r1") << QStringLiteral("B");
    QTest::newRow("B to r2, not B")
        << 'B' << QStringLiteral("to") << QStringLiteral("r2") << QStringLiteral("C");
    QTest::newRow("D to r1") << 'D' << QStringLiteral("to") << QStringLiteral("r1")
                             << QStringLiteral("AB");
    QTest::newRow("A except r2") << 'A' << QStringLiteral("except") << QStringLiteral("r2")
                                 << QStringLiteral("D");
    QTest::newRow("A to its own room")
        << 'A' << QStringLiteral("to") << QStringLiteral("#A") << QString();
}

void TestIoRooms::socketBroadcastExcludesSender()
{
    QFETCH(char, sender);
    QFETCH(QString, how);
    QFETCH(QString, room);
    QFETCH(QString, expected);
    FourSockets world;
    QVERIFY(world.ready());
    io::Socket *socket = world.socket(sender);
    const Room resolved = room.isEmpty() ? Room() : *world.resolve({room}).cbegin();
    if (how == QLatin1String("broadcast"))
        socket->broadcast().emit(QStringLiteral("news"));
    else if (how == QLatin1String("to"))
        socket->to(resolved).emit(QStringLiteral("news"));
    else
        socket->except(resolved).emit(QStringLiteral("news"));
    QString duplicates;
    QCOMPARE(world.receivers(R"(2["news"])", &duplicates), expected);
    QCOMPARE(duplicates, QString());
}

void TestIoRooms::operatorIsImmutable()
{
    FourSockets world;
    QVERIFY(world.ready());
    const io::BroadcastOperator base = world.harness.server.main().to(QStringLiteral("r1"));
    const io::BroadcastOperator narrowed = base.except(world.socket('A')->ownRoom());
    const io::BroadcastOperator widened = base.to(QStringLiteral("r2"));
    const io::BroadcastOperator timed = base.timeout(std::chrono::milliseconds(10)).asVolatile();
    QCOMPARE(base.options().rooms, rooms({"r1"}));
    QVERIFY(base.options().except.isEmpty());
    QVERIFY(!base.options().flags.timeout);
    QVERIFY(!base.options().flags.isVolatile);
    QVERIFY(timed.options().flags.timeout && timed.options().flags.isVolatile);

    base.emit(QStringLiteral("base"));
    narrowed.emit(QStringLiteral("narrowed"));
    widened.emit(QStringLiteral("widened"));
    QString duplicates;
    QCOMPARE(world.receivers(R"(2["base"])", &duplicates), QStringLiteral("AB"));
    QCOMPARE(world.receivers(R"(2["narrowed"])", &duplicates), QStringLiteral("B"));
    QCOMPARE(world.receivers(R"(2["widened"])", &duplicates), QStringLiteral("ABC"));
    QCOMPARE(duplicates, QString());
}

void TestIoRooms::roomsArePerNamespace()
{
    IoHarness harness;
    harness.server.of("/other");
    Client client(harness);
    const SocketId main = client.connect();
    const SocketId other = client.connect("/other");
    QVERIFY(!main.isEmpty() && !other.isEmpty());
    QVERIFY(main != other);
    harness.server.main().socket(main)->join(QStringLiteral("r"));
    QCOMPARE(harness.adapter("/other").rooms().value(QStringLiteral("r")), QSet<SocketId>());
    client.clearSent();
    harness.server.of("/other").to(QStringLiteral("r")).emit(QStringLiteral("x"));
    harness.server.main().to(QStringLiteral("r")).emit(QStringLiteral("y"));
    QCOMPARE(client.texts(), QByteArrayList({R"(2["y"])"}));
    harness.server.of("/other").emit(QStringLiteral("z"));
    QCOMPARE(client.texts(), QByteArrayList({R"(2["y"])", R"(2/other,["z"])"}));
}

void TestIoRooms::fetchSockets()
{
    FourSockets world;
    QVERIFY(world.ready());
    world.socket('B')->data().insert(QStringLiteral("user"), QStringLiteral("bob"));
    QList<io::SocketInfo> infos;
    int calls = 0;
    world.harness.server.main()
        .to(QStringLiteral("r1"))
        .fetchSockets([&](const QList<io::SocketInfo> &found) {
            ++calls;
            infos = found;
        });
    QCOMPARE(calls, 1);
    QCOMPARE(infos.size(), 2);
    std::sort(infos.begin(), infos.end(), [&](const io::SocketInfo &x, const io::SocketInfo &y) {
        return world.letters({x.id}) < world.letters({y.id});
    });
    const io::Socket *a = world.socket('A');
    const io::Socket *b = world.socket('B');
    QCOMPARE(infos.at(0).id, a->id());
    QCOMPARE(infos.at(0).nsp, QByteArray("/"));
    QCOMPARE(infos.at(0).rooms, (QSet<Room>{a->ownRoom(), QStringLiteral("r1")}));
    QCOMPARE(infos.at(1).id, b->id());
    QCOMPARE(
        infos.at(1).rooms, (QSet<Room>{b->ownRoom(), QStringLiteral("r1"), QStringLiteral("r2")}));
    QCOMPARE(infos.at(1).data.value(QStringLiteral("user")).toString(), QStringLiteral("bob"));

    // The whole namespace.
    world.harness.server.main().fetchSockets(
        [&](const QList<io::SocketInfo> &found) { infos = found; });
    QCOMPARE(infos.size(), 4);
}

void TestIoRooms::socketsJoinAndLeave()
{
    FourSockets world;
    QVERIFY(world.ready());
    io::Namespace &nsp = world.harness.server.main();
    io::InMemoryAdapter &adapter = world.harness.adapter();
    const SocketId a = world.socket('A')->id();
    const SocketId b = world.socket('B')->id();
    const SocketId c = world.socket('C')->id();
    const SocketId d = world.socket('D')->id();

    nsp.to(QStringLiteral("r2")).socketsJoin(rooms({"x", "y"}));
    QCOMPARE(adapter.rooms().value(QStringLiteral("x")), (QSet<SocketId>{b, c}));
    QCOMPARE(adapter.rooms().value(QStringLiteral("y")), (QSet<SocketId>{b, c}));

    nsp.except(QStringLiteral("r2")).socketsLeave(rooms({"r1"}));
    QCOMPARE(adapter.rooms().value(QStringLiteral("r1")), QSet<SocketId>{b});

    nsp.socketsJoin(rooms({"everyone"}));
    QCOMPARE(adapter.rooms().value(QStringLiteral("everyone")), (QSet<SocketId>{a, b, c, d}));

    nsp.to(QString::fromLatin1(d)).socketsLeave(rooms({"everyone"}));
    QCOMPARE(adapter.rooms().value(QStringLiteral("everyone")), (QSet<SocketId>{a, b, c}));

    nsp.socketsLeave(rooms({"x", "y"}));
    QVERIFY(!adapter.rooms().contains(QStringLiteral("x")));
    QVERIFY(!adapter.rooms().contains(QStringLiteral("y")));
    QCOMPARE(world.socket('C')->rooms(),
        (QSet<Room>{QString::fromLatin1(c), QStringLiteral("r2"), QStringLiteral("everyone")}));
}

void TestIoRooms::disconnectSockets_data()
{
    QTest::addColumn<bool>("close");
    QTest::newRow("namespace only") << false;
    QTest::newRow("close connections") << true;
}

void TestIoRooms::disconnectSockets()
{
    QFETCH(bool, close);
    FourSockets world;
    QVERIFY(world.ready());
    QHash<char, io::DisconnectReason> reasons;
    for (char name = 'A'; name <= 'D'; ++name)
        world.socket(name)->onDisconnect(
            [&reasons, name](io::DisconnectReason reason) { reasons.insert(name, reason); });

    world.harness.server.main().to(QStringLiteral("r2")).disconnectSockets(close);

    QCOMPARE(reasons.size(), 2);
    QCOMPARE(reasons.value('B'), io::DisconnectReason::ServerNamespaceDisconnect);
    QCOMPARE(reasons.value('C'), io::DisconnectReason::ServerNamespaceDisconnect);
    for (char name : {'B', 'C'}) {
        QCOMPARE(world.client(name).texts(), QByteArrayList({"1"}));
        QCOMPARE(world.client(name).isClosed(), close);
    }
    for (char name : {'A', 'D'}) {
        QVERIFY(world.socket(name)->connected());
        QCOMPARE(world.client(name).texts(), QByteArrayList());
        QVERIFY(!world.client(name).isClosed());
    }
    QCOMPARE(world.harness.server.main().sockets().size(), 2);
    QCOMPARE(world.harness.adapter().rooms().value(QStringLiteral("r1")),
        QSet<SocketId>{world.socket('A')->id()});
    QVERIFY(!world.harness.adapter().rooms().contains(QStringLiteral("r2")));
}

void TestIoRooms::broadcastEncodedOnce()
{
    // design.md, "Hot paths": one encoding per broadcast, the same bytes for every recipient.
    IoHarness harness;
    Client a(harness), b(harness), c(harness);
    QVERIFY(!a.connect().isEmpty());
    QVERIFY(!b.connect().isEmpty());
    QVERIFY(!c.connect().isEmpty());
    a.clearSent();
    b.clearSent();
    c.clearSent();
    harness.server.main().emit(
        QStringLiteral("news"), io::makeArgs(QStringLiteral("text"), QByteArray("\x01\x02\x03")));
    const QList<eio::Packet> first = a.sent();
    QCOMPARE(first.size(), 2); // the text frame, then the attachment
    QCOMPARE(first[0].data, QByteArray("51-[\"news\",\"text\",{\"_placeholder\":true,\"num\":0}]"));
    QVERIFY(!first[0].webSocketText.isNull()); // converted for WebSocket once, before the fan-out
    for (const Client *other : {&b, &c}) {
        const QList<eio::Packet> sent = other->sent();
        QCOMPARE(sent.size(), 2);
        QVERIFY(sent[0].data.isSharedWith(first[0].data));
        QVERIFY(sent[0].webSocketText.isSharedWith(first[0].webSocketText));
        QVERIFY(sent[1].data.isSharedWith(first[1].data));
    }
}

void TestIoRooms::compressFlag()
{
    IoHarness harness;
    Client a(harness);
    const SocketId sid = a.connect();
    io::Socket *socket = harness.server.main().socket(sid);
    QVERIFY(socket);
    a.clearSent();
    harness.server.main().compress(false).emit(QStringLiteral("plain"));
    socket->compress(false).emit(QStringLiteral("direct"), io::makeArgs(QByteArray("\x00")));
    harness.server.main().emit(QStringLiteral("default"));
    const QList<eio::Packet> sent = a.sent();
    QCOMPARE(sent.size(), 4);
    QVERIFY(!sent[0].compress);
    QVERIFY(!sent[1].compress);
    QVERIFY(!sent[2].compress); // the attachment follows its packet
    QVERIFY(sent[3].compress);
}

QTEST_GUILESS_MAIN(TestIoRooms)
#include "tst_io_rooms.moc"
