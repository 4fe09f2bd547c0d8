#pragma once

#include "packet.h"
#include "payload.h"

#include <QByteArray>
#include <QByteArrayView>
#include <QList>
#include <QStringView>

#include <optional>

namespace sb::sio {

// The frames of one encoded packet: `text` goes in one Engine.IO message, then each attachment in
// its own binary message, in order. Encode once and write the same (implicitly shared) bytes to
// every recipient of a broadcast.
struct EncodedPacket
{
    QByteArray text;
    QList<QByteArray> attachments;
};

// `<type>[<n>-][<nsp>,][<id>][<data>]` exactly as socket.io-parser's Encoder writes it: the
// namespace only when it is not "/", the attachment count only for the binary types, `data`
// appended verbatim (it is JSON already). The attachments decide between EVENT and BINARY_EVENT
// (ACK and BINARY_ACK), as socket.io-parser's hasBinary() does; a binary type with no attachment
// goes out as the plain type, since socket.io-parser 4.2.7 refuses a count of 0. Attachments of
// other packet types are ignored.
EncodedPacket encode(const Packet &packet);

// The packets a server sends.

// CONNECT reply: `{"sid":...}` plus `"pid"` and `"offset"` when not empty (connection state
// recovery, "Connection to a namespace").
Packet makeConnect(
    const QByteArray &nsp, QStringView sid, QStringView pid = {}, QStringView offset = {});
// CONNECT_ERROR: `{"message":...}` plus `"data":<dataJson>` when `dataJson` is not empty.
// `dataJson` is trusted JSON (e.g. from toJsonText()).
Packet makeConnectError(const QByteArray &nsp, QStringView message, QByteArrayView dataJson = {});
Packet makeDisconnect(const QByteArray &nsp);
// EVENT, or BINARY_EVENT when the payload has attachments. Element 0 must be the event name.
Packet makeEvent(
    const QByteArray &nsp, const Payload &payload, std::optional<quint64> id = std::nullopt);
// ACK, or BINARY_ACK when the payload has attachments.
Packet makeAck(const QByteArray &nsp, quint64 id, const Payload &payload);

} // namespace sb::sio
