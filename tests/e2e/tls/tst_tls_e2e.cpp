// TLS end-to-end: `switchboard --service echo` with --tls-cert/--tls-key (a test certificate made
// with openssl) or --tls-self-signed (kept in a temporary data folder), driven by tls.js with the
// real socket.io-client over both transports and the upgrade; a TLS client against a plain
// server; and every bad TLS option, which must stop the program before it listens.

#include "test_support.h"

#include <QCryptographicHash>
#include <QFile>
#include <QFileInfo>
#include <QProcess>
#include <QProcessEnvironment>
#include <QRegularExpression>
#include <QSslCertificate>
#include <QTemporaryDir>
#include <QTest>

using namespace Qt::StringLiterals;

namespace {

QString scriptDir()
{
    return sb::test::sourceDir() + u"/tests/e2e/tls"_s;
}

QString fingerprintOf(const QString &certificateFile)
{
    const QList<QSslCertificate> certificates = QSslCertificate::fromPath(certificateFile);
    if (certificates.isEmpty())
        return {};
    return QString::fromLatin1(
        certificates.first().digest(QCryptographicHash::Sha256).toHex(':').toUpper());
}

QString printedFingerprint(const QByteArray &output)
{
    static const QRegularExpression line(
        u"TLS certificate SHA-256 fingerprint: ((?:[0-9A-F]{2}:){31}[0-9A-F]{2})\\n"_s);
    return line.match(QString::fromUtf8(output)).captured(1);
}

} // namespace

class TestTlsEndToEnd : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void initTestCase();
    void transports_data();
    void transports();
    void tlsClientOnPlainPort();
    void chatPageInABrowser_data();
    void chatPageInABrowser();
    void selfSigned();
    void helpDocumentsTheOptions();
    void badOptions_data();
    void badOptions();

private:
    QString file(const QString &name) const { return m_dir.filePath(name); }
    // Runs tls.js against a running server and checks it, the server's survival and clean stop.
    void runScript(sb::test::SwitchboardProcess &server, const QString &transport,
        const QStringList &scriptArguments);

    QTemporaryDir m_dir;
};

void TestTlsEndToEnd::initTestCase()
{
    QVERIFY2(QFileInfo::exists(scriptDir() + u"/tls.js"_s),
        "SB_SOURCE_DIR does not point at the source tree");
    QVERIFY2(QFileInfo::exists(sb::test::nodeModules() + u"/socket.io-client"_s),
        "SB_NODE_MODULES has no socket.io-client; run npm ci in tests/");
    QVERIFY2(QFileInfo(sb::test::switchboardBinary()).isExecutable(),
        "SB_SWITCHBOARD is not an executable switchboard binary");
    QVERIFY(m_dir.isValid());
    QString error;
    QVERIFY2(sb::test::makeTestCertificate(m_dir.path(), u"server"_s, &error), qPrintable(error));
    QVERIFY2(sb::test::makeTestCertificate(m_dir.path(), u"other"_s, &error), qPrintable(error));
    QFile garbage(file(u"garbage.pem"_s));
    QVERIFY(garbage.open(QIODevice::WriteOnly));
    garbage.write("-----BEGIN CERTIFICATE-----\nnot base64 at all\n-----END CERTIFICATE-----\n");
}

