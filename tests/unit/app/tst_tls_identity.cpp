// TlsIdentity: reading a certificate and its key (PEM and DER, EC and RSA, with a chain), the
// fingerprint's format, and every file that must be refused. The files are made by the openssl
// command in a temporary folder.

#include "tls_identity.h"
#include "tls_setup.h"

#include <QFile>
#include <QFileInfo>
#include <QProcess>
#include <QRegularExpression>
#include <QTemporaryDir>
#include <QTest>

using namespace Qt::StringLiterals;

namespace {

// The error of a failed Result, for QVERIFY2's message (which is built whether or not it fails).
template <typename R>
QByteArray why(const R &result)
{
    return result ? QByteArray() : result.error().toUtf8();
}

// Runs `openssl args...` (input on stdin); its stdout, or a null array on failure.
QByteArray openssl(const QStringList &arguments, const QByteArray &input = {})
{
    QProcess process;
    process.start(QStringLiteral("openssl"), arguments);
    if (!process.waitForStarted(30'000))
        return {};
    process.write(input);
    process.closeWriteChannel();
    if (!process.waitForFinished(60'000) || process.exitCode() != 0) {
        qWarning() << "openssl" << arguments << process.readAllStandardError();
        return {};
    }
    const QByteArray out = process.readAllStandardOutput();
    return out.isNull() ? QByteArray("") : out;
}

bool write(const QString &path, const QByteArray &data)
{
    QFile file(path);
    return file.open(QIODevice::WriteOnly) && file.write(data) == data.size();
}

QByteArray read(const QString &path)
{
    QFile file(path);
    return file.open(QIODevice::ReadOnly) ? file.readAll() : QByteArray();
}

} // namespace

class TestTlsIdentity : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void initTestCase();
    void loads_data();
    void loads();
    void chainFollowsTheCertificate();
    void fingerprintFormat();
    void serverConfiguration();
    void refuses_data();
    void refuses();
    void setUpWithoutTls();
    void setUpWithFiles();
    void setUpWithBadFiles();

private:
    QString path(const QString &name) const { return m_dir.filePath(name); }
    bool makePair(const QString &name, const QStringList &keyArguments);

    QTemporaryDir m_dir;
};

bool TestTlsIdentity::makePair(const QString &name, const QStringList &keyArguments)
{
    return !openssl(QStringList{QStringLiteral("req"), QStringLiteral("-x509"),
                        QStringLiteral("-nodes"), QStringLiteral("-days"), QStringLiteral("2"),
                        QStringLiteral("-subj"), QStringLiteral("/CN=") + name,
                        QStringLiteral("-keyout"), path(name + QStringLiteral("-key.pem")),
                        QStringLiteral("-out"), path(name + QStringLiteral(".pem"))}
        + keyArguments)
                .isNull();
}

void TestTlsIdentity::initTestCase()
{
    QVERIFY(m_dir.isValid());
    const QStringList ec{QStringLiteral("-newkey"), QStringLiteral("ec"),
        QStringLiteral("-pkeyopt"), QStringLiteral("ec_paramgen_curve:prime256v1")};
    QVERIFY(makePair(QStringLiteral("ec"), ec));
    QVERIFY(makePair(QStringLiteral("other"), ec));
    QVERIFY(
        makePair(QStringLiteral("rsa"), {QStringLiteral("-newkey"), QStringLiteral("rsa:2048")}));
    // DER forms of the EC pair.
    QVERIFY(!openssl({QStringLiteral("x509"), QStringLiteral("-in"), path(QStringLiteral("ec.pem")),
                         QStringLiteral("-outform"), QStringLiteral("DER"), QStringLiteral("-out"),
                         path(QStringLiteral("ec.der"))})
                 .isNull());
    QVERIFY(
        !openssl({QStringLiteral("pkey"), QStringLiteral("-in"), path(QStringLiteral("ec-key.pem")),
                     QStringLiteral("-outform"), QStringLiteral("DER"), QStringLiteral("-out"),
                     path(QStringLiteral("ec-key.der"))})
             .isNull());
    // The EC key under a passphrase.
    QVERIFY(!openssl(
        {QStringLiteral("pkey"), QStringLiteral("-in"), path(QStringLiteral("ec-key.pem")),
            QStringLiteral("-aes256"), QStringLiteral("-passout"), QStringLiteral("pass:secret"),
            QStringLiteral("-out"), path(QStringLiteral("encrypted-key.pem"))})
                 .isNull());
    // A certificate of the EC key that expired a day before it began.
    const QByteArray request = openssl({QStringLiteral("req"), QStringLiteral("-new"),
        QStringLiteral("-key"), path(QStringLiteral("ec-key.pem")), QStringLiteral("-subj"),
        QStringLiteral("/CN=expired")});
    QVERIFY(!request.isNull());
    QVERIFY(!openssl(
        {QStringLiteral("x509"), QStringLiteral("-req"), QStringLiteral("-key"),
            path(QStringLiteral("ec-key.pem")), QStringLiteral("-days"), QStringLiteral("-1"),
            QStringLiteral("-out"), path(QStringLiteral("expired.pem"))},
        request)
                 .isNull());
    // The EC certificate followed by another one, as a chain file is.
    QVERIFY(write(path(QStringLiteral("chain.pem")),
        read(path(QStringLiteral("ec.pem"))) + read(path(QStringLiteral("other.pem")))));
    QVERIFY(write(path(QStringLiteral("empty.pem")), {}));
    QVERIFY(write(path(QStringLiteral("garbage.pem")), "not a certificate\n"));
    QVERIFY(write(
        path(QStringLiteral("truncated.pem")), read(path(QStringLiteral("ec.pem"))).left(200)));
}

void TestTlsIdentity::loads_data()
{
    QTest::addColumn<QString>("certificate");
    QTest::addColumn<QString>("key");
    QTest::newRow("EC, PEM") << u"ec.pem"_s << u"ec-key.pem"_s;
    QTest::newRow("RSA, PEM") << u"rsa.pem"_s << u"rsa-key.pem"_s;
    QTest::newRow("EC, DER") << u"ec.der"_s << u"ec-key.der"_s;
    QTest::newRow("DER certificate, PEM key") << u"ec.der"_s << u"ec-key.pem"_s;
}

void TestTlsIdentity::loads()
{
    QFETCH(QString, certificate);
    QFETCH(QString, key);
    const auto identity = TlsIdentity::load(path(certificate), path(key));
    QVERIFY2(identity, why(identity).constData());
    QVERIFY(!identity->certificate.isNull());
    QVERIFY(!identity->key.isNull());
    QCOMPARE(identity->key.type(), QSsl::PrivateKey);
    QVERIFY(identity->chain.isEmpty());
}

void TestTlsIdentity::chainFollowsTheCertificate()
{
    const auto identity
        = TlsIdentity::load(path(QStringLiteral("chain.pem")), path(QStringLiteral("ec-key.pem")));
    QVERIFY2(identity, why(identity).constData());
    QCOMPARE(identity->certificate.subjectInfo(QSslCertificate::CommonName),
        QStringList{QStringLiteral("ec")});
    QCOMPARE(identity->chain.size(), 1);
    QCOMPARE(identity->chain.first().subjectInfo(QSslCertificate::CommonName),
        QStringList{QStringLiteral("other")});
    const QList<QSslCertificate> presented
        = identity->serverConfiguration().localCertificateChain();
    QCOMPARE(presented.size(), 2);
    QCOMPARE(presented.first(), identity->certificate);
}

void TestTlsIdentity::fingerprintFormat()
{
    const auto identity
        = TlsIdentity::load(path(QStringLiteral("ec.pem")), path(QStringLiteral("ec-key.pem")));
    QVERIFY(identity);
    const QString fingerprint = identity->fingerprint();
    static const QRegularExpression format(QStringLiteral("^([0-9A-F]{2}:){31}[0-9A-F]{2}$"));
    QVERIFY2(format.match(fingerprint).hasMatch(), qPrintable(fingerprint));
    // The same text openssl prints (what a user may compare with).
    const QByteArray byOpenssl
        = openssl({QStringLiteral("x509"), QStringLiteral("-in"), path(QStringLiteral("ec.pem")),
            QStringLiteral("-noout"), QStringLiteral("-fingerprint"), QStringLiteral("-sha256")});
    QCOMPARE(QString::fromLatin1(byOpenssl.trimmed()).section(QLatin1Char('='), 1), fingerprint);
}

void TestTlsIdentity::serverConfiguration()
{
    const auto identity
        = TlsIdentity::load(path(QStringLiteral("ec.pem")), path(QStringLiteral("ec-key.pem")));
    QVERIFY(identity);
    const QSslConfiguration configuration = identity->serverConfiguration();
    QCOMPARE(configuration.localCertificate(), identity->certificate);
    QCOMPARE(configuration.privateKey(), identity->key);
    QCOMPARE(configuration.peerVerifyMode(), QSslSocket::VerifyNone);
}

void TestTlsIdentity::refuses_data()
{
    QTest::addColumn<QString>("certificate");
    QTest::addColumn<QString>("key");
    QTest::addColumn<QString>("message"); // a part of the error
    QTest::newRow("no certificate file")
        << u"missing.pem"_s << u"ec-key.pem"_s << u"cannot read the TLS certificate"_s;
    QTest::newRow("empty certificate file") << u"empty.pem"_s << u"ec-key.pem"_s << u"is empty"_s;
    QTest::newRow("not a certificate")
        << u"garbage.pem"_s << u"ec-key.pem"_s << u"holds no PEM or DER certificate"_s;
    QTest::newRow("truncated certificate")
        << u"truncated.pem"_s << u"ec-key.pem"_s << u"holds no PEM or DER certificate"_s;
    QTest::newRow("a folder as certificate") << u"."_s << u"ec-key.pem"_s << u"TLS certificate"_s;
    QTest::newRow("expired certificate") << u"expired.pem"_s << u"ec-key.pem"_s << u"expired on"_s;
    QTest::newRow("no key file") << u"ec.pem"_s << u"missing-key.pem"_s
                                 << u"cannot read the TLS private key"_s;
    QTest::newRow("empty key file") << u"ec.pem"_s << u"empty.pem"_s << u"is empty"_s;
    QTest::newRow("not a key") << u"ec.pem"_s << u"garbage.pem"_s
                               << u"holds no RSA, EC or DSA private key"_s;
    QTest::newRow("a certificate as key")
        << u"ec.pem"_s << u"other.pem"_s << u"holds no RSA, EC or DSA private key"_s;
    QTest::newRow("encrypted key")
        << u"ec.pem"_s << u"encrypted-key.pem"_s << u"protected by a passphrase"_s;
    QTest::newRow("another certificate's key")
        << u"ec.pem"_s << u"other-key.pem"_s << u"does not belong to the certificate"_s;
    QTest::newRow("an RSA key for an EC certificate")
        << u"ec.pem"_s << u"rsa-key.pem"_s << u"does not belong to the certificate"_s;
}

void TestTlsIdentity::refuses()
{
    QFETCH(QString, certificate);
    QFETCH(QString, key);
    QFETCH(QString, message);
    const auto identity = TlsIdentity::load(path(certificate), path(key));
    QVERIFY(!identity);
    QVERIFY2(identity.error().contains(message), qPrintable(identity.error()));
}

void TestTlsIdentity::setUpWithoutTls()
{
    ServerConfig config;
    config.http.tls = QSslConfiguration::defaultConfiguration(); // stale: must go
    const auto setup = setUpTls(config, m_dir.filePath(QStringLiteral("unused")));
    QVERIFY(setup);
    QVERIFY(!setup->enabled);
    QVERIFY(!config.http.tls);
    QVERIFY(!QFileInfo::exists(m_dir.filePath(QStringLiteral("unused"))));
}

void TestTlsIdentity::setUpWithFiles()
{
    ServerConfig config;
    config.tlsCertificateFile = path(QStringLiteral("ec.pem"));
    config.tlsKeyFile = path(QStringLiteral("ec-key.pem"));
    const auto setup = setUpTls(config, m_dir.filePath(QStringLiteral("unused")));
    QVERIFY2(setup, why(setup).constData());
    QVERIFY(setup->enabled);
    QVERIFY(!setup->selfSigned);
    QCOMPARE(setup->certificateFile, config.tlsCertificateFile);
    QVERIFY(config.http.tls);
    QCOMPARE(TlsIdentity::fingerprint(config.http.tls->localCertificate()), setup->fingerprint);
}

void TestTlsIdentity::setUpWithBadFiles()
{
    ServerConfig config;
    config.tlsCertificateFile = path(QStringLiteral("ec.pem"));
    config.tlsKeyFile = path(QStringLiteral("other-key.pem"));
    const auto setup = setUpTls(config, m_dir.filePath(QStringLiteral("unused")));
    QVERIFY(!setup);
    QVERIFY(!config.http.tls);
}

QTEST_GUILESS_MAIN(TestTlsIdentity)
#include "tst_tls_identity.moc"
