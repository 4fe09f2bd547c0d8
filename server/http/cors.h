#pragma once

#include "http/response.h"

#include <QStringList>

namespace sb::http {

// Cross-origin resource sharing for the routes that ask for it, modelled on the npm `cors` package
// as socket.io configures it: a listed Origin is reflected with credentials allowed, "*" allows
// any origin (literal "*", no credentials). With no origins configured the policy is off: no CORS
// header at all and OPTIONS is routed like any other method (like `cors` with `origin: false`).
class CorsPolicy
{
public:
    CorsPolicy() = default;
    explicit CorsPolicy(const QStringList &origins);

    bool isEnabled() const { return m_any || !m_origins.isEmpty(); }
    bool allows(QByteArrayView origin) const;

    // Headers for an ordinary response to a request that carried `origin` (null when it had none).
    Headers responseHeaders(QByteArrayView origin) const;
    // The front door's own answer to OPTIONS on a CORS route: 204 with the allowed methods and the
    // echoed request headers (Fetch standard, "CORS-preflight request").
    Response preflight(const Request &request) const;

private:
    QList<QByteArray> m_origins;
    bool m_any = false;
};

} // namespace sb::http
