#include "tls_identity.h"

#include <QCoreApplication>
#include <QCryptographicHash>
#include <QDateTime>
#include <QFile>
#include <QSslSocket>

#include <openssl/evp.h>
#include <openssl/pem.h>
#include <openssl/x509.h>

#include <memory>

namespace {

QString tr(const char *text)
{
    return QCoreApplication::translate("TlsIdentity", text);
}

sb::Result<QByteArray, QString> readFile(const QString &path, const char *what)
{
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly))
        return sb::fail(
            tr("cannot read the %1 %2: %3").arg(QLatin1String(what), path, file.errorString()));
    const QByteArray data = file.readAll();
    if (data.isEmpty())
        return sb::fail(tr("the %1 %2 is empty").arg(QLatin1String(what), path));
    return data;
}

// Qt cannot tell whether a private key belongs to a certificate: OpenSSL compares the
// certificate's public key with the key pair (what the handshake would otherwise refuse).
bool keyMatches(const QSslCertificate &certificate, const QSslKey &key)
{
    const QByteArray certificatePem = certificate.toPem();
    const QByteArray keyPem = key.toPem();
    const std::unique_ptr<BIO, decltype(&BIO_free)> certificateBio(
        BIO_new_mem_buf(certificatePem.constData(), int(certificatePem.size())), &BIO_free);
    const std::unique_ptr<BIO, decltype(&BIO_free)> keyBio(
        BIO_new_mem_buf(keyPem.constData(), int(keyPem.size())), &BIO_free);
    if (!certificateBio || !keyBio)
        return false;
    const std::unique_ptr<X509, decltype(&X509_free)> x509(
        PEM_read_bio_X509(certificateBio.get(), nullptr, nullptr, nullptr), &X509_free);
    const std::unique_ptr<EVP_PKEY, decltype(&EVP_PKEY_free)> pair(
        PEM_read_bio_PrivateKey(keyBio.get(), nullptr, nullptr, nullptr), &EVP_PKEY_free);
    if (!x509 || !pair)
        return false;
    const EVP_PKEY *publicKey = X509_get0_pubkey(x509.get());
    return publicKey && EVP_PKEY_eq(publicKey, pair.get()) == 1;
}

} // namespace

sb::Result<TlsIdentity, QString> TlsIdentity::load(
    const QString &certificateFile, const QString &keyFile)
{
    const auto certificateData = readFile(certificateFile, "TLS certificate");
    if (!certificateData)
        return sb::fail(certificateData.error());
    QList<QSslCertificate> certificates = QSslCertificate::fromData(*certificateData, QSsl::Pem);
    if (certificates.isEmpty())
        certificates = QSslCertificate::fromData(*certificateData, QSsl::Der);
    if (certificates.isEmpty() || certificates.first().isNull())
        return sb::fail(tr("%1 holds no PEM or DER certificate").arg(certificateFile));

    TlsIdentity identity;
    identity.certificate = certificates.takeFirst();
    identity.chain = certificates;
    const QDateTime now = QDateTime::currentDateTimeUtc();
    if (identity.certificate.expiryDate() < now)
        return sb::fail(
            tr("the TLS certificate in %1 expired on %2")
                .arg(certificateFile, identity.certificate.expiryDate().toString(Qt::ISODate)));
    if (identity.certificate.effectiveDate() > now)
        return sb::fail(
            tr("the TLS certificate in %1 is not valid before %2")
                .arg(certificateFile, identity.certificate.effectiveDate().toString(Qt::ISODate)));

    const auto keyData = readFile(keyFile, "TLS private key");
    if (!keyData)
        return sb::fail(keyData.error());
    for (QSsl::EncodingFormat format : {QSsl::Pem, QSsl::Der}) {
        for (QSsl::KeyAlgorithm algorithm : {QSsl::Ec, QSsl::Rsa, QSsl::Dsa}) {
            QSslKey key(*keyData, algorithm, format, QSsl::PrivateKey);
            if (!key.isNull()) {
                identity.key = key;
                break;
            }
        }
        if (!identity.key.isNull())
            break;
    }
    if (identity.key.isNull()) {
        if (keyData->contains("ENCRYPTED"))
            return sb::fail(tr("the TLS private key %1 is protected by a passphrase: give an "
                               "unencrypted key (openssl pkey -in KEY -out PLAIN)")
                                .arg(keyFile));
        return sb::fail(tr("%1 holds no RSA, EC or DSA private key").arg(keyFile));
    }
    if (!keyMatches(identity.certificate, identity.key))
        return sb::fail(tr("the private key %1 does not belong to the certificate in %2")
                            .arg(keyFile, certificateFile));
    return identity;
}

QSslConfiguration TlsIdentity::serverConfiguration() const
{
    QSslConfiguration configuration = QSslConfiguration::defaultConfiguration();
    configuration.setLocalCertificateChain(QList<QSslCertificate>{certificate} + chain);
    configuration.setPrivateKey(key);
    configuration.setPeerVerifyMode(QSslSocket::VerifyNone);
    // No HTTP/2: the front door speaks HTTP/1.1 only.
    configuration.setAllowedNextProtocols({QSslConfiguration::NextProtocolHttp1_1});
    return configuration;
}

QString TlsIdentity::fingerprint() const
{
    return fingerprint(certificate);
}

QString TlsIdentity::fingerprint(const QSslCertificate &certificate)
{
    return QString::fromLatin1(certificate.digest(QCryptographicHash::Sha256).toHex(':').toUpper());
}
