// A connection's life on a fake transport: CONNECT to static and dynamic namespaces, connection
// middleware (sync, async, refusing), malformed packets, disconnection both ways, the connect
// timeout, relaying events byte for byte (with attachments), volatile emits, catch-all listeners
// and per-socket middleware.

#include "io_harness.h"

#include <QRegularExpression>
#include <QTest>
#include <QTimer>

using namespace sb;
using namespace sb::test;
using namespace std::chrono_literals;
using io::DisconnectReason;

Q_DECLARE_METATYPE(sb::io::DisconnectReason)

namespace {

constexpr int Generous = 5000; // ms

QByteArray connectFrame(const QByteArray &nsp)
{
    return nsp == "/" ? QByteArray("0") : "0" + nsp + ',';
}

QByteArray prefixFor(char type, const QByteArray &nsp)
{
    return nsp == "/" ? QByteArray(1, type) : type + nsp + ',';
}

// Frames of a table row: "t:<text>" is a text frame, "b:<bytes>" a binary frame.
void play(Client &client, const QByteArrayList &frames)
{
    for (const QByteArray &frame : frames) {
        if (!client.fake())
            return; // closed already: the rest would never arrive
        if (frame.startsWith("b:"))
            client.sendBinary(frame.mid(2));
        else
            client.send(frame.mid(2));
    }
}

} // namespace

class TestIoConnection : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void connectToNamespace_data();
    void connectToNamespace();
    void invalidNamespace_data();
    void invalidNamespace();
    void dynamicNamespace();
    void middlewareRefuses_data();
    void middlewareRefuses();
    void asyncMiddleware_data();
    void asyncMiddleware();
    void middlewareMayJoinRooms();
    void secondConnectMakesNoSecondSocket();
    void malformedPackets_data();
    void malformedPackets();
    void limitsFromOptions_data();
    void limitsFromOptions();
    void clientDisconnects_data();
    void clientDisconnects();
    void serverDisconnects_data();
    void serverDisconnects();
    void disconnectCloseEndsEveryNamespace();
    void disconnectingSeesRooms_data();
    void disconnectingSeesRooms();
    void connectTimeout();
    void connectTimeoutWhileMiddlewarePending();
    void relayKeepsBytes_data();
    void relayKeepsBytes();
    void relayKeepsAttachments_data();
    void relayKeepsAttachments();
    void volatileEmit();
    void volatileBroadcast();
    void catchAllListeners();
    void packetMiddleware();
};

void TestIoConnection::connectToNamespace_data()
{
    QTest::addColumn<QByteArray>("nsp");
    QTest::addColumn<QByteArray>("auth");
    QTest::newRow("main") << QByteArray("/") << QByteArray();
    QTest::newRow("main with auth") << QByteArray("/") << QByteArray(R"({"token":"t"})");
    QTest::newRow("static") << QByteArray("/admin") << QByteArray();
    QTest::newRow("static with auth") << QByteArray("/admin") << QByteArray(R"({"token":"t"})");
}

void TestIoConnection::connectToNamespace()
{
    QFETCH(QByteArray, nsp);
    QFETCH(QByteArray, auth);
    IoHarness harness;
    QList<QPointer<io::Socket>> connected;
    harness.server.of(nsp).onConnection([&](io::Socket &socket) {
        connected.append(&socket);
        socket.emit(QStringLiteral("welcome")); // goes out after the CONNECT reply
    });
    Client client(harness);
    client.clearSent();
    QVERIFY(client.send(connectFrame(nsp) + auth));

    QCOMPARE(connected.size(), 1);
    io::Socket *socket = connected.first();
    QVERIFY(socket && socket->connected());
    QCOMPARE(socket->nsp().name(), nsp);
    const QByteArray sid = socket->id();
    QCOMPARE(sid.size(), 20);
    QVERIFY(sid != client.sessionId());
    QCOMPARE(client.texts(),
        QByteArrayList({prefixFor('0', nsp) + R"({"sid":")" + sid + "\"}",
            prefixFor('2', nsp) + R"(["welcome"])"}));
    QCOMPARE(harness.server.of(nsp).socket(sid), socket);
    QCOMPARE(socket->handshake().auth, auth.isEmpty() ? QByteArray("{}") : auth);
    QVERIFY(!socket->recovered());
    QVERIFY(socket->pid().isEmpty());

    // A second client gets another id.
    Client other(harness);
    const QByteArray otherSid = other.connect(nsp);
    QCOMPARE(otherSid.size(), 20);
    QVERIFY(otherSid != sid);
}

void TestIoConnection::invalidNamespace_data()
{
    QTest::addColumn<QByteArray>("frame");
    QTest::addColumn<QByteArray>("expected");
    QTest::newRow("unknown") << QByteArray("0/x,")
                             << QByteArray(R"(4/x,{"message":"Invalid namespace"})");
    QTest::newRow("unknown, no comma")
        << QByteArray("0/x") << QByteArray(R"(4/x,{"message":"Invalid namespace"})");
    QTest::newRow("unknown with auth") << QByteArray(R"(0/nope,{"token":1})")
                                       << QByteArray(R"(4/nope,{"message":"Invalid namespace"})");
    QTest::newRow("a parent's internal name")
        << QByteArray("0/_0,") << QByteArray(R"(4/_0,{"message":"Invalid namespace"})");
    QTest::newRow("not matching the pattern")
        << QByteArray("0/dyn-x,") << QByteArray(R"(4/dyn-x,{"message":"Invalid namespace"})");
}

