// Connection state recovery on fake transports: the pid and offsets the server hands out, and a
// client coming back on a new session with {"pid","offset"} getting its id, rooms, data and the
// events it missed -- or a fresh socket when that is not possible.

#include "io_harness.h"

#include <QElapsedTimer>
#include <QJsonArray>
#include <QTest>

using namespace sb;
using namespace sb::test;
using namespace std::chrono_literals;
using io::DisconnectReason;

Q_DECLARE_METATYPE(sb::io::DisconnectReason)

namespace {

constexpr int Generous = 5000; // ms

io::ServerOptions recoveryOn(std::chrono::milliseconds window = 60s)
{
    io::ServerOptions options;
    options.recoveryWindow = window;
    return options;
}

// The payload of an EVENT text frame of "/" (`2[...]` or `2<id>[...]`).
io::Args eventArgs(const QByteArray &frame)
{
    qsizetype at = 1;
    while (at < frame.size() && frame.at(at) >= '0' && frame.at(at) <= '9')
        ++at;
    return io::Args::fromJson(frame.mid(at)).value_or(io::Args());
}

QString eventName(const QByteArray &frame)
{
    return eventArgs(frame).eventName().value_or(QString());
}

QByteArray lastString(const QByteArray &frame)
{
    const io::Args args = eventArgs(frame);
    return args.isEmpty() ? QByteArray() : args.string(args.size() - 1).toUtf8();
}

QByteArray authFor(const QJsonValue &pid, const QJsonValue &offset)
{
    QJsonObject auth;
    if (!pid.isUndefined())
        auth.insert(QStringLiteral("pid"), pid);
    if (!offset.isUndefined())
        auth.insert(QStringLiteral("offset"), offset);
    return QJsonDocument(auth).toJson(QJsonDocument::Compact);
}

struct Seen
{
    QByteArray sid;
    bool recovered = false;
    QSet<io::Room> rooms;
    QVariantMap data;
};

// A server with recovery on, a middleware and a connection handler that record what they see,
// and a first client connected to "/", in room "room1", with data, that has received three
// events (the last offset it saw is `lastOffset`).
struct Scenario
{
    explicit Scenario(std::chrono::milliseconds window = 60s)
        : harness(recoveryOn(window))
    {
        harness.server.main().use([this](io::Socket &, const io::NextFunction &next) {
            ++middlewareCalls;
            next(std::nullopt);
        });
        harness.server.onConnection([this](io::Socket &connected) {
            seen.append(
                {connected.id(), connected.recovered(), connected.rooms(), connected.data()});
            connected.onDisconnect([this](DisconnectReason reason) { reasons.append(reason); });
        });
        first = std::make_unique<Client>(harness);
        first->send("0");
        reply = first->connectReply();
        sid = reply.value(QStringLiteral("sid")).toString().toLatin1();
        pid = reply.value(QStringLiteral("pid")).toString().toLatin1();
        socket = harness.server.main().socket(sid);
        if (!socket)
            return;
        socket->join(QStringLiteral("room1"));
        socket->data().insert(QStringLiteral("user"), QStringLiteral("ann"));
        first->clearSent();
        socket->emit(QStringLiteral("direct"), io::makeArgs(1));
        harness.server.main()
            .to(QStringLiteral("room1"))
            .emit(QStringLiteral("r"), io::makeArgs(2));
        harness.server.main().emit(QStringLiteral("all"));
        const QByteArrayList texts = first->texts();
        if (texts.size() == 3)
            lastOffset = lastString(texts.last());
    }
    bool ready() const { return socket && !lastOffset.isEmpty() && pid.size() == 20; }

    // Emits, while the first client is away, events it should get back (to its rooms) and
    // events it should not.
    void emitWhileAway()
    {
        io::Namespace &nsp = harness.server.main();
        nsp.to(QStringLiteral("room1")).emit(QStringLiteral("missed1"), io::makeArgs(1));
        nsp.emit(QStringLiteral("missed2"));
        nsp.to(QStringLiteral("other")).emit(QStringLiteral("notmine"));
        nsp.to(QString::fromLatin1(sid)).emit(QStringLiteral("missed3"), io::makeArgs(3));
        nsp.except(QStringLiteral("room1")).emit(QStringLiteral("excluded"));
        nsp.asVolatile().emit(QStringLiteral("volatile"));
    }