void TestTlsEndToEnd::runScript(sb::test::SwitchboardProcess &server, const QString &transport,
    const QStringList &scriptArguments)
{
    const auto result = sb::test::runNode(scriptDir() + u"/tls.js"_s,
        QStringList{server.baseUrl(), transport} + scriptArguments, 120'000);
    const bool survived = server.process().state() == QProcess::Running;
    const int exitCode = server.stop();
    const QString report = u"\n--- tls.js ---\n%1\n--- server ---\n%2"_s.arg(
        QString::fromUtf8(result.output), QString::fromUtf8(server.output().right(20'000)));
    QVERIFY2(result.exitCode == 0, qPrintable(u"the script failed:"_s + report));
    QVERIFY2(result.output.contains("PASS"), qPrintable(u"the script did not pass:"_s + report));
    QVERIFY2(survived, qPrintable(u"the server died during the script:"_s + report));
    QVERIFY2(exitCode == 0, qPrintable(u"the server did not stop cleanly:"_s + report));
}

void TestTlsEndToEnd::transports_data()
{
    QTest::addColumn<QString>("transport");
    QTest::newRow("websocket") << u"websocket"_s;
    QTest::newRow("polling") << u"polling"_s;
    QTest::newRow("polling, then the upgrade") << u"default"_s;
}

void TestTlsEndToEnd::transports()
{
    QFETCH(QString, transport);
    sb::test::SwitchboardProcess server({u"--service"_s, u"echo"_s, u"--tls-cert"_s,
        file(u"server.pem"_s), u"--tls-key"_s, file(u"server-key.pem"_s)});
    QString error;
    QVERIFY2(server.start(&error), qPrintable(error));
    QVERIFY(server.baseUrl().startsWith(u"https://"_s));
    QTRY_VERIFY_WITH_TIMEOUT(!printedFingerprint(server.output()).isEmpty(), 30'000);
    QCOMPARE(printedFingerprint(server.output()), fingerprintOf(file(u"server.pem"_s)));
    const QByteArray certificateLine = "TLS certificate: " + file(u"server.pem"_s).toUtf8() + '\n';
    QVERIFY(server.output().contains(certificateLine));
    runScript(server, transport, {u"--ca="_s + file(u"server.pem"_s)});
}

void TestTlsEndToEnd::tlsClientOnPlainPort()
{
    sb::test::SwitchboardProcess server({u"--service"_s, u"echo"_s});
    QString error;
    QVERIFY2(server.start(&error), qPrintable(error));
    QVERIFY(server.baseUrl().startsWith(u"http://"_s));
    runScript(server, u"websocket"_s, {u"--expect=plain"_s, u"--ca="_s + file(u"server.pem"_s)});
}

void TestTlsEndToEnd::chatPageInABrowser_data()
{
    QTest::addColumn<QString>("transport");
    QTest::newRow("websocket") << u"websocket"_s;
    QTest::newRow("polling") << u"polling"_s;
}

void TestTlsEndToEnd::chatPageInABrowser()
{
    // The chat page, its script and the client bundle over HTTPS, the chat over WSS or polling.
    QFETCH(QString, transport);
    if (!QFileInfo::exists(u"/usr/bin/chromium"_s))
        QSKIP("no /usr/bin/chromium (scripts/bootstrap.sh installs it)");
    // A short heartbeat, as in the chat's own browser test: a polling page that is closed is
    // only noticed by it.
    sb::test::SwitchboardProcess server({u"--service"_s, u"chat"_s, u"--tls-cert"_s,
        file(u"server.pem"_s), u"--tls-key"_s, file(u"server-key.pem"_s), u"--ping-interval"_s,
        u"2000"_s, u"--ping-timeout"_s, u"2000"_s});
    QString error;
    QVERIFY2(server.start(&error), qPrintable(error));
    const auto result
        = sb::test::runNode(sb::test::sourceDir() + u"/tests/e2e/chat/browser_chat.js"_s,
            {server.baseUrl(), transport}, 180'000);
    const bool survived = server.process().state() == QProcess::Running;
    const int exitCode = server.stop();
    const QString report = u"\n--- browser_chat.js ---\n%1\n--- server ---\n%2"_s.arg(
        QString::fromUtf8(result.output), QString::fromUtf8(server.output().right(20'000)));
    QVERIFY2(result.exitCode == 0, qPrintable(u"the browser script failed:"_s + report));
    QVERIFY2(survived, qPrintable(u"the server died:"_s + report));
    QVERIFY2(exitCode == 0, qPrintable(u"the server did not stop cleanly:"_s + report));
}

void TestTlsEndToEnd::selfSigned()
{
    QTemporaryDir data;
    QVERIFY(data.isValid());
    // QStandardPaths::AppDataLocation: $XDG_DATA_HOME/ORGANISATION/APPLICATION.
    const QString stored = data.path() + u"/Switchboard/switchboard/tls/certificate.pem"_s;
    QProcessEnvironment environment = QProcessEnvironment::systemEnvironment();
    environment.insert(u"XDG_DATA_HOME"_s, data.path());
    QString fingerprint;
    for (const bool first : {true, false}) {
        sb::test::SwitchboardProcess server({u"--service"_s, u"echo"_s, u"--tls-self-signed"_s});
        server.process().setProcessEnvironment(environment);
        QString error;
        QVERIFY2(server.start(&error), qPrintable(error));
        QTRY_VERIFY_WITH_TIMEOUT(!printedFingerprint(server.output()).isEmpty(), 30'000);
        const QByteArray output = server.output();
        QVERIFY2(QFileInfo::exists(stored), output.constData());
        const QByteArray expected = QByteArray("TLS certificate: ") + stored.toUtf8()
            + (first ? " (self-signed, made now)\n" : " (self-signed)\n");
        QVERIFY2(output.contains(expected), output.constData());
        const QString printed = printedFingerprint(output);
        QCOMPARE(printed, fingerprintOf(stored));
        if (first)
            fingerprint = printed;
        else
            QCOMPARE(printed, fingerprint); // made once, then used again
        // The stored certificate names 127.0.0.1: a client that trusts it verifies the host too.
        runScript(server, first ? u"default"_s : u"websocket"_s, {u"--ca="_s + stored});
        if (QTest::currentTestFailed())
            return;
    }
}

void TestTlsEndToEnd::helpDocumentsTheOptions()
{
    QProcess process;
    process.start(sb::test::switchboardBinary(), {u"--help"_s});
    QVERIFY(process.waitForFinished(60'000));
    QCOMPARE(process.exitCode(), 0);
    const QByteArray help = process.readAllStandardOutput();
    for (const char *option : {"--tls-cert", "--tls-key", "--tls-self-signed"})
        QVERIFY2(help.contains(option), option);
}

void TestTlsEndToEnd::badOptions_data()
{
    QTest::addColumn<QStringList>("arguments");
    QTest::addColumn<QString>("message");
    const QString cert = file(u"server.pem"_s);
    const QString key = file(u"server-key.pem"_s);
    QTest::newRow("certificate without key")
        << QStringList{u"--tls-cert"_s, cert} << u"--tls-cert and --tls-key go together"_s;
    QTest::newRow("key without certificate")
        << QStringList{u"--tls-key"_s, key} << u"--tls-cert and --tls-key go together"_s;
    QTest::newRow("empty file names") << QStringList{u"--tls-cert"_s, QString(), u"--tls-key"_s,
        QString()} << u"--tls-cert and --tls-key go together"_s;
    QTest::newRow("self-signed and files") << QStringList{u"--tls-self-signed"_s, u"--tls-cert"_s,
        cert, u"--tls-key"_s, key} << u"exclude each other"_s;
    QTest::newRow("missing certificate") << QStringList{u"--tls-cert"_s, file(u"missing.pem"_s),
        u"--tls-key"_s, key} << u"cannot read the TLS certificate"_s;
    QTest::newRow("garbage certificate") << QStringList{u"--tls-cert"_s, file(u"garbage.pem"_s),
        u"--tls-key"_s, key} << u"holds no PEM or DER certificate"_s;
    QTest::newRow("missing key") << QStringList{u"--tls-cert"_s, cert, u"--tls-key"_s,
        file(u"missing-key.pem"_s)}
                                 << u"cannot read the TLS private key"_s;
    QTest::newRow("certificate as key")
        << QStringList{u"--tls-cert"_s, cert, u"--tls-key"_s, cert} << u"private key"_s;
    QTest::newRow("another certificate's key") << QStringList{u"--tls-cert"_s, cert, u"--tls-key"_s,
        file(u"other-key.pem"_s)} << u"does not belong to the certificate"_s;
}

void TestTlsEndToEnd::badOptions()
{
    QFETCH(QStringList, arguments);
    QFETCH(QString, message);
    QProcess process;
    process.setProcessChannelMode(QProcess::MergedChannels);
    process.start(sb::test::switchboardBinary(),
        QStringList{u"--headless"_s, u"--bind"_s, u"127.0.0.1"_s, u"--port"_s, u"0"_s} + arguments);
    QVERIFY(process.waitForFinished(60'000));
    const QByteArray output = process.readAll();
    QCOMPARE(process.exitStatus(), QProcess::NormalExit);
    QVERIFY2(process.exitCode() == 2, output.constData());
    QVERIFY2(output.contains(message.toUtf8()), output.constData());
    QVERIFY2(!output.contains("listening on"), output.constData());
}

QTEST_GUILESS_MAIN(TestTlsEndToEnd)
#include "tst_tls_e2e.moc"
