#include "msgpack_parser.h"

#include "decoder.h"
#include "decoder_p.h"
#include "json_text.h"
#include "payload.h"

#include <QDateTime>

#include <msgpack.hpp>

#include <cstring>

namespace sb::sio {

namespace {

// The JSON string literal of `utf8` (valid UTF-8), as JSON.stringify writes it: only `"`, `\` and
// control characters are escaped (the bytes are already UTF-8, so no decoding is needed).
void appendJsonStringUtf8(QByteArray &out, QByteArrayView utf8)
{
    static const char hex[] = "0123456789abcdef";
    out.reserve(out.size() + utf8.size() + 2);
    out.append('"');
    qsizetype runStart = 0;
    for (qsizetype i = 0; i < utf8.size(); ++i) {
        const auto c = static_cast<unsigned char>(utf8[i]);
        if (c >= 0x20 && c != '"' && c != '\\')
            continue;
        out.append(utf8.sliced(runStart, i - runStart));
        runStart = i + 1;
        switch (c) {
        case '"':
            out.append("\\\"");
            break;
        case '\\':
            out.append("\\\\");
            break;
        case '\b':
            out.append("\\b");
            break;
        case '\f':
            out.append("\\f");
            break;
        case '\n':
            out.append("\\n");
            break;
        case '\r':
            out.append("\\r");
            break;
        case '\t':
            out.append("\\t");
            break;
        default:
            out.append("\\u00");
            out.append(hex[c >> 4]);
            out.append(hex[c & 0xf]);
        }
    }
    out.append(utf8.sliced(runStart));
    out.append('"');
}

// Date.prototype.toISOString for milliseconds since the epoch; nullopt outside JavaScript's
// date range (where toJSON gives null).
std::optional<QByteArray> isoDate(qint64 ms)
{
    constexpr qint64 MaxDateMs = 8'640'000'000'000'000;
    if (ms < -MaxDateMs || ms > MaxDateMs)
        return std::nullopt;
    const QDateTime time = QDateTime::fromMSecsSinceEpoch(ms, Qt::UTC);
    // Qt's calendar has no year 0 (1 BC is -1); JavaScript's has (1 BC is 0).
    const int qtYear = time.date().year();
    const int year = qtYear < 0 ? qtYear + 1 : qtYear;
    QByteArray text;
    if (year >= 0 && year <= 9999)
        text = QByteArray::number(year).rightJustified(4, '0');
    else
        text = (year < 0 ? "-" : "+") + QByteArray::number(std::abs(year)).rightJustified(6, '0');
    text += time.toString(QStringLiteral("-MM-dd'T'HH:mm:ss.zzz'Z'")).toLatin1();
    return text;
}

enum class Field : quint8 { None, Type, Nsp, Id, Data, Unknown };

// Reads one packet map with msgpack-c's parser (msgpack::parse calls these in document order)
// and writes the data field as JSON text on the fly: nothing is allocated per msgpack element,
// whatever counts the headers claim.
class PacketVisitor
{
public:
    PacketVisitor(const char *begin, int maxDepth, int maxAttachments)
        : m_begin(begin)
        , m_maxDepth(maxDepth)
        , m_maxAttachments(maxAttachments)
    { }

    std::optional<DecodeError> error;
    bool sawRoot = false;
    std::optional<quint64> type;
    bool typeInvalid = false;
    std::optional<QByteArray> nsp;
    bool nspInvalid = false;
    std::optional<quint64> id;
    bool idInvalid = false;
    bool hasData = false;
    QByteArray json;
    QList<QByteArray> attachments;

