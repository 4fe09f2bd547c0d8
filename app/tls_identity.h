#pragma once

#include "common/result.h"

#include <QList>
#include <QSslCertificate>
#include <QSslConfiguration>
#include <QSslKey>
#include <QString>

// What a TLS server presents: its certificate (with the chain that follows it in the file) and
// the matching private key, checked once at start-up so that a bad pair fails with a clear
// message instead of one failed handshake per client.
struct TlsIdentity
{
    QSslCertificate certificate;
    QList<QSslCertificate> chain; // intermediates after the certificate, in file order
    QSslKey key;

    // Reads PEM (or DER) files. Refuses: unreadable or empty files, no certificate, a certificate
    // outside its validity period, no private key (or one encrypted with a passphrase), and a key
    // that is not the certificate's.
    static sb::Result<TlsIdentity, QString> load(
        const QString &certificateFile, const QString &keyFile);

    // The server side of a handshake: this identity, no client certificates asked for.
    QSslConfiguration serverConfiguration() const;
    // SHA-256 of the certificate's DER bytes as browsers and `openssl x509 -fingerprint` show it:
    // 32 upper-case hex pairs joined by colons.
    QString fingerprint() const;
    static QString fingerprint(const QSslCertificate &certificate);
};