void TestIoConnection::invalidNamespace()
{
    QFETCH(QByteArray, frame);
    QFETCH(QByteArray, expected);
    IoHarness harness;
    harness.server.of(QRegularExpression(QStringLiteral(R"(^/dyn-\d+$)")));
    ObserverLog events;
    ObserverGuard guard(harness.server, events);
    const qsizetype namespaces = harness.server.namespaces().size();
    Client client(harness);
    client.clearSent();
    QVERIFY(client.send(frame));
    QCOMPARE(client.texts(), QByteArrayList({expected}));
    QCOMPARE(events.matching("connectRefused").size(), 1);
    QCOMPARE(harness.server.namespaces().size(), namespaces);
    // The connection stays usable.
    QVERIFY(!client.isClosed());
    QVERIFY(!client.connect().isEmpty());
}

void TestIoConnection::dynamicNamespace()
{
    IoHarness harness;
    io::Namespace &parent = harness.server.of(QRegularExpression(QStringLiteral(R"(^/dyn-\d+$)")));
    QByteArrayList middlewareSaw;
    QByteArrayList handlerSaw;
    QByteArrayList created;
    parent.use([&](io::Socket &socket, const io::NextFunction &next) {
        middlewareSaw.append(socket.nsp().name());
        next(std::nullopt);
    });
    parent.onConnection([&](io::Socket &socket) { handlerSaw.append(socket.nsp().name()); });
    harness.server.onNewNamespace([&](io::Namespace &nsp) { created.append(nsp.name()); });
    ObserverLog events;
    ObserverGuard guard(harness.server, events);

    Client first(harness);
    const QByteArray sid = first.connect("/dyn-1");
    QVERIFY(!sid.isEmpty());
    QCOMPARE(first.texts().last(), "0/dyn-1,{\"sid\":\"" + sid + "\"}");
    QCOMPARE(created, QByteArrayList({"/dyn-1"}));
    QCOMPARE(events.matching("namespaceCreated"), QByteArrayList({"namespaceCreated /dyn-1"}));
    QCOMPARE(events.matching("socketConnected"), QByteArrayList({"socketConnected /dyn-1 " + sid}));
    QCOMPARE(middlewareSaw, QByteArrayList({"/dyn-1"}));
    QCOMPARE(handlerSaw, QByteArrayList({"/dyn-1"}));
    io::Namespace *child = harness.server.findNamespace("/dyn-1");
    QVERIFY(child);
    QCOMPARE(child->parentNamespace(), &parent);
    QVERIFY(parent.children().contains(child));
    QVERIFY(child->socket(sid));

    // The same child serves the next client; another name makes another child.
    Client second(harness);
    QVERIFY(!second.connect("/dyn-1").isEmpty());
    QVERIFY(!second.connect("/dyn-22").isEmpty());
    QCOMPARE(created, QByteArrayList({"/dyn-1", "/dyn-22"}));
    QCOMPARE(middlewareSaw, QByteArrayList({"/dyn-1", "/dyn-1", "/dyn-22"}));
    QCOMPARE(handlerSaw, QByteArrayList({"/dyn-1", "/dyn-1", "/dyn-22"}));
    QCOMPARE(child->sockets().size(), 2);

    // Broadcasting on the parent reaches every child.
    first.clearSent();
    second.clearSent();
    parent.emit(QStringLiteral("hi"));
    QCOMPARE(first.texts(), QByteArrayList({R"(2/dyn-1,["hi"])"}));
    QByteArrayList secondTexts = second.texts();
    std::sort(secondTexts.begin(), secondTexts.end());
    QCOMPARE(secondTexts, QByteArrayList({R"(2/dyn-1,["hi"])", R"(2/dyn-22,["hi"])"}));
}

void TestIoConnection::middlewareRefuses_data()
{
    QTest::addColumn<QByteArray>("nsp");
    QTest::addColumn<bool>("serverWide");
    QTest::addColumn<QString>("message");
    QTest::addColumn<QByteArray>("data");
    QTest::addColumn<QByteArray>("expected");

    QTest::newRow("with data")
        << QByteArray("/admin") << false << QStringLiteral("not authorized")
        << QByteArray(R"({"code":42,"why":["a"]})")
        << QByteArray(R"(4/admin,{"message":"not authorized","data":{"code":42,"why":["a"]}})");
    QTest::newRow("without data") << QByteArray("/admin") << false << QStringLiteral("nope")
                                  << QByteArray() << QByteArray(R"(4/admin,{"message":"nope"})");
    QTest::newRow("string data") << QByteArray("/") << false << QStringLiteral("nope")
                                 << QByteArray(R"("later")")
                                 << QByteArray(R"(4{"message":"nope","data":"later"})");
    QTest::newRow("message escaped")
        << QByteArray("/") << false << QStringLiteral("say \"no\"\n") << QByteArray()
        << QByteArray(R"(4{"message":"say \"no\"\n"})");
    QTest::newRow("server-wide on main")
        << QByteArray("/") << true << QStringLiteral("closed") << QByteArray(R"({"retry":false})")
        << QByteArray(R"(4{"message":"closed","data":{"retry":false}})");
    QTest::newRow("server-wide on static")
        << QByteArray("/admin") << true << QStringLiteral("closed") << QByteArray()
        << QByteArray(R"(4/admin,{"message":"closed"})");
}

