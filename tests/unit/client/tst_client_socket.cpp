// The Manager and its namespace sockets on fake transports: connecting with auth, CONNECT_ERROR,
// emits with and without acks, binary both ways, the send buffer, disconnect reasons,
// reconnection with back-off, and malformed Socket.IO packets.

#include "fake_client_transport.h"

#include "client/manager.h"
#include "client/socket.h"

#include <QJsonArray>
#include <QJsonObject>
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
    = R"({"sid":"e1","upgrades":[],"pingInterval":25000,"pingTimeout":20000,"maxPayload":1000000})";

ManagerOptions managerOptions()
{
    ManagerOptions options;
    options.transports = {QStringLiteral("websocket")};
    options.reconnectionDelay = std::chrono::milliseconds(10);
    options.reconnectionDelayMax = std::chrono::milliseconds(40);
    return options;
}

struct Fixture
{
    explicit Fixture(ManagerOptions options = managerOptions())
        : manager(QUrl(QStringLiteral("http://127.0.0.1:1")), std::move(options))
    {
        manager.setTransportFactory(transports.factory());
    }
    // The server side of the Engine.IO connection the manager opened last.
    FakeClientTransport *acceptEngine()
    {
        FakeClientTransport *ws = transports.last();
        if (!ws)
            return nullptr;
        ws->serverAccepts();
        ws->receiveHandshake(GoodHandshake);
        return ws;
    }
    FakeTransports transports;
    Manager manager;
};

QList<QByteArray> messages(FakeClientTransport *transport)
{
    QList<QByteArray> texts;
    for (const eio::Packet &packet : transport->sent) {
        if (packet.type == eio::PacketType::Message)
            texts.append(packet.binary ? QByteArray("<bin>") + packet.data : packet.data);
    }
    return texts;
}

} // namespace

class TestClientSocket : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void connectsToMainNamespace();
    void connectsWithAuth();
    void namespacesShareTheConnection();
    void connectError();
    void connectErrorWhenConnected();
    void connectErrorAsString();
    void connectReplyWithoutSid();
    void eventsFromTheServer();
    void binaryFromTheServer();
    void serverAsksForAnAck();
    void emitWithAck();
    void emitBinary();
    void ackTimesOut();
    void acksEndOnDisconnect();
    void emitsWaitForConnect();
    void reservedEventsRefused();
    void serverDisconnects();
    void clientDisconnects();
    void transportCloseReconnects();
    void reconnectionGivesUp();
    void noReconnectionWhenOff();
    void parseError_data();
    void parseError();
    void ignoresOtherNamespaces();
    void openTimeout();
    void pingTimeoutReconnects();
    void closeStopsReconnecting();
    void mutatedServerInput();
    void backoffSequence();
    void optionsReachTheTransport();
};

void TestClientSocket::connectsToMainNamespace()
{
    Fixture f;
    Socket *socket = f.manager.socket("/");
    QSignalSpy connected(socket, &Socket::connected);
    QVERIFY(socket->isActive());
    QCOMPARE(f.manager.state(), Manager::State::Opening);
    FakeClientTransport *ws = f.acceptEngine();
    QCOMPARE(f.manager.state(), Manager::State::Open);
    QCOMPARE(messages(ws), QList<QByteArray>{"0"});
    ws->receiveText(R"(0{"sid":"abc"})");
    QCOMPARE(connected.size(), 1);
    QVERIFY(socket->isConnected());
    QCOMPARE(socket->id(), QStringLiteral("abc"));
}

void TestClientSocket::connectsWithAuth()
{
    Fixture f;
    SocketOptions options;
    options.auth = QJsonObject{{QStringLiteral("token"), QStringLiteral("t")}};
    f.manager.socket("/", options);
    FakeClientTransport *ws = f.acceptEngine();
    QCOMPARE(messages(ws), QList<QByteArray>{R"(0{"token":"t"})"});
}

void TestClientSocket::namespacesShareTheConnection()
{
    Fixture f;
    Socket *main = f.manager.socket("/");
    FakeClientTransport *ws = f.acceptEngine();
    Socket *admin = f.manager.socket("/admin");
    QCOMPARE(f.manager.socket("/admin"), admin);
    QCOMPARE(f.transports.made.size(), 1);
    QCOMPARE(messages(ws), (QList<QByteArray>{"0", "0/admin,"}));
    ws->receiveText(R"(0/admin,{"sid":"x"})");
    QVERIFY(admin->isConnected());
    QVERIFY(!main->isConnected());
    admin->emit(QStringLiteral("hi"));
    QCOMPARE(messages(ws).last(), QByteArray(R"(2/admin,["hi"])"));
}

