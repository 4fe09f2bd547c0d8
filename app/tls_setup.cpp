#include "tls_setup.h"

#include "self_signed_certificate.h"
#include "tls_identity.h"

sb::Result<TlsSetup, QString> setUpTls(ServerConfig &config, const QString &selfSignedDirectory)
{
    TlsSetup setup;
    if (!config.tlsSelfSigned && config.tlsCertificateFile.isEmpty()) {
        config.http.tls.reset();
        return setup;
    }
    TlsIdentity identity;
    if (config.tlsSelfSigned) {
        auto outcome = SelfSignedCertificate::ensure(
            selfSignedDirectory, SelfSignedCertificate::lanSubject());
        if (!outcome)
            return sb::fail(outcome.error());
        identity = outcome->identity;
        setup.certificateFile = outcome->certificateFile;
        setup.created = outcome->created;
        setup.replacedBecause = outcome->replacedBecause;
        setup.selfSigned = true;
    } else {
        auto loaded = TlsIdentity::load(config.tlsCertificateFile, config.tlsKeyFile);
        if (!loaded)
            return sb::fail(loaded.error());
        identity = std::move(*loaded);
        setup.certificateFile = config.tlsCertificateFile;
    }
    config.http.tls = identity.serverConfiguration();
    setup.enabled = true;
    setup.fingerprint = identity.fingerprint();
    return setup;
}