    IoHarness harness;
    int middlewareCalls = 0;
    QList<Seen> seen;
    QList<DisconnectReason> reasons;
    std::unique_ptr<Client> first;
    QJsonObject reply;
    QByteArray sid;
    QByteArray pid;
    QByteArray lastOffset;
    QPointer<io::Socket> socket;
};

} // namespace

class TestIoRecovery : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void connectReplyCarriesPidAndOffset();
    void offsetsOnEmits_data();
    void offsetsOnEmits();
    void recoversAfterTransportClose();
    void connectionHandlerSeesRestoredRooms();
    void middlewareRunsWhenNotSkipped();
    void recoveryDependsOnTheDisconnection_data();
    void recoveryDependsOnTheDisconnection();
    void freshForBadAuth_data();
    void freshForBadAuth();
    void windowExpiry_data();
    void windowExpiry();
    void recoveryOff();
};

void TestIoRecovery::connectReplyCarriesPidAndOffset()
{
    IoHarness harness(recoveryOn());
    Client client(harness);
    QVERIFY(client.send("0"));
    const QByteArrayList texts = client.texts();
    QCOMPARE(texts.size(), 1);
    const QJsonObject reply = client.connectReply();
    const QByteArray sid = reply.value(QStringLiteral("sid")).toString().toLatin1();
    const QByteArray pid = reply.value(QStringLiteral("pid")).toString().toLatin1();
    QCOMPARE(sid.size(), 20);
    QCOMPARE(pid.size(), 20);
    QVERIFY(pid != sid);
    QVERIFY(reply.value(QStringLiteral("offset")).isString());
    QCOMPARE(reply.value(QStringLiteral("offset")).toString().toLatin1(),
        harness.adapter().currentOffset());
    QCOMPARE(texts.first(),
        R"(0{"sid":")" + sid + R"(","pid":")" + pid + R"(","offset":")"
            + harness.adapter().currentOffset() + "\"}");
    io::Socket *socket = harness.server.main().socket(sid);
    QVERIFY(socket);
    QCOMPARE(socket->pid(), pid);
    QVERIFY(!socket->recovered());

    // Another client gets another private id.
    Client other(harness);
    QVERIFY(other.send("0"));
    QVERIFY(other.connectReply().value(QStringLiteral("pid")).toString().toLatin1() != pid);
}

void TestIoRecovery::offsetsOnEmits_data()
{
    QTest::addColumn<QByteArray>("how");
    QTest::addColumn<bool>("stored"); // expected: carries the offset, as last argument
    QTest::newRow("socket emit") << QByteArray("socket") << true;
    QTest::newRow("namespace emit") << QByteArray("all") << true;
    QTest::newRow("to a room") << QByteArray("room") << true;
    QTest::newRow("socket broadcast") << QByteArray("broadcast") << true;
    QTest::newRow("binary") << QByteArray("binary") << true;
    QTest::newRow("socket emit with ack") << QByteArray("ack") << false;
    QTest::newRow("broadcast with ack") << QByteArray("broadcastAck") << false;
    QTest::newRow("volatile socket emit") << QByteArray("volatile") << false;
    QTest::newRow("volatile broadcast") << QByteArray("volatileAll") << false;
}

