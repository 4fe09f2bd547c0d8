#include "io/outgoing_frames.h"

#include "protocol/encoder.h"
#include "protocol/parser.h"
#include "protocol/payload.h"

#include <optional>

namespace sb::io {

OutgoingFrames OutgoingFrames::encode(
    const sio::Parser &parser, const sio::Packet &packet, bool compress)
{
    OutgoingFrames result;
    result.packet = packet;
    // Scanned at most once, and only when needed.
    std::optional<sio::Payload> payload;
    const auto args = [&]() -> const sio::Payload & {
        if (!payload)
            payload = sio::Payload::fromPacket(packet);
        return *payload;
    };
    if (parser.kind() == sio::ParserKind::Default) {
        // The common case without the detour through WireMessage.
        const sio::EncodedPacket encoded = sio::encode(packet);
        result.text = encoded.text;
        eio::Packet text = eio::Packet::message(encoded.text);
        text.prepareWebSocketFrame();
        text.compress = compress;
        result.frames.reserve(1 + encoded.attachments.size());
        result.frames.append(std::move(text));
        result.size = encoded.text.size();
        for (const QByteArray &attachment : encoded.attachments) {
            eio::Packet frame = eio::Packet::binaryMessage(attachment);
            frame.compress = compress;
            result.frames.append(std::move(frame));
            result.size += attachment.size();
        }
    } else {
        result.text = sio::encode(packet).text;
        // The parser finds the binary values by their placeholders: hand it the scan the payload
        // already has rather than scanning the JSON again.
        sio::Packet scanned = packet;
        if (!packet.attachments.isEmpty() && packet.scan.placeholders.isEmpty()
            && (sio::isEventType(packet.type) || sio::isAckType(packet.type)))
            scanned.scan.placeholders = args().placeholders();
        const QList<sio::WireMessage> messages = parser.encode(scanned);
        result.frames.reserve(messages.size());
        for (const sio::WireMessage &message : messages) {
            eio::Packet frame = message.binary ? eio::Packet::binaryMessage(message.data)
                                               : eio::Packet::message(message.data);
            frame.prepareWebSocketFrame();
            frame.compress = compress;
            result.frames.append(std::move(frame));
            result.size += message.data.size();
        }
    }
    if (sio::isEventType(packet.type)) {
        if (auto name = args().eventName())
            result.event = *name;
    }
    return result;
}

} // namespace sb::io
