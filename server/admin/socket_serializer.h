#pragma once

#include "io/adapter.h"

#include <QJsonObject>
#include <QVariantMap>

namespace sb::admin {

// The key of a socket's data under which the admin side keeps what the admin UI shows of its
// connection ({clientId, transport}), as the Node side does: it travels with fetchSockets between
// the servers of a cluster, and the UI never sees it inside `data`.
inline const QString AdminDataKey = QStringLiteral("_admin");

// A socket as the admin UI reads it (`all_sockets`, `socket_connected`): id, clientId, transport,
// nsp, data (without AdminDataKey), rooms and the handshake's address, headers, query, issued,
// secure, time, url and xdomain. The auth payload is left out on purpose: it holds credentials.
// The address is the first of the `cf-connecting-ip` and `x-forwarded-for` headers and the peer
// address that is set.
QJsonObject serializeSocket(const io::SocketInfo &socket);
QJsonObject serializeData(const QVariantMap &data);
QJsonObject serializeHandshake(const QJsonObject &handshake);

} // namespace sb::admin