void TestIoRecovery::offsetsOnEmits()
{
    QFETCH(QByteArray, how);
    QFETCH(bool, stored);
    IoHarness harness(recoveryOn());
    Client client(harness);
    Client sender(harness);
    const QByteArray sid = client.connect();
    QPointer<io::Socket> socket = harness.server.main().socket(sid);
    QPointer<io::Socket> senderSocket = harness.server.main().socket(sender.connect());
    QVERIFY(socket && senderSocket);
    socket->join(QStringLiteral("room"));
    client.clearSent();
    const QByteArray before = harness.adapter().currentOffset();
    const qsizetype storedBefore = harness.adapter().storedPacketCount();
    const io::Args args = io::makeArgs(QStringLiteral("x"), 1);
    io::Namespace &nsp = harness.server.main();

    if (how == "socket")
        socket->emit(QStringLiteral("e"), args);
    else if (how == "all")
        nsp.emit(QStringLiteral("e"), args);
    else if (how == "room")
        nsp.to(QStringLiteral("room")).emit(QStringLiteral("e"), args);
    else if (how == "broadcast")
        senderSocket->broadcast().emit(QStringLiteral("e"), args);
    else if (how == "binary")
        socket->emit(QStringLiteral("e"), io::makeArgs(QByteArray("\x01\x02")));
    else if (how == "ack")
        socket->emit(QStringLiteral("e"), args, [](const io::AckResult &) {});
    else if (how == "broadcastAck")
        nsp.timeout(10s).emitWithAck(
            QStringLiteral("e"), args, [](const io::BroadcastAckResult &) {});
    else if (how == "volatile")
        socket->asVolatile().emit(QStringLiteral("e"), args);
    else
        nsp.asVolatile().emit(QStringLiteral("e"), args);

    const QByteArrayList texts = client.texts();
    QCOMPARE(texts.size(), 1);
    const QByteArray frame = texts.first();
    if (stored) {
        const QByteArray offset = harness.adapter().currentOffset();
        QVERIFY(offset != before);
        QCOMPARE(harness.adapter().storedPacketCount(), storedBefore + 1);
        if (how == "binary") {
            QCOMPARE(frame, R"(51-["e",{"_placeholder":true,"num":0},")" + offset + R"("])");
            QCOMPARE(client.binaries(), QByteArrayList({"\x01\x02"}));
        } else {
            QCOMPARE(frame, R"(2["e","x",1,")" + offset + R"("])");
        }
    } else {
        QCOMPARE(harness.adapter().currentOffset(), before);
        QCOMPARE(harness.adapter().storedPacketCount(), storedBefore);
        QVERIFY2(frame.endsWith(R"(["e","x",1])"), frame.constData());
    }
}

void TestIoRecovery::recoversAfterTransportClose()
{
    Scenario scenario;
    QVERIFY(scenario.ready());
    QCOMPARE(scenario.middlewareCalls, 1);
    scenario.first->closeTransport();
    QCOMPARE(scenario.reasons, QList<DisconnectReason>{DisconnectReason::TransportClose});
    QVERIFY(!scenario.harness.server.main().socket(scenario.sid));
    scenario.emitWhileAway();

    Client second(scenario.harness);
    QVERIFY(second.send("0"
        + authFor(QString::fromLatin1(scenario.pid), QString::fromLatin1(scenario.lastOffset))));
    const QJsonObject reply = second.connectReply();
    QCOMPARE(reply.value(QStringLiteral("sid")).toString().toLatin1(), scenario.sid);
    QCOMPARE(reply.value(QStringLiteral("pid")).toString().toLatin1(), scenario.pid);

    io::Socket *socket = scenario.harness.server.main().socket(scenario.sid);
    QVERIFY(socket);
    QVERIFY(socket->recovered());
    QCOMPARE(socket->rooms(),
        (QSet<io::Room>{QString::fromLatin1(scenario.sid), QStringLiteral("room1")}));
    QCOMPARE(socket->data().value(QStringLiteral("user")).toString(), QStringLiteral("ann"));
    QCOMPARE(scenario.harness.adapter().rooms().value(QStringLiteral("room1")),
        QSet<io::SocketId>{scenario.sid});
    // Middleware is skipped by default (recoverySkipsMiddlewares).
    QCOMPARE(scenario.middlewareCalls, 1);

    // The missed events, in order, each with its offset last; nothing else.
    QStringList missed;
    QByteArrayList offsets;
    for (const QByteArray &text : second.texts()) {
        if (!text.startsWith("2"))
            continue;
        missed.append(eventName(text));
        offsets.append(lastString(text));
    }
    QCOMPARE(missed,
        QStringList(
            {QStringLiteral("missed1"), QStringLiteral("missed2"), QStringLiteral("missed3")}));
    QCOMPARE(QSet<QByteArray>(offsets.cbegin(), offsets.cend()).size(), 3);
    QVERIFY(!offsets.contains(scenario.lastOffset));
    QVERIFY(second.texts().contains(R"(2["missed1",1,")" + offsets.at(0) + R"("])"));
    QVERIFY(second.texts().contains(R"(2["missed3",3,")" + offsets.at(2) + R"("])"));

    // The connection handler ran once more, for the recovered socket.
    QCOMPARE(scenario.seen.size(), 2);
    QCOMPARE(scenario.seen.at(1).sid, scenario.sid);
    QVERIFY(scenario.seen.at(1).recovered);
    QCOMPARE(
        scenario.seen.at(1).data.value(QStringLiteral("user")).toString(), QStringLiteral("ann"));

    // And it goes on receiving what is sent to its rooms.
    second.clearSent();
    scenario.harness.server.main().to(QStringLiteral("room1")).emit(QStringLiteral("after"));
    QCOMPARE(second.texts().size(), 1);
    QCOMPARE(eventName(second.texts().first()), QStringLiteral("after"));
}

