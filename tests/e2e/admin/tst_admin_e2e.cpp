// End-to-end tests of the admin UI's protocol (--admin-ui): socket.io-client speaking to /admin
// as the official admin UI does (admin_protocol.js, one scenario per mode), the refused command
// lines, and the admin UI itself, its built files from the npm package opened in Chromium
// (admin_browser.js).

#include "test_support.h"

#include <QFileInfo>
#include <QProcess>
#include <QTcpServer>
#include <QTest>

namespace {

using namespace Qt::StringLiterals;

// bcrypt of "s3cret-pass" at cost 4 (bcryptjs.hashSync): quick to check under the sanitizers.
const QString PasswordHash = u"$2a$04$7is3fgxhyZeSs5puFOceSOSLcFTNuwtliH2MacEUE7Qbecds1vf1i"_s;
const QString Password = u"s3cret-pass"_s;

QString scriptDir()
{
    return sb::test::sourceDir() + u"/tests/e2e/admin"_s;
}

QStringList adminArguments()
{
    return {
        u"--admin-ui"_s, u"--admin-user"_s, u"admin"_s, u"--admin-password-hash"_s, PasswordHash};
}

} // namespace

class TestAdminEndToEnd : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void protocol_data();
    void protocol();
    void readonly();
    void production();
    void noAuth();
    void otherHashForms();
    void withSignInTokens();
    void refusedCommandLines_data();
    void refusedCommandLines();
    void browser();

private:
    void runScenario(const QStringList &serverArguments, const QStringList &scriptArguments,
        const QString &script = u"admin_protocol.js"_s);
};

void TestAdminEndToEnd::initTestCase()
{
    QVERIFY2(QFileInfo::exists(scriptDir() + u"/admin_protocol.js"_s),
        "SB_SOURCE_DIR does not point at the source tree");
    QVERIFY2(QFileInfo::exists(sb::test::nodeModules() + u"/@socket.io/admin-ui/ui/dist"_s),
        "SB_NODE_MODULES has no @socket.io/admin-ui; run npm ci in tests/");
    QVERIFY2(QFileInfo(sb::test::switchboardBinary()).isExecutable(),
        "SB_SWITCHBOARD is not an executable switchboard binary");
}

