#include "engine/packet.h"

namespace sb::eio {

void Packet::prepareWebSocketFrame()
{
    if (!binary && webSocketText.isNull())
        webSocketText = QString::fromUtf8(encodeText(*this));
}

QString describe(DecodeError error)
{
    switch (error) {
    case DecodeError::Empty:
        return QStringLiteral("empty packet");
    case DecodeError::UnknownType:
        return QStringLiteral("unknown packet type");
    case DecodeError::BadBase64:
        return QStringLiteral("invalid base64 in binary packet");
    }
    return QStringLiteral("unknown error");
}

const char *packetTypeName(PacketType type)
{
    switch (type) {
    case PacketType::Open:
        return "open";
    case PacketType::Close:
        return "close";
    case PacketType::Ping:
        return "ping";
    case PacketType::Pong:
        return "pong";
    case PacketType::Message:
        return "message";
    case PacketType::Upgrade:
        return "upgrade";
    case PacketType::Noop:
        return "noop";
    }
    return "unknown";
}

Result<Packet, DecodeError> decodeText(QByteArrayView text)
{
    if (text.isEmpty())
        return fail(DecodeError::Empty);
    const char first = text.front();
    if (first == 'b') {
        // Strict: a client that sends garbage after 'b' is broken, and silently decoding part of it
        // (as Node's lenient Buffer.from does) would hand the application bytes nobody sent.
        auto decoded = QByteArray::fromBase64Encoding(
            text.sliced(1).toByteArray(), QByteArray::AbortOnBase64DecodingErrors);
        if (!decoded) {
            decoded = QByteArray::fromBase64Encoding(text.sliced(1).toByteArray(),
                QByteArray::Base64UrlEncoding | QByteArray::AbortOnBase64DecodingErrors);
            if (!decoded)
                return fail(DecodeError::BadBase64);
        }
        return Packet::binaryMessage(std::move(*decoded));
    }
    if (first < '0' || first > '6')
        return fail(DecodeError::UnknownType);
    return Packet::of(PacketType(first - '0'), text.sliced(1).toByteArray());
}

Packet decodeBinaryFrame(const QByteArray &frame)
{
    return Packet::binaryMessage(frame);
}

QByteArray encodeText(const Packet &packet)
{
    if (packet.binary)
        return 'b' + packet.data.toBase64();
    QByteArray text;
    text.reserve(packet.data.size() + 1);
    text.append(char('0' + int(packet.type)));
    text.append(packet.data);
    return text;
}

qsizetype webSocketSize(const Packet &packet)
{
    return packet.binary ? packet.data.size() : packet.data.size() + 1;
}

QByteArray encodePayload(const QList<Packet> &packets)
{
    qsizetype size = 0;
    for (const Packet &packet : packets)
        size += packet.binary ? 1 + (packet.data.size() + 2) / 3 * 4 + 1 : packet.data.size() + 2;
    QByteArray payload;
    payload.reserve(size);
    bool first = true;
    for (const Packet &packet : packets) {
        if (!first)
            payload.append(RecordSeparator);
        first = false;
        if (packet.binary) {
            payload.append('b');
            payload.append(packet.data.toBase64());
        } else {
            payload.append(char('0' + int(packet.type)));
            payload.append(packet.data);
        }
    }
    return payload;
}

DecodedPayload decodePayload(const QByteArray &body)
{
    DecodedPayload result;
    qsizetype start = 0;
    while (start <= body.size()) {
        qsizetype end = body.indexOf(RecordSeparator, start);
        if (end < 0)
            end = body.size();
        auto packet = decodeText(QByteArrayView(body).sliced(start, end - start));
        if (!packet) {
            result.error = packet.error();
            break;
        }
        result.packets.append(std::move(*packet));
        start = end + 1;
    }
    return result;
}

} // namespace sb::eio