void TestIoRecovery::connectionHandlerSeesRestoredRooms()
{
    // socket.io restores the rooms in the Socket constructor, before any middleware or
    // "connection" listener runs: a handler of a recovered socket sees them.
    Scenario scenario;
    QVERIFY(scenario.ready());
    scenario.first->closeTransport();
    Client second(scenario.harness);
    QVERIFY(second.send("0"
        + authFor(QString::fromLatin1(scenario.pid), QString::fromLatin1(scenario.lastOffset))));
    QCOMPARE(scenario.seen.size(), 2);
    QVERIFY(scenario.seen.at(1).recovered);
    QCOMPARE(scenario.seen.at(1).rooms,
        (QSet<io::Room>{QString::fromLatin1(scenario.sid), QStringLiteral("room1")}));
}

void TestIoRecovery::middlewareRunsWhenNotSkipped()
{
    // With skipMiddlewares off the middleware runs for a recovered socket too; socket.io restores
    // id, data, rooms and the recovered flag in the Socket constructor, so the middleware sees
    // the socket as it will be.
    io::ServerOptions options = recoveryOn();
    options.recoverySkipsMiddlewares = false;
    IoHarness harness(options);
    QList<Seen> inMiddleware;
    harness.server.main().use([&](io::Socket &socket, const io::NextFunction &next) {
        inMiddleware.append({socket.id(), socket.recovered(), socket.rooms(), socket.data()});
        next(std::nullopt);
    });
    Client first(harness);
    const QByteArray sid = first.connect();
    const QByteArray pid = first.connectReply().value(QStringLiteral("pid")).toString().toLatin1();
    io::Socket *socket = harness.server.main().socket(sid);
    QVERIFY(socket);
    socket->join(QStringLiteral("room1"));
    socket->data().insert(QStringLiteral("user"), QStringLiteral("ann"));
    first.clearSent();
    harness.server.main().emit(QStringLiteral("seen"));
    const QByteArray offset = lastString(first.texts().last());
    first.closeTransport();
    harness.server.main().to(QStringLiteral("room1")).emit(QStringLiteral("missed"));

    Client second(harness);
    QVERIFY(second.send("0" + authFor(QString::fromLatin1(pid), QString::fromLatin1(offset))));
    QCOMPARE(inMiddleware.size(), 2);
    io::Socket *recovered = harness.server.main().socket(sid);
    QVERIFY(recovered);
    QVERIFY(recovered->recovered());
    QCOMPARE(
        recovered->rooms(), (QSet<io::Room>{QString::fromLatin1(sid), QStringLiteral("room1")}));
    QCOMPARE(second.textsStartingWith("2[\"missed").size(), 1);

    const Seen &seen = inMiddleware.at(1);
    QCOMPARE(seen.sid, sid);
    QCOMPARE(seen.data.value(QStringLiteral("user")).toString(), QStringLiteral("ann"));
    QVERIFY(seen.recovered);
    QVERIFY(seen.rooms.contains(QStringLiteral("room1")));
}

void TestIoRecovery::recoveryDependsOnTheDisconnection_data()
{
    QTest::addColumn<QByteArray>("how");
    QTest::addColumn<DisconnectReason>("reason");
    QTest::addColumn<bool>("recovered");
    QTest::newRow("transport close")
        << QByteArray("transport") << DisconnectReason::TransportClose << true;
    QTest::newRow("transport error")
        << QByteArray("error") << DisconnectReason::TransportError << true;
    QTest::newRow("server shutting down")
        << QByteArray("shutdown") << DisconnectReason::ServerShuttingDown << true;
    QTest::newRow("client namespace disconnect")
        << QByteArray("client") << DisconnectReason::ClientNamespaceDisconnect << false;
    QTest::newRow("server namespace disconnect")
        << QByteArray("server") << DisconnectReason::ServerNamespaceDisconnect << false;
    QTest::newRow("parse error") << QByteArray("parse") << DisconnectReason::ParseError << false;
}

