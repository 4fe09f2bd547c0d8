#include "io/outgoing_frames.h"

#include "protocol/encoder.h"
#include "protocol/payload.h"

namespace sb::io {

OutgoingFrames OutgoingFrames::encode(const sio::Packet &packet, bool compress)
{
    OutgoingFrames result;
    result.packet = packet;
    const sio::EncodedPacket encoded = sio::encode(packet);
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
    if (sio::isEventType(packet.type)) {
        if (auto name = sio::Payload::fromPacket(packet).eventName())
            result.event = *name;
    }
    return result;
}

} // namespace sb::io
