#include "admin/socket_serializer.h"

#include <QJsonArray>

#include <algorithm>

namespace sb::admin {

QJsonObject serializeData(const QVariantMap &data)
{
    QVariantMap copy = data;
    copy.remove(AdminDataKey);
    return QJsonObject::fromVariantMap(copy);
}

QJsonObject serializeHandshake(const QJsonObject &handshake)
{
    const QJsonObject headers = handshake.value(QLatin1String("headers")).toObject();
    QJsonValue address = handshake.value(QLatin1String("address"));
    for (const QLatin1StringView header :
        {QLatin1StringView("cf-connecting-ip"), QLatin1StringView("x-forwarded-for")}) {
        const QJsonValue value = headers.value(header);
        if (value.isString() && !value.toString().isEmpty()) {
            address = value;
            break;
        }
    }
    QJsonObject result{{QStringLiteral("address"), address}, {QStringLiteral("headers"), headers}};
    for (const QLatin1StringView key :
        {QLatin1StringView("query"), QLatin1StringView("issued"), QLatin1StringView("secure"),
            QLatin1StringView("time"), QLatin1StringView("url"), QLatin1StringView("xdomain")}) {
        if (handshake.contains(key))
            result.insert(key, handshake.value(key));
    }
    return result;
}

QJsonObject serializeSocket(const io::SocketInfo &socket)
{
    const QVariantMap admin = socket.data.value(AdminDataKey).toMap();
    QStringList rooms(socket.rooms.cbegin(), socket.rooms.cend());
    std::sort(rooms.begin(), rooms.end());
    QJsonObject result{{QStringLiteral("id"), QString::fromLatin1(socket.id)},
        {QStringLiteral("nsp"), QString::fromUtf8(socket.nsp)},
        {QStringLiteral("data"), serializeData(socket.data)},
        {QStringLiteral("handshake"), serializeHandshake(socket.handshake)},
        {QStringLiteral("rooms"), QJsonArray::fromStringList(rooms)}};
    // Absent when unknown (a socket of a server without the admin side), as undefined is in JSON.
    if (admin.contains(QLatin1String("clientId")))
        result.insert(
            QStringLiteral("clientId"), admin.value(QLatin1String("clientId")).toString());
    if (admin.contains(QLatin1String("transport")))
        result.insert(
            QStringLiteral("transport"), admin.value(QLatin1String("transport")).toString());
    return result;
}

} // namespace sb::admin
