#pragma once

#include "tls_identity.h"

#include <QHostAddress>
#include <QList>
#include <QString>
#include <QStringList>

// The certificate of --tls-self-signed: made once with Debian's `openssl` command for the names
// and addresses LAN users reach this machine by, kept in the application's data folder and used
// again at every later start (its fingerprint, which users compare, stays the same). A new one is
// made only when the stored one cannot be used any more (unreadable, or expired).
class SelfSignedCertificate
{
public:
    struct Subject
    {
        QStringList hostNames; // DNS names (invalid ones are left out)
        QList<QHostAddress> addresses; // IP addresses (link-local ones are left out)
    };
    struct Outcome
    {
        TlsIdentity identity;
        QString certificateFile;
        QString keyFile;
        bool created = false; // false: the stored certificate was used again
        QString replacedBecause; // created over a stored pair that could not be used: why
    };

    // This machine's host name (and NAME.local), localhost, and every address of its interfaces.
    static Subject lanSubject();
    // QStandardPaths::AppDataLocation + "/tls".
    static QString defaultDirectory();

    // The certificate in `directory` (certificate.pem, private-key.pem; the key readable by the
    // owner only), made for `subject` the first time. `openssl` is the program run to make it.
    static sb::Result<Outcome, QString> ensure(const QString &directory, const Subject &subject,
        const QString &openssl = QStringLiteral("openssl"));

    // The subjectAltName value given to openssl: "DNS:a,DNS:b,IP:1.2.3.4,...", deduplicated.
    static QString subjectAltName(const Subject &subject);
};
