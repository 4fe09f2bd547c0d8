// SelfSignedCertificate: a certificate for the given names and addresses, made once with the
// openssl command and used again at the next start, replaced only when unusable; the
// subjectAltName built from what the machine reports; what happens when openssl is missing or
// fails, or the folder cannot be made.

#include "self_signed_certificate.h"
#include "tls_setup.h"

#include <QDateTime>
#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QRegularExpression>
#include <QSslCertificate>
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

SelfSignedCertificate::Subject lanLike()
{
    SelfSignedCertificate::Subject subject;
    subject.hostNames = {u"lanbox"_s, u"lanbox.local"_s, u"localhost"_s, u"not a name!"_s};
    subject.addresses = {QHostAddress(u"192.168.1.20"_s), QHostAddress(QHostAddress::LocalHost),
        QHostAddress(QHostAddress::LocalHostIPv6), QHostAddress(u"fe80::1%1"_s)};
    return subject;
}

QByteArray read(const QString &path)
{
    QFile file(path);
    return file.open(QIODevice::ReadOnly) ? file.readAll() : QByteArray();
}

} // namespace

class TestSelfSignedCertificate : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void makesCertificateForNamesAndAddresses();
    void reusedOnSecondStart();
    void replacedWhenUnusable_data();
    void replacedWhenUnusable();
    void opensslMissing();
    void opensslFails();
    void folderCannotBeMade();
    void nothingToCertify();
    void subjectAltName_data();
    void subjectAltName();
    void lanSubjectHasLoopback();
    void setUpSelfSigned();
};

void TestSelfSignedCertificate::makesCertificateForNamesAndAddresses()
{
    QTemporaryDir dir;
    QVERIFY(dir.isValid());
    const QString folder = dir.filePath(u"tls"_s);
    const auto made = SelfSignedCertificate::ensure(folder, lanLike());
    QVERIFY2(made, why(made).constData());
    QVERIFY(made->created);
    QVERIFY(made->replacedBecause.isEmpty());
    QCOMPARE(made->certificateFile, folder + u"/certificate.pem"_s);
    QCOMPARE(made->keyFile, folder + u"/private-key.pem"_s);
    const auto names = made->identity.certificate.subjectAlternativeNames();
    QStringList dns = names.values(QSsl::DnsEntry);
    dns.sort();
    QCOMPARE(dns, (QStringList{u"lanbox"_s, u"lanbox.local"_s, u"localhost"_s}));
    const QStringList ips = names.values(QSsl::IpAddressEntry);
    QCOMPARE(ips.size(), 3);
    for (const QString &ip : {u"192.168.1.20"_s, u"127.0.0.1"_s})
        QVERIFY2(ips.contains(ip), qPrintable(ips.join(u' ')));
    // ::1 in whatever notation Qt prints it.
    bool hasV6Loopback = false;
    for (const QString &ip : ips)
        hasV6Loopback = hasV6Loopback || QHostAddress(ip) == QHostAddress::LocalHostIPv6;
    QVERIFY(hasV6Loopback);
    QCOMPARE(made->identity.certificate.subjectInfo(QSslCertificate::CommonName),
        QStringList{u"lanbox"_s});
    // Self-signed, valid from now for a little over two years.
    QCOMPARE(made->identity.certificate.issuerDisplayName(),
        made->identity.certificate.subjectDisplayName());
    QVERIFY(made->identity.certificate.effectiveDate() <= QDateTime::currentDateTimeUtc());
    QVERIFY(made->identity.certificate.expiryDate() > QDateTime::currentDateTimeUtc().addDays(800));
    // The key is the owner's alone; no temporary file is left behind.
    const QFile::Permissions keyPermissions = QFile::permissions(made->keyFile);
    QVERIFY(keyPermissions.testFlag(QFile::ReadOwner));
    QVERIFY(!(keyPermissions
        & (QFile::ReadGroup | QFile::WriteGroup | QFile::ReadOther | QFile::WriteOther)));
    QCOMPARE(QDir(folder).entryList(QDir::Files),
        (QStringList{u"certificate.pem"_s, u"private-key.pem"_s}));
}

void TestSelfSignedCertificate::reusedOnSecondStart()
{
    QTemporaryDir dir;
    const auto first = SelfSignedCertificate::ensure(dir.path(), lanLike());
    QVERIFY2(first, why(first).constData());
    const QByteArray stored = read(first->certificateFile);
    // Another machine name the second time: the stored certificate still wins (its fingerprint
    // is what users checked).
    SelfSignedCertificate::Subject other;
    other.hostNames = {u"renamed"_s};
    const auto second = SelfSignedCertificate::ensure(dir.path(), other);
    QVERIFY2(second, why(second).constData());
    QVERIFY(!second->created);
    QCOMPARE(second->identity.fingerprint(), first->identity.fingerprint());
    QCOMPARE(read(second->certificateFile), stored);
}

void TestSelfSignedCertificate::replacedWhenUnusable_data()
{
    QTest::addColumn<QString>("file");
    QTest::addColumn<QByteArray>("content"); // null: the file is removed
    QTest::newRow("garbage certificate") << u"certificate.pem"_s << QByteArray("garbage");
    QTest::newRow("no key") << u"private-key.pem"_s << QByteArray();
    QTest::newRow("empty key") << u"private-key.pem"_s << QByteArray("");
}

void TestSelfSignedCertificate::replacedWhenUnusable()
{
    QFETCH(QString, file);
    QFETCH(QByteArray, content);
    QTemporaryDir dir;
    const auto first = SelfSignedCertificate::ensure(dir.path(), lanLike());
    QVERIFY2(first, why(first).constData());
    const QString path = dir.filePath(file);
    QFile::remove(path);
    if (!content.isNull()) {
        QFile damaged(path);
        QVERIFY(damaged.open(QIODevice::WriteOnly));
        damaged.write(content);
    }
    const auto second = SelfSignedCertificate::ensure(dir.path(), lanLike());
    QVERIFY2(second, why(second).constData());
    QVERIFY(second->created);
    QVERIFY(!second->replacedBecause.isEmpty());
    QVERIFY(second->identity.fingerprint() != first->identity.fingerprint());
}