    bool visit_nil() { return scalar("null", "null", false); }
    bool visit_boolean(bool v)
    {
        const char *text = v ? "true" : "false";
        return scalar(text, text, false);
    }
    bool visit_positive_integer(uint64_t v)
    {
        const QByteArray text = QByteArray::number(quint64(v));
        if (inFieldValue()) {
            if (m_field == Field::Type)
                type = v;
            else if (m_field == Field::Id)
                id = v;
        }
        return scalar(text, text, true);
    }
    bool visit_negative_integer(int64_t v)
    {
        const QByteArray text = QByteArray::number(qint64(v));
        return scalar(text, text, false);
    }
    bool visit_float32(float v) { return visitDouble(double(v)); }
    bool visit_float64(double v) { return visitDouble(v); }
    bool visit_str(const char *v, uint32_t size)
    {
        const QByteArrayView raw(v, qsizetype(size));
        if (!raw.isValidUtf8())
            return failWith(DecodeError::BadString);
        if (inFieldValue() && m_field == Field::Nsp)
            nsp = raw.toByteArray();
        if (m_frames.size() == 1 && m_frames.constFirst().inKey) {
            m_key = raw.toByteArray();
            return true;
        }
        if (!inData())
            return notData(true);
        QByteArray literal;
        appendJsonStringUtf8(literal, raw);
        return writeScalar(literal, literal);
    }
    bool visit_bin(const char *v, uint32_t size)
    {
        if (inKey())
            return failWith(DecodeError::BadMapKey);
        if (!inData())
            return notData(false);
        if (!beginValue())
            return false;
        return writeBinary(v, size);
    }
    bool visit_ext(const char *v, uint32_t size)
    {
        if (inKey())
            return failWith(DecodeError::BadMapKey);
        const auto extType = qint8(v[0]);
        const char *body = v + 1;
        const uint32_t length = size - 1;
        // notepack tells its own types apart by the format: fixext 1 is `undefined`, fixext 8 a
        // Date, ext 8/16/32 an ArrayBuffer. The byte before the type is the format byte of a
        // fixext, or the low byte of an ext's length, which is never 0xd4..0xd8 for the lengths
        // 1..16 a fixext has.
        const auto before = v > m_begin ? static_cast<unsigned char>(v[-1]) : 0;
        const bool fixext = before >= 0xd4 && before <= 0xd8;
        if (extType == 0 && fixext && length == 1)
            return visitUndefined();
        if (!inData())
            return notData(false);
        if (extType == 0 && fixext && length == 8) {
            qint64 ms = 0;
            for (int i = 0; i < 8; ++i)
                ms = qint64(quint64(ms) << 8 | static_cast<unsigned char>(body[i]));
            const std::optional<QByteArray> iso = isoDate(ms);
            QByteArray literal = "null";
            if (iso) {
                literal.clear();
                appendJsonStringUtf8(literal, *iso);
            }
            return writeScalar(literal, literal);
        }
        if (!beginValue())
            return false;
        if (extType == 0 && !fixext)
            return writeBinary(body, length);
        if (qsizetype(m_frames.size()) > m_maxDepth)
            return failWith(DecodeError::TooDeep);
        json += '[' + QByteArray::number(extType) + ',';
        if (!writeBinary(body, length))
            return false;
        json += ']';
        return true;
    }

    bool start_array(uint32_t) { return startContainer(false); }
    bool start_array_item() { return true; }
    bool end_array_item() { return true; }
    bool end_array() { return endContainer(); }
    bool start_map(uint32_t) { return startContainer(true); }
    bool start_map_key()
    {
        m_frames.last().inKey = true;
        if (m_frames.size() == 1)
            m_key.clear();
        return true;
    }
    bool end_map_key()
    {
        m_frames.last().inKey = false;
        if (m_frames.size() == 1)
            return chooseField();
        return true;
    }
    bool start_map_value() { return true; }
    bool end_map_value()
    {
        if (m_frames.size() == 1)
            m_field = Field::None;
        return true;
    }
    bool end_map() { return endContainer(); }

    void parse_error(size_t, size_t)
    {
        if (!error)
            error = DecodeError::NotMsgpack;
    }
    void insufficient_bytes(size_t, size_t)
    {
        if (!error)
            error = DecodeError::NotMsgpack;
    }
    bool referenced() const { return false; }
    void set_referenced(bool) { }

private:
    struct Frame
    {
        bool map = false;
        bool inKey = false;
        bool first = true;
        QByteArray key; // a data map's pending key, as a JSON string literal
    };

