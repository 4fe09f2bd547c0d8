#pragma once

// Socket.IO v5 packets (docs/socket.io-protocol/v5-current.md, "Packet encoding" / "Format").
//
// A packet travels as one Engine.IO message: a text frame, followed for the binary types by one
// binary frame per attachment. The text frame is
//
//     <type>[<attachments>-][<namespace>,][<ack id>][<payload>]
//
// field by field:
//
// - type: one ASCII digit, the PacketType below ("Exchange protocol"). CONNECT_ERROR is only ever
//   sent by servers.
// - attachments: BINARY_EVENT and BINARY_ACK only. The decimal count of binary frames that follow,
//   then '-'. Other types have no such field.
// - namespace: present only when it is not the main namespace "/" (the encoder omits "/"). On the
//   wire it starts with '/' and runs to the first ',' (which is consumed) or to the end of the
//   text, so a namespace never contains ','. Example: `2/admin,["bar"]`.
// - ack id: a run of ASCII digits right after the namespace. EVENT and BINARY_EVENT carry one when
//   the sender wants an acknowledgement; ACK and BINARY_ACK carry the id they answer
//   ("Acknowledgement"). Example: `3/admin,13["bar"]`.
// - payload: the rest of the text, JSON. CONNECT: optional object (client: auth; server: the
//   `{"sid":...}` reply). CONNECT_ERROR: `{"message":...,"data":...}` (or a string, from old
//   servers). EVENT: an array whose first element is the event name. ACK: an array of the
//   acknowledgement arguments. DISCONNECT: none.
// - attachments: in the binary types each binary value inside the payload is replaced by
//   `{"_placeholder":true,"num":N}` and the value itself is sent as binary frame N (0-based, in
//   order) right after the text frame ("Sending and receiving data", "with binary data").
//   Example: `51-["baz",{"_placeholder":true,"num":0}]` then one binary frame.

#include "json_scan.h"

#include <QByteArray>
#include <QByteArrayView>
#include <QList>

#include <optional>

namespace sb::sio {

enum class PacketType : quint8 {
    Connect = 0,
    Disconnect = 1,
    Event = 2,
    Ack = 3,
    ConnectError = 4,
    BinaryEvent = 5,
    BinaryAck = 6,
};

struct Packet
{
    PacketType type = PacketType::Event;
    QByteArray nsp = "/";
    std::optional<quint64> id;
    // The exact JSON text of the payload (placeholders included, surrounding whitespace not);
    // empty when the packet has none.
    QByteArray data;
    // Binary types only: the attachment frames, in order.
    QList<QByteArray> attachments;
    // Filled by the Decoder for EVENT/ACK and their binary forms so that Payload::fromPacket does
    // not scan the JSON a second time. Empty (no elements) in packets built by hand; leave it.
    JsonScan scan;
};

constexpr bool isBinaryType(PacketType type)
{
    return type == PacketType::BinaryEvent || type == PacketType::BinaryAck;
}
constexpr bool isEventType(PacketType type)
{
    return type == PacketType::Event || type == PacketType::BinaryEvent;
}
constexpr bool isAckType(PacketType type)
{
    return type == PacketType::Ack || type == PacketType::BinaryAck;
}

// A namespace name as it may appear on the wire: starts with '/', contains no ',' (the wire
// separator), is valid UTF-8. "/" itself is valid. Nothing else is checked: socket.io accepts any
// such string and answers "Invalid namespace" if no namespace matches.
bool isValidNamespace(QByteArrayView nsp);

// The largest ack id we accept or produce: JavaScript's Number.MAX_SAFE_INTEGER.
inline constexpr quint64 MaxSafeInteger = (quint64(1) << 53) - 1;

} // namespace sb::sio
