// Server-level behaviour: the handshake a socket sees, dynamic namespaces by predicate, the
// clean-up of empty child namespaces, serverSideEmit on a single server, and shutting down.

#include "io_harness.h"

#include <QJsonArray>
#include <QTest>

using namespace sb;
using sb::test::Client;
using sb::test::IoHarness;

class TestIoServer : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void handshake();
    void predicateNamespaces();
    void cleanupEmptyChildNamespaces_data();
    void cleanupEmptyChildNamespaces();
    void serverSideEmitAlone();
    void closeDisconnectsEverySocket();
};

void TestIoServer::handshake()
{
    IoHarness harness;
    http::Request request;
    request.method = "GET";
    request.target = "/socket.io/?EIO=4&transport=websocket&room=a%20b";
    request.path = "/socket.io/";
    request.query = "EIO=4&transport=websocket&room=a%20b";
    request.headers
        = {{"host", "lan.test:3000"}, {"origin", "http://page.test"}, {"x-token", "t1"}};
    request.remoteAddress = QHostAddress(QStringLiteral("192.0.2.7"));
    QPointer<io::Socket> seen;
    harness.server.onConnection([&](io::Socket &socket) { seen = &socket; });
    const qint64 before = QDateTime::currentMSecsSinceEpoch();
    Client client(harness, eio::TransportKind::WebSocket, true, request);
    const QByteArray sid = client.connect("/", R"({"token":"abc","n":12345678901234567890})");
    QVERIFY(seen);
    const io::Handshake &handshake = seen->handshake();
    QCOMPARE(handshake.header("X-Token"), QByteArray("t1"));
    QCOMPARE(handshake.query("room"), QByteArray("a b"));
    QCOMPARE(handshake.address(), QStringLiteral("192.0.2.7"));
    QCOMPARE(handshake.url(), request.target);
    QVERIFY(handshake.xdomain());
    QVERIFY(!handshake.secure());
    QVERIFY(handshake.issued() >= before);
    // The CONNECT payload is kept exactly (a big integer too).
    QCOMPARE(handshake.auth, QByteArray(R"({"token":"abc","n":12345678901234567890})"));
    QCOMPARE(
        handshake.authObject().value(QStringLiteral("token")).toString(), QStringLiteral("abc"));
    const QJsonObject json = handshake.toJson();
    QCOMPARE(json.value(QStringLiteral("headers"))
                 .toObject()
                 .value(QStringLiteral("x-token"))
                 .toString(),
        QStringLiteral("t1"));
    QCOMPARE(
        json.value(QStringLiteral("query")).toObject().value(QStringLiteral("room")).toString(),
        QStringLiteral("a b"));
    QCOMPARE(json.value(QStringLiteral("address")).toString(), QStringLiteral("192.0.2.7"));
    QVERIFY(json.contains(QStringLiteral("time")));
    // The socket id is its own, not the engine's.
    QVERIFY(sid != client.sessionId());
    QCOMPARE(seen->id(), sid);
}

void TestIoServer::predicateNamespaces()
{
    IoHarness harness;
    QList<QByteArray> created;
    harness.server.onNewNamespace([&](io::Namespace &nsp) { created.append(nsp.name()); });
    // A predicate that looks at the auth payload too.
    io::Namespace &parent = harness.server.of([](const QByteArray &name, const QByteArray &auth) {
        return name.startsWith("/team-") && auth.contains("\"member\":true");
    });
    int connections = 0;
    parent.onConnection([&](io::Socket &) { ++connections; });
    Client member(harness);
    QVERIFY(!member.connect("/team-red", R"({"member":true})").isEmpty());
    Client stranger(harness);
    QVERIFY(stranger.connect("/team-blue", R"({"member":false})").isEmpty());
    QVERIFY(stranger.texts().contains(R"(4/team-blue,{"message":"Invalid namespace"})"));
    QCOMPARE(connections, 1);
    QCOMPARE(created, QList<QByteArray>{"/team-red"});
    QVERIFY(harness.server.findNamespace("/team-red"));
    QCOMPARE(harness.server.findNamespace("/team-red")->parentNamespace(), &parent);
    // The parent's broadcasts reach its children.
    member.clearSent();
    parent.emit(QStringLiteral("all-teams"));
    QCOMPARE(member.texts(), QList<QByteArray>{R"(2/team-red,["all-teams"])"});
}

void TestIoServer::cleanupEmptyChildNamespaces_data()
{
    QTest::addColumn<bool>("cleanup");
    QTest::newRow("on") << true;
    QTest::newRow("off") << false;
}

void TestIoServer::cleanupEmptyChildNamespaces()
{
    QFETCH(bool, cleanup);
    io::ServerOptions options;
    options.cleanupEmptyChildNamespaces = cleanup;
    IoHarness harness(options);
    harness.server.of(QRegularExpression(QStringLiteral("^/dyn-\\d+$")));
    QPointer<io::Namespace> child;
    {
        Client a(harness), b(harness);
        QVERIFY(!a.connect("/dyn-1").isEmpty());
        QVERIFY(!b.connect("/dyn-1").isEmpty());
        child = harness.server.findNamespace("/dyn-1");
        QVERIFY(child);
        a.send("1/dyn-1,");
        QVERIFY(harness.server.findNamespace("/dyn-1")); // one socket left
        b.closeTransport();
    }
    QCoreApplication::sendPostedEvents(nullptr, QEvent::DeferredDelete);
    QCOMPARE(harness.server.findNamespace("/dyn-1") == nullptr, cleanup);
    QCOMPARE(child.isNull(), cleanup);
    // A new connection creates the child again.
    Client c(harness);
    QVERIFY(!c.connect("/dyn-1").isEmpty());
}

void TestIoServer::serverSideEmitAlone()
{
    IoHarness harness;
    bool called = false;
    harness.server.main().serverSideEmit(QStringLiteral("hello"), io::makeArgs(1),
        [&](const QList<io::Args> &answers, int timedOut) {
            called = true;
            QVERIFY(answers.isEmpty());
            QCOMPARE(timedOut, 0);
        });
    QVERIFY(called); // nobody to wait for
    QCOMPARE(harness.server.main().adapter().serverCount(), 1);
}

void TestIoServer::closeDisconnectsEverySocket()
{
    IoHarness harness;
    QList<QByteArray> reasons;
    harness.server.of("/other");
    const auto record = [&](io::Socket &socket) {
        socket.onDisconnect(
            [&](io::DisconnectReason reason) { reasons.append(io::disconnectReasonText(reason)); });
    };
    harness.server.onConnection(record);
    harness.server.of("/other").onConnection(record);
    Client a(harness), b(harness);
    QVERIFY(!a.connect("/").isEmpty());
    QVERIFY(!a.connect("/other").isEmpty());
    QVERIFY(!b.connect("/").isEmpty());
    harness.server.close();
    QCOMPARE(reasons, QList<QByteArray>(3, "server shutting down"));
    QVERIFY(a.isClosed());
    QVERIFY(b.isClosed());
}

QTEST_GUILESS_MAIN(TestIoServer)
#include "tst_io_server.moc"