    bool failWith(DecodeError e)
    {
        if (!error)
            error = e;
        return false;
    }
    // Directly the value of a packet field (not inside a container).
    bool inFieldValue() const { return m_frames.size() == 1 && !m_frames.constFirst().inKey; }
    bool inData() const { return m_field == Field::Data && !m_frames.isEmpty(); }
    bool inKey() const { return !m_frames.isEmpty() && m_frames.constLast().inKey; }

    bool chooseField()
    {
        static const struct
        {
            const char *name;
            Field field;
        } fields[] = {
            {"type", Field::Type}, {"nsp", Field::Nsp}, {"id", Field::Id}, {"data", Field::Data}};
        m_field = Field::Unknown;
        for (const auto &known : fields) {
            if (m_key == known.name) {
                const int bit = 1 << int(known.field);
                if (m_seen & bit)
                    return failWith(DecodeError::DuplicateField);
                m_seen |= bit;
                m_field = known.field;
            }
        }
        m_key.clear();
        return true;
    }

    // A value that is not part of data: the root, a packet key, a field value, or inside an
    // unknown field. `canBeField` says whether it is a valid value for the field it lands in
    // (the caller has stored it).
    bool notData(bool canBeField)
    {
        if (m_frames.isEmpty())
            return failWith(DecodeError::NotAMap);
        if (m_frames.size() == 1 && m_frames.constFirst().inKey)
            return true; // a packet key that is no string: an unknown field
        if (inFieldValue()) {
            const bool nspOk = m_field == Field::Nsp && canBeField && nsp;
            const bool numberOk = (m_field == Field::Type && type) || (m_field == Field::Id && id);
            if (m_field == Field::Type && !numberOk)
                typeInvalid = true;
            else if (m_field == Field::Id && !numberOk)
                idInvalid = true;
            else if (m_field == Field::Nsp && !nspOk)
                nspInvalid = true;
        }
        return true;
    }

    bool scalar(const QByteArray &jsonText, const QByteArray &keyText, bool canBeField)
    {
        if (m_frames.size() == 1 && m_frames.constFirst().inKey)
            return true; // packet key that is no string: an unknown field
        if (!inData())
            return notData(canBeField);
        return writeScalar(jsonText, keyText, true);
    }

    bool visitDouble(double v)
    {
        if (!inData())
            return scalar({}, {}, false);
        if (inKey())
            return writeScalar({}, jsNumberToString(v).toUtf8(), true);
        return writeScalar(formatJsonNumber(v), {});
    }

    // A data scalar; `keyLiteral` is what it becomes as a data map key (a JSON string literal,
    // or the plain text to quote when `quoteKey`).
    bool writeScalar(
        const QByteArray &jsonText, const QByteArray &keyLiteral, bool quoteKey = false)
    {
        if (inKey()) {
            Frame &top = m_frames.last();
            if (quoteKey)
                top.key = quoteJsonString(QString::fromUtf8(keyLiteral));
            else
                top.key = keyLiteral;
            return true;
        }
        if (!beginValue())
            return false;
        json += jsonText;
        return true;
    }

    bool visitUndefined()
    {
        if (m_frames.isEmpty())
            return failWith(DecodeError::NotAMap);
        if (m_frames.size() == 1)
            return true; // a field that is `undefined` is absent
        if (!inData())
            return true;
        Frame &top = m_frames.last();
        if (top.map) {
            top.key.clear(); // JSON.stringify drops the member
            return true;
        }
        if (!beginValue())
            return false;
        json += "null";
        return true;
    }

    // Separator and pending key before a data value.
    bool beginValue()
    {
        if (m_frames.size() == 1) {
            hasData = true;
            return true;
        }
        Frame &top = m_frames.last();
        if (!top.first)
            json += ',';
        top.first = false;
        if (top.map) {
            json += top.key;
            json += ':';
            top.key.clear();
        }
        return true;
    }

    bool writeBinary(const char *bytes, uint32_t size)
    {
        if (attachments.size() >= m_maxAttachments)
            return failWith(DecodeError::TooManyAttachments);
        json += "{\"_placeholder\":true,\"num\":" + QByteArray::number(attachments.size()) + '}';
        attachments.append(QByteArray(bytes, qsizetype(size)));
        return true;
    }