void TestIoConnection::middlewareRefuses()
{
    QFETCH(QByteArray, nsp);
    QFETCH(bool, serverWide);
    QFETCH(QString, message);
    QFETCH(QByteArray, data);
    QFETCH(QByteArray, expected);
    IoHarness harness;
    ObserverLog events;
    ObserverGuard guard(harness.server, events);
    const io::Middleware refuse = [&](io::Socket &, const io::NextFunction &next) {
        next(io::ConnectError{message, data});
    };
    int laterMiddleware = 0;
    int handlers = 0;
    if (serverWide)
        harness.server.use(refuse);
    else
        harness.server.of(nsp).use(refuse);
    harness.server.of(nsp).use([&](io::Socket &, const io::NextFunction &next) {
        ++laterMiddleware;
        next(std::nullopt);
    });
    harness.server.of(nsp).onConnection([&](io::Socket &) { ++handlers; });

    Client client(harness);
    client.clearSent();
    QVERIFY(client.send(connectFrame(nsp)));
    QCOMPARE(client.texts(), QByteArrayList({expected}));
    QCOMPARE(laterMiddleware, 0);
    QCOMPARE(handlers, 0);
    QVERIFY(harness.server.of(nsp).sockets().isEmpty());
    QCOMPARE(events.matching("connectRefused"),
        QByteArrayList({"connectRefused " + nsp + ' ' + message.toUtf8()}));
    QCOMPARE(events.matching("socketConnected"), QByteArrayList());
    QVERIFY(!client.isClosed());
}

void TestIoConnection::asyncMiddleware_data()
{
    QTest::addColumn<bool>("allow");
    QTest::addColumn<bool>("closeMeanwhile");
    QTest::newRow("allows later") << true << false;
    QTest::newRow("refuses later") << false << false;
    QTest::newRow("allows after the client left") << true << true;
    QTest::newRow("refuses after the client left") << false << true;
}

void TestIoConnection::asyncMiddleware()
{
    QFETCH(bool, allow);
    QFETCH(bool, closeMeanwhile);
    IoHarness harness;
    io::Namespace &nsp = harness.server.of("/admin");
    bool answered = false;
    int handlers = 0;
    nsp.use([&](io::Socket &, const io::NextFunction &next) {
        QTimer::singleShot(20ms, &harness.server, [&, next] {
            next(allow ? std::nullopt : std::optional(io::ConnectError{QStringLiteral("no"), {}}));
            answered = true;
        });
    });
    nsp.onConnection([&](io::Socket &) { ++handlers; });
    Client client(harness);
    client.clearSent();
    QVERIFY(client.send("0/admin,"));
    QCOMPARE(client.texts(), QByteArrayList()); // nothing yet
    if (closeMeanwhile)
        client.closeTransport();
    QTRY_VERIFY_WITH_TIMEOUT(answered, Generous);

    if (closeMeanwhile) {
        QCOMPARE(client.texts(), QByteArrayList());
        QCOMPARE(handlers, 0);
        QVERIFY(nsp.sockets().isEmpty());
        QCOMPARE(harness.adapter("/admin").rooms().size(), 0);
    } else if (allow) {
        QCOMPARE(handlers, 1);
        QCOMPARE(nsp.sockets().size(), 1);
        const QByteArray sid = nsp.sockets().begin().key();
        QCOMPARE(client.texts(), QByteArrayList({"0/admin,{\"sid\":\"" + sid + "\"}"}));
    } else {
        QCOMPARE(handlers, 0);
        QVERIFY(nsp.sockets().isEmpty());
        QCOMPARE(client.texts(), QByteArrayList({R"(4/admin,{"message":"no"})"}));
    }
}

void TestIoConnection::middlewareMayJoinRooms()
{
    // socket.io's Socket#join works in a connection middleware (it only talks to the adapter):
    // the rooms are there when the connection handler runs.
    IoHarness harness;
    QSet<io::Room> seen;
    harness.server.main().use([](io::Socket &socket, const io::NextFunction &next) {
        socket.join(QStringLiteral("early"));
        next(std::nullopt);
    });
    harness.server.onConnection([&](io::Socket &socket) { seen = socket.rooms(); });
    Client client(harness);
    const QByteArray sid = client.connect();
    QVERIFY(!sid.isEmpty());
    QCOMPARE(seen, (QSet<io::Room>{QString::fromLatin1(sid), QStringLiteral("early")}));
}

void TestIoConnection::secondConnectMakesNoSecondSocket()
{
    IoHarness harness;
    int handlers = 0;
    harness.server.onConnection([&](io::Socket &) { ++handlers; });
    Client client(harness);
    const QByteArray sid = client.connect();
    QVERIFY(!sid.isEmpty());
    QPointer<io::Socket> first = harness.server.main().socket(sid);
    QVERIFY(first);
    QList<io::DisconnectReason> reasons;
    first->onDisconnect([&](io::DisconnectReason reason) { reasons.append(reason); });
    client.send("0");
    // No second socket: the connection is in an invalid state and is closed, as socket.io does.
    QCOMPARE(handlers, 1);
    QCOMPARE(client.textsStartingWith("0").size(), 1);
    QCOMPARE(reasons, QList<io::DisconnectReason>{io::DisconnectReason::ParseError});
    QVERIFY(client.isClosed());
    QVERIFY(harness.server.main().sockets().isEmpty());
}

