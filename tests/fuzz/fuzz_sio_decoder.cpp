// Socket.IO packet decoder with binary reassembly. The input is a sequence of Engine.IO messages
// separated by two NUL bytes; a message that starts with 'B' is a binary one (the rest of it),
// any other a text one. Every packet the decoder yields must encode again and decode to the same
// packet: what we relay is what we understood.
#include "protocol/decoder.h"
#include "protocol/encoder.h"
#include "protocol/payload.h"

#include <QByteArrayView>

#include <cstdint>
#include <cstdlib>

namespace {

void checkRoundTrip(const sb::sio::Packet &packet)
{
    const sb::sio::EncodedPacket encoded = sb::sio::encode(packet);
    sb::sio::Decoder again;
    auto result = again.feedText(encoded.text);
    for (const QByteArray &attachment : encoded.attachments) {
        if (!result || result->has_value())
            break;
        result = again.feedBinary(attachment);
    }
    if (!result || !result->has_value())
        std::abort(); // our own encoding was refused, or never completed
    const sb::sio::Packet &back = **result;
    if (back.type != packet.type
        && !(sb::sio::isBinaryType(packet.type) && packet.attachments.isEmpty()))
        std::abort();
    if (back.nsp != packet.nsp || back.id != packet.id || back.data != packet.data
        || back.attachments != packet.attachments)
        std::abort();
    // The handler's view of it: the lazy payload over the same bytes.
    if (sb::sio::isEventType(packet.type) || sb::sio::isAckType(packet.type)) {
        const sb::sio::Payload payload = sb::sio::Payload::fromPacket(back);
        for (qsizetype i = 0; i < payload.size(); ++i)
            (void)payload.toJson(i);
    }
}

} // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    const QByteArrayView input(reinterpret_cast<const char *>(data), qsizetype(size));
    sb::sio::Decoder decoder;
    decoder.setMaxAttachments(4);
    qsizetype from = 0;
    while (from <= input.size() && !decoder.hasFailed()) {
        qsizetype end = input.indexOf(QByteArrayView("\0\0", 2), from);
        if (end < 0)
            end = input.size();
        const QByteArrayView message = input.sliced(from, end - from);
        from = end + 2;
        const bool binary = message.startsWith('B');
        const auto result = binary ? decoder.feedBinary(message.sliced(1).toByteArray())
                                   : decoder.feedText(message.toByteArray());
        if (result && result->has_value())
            checkRoundTrip(**result);
    }
    return 0;
}