void TestSelfSignedCertificate::opensslMissing()
{
    QTemporaryDir dir;
    const auto made
        = SelfSignedCertificate::ensure(dir.path(), lanLike(), dir.filePath(u"no-openssl"_s));
    QVERIFY(!made);
    QVERIFY2(
        made.error().contains(u"install Debian's openssl package"_s), qPrintable(made.error()));
    QVERIFY(!QFileInfo::exists(dir.filePath(u"certificate.pem"_s)));
}

void TestSelfSignedCertificate::opensslFails()
{
    // `false` starts, says nothing and exits 1.
    QTemporaryDir dir;
    const auto made = SelfSignedCertificate::ensure(dir.path(), lanLike(), u"false"_s);
    QVERIFY(!made);
    QVERIFY2(made.error().contains(u"could not make"_s), qPrintable(made.error()));
    QVERIFY(QDir(dir.path()).entryList(QDir::Files).isEmpty());
}

void TestSelfSignedCertificate::folderCannotBeMade()
{
    QTemporaryDir dir;
    const QString file = dir.filePath(u"a-file"_s);
    QFile plain(file);
    QVERIFY(plain.open(QIODevice::WriteOnly));
    plain.close();
    const auto made = SelfSignedCertificate::ensure(file + u"/tls"_s, lanLike());
    QVERIFY(!made);
    QVERIFY2(made.error().contains(u"cannot create the folder"_s), qPrintable(made.error()));
}

void TestSelfSignedCertificate::nothingToCertify()
{
    QTemporaryDir dir;
    SelfSignedCertificate::Subject nothing;
    nothing.hostNames = {u"bad name"_s};
    nothing.addresses = {QHostAddress(u"fe80::1"_s)};
    const auto made = SelfSignedCertificate::ensure(dir.path(), nothing);
    QVERIFY(!made);
    QVERIFY2(made.error().contains(u"no host name or address"_s), qPrintable(made.error()));
}

void TestSelfSignedCertificate::subjectAltName_data()
{
    QTest::addColumn<QStringList>("names");
    QTest::addColumn<QStringList>("addresses");
    QTest::addColumn<QString>("expected");
    QTest::newRow("names and addresses")
        << QStringList{u"box"_s, u"box.local"_s} << QStringList{u"10.0.0.2"_s, u"::1"_s}
        << u"DNS:box,DNS:box.local,IP:10.0.0.2,IP:::1"_s;
    QTest::newRow("duplicates and case")
        << QStringList{u"Box"_s, u"box"_s} << QStringList{u"10.0.0.2"_s, u"10.0.0.2"_s}
        << u"DNS:box,IP:10.0.0.2"_s;
    QTest::newRow("IPv4-mapped address is the IPv4 one")
        << QStringList{} << QStringList{u"::ffff:10.0.0.2"_s, u"10.0.0.2"_s} << u"IP:10.0.0.2"_s;
    QTest::newRow("link-local addresses left out")
        << QStringList{} << QStringList{u"fe80::1"_s, u"169.254.3.4"_s, u"10.0.0.2"_s}
        << u"IP:10.0.0.2"_s;
    QTest::newRow("invalid names left out") << QStringList{u"under_score"_s, u"-dash"_s,
        u"sp ace"_s, u"a..b"_s, u""_s, u"ok-1"_s, QString(64, u'a')}
                                            << QStringList{} << u"DNS:ok-1"_s;
    QTest::newRow("null address left out")
        << QStringList{} << QStringList{u"not an address"_s} << QString();
}

void TestSelfSignedCertificate::subjectAltName()
{
    QFETCH(QStringList, names);
    QFETCH(QStringList, addresses);
    QFETCH(QString, expected);
    SelfSignedCertificate::Subject subject;
    subject.hostNames = names;
    for (const QString &address : addresses)
        subject.addresses.append(QHostAddress(address));
    QCOMPARE(SelfSignedCertificate::subjectAltName(subject), expected);
}

void TestSelfSignedCertificate::lanSubjectHasLoopback()
{
    const SelfSignedCertificate::Subject subject = SelfSignedCertificate::lanSubject();
    QVERIFY(subject.hostNames.contains(u"localhost"_s));
    QVERIFY(subject.addresses.contains(QHostAddress(QHostAddress::LocalHost)));
    const QString altNames = SelfSignedCertificate::subjectAltName(subject);
    QVERIFY2(altNames.contains(u"IP:127.0.0.1"_s), qPrintable(altNames));
}

void TestSelfSignedCertificate::setUpSelfSigned()
{
    QTemporaryDir dir;
    for (bool first : {true, false}) {
        ServerConfig config;
        config.tlsSelfSigned = true;
        const auto setup = setUpTls(config, dir.path());
        QVERIFY2(setup, why(setup).constData());
        QVERIFY(setup->enabled);
        QVERIFY(setup->selfSigned);
        QCOMPARE(setup->created, first);
        QCOMPARE(setup->certificateFile, dir.filePath(u"certificate.pem"_s));
        QVERIFY(config.http.tls);
        static const QRegularExpression format(u"^([0-9A-F]{2}:){31}[0-9A-F]{2}$"_s);
        QVERIFY(format.match(setup->fingerprint).hasMatch());
    }
}

QTEST_GUILESS_MAIN(TestSelfSignedCertificate)
#include "tst_self_signed_certificate.moc"