    bool startContainer(bool map)
    {
        if (m_frames.isEmpty()) {
            if (!map)
                return failWith(DecodeError::NotAMap);
            sawRoot = true;
            Frame root;
            root.map = true;
            m_frames.append(root);
            return true;
        }
        if (inKey())
            return failWith(DecodeError::BadMapKey);
        // The packet map is frame 0, so data at depth d has d + 1 frames open.
        if (qsizetype(m_frames.size()) > m_maxDepth)
            return failWith(DecodeError::TooDeep);
        if (inData()) {
            if (!beginValue())
                return false;
            json += map ? '{' : '[';
        } else if (inFieldValue()) {
            notData(false);
        }
        Frame frame;
        frame.map = map;
        m_frames.append(frame);
        return true;
    }

    bool endContainer()
    {
        const Frame top = m_frames.takeLast();
        if (!m_frames.isEmpty() && inData())
            json += top.map ? '}' : ']';
        return true;
    }

    const char *m_begin;
    int m_maxDepth;
    int m_maxAttachments;
    QList<Frame> m_frames; // every open container; [0] is the packet map
    Field m_field = Field::None;
    int m_seen = 0; // bit per Field already met
    QByteArray m_key; // the packet key being read
};

} // namespace

Result<std::optional<Packet>, DecodeError> MsgpackDecoder::feedText(const QByteArray &)
{
    // Node's decoder throws on a string too: this parser only ever sends binary messages.
    if (m_error)
        return fail(*m_error);
    return failWith(DecodeError::UnexpectedText);
}

Result<std::optional<Packet>, DecodeError> MsgpackDecoder::feedBinary(const QByteArray &bytes)
{
    if (m_error)
        return fail(*m_error);
    auto packet = decode(bytes);
    if (!packet)
        return failWith(packet.error());
    return std::optional<Packet>(std::move(*packet));
}

tl::unexpected<DecodeError> MsgpackDecoder::failWith(DecodeError error)
{
    m_error = error;
    return fail(error);
}

Result<Packet, DecodeError> MsgpackDecoder::decode(const QByteArray &bytes) const
{
    if (bytes.isEmpty())
        return fail(DecodeError::NotMsgpack);
    PacketVisitor visitor(bytes.constData(), m_maxDepth, m_maxAttachments);
    std::size_t offset = 0;
    bool parsed = false;
    try {
        parsed = msgpack::parse(bytes.constData(), std::size_t(bytes.size()), offset, visitor);
    } catch (const std::exception &) {
        // msgpack-c throws only when it runs out of memory for its own stack.
        parsed = false;
    }
    if (visitor.error)
        return fail(*visitor.error);
    if (!parsed || offset != std::size_t(bytes.size()))
        return fail(DecodeError::NotMsgpack); // truncated, or notepack's "trailing bytes"
    if (!visitor.sawRoot)
        return fail(DecodeError::NotAMap);

    // checkPacket of socket.io-msgpack-parser, field by field.
    if (visitor.typeInvalid || !visitor.type || *visitor.type > quint64(PacketType::ConnectError))
        return fail(DecodeError::UnknownType);
    if (visitor.nspInvalid || !visitor.nsp || !isValidNamespace(*visitor.nsp))
        return fail(DecodeError::BadNamespace);
    if (visitor.idInvalid)
        return fail(DecodeError::BadAckId);
    if (visitor.id && *visitor.id > m_maxAckId)
        return fail(DecodeError::AckIdOverflow);

    Packet packet;
    packet.type = PacketType(*visitor.type);
    if (packet.type == PacketType::ConnectError && m_peer == Peer::Client)
        return fail(DecodeError::ServerOnlyType);
    packet.nsp = *visitor.nsp;
    packet.id = visitor.id;
    if (visitor.hasData)
        packet.data = std::move(visitor.json);
    const bool binary = !visitor.attachments.isEmpty();
    if (binary) {
        if (packet.type == PacketType::Event)
            packet.type = PacketType::BinaryEvent;
        else if (packet.type == PacketType::Ack)
            packet.type = PacketType::BinaryAck;
        else
            return fail(DecodeError::BinaryOutsideArguments);
        packet.attachments = std::move(visitor.attachments);
    }
    if (!packet.data.isEmpty()) {
        auto scan = scanPayload(packet.data, m_maxDepth, binary);
        if (!scan)
            return fail(scan.error());
        packet.scan = std::move(*scan);
        // Every placeholder is one we wrote for a bin: a map that only looks like one would be
        // taken for an attachment further on.
        if (binary && packet.scan.placeholders.size() != packet.attachments.size())
            return fail(DecodeError::InvalidPlaceholder);
    }
    if (auto checked = checkDecodedPacket(packet, m_peer, packet.attachments.size()); !checked)
        return fail(checked.error());
    return packet;
}

namespace {

// msgpack-c's packer writing into a QByteArray.
struct ByteArrayStream
{
    QByteArray *out;
    void write(const char *data, std::size_t size) { out->append(data, qsizetype(size)); }
};
using Packer = msgpack::packer<ByteArrayStream>;

bool isJsonSpace(char c)
{
    return c == ' ' || c == '\t' || c == '\n' || c == '\r';
}

// Walks trusted JSON text (already validated) and writes it as msgpack. Container headers need
// the element count first: each container's body is written, then its smallest header (made by
// msgpack-c) is put in front of it.
class JsonToMsgpack
{
public:
    JsonToMsgpack(QByteArrayView json, const QList<JsonPlaceholder> &placeholders,
        const QList<QByteArray> &attachments, QByteArray &out)
        : m_json(json)
        , m_placeholders(placeholders)
        , m_attachments(attachments)
        , m_out(out)
        , m_packer(m_stream)
    { }

