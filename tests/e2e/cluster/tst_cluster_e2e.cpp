// The Redis cluster end to end: each test starts its own redis-server on a free port of
// 127.0.0.1 (stopped when the test ends), the servers of the cluster as child processes, and a
// Node.js script with real socket.io-client peers on both servers.
//   twoSwitchboardNodes: every cluster operation between two Switchboard nodes;
//   mixedCluster: the same between Switchboard and the Node.js reference server (socket.io 4.8
//                 with @socket.io/redis-adapter 8.3), asked from either side;
//   redisOutage: Redis killed and restarted during traffic.

#include "test_support.h"

#include <QDeadlineTimer>
#include <QProcess>
#include <QProcessEnvironment>
#include <QRegularExpression>
#include <QStandardPaths>
#include <QTcpServer>
#include <QTcpSocket>
#include <QTest>

#include <memory>

namespace {

using namespace Qt::StringLiterals;

QString clusterScripts()
{
    return sb::test::sourceDir() + u"/tests/e2e/cluster"_s;
}

quint16 freePort()
{
    QTcpServer probe;
    if (!probe.listen(QHostAddress::LocalHost, 0))
        return 0;
    return probe.serverPort();
}

// redis-server --port P --save '' --appendonly no, on 127.0.0.1; stopped when destroyed.
class RedisServer
{
public:
    ~RedisServer() { stop(); }

