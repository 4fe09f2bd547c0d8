// The real engine.io-client (Node.js) against switchboard's raw Engine.IO echo endpoint: one
// switchboard process per test function, started with the options the scenario needs, and one
// Node script per scenario (tests/e2e/engine/*.js; each prints PASS or the reason it failed).

#include "test_support.h"

#include <QFileInfo>
#include <QTest>

using sb::test::SwitchboardProcess;

namespace {
const QString EnginePath = QStringLiteral("/engine.io/");
// Fits "4" + 200000 chars of text and "b" + base64 of exactly 150000 bytes over polling.
constexpr int MaxBuffer = 200'001;
constexpr int PingInterval = 300;
constexpr int PingTimeout = 700;
} // namespace

class TestEngineE2e : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void echo_data();
    void echo();
    void upgrade();
    void sizeLimit_data();
    void sizeLimit();
    void heartbeat_data();
    void heartbeat();
    void pingTimeout_data();
    void pingTimeout();

private:
    // Starts switchboard with the raw echo endpoint and the extra options, runs the script against
    // it and fails with both outputs unless the script exits 0.
    void runScenario(
        const QStringList &serverOptions, const QString &script, const QStringList &scriptArgs);
    static QString scriptPath(const QString &name);
};

QString TestEngineE2e::scriptPath(const QString &name)
{
    return sb::test::sourceDir() + QStringLiteral("/tests/e2e/engine/") + name;
}

void TestEngineE2e::initTestCase()
{
    QVERIFY2(QFileInfo(sb::test::switchboardBinary()).isExecutable(),
        qPrintable(QStringLiteral("SB_SWITCHBOARD is not an executable: ")
            + sb::test::switchboardBinary()));
    QVERIFY2(QFileInfo::exists(scriptPath(QStringLiteral("eio_common.js"))),
        "SB_SOURCE_DIR does not point at the sources");
    QVERIFY2(QFileInfo::exists(sb::test::nodeModules() + QStringLiteral("/engine.io-client")),
        "engine.io-client is not installed in SB_NODE_MODULES (npm ci in tests/)");
}

void TestEngineE2e::runScenario(
    const QStringList &serverOptions, const QString &script, const QStringList &scriptArgs)
{
    SwitchboardProcess server(
        QStringList{QStringLiteral("--raw-engine-path"), EnginePath} + serverOptions);
    QString error;
    QVERIFY2(server.start(&error), qPrintable(error));
    const QStringList args = QStringList{QStringLiteral("--url"), server.baseUrl(),
                                 QStringLiteral("--path"), EnginePath}
        + scriptArgs;
    const sb::test::NodeResult result = sb::test::runNode(scriptPath(script), args, 120'000);
    const QByteArray report = "node " + script.toUtf8() + ' ' + args.join(u' ').toUtf8()
        + " exited with " + QByteArray::number(result.exitCode) + "\n--- node output:\n"
        + result.output + "\n--- switchboard output:\n" + server.output();
    QVERIFY2(result.exitCode == 0, report.constData());
    QVERIFY2(result.output.contains("PASS"), report.constData());
    // The server survived the scenario and shuts down cleanly.
    QVERIFY2(server.process().state() == QProcess::Running, report.constData());
    const int exitCode = server.stop();
    QVERIFY2(exitCode == 0,
        qPrintable(QStringLiteral("switchboard exited with %1 at SIGTERM:\n").arg(exitCode)
            + QString::fromUtf8(server.output())));
}

void TestEngineE2e::echo_data()
{
    QTest::addColumn<QString>("transport");
    QTest::newRow("polling only") << QStringLiteral("polling");
    QTest::newRow("websocket only") << QStringLiteral("websocket");
}

void TestEngineE2e::echo()
{
    QFETCH(QString, transport);
    runScenario({}, QStringLiteral("echo.js"), {QStringLiteral("--transport"), transport});
}

void TestEngineE2e::upgrade()
{
    runScenario({}, QStringLiteral("upgrade.js"), {});
}

void TestEngineE2e::sizeLimit_data()
{
    echo_data();
}

void TestEngineE2e::sizeLimit()
{
    QFETCH(QString, transport);
    runScenario({QStringLiteral("--max-http-buffer-size"), QString::number(MaxBuffer)},
        QStringLiteral("size_limit.js"),
        {QStringLiteral("--transport"), transport, QStringLiteral("--max"),
            QString::number(MaxBuffer)});
}

void TestEngineE2e::heartbeat_data()
{
    echo_data();
}

void TestEngineE2e::heartbeat()
{
    QFETCH(QString, transport);
    const QStringList heartbeat{QStringLiteral("--ping-interval"), QString::number(PingInterval),
        QStringLiteral("--ping-timeout"), QString::number(PingTimeout)};
    runScenario(heartbeat, QStringLiteral("heartbeat.js"),
        QStringList{QStringLiteral("--transport"), transport, QStringLiteral("--duration"),
            QStringLiteral("3000")}
            + heartbeat);
}

void TestEngineE2e::pingTimeout_data()
{
    echo_data();
}

void TestEngineE2e::pingTimeout()
{
    QFETCH(QString, transport);
    const QStringList heartbeat{QStringLiteral("--ping-interval"), QString::number(PingInterval),
        QStringLiteral("--ping-timeout"), QString::number(PingTimeout)};
    runScenario(heartbeat, QStringLiteral("ping_timeout.js"),
        QStringList{QStringLiteral("--transport"), transport} + heartbeat);
}

QTEST_GUILESS_MAIN(TestEngineE2e)
#include "tst_engine_e2e.moc"
