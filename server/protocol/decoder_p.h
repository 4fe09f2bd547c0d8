#pragma once

// Internal to sb_protocol: what every parser's decoder shares.

#include "decoder.h"

namespace sb::sio {

// socket.io-parser's isPayloadValid per packet type, with the stricter rules of README.md, plus
// the placeholder checks of the binary types. `packet.scan` must be the scan of `packet.data`
// (with placeholders when the type is binary); `attachmentCount` is the number of attachments the
// packet has or announces.
Result<void, DecodeError> checkDecodedPacket(
    const Packet &packet, PacketDecoder::Peer peer, qsizetype attachmentCount);

// The scan of a decoded payload with the decoder's depth limit.
Result<JsonScan, DecodeError> scanPayload(const QByteArray &data, int maxDepth, bool binary);

} // namespace sb::sio
