#pragma once

// The packet encoding of socket.io-msgpack-parser 3.x (notepack.io 2.2 underneath).
//
// A packet travels as ONE binary Engine.IO message: a msgpack map with the fields of socket.io's
// packet object, in any order (Node writes type, data, [id,] nsp):
//
// - type: an integer 0..4. There are no binary types: binary values travel natively, as msgpack
//   bin, wherever they are inside data. CONNECT_ERROR (4) is only ever sent by servers.
// - nsp: the namespace, always present, a string ("/" included).
// - data: CONNECT: absent or a map (auth; the server's reply `{sid}`). DISCONNECT: absent.
//   CONNECT_ERROR: a map `{message, data}` or a string. EVENT: an array whose first element is
//   the event name. ACK: an array of the acknowledgement arguments.
// - id: an integer, on an EVENT that wants an acknowledgement and on the ACK answering it.
//
// Mapping to our `Packet` (exact JSON text plus attachments, packet.h), both ways:
// - bin (and notepack's ArrayBuffer, ext type 0 of format ext 8/16/32) <-> attachment K, written
//   in the JSON as `{"_placeholder":true,"num":K}` in the order met; a packet with one is
//   BINARY_EVENT / BINARY_ACK, and is sent as type 2 / 3.
// - integers <-> JSON integers, exactly over the whole int64/uint64 range (JavaScript rounds
//   beyond 2^53; we do not, in either direction). JSON integers beyond 64 bits, and fractions, go
//   out as float64 (integral values as integers, as notepack writes them).
// - float32/float64 -> JavaScript's number text; NaN and infinities become null, as
//   JSON.stringify makes them (a Node server would relay them unchanged to msgpack clients).
// - str -> JSON string; it must be valid UTF-8 (BadString), where Node would put U+FFFD.
// - map keys: strings as they are; integers, floats, booleans and nil as the text JavaScript uses
//   for a property key (1 -> "1", nil -> "null"); a bin, array, map or extension key is refused
//   (BadMapKey), where JavaScript would use "[object Object]" and the like.
// - notepack's extensions: `undefined` (fixext 1, type 0) is null in an array, drops the member
//   in a map (as JSON.stringify), and as a top-level field counts as absent; Date (fixext 8, type
//   0, milliseconds since the epoch) becomes its ISO 8601 string (toJSON), null when invalid. Any
//   other extension becomes `[type, <binary>]`, as notepack decodes it.
// - the top-level map: unknown fields are ignored as Node does; `type`, `nsp`, `id` or `data`
//   twice is refused (DuplicateField) where JavaScript keeps the last.
//
// Decoding then applies the same payload rules as the default parser (decoder.h, README.md):
// event name a string or a number and not reserved, no id on CONNECT, ids up to 2^53 - 1, depth
// limit, attachment limit. Node only checks the type, that nsp is a string, the data's type and
// that id is an integer. A text message is refused (UnexpectedText).

#include "parser.h"

namespace sb::sio {

class MsgpackDecoder final : public PacketDecoder
{
public:
    Result<std::optional<Packet>, DecodeError> feedText(const QByteArray &text) override;
    Result<std::optional<Packet>, DecodeError> feedBinary(const QByteArray &bytes) override;
    bool isReconstructing() const override { return false; }
    bool hasFailed() const override { return m_error.has_value(); }
    void reset() override { m_error.reset(); }

private:
    Result<Packet, DecodeError> decode(const QByteArray &bytes) const;
    tl::unexpected<DecodeError> failWith(DecodeError error);

    std::optional<DecodeError> m_error;
};

// The one binary message of `packet`. `packet.data` must be valid JSON (as every packet we make or
// decode has); its placeholders are replaced by the attachments they refer to.
QByteArray encodeMsgpack(const Packet &packet);

} // namespace sb::sio
