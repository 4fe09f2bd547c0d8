#include "decoder.h"

#include "decoder_p.h"
#include "json_text.h"

#include <array>

namespace sb::sio {

namespace {

bool isDigit(char c)
{
    return c >= '0' && c <= '9';
}

bool isJsonWhitespace(char c)
{
    return c == ' ' || c == '\t' || c == '\n' || c == '\r';
}

// socket.io-parser's RESERVED_EVENTS: names with a meaning of their own on either side.
bool isReservedEventName(const QString &name)
{
    static const std::array<QStringView, 6> reserved{u"connect", u"connect_error", u"disconnect",
        u"disconnecting", u"newListener", u"removeListener"};
    for (const QStringView word : reserved) {
        if (name == word)
            return true;
    }
    return false;
}

} // namespace

Result<std::optional<Packet>, DecodeError> Decoder::feedText(const QByteArray &text)
{
    if (m_error)
        return fail(*m_error);
    if (m_pending)
        return failWith(DecodeError::UnexpectedText);
    qsizetype expected = 0;
    auto packet = decode(text, &expected);
    if (!packet)
        return failWith(packet.error());
    if (expected > 0) {
        m_expected = expected;
        m_pending = std::move(*packet);
        return std::optional<Packet>();
    }
    return std::optional<Packet>(std::move(*packet));
}

Result<std::optional<Packet>, DecodeError> Decoder::feedBinary(const QByteArray &bytes)
{
    if (m_error)
        return fail(*m_error);
    if (!m_pending)
        return failWith(DecodeError::UnexpectedBinary);
    m_pending->attachments.append(bytes);
    if (m_pending->attachments.size() < m_expected)
        return std::optional<Packet>();
    std::optional<Packet> done = std::move(m_pending);
    m_pending.reset();
    m_expected = 0;
    return done;
}

qsizetype Decoder::awaitedAttachments() const
{
    return m_pending ? m_expected - m_pending->attachments.size() : 0;
}

void Decoder::reset()
{
    m_pending.reset();
    m_expected = 0;
    m_error.reset();
}

tl::unexpected<DecodeError> Decoder::failWith(DecodeError error)
{
    m_pending.reset();
    m_expected = 0;
    m_error = error;
    return fail(error);
}

Result<Packet, DecodeError> Decoder::decode(
    const QByteArray &text, qsizetype *expectedAttachments) const
{
    // Field by field as in packet.h; positions are byte offsets into `text`.
    const qsizetype n = text.size();
    if (n == 0)
        return fail(DecodeError::Empty);

    Packet packet;
    // Only one digit '0'..'6' is a type (socket.io-parser: Number(str.charAt(0)), which would
    // also read "" or " " as 0).
    const char typeChar = text.at(0);
    if (typeChar < '0' || typeChar > '6')
        return fail(DecodeError::UnknownType);
    packet.type = PacketType(typeChar - '0');
    if (packet.type == PacketType::ConnectError && m_peer == Peer::Client)
        return fail(DecodeError::ServerOnlyType);
    qsizetype i = 1;

    // Attachment count: "<digits>-", at least 1 (socket.io-parser 4.2.7; 4.2.6 also took 0 and
    // then left its reconstructor waiting). socket.io-parser takes anything Number() accepts
    // ("1e1", " 1", "0x1"); we take digits only.
    const bool binary = isBinaryType(packet.type);
    const auto digitsEnd = [&](qsizetype from) {
        while (from < n && isDigit(text.at(from)))
            ++from;
        return from;
    };
    qsizetype attachmentCount = 0;
    if (binary) {
        const qsizetype end = digitsEnd(i);
        if (end == i || end >= n || text.at(end) != '-')
            return fail(DecodeError::BadAttachmentCount);
        for (qsizetype k = i; k < end; ++k) {
            attachmentCount = attachmentCount * 10 + (text.at(k) - '0');
            if (attachmentCount > m_maxAttachments)
                return fail(DecodeError::TooManyAttachments);
        }
        if (attachmentCount == 0)
            return fail(DecodeError::BadAttachmentCount);
        i = end + 1;
    } else {
        // socket.io-parser reads `21-[...]` as id 1 followed by bad JSON; say what it is.
        const qsizetype end = digitsEnd(i);
        if (end > i && end < n && text.at(end) == '-')
            return fail(DecodeError::AttachmentsOnNonBinaryType);
    }

    // Namespace: from a '/' to the first ',' (consumed) or to the end of the text.
    if (i < n && text.at(i) == '/') {
        const qsizetype comma = text.indexOf(',', i);
        const qsizetype end = comma < 0 ? n : comma;
        packet.nsp = text.sliced(i, end - i);
        if (!isValidNamespace(packet.nsp))
            return fail(DecodeError::BadNamespace);
        i = comma < 0 ? n : comma + 1;
    } else if (i < n && !isDigit(text.at(i))) {
        // `0admin,{}`: a name without its '/'. socket.io-parser reports it as an invalid payload.
        const qsizetype comma = text.indexOf(',', i);
        if (comma > i) {
            const QByteArrayView before = QByteArrayView(text).sliced(i, comma - i);
            if (!before.contains('[') && !before.contains('{') && !before.contains('"'))
                return fail(DecodeError::BadNamespace);
        }
    }

    // Ack id: the run of digits that follows.
    const qsizetype idEnd = digitsEnd(i);
    if (idEnd > i) {
        quint64 id = 0;
        for (qsizetype k = i; k < idEnd; ++k) {
            const quint64 digit = quint64(text.at(k) - '0');
            if (id > (m_maxAckId - digit) / 10)
                return fail(DecodeError::AckIdOverflow);
            id = id * 10 + digit;
        }
        packet.id = id;
        i = idEnd;
    }

    // Payload: the rest. JSON.parse would allow whitespace around it; we drop it at the end and
    // refuse it at the start (socket.io-parser would read a leading space as ack id 0).
    qsizetype end = n;
    while (end > i && isJsonWhitespace(text.at(end - 1)))
        --end;
    if (end > i) {
        if (isJsonWhitespace(text.at(i)))
            return fail(DecodeError::BadJson);
        packet.data = text.sliced(i, end - i);
        auto scan = scanPayload(packet.data, m_maxDepth, binary);
        if (!scan)
            return fail(scan.error());
        packet.scan = std::move(*scan);
    }
    if (auto checked = checkDecodedPacket(packet, m_peer, attachmentCount); !checked)
        return fail(checked.error());
    *expectedAttachments = attachmentCount;
    return packet;
}

Result<JsonScan, DecodeError> scanPayload(const QByteArray &data, int maxDepth, bool binary)
{
    JsonScanOptions options;
    options.maxDepth = maxDepth;
    options.findPlaceholders = binary;
    auto scan = scanJson(data, options);
    if (!scan)
        return fail(
            scan.error().code == JsonError::TooDeep ? DecodeError::TooDeep : DecodeError::BadJson);
    return std::move(*scan);
}

Result<void, DecodeError> checkDecodedPacket(
    const Packet &packet, PacketDecoder::Peer peer, qsizetype attachmentCount)
{
    const bool hasData = !packet.data.isEmpty();
    const JsonType dataType = packet.scan.type;

    // isPayloadValid, per type.
    switch (packet.type) {
    case PacketType::Connect:
        if (packet.id)
            return fail(DecodeError::BadAckId);
        if (hasData && dataType != JsonType::Object)
            return fail(DecodeError::BadConnectPayload);
        break;
    case PacketType::Disconnect:
        if (packet.id)
            return fail(DecodeError::BadAckId);
        if (hasData)
            return fail(DecodeError::UnexpectedDisconnectPayload);
        break;
    case PacketType::ConnectError:
        if (peer == PacketDecoder::Peer::Client)
            return fail(DecodeError::ServerOnlyType);
        if (packet.id)
            return fail(DecodeError::BadAckId);
        if (hasData && dataType != JsonType::Object && dataType != JsonType::String)
            return fail(DecodeError::BadConnectErrorPayload);
        break;
    case PacketType::Event:
    case PacketType::BinaryEvent: {
        if (!hasData)
            return fail(DecodeError::MissingPayload);
        if (dataType != JsonType::Array)
            return fail(DecodeError::PayloadNotArray);
        if (packet.scan.elements.isEmpty())
            return fail(DecodeError::BadEventName);
        const JsonElement name = packet.scan.elements.constFirst();
        if (name.type == JsonType::String) {
            const QString decoded = decodeJsonString(
                QByteArrayView(packet.data).sliced(name.span.offset, name.span.length));
            if (isReservedEventName(decoded))
                return fail(DecodeError::ReservedEventName);
        } else if (name.type != JsonType::Number) {
            return fail(DecodeError::BadEventName);
        }
        break;
    }
    case PacketType::Ack:
    case PacketType::BinaryAck:
        if (!packet.id)
            return fail(DecodeError::BadAckId);
        if (!hasData)
            return fail(DecodeError::MissingPayload);
        if (dataType != JsonType::Array)
            return fail(DecodeError::PayloadNotArray);
        break;
    }

    if (isBinaryType(packet.type)) {
        if (packet.scan.invalidPlaceholders > 0)
            return fail(DecodeError::InvalidPlaceholder);
        for (const JsonPlaceholder &placeholder : std::as_const(packet.scan.placeholders)) {
            if (placeholder.num >= quint64(attachmentCount))
                return fail(DecodeError::PlaceholderOutOfRange);
        }
    }
    return {};
}

QString describe(DecodeError error)
{
    switch (error) {
    case DecodeError::Empty:
        return QStringLiteral("empty packet");
    case DecodeError::UnknownType:
        return QStringLiteral("unknown packet type");
    case DecodeError::ServerOnlyType:
        return QStringLiteral("CONNECT_ERROR sent by a client");
    case DecodeError::BadAttachmentCount:
        return QStringLiteral("illegal attachments");
    case DecodeError::TooManyAttachments:
        return QStringLiteral("too many attachments");
    case DecodeError::AttachmentsOnNonBinaryType:
        return QStringLiteral("attachment count on a non-binary packet");
    case DecodeError::BadNamespace:
        return QStringLiteral("invalid namespace");
    case DecodeError::BadAckId:
        return QStringLiteral("ack id missing or misplaced");
    case DecodeError::AckIdOverflow:
        return QStringLiteral("ack id too large");
    case DecodeError::BadJson:
        return QStringLiteral("payload is not valid JSON");
    case DecodeError::TooDeep:
        return QStringLiteral("payload nested too deeply");
    case DecodeError::MissingPayload:
        return QStringLiteral("payload missing");
    case DecodeError::PayloadNotArray:
        return QStringLiteral("payload is not an array");
    case DecodeError::BadEventName:
        return QStringLiteral("event name is not a string or a number");
    case DecodeError::ReservedEventName:
        return QStringLiteral("reserved event name");
    case DecodeError::BadConnectPayload:
        return QStringLiteral("CONNECT payload is not an object");
    case DecodeError::BadConnectErrorPayload:
        return QStringLiteral("CONNECT_ERROR payload is not an object or a string");
    case DecodeError::UnexpectedDisconnectPayload:
        return QStringLiteral("DISCONNECT with a payload");
    case DecodeError::InvalidPlaceholder:
        return QStringLiteral("illegal attachments: a _placeholder object without a valid num");
    case DecodeError::PlaceholderOutOfRange:
        return QStringLiteral("placeholder refers to a missing attachment");
    case DecodeError::UnexpectedBinary:
        return QStringLiteral("binary data when not reconstructing a packet");
    case DecodeError::UnexpectedText:
        return QStringLiteral("plain text data when reconstructing a packet");
    case DecodeError::NotMsgpack:
        return QStringLiteral("not one complete msgpack value");
    case DecodeError::NotAMap:
        return QStringLiteral("packet is not a msgpack map");
    case DecodeError::DuplicateField:
        return QStringLiteral("a packet field appears twice");
    case DecodeError::BadMapKey:
        return QStringLiteral("map key is not a string, a number, a boolean or nil");
    case DecodeError::BadString:
        return QStringLiteral("string is not valid UTF-8");
    case DecodeError::BinaryOutsideArguments:
        return QStringLiteral("binary data outside event or ack arguments");
    }
    return QStringLiteral("unknown decode error");
}

} // namespace sb::sio
