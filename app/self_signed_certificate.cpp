#include "self_signed_certificate.h"

#include <QCoreApplication>
#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QHostInfo>
#include <QNetworkInterface>
#include <QProcess>
#include <QRegularExpression>
#include <QStandardPaths>

namespace {

constexpr int MakeTimeoutMs = 60'000;
// Apple's clients refuse TLS server certificates valid for longer than 825 days.
constexpr int ValidityDays = 825;

QString tr(const char *text)
{
    return QCoreApplication::translate("SelfSignedCertificate", text);
}

// RFC 1123 host names only: anything else would make openssl refuse the whole extension.
bool isDnsName(const QString &name)
{
    static const QRegularExpression pattern(QStringLiteral(
        "^(?=.{1,253}$)([A-Za-z0-9]([A-Za-z0-9-]{0,61}[A-Za-z0-9])?)(\\.[A-Za-z0-9]([A-Za-z0-9-]{0,"
        "61}[A-Za-z0-9])?)*$"));
    return pattern.match(name).hasMatch();
}

bool usableAddress(const QHostAddress &address)
{
    if (address.isNull() || address.protocol() == QAbstractSocket::UnknownNetworkLayerProtocol)
        return false;
    // fe80::/10 needs a scope id no certificate can carry; 169.254/16 is as local.
    return !address.isLinkLocal();
}

} // namespace

SelfSignedCertificate::Subject SelfSignedCertificate::lanSubject()
{
    Subject subject;
    const QString host = QHostInfo::localHostName();
    if (!host.isEmpty()) {
        subject.hostNames.append(host);
        if (!host.contains(QLatin1Char('.')))
            subject.hostNames.append(host + QStringLiteral(".local")); // mDNS
    }
    subject.hostNames.append(QStringLiteral("localhost"));
    for (const QHostAddress &address : QNetworkInterface::allAddresses())
        subject.addresses.append(address);
    subject.addresses.append(QHostAddress(QHostAddress::LocalHost));
    subject.addresses.append(QHostAddress(QHostAddress::LocalHostIPv6));
    return subject;
}

QString SelfSignedCertificate::defaultDirectory()
{
    return QStandardPaths::writableLocation(QStandardPaths::AppDataLocation)
        + QStringLiteral("/tls");
}

QString SelfSignedCertificate::subjectAltName(const Subject &subject)
{
    QStringList entries;
    for (const QString &name : subject.hostNames) {
        const QString entry = QStringLiteral("DNS:") + name.toLower();
        if (isDnsName(name) && !entries.contains(entry))
            entries.append(entry);
    }
    for (const QHostAddress &address : subject.addresses) {
        if (!usableAddress(address))
            continue;
        QHostAddress plain = address;
        plain.setScopeId({});
        // An IPv4-mapped IPv6 address is the IPv4 one for a client.
        bool isV4 = false;
        const quint32 v4 = plain.toIPv4Address(&isV4);
        const QString text = isV4 ? QHostAddress(v4).toString() : plain.toString();
        const QString entry = QStringLiteral("IP:") + text;
        if (!entries.contains(entry))
            entries.append(entry);
    }
    return entries.join(QLatin1Char(','));
}

sb::Result<SelfSignedCertificate::Outcome, QString> SelfSignedCertificate::ensure(
    const QString &directory, const Subject &subject, const QString &openssl)
{
    Outcome outcome;
    outcome.certificateFile = directory + QStringLiteral("/certificate.pem");
    outcome.keyFile = directory + QStringLiteral("/private-key.pem");
    QString previousProblem;
    if (QFileInfo::exists(outcome.certificateFile) || QFileInfo::exists(outcome.keyFile)) {
        auto stored = TlsIdentity::load(outcome.certificateFile, outcome.keyFile);
        if (stored) {
            outcome.identity = std::move(*stored);
            return outcome;
        }
        previousProblem = stored.error();
    }

    if (!QDir().mkpath(directory))
        return sb::fail(
            tr("cannot create the folder %1 for the self-signed certificate").arg(directory));
    QFile::setPermissions(directory, QFile::ReadOwner | QFile::WriteOwner | QFile::ExeOwner);
    const QString altNames = subjectAltName(subject);
    if (altNames.isEmpty())
        return sb::fail(tr("no host name or address to make a certificate for"));
    QString commonName = QStringLiteral("switchboard");
    for (const QString &name : subject.hostNames) {
        if (isDnsName(name)) {
            commonName = name;
            break;
        }
    }

    // Made beside the final files and renamed over them, so that a failure leaves the old pair
    // (or none) rather than half of a new one.
    const QString newCertificate = outcome.certificateFile + QStringLiteral(".new");
    const QString newKey = outcome.keyFile + QStringLiteral(".new");
    QFile::remove(newCertificate);
    QFile::remove(newKey);
    QProcess process;
    process.setProcessChannelMode(QProcess::SeparateChannels);
    process.start(openssl,
        {QStringLiteral("req"), QStringLiteral("-x509"), QStringLiteral("-newkey"),
            QStringLiteral("ec"), QStringLiteral("-pkeyopt"),
            QStringLiteral("ec_paramgen_curve:prime256v1"), QStringLiteral("-nodes"),
            QStringLiteral("-sha256"), QStringLiteral("-days"), QString::number(ValidityDays),
            QStringLiteral("-subj"), QStringLiteral("/O=Switchboard/CN=") + commonName,
            QStringLiteral("-addext"), QStringLiteral("subjectAltName=") + altNames,
            QStringLiteral("-addext"), QStringLiteral("basicConstraints=critical,CA:FALSE"),
            QStringLiteral("-addext"), QStringLiteral("keyUsage=critical,digitalSignature"),
            QStringLiteral("-addext"), QStringLiteral("extendedKeyUsage=serverAuth"),
            QStringLiteral("-keyout"), newKey, QStringLiteral("-out"), newCertificate});
    if (!process.waitForStarted(MakeTimeoutMs))
        return sb::fail(tr("cannot run %1 to make the self-signed certificate (install Debian's "
                           "openssl package): %2")
                            .arg(openssl, process.errorString()));
    process.closeWriteChannel();
    if (!process.waitForFinished(MakeTimeoutMs)) {
        process.kill();
        process.waitForFinished(5'000);
        return sb::fail(tr("%1 did not finish making the self-signed certificate").arg(openssl));
    }
    if (process.exitStatus() != QProcess::NormalExit || process.exitCode() != 0) {
        QFile::remove(newCertificate);
        QFile::remove(newKey);
        return sb::fail(
            tr("%1 could not make the self-signed certificate: %2")
                .arg(openssl, QString::fromLocal8Bit(process.readAllStandardError()).trimmed()));
    }
    QFile::setPermissions(newKey, QFile::ReadOwner | QFile::WriteOwner);
    QFile::remove(outcome.keyFile);
    QFile::remove(outcome.certificateFile);
    if (!QFile::rename(newKey, outcome.keyFile)
        || !QFile::rename(newCertificate, outcome.certificateFile))
        return sb::fail(tr("cannot store the self-signed certificate in %1").arg(directory));

    auto made = TlsIdentity::load(outcome.certificateFile, outcome.keyFile);
    if (!made)
        return sb::fail(made.error());
    outcome.identity = std::move(*made);
    outcome.created = true;
    outcome.replacedBecause = previousProblem;
    return outcome;
}