void TestClientSocket::connectError()
{
    Fixture f;
    Socket *socket = f.manager.socket("/");
    QSignalSpy errors(socket, &Socket::connectErrorOccurred);
    QSignalSpy closed(&f.manager, &Manager::closed);
    FakeClientTransport *ws = f.acceptEngine();
    ws->receiveText(R"(4{"message":"not allowed","data":{"reason":"asked"}})");
    QCOMPARE(errors.size(), 1);
    const auto error = errors.first().first().value<ConnectError>();
    QCOMPARE(error.message, QStringLiteral("not allowed"));
    QCOMPARE(error.kind, ConnectError::Kind::Refused);
    QCOMPARE(
        error.data.toObject().value(QStringLiteral("reason")).toString(), QStringLiteral("asked"));
    QVERIFY(!socket->isActive());
    // The last active socket gone: the connection closes, and stays closed.
    QCOMPARE(closed.size(), 1);
    QCOMPARE(closed.first().first().toString(), QStringLiteral("forced close"));
    QVERIFY(!f.manager.isReconnecting()); // nothing scheduled either
    QCOMPARE(f.transports.made.size(), 1);
}

void TestClientSocket::connectErrorWhenConnected()
{
    Fixture f;
    Socket *socket = f.manager.socket("/");
    QSignalSpy disconnected(socket, &Socket::disconnected);
    QSignalSpy errors(socket, &Socket::connectErrorOccurred);
    FakeClientTransport *ws = f.acceptEngine();
    ws->receiveText(R"(0{"sid":"s"})");
    ws->receiveText(R"(4{"message":"changed my mind"})");
    QCOMPARE(disconnected.size(), 1);
    QCOMPARE(disconnected.first().first().toString(), QStringLiteral("io server disconnect"));
    QCOMPARE(errors.size(), 1);
    QVERIFY(!socket->isConnected());
    QVERIFY(!socket->isActive());
}

void TestClientSocket::connectErrorAsString()
{
    Fixture f;
    Socket *socket = f.manager.socket("/");
    QSignalSpy errors(socket, &Socket::connectErrorOccurred);
    f.acceptEngine()->receiveText(R"(4"old style")");
    QCOMPARE(errors.size(), 1);
    QCOMPARE(errors.first().first().value<ConnectError>().message, QStringLiteral("old style"));
}

void TestClientSocket::connectReplyWithoutSid()
{
    Fixture f;
    Socket *socket = f.manager.socket("/");
    QSignalSpy errors(socket, &Socket::connectErrorOccurred);
    f.acceptEngine()->receiveText(R"(0{"nosid":1})");
    QCOMPARE(errors.size(), 1);
    QCOMPARE(errors.first().first().value<ConnectError>().kind, ConnectError::Kind::NotSocketIo);
    QVERIFY(!socket->isConnected());
}

void TestClientSocket::eventsFromTheServer()
{
    Fixture f;
    Socket *socket = f.manager.socket("/");
    FakeClientTransport *ws = f.acceptEngine();
    QList<QString> seen;
    QList<QJsonValue> values;
    socket->onAny([&](const QString &event, const Args &) { seen.append(u"any:"_qs + event); });
    socket->on(QStringLiteral("news"), [&](const Args &args, const Ack &ack) {
        seen.append(QStringLiteral("news"));
        values.append(args.toJson(0));
        values.append(args.toJson(1));
        QVERIFY(!ack.isRequested());
    });
    // Before the CONNECT reply, events wait (socket.io-client's receiveBuffer).
    ws->receiveText(R"(2["news",1,{"a":"b"}])");
    QVERIFY(seen.isEmpty());
    ws->receiveText(R"(0{"sid":"s"})");
    QCOMPARE(seen, (QList<QString>{u"any:news"_qs, u"news"_qs}));
    QCOMPARE(values.at(0).toInt(), 1);
    QCOMPARE(values.at(1).toObject().value(QStringLiteral("a")).toString(), QStringLiteral("b"));
    socket->off(QStringLiteral("news"));
    ws->receiveText(R"(2["news"])");
    QCOMPARE(seen.size(), 3);
}

