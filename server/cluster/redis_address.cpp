#include "cluster/redis_address.h"

#include <QCoreApplication>
#include <QUrl>

namespace sb::cluster {

std::optional<RedisAddress> RedisAddress::parse(const QString &text, QString *error)
{
    auto fail = [&](const QString &why) -> std::optional<RedisAddress> {
        if (error)
            *error = why;
        return std::nullopt;
    };
    const QUrl url(text, QUrl::StrictMode);
    if (!url.isValid() || url.scheme() != QLatin1String("redis") || url.host().isEmpty())
        return fail(QCoreApplication::translate(
            "RedisAddress", "expected redis://HOST:PORT[/DB], got \"%1\"")
                        .arg(text));
    RedisAddress address;
    address.host = url.host();
    const int port = url.port(6379);
    if (port <= 0 || port > 65535)
        return fail(QCoreApplication::translate("RedisAddress", "bad port in \"%1\"").arg(text));
    address.port = quint16(port);
    QString path = url.path();
    if (path.startsWith(u'/'))
        path.remove(0, 1);
    if (!path.isEmpty()) {
        bool ok = false;
        address.db = path.toInt(&ok);
        if (!ok || address.db < 0)
            return fail(QCoreApplication::translate("RedisAddress", "bad database number in \"%1\"")
                            .arg(text));
    }
    return address;
}

QString RedisAddress::toString() const
{
    return QStringLiteral("redis://%1:%2/%3").arg(host).arg(port).arg(db);
}

} // namespace sb::cluster