void TestIoConnection::malformedPackets_data()
{
    QTest::addColumn<QByteArrayList>("frames");
    const auto t = [](const char *text) -> QByteArray { return "t:" + QByteArray(text); };
    const auto b = [](const QByteArray &bytes) -> QByteArray { return "b:" + bytes; };

    QTest::newRow("unknown type") << QByteArrayList{t("9")};
    QTest::newRow("empty frame") << QByteArrayList{t("")};
    QTest::newRow("CONNECT_ERROR from client") << QByteArrayList{t("4{}")};
    QTest::newRow("event payload not array") << QByteArrayList{t("2{}")};
    QTest::newRow("event without payload") << QByteArrayList{t("2")};
    QTest::newRow("bad JSON") << QByteArrayList{t(R"(2["a",])")};
    QTest::newRow("bad JSON, unterminated") << QByteArrayList{t(R"(2["a")")};
    QTest::newRow("reserved event name") << QByteArrayList{t(R"(2["connect"])")};
    QTest::newRow("reserved event name disconnecting")
        << QByteArrayList{t(R"(2["disconnecting",1])")};
    QTest::newRow("event name not a string") << QByteArrayList{t(R"(2[{"a":1}])")};
    QTest::newRow("event before CONNECT for that namespace")
        << QByteArrayList{t(R"(2/other,["x"])")};
    QTest::newRow("ack before CONNECT for that namespace") << QByteArrayList{t("3/other,1[]")};
    QTest::newRow("DISCONNECT before CONNECT for that namespace") << QByteArrayList{t("1/other,")};
    QTest::newRow("ack without id") << QByteArrayList{t("3[]")};
    QTest::newRow("DISCONNECT with payload") << QByteArrayList{t(R"(1["x"])")};
    QTest::newRow("CONNECT payload not an object") << QByteArrayList{t("0/other,[1]")};
    QTest::newRow("too many attachments")
        << QByteArrayList{t(R"(511-["x",{"_placeholder":true,"num":0}])")};
    QTest::newRow("attachment count on plain event") << QByteArrayList{t(R"(21-["x"])")};
    QTest::newRow("binary frame when none expected") << QByteArrayList{b("\x01")};
    QTest::newRow("text frame while attachments awaited")
        << QByteArrayList{t(R"(51-["x",{"_placeholder":true,"num":0}])"), t(R"(2["x"])")};
    QTest::newRow("placeholder out of range")
        << QByteArrayList{t(R"(51-["x",{"_placeholder":true,"num":1}])"), b("\x01")};
    QTest::newRow("ack id beyond 2^53-1") << QByteArrayList{t(R"(29007199254740992["x"])")};
}

void TestIoConnection::malformedPackets()
{
    QFETCH(QByteArrayList, frames);
    IoHarness harness;
    harness.server.of("/other");
    QList<DisconnectReason> reasons;
    int events = 0;
    QPointer<io::Socket> socket;
    harness.server.onConnection([&](io::Socket &s) {
        socket = &s;
        s.onAny([&](const QString &, const io::Args &) { ++events; });
        s.onDisconnect([&](DisconnectReason reason) { reasons.append(reason); });
    });
    Client client(harness);
    QVERIFY(!client.connect().isEmpty());
    QVERIFY(socket);
    client.clearSent();

    play(client, frames);

    QVERIFY(client.isClosed());
    QCOMPARE(reasons, QList<DisconnectReason>{DisconnectReason::ParseError});
    QCOMPARE(events, 0);
    QVERIFY(harness.server.main().sockets().isEmpty());
    QVERIFY(harness.server.of("/other").sockets().isEmpty());
    QCOMPARE(client.texts(), QByteArrayList());
    QCOMPARE(harness.server.connectionCount(), 0);
}

void TestIoConnection::limitsFromOptions_data()
{
    QTest::addColumn<int>("maxAttachments");
    QTest::addColumn<int>("maxDepth");
    QTest::addColumn<QByteArrayList>("frames");
    QTest::addColumn<bool>("accepted");
    const QByteArray two
        = R"(52-["m",{"_placeholder":true,"num":0},{"_placeholder":true,"num":1}])";
    const QByteArray three
        = R"(53-["m",{"_placeholder":true,"num":0},{"_placeholder":true,"num":1},)"
          R"({"_placeholder":true,"num":2}])";
    QTest::newRow("attachments at the limit")
        << 2 << 32 << QByteArrayList{"t:" + two, "b:a", "b:b"} << true;
    QTest::newRow("attachments over the limit") << 2 << 32 << QByteArrayList{"t:" + three} << false;
    QByteArray ten = R"(510-["m")";
    QByteArrayList tenFrames;
    for (int i = 0; i < 10; ++i) {
        ten += R"(,{"_placeholder":true,"num":)" + QByteArray::number(i) + '}';
        tenFrames.append("b:" + QByteArray::number(i));
    }
    tenFrames.prepend("t:" + ten + ']');
    QTest::newRow("ten attachments by default") << 10 << 32 << tenFrames << true;
    QTest::newRow("depth at the limit") << 10 << 3 << QByteArrayList{R"(t:2["m",[[1]]])"} << true;
    QTest::newRow("depth over the limit")
        << 10 << 3 << QByteArrayList{R"(t:2["m",[[[1]]]])"} << false;
}