    void value()
    {
        skipSpace();
        if (m_pos >= m_json.size()) {
            m_packer.pack_nil();
            return;
        }
        const char c = m_json[m_pos];
        if (c == '{') {
            if (m_nextPlaceholder < m_placeholders.size()
                && m_placeholders.at(m_nextPlaceholder).span.offset == m_pos) {
                const JsonPlaceholder &placeholder = m_placeholders.at(m_nextPlaceholder++);
                m_pos = placeholder.span.end();
                if (placeholder.num < quint64(m_attachments.size())) {
                    const QByteArray &bytes = m_attachments.at(placeholder.num);
                    m_packer.pack_bin(uint32_t(bytes.size()));
                    m_packer.pack_bin_body(bytes.constData(), uint32_t(bytes.size()));
                } else {
                    m_packer.pack_nil();
                }
                return;
            }
            container(true);
        } else if (c == '[') {
            container(false);
        } else if (c == '"') {
            string();
        } else if (c == 't') {
            m_packer.pack_true();
            m_pos += 4;
        } else if (c == 'f') {
            m_packer.pack_false();
            m_pos += 5;
        } else if (c == 'n') {
            m_packer.pack_nil();
            m_pos += 4;
        } else {
            number();
        }
    }

private:
    void skipSpace()
    {
        while (m_pos < m_json.size() && isJsonSpace(m_json[m_pos]))
            ++m_pos;
    }

    void container(bool map)
    {
        const char close = map ? '}' : ']';
        ++m_pos;
        const qsizetype start = m_out.size();
        uint32_t count = 0;
        skipSpace();
        while (m_pos < m_json.size() && m_json[m_pos] != close) {
            if (map) {
                skipSpace();
                string();
                skipSpace();
                ++m_pos; // ':'
            }
            value();
            ++count;
            skipSpace();
            if (m_pos < m_json.size() && m_json[m_pos] == ',')
                ++m_pos;
            skipSpace();
        }
        ++m_pos;
        QByteArray header;
        ByteArrayStream headerStream{&header};
        Packer headerPacker(headerStream);
        if (map)
            headerPacker.pack_map(count);
        else
            headerPacker.pack_array(count);
        m_out.insert(start, header);
    }