void TestClientSocket::binaryFromTheServer()
{
    Fixture f;
    Socket *socket = f.manager.socket("/");
    FakeClientTransport *ws = f.acceptEngine();
    ws->receiveText(R"(0{"sid":"s"})");
    QByteArray received;
    socket->on(
        QStringLiteral("file"), [&](const Args &args, const Ack &) { received = args.binary(0); });
    ws->receiveText(R"(51-["file",{"_placeholder":true,"num":0}])");
    QVERIFY(received.isNull());
    ws->receiveBinary(QByteArray("\x00\xff", 2));
    QCOMPARE(received, QByteArray("\x00\xff", 2));
}

void TestClientSocket::serverAsksForAnAck()
{
    Fixture f;
    Socket *socket = f.manager.socket("/admin");
    FakeClientTransport *ws = f.acceptEngine();
    ws->receiveText(R"(0/admin,{"sid":"s"})");
    socket->on(QStringLiteral("ask"), [](const Args &args, const Ack &ack) {
        QVERIFY(ack.isRequested());
        ack(makeArgs(args.toJson(0).toInt() + 1, QByteArray("raw")));
        ack(makeArgs(0)); // only the first answer counts
        QVERIFY(ack.isAnswered());
    });
    ws->receiveText(R"(2/admin,12["ask",5])");
    QCOMPARE(messages(ws).mid(1),
        (QList<QByteArray>{R"(61-/admin,12[6,{"_placeholder":true,"num":0}])", "<bin>raw"}));
}

void TestClientSocket::emitWithAck()
{
    Fixture f;
    Socket *socket = f.manager.socket("/");
    FakeClientTransport *ws = f.acceptEngine();
    ws->receiveText(R"(0{"sid":"s"})");
    std::optional<AckResult> result;
    socket->emit(QStringLiteral("echo"), makeArgs(QStringLiteral("x")),
        [&](const AckResult &r) { result = r; });
    QCOMPARE(messages(ws).last(), QByteArray(R"(20["echo","x"])"));
    QCOMPARE(socket->pendingAcks(), 1);
    ws->receiveText(R"(31["wrong id"])"); // answers nothing: ignored
    QVERIFY(!result);
    ws->receiveText(R"(30["x"])");
    QVERIFY(result && result->answered());
    QCOMPARE(result->args.string(0), QStringLiteral("x"));
    QCOMPARE(socket->pendingAcks(), 0);
}

void TestClientSocket::emitBinary()
{
    Fixture f;
    Socket *socket = f.manager.socket("/");
    FakeClientTransport *ws = f.acceptEngine();
    ws->receiveText(R"(0{"sid":"s"})");
    std::optional<AckResult> result;
    socket->emit(QStringLiteral("upload"), makeArgs(QByteArray("\x01\x02", 2), 7),
        [&](const AckResult &r) { result = r; });
    QCOMPARE(messages(ws).mid(1),
        (QList<QByteArray>{
            R"(51-0["upload",{"_placeholder":true,"num":0},7])", QByteArray("<bin>\x01\x02", 7)}));
    ws->receiveText(R"(61-0[{"_placeholder":true,"num":0}])");
    QVERIFY(!result);
    ws->receiveBinary("back");
    QVERIFY(result && result->answered());
    QCOMPARE(result->args.binary(0), QByteArray("back"));
}

void TestClientSocket::ackTimesOut()
{
    Fixture f;
    Socket *socket = f.manager.socket("/");
    FakeClientTransport *ws = f.acceptEngine();
    ws->receiveText(R"(0{"sid":"s"})");
    std::optional<AckResult> result;
    socket->emit(
        QStringLiteral("slow"), {}, [&](const AckResult &r) { result = r; },
        std::chrono::milliseconds(20));
    QTRY_VERIFY_WITH_TIMEOUT(result.has_value(), Generous);
    QCOMPARE(result->status, AckResult::Status::TimedOut);
    QCOMPARE(result->errorMessage(), QStringLiteral("operation has timed out"));
    ws->receiveText(R"(30[])"); // too late: ignored
    QCOMPARE(socket->pendingAcks(), 0);
}