void TestIoConnection::limitsFromOptions()
{
    QFETCH(int, maxAttachments);
    QFETCH(int, maxDepth);
    QFETCH(QByteArrayList, frames);
    QFETCH(bool, accepted);
    io::ServerOptions options;
    options.maxAttachments = maxAttachments;
    options.maxJsonDepth = maxDepth;
    IoHarness harness(options);
    int events = 0;
    harness.server.onConnection([&](io::Socket &socket) {
        socket.on(QStringLiteral("m"), [&](const io::Args &, const io::Ack &) { ++events; });
    });
    Client client(harness);
    QVERIFY(!client.connect().isEmpty());
    play(client, frames);
    QCOMPARE(events, accepted ? 1 : 0);
    QCOMPARE(client.isClosed(), !accepted);
    if (!accepted)
        QCOMPARE(client.closeReason(), std::optional(eio::CloseReason::ForcedClose));
}

void TestIoConnection::clientDisconnects_data()
{
    QTest::addColumn<QByteArray>("nsp");
    QTest::newRow("main") << QByteArray("/");
    QTest::newRow("static") << QByteArray("/admin");
}

void TestIoConnection::clientDisconnects()
{
    QFETCH(QByteArray, nsp);
    IoHarness harness;
    harness.server.of("/admin");
    ObserverLog events;
    ObserverGuard guard(harness.server, events);
    Client client(harness);
    const QByteArray mainSid = client.connect("/");
    const QByteArray adminSid = client.connect("/admin");
    const QByteArray gone = nsp == "/" ? mainSid : adminSid;
    const QByteArray staysNsp = nsp == "/" ? QByteArray("/admin") : QByteArray("/");
    QPointer<io::Socket> leaving = harness.server.of(nsp).socket(gone);
    QVERIFY(leaving);
    QList<DisconnectReason> reasons;
    leaving->onDisconnect([&](DisconnectReason reason) { reasons.append(reason); });
    client.clearSent();

    QVERIFY(client.send(prefixFor('1', nsp)));
    QCOMPARE(reasons, QList<DisconnectReason>{DisconnectReason::ClientNamespaceDisconnect});
    QCOMPARE(events.matching("socketDisconnected"),
        QByteArrayList(
            {"socketDisconnected " + nsp + ' ' + gone + " client namespace disconnect"}));
    QVERIFY(!harness.server.of(nsp).socket(gone));
    QCOMPARE(harness.server.of(staysNsp).sockets().size(), 1);
    QCOMPARE(client.texts(), QByteArrayList()); // nothing answered
    QVERIFY(!client.isClosed());

    // It may join again, as another socket.
    const QByteArray again = client.connect(nsp);
    QVERIFY(!again.isEmpty());
    QVERIFY(again != gone);
}

void TestIoConnection::serverDisconnects_data()
{
    QTest::addColumn<QByteArray>("nsp");
    QTest::addColumn<QByteArray>("expected");
    QTest::newRow("main") << QByteArray("/") << QByteArray("1");
    QTest::newRow("static") << QByteArray("/admin") << QByteArray("1/admin,");
}

void TestIoConnection::serverDisconnects()
{
    QFETCH(QByteArray, nsp);
    QFETCH(QByteArray, expected);
    IoHarness harness;
    harness.server.of("/admin");
    Client client(harness);
    const QByteArray mainSid = client.connect("/");
    const QByteArray adminSid = client.connect("/admin");
    QPointer<io::Socket> leaving = harness.server.of(nsp).socket(nsp == "/" ? mainSid : adminSid);
    QVERIFY(leaving);
    QList<DisconnectReason> reasons;
    leaving->onDisconnect([&](DisconnectReason reason) { reasons.append(reason); });
    client.clearSent();

    leaving->disconnect();
    QCOMPARE(client.texts(), QByteArrayList({expected}));
    QCOMPARE(reasons, QList<DisconnectReason>{DisconnectReason::ServerNamespaceDisconnect});
    QVERIFY(harness.server.of(nsp).sockets().isEmpty());
    QCOMPARE(
        harness.server.of(nsp == "/" ? QByteArray("/admin") : QByteArray("/")).sockets().size(), 1);
    QVERIFY(!client.isClosed());
    leaving->disconnect(); // twice: nothing more
    QCOMPARE(client.texts(), QByteArrayList({expected}));
}

void TestIoConnection::disconnectCloseEndsEveryNamespace()
{
    IoHarness harness;
    harness.server.of("/admin");
    Client client(harness);
    const QByteArray mainSid = client.connect("/");
    const QByteArray adminSid = client.connect("/admin");
    QList<std::pair<QByteArray, DisconnectReason>> reasons;
    for (io::Socket *socket :
        {harness.server.main().socket(mainSid), harness.server.of("/admin").socket(adminSid)}) {
        QVERIFY(socket);
        const QByteArray name = socket->nsp().name();
        socket->onDisconnect([&reasons, name](DisconnectReason r) { reasons.append({name, r}); });
    }
    client.clearSent();

    harness.server.of("/admin").socket(adminSid)->disconnect(true);

    QCOMPARE(reasons.size(), 2);
    for (const auto &[name, reason] : reasons)
        QCOMPARE(reason, DisconnectReason::ServerNamespaceDisconnect);
    QByteArrayList texts = client.texts();
    std::sort(texts.begin(), texts.end());
    QCOMPARE(texts, QByteArrayList({"1", "1/admin,"}));
    QVERIFY(client.isClosed());
    QVERIFY(harness.server.main().sockets().isEmpty());
    QVERIFY(harness.server.of("/admin").sockets().isEmpty());
}