void TestAdminEndToEnd::runScenario(
    const QStringList &serverArguments, const QStringList &scriptArguments, const QString &script)
{
    sb::test::SwitchboardProcess server(serverArguments);
    QString error;
    QVERIFY2(server.start(&error), qPrintable(error));
    const auto result = sb::test::runNode(
        scriptDir() + u'/' + script, QStringList{server.baseUrl()} + scriptArguments, 300'000);
    const bool survived = server.process().state() == QProcess::Running;
    const int exitCode = server.stop();
    const QString report = u"\n--- %1 ---\n%2\n--- server (%3) ---\n%4"_s.arg(script,
        QString::fromUtf8(result.output), serverArguments.join(u' '),
        QString::fromUtf8(server.output().right(20'000)));
    QVERIFY2(result.exitCode == 0, qPrintable(u"the script failed:"_s + report));
    QVERIFY2(result.output.contains("PASS"), qPrintable(u"the script did not pass:"_s + report));
    QVERIFY2(survived, qPrintable(u"the server died during the script:"_s + report));
    QVERIFY2(exitCode == 0, qPrintable(u"the server did not stop cleanly:"_s + report));
}

void TestAdminEndToEnd::protocol_data()
{
    QTest::addColumn<QString>("transport");
    QTest::newRow("websocket") << u"websocket"_s;
    QTest::newRow("polling") << u"polling"_s;
    QTest::newRow("upgrade") << u"default"_s;
}

void TestAdminEndToEnd::protocol()
{
    QFETCH(QString, transport);
    runScenario(adminArguments(), {u"full"_s, transport, u"--password="_s + Password});
}

void TestAdminEndToEnd::readonly()
{
    runScenario(adminArguments() + QStringList{u"--admin-readonly"_s},
        {u"readonly"_s, u"websocket"_s, u"--password="_s + Password});
}

void TestAdminEndToEnd::production()
{
    runScenario(adminArguments() + QStringList{u"--admin-mode"_s, u"production"_s},
        {u"production"_s, u"websocket"_s, u"--password="_s + Password});
}

void TestAdminEndToEnd::noAuth()
{
    runScenario({u"--admin-ui"_s, u"--admin-no-auth"_s}, {u"noauth"_s, u"websocket"_s});
}

void TestAdminEndToEnd::otherHashForms()
{
    // The $2y$ form (htpasswd) of a hash of the same password, a custom namespace, a user name
    // that is not "admin".
    runScenario({u"--admin-ui"_s, u"--admin-user"_s, u"ops"_s, u"--admin-password-hash"_s,
                    u"$2y$04$gRz3vG/UwByVyJPJB/CZ2.e6QampoElixPGoUyvMeEVQchg5UsSTW"_s,
                    u"--admin-namespace"_s, u"watch"_s},
        {u"login"_s, u"websocket"_s, u"--user=ops"_s, u"--password="_s + Password,
            u"--namespace=/watch"_s});
}

void TestAdminEndToEnd::withSignInTokens()
{
    // --jwt-secret asks every connection for a token; the admin UI has none and logs in with
    // its password instead.
    runScenario(adminArguments() + QStringList{u"--jwt-secret"_s, u"e2e-secret"_s},
        {u"login"_s, u"websocket"_s, u"--password="_s + Password, u"--expect-token-refusal"_s});
}

void TestAdminEndToEnd::refusedCommandLines_data()
{
    QTest::addColumn<QStringList>("arguments");
    QTest::addColumn<QString>("message");
    QTest::newRow("no auth choice") << QStringList{u"--admin-ui"_s} << u"--admin-no-auth"_s;
    QTest::newRow("user without hash")
        << QStringList{u"--admin-ui"_s, u"--admin-user"_s, u"a"_s} << u"--admin-password-hash"_s;
    QTest::newRow("not a bcrypt hash") << QStringList{u"--admin-ui"_s, u"--admin-user"_s, u"a"_s,
        u"--admin-password-hash"_s, u"plain-password"_s}
                                       << u"bcrypt hash"_s;
    QTest::newRow("cost out of range")
        << QStringList{u"--admin-ui"_s, u"--admin-user"_s, u"a"_s, u"--admin-password-hash"_s,
               u"$2a$03$7is3fgxhyZeSs5puFOceSOSLcFTNuwtliH2MacEUE7Qbecds1vf1i"_s}
        << u"bcrypt hash"_s;
    QTest::newRow("no-auth with a user") << QStringList{u"--admin-ui"_s, u"--admin-no-auth"_s,
        u"--admin-user"_s, u"a"_s} << u"cannot go with"_s;
    QTest::newRow("option without --admin-ui")
        << QStringList{u"--admin-readonly"_s} << u"needs --admin-ui"_s;
    QTest::newRow("unknown mode") << QStringList{u"--admin-ui"_s, u"--admin-no-auth"_s,
        u"--admin-mode"_s, u"staging"_s}
                                  << u"unknown --admin-mode"_s;
    QTest::newRow("namespace /") << QStringList{u"--admin-ui"_s, u"--admin-no-auth"_s,
        u"--admin-namespace"_s, u"/"_s}
                                 << u"--admin-namespace"_s;
}

void TestAdminEndToEnd::refusedCommandLines()
{
    QFETCH(QStringList, arguments);
    QFETCH(QString, message);
    QProcess process;
    QProcessEnvironment environment = QProcessEnvironment::systemEnvironment();
    environment.remove(u"SWITCHBOARD_ADMIN_PASSWORD_HASH"_s);
    process.setProcessEnvironment(environment);
    process.start(sb::test::switchboardBinary(), QStringList{u"--headless"_s} + arguments);
    QVERIFY(process.waitForFinished(60'000));
    QCOMPARE(process.exitCode(), 2);
    const QString error = QString::fromUtf8(process.readAllStandardError());
    QVERIFY2(error.contains(message), qPrintable(error));
}

void TestAdminEndToEnd::browser()
{
    // The UI is served from another origin (a static server of the script on this port), as the
    // hosted UI is: the server must allow it, with credentials.
    QTcpServer probe;
    QVERIFY(probe.listen(QHostAddress::LocalHost, 0));
    const quint16 uiPort = probe.serverPort();
    probe.close();
    const QString origin = u"http://127.0.0.1:%1"_s.arg(uiPort);
    runScenario(adminArguments()
            + QStringList{u"--cors-origin"_s, origin, u"--admin-server-id"_s, u"sb-under-test"_s},
        {u"--ui-port=%1"_s.arg(uiPort), u"--password="_s + Password,
            u"--server-id=sb-under-test"_s},
        u"admin_browser.js"_s);
}

QTEST_GUILESS_MAIN(TestAdminEndToEnd)
#include "tst_admin_e2e.moc"