void TestClientSocket::acksEndOnDisconnect()
{
    Fixture f;
    Socket *socket = f.manager.socket("/");
    FakeClientTransport *ws = f.acceptEngine();
    ws->receiveText(R"(0{"sid":"s"})");
    QList<AckResult::Status> results;
    socket->emit(QStringLiteral("a"), {}, [&](const AckResult &r) { results.append(r.status); });
    ws->serverCloses();
    QCOMPARE(results, QList<AckResult::Status>{AckResult::Status::Disconnected});
    // An emit made while disconnected keeps its ack until it is sent and answered.
    socket->emit(QStringLiteral("b"), {}, [&](const AckResult &r) { results.append(r.status); });
    QCOMPARE(socket->bufferedEmits(), 1);
    QTRY_COMPARE_WITH_TIMEOUT(f.transports.made.size(), 2, Generous);
    FakeClientTransport *again = f.acceptEngine();
    again->receiveText(R"(0{"sid":"s2"})");
    QCOMPARE(messages(again), (QList<QByteArray>{"0", R"(21["b"])"}));
    again->receiveText(R"(31[])");
    QCOMPARE(results.last(), AckResult::Status::Answered);
}

void TestClientSocket::emitsWaitForConnect()
{
    Fixture f;
    Socket *socket = f.manager.socket("/");
    socket->emit(QStringLiteral("early"), makeArgs(1));
    socket->emit(QStringLiteral("early"), makeArgs(2));
    QCOMPARE(socket->bufferedEmits(), 2);
    FakeClientTransport *ws = f.acceptEngine();
    QCOMPARE(messages(ws), QList<QByteArray>{"0"});
    ws->receiveText(R"(0{"sid":"s"})");
    QCOMPARE(messages(ws), (QList<QByteArray>{"0", R"(2["early",1])", R"(2["early",2])"}));
    QCOMPARE(socket->bufferedEmits(), 0);
}

void TestClientSocket::reservedEventsRefused()
{
    Fixture f;
    Socket *socket = f.manager.socket("/");
    for (const char *name : {"connect", "connect_error", "disconnect", "disconnecting",
             "newListener", "removeListener"}) {
        QTest::ignoreMessage(QtWarningMsg,
            qPrintable(QStringLiteral("refused to emit the reserved event \"%1\"")
                           .arg(QLatin1String(name))));
        QVERIFY(!socket->emit(QString::fromLatin1(name)));
    }
    QCOMPARE(socket->bufferedEmits(), 0);
}

void TestClientSocket::serverDisconnects()
{
    Fixture f;
    Socket *socket = f.manager.socket("/");
    QSignalSpy disconnected(socket, &Socket::disconnected);
    FakeClientTransport *ws = f.acceptEngine();
    ws->receiveText(R"(0{"sid":"s"})");
    ws->receiveText("1");
    QCOMPARE(disconnected.size(), 1);
    QCOMPARE(disconnected.first().first().toString(), QStringLiteral("io server disconnect"));
    QVERIFY(!socket->isActive());
    // Not reconnected: the server meant it.
    QVERIFY(!f.manager.isReconnecting()); // nothing scheduled either
    QCOMPARE(f.transports.made.size(), 1);
}

void TestClientSocket::clientDisconnects()
{
    Fixture f;
    Socket *socket = f.manager.socket("/");
    Socket *other = f.manager.socket("/other");
    QSignalSpy disconnected(socket, &Socket::disconnected);
    QSignalSpy managerClosed(&f.manager, &Manager::closed);
    FakeClientTransport *ws = f.acceptEngine();
    ws->receiveText(R"(0{"sid":"s"})");
    ws->receiveText(R"(0/other,{"sid":"o"})");
    socket->close();
    QCOMPARE(disconnected.size(), 1);
    QCOMPARE(disconnected.first().first().toString(), QStringLiteral("io client disconnect"));
    QCOMPARE(messages(ws).last(), QByteArray("1"));
    QCOMPARE(managerClosed.size(), 0); // /other still uses the connection
    other->close();
    QCOMPARE(managerClosed.size(), 1);
    QCOMPARE(f.manager.state(), Manager::State::Closed);
}