void TestIoConnection::disconnectingSeesRooms_data()
{
    QTest::addColumn<QByteArray>("how");
    QTest::addColumn<DisconnectReason>("reason");
    QTest::newRow("client DISCONNECT")
        << QByteArray("client") << DisconnectReason::ClientNamespaceDisconnect;
    QTest::newRow("server disconnect()")
        << QByteArray("server") << DisconnectReason::ServerNamespaceDisconnect;
    QTest::newRow("transport close") << QByteArray("transport") << DisconnectReason::TransportClose;
    QTest::newRow("parse error") << QByteArray("parse") << DisconnectReason::ParseError;
    QTest::newRow("server close()")
        << QByteArray("shutdown") << DisconnectReason::ServerShuttingDown;
}

void TestIoConnection::disconnectingSeesRooms()
{
    QFETCH(QByteArray, how);
    QFETCH(DisconnectReason, reason);
    IoHarness harness;
    Client client(harness);
    const QByteArray sid = client.connect();
    QPointer<io::Socket> socket = harness.server.main().socket(sid);
    QVERIFY(socket);
    socket->join(QStringLiteral("a"));
    QByteArrayList order;
    QSet<io::Room> roomsWhileDisconnecting;
    QSet<io::Room> roomsAfter{QStringLiteral("unset")};
    socket->onDisconnecting([&](DisconnectReason r) {
        order.append(QByteArray("disconnecting ") + io::disconnectReasonText(r));
        roomsWhileDisconnecting = socket->rooms();
    });
    socket->onDisconnect([&](DisconnectReason r) {
        order.append(QByteArray("disconnect ") + io::disconnectReasonText(r));
        roomsAfter = socket->rooms();
    });

    if (how == "client")
        QVERIFY(client.send("1"));
    else if (how == "server")
        socket->disconnect();
    else if (how == "transport")
        client.closeTransport();
    else if (how == "parse")
        QVERIFY(client.send("9"));
    else
        harness.server.close();

    const QByteArray text = io::disconnectReasonText(reason);
    QCOMPARE(order, QByteArrayList({"disconnecting " + text, "disconnect " + text}));
    QCOMPARE(
        roomsWhileDisconnecting, (QSet<io::Room>{QString::fromLatin1(sid), QStringLiteral("a")}));
    QCOMPARE(roomsAfter, QSet<io::Room>());
}

void TestIoConnection::connectTimeout()
{
    io::ServerOptions options;
    options.connectTimeout = 100ms;
    IoHarness harness(options);
    Client joined(harness);
    Client idle(harness);
    const QByteArray sid = joined.connect();
    QVERIFY(!sid.isEmpty());
    QTRY_VERIFY_WITH_TIMEOUT(idle.isClosed(), Generous);
    QVERIFY(idle.texts().isEmpty());

    // One more idle client, started after the first one's timer: once it is closed, the joined
    // client's timer has surely fired too, and left it alone.
    Client later(harness);
    QTRY_VERIFY_WITH_TIMEOUT(later.isClosed(), Generous);
    QVERIFY(!joined.isClosed());
    QVERIFY(harness.server.main().socket(sid));
    QVERIFY(harness.server.main().socket(sid)->connected());
}

void TestIoConnection::connectTimeoutWhileMiddlewarePending()
{
    // socket.io's Client closes the connection when, at connectTimeout, it has joined no
    // namespace (client.nsps is empty); a socket still in its middleware has not joined one.
    io::ServerOptions options;
    options.connectTimeout = 100ms;
    IoHarness harness(options);
    io::NextFunction pending;
    harness.server.main().use([&](io::Socket &, const io::NextFunction &next) { pending = next; });
    Client client(harness);
    QVERIFY(client.send("0"));
    QVERIFY(pending);
    // Ten times the timeout (not Generous: Qt waits twice as long again before reporting a
    // failure, and this check fails as long as the server keeps such connections).
    QTRY_VERIFY_WITH_TIMEOUT(client.isClosed(), 1000);
    pending(std::nullopt); // too late: answers nothing
    QCOMPARE(client.texts(), QByteArrayList());
    QVERIFY(harness.server.main().sockets().isEmpty());
}

void TestIoConnection::relayKeepsBytes_data()
{
    QTest::addColumn<QByteArray>("incoming");
    QTest::addColumn<QByteArray>("expected");

    QTest::newRow("key order, big integer, 1.0")
        << QByteArray(R"(2["m",{"b":1,"a":2},12345678901234567890,1.0])")
        << QByteArray(R"(2["back",{"b":1,"a":2},12345678901234567890,1.0])");
    QTest::newRow("string escapes and raw UTF-8")
        << QByteArray(R"(2["m","\u00e9\ud83d\ude00\/","é😀"])")
        << QByteArray(R"(2["back","\u00e9\ud83d\ude00\/","é😀"])");
    QTest::newRow("number forms") << QByteArray(R"(2["m",-0,1e400,0.1e-2,-12.50,1E+2])")
                                  << QByteArray(R"(2["back",-0,1e400,0.1e-2,-12.50,1E+2])");
    QTest::newRow("nesting and literals")
        << QByteArray(R"(2["m",[[],{}],{"a":[{"b":null}]},true,false,null])")
        << QByteArray(R"(2["back",[[],{}],{"a":[{"b":null}]},true,false,null])");
    QTest::newRow("duplicate keys")
        << QByteArray(R"(2["m",{"a":1,"a":2}])") << QByteArray(R"(2["back",{"a":1,"a":2}])");
    QTest::newRow("no arguments") << QByteArray(R"(2["m"])") << QByteArray(R"(2["back"])");
    QTest::newRow("ack id not relayed")
        << QByteArray(R"(25["m",1])") << QByteArray(R"(2["back",1])");
    QTest::newRow("placeholder-like object in a plain event")
        << QByteArray(R"(2["m",{"_placeholder":true,"num":0}])")
        << QByteArray(R"(2["back",{"_placeholder":true,"num":0}])");
    QTest::newRow("namespace") << QByteArray(R"(2/admin,["m",{"z":0,"y":1}])")
                               << QByteArray(R"(2/admin,["back",{"z":0,"y":1}])");
}

