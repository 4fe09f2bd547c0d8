#pragma once

#include <QByteArray>
#include <QByteArrayView>
#include <QHostAddress>
#include <QList>
#include <QString>

#include <utility>

namespace sb::http {

using Header = std::pair<QByteArray, QByteArray>;
using Headers = QList<Header>;

// One parsed HTTP/1.1 request. Implicitly shared members: copies are cheap, so the engine keeps the
// handshake request of a session without duplicating its headers.
struct Request
{
    QByteArray method; // "GET", "POST", ...
    QByteArray target; // the request target as sent: "/socket.io/?EIO=4&transport=polling"
    QByteArray path; // target before '?', not percent-decoded
    QByteArray query; // target after '?', without it; empty when none
    Headers headers; // names lower-cased, values as sent, in order
    QByteArray body;
    QHostAddress remoteAddress;
    quint16 remotePort = 0;
    bool keepAlive = true;
    bool upgrade = false; // "Connection: upgrade" with "Upgrade: websocket"
    bool secure = false;

    // First value of a header (name compared case-insensitively); null when absent.
    QByteArray header(QByteArrayView name) const;
    bool hasHeader(QByteArrayView name) const;
    // First value of a query parameter, percent-decoded ('+' as space); null when absent.
    QByteArray queryValue(QByteArrayView key) const;
    bool hasQueryValue(QByteArrayView key) const;
};

} // namespace sb::http