void TestIoRecovery::recoveryDependsOnTheDisconnection()
{
    QFETCH(QByteArray, how);
    QFETCH(DisconnectReason, reason);
    QFETCH(bool, recovered);
    Scenario scenario;
    QVERIFY(scenario.ready());
    if (how == "transport")
        scenario.first->closeTransport();
    else if (how == "error")
        scenario.first->fake()->fail();
    else if (how == "shutdown")
        scenario.harness.server.close();
    else if (how == "client")
        QVERIFY(scenario.first->send("1"));
    else if (how == "server")
        scenario.socket->disconnect();
    else
        QVERIFY(scenario.first->send("9"));
    QCOMPARE(scenario.reasons, QList<DisconnectReason>{reason});
    scenario.emitWhileAway();

    Client second(scenario.harness);
    QVERIFY(second.send("0"
        + authFor(QString::fromLatin1(scenario.pid), QString::fromLatin1(scenario.lastOffset))));
    const QByteArray sid = second.connectReply().value(QStringLiteral("sid")).toString().toLatin1();
    io::Socket *socket = scenario.harness.server.main().socket(sid);
    QVERIFY(socket);
    QCOMPARE(socket->recovered(), recovered);
    QCOMPARE(sid == scenario.sid, recovered);
    QCOMPARE(socket->rooms().contains(QStringLiteral("room1")), recovered);
    QCOMPARE(second.textsStartingWith("2[\"missed").size(), recovered ? 3 : 0);
    QCOMPARE(scenario.middlewareCalls, recovered ? 1 : 2);
    if (!recovered) {
        QVERIFY(socket->pid() != scenario.pid);
        QVERIFY(socket->data().isEmpty());
    }
}

void TestIoRecovery::freshForBadAuth_data()
{
    QTest::addColumn<QByteArray>("kind");
    QTest::newRow("unknown pid") << QByteArray("unknownPid");
    QTest::newRow("garbage offset") << QByteArray("garbageOffset");
    QTest::newRow("offset of another server") << QByteArray("foreignOffset");
    QTest::newRow("no offset") << QByteArray("noOffset");
    QTest::newRow("pid not a string") << QByteArray("numericPid");
    QTest::newRow("offset not a string") << QByteArray("numericOffset");
}

void TestIoRecovery::freshForBadAuth()
{
    QFETCH(QByteArray, kind);
    Scenario scenario;
    QVERIFY(scenario.ready());
    scenario.first->closeTransport();
    scenario.emitWhileAway();

    QJsonValue pid = QString::fromLatin1(scenario.pid);
    QJsonValue offset = QString::fromLatin1(scenario.lastOffset);
    if (kind == "unknownPid") {
        pid = QStringLiteral("AAAAAAAAAAAAAAAAAAAA");
    } else if (kind == "garbageOffset") {
        offset = QStringLiteral("not-an-offset");
    } else if (kind == "foreignOffset") {
        IoHarness other(recoveryOn());
        Client client(other);
        QVERIFY(client.send("0"));
        other.server.main().emit(QStringLiteral("x"));
        offset = QString::fromLatin1(lastString(client.texts().last()));
        QVERIFY(!offset.toString().isEmpty());
    } else if (kind == "noOffset") {
        offset = QJsonValue(QJsonValue::Undefined);
    } else if (kind == "numericPid") {
        pid = 12;
    } else {
        offset = 3;
    }

    Client second(scenario.harness);
    QVERIFY(second.send("0" + authFor(pid, offset)));
    const QByteArray sid = second.connectReply().value(QStringLiteral("sid")).toString().toLatin1();
    io::Socket *socket = scenario.harness.server.main().socket(sid);
    QVERIFY(socket);
    QVERIFY(!socket->recovered());
    QVERIFY(sid != scenario.sid);
    QVERIFY(!socket->pid().isEmpty());
    QVERIFY(socket->pid() != scenario.pid);
    QCOMPARE(socket->rooms(), QSet<io::Room>{QString::fromLatin1(sid)});
    QVERIFY(socket->data().isEmpty());
    QCOMPARE(second.textsStartingWith("2").size(), 0);
    QCOMPARE(scenario.middlewareCalls, 2);
}