void TestClientSocket::transportCloseReconnects()
{
    Fixture f;
    Socket *socket = f.manager.socket("/");
    Socket *admin = f.manager.socket("/admin");
    QSignalSpy disconnected(socket, &Socket::disconnected);
    QSignalSpy connected(socket, &Socket::connected);
    QSignalSpy adminConnected(admin, &Socket::connected);
    QSignalSpy attempts(&f.manager, &Manager::reconnectAttempted);
    QSignalSpy reconnected(&f.manager, &Manager::reconnected);
    FakeClientTransport *ws = f.acceptEngine();
    ws->receiveText(R"(0{"sid":"s"})");
    ws->receiveText(R"(0/admin,{"sid":"a"})");
    ws->serverCloses();
    QCOMPARE(disconnected.size(), 1);
    QCOMPARE(disconnected.first().first().toString(), QStringLiteral("transport close"));
    QVERIFY(socket->isActive());
    // The first attempt fails, the second one gets through.
    QTRY_COMPARE_WITH_TIMEOUT(f.transports.made.size(), 2, Generous);
    f.transports.last()->fail(QStringLiteral("websocket error: connection refused"));
    QTRY_COMPARE_WITH_TIMEOUT(f.transports.made.size(), 3, Generous);
    QCOMPARE(attempts.size(), 2);
    FakeClientTransport *again = f.acceptEngine();
    QCOMPARE(reconnected.size(), 1);
    QCOMPARE(reconnected.first().first().toInt(), 2);
    QCOMPARE(messages(again), (QList<QByteArray>{"0", "0/admin,"}));
    again->receiveText(R"(0{"sid":"s2"})");
    again->receiveText(R"(0/admin,{"sid":"a2"})");
    QCOMPARE(connected.size(), 2);
    QCOMPARE(adminConnected.size(), 2);
    QCOMPARE(socket->id(), QStringLiteral("s2"));
}

void TestClientSocket::reconnectionGivesUp()
{
    ManagerOptions options = managerOptions();
    options.reconnectionAttempts = 2;
    Fixture f(options);
    QSignalSpy failed(&f.manager, &Manager::reconnectFailed);
    QSignalSpy errors(&f.manager, &Manager::reconnectErrorOccurred);
    Socket *socket = f.manager.socket("/");
    QSignalSpy connectErrors(socket, &Socket::connectErrorOccurred);
    f.transports.last()->fail(QStringLiteral("refused"));
    for (int i = 2; i <= 3; ++i) {
        QTRY_COMPARE_WITH_TIMEOUT(f.transports.made.size(), i, Generous);
        f.transports.last()->fail(QStringLiteral("refused"));
    }
    QTRY_COMPARE_WITH_TIMEOUT(failed.size(), 1, Generous);
    QCOMPARE(errors.size(), 2);
    QCOMPARE(connectErrors.size(), 3);
    QCOMPARE(
        connectErrors.first().first().value<ConnectError>().message, QStringLiteral("refused"));
    QCOMPARE(
        connectErrors.first().first().value<ConnectError>().kind, ConnectError::Kind::Connection);
    QVERIFY(!f.manager.isReconnecting()); // nothing scheduled either
    QCOMPARE(f.transports.made.size(), 3);
}

void TestClientSocket::noReconnectionWhenOff()
{
    ManagerOptions options = managerOptions();
    options.reconnection = false;
    Fixture f(options);
    Socket *socket = f.manager.socket("/");
    QSignalSpy disconnected(socket, &Socket::disconnected);
    FakeClientTransport *ws = f.acceptEngine();
    ws->receiveText(R"(0{"sid":"s"})");
    ws->fail(QStringLiteral("boom"));
    QCOMPARE(disconnected.first().first().toString(), QStringLiteral("transport error"));
    QVERIFY(!f.manager.isReconnecting()); // nothing scheduled either
    QCOMPARE(f.transports.made.size(), 1);
}

void TestClientSocket::parseError_data()
{
    QTest::addColumn<QByteArray>("frame");
    QTest::newRow("empty") << QByteArray();
    QTest::newRow("unknown type") << QByteArray("9");
    QTest::newRow("bad json") << QByteArray(R"(2["a",)");
    QTest::newRow("event not an array") << QByteArray(R"(2{"a":1})");
    QTest::newRow("event without name") << QByteArray("2[]");
    QTest::newRow("ack without id") << QByteArray("3[]");
    QTest::newRow("bad namespace") << QByteArray(R"(2admin,["a"])");
    QTest::newRow("zero attachments") << QByteArray(R"(50-["a"])");
    QTest::newRow("placeholder out of range")
        << QByteArray(R"(51-["a",{"_placeholder":true,"num":3}])");
    QTest::newRow("huge ack id") << QByteArray(R"(299999999999999999999["a"])");
    QTest::newRow("connect payload not an object") << QByteArray(R"(0[1])");
    QTest::newRow("disconnect with payload") << QByteArray(R"(1{"a":1})");
    QTest::newRow("invalid utf-8") << QByteArray("2[\"\xff\"]");
}

