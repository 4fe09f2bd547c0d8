#pragma once

#include "common/result.h"
#include "packet.h"

#include <QByteArray>
#include <QString>

#include <optional>

namespace sb::sio {

// Why a frame was refused. Every one of them is fatal for the connection: the io layer closes it
// with the "parse error" disconnect reason, as socket.io does when its decoder throws.
enum class DecodeError : quint8 {
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
    UnexpectedText, // a text frame while a binary packet still awaits attachments
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
class Decoder
{
public:
    // Who sends the packets being decoded. A server decodes Client packets; Server lets tests and
    // client code decode what a server sends (CONNECT_ERROR allowed).
    enum class Peer : quint8 { Client, Server };

    void setPeer(Peer peer) { m_peer = peer; }
    Peer peer() const { return m_peer; }
    // Attachments per packet; socket.io-parser's default is 10.
    void setMaxAttachments(int max) { m_maxAttachments = max; }
    int maxAttachments() const { return m_maxAttachments; }
    // JSON nesting depth of the payload ([] is depth 1).
    void setMaxDepth(int max) { m_maxDepth = max; }
    int maxDepth() const { return m_maxDepth; }
    // Node accepts any digit run and rounds it to the nearest double, so ids above 2^53 - 1 stop
    // matching the ack they answer; we refuse them instead (AckIdOverflow).
    void setMaxAckId(quint64 max) { m_maxAckId = max; }
    quint64 maxAckId() const { return m_maxAckId; }

    // One text message. A packet when complete; nullopt when a binary packet now awaits its
    // attachments.
    Result<std::optional<Packet>, DecodeError> feedText(const QByteArray &text);
    // One binary message: the next attachment of the pending binary packet.
    Result<std::optional<Packet>, DecodeError> feedBinary(const QByteArray &bytes);

    bool isReconstructing() const { return m_pending.has_value(); }
    // Attachments still expected by the pending binary packet.
    qsizetype awaitedAttachments() const;
    bool hasFailed() const { return m_error.has_value(); }
    // Drops any pending packet and a past error.
    void reset();

private:
    Result<Packet, DecodeError> decode(
        const QByteArray &text, qsizetype *expectedAttachments) const;
    tl::unexpected<DecodeError> failWith(DecodeError error);

    Peer m_peer = Peer::Client;
    int m_maxAttachments = 10;
    int m_maxDepth = 32;
    quint64 m_maxAckId = MaxSafeInteger;
    std::optional<Packet> m_pending;
    qsizetype m_expected = 0;
    std::optional<DecodeError> m_error;
};

} // namespace sb::sio
