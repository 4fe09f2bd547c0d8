// The C++ client against real servers: our own (in-process, the echo service on its own thread)
// and the Node.js reference (tests/e2e/socketio/reference_echo.js on the official `socket.io`),
// over polling, WebSocket, and polling upgraded to WebSocket. Connect with auth, acks and binary
// both ways, namespaces, CONNECT_ERROR from a middleware, a server-side disconnect, the
// heartbeat, and reconnection after the server restarts on the same port.

#include "test_support.h"

#include "server_host.h"

#include "client/engine_client.h"
#include "client/manager.h"
#include "client/socket.h"

#include <QDeadlineTimer>
#include <QJsonArray>
#include <QJsonObject>
#include <QProcess>
#include <QProcessEnvironment>
#include <QRegularExpression>
#include <QSignalSpy>
#include <QTest>

#include <memory>

using namespace sb;
using namespace sb::client;
using namespace Qt::StringLiterals;

namespace {

constexpr int Generous = 30'000; // ms
constexpr int PingIntervalMs = 200;

// One of the two servers under test, started on 127.0.0.1 (on a free port, or the given one).
class TestServer
{
public:
    virtual ~TestServer() = default;
    virtual bool start(quint16 port, QString *error) = 0;
    virtual void stop() = 0;
    virtual quint16 port() const = 0;
    QUrl url() const { return QUrl(u"http://127.0.0.1:%1"_s.arg(port())); }
    QString path = u"/socket.io/"_s; // set before start()
};

class OwnServer final : public TestServer
{
public:
    bool start(quint16 port, QString *error) override
    {
        ServerConfig config;
        config.bindAddress = QHostAddress::LocalHost;
        config.port = port;
        config.service = u"echo"_s;
        config.serveClient = false;
        config.path = path.toUtf8();
        config.serviceNamespaces = {"/", "/custom"};
        config.engine.pingInterval = std::chrono::milliseconds(PingIntervalMs);
        config.engine.pingTimeout = std::chrono::milliseconds(10'000);
        m_host = std::make_unique<ServerHost>(config);
        return m_host->start(error);
    }
    void stop() override
    {
        if (m_host)
            m_host->stop();
        m_host.reset();
    }
    quint16 port() const override { return m_host ? m_host->port() : 0; }

private:
    std::unique_ptr<ServerHost> m_host;
};

class ReferenceServer final : public TestServer
{
public:
    ~ReferenceServer() override { stop(); }
    bool start(quint16 port, QString *error) override
    {
        m_process = std::make_unique<QProcess>();
        QProcessEnvironment environment = QProcessEnvironment::systemEnvironment();
        environment.insert(u"NODE_PATH"_s, sb::test::nodeModules());
        m_process->setProcessEnvironment(environment);
        m_process->setProcessChannelMode(QProcess::MergedChannels);
        m_process->start(sb::test::nodeBinary(),
            {sb::test::sourceDir() + u"/tests/e2e/socketio/reference_echo.js"_s, u"--bind"_s,
                u"127.0.0.1"_s, u"--port"_s, QString::number(port), u"--namespace"_s, u"/"_s,
                u"--namespace"_s, u"/custom"_s, u"--ping-interval"_s,
                QString::number(PingIntervalMs), u"--ping-timeout"_s, u"10000"_s,
                u"--no-serve-client"_s, u"--path"_s, path});
        if (!m_process->waitForStarted(Generous)) {
            *error = u"could not start node: "_s + m_process->errorString();
            return false;
        }
        static const QRegularExpression listening(u"listening on http://[^:]+:(\\d+)"_s);
        QByteArray output;
        QDeadlineTimer deadline(Generous);
        while (!deadline.hasExpired() && m_process->state() == QProcess::Running) {
            m_process->waitForReadyRead(100);
            output += m_process->readAll();
            const auto match = listening.match(QString::fromUtf8(output));
            if (match.hasMatch()) {
                m_port = quint16(match.captured(1).toUInt());
                return true;
            }
        }
        *error = u"reference_echo.js did not start: "_s + QString::fromUtf8(output);
        return false;
    }
    void stop() override
    {
        if (!m_process || m_process->state() == QProcess::NotRunning)
            return;
        m_process->terminate();
        if (!m_process->waitForFinished(10'000)) {
            m_process->kill();
            m_process->waitForFinished(5'000);
        }
    }
    quint16 port() const override { return m_port; }

private:
    std::unique_ptr<QProcess> m_process;
    quint16 m_port = 0;
};

std::unique_ptr<TestServer> makeServer(const QString &kind)
{
    if (kind == QLatin1String("reference"))
        return std::make_unique<ReferenceServer>();
    return std::make_unique<OwnServer>();
}

ManagerOptions optionsFor(const QString &transport)
{
    ManagerOptions options;
    if (transport == QLatin1String("polling"))
        options.transports = {u"polling"_s};
    else if (transport == QLatin1String("websocket"))
        options.transports = {u"websocket"_s};
    // Quick reconnection, so that the restart test does not wait seconds per attempt.
    options.reconnectionDelay = std::chrono::milliseconds(100);
    options.reconnectionDelayMax = std::chrono::milliseconds(500);
    return options;
}

bool waitConnected(Socket *socket)
{
    if (socket->isConnected())
        return true;
    QSignalSpy connected(socket, &Socket::connected);
    return connected.wait(Generous) || socket->isConnected();
}

// Emits with an ack and spins the event loop until it ends.
std::optional<AckResult> call(Socket *socket, const QString &event, const Args &args = {})
{
    std::optional<AckResult> result;
    socket->emit(
        event, args, [&](const AckResult &r) { result = r; }, std::chrono::milliseconds(Generous));
    QDeadlineTimer deadline(Generous + 5'000);
    while (!result && !deadline.hasExpired())
        QTest::qWait(10);
    return result;
}

// Waits for one event on the socket; its arguments.
std::optional<Args> waitForEvent(Socket *socket, const QString &event)
{
    std::optional<Args> received;
    socket->on(event, [&](const Args &args, const Ack &) {
        if (!received)
            received = args;
    });
    QDeadlineTimer deadline(Generous);
    while (!received && !deadline.hasExpired())
        QTest::qWait(10);
    socket->off(event);
    return received;
}

} // namespace

class TestClientEndToEnd : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void connectEmitAndAck_data() { rows(); }
    void connectEmitAndAck();
    void namespacesAndRefusals_data() { rows(); }
    void namespacesAndRefusals();
    void manyLargeEmits_data() { rows(); }
    void manyLargeEmits();
    void customPath_data() { rows(); }
    void customPath();
    void serverDisconnects_data() { rows(); }
    void serverDisconnects();
    void reconnectsAfterRestart_data() { rows(); }
    void reconnectsAfterRestart();

private:
    static void rows();
};

void TestClientEndToEnd::rows()
{
    QTest::addColumn<QString>("server");
    QTest::addColumn<QString>("transport");
    for (const QString &server : {u"switchboard"_s, u"reference"_s}) {
        for (const QString &transport : {u"polling"_s, u"websocket"_s, u"upgrade"_s})
            QTest::addRow("%s %s", qPrintable(server), qPrintable(transport))
                << server << transport;
    }
}

void TestClientEndToEnd::connectEmitAndAck()
{
    QFETCH(QString, server);
    QFETCH(QString, transport);
    auto host = makeServer(server);
    QString error;
    QVERIFY2(host->start(0, &error), qPrintable(error));

    Manager manager(host->url(), optionsFor(transport));
    QSignalSpy pinged(&manager, &Manager::pinged);
    SocketOptions socketOptions;
    socketOptions.auth = QJsonObject{{u"user"_s, u"ann"_s}};
    Socket *socket = manager.socket("/", socketOptions);
    std::optional<Args> auth;
    socket->on(u"auth"_s, [&](const Args &args, const Ack &) { auth = args; });
    QVERIFY(waitConnected(socket));
    QVERIFY(!socket->id().isEmpty());
    QTRY_VERIFY_WITH_TIMEOUT(auth.has_value(), Generous);
    QCOMPARE(auth->toJson(0).toObject().value(u"user"_s).toString(), u"ann"_s);

    if (transport == QLatin1String("upgrade"))
        QTRY_COMPARE_WITH_TIMEOUT(manager.engine()->transportName(), u"websocket"_s, Generous);
    else
        QCOMPARE(manager.engine()->transportName(), transport);

    // Client to server with an ack, JSON and binary.
    const QByteArray bytes("\x00\x01\xfe\xff", 4);
    const auto echoed = call(
        socket, u"echo"_s, makeArgs(u"text"_s, 42, QJsonObject{{u"k"_s, QJsonArray{1, 2}}}, bytes));
    QVERIFY(echoed && echoed->answered());
    QCOMPARE(echoed->args.size(), 4);
    QCOMPARE(echoed->args.string(0), u"text"_s);
    QCOMPARE(echoed->args.toJson(1).toInt(), 42);
    QCOMPARE(echoed->args.toJson(2).toObject().value(u"k"_s).toArray(), (QJsonArray{1, 2}));
    QCOMPARE(echoed->args.binary(3), bytes);

    // An event back from the server, binary included.
    socket->emit(u"message"_s, makeArgs(bytes, u"tail"_s));
    const auto back = waitForEvent(socket, u"message-back"_s);
    QVERIFY(back.has_value());
    QCOMPARE(back->binary(0), bytes);
    QCOMPARE(back->string(1), u"tail"_s);

    // Server to client with an ack: the server asks, our handler answers (binary too), and the
    // server reports the answer it got.
    socket->on(u"question"_s, [&](const Args &args, const Ack &ack) {
        QVERIFY(ack.isRequested());
        ack(makeArgs(args.toJson(0).toInt() + 1, bytes));
    });
    const auto asked = call(socket, u"ask"_s,
        makeArgs(QJsonObject{{u"event"_s, u"question"_s}, {u"args"_s, QJsonArray{41}}}));
    QVERIFY(asked && asked->answered());
    const QJsonObject answer = asked->args.toJson(0).toObject();
    QVERIFY2(answer.contains(u"answer"_s), asked->args.json().constData());
    QCOMPARE(answer.value(u"answer"_s).toArray().at(0).toInt(), 42);
    QCOMPARE(asked->args.attachments(), QList<QByteArray>{bytes});

    // The heartbeat keeps the connection (ping every 200 ms, each answered).
    QTRY_VERIFY_WITH_TIMEOUT(pinged.size() >= 3, Generous);
    QVERIFY(socket->isConnected());

    QSignalSpy disconnected(socket, &Socket::disconnected);
    socket->close();
    QCOMPARE(disconnected.size(), 1);
    QCOMPARE(disconnected.first().first().toString(), u"io client disconnect"_s);
    QCOMPARE(manager.state(), Manager::State::Closed);
    host->stop();
}

void TestClientEndToEnd::namespacesAndRefusals()
{
    QFETCH(QString, server);
    QFETCH(QString, transport);
    auto host = makeServer(server);
    QString error;
    QVERIFY2(host->start(0, &error), qPrintable(error));

    Manager manager(host->url(), optionsFor(transport));
    Socket *main = manager.socket("/");
    Socket *custom = manager.socket("/custom");
    QVERIFY(waitConnected(main));
    QVERIFY(waitConnected(custom));
    const auto echoed = call(custom, u"echo"_s, makeArgs(u"from custom"_s));
    QVERIFY(echoed && echoed->answered());
    QCOMPARE(echoed->args.string(0), u"from custom"_s);

    // A namespace the server does not have.
    Socket *nowhere = manager.socket("/nowhere");
    QSignalSpy refused(nowhere, &Socket::connectErrorOccurred);
    QVERIFY(refused.wait(Generous));
    QCOMPARE(refused.first().first().value<ConnectError>().message, u"Invalid namespace"_s);
    QVERIFY(!nowhere->isActive());

    // The echo service's middleware refuses {"reject": true} with message and data; the
    // connection itself stays up for the other namespaces.
    Manager second(host->url(), optionsFor(transport));
    Socket *keeper = second.socket("/");
    QVERIFY(waitConnected(keeper));
    SocketOptions rejecting;
    rejecting.auth = QJsonObject{{u"reject"_s, true}};
    Socket *rejected = second.socket("/custom", rejecting);
    QSignalSpy errors(rejected, &Socket::connectErrorOccurred);
    QVERIFY(errors.wait(Generous));
    const auto connectError = errors.first().first().value<ConnectError>();
    QCOMPARE(connectError.message, u"rejected"_s);
    QCOMPARE(connectError.kind, ConnectError::Kind::Refused);
    QCOMPARE(connectError.data.toObject().value(u"reason"_s).toString(), u"asked"_s);
    QVERIFY(keeper->isConnected());
    QVERIFY(main->isConnected());
    const auto still = call(keeper, u"echo"_s, makeArgs(1));
    QVERIFY(still && still->answered());
    host->stop();
}

// Twenty 100 KB emits at once: together twice the servers' 1 MB maxPayload, so over polling they
// must be split across POSTs (one larger POST would be refused with 413).
void TestClientEndToEnd::manyLargeEmits()
{
    QFETCH(QString, server);
    QFETCH(QString, transport);
    auto host = makeServer(server);
    QString error;
    QVERIFY2(host->start(0, &error), qPrintable(error));
    Manager manager(host->url(), optionsFor(transport));
    Socket *socket = manager.socket("/");
    QVERIFY(waitConnected(socket));
    QSignalSpy disconnected(socket, &Socket::disconnected);
    constexpr int Count = 20;
    int answered = 0;
    for (int i = 0; i < Count; ++i) {
        const QString text(100'000, QChar(u'a' + i));
        socket->emit(u"echo"_s, makeArgs(text), [&answered, text](const AckResult &r) {
            if (r.answered() && r.args.string(0) == text)
                ++answered;
        });
    }
    QTRY_COMPARE_WITH_TIMEOUT(answered, Count, Generous);
    QCOMPARE(disconnected.size(), 0);
    host->stop();
}

void TestClientEndToEnd::customPath()
{
    QFETCH(QString, server);
    QFETCH(QString, transport);
    auto host = makeServer(server);
    host->path = u"/elsewhere/"_s;
    QString error;
    QVERIFY2(host->start(0, &error), qPrintable(error));

    ManagerOptions options = optionsFor(transport);
    options.path = u"/elsewhere/"_s;
    options.query.addQueryItem(u"extra"_s, u"1"_s);
    options.extraHeaders.append(qMakePair(QByteArray("X-Client"), QByteArray("sb")));
    Manager manager(host->url(), options);
    Socket *socket = manager.socket("/");
    QVERIFY(waitConnected(socket));
    const auto echoed = call(socket, u"echo"_s, makeArgs(u"here"_s));
    QVERIFY(echoed && echoed->answered());

    // The default path is not served: the connection fails, and is retried no more when told.
    ManagerOptions wrong = optionsFor(transport);
    wrong.reconnection = false;
    Manager lost(host->url(), wrong);
    Socket *nowhere = lost.socket("/");
    QSignalSpy errors(nowhere, &Socket::connectErrorOccurred);
    QVERIFY(errors.wait(Generous));
    QCOMPARE(errors.first().first().value<ConnectError>().kind, ConnectError::Kind::Connection);
    QVERIFY(!nowhere->isConnected());
    QCOMPARE(lost.state(), Manager::State::Closed);
    host->stop();
}

void TestClientEndToEnd::serverDisconnects()
{
    QFETCH(QString, server);
    QFETCH(QString, transport);
    auto host = makeServer(server);
    QString error;
    QVERIFY2(host->start(0, &error), qPrintable(error));

    Manager manager(host->url(), optionsFor(transport));
    QSignalSpy attempts(&manager, &Manager::reconnectAttempted);
    Socket *socket = manager.socket("/");
    QVERIFY(waitConnected(socket));
    QSignalSpy disconnected(socket, &Socket::disconnected);
    socket->emit(u"disconnect-me"_s, makeArgs(false));
    QVERIFY(disconnected.wait(Generous));
    QCOMPARE(disconnected.first().first().toString(), u"io server disconnect"_s);
    QVERIFY(!socket->isActive());
    QTRY_COMPARE_WITH_TIMEOUT(manager.state(), Manager::State::Closed, Generous);
    // The server meant it: no reconnection, not even scheduled.
    QVERIFY(!manager.isReconnecting());
    QCOMPARE(attempts.size(), 0);
    host->stop();
}

void TestClientEndToEnd::reconnectsAfterRestart()
{
    QFETCH(QString, server);
    QFETCH(QString, transport);
    auto host = makeServer(server);
    QString error;
    QVERIFY2(host->start(0, &error), qPrintable(error));
    const quint16 port = host->port();

    Manager manager(host->url(), optionsFor(transport));
    QSignalSpy reconnected(&manager, &Manager::reconnected);
    Socket *main = manager.socket("/");
    Socket *custom = manager.socket("/custom");
    QVERIFY(waitConnected(main));
    QVERIFY(waitConnected(custom));
    if (transport == QLatin1String("upgrade"))
        QTRY_COMPARE_WITH_TIMEOUT(manager.engine()->transportName(), u"websocket"_s, Generous);
    const QString firstId = main->id();
    QSignalSpy mainDown(main, &Socket::disconnected);
    QSignalSpy customDown(custom, &Socket::disconnected);
    QSignalSpy mainUp(main, &Socket::connected);
    QSignalSpy customUp(custom, &Socket::connected);

    host->stop();
    QTRY_COMPARE_WITH_TIMEOUT(mainDown.size(), 1, Generous);
    QTRY_COMPARE_WITH_TIMEOUT(customDown.size(), 1, Generous);
    const QString reason = mainDown.first().first().toString();
    QVERIFY2(
        reason == QLatin1String("transport close") || reason == QLatin1String("transport error"),
        qPrintable(reason));
    QVERIFY(main->isActive());

    // Emitted during the outage: buffered, sent after the reconnection, answered.
    std::optional<AckResult> buffered;
    custom->emit(u"echo"_s, makeArgs(u"while away"_s), [&](const AckResult &r) { buffered = r; });
    QCOMPARE(custom->bufferedEmits(), 1);

    auto restarted = makeServer(server);
    QVERIFY2(restarted->start(port, &error), qPrintable(error));
    QTRY_COMPARE_WITH_TIMEOUT(reconnected.size(), 1, Generous);
    QTRY_COMPARE_WITH_TIMEOUT(mainUp.size(), 1, Generous);
    QTRY_COMPARE_WITH_TIMEOUT(customUp.size(), 1, Generous);
    QVERIFY(main->id() != firstId);
    QTRY_VERIFY_WITH_TIMEOUT(buffered.has_value(), Generous);
    QVERIFY(buffered->answered());
    QCOMPARE(buffered->args.string(0), u"while away"_s);
    const auto echoed = call(main, u"echo"_s, makeArgs(7));
    QVERIFY(echoed && echoed->answered());
    QCOMPARE(echoed->args.toJson(0).toInt(), 7);
    manager.close();
    restarted->stop();
}

QTEST_GUILESS_MAIN(TestClientEndToEnd)
#include "tst_client_e2e.moc"