    void string()
    {
        const qsizetype open = m_pos;
        qsizetype i = open + 1;
        bool escaped = false;
        while (i < m_json.size() && m_json[i] != '"') {
            if (m_json[i] == '\\') {
                escaped = true;
                ++i;
            }
            ++i;
        }
        m_pos = i + 1;
        if (!escaped) {
            const QByteArrayView raw = m_json.sliced(open + 1, i - open - 1);
            m_packer.pack_str(uint32_t(raw.size()));
            m_packer.pack_str_body(raw.data(), uint32_t(raw.size()));
            return;
        }
        // Escaped lone surrogates become U+FFFD, as Node's Buffer.write makes them.
        QString text = decodeJsonString(m_json.sliced(open, m_pos - open));
        for (qsizetype k = 0; k < text.size(); ++k) {
            if (text.at(k).isHighSurrogate() && k + 1 < text.size()
                && text.at(k + 1).isLowSurrogate())
                ++k;
            else if (text.at(k).isSurrogate())
                text[k] = QChar::ReplacementCharacter;
        }
        const QByteArray utf8 = text.toUtf8();
        m_packer.pack_str(uint32_t(utf8.size()));
        m_packer.pack_str_body(utf8.constData(), uint32_t(utf8.size()));
    }

    void number()
    {
        const qsizetype start = m_pos;
        bool integer = true;
        while (m_pos < m_json.size()) {
            const char c = m_json[m_pos];
            if (c == '.' || c == 'e' || c == 'E')
                integer = false;
            else if (!(c == '-' || c == '+' || (c >= '0' && c <= '9')))
                break;
            ++m_pos;
        }
        const QByteArrayView literal = m_json.sliced(start, m_pos - start);
        if (integer) {
            bool ok = false;
            if (literal.startsWith('-')) {
                const qint64 v = literal.toLongLong(&ok);
                if (ok) {
                    m_packer.pack_int64(v);
                    return;
                }
            } else {
                const quint64 v = literal.toULongLong(&ok);
                if (ok) {
                    m_packer.pack_uint64(v);
                    return;
                }
            }
        }
        // msgpack-c writes an integral double as an integer, as notepack does.
        m_packer.pack_double(parseJsonNumber(literal));
    }

    QByteArrayView m_json;
    const QList<JsonPlaceholder> &m_placeholders;
    const QList<QByteArray> &m_attachments;
    QByteArray &m_out;
    ByteArrayStream m_stream{&m_out};
    Packer m_packer;
    qsizetype m_pos = 0;
    qsizetype m_nextPlaceholder = 0;
};

void packString(Packer &packer, QByteArrayView utf8)
{
    packer.pack_str(uint32_t(utf8.size()));
    packer.pack_str_body(utf8.data(), uint32_t(utf8.size()));
}

} // namespace

QByteArray encodeMsgpack(const Packet &packet)
{
    PacketType type = packet.type;
    if (type == PacketType::BinaryEvent)
        type = PacketType::Event;
    else if (type == PacketType::BinaryAck)
        type = PacketType::Ack;
    const bool hasData = !packet.data.isEmpty();

    QByteArray out;
    out.reserve(packet.data.size() + packet.nsp.size() + 32);
    ByteArrayStream stream{&out};
    Packer packer(stream);
    // The field order of socket.io's packet objects.
    packer.pack_map(2 + (hasData ? 1 : 0) + (packet.id ? 1 : 0));
    packString(packer, "type");
    packer.pack_uint64(quint64(type));
    if (hasData) {
        packString(packer, "data");
        // Placeholders only mean attachments in the argument packets that have some.
        const bool binary
            = !packet.attachments.isEmpty() && (isEventType(packet.type) || isAckType(packet.type));
        QList<JsonPlaceholder> placeholders;
        if (binary) {
            placeholders = packet.scan.placeholders;
            if (placeholders.isEmpty())
                placeholders = Payload::fromPacket(packet).placeholders();
        }
        JsonToMsgpack(packet.data, placeholders, packet.attachments, out).value();
    }
    if (packet.id) {
        packString(packer, "id");
        packer.pack_uint64(*packet.id);
    }
    packString(packer, "nsp");
    packString(packer, packet.nsp.isEmpty() ? QByteArrayView("/") : QByteArrayView(packet.nsp));
    return out;
}

} // namespace sb::sio
