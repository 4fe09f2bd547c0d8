#include "http/cors.h"

namespace sb::http {

CorsPolicy::CorsPolicy(const QStringList &origins)
{
    for (const QString &origin : origins) {
        if (origin == QLatin1String("*"))
            m_any = true;
        else if (!origin.isEmpty())
            m_origins.append(origin.toUtf8());
    }
}

bool CorsPolicy::allows(QByteArrayView origin) const
{
    if (m_any)
        return true;
    if (origin.isEmpty())
        return false;
    for (const QByteArray &allowed : m_origins) {
        if (allowed == origin)
            return true;
    }
    return false;
}

Headers CorsPolicy::responseHeaders(QByteArrayView origin) const
{
    Headers headers;
    if (!isEnabled())
        return headers;
    if (m_any) {
        headers.append({QByteArrayLiteral("Access-Control-Allow-Origin"), QByteArrayLiteral("*")});
        return headers;
    }
    // The answer depends on Origin even when it is refused: caches must key on it.
    headers.append({QByteArrayLiteral("Vary"), QByteArrayLiteral("Origin")});
    if (allows(origin)) {
        headers.append({QByteArrayLiteral("Access-Control-Allow-Origin"), origin.toByteArray()});
        headers.append(
            {QByteArrayLiteral("Access-Control-Allow-Credentials"), QByteArrayLiteral("true")});
    }
    return headers;
}

Response CorsPolicy::preflight(const Request &request) const
{
    Response response = Response::empty(204);
    response.headers = responseHeaders(request.header("origin"));
    response.headers.append({QByteArrayLiteral("Access-Control-Allow-Methods"),
        QByteArrayLiteral("GET,HEAD,PUT,PATCH,POST,DELETE")});
    const QByteArray requested = request.header("access-control-request-headers");
    if (!requested.isEmpty()) {
        response.headers.append({QByteArrayLiteral("Access-Control-Allow-Headers"), requested});
        response.headers.append(
            {QByteArrayLiteral("Vary"), QByteArrayLiteral("Access-Control-Request-Headers")});
    }
    return response;
}

} // namespace sb::http