void TestClientSocket::parseError()
{
    QFETCH(QByteArray, frame);
    Fixture f;
    Socket *socket = f.manager.socket("/");
    QSignalSpy disconnected(socket, &Socket::disconnected);
    FakeClientTransport *ws = f.acceptEngine();
    ws->receiveText(R"(0{"sid":"s"})");
    ws->receiveText(frame);
    QCOMPARE(disconnected.size(), 1);
    QCOMPARE(disconnected.first().first().toString(), QStringLiteral("parse error"));
    QVERIFY(!disconnected.first().at(1).toString().isEmpty());
    // As after any lost connection, it comes back.
    QTRY_COMPARE_WITH_TIMEOUT(f.transports.made.size(), 2, Generous);
}

void TestClientSocket::ignoresOtherNamespaces()
{
    Fixture f;
    Socket *socket = f.manager.socket("/");
    FakeClientTransport *ws = f.acceptEngine();
    ws->receiveText(R"(0{"sid":"s"})");
    int calls = 0;
    socket->onAny([&](const QString &, const Args &) { ++calls; });
    ws->receiveText(R"(2/elsewhere,["x"])");
    QCOMPARE(calls, 0);
    // A binary frame with nothing awaiting it is a parse error, though.
    QSignalSpy disconnected(socket, &Socket::disconnected);
    ws->receiveBinary("stray");
    QCOMPARE(disconnected.first().first().toString(), QStringLiteral("parse error"));
}

void TestClientSocket::openTimeout()
{
    ManagerOptions options = managerOptions();
    options.timeout = std::chrono::milliseconds(30);
    options.reconnection = false;
    Fixture f(options);
    Socket *socket = f.manager.socket("/");
    QSignalSpy errors(socket, &Socket::connectErrorOccurred);
    // The server never answers the handshake.
    QVERIFY(errors.wait(Generous));
    QCOMPARE(errors.first().first().value<ConnectError>().message, QStringLiteral("timeout"));
    QCOMPARE(errors.first().first().value<ConnectError>().kind, ConnectError::Kind::Timeout);
    QCOMPARE(f.manager.state(), Manager::State::Closed);
    QVERIFY(!f.transports.last() || f.transports.last()->state() == Transport::State::Closed);
}

void TestClientSocket::pingTimeoutReconnects()
{
    Fixture f;
    Socket *socket = f.manager.socket("/");
    QSignalSpy disconnected(socket, &Socket::disconnected);
    FakeClientTransport *ws = f.transports.last();
    ws->serverAccepts();
    ws->receiveHandshake(R"({"sid":"e","upgrades":[],"pingInterval":20,"pingTimeout":20})");
    ws->receiveText(R"(0{"sid":"s"})");
    QVERIFY(disconnected.wait(Generous));
    QCOMPARE(disconnected.first().first().toString(), QStringLiteral("ping timeout"));
    // An emit now waits for the next connection rather than going to a dead one.
    socket->emit(QStringLiteral("later"));
    QCOMPARE(socket->bufferedEmits(), 1);
    QTRY_COMPARE_WITH_TIMEOUT(f.transports.made.size(), 2, Generous);
}

void TestClientSocket::closeStopsReconnecting()
{
    Fixture f;
    Socket *socket = f.manager.socket("/");
    QSignalSpy attempts(&f.manager, &Manager::reconnectAttempted);
    FakeClientTransport *ws = f.acceptEngine();
    ws->receiveText(R"(0{"sid":"s"})");
    ws->serverCloses();
    QVERIFY(f.manager.isReconnecting());
    f.manager.close();
    QVERIFY(!f.manager.isReconnecting());
    QCOMPARE(attempts.size(), 0);
    QCOMPARE(f.transports.made.size(), 1);
    // The socket is still active: opening again reconnects it.
    QVERIFY(socket->isActive());
    socket->open();
    QCOMPARE(f.transports.made.size(), 2);
}

