#pragma once

#include "common/result.h"
#include "packet.h"
#include "parser.h"

#include <QByteArray>
#include <QString>

#include <optional>

namespace sb::sio {

// Why a frame was refused. Every one of them is fatal for the connection: the io layer closes it
// with the "parse error" disconnect reason, as socket.io does when its decoder throws.
enum class DecodeError : quint8 {
    // socket.io-parser (text frames, Decoder below)
    Empty, // an empty text frame
    UnknownType, // first byte not '0'..'6'
    ServerOnlyType, // CONNECT_ERROR sent by a client
    BadAttachmentCount, // binary type without "<digits>-", or with 0 attachments
    TooManyAttachments, // more attachments than maxAttachments
    AttachmentsOnNonBinaryType, // "<digits>-" after a non-binary type, e.g. `21-[...]`
    BadNamespace, // a namespace not starting with '/', or not UTF-8
    BadAckId, // an id where none belongs (CONNECT, DISCONNECT, CONNECT_ERROR), or ACK without one
    AckIdOverflow, // an id above maxAckId (2^53 - 1 by default)
    BadJson, // the payload is not JSON (RFC 8259, UTF-8)
    TooDeep, // the payload nests deeper than maxDepth
    MissingPayload, // EVENT or ACK without a payload
    PayloadNotArray, // EVENT or ACK payload not an array
    BadEventName, // EVENT whose element 0 is neither a string nor a number (or is missing)
    ReservedEventName, // EVENT named connect, connect_error, disconnect, disconnecting, ...
    BadConnectPayload, // CONNECT payload present but not an object
    BadConnectErrorPayload, // CONNECT_ERROR payload neither an object nor a string
    UnexpectedDisconnectPayload, // DISCONNECT with a payload
    PlaceholderOutOfRange, // a placeholder num >= the attachment count
    InvalidPlaceholder, // `_placeholder: true` in an object that is no placeholder
    UnexpectedBinary, // a binary frame while no binary packet awaits attachments
    UnexpectedText, // a text frame while a binary packet still awaits attachments; a text
    // frame at all for the msgpack parser
    // socket.io-msgpack-parser (MsgpackDecoder, msgpack_parser.h)
    NotMsgpack, // not exactly one complete msgpack value (truncated, trailing bytes, 0xc1)
    NotAMap, // the packet is not a msgpack map
    DuplicateField, // `type`, `nsp`, `id` or `data` twice in the packet map
    BadMapKey, // a map key that is a binary, an array, a map or an extension value
    BadString, // a msgpack string that is not valid UTF-8
    BinaryOutsideArguments, // a binary value in a CONNECT or CONNECT_ERROR payload
};

QString describe(DecodeError error);

// Turns the Engine.IO messages of one connection into Socket.IO packets
// (docs/socket.io-protocol/v5-current.md, "Packet encoding"). Stateful only to reassemble binary
// packets: a BINARY_EVENT/BINARY_ACK text frame is followed by its attachment frames.
//
// Decoding follows socket.io-parser's Decoder (decodeString, isPayloadValid) where that is
// defined, and is stricter where JavaScript's coercions make it accept nonsense (see README.md):
// only the digits '0'..'6' are types, counts and ids are plain digit runs, and the payload is
// checked with scanJson rather than JSON.parse, keeping its exact bytes.
//
// A decoded packet keeps its wire type (BINARY_EVENT stays BinaryEvent) and carries its
// attachments. After an error the decoder refuses everything with that error until reset().
class Decoder final : public PacketDecoder
{
public:
    Result<std::optional<Packet>, DecodeError> feedText(const QByteArray &text) override;
    Result<std::optional<Packet>, DecodeError> feedBinary(const QByteArray &bytes) override;

    bool isReconstructing() const override { return m_pending.has_value(); }
    // Attachments still expected by the pending binary packet.
    qsizetype awaitedAttachments() const;
    bool hasFailed() const override { return m_error.has_value(); }
    void reset() override;

private:
    Result<Packet, DecodeError> decode(
        const QByteArray &text, qsizetype *expectedAttachments) const;
    tl::unexpected<DecodeError> failWith(DecodeError error);

    std::optional<Packet> m_pending;
    qsizetype m_expected = 0;
    std::optional<DecodeError> m_error;
};

} // namespace sb::sio
