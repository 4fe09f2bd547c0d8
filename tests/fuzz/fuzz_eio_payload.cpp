// Engine.IO: a polling payload (records separated by 0x1e, 'b' + base64 for binary ones) and the
// same bytes as one WebSocket text frame and one binary frame. Every packet decoded from a payload
// must encode back into a payload that decodes to the same packets.
#include "engine/packet.h"

#include <cstdint>
#include <cstdlib>

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    const QByteArray input(reinterpret_cast<const char *>(data), qsizetype(size));
    const sb::eio::DecodedPayload decoded = sb::eio::decodePayload(input);
    if (!decoded.packets.isEmpty()) {
        const sb::eio::DecodedPayload again
            = sb::eio::decodePayload(sb::eio::encodePayload(decoded.packets));
        if (again.error || again.packets != decoded.packets)
            std::abort();
    }
    if (const auto text = sb::eio::decodeText(input)) {
        sb::eio::Packet packet = *text;
        packet.prepareWebSocketFrame();
        (void)sb::eio::webSocketSize(packet);
        (void)sb::eio::encodeText(packet);
    }
    (void)sb::eio::decodeBinaryFrame(input);
    return 0;
}
