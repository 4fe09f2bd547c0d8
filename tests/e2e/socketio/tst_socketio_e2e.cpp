// End-to-end tests of the Socket.IO echo service with the real socket.io-client.
//
// Each test function starts a server with the options its scenario needs and runs one Node.js
// script of this folder against it, once per transport (data rows). The server under test is
// `switchboard --service echo` by default; with SB_E2E_REFERENCE=1 it is reference_echo.js on the
// official Node.js `socket.io` server instead, which is how the scripts themselves are checked.

#include "test_support.h"

#include <QDeadlineTimer>
#include <QFileInfo>
#include <QProcess>
#include <QProcessEnvironment>
#include <QRegularExpression>
#include <QTest>

#include <memory>

namespace {

using namespace Qt::StringLiterals;

bool referenceMode()
{
    return qEnvironmentVariableIntValue("SB_E2E_REFERENCE") == 1;
}

QString scriptDir()
{
    return sb::test::sourceDir() + u"/tests/e2e/socketio"_s;
}

// The common options both servers understand, then the scenario's own.
QStringList commonArguments(const QStringList &extra)
{
    return QStringList{u"--service"_s, u"echo"_s} + extra;
}

// `node reference_echo.js` with the switchboard command line; same listening line.
class ReferenceProcess
{
public:
    explicit ReferenceProcess(QStringList arguments)
        : m_arguments(std::move(arguments))
    { }
    ~ReferenceProcess() { stop(); }

