#pragma once

#include "common/result.h"
#include "server_config.h"

#include <QString>

// What the terminal and the console tell about the TLS in use.
struct TlsSetup
{
    bool enabled = false;
    QString fingerprint; // SHA-256, "AB:CD:..." (TlsIdentity::fingerprint)
    QString certificateFile;
    bool selfSigned = false;
    bool created = false; // a self-signed certificate made by this start
    QString replacedBecause; // why a stored self-signed certificate was replaced
};

// Reads the --tls-cert/--tls-key pair, or finds (first time: makes) the --tls-self-signed
// certificate in `selfSignedDirectory`, and puts the server configuration into config.http.tls.
// Without TLS options it does nothing and reports enabled = false. An error says what is wrong
// with which file.
sb::Result<TlsSetup, QString> setUpTls(ServerConfig &config, const QString &selfSignedDirectory);
