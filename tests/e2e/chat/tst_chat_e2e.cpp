// End-to-end tests of the chat service with the real socket.io-client: each test function starts
// `switchboard --service chat` with the options its scenario needs and runs one Node.js script of
// this folder against it, once per transport.

#include "test_support.h"

#include <QFileInfo>
#include <QProcess>
#include <QProcessEnvironment>
#include <QTest>

namespace {

using namespace Qt::StringLiterals;

QString scriptDir()
{
    return sb::test::sourceDir() + u"/tests/e2e/chat"_s;
}

} // namespace

class TestChatEndToEnd : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void protocol_data() { transportRows(); }
    void protocol();
    void historyLimit_data() { transportRows(); }
    void historyLimit();
    void tokens_data() { transportRows(); }
    void tokens();
    void mintTokenNeedsSecret();
    void browser_data() { transportRows(); }
    void browser();
    void browserTokens_data() { transportRows(); }
    void browserTokens();

private:
    static void transportRows()
    {
        QTest::addColumn<QString>("transport");
        QTest::newRow("websocket") << u"websocket"_s;
        QTest::newRow("polling") << u"polling"_s;
    }
    void runScenario(const QString &script, const QStringList &serverArguments,
        const QStringList &scriptArguments = {});
};

void TestChatEndToEnd::initTestCase()
{
    QVERIFY2(QFileInfo::exists(scriptDir() + u"/chat.js"_s),
        "SB_SOURCE_DIR does not point at the source tree");
    QVERIFY2(QFileInfo::exists(sb::test::nodeModules() + u"/socket.io-client"_s),
        "SB_NODE_MODULES has no socket.io-client; run npm ci in tests/");
    QVERIFY2(QFileInfo(sb::test::switchboardBinary()).isExecutable(),
        "SB_SWITCHBOARD is not an executable switchboard binary");
}

void TestChatEndToEnd::runScenario(
    const QString &script, const QStringList &serverArguments, const QStringList &scriptArguments)
{
    QFETCH(QString, transport);
    sb::test::SwitchboardProcess server(serverArguments);
    QString error;
    QVERIFY2(server.start(&error), qPrintable(error));
    const auto result = sb::test::runNode(scriptDir() + u'/' + script,
        QStringList{server.baseUrl(), transport} + scriptArguments, 120'000);
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

void TestChatEndToEnd::protocol()
{
    // The chat is the default service: no --service needed. A short limit keeps the long texts
    // small.
    runScenario(u"chat.js"_s, {u"--chat-max-length"_s, u"300"_s}, {u"--max-length=300"_s});
}

void TestChatEndToEnd::historyLimit()
{
    runScenario(u"history.js"_s, {u"--service"_s, u"chat"_s, u"--chat-history"_s, u"2"_s},
        {u"--history=2"_s});
}

void TestChatEndToEnd::tokens()
{
    const QString secret = u"e2e-secret"_s;
    QProcess mint;
    mint.setProcessChannelMode(QProcess::SeparateChannels);
    mint.start(sb::test::switchboardBinary(),
        {u"--mint-token"_s, u"Zoë"_s, u"--token-ttl"_s, u"120"_s, u"--jwt-secret"_s, secret});
    QVERIFY(mint.waitForFinished(60'000));
    QCOMPARE(mint.exitCode(), 0);
    const QByteArray token = mint.readAllStandardOutput().trimmed();
    QVERIFY2(token.count('.') == 2 && !token.contains('\n'), token.constData());
    runScenario(u"tokens.js"_s, {u"--jwt-secret"_s, secret},
        {u"--secret="_s + secret, u"--minted="_s + QString::fromLatin1(token),
            u"--minted-name=Zoë"_s, u"--minted-ttl=120"_s});
}

void TestChatEndToEnd::mintTokenNeedsSecret()
{
    QProcess mint;
    QProcessEnvironment environment = QProcessEnvironment::systemEnvironment();
    environment.remove(u"SWITCHBOARD_JWT_SECRET"_s);
    mint.setProcessEnvironment(environment);
    mint.start(sb::test::switchboardBinary(), {u"--mint-token"_s, u"ann"_s});
    QVERIFY(mint.waitForFinished(60'000));
    QCOMPARE(mint.exitCode(), 2);
    const QByteArray error = mint.readAllStandardError();
    QVERIFY2(error.contains("--jwt-secret"), error.constData());
    QVERIFY(mint.readAllStandardOutput().isEmpty());
    // The secret from the environment works too.
    environment.insert(u"SWITCHBOARD_JWT_SECRET"_s, u"from-env"_s);
    mint.setProcessEnvironment(environment);
    mint.start(sb::test::switchboardBinary(), {u"--mint-token"_s, u"ann"_s});
    QVERIFY(mint.waitForFinished(60'000));
    QCOMPARE(mint.exitCode(), 0);
    QCOMPARE(mint.readAllStandardOutput().count('.'), 2);
}

void TestChatEndToEnd::browser()
{
    // The page in Debian's Chromium (playwright-core), restricted to the row's transport through
    // its ?transport= parameter. A short heartbeat: a polling page that is closed is noticed by it.
    runScenario(
        u"browser_chat.js"_s, {u"--ping-interval"_s, u"2000"_s, u"--ping-timeout"_s, u"2000"_s});
}

void TestChatEndToEnd::browserTokens()
{
    // Refused pages (no token, expired, tampered) say so clearly; a valid link joins under the
    // token's name. The valid token is the one --mint-token prints, as the console's would be.
    const QString secret = u"browser-secret-0123456789abcdef0123"_s;
    QProcess mint;
    mint.setProcessChannelMode(QProcess::SeparateChannels);
    mint.start(sb::test::switchboardBinary(),
        {u"--mint-token"_s, u"Zoë"_s, u"--token-ttl"_s, u"600"_s, u"--jwt-secret"_s, secret});
    QVERIFY(mint.waitForFinished(60'000));
    QCOMPARE(mint.exitCode(), 0);
    const QByteArray token = mint.readAllStandardOutput().trimmed();
    QVERIFY2(token.count('.') == 2, token.constData());
    runScenario(u"browser_tokens.js"_s, {u"--jwt-secret"_s, secret},
        {u"--secret="_s + secret, u"--minted="_s + QString::fromLatin1(token),
            u"--minted-name=Zoë"_s});
}

QTEST_GUILESS_MAIN(TestChatEndToEnd)
#include "tst_chat_e2e.moc"
