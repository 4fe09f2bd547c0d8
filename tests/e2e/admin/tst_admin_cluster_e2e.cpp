// The admin UI across a mixed cluster (label redis): a redis-server on a free port, our server
// with --admin-ui --redis, and admin_cluster.js, which runs a Node.js socket.io server with
// @socket.io/admin-ui's instrument() on the same Redis and drives admin clients on both sides.

#include "test_support.h"

#include <QDeadlineTimer>
#include <QFileInfo>
#include <QProcess>
#include <QStandardPaths>
#include <QTcpServer>
#include <QTcpSocket>
#include <QTest>

namespace {

using namespace Qt::StringLiterals;

const QString PasswordHash = u"$2a$04$7is3fgxhyZeSs5puFOceSOSLcFTNuwtliH2MacEUE7Qbecds1vf1i"_s;
const QString Password = u"s3cret-pass"_s;

// redis-server on 127.0.0.1 without persistence; killed when destroyed.
class RedisServer
{
public:
    ~RedisServer()
    {
        if (m_process.state() != QProcess::NotRunning) {
            m_process.kill();
            m_process.waitForFinished(10'000);
        }
    }
    bool start(QString *error)
    {
        const QString binary = QStandardPaths::findExecutable(u"redis-server"_s);
        if (binary.isEmpty()) {
            *error = u"redis-server is not installed"_s;
            return false;
        }
        QTcpServer probe;
        if (!probe.listen(QHostAddress::LocalHost, 0)) {
            *error = u"no free port"_s;
            return false;
        }
        m_port = probe.serverPort();
        probe.close();
        m_process.setProcessChannelMode(QProcess::MergedChannels);
        m_process.start(binary,
            {u"--port"_s, QString::number(m_port), u"--bind"_s, u"127.0.0.1"_s, u"--save"_s, u""_s,
                u"--appendonly"_s, u"no"_s});
        if (!m_process.waitForStarted(10'000)) {
            *error = u"redis-server did not start: "_s + m_process.errorString();
            return false;
        }
        QDeadlineTimer deadline(20'000);
        while (!deadline.hasExpired() && m_process.state() == QProcess::Running) {
            QTcpSocket socket;
            socket.connectToHost(QHostAddress::LocalHost, m_port);
            if (socket.waitForConnected(1000))
                return true;
            m_process.waitForReadyRead(100);
        }
        *error = u"redis-server is not accepting connections: "_s
            + QString::fromUtf8(m_process.readAll());
        return false;
    }
    QString url() const { return u"redis://127.0.0.1:%1"_s.arg(m_port); }

private:
    QProcess m_process;
    quint16 m_port = 0;
};

} // namespace

class TestAdminClusterEndToEnd : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void mixedCluster();
};

void TestAdminClusterEndToEnd::mixedCluster()
{
    QVERIFY2(QFileInfo::exists(sb::test::nodeModules() + u"/@socket.io/redis-adapter"_s),
        "SB_NODE_MODULES has no @socket.io/redis-adapter; run npm ci in tests/");
    RedisServer redis;
    QString error;
    QVERIFY2(redis.start(&error), qPrintable(error));
    const QStringList arguments{u"--admin-ui"_s, u"--admin-user"_s, u"admin"_s,
        u"--admin-password-hash"_s, PasswordHash, u"--admin-server-id"_s, u"sb-node"_s,
        u"--redis"_s, redis.url(), u"--redis-key"_s, u"sbadmin"_s};
    sb::test::SwitchboardProcess server(arguments);
    QVERIFY2(server.start(&error), qPrintable(error));
    const auto result
        = sb::test::runNode(sb::test::sourceDir() + u"/tests/e2e/admin/admin_cluster.js"_s,
            {server.baseUrl(), u"--redis="_s + redis.url(), u"--redis-key=sbadmin"_s,
                u"--password="_s + Password, u"--hash="_s + PasswordHash, u"--our-id=sb-node"_s},
            300'000);
    const bool survived = server.process().state() == QProcess::Running;
    const int exitCode = server.stop();
    const QString report = u"\n--- admin_cluster.js ---\n%1\n--- server ---\n%2"_s.arg(
        QString::fromUtf8(result.output), QString::fromUtf8(server.output().right(20'000)));
    QVERIFY2(result.exitCode == 0 && result.output.contains("PASS"),
        qPrintable(u"the script failed:"_s + report));
    QVERIFY2(survived, qPrintable(u"the server died during the script:"_s + report));
    QVERIFY2(exitCode == 0, qPrintable(u"the server did not stop cleanly:"_s + report));
}

QTEST_GUILESS_MAIN(TestAdminClusterEndToEnd)
#include "tst_admin_cluster_e2e.moc"