void TestIoConnection::relayKeepsBytes()
{
    QFETCH(QByteArray, incoming);
    QFETCH(QByteArray, expected);
    IoHarness harness;
    const QByteArray nsp = incoming.startsWith("2/admin,") ? QByteArray("/admin") : QByteArray("/");
    harness.server.of(nsp).onConnection([](io::Socket &socket) {
        socket.on(QStringLiteral("m"), [&socket](const io::Args &args, const io::Ack &) {
            socket.emit(QStringLiteral("back"), args);
        });
    });
    Client client(harness);
    QVERIFY(!client.connect(nsp).isEmpty());
    client.clearSent();
    QVERIFY(client.send(incoming));
    QCOMPARE(client.texts(), QByteArrayList({expected}));
    QVERIFY(client.binaries().isEmpty());
}

void TestIoConnection::relayKeepsAttachments_data()
{
    QTest::addColumn<QByteArray>("incoming");
    QTest::addColumn<QByteArrayList>("attachments");
    QTest::addColumn<QByteArray>("expected");

    QTest::newRow("two, nested")
        << QByteArray(
               R"(52-["bin",{"_placeholder":true,"num":0},{"k":{"_placeholder":true,"num":1}}])")
        << QByteArrayList{QByteArray("\x00\x01", 2), QByteArray("\xff")}
        << QByteArray(
               R"(52-["back",{"_placeholder":true,"num":0},{"k":{"_placeholder":true,"num":1}}])");
    QTest::newRow("referenced out of order")
        << QByteArray(R"(52-["bin",{"_placeholder":true,"num":1},{"_placeholder":true,"num":0}])")
        << QByteArrayList{QByteArray("first"), QByteArray("second")}
        << QByteArray(R"(52-["back",{"_placeholder":true,"num":1},{"_placeholder":true,"num":0}])");
    QTest::newRow("empty attachment with text around")
        << QByteArray(R"(51-["bin","x",{"_placeholder":true,"num":0},3])")
        << QByteArrayList{QByteArray("")}
        << QByteArray(R"(51-["back","x",{"_placeholder":true,"num":0},3])");
    QTest::newRow("ack id not relayed")
        << QByteArray(R"(51-9["bin",{"_placeholder":true,"num":0}])")
        << QByteArrayList{QByteArray("\x7f\x80")}
        << QByteArray(R"(51-["back",{"_placeholder":true,"num":0}])");
}

void TestIoConnection::relayKeepsAttachments()
{
    QFETCH(QByteArray, incoming);
    QFETCH(QByteArrayList, attachments);
    QFETCH(QByteArray, expected);
    IoHarness harness;
    QList<io::Args> seen;
    harness.server.onConnection([&](io::Socket &socket) {
        socket.on(QStringLiteral("bin"), [&](const io::Args &args, const io::Ack &) {
            seen.append(args);
            socket.emit(QStringLiteral("back"), args);
        });
    });
    Client client(harness);
    QVERIFY(!client.connect().isEmpty());
    client.clearSent();
    QVERIFY(client.send(incoming));
    for (const QByteArray &attachment : attachments) {
        QVERIFY(seen.isEmpty()); // not before the last attachment
        QVERIFY(client.sendBinary(attachment));
    }
    QCOMPARE(seen.size(), 1);
    QCOMPARE(seen.first().attachments(), attachments);
    QCOMPARE(client.texts(), QByteArrayList({expected}));
    QCOMPARE(client.binaries(), attachments);
    // Text frame first, then the attachments right after it.
    const QList<eio::Packet> sent = client.sent();
    qsizetype textAt = -1;
    for (qsizetype i = 0; i < sent.size(); ++i) {
        if (sent.at(i).type == eio::PacketType::Message && !sent.at(i).binary)
            textAt = i;
    }
    QVERIFY(textAt >= 0);
    QCOMPARE(sent.size(), textAt + 1 + attachments.size());
    QVERIFY(!client.isClosed());
}

void TestIoConnection::volatileEmit()
{
    IoHarness harness;
    Client client(harness, eio::TransportKind::Polling, false);
    QVERIFY(client.send("0"));
    io::Socket *socket = harness.server.main().sockets().isEmpty()
        ? nullptr
        : harness.server.main().sockets().begin().value();
    QVERIFY(socket);
    QVERIFY(!socket->isWritable());
    client.fake()->becomeWritable(); // the open packet and the CONNECT reply go out
    QVERIFY(!socket->isWritable()); // one response per GET

    socket->asVolatile().emit(QStringLiteral("v1"));
    socket->emit(QStringLiteral("n1")); // buffered until the next GET
    client.fake()->becomeWritable();
    QVERIFY(!socket->isWritable());
    client.fake()->becomeWritable(); // a GET with nothing to send: it stays pending
    QVERIFY(socket->isWritable());
    socket->asVolatile().emit(QStringLiteral("v2"));

    const QByteArrayList texts = client.texts();
    QVERIFY(!texts.contains(R"(2["v1"])"));
    QCOMPARE(texts.mid(1), QByteArrayList({R"(2["n1"])", R"(2["v2"])"}));
    QVERIFY(texts.first().startsWith("0{\"sid\":"));
}

