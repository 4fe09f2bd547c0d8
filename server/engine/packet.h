#pragma once

// Engine.IO v4 packets and their two encodings (spec: docs/engine.io-protocol/v4-current.md,
// "Protocol" and "Packet encoding").
//
// A packet is a type digit followed by optional data:
//   type  '0' open     data: the handshake JSON (server to client only)
//         '1' close    no data
//         '2' ping     server to client; "probe" during an upgrade (client to server)
//         '3' pong     client to server; "probe" answers the probe ping
//         '4' message  data: the application's text
//         '5' upgrade  client to server, completes an upgrade
//         '6' noop     server to client, releases a pending long-poll during an upgrade
// Binary messages have no type digit on WebSocket: the whole binary frame is the message.
// Over long-polling a binary message is written 'b' + base64(data), and several packets are
// joined with the record separator 0x1e into one payload (one HTTP body).

#include "common/result.h"

#include <QByteArray>
#include <QList>
#include <QString>

namespace sb::eio {

enum class PacketType : quint8 {
    Open = 0,
    Close = 1,
    Ping = 2,
    Pong = 3,
    Message = 4,
    Upgrade = 5,
    Noop = 6,
};

struct Packet
{
    PacketType type = PacketType::Message;
    QByteArray data; // UTF-8 text, or the raw bytes when binary
    bool binary = false; // only for messages
    // The text WebSocket frame, prepared once when one packet goes to many sessions (broadcasts):
    // copies share it, so no session converts the bytes again. Null when not prepared.
    QString webSocketText;
    // Whether a polling response that carries this packet may be compressed (socket.io's
    // `compress` flag): a response is compressed when any of its packets allows it.
    bool compress = true;

    static Packet message(QByteArray text)
    {
        return {PacketType::Message, std::move(text), false, {}};
    }
    static Packet binaryMessage(QByteArray bytes)
    {
        return {PacketType::Message, std::move(bytes), true, {}};
    }
    static Packet of(PacketType type, QByteArray data = {})
    {
        return {type, std::move(data), false, {}};
    }

    // Fills webSocketText for text packets (no-op for binary ones).
    void prepareWebSocketFrame();
    bool operator==(const Packet &other) const
    {
        return type == other.type && data == other.data && binary == other.binary;
    }
};

enum class DecodeError {
    Empty, // a zero-length record: there is no type
    UnknownType, // the first character is not one of 0-6 (nor 'b' over polling)
    BadBase64, // 'b' followed by something that is not base64
};

QString describe(DecodeError error);
const char *packetTypeName(PacketType type);

// One WebSocket text frame or one record of a polling payload. Over polling ('b' allowed) a binary
// message arrives base64-encoded; WebSocket text frames never start with 'b' legitimately, but Node
// accepts it there too, and so do we.
Result<Packet, DecodeError> decodeText(QByteArrayView text);
// A WebSocket binary frame: always a binary message.
Packet decodeBinaryFrame(const QByteArray &frame);

// The text form: type digit + data, or 'b' + base64 for binary messages (polling only).
QByteArray encodeText(const Packet &packet);
// The size a packet has on a WebSocket: the binary frame, or the text form.
qsizetype webSocketSize(const Packet &packet);

inline constexpr char RecordSeparator = '\x1e';

QByteArray encodePayload(const QList<Packet> &packets);

struct DecodedPayload
{
    QList<Packet> packets; // those before the first bad record
    std::optional<DecodeError> error; // the first bad record; the rest is not decoded
};
DecodedPayload decodePayload(const QByteArray &body);

} // namespace sb::eio