// Valid server frames with random bytes changed, cut or added, fed after a good CONNECT: whatever
// comes, the connection either carries on or closes with "parse error"; nothing crashes (ASan
// runs this) and no handler sees an event that was not well formed.
void TestClientSocket::mutatedServerInput()
{
    const QList<QByteArray> seeds{R"(2["news",1,{"a":[true,null]}])",
        R"(51-["file",{"_placeholder":true,"num":0}])", R"(2/admin,7["ask","x"])", R"(30[1,"two"])",
        R"(61-0[{"_placeholder":true,"num":0}])", R"(4{"message":"no","data":{"x":1}})",
        R"(0{"sid":"again"})", "1", R"(2["\u00e9\ud83d\ude00",-1.5e3])"};
    QRandomGenerator random(20261202);
    int parseErrors = 0;
    for (int round = 0; round < 300; ++round) {
        Fixture f;
        Socket *socket = f.manager.socket("/");
        int events = 0;
        socket->onAny([&](const QString &event, const Args &args) {
            ++events;
            QVERIFY(!event.isNull());
            for (qsizetype i = 0; i < args.size(); ++i)
                args.toJson(i);
        });
        QSignalSpy disconnected(socket, &Socket::disconnected);
        FakeClientTransport *ws = f.acceptEngine();
        ws->receiveText(R"(0{"sid":"s"})");
        for (int frame = 0; frame < 6 && ws && disconnected.isEmpty(); ++frame) {
            QByteArray text = seeds.at(random.bounded(int(seeds.size())));
            const int edits = random.bounded(4);
            for (int e = 0; e < edits && !text.isEmpty(); ++e) {
                const int at = random.bounded(int(text.size()));
                switch (random.bounded(3)) {
                case 0:
                    text[at] = char(random.bounded(256));
                    break;
                case 1:
                    text.truncate(at);
                    break;
                default:
                    text.insert(at, char(random.bounded(256)));
                }
            }
            if (random.bounded(5) == 0)
                ws->receiveBinary(text);
            else
                ws->receiveText(text);
        }
        if (!disconnected.isEmpty()) {
            const QString reason = disconnected.first().first().toString();
            QVERIFY2(reason == QLatin1String("parse error")
                    || reason == QLatin1String("io server disconnect"),
                qPrintable(reason));
            parseErrors += reason == QLatin1String("parse error");
        }
        QVERIFY(events >= 0);
    }
    // The mutations do reach the error paths.
    QVERIFY(parseErrors > 10);
}

void TestClientSocket::backoffSequence()
{
    Backoff plain(std::chrono::milliseconds(1000), std::chrono::milliseconds(5000), 0);
    QList<qint64> delays;
    for (int i = 0; i < 5; ++i)
        delays.append(plain.duration().count());
    QCOMPARE(delays, (QList<qint64>{1000, 2000, 4000, 5000, 5000}));
    QCOMPARE(plain.attempts(), 5);
    plain.reset();
    QCOMPARE(plain.duration().count(), 1000);

    Backoff jittered(std::chrono::milliseconds(1000), std::chrono::milliseconds(5000), 0.5);
    jittered.setRandom([] { return 0.25; }); // floor(2.5) is even: shorter
    QCOMPARE(jittered.duration().count(), 1000 - 125);
    jittered.setRandom([] { return 0.15; }); // floor(1.5) is odd: longer
    QCOMPARE(jittered.duration().count(), 2000 + 150);
    jittered.setRandom([] { return 0.99; });
    QCOMPARE(jittered.duration().count(), 5000); // capped
}

void TestClientSocket::optionsReachTheTransport()
{
    ManagerOptions options = managerOptions();
    options.path = QStringLiteral("/custom/");
    options.query.addQueryItem(QStringLiteral("room"), QStringLiteral("r1"));
    options.extraHeaders.append(qMakePair(QByteArray("X-Test"), QByteArray("yes")));
    Fixture f(options);
    f.manager.socket("/");
    QCOMPARE(f.transports.targets.size(), 1);
    const TransportTarget &target = f.transports.targets.first();
    QCOMPARE(target.path, QStringLiteral("/custom/"));
    QCOMPARE(target.query.queryItemValue(QStringLiteral("room")), QStringLiteral("r1"));
    QCOMPARE(target.extraHeaders.first().second, QByteArray("yes"));
    QCOMPARE(target.url, QUrl(QStringLiteral("http://127.0.0.1:1")));
}

QTEST_GUILESS_MAIN(TestClientSocket)
#include "tst_client_socket.moc"