void TestIoRecovery::windowExpiry_data()
{
    QTest::addColumn<QByteArray>("kind");
    QTest::addColumn<bool>("recovered");
    // Events after the client's offset expired: it would miss some silently.
    QTest::newRow("offset too old") << QByteArray("tooOld") << false;
    // Everything after the client's offset is still kept (control for the row above).
    QTest::newRow("latest offset") << QByteArray("latest") << true;
    // Away longer than the window.
    QTest::newRow("away too long") << QByteArray("awayTooLong") << false;
}

void TestIoRecovery::windowExpiry()
{
    QFETCH(QByteArray, kind);
    QFETCH(bool, recovered);
    const auto window = 300ms;
    IoHarness harness(recoveryOn(window));
    Client first(harness);
    const QByteArray sid = first.connect();
    const QByteArray pid = first.connectReply().value(QStringLiteral("pid")).toString().toLatin1();
    QVERIFY(!sid.isEmpty() && !pid.isEmpty());
    io::Namespace &nsp = harness.server.main();
    first.clearSent();

    nsp.emit(QStringLiteral("e1")); // the client processes this one...
    nsp.emit(QStringLiteral("e2")); // ...but not this one (lost when the transport closes)
    const QByteArray seenOffset = lastString(first.texts().first());
    QElapsedTimer clock;
    clock.start();
    if (kind == "awayTooLong")
        first.closeTransport();
    // Waiting for the window itself to pass: it is what is being tested.
    QTRY_VERIFY_WITH_TIMEOUT(clock.elapsed() > window.count() + 100, Generous);
    nsp.emit(QStringLiteral("e3")); // e1 and e2 expire now
    QByteArray offset = seenOffset;
    if (kind == "latest")
        offset = lastString(first.texts().last());
    if (kind != "awayTooLong")
        first.closeTransport();

    Client second(harness);
    QVERIFY(second.send("0" + authFor(QString::fromLatin1(pid), QString::fromLatin1(offset))));
    const QByteArray newSid
        = second.connectReply().value(QStringLiteral("sid")).toString().toLatin1();
    io::Socket *socket = harness.server.main().socket(newSid);
    QVERIFY(socket);
    QCOMPARE(socket->recovered(), recovered);
    QCOMPARE(newSid == sid, recovered);
    QCOMPARE(second.textsStartingWith("2").size(), 0); // e3 was seen; e2 cannot be replayed
}

void TestIoRecovery::recoveryOff()
{
    IoHarness harness;
    Client first(harness);
    QVERIFY(first.send("0"));
    const QJsonObject reply = first.connectReply();
    const QByteArray sid = reply.value(QStringLiteral("sid")).toString().toLatin1();
    QCOMPARE(first.texts(), QByteArrayList({R"(0{"sid":")" + sid + "\"}"}));
    io::Socket *socket = harness.server.main().socket(sid);
    QVERIFY(socket);
    QVERIFY(socket->pid().isEmpty());
    first.clearSent();
    socket->emit(QStringLiteral("e"), io::makeArgs(1));
    harness.server.main().emit(QStringLiteral("all"));
    QCOMPARE(first.texts(), QByteArrayList({R"(2["e",1])", R"(2["all"])"}));
    QCOMPARE(harness.adapter().storedPacketCount(), 0);
    first.closeTransport();

    Client second(harness);
    QVERIFY(second.send(R"(0{"pid":")" + sid + R"(","offset":"0"})"));
    const QByteArray newSid
        = second.connectReply().value(QStringLiteral("sid")).toString().toLatin1();
    QVERIFY(!newSid.isEmpty());
    QVERIFY(newSid != sid);
    QVERIFY(!harness.server.main().socket(newSid)->recovered());
}

QTEST_GUILESS_MAIN(TestIoRecovery)
#include "tst_io_recovery.moc"