    bool start(QString *error)
    {
        QProcessEnvironment environment = QProcessEnvironment::systemEnvironment();
        environment.insert(u"NODE_PATH"_s, sb::test::nodeModules());
        m_process.setProcessEnvironment(environment);
        m_process.setProcessChannelMode(QProcess::MergedChannels);
        m_process.start(sb::test::nodeBinary(),
            QStringList{scriptDir() + u"/reference_echo.js"_s, u"--headless"_s, u"--bind"_s,
                u"127.0.0.1"_s, u"--port"_s, u"0"_s}
                + m_arguments);
        if (!m_process.waitForStarted(30'000)) {
            *error = u"could not start node: "_s + m_process.errorString();
            return false;
        }
        static const QRegularExpression listening(u"listening on http://[^:]+:(\\d+)"_s);
        QDeadlineTimer deadline(30'000);
        while (!deadline.hasExpired()) {
            if (!m_process.waitForReadyRead(int(std::max<qint64>(1, deadline.remainingTime())))
                && m_process.state() != QProcess::Running)
                break;
            m_output += m_process.readAll();
            const auto match = listening.match(QString::fromUtf8(m_output));
            if (match.hasMatch()) {
                m_port = quint16(match.captured(1).toUInt());
                return true;
            }
        }
        *error = u"reference_echo.js did not report a listening port; output:\n"_s
            + QString::fromUtf8(m_output + m_process.readAll());
        return false;
    }

    QString baseUrl() const { return u"http://127.0.0.1:%1"_s.arg(m_port); }
    QByteArray output() { return m_output += m_process.readAll(); }
    bool running() const { return m_process.state() == QProcess::Running; }

    int stop()
    {
        if (m_process.state() == QProcess::NotRunning)
            return m_process.exitStatus() == QProcess::NormalExit ? m_process.exitCode() : -1;
        m_process.terminate();
        if (!m_process.waitForFinished(10'000)) {
            m_process.kill();
            m_process.waitForFinished(5'000);
            return -1;
        }
        m_output += m_process.readAll();
        return m_process.exitStatus() == QProcess::NormalExit ? m_process.exitCode() : -1;
    }

private:
    QStringList m_arguments;
    QProcess m_process;
    QByteArray m_output;
    quint16 m_port = 0;
};

// Whichever server this run tests.
class ServerUnderTest
{
public:
    explicit ServerUnderTest(const QStringList &arguments)
    {
        if (referenceMode())
            m_reference = std::make_unique<ReferenceProcess>(commonArguments(arguments));
        else
            m_switchboard
                = std::make_unique<sb::test::SwitchboardProcess>(commonArguments(arguments));
    }

    bool start(QString *error)
    {
        return m_reference ? m_reference->start(error) : m_switchboard->start(error);
    }
    QString baseUrl() const
    {
        return m_reference ? m_reference->baseUrl() : m_switchboard->baseUrl();
    }
    bool running() const
    {
        return m_reference ? m_reference->running()
                           : m_switchboard->process().state() == QProcess::Running;
    }
    QByteArray output() { return m_reference ? m_reference->output() : m_switchboard->output(); }
    int stop() { return m_reference ? m_reference->stop() : m_switchboard->stop(); }

private:
    std::unique_ptr<ReferenceProcess> m_reference;
    std::unique_ptr<sb::test::SwitchboardProcess> m_switchboard;
};

} // namespace

class TestSocketIoEndToEnd : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();

    void namespaces_data() { transportRows(); }
    void namespaces();
    void rooms_data() { transportRows(); }
    void rooms();
    void binary_data() { transportRows(); }
    void binary();
    void acks_data() { transportRows(); }
    void acks();
    void volatileEvents_data() { transportRows(); }
    void volatileEvents();
    void disconnect_data() { transportRows(); }
    void disconnect();
    void heartbeat_data() { transportRows(); }
    void heartbeat();
    void recovery_data() { transportRows(); }
    void recovery();
    void connectTimeout_data() { transportRows(); }
    void connectTimeout();
    void limits_data() { transportRows(); }
    void limits();
    void customPath_data();
    void customPath();
    void clientBundle_data();
    void clientBundle();
    void websocketOnly_data() { singleRow(); }
    void websocketOnly();
    void cors_data() { singleRow(); }
    void cors();
    void browser_data() { singleRow(); }
    void browser();
    void msgpack_data();
    void msgpack();

private:
    static void transportRows();
    // For scripts that choose their transports themselves.
    static void singleRow()
    {
        QTest::addColumn<QString>("transport");
        QTest::newRow("own transports") << u"default"_s;
    }
    // Starts the server with `serverArguments`, runs `script` against it over the row's
    // transport, and checks the script passed and the server survived and stops cleanly.
    void runScenario(const QString &script, const QStringList &serverArguments,
        const QStringList &scriptArguments = {});
};

void TestSocketIoEndToEnd::initTestCase()
{
    QVERIFY2(QFileInfo::exists(scriptDir() + u"/lib/harness.js"_s),
        "SB_SOURCE_DIR does not point at the source tree");
    QVERIFY2(QFileInfo::exists(sb::test::nodeModules() + u"/socket.io-client"_s),
        "SB_NODE_MODULES has no socket.io-client; run npm ci in tests/");
    if (referenceMode()) {
        qInfo("server under test: reference_echo.js (Node.js socket.io)");
    } else {
        QVERIFY2(QFileInfo(sb::test::switchboardBinary()).isExecutable(),
            "SB_SWITCHBOARD is not an executable switchboard binary");
        qInfo("server under test: %s", qPrintable(sb::test::switchboardBinary()));
    }
}

void TestSocketIoEndToEnd::transportRows()
{
    QTest::addColumn<QString>("transport");
    QTest::newRow("websocket") << u"websocket"_s;
    QTest::newRow("polling") << u"polling"_s;
}

void TestSocketIoEndToEnd::runScenario(
    const QString &script, const QStringList &serverArguments, const QStringList &scriptArguments)
{
    QFETCH(QString, transport);
    ServerUnderTest server(serverArguments);
    QString error;
    QVERIFY2(server.start(&error), qPrintable(error));

    const auto result = sb::test::runNode(scriptDir() + u'/' + script,
        QStringList{server.baseUrl(), transport} + scriptArguments, 90'000);
    const bool survived = server.running();
    const int exitCode = server.stop();
    const QString report = u"\n--- %1 ---\n%2\n--- server (%3) ---\n%4"_s.arg(script,
        QString::fromUtf8(result.output), serverArguments.join(u' '),
        QString::fromUtf8(server.output().right(20'000)));
    QVERIFY2(result.exitCode == 0, qPrintable(u"the script failed:"_s + report));
    QVERIFY2(survived, qPrintable(u"the server died during the script:"_s + report));
    QVERIFY2(exitCode == 0, qPrintable(u"the server did not stop cleanly:"_s + report));
}

void TestSocketIoEndToEnd::namespaces()
{
    runScenario(u"namespaces.js"_s,
        {u"--namespace"_s, u"/"_s, u"--namespace"_s, u"/custom"_s, u"--namespace-regex"_s,
            u"^/dyn-\\d+$"_s});
}

void TestSocketIoEndToEnd::rooms()
{
    runScenario(u"rooms.js"_s, {u"--namespace"_s, u"/"_s, u"--namespace"_s, u"/custom"_s});
}

void TestSocketIoEndToEnd::binary()
{
    runScenario(u"binary.js"_s, {});
}

void TestSocketIoEndToEnd::acks()
{
    runScenario(u"acks.js"_s, {});
}

void TestSocketIoEndToEnd::volatileEvents()
{
    runScenario(u"volatile.js"_s, {});
}

void TestSocketIoEndToEnd::disconnect()
{
    runScenario(u"disconnect.js"_s, {u"--namespace"_s, u"/"_s, u"--namespace"_s, u"/custom"_s});
}

void TestSocketIoEndToEnd::heartbeat()
{
    runScenario(u"heartbeat.js"_s, {u"--ping-interval"_s, u"300"_s, u"--ping-timeout"_s, u"300"_s},
        {u"--ping-interval=300"_s, u"--ping-timeout=300"_s});
}

void TestSocketIoEndToEnd::recovery()
{
    runScenario(u"recovery.js"_s, {u"--recovery"_s, u"5000"_s});
}

void TestSocketIoEndToEnd::connectTimeout()
{
    runScenario(
        u"connect_timeout.js"_s, {u"--connect-timeout"_s, u"500"_s}, {u"--connect-timeout=500"_s});
}

void TestSocketIoEndToEnd::limits()
{
    runScenario(u"limits.js"_s, {u"--max-http-buffer-size"_s, u"10000"_s},
        {u"--max-http-buffer-size=10000"_s});
}

void TestSocketIoEndToEnd::websocketOnly()
{
    runScenario(
        u"server_options.js"_s, {u"--transports"_s, u"websocket"_s}, {u"--check=websocket-only"_s});
}

void TestSocketIoEndToEnd::cors()
{
    runScenario(
        u"server_options.js"_s, {u"--cors-origin"_s, u"http://page.test"_s}, {u"--check=cors"_s});
}

void TestSocketIoEndToEnd::browser()
{
    // The served bundle in Debian's Chromium, on the server's own origin.
    runScenario(u"browser.js"_s, {});
}

void TestSocketIoEndToEnd::customPath_data()
{
    transportRows();
    QTest::newRow("upgrade") << u"default"_s;
}

void TestSocketIoEndToEnd::customPath()
{
    runScenario(u"smoke.js"_s, {u"--path"_s, u"/sb/"_s}, {u"--path=/sb/"_s});
}

void TestSocketIoEndToEnd::clientBundle_data()
{
    QTest::addColumn<QString>("transport");
    QTest::addColumn<QStringList>("serverArguments");
    QTest::addColumn<QStringList>("scriptArguments");
    QTest::newRow("served") << u"polling"_s << QStringList{} << QStringList{};
    QTest::newRow("no-serve-client")
        << u"polling"_s << QStringList{u"--no-serve-client"_s} << QStringList{u"--expect=absent"_s};
}

void TestSocketIoEndToEnd::clientBundle()
{
    QFETCH(QStringList, serverArguments);
    QFETCH(QStringList, scriptArguments);
    runScenario(u"client_bundle.js"_s, serverArguments, scriptArguments);
}

void TestSocketIoEndToEnd::msgpack_data()
{
    transportRows();
    QTest::newRow("upgrade") << u"default"_s;
}

void TestSocketIoEndToEnd::msgpack()
{
    runScenario(u"msgpack.js"_s,
        {u"--parser"_s, u"msgpack"_s, u"--namespace"_s, u"/"_s, u"--namespace"_s, u"/custom"_s});
}

QTEST_GUILESS_MAIN(TestSocketIoEndToEnd)
#include "tst_socketio_e2e.moc"