    bool start(QString *error)
    {
        m_binary = QStandardPaths::findExecutable(u"redis-server"_s);
        if (m_binary.isEmpty()) {
            *error = u"redis-server is not installed"_s;
            return false;
        }
        m_port = freePort();
        m_process.setProcessChannelMode(QProcess::MergedChannels);
        m_process.start(m_binary,
            {u"--port"_s, QString::number(m_port), u"--bind"_s, u"127.0.0.1"_s, u"--save"_s, u""_s,
                u"--appendonly"_s, u"no"_s});
        if (!m_process.waitForStarted(10'000)) {
            *error = u"redis-server did not start: "_s + m_process.errorString();
            return false;
        }
        // Ready once it accepts connections.
        QDeadlineTimer deadline(20'000);
        while (!deadline.hasExpired() && m_process.state() == QProcess::Running) {
            QTcpSocket probe;
            probe.connectToHost(QHostAddress::LocalHost, m_port);
            if (probe.waitForConnected(1000))
                return true;
            m_process.waitForReadyRead(100);
        }
        *error = u"redis-server is not accepting connections: "_s
            + QString::fromUtf8(m_process.readAll());
        return false;
    }
    void stop()
    {
        if (m_process.state() == QProcess::NotRunning)
            return;
        m_process.kill();
        m_process.waitForFinished(10'000);
    }
    QString url() const { return u"redis://127.0.0.1:%1"_s.arg(m_port); }
    quint16 port() const { return m_port; }
    qint64 pid() const { return m_process.processId(); }
    const QString &binary() const { return m_binary; }

private:
    QProcess m_process;
    QString m_binary;
    quint16 m_port = 0;
};

// `node reference_echo.js --redis URL`: the Node.js server of a mixed cluster.
class NodeServer
{
public:
    explicit NodeServer(QStringList arguments)
        : m_arguments(std::move(arguments))
    { }
    ~NodeServer()
    {
        if (m_process.state() != QProcess::NotRunning) {
            m_process.terminate();
            if (!m_process.waitForFinished(10'000)) {
                m_process.kill();
                m_process.waitForFinished(5'000);
            }
        }
    }
    bool start(QString *error)
    {
        QProcessEnvironment environment = QProcessEnvironment::systemEnvironment();
        environment.insert(u"NODE_PATH"_s, sb::test::nodeModules());
        m_process.setProcessEnvironment(environment);
        m_process.setProcessChannelMode(QProcess::MergedChannels);
        m_process.start(sb::test::nodeBinary(),
            QStringList{sb::test::sourceDir() + u"/tests/e2e/socketio/reference_echo.js"_s,
                u"--port"_s, u"0"_s, u"--service"_s, u"echo"_s}
                + m_arguments);
        if (!m_process.waitForStarted(30'000)) {
            *error = u"node did not start"_s;
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
        *error = u"reference_echo.js did not listen: "_s + QString::fromUtf8(m_output);
        return false;
    }
    QString baseUrl() const { return u"http://127.0.0.1:%1"_s.arg(m_port); }
    bool running() const { return m_process.state() == QProcess::Running; }
    QByteArray output() { return m_output += m_process.readAll(); }

private:
    QStringList m_arguments;
    QProcess m_process;
    QByteArray m_output;
    quint16 m_port = 0;
};

QStringList switchboardArguments(const RedisServer &redis)
{
    return {u"--service"_s, u"echo"_s, u"--redis"_s, redis.url(), u"--redis-key"_s, u"sbtest"_s};
}

} // namespace

class TestClusterEndToEnd : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void twoSwitchboardNodes_data() { transportRows(); }
    void twoSwitchboardNodes();
    void mixedCluster_data();
    void mixedCluster();
    void redisOutage();

private:
    static void transportRows()
    {
        QTest::addColumn<QString>("transport");
        QTest::newRow("websocket") << u"websocket"_s;
        QTest::newRow("polling") << u"polling"_s;
    }
};

void TestClusterEndToEnd::twoSwitchboardNodes()
{
    QFETCH(QString, transport);
    RedisServer redis;
    QString error;
    QVERIFY2(redis.start(&error), qPrintable(error));
    sb::test::SwitchboardProcess a(switchboardArguments(redis));
    sb::test::SwitchboardProcess b(switchboardArguments(redis));
    QVERIFY2(a.start(&error), qPrintable(error));
    QVERIFY2(b.start(&error), qPrintable(error));
    const auto result = sb::test::runNode(clusterScripts() + u"/cluster.js"_s,
        {a.baseUrl(), transport, u"--other="_s + b.baseUrl()}, 120'000);
    const bool survived
        = a.process().state() == QProcess::Running && b.process().state() == QProcess::Running;
    const QString report = u"\n--- script ---\n%1\n--- A ---\n%2\n--- B ---\n%3"_s.arg(
        QString::fromUtf8(result.output), QString::fromUtf8(a.output().right(8000)),
        QString::fromUtf8(b.output().right(8000)));
    QVERIFY2(result.exitCode == 0, qPrintable(u"the script failed:"_s + report));
    QVERIFY2(survived, qPrintable(u"a node died:"_s + report));
    QCOMPARE(a.stop(), 0);
    QCOMPARE(b.stop(), 0);
}

void TestClusterEndToEnd::mixedCluster_data()
{
    QTest::addColumn<QString>("transport");
    QTest::addColumn<bool>("askFromNode"); // A (where a1, a2 live) is the Node.js server
    QTest::newRow("websocket, asked from Switchboard") << u"websocket"_s << false;
    QTest::newRow("websocket, asked from Node.js") << u"websocket"_s << true;
    QTest::newRow("polling, asked from Switchboard") << u"polling"_s << false;
}

void TestClusterEndToEnd::mixedCluster()
{
    QFETCH(QString, transport);
    QFETCH(bool, askFromNode);
    RedisServer redis;
    QString error;
    QVERIFY2(redis.start(&error), qPrintable(error));
    sb::test::SwitchboardProcess ours(switchboardArguments(redis));
    NodeServer theirs(
        {u"--namespace"_s, u"/"_s, u"--redis"_s, redis.url(), u"--redis-key"_s, u"sbtest"_s});
    QVERIFY2(ours.start(&error), qPrintable(error));
    QVERIFY2(theirs.start(&error), qPrintable(error));
    const QString first = askFromNode ? theirs.baseUrl() : ours.baseUrl();
    const QString second = askFromNode ? ours.baseUrl() : theirs.baseUrl();
    const auto result = sb::test::runNode(
        clusterScripts() + u"/cluster.js"_s, {first, transport, u"--other="_s + second}, 120'000);
    const bool survived = ours.process().state() == QProcess::Running && theirs.running();
    const QString report = u"\n--- script ---\n%1\n--- switchboard ---\n%2\n--- node ---\n%3"_s.arg(
        QString::fromUtf8(result.output), QString::fromUtf8(ours.output().right(8000)),
        QString::fromUtf8(theirs.output().right(8000)));
    QVERIFY2(result.exitCode == 0, qPrintable(u"the script failed:"_s + report));
    QVERIFY2(survived, qPrintable(u"a server died:"_s + report));
    QCOMPARE(ours.stop(), 0);
}

void TestClusterEndToEnd::redisOutage()
{
    RedisServer redis;
    QString error;
    QVERIFY2(redis.start(&error), qPrintable(error));
    sb::test::SwitchboardProcess a(switchboardArguments(redis));
    sb::test::SwitchboardProcess b(switchboardArguments(redis));
    QVERIFY2(a.start(&error), qPrintable(error));
    QVERIFY2(b.start(&error), qPrintable(error));
    const auto result = sb::test::runNode(clusterScripts() + u"/redis_outage.js"_s,
        {a.baseUrl(), u"websocket"_s, u"--other="_s + b.baseUrl(),
            u"--redis-pid="_s + QString::number(redis.pid()),
            u"--redis-port="_s + QString::number(redis.port()),
            u"--redis-server="_s + redis.binary()},
        120'000);
    const bool survived
        = a.process().state() == QProcess::Running && b.process().state() == QProcess::Running;
    // Stopped first: all they wrote is read then.
    const int exitA = a.stop();
    const int exitB = b.stop();
    const QString outputA = QString::fromUtf8(a.output());
    const QString report = u"\n--- script ---\n%1\n--- A ---\n%2\n--- B ---\n%3"_s.arg(
        QString::fromUtf8(result.output), outputA, QString::fromUtf8(b.output().right(12000)));
    QVERIFY2(result.exitCode == 0, qPrintable(u"the script failed:"_s + report));
    QVERIFY2(survived, qPrintable(u"a node died:"_s + report));
    // The outage is reported, and so is what could not be published meanwhile (A broadcast 5
    // times while Redis was away).
    QVERIFY2(outputA.contains(u"Redis link down"_s), qPrintable(report));
    static const QRegularExpression unpublished(u"Redis link up.*unpublished while down: (\\d+)"_s);
    qint64 lastCount = -1;
    for (auto it = unpublished.globalMatch(outputA); it.hasNext();)
        lastCount = it.next().captured(1).toLongLong();
    QVERIFY2(lastCount >= 5, qPrintable(report));
    QVERIFY2(exitA == 0 && exitB == 0, qPrintable(u"a node did not stop cleanly:"_s + report));
}

QTEST_GUILESS_MAIN(TestClusterEndToEnd)
#include "tst_cluster_e2e.moc"