void TestIoConnection::volatileBroadcast()
{
    IoHarness harness;
    Client blocked(harness, eio::TransportKind::Polling, false);
    Client open(harness);
    QVERIFY(blocked.send("0"));
    QVERIFY(!open.connect().isEmpty());
    blocked.fake()->becomeWritable();
    QCOMPARE(harness.server.main().sockets().size(), 2);

    harness.server.main().asVolatile().emit(QStringLiteral("v"));
    harness.server.main().emit(QStringLiteral("n"));
    QCOMPARE(open.textsStartingWith("2"), QByteArrayList({R"(2["v"])", R"(2["n"])"}));
    blocked.fake()->becomeWritable();
    QCOMPARE(blocked.textsStartingWith("2"), QByteArrayList({R"(2["n"])"}));
}

void TestIoConnection::catchAllListeners()
{
    IoHarness harness;
    QList<std::pair<QString, QByteArray>> incoming;
    QList<std::pair<QString, QByteArray>> outgoing;
    QList<QByteArray> handled;
    QPointer<io::Socket> socket;
    harness.server.onConnection([&](io::Socket &s) {
        socket = &s;
        s.onAny([&](const QString &event, const io::Args &args) {
            incoming.append({event, args.json()});
        });
        s.onAnyOutgoing([&](const QString &event, const io::Args &args) {
            outgoing.append({event, args.json()});
        });
        s.on(QStringLiteral("known"), [&](const io::Args &args, const io::Ack &ack) {
            handled.append(args.json());
            ack.reply(QStringLiteral("ok"));
        });
    });
    Client client(harness);
    QVERIFY(!client.connect().isEmpty());
    QVERIFY(socket);

    QVERIFY(client.send(R"(2["known",1])"));
    QVERIFY(client.send(R"(2["unknown",{"a":2}])"));
    QVERIFY(client.send(R"(23["known"])"));
    QVERIFY(client.send(R"(2[7,"numeric name"])"));
    QCOMPARE(incoming,
        (QList<std::pair<QString, QByteArray>>{{QStringLiteral("known"), "[1]"},
            {QStringLiteral("unknown"), R"([{"a":2}])"}, {QStringLiteral("known"), "[]"},
            {QStringLiteral("7"), R"(["numeric name"])"}}));
    QCOMPARE(handled, QList<QByteArray>({"[1]", "[]"}));

    socket->emit(QStringLiteral("direct"), io::makeArgs(1, true));
    harness.server.main().emit(QStringLiteral("everyone"));
    harness.server.main().to(QStringLiteral("nobody-here")).emit(QStringLiteral("nobody"));
    // The ack answer sent above is not an event.
    QCOMPARE(outgoing,
        (QList<std::pair<QString, QByteArray>>{
            {QStringLiteral("direct"), "[1,true]"}, {QStringLiteral("everyone"), "[]"}}));
}

void TestIoConnection::packetMiddleware()
{
    IoHarness harness;
    QList<QByteArray> handled;
    QStringList errors;
    QStringList seenByMiddleware;
    harness.server.onConnection([&](io::Socket &s) {
        s.use([&](const QString &event, const io::Args &, const io::NextFunction &next) {
            seenByMiddleware.append(event);
            if (event == QLatin1String("forbidden"))
                next(io::ConnectError{QStringLiteral("not allowed"), {}});
            else if (event == QLatin1String("later"))
                QTimer::singleShot(10ms, &harness.server, [next] { next(std::nullopt); });
            else
                next(std::nullopt);
        });
        s.onError([&](const io::ConnectError &error) { errors.append(error.message); });
        for (const char *name : {"ok", "forbidden", "later"}) {
            const QString event = QString::fromLatin1(name);
            s.on(event, [&handled, event](const io::Args &args, const io::Ack &ack) {
                handled.append(event.toUtf8() + args.json());
                ack.reply(1);
            });
        }
    });
    Client client(harness);
    QVERIFY(!client.connect().isEmpty());
    client.clearSent();

    QVERIFY(client.send(R"(2["ok",1])"));
    QVERIFY(client.send(R"(21["forbidden",2])"));
    QCOMPARE(handled, QList<QByteArray>({"ok[1]"}));
    QCOMPARE(errors, QStringList({QStringLiteral("not allowed")}));
    QCOMPARE(client.texts(), QByteArrayList()); // a dropped packet is not acknowledged
    QVERIFY(client.send(R"(22["later",3])"));
    QCOMPARE(handled, QList<QByteArray>({"ok[1]"}));
    QTRY_COMPARE_WITH_TIMEOUT(handled.size(), 2, Generous);
    QCOMPARE(handled.last(), QByteArray("later[3]"));
    QCOMPARE(client.texts(), QByteArrayList({"32[1]"}));
    QCOMPARE(seenByMiddleware,
        QStringList({QStringLiteral("ok"), QStringLiteral("forbidden"), QStringLiteral("later")}));
    QVERIFY(!client.isClosed());
}

QTEST_GUILESS_MAIN(TestIoConnection)
#include "tst_io_connection.moc"
