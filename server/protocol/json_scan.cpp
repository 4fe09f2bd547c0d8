#include "json_scan.h"

#include "json_text.h"

#include <QVarLengthArray>

namespace sb::sio {

namespace {

enum class Key : quint8 { Other, Placeholder, Num };

struct Frame
{
    qsizetype start = 0;
    bool isObject = false;
    // Placeholder detection, objects only.
    Key pendingKey = Key::Other;
    int members = 0;
    bool placeholderTrue = false;
    bool numOk = false;
    quint32 num = 0;
};

class Scanner
{
public:
    Scanner(QByteArrayView text, const JsonScanOptions &options)
        : m_s(text.data())
        , m_n(text.size())
        , m_options(options)
    { }

    Result<JsonScan, JsonScanError> run();

private:
    bool atEnd() const { return m_pos >= m_n; }
    uchar peek() const { return uchar(m_s[m_pos]); }
    void skipWhitespace()
    {
        while (m_pos < m_n) {
            const char c = m_s[m_pos];
            if (c != ' ' && c != '\t' && c != '\n' && c != '\r')
                return;
            ++m_pos;
        }
    }
    JsonScanError error(JsonError code) const { return {code, m_pos}; }

    // Each returns false with m_error set. On success m_pos is just past the token.
    bool scanString(bool *hadEscape);
    bool scanNumber(bool *plainInteger);
    bool scanLiteral(const char *word, qsizetype length);
    bool scanKey(Frame &frame);
    void valueDone(JsonType type, qsizetype start, bool literalTrue, bool plainInteger);

    const char *m_s;
    qsizetype m_n;
    qsizetype m_pos = 0;
    const JsonScanOptions &m_options;
    JsonScanError m_error;
    QVarLengthArray<Frame, 32> m_stack;
    JsonScan m_result;
};

bool Scanner::scanLiteral(const char *word, qsizetype length)
{
    for (qsizetype i = 0; i < length; ++i) {
        if (m_pos + i >= m_n) {
            m_error = {JsonError::UnexpectedEnd, m_n};
            return false;
        }
        if (m_s[m_pos + i] != word[i]) {
            m_error = {JsonError::BadLiteral, m_pos + i};
            return false;
        }
    }
    m_pos += length;
    return true;
}

bool Scanner::scanNumber(bool *plainInteger)
{
    // number = [ minus ] int [ frac ] [ exp ]; int = zero / ( digit1-9 *DIGIT )  (RFC 8259 §6)
    const auto isDigit
        = [this](qsizetype at) { return at < m_n && m_s[at] >= '0' && m_s[at] <= '9'; };
    *plainInteger = true;
    if (m_s[m_pos] == '-') {
        *plainInteger = false;
        ++m_pos;
    }
    if (!isDigit(m_pos)) {
        m_error = {atEnd() ? JsonError::UnexpectedEnd : JsonError::BadNumber, m_pos};
        return false;
    }
    if (m_s[m_pos] == '0') {
        ++m_pos;
        if (isDigit(m_pos)) {
            m_error = error(JsonError::BadNumber);
            return false;
        }
    } else {
        while (isDigit(m_pos))
            ++m_pos;
    }
    if (m_pos < m_n && m_s[m_pos] == '.') {
        *plainInteger = false;
        ++m_pos;
        if (!isDigit(m_pos)) {
            m_error = {atEnd() ? JsonError::UnexpectedEnd : JsonError::BadNumber, m_pos};
            return false;
        }
        while (isDigit(m_pos))
            ++m_pos;
    }
    if (m_pos < m_n && (m_s[m_pos] == 'e' || m_s[m_pos] == 'E')) {
        *plainInteger = false;
        ++m_pos;
        if (m_pos < m_n && (m_s[m_pos] == '+' || m_s[m_pos] == '-'))
            ++m_pos;
        if (!isDigit(m_pos)) {
            m_error = {atEnd() ? JsonError::UnexpectedEnd : JsonError::BadNumber, m_pos};
            return false;
        }
        while (isDigit(m_pos))
            ++m_pos;
    }
    return true;
}

bool Scanner::scanString(bool *hadEscape)
{
    // string = quotation-mark *char quotation-mark (RFC 8259 §7); m_pos is on the opening quote.
    *hadEscape = false;
    ++m_pos;
    const auto isCont = [this](qsizetype at, uchar lo = 0x80, uchar hi = 0xBF) {
        return at < m_n && uchar(m_s[at]) >= lo && uchar(m_s[at]) <= hi;
    };
    while (m_pos < m_n) {
        const uchar c = uchar(m_s[m_pos]);
        if (c == '"') {
            ++m_pos;
            return true;
        }
        if (c < 0x20) {
            m_error = error(JsonError::ControlChar);
            return false;
        }
        if (c == '\\') {
            *hadEscape = true;
            if (m_pos + 1 >= m_n) {
                m_error = {JsonError::UnexpectedEnd, m_n};
                return false;
            }
            switch (m_s[m_pos + 1]) {
            case '"':
            case '\\':
            case '/':
            case 'b':
            case 'f':
            case 'n':
            case 'r':
            case 't':
                m_pos += 2;
                continue;
            case 'u':
                for (qsizetype i = 2; i < 6; ++i) {
                    if (m_pos + i >= m_n) {
                        m_error = {JsonError::UnexpectedEnd, m_n};
                        return false;
                    }
                    const char h = m_s[m_pos + i];
                    const bool hex = (h >= '0' && h <= '9') || (h >= 'a' && h <= 'f')
                        || (h >= 'A' && h <= 'F');
                    if (!hex) {
                        m_error = error(JsonError::BadEscape);
                        return false;
                    }
                }
                // Lone surrogates are not paired up or rejected: JSON.parse accepts them.
                m_pos += 6;
                continue;
            default:
                m_error = error(JsonError::BadEscape);
                return false;
            }
        }
        if (c < 0x80) {
            ++m_pos;
            continue;
        }
        // Well-formed UTF-8 byte sequences, Unicode §3.9 table 3-7.
        qsizetype length = 0;
        if (c >= 0xC2 && c <= 0xDF)
            length = isCont(m_pos + 1) ? 2 : 0;
        else if (c == 0xE0)
            length = isCont(m_pos + 1, 0xA0) && isCont(m_pos + 2) ? 3 : 0;
        else if ((c >= 0xE1 && c <= 0xEC) || c == 0xEE || c == 0xEF)
            length = isCont(m_pos + 1) && isCont(m_pos + 2) ? 3 : 0;
        else if (c == 0xED)
            length = isCont(m_pos + 1, 0x80, 0x9F) && isCont(m_pos + 2) ? 3 : 0;
        else if (c == 0xF0)
            length = isCont(m_pos + 1, 0x90) && isCont(m_pos + 2) && isCont(m_pos + 3) ? 4 : 0;
        else if (c >= 0xF1 && c <= 0xF3)
            length = isCont(m_pos + 1) && isCont(m_pos + 2) && isCont(m_pos + 3) ? 4 : 0;
        else if (c == 0xF4)
            length
                = isCont(m_pos + 1, 0x80, 0x8F) && isCont(m_pos + 2) && isCont(m_pos + 3) ? 4 : 0;
        if (length == 0) {
            m_error = error(JsonError::BadUtf8);
            return false;
        }
        m_pos += length;
    }
    m_error = {JsonError::UnexpectedEnd, m_n};
    return false;
}

bool Scanner::scanKey(Frame &frame)
{
    // member = string name-separator value; m_pos is after '{' or ',' and whitespace.
    if (atEnd()) {
        m_error = error(JsonError::UnexpectedEnd);
        return false;
    }
    if (peek() != '"') {
        m_error = error(JsonError::UnexpectedChar);
        return false;
    }
    const qsizetype start = m_pos;
    bool hadEscape = false;
    if (!scanString(&hadEscape))
        return false;
    frame.pendingKey = Key::Other;
    if (m_options.findPlaceholders) {
        const QByteArrayView raw(m_s + start + 1, m_pos - start - 2);
        if (!hadEscape) {
            if (raw == "_placeholder")
                frame.pendingKey = Key::Placeholder;
            else if (raw == "num")
                frame.pendingKey = Key::Num;
        } else {
            // JavaScript compares decoded keys: "\u005fplaceholder" is "_placeholder".
            const QString key = decodeJsonString(QByteArrayView(m_s + start, m_pos - start));
            if (key == u"_placeholder")
                frame.pendingKey = Key::Placeholder;
            else if (key == u"num")
                frame.pendingKey = Key::Num;
        }
    }
    skipWhitespace();
    if (atEnd()) {
        m_error = error(JsonError::UnexpectedEnd);
        return false;
    }
    if (peek() != ':') {
        m_error = error(JsonError::UnexpectedChar);
        return false;
    }
    ++m_pos;
    return true;
}

void Scanner::valueDone(JsonType type, qsizetype start, bool literalTrue, bool plainInteger)
{
    const JsonSpan span{start, m_pos - start};
    if (m_stack.isEmpty()) {
        m_result.type = type;
        m_result.value = span;
        return;
    }
    if (m_stack.size() == 1 && !m_stack.front().isObject) {
        JsonElement element{span, type, -1};
        if (type == JsonType::Object && !m_result.placeholders.isEmpty()
            && m_result.placeholders.constLast().span == span)
            element.placeholder = qint32(m_result.placeholders.size() - 1);
        m_result.elements.append(element);
    }
    Frame &top = m_stack.back();
    if (!top.isObject || !m_options.findPlaceholders)
        return;
    ++top.members;
    if (top.pendingKey == Key::Placeholder) {
        top.placeholderTrue = literalTrue;
    } else if (top.pendingKey == Key::Num && !plainInteger) {
        top.numOk = false; // the last "num" counts, as in JSON.parse
    } else if (top.pendingKey == Key::Num && plainInteger) {
        quint64 n = 0;
        for (qsizetype i = start; i < m_pos; ++i) {
            n = n * 10 + quint64(m_s[i] - '0');
            if (n > 0xFFFFFFFFu) {
                n = 0xFFFFFFFFu;
                break;
            }
        }
        top.numOk = true;
        top.num = quint32(n);
    }
}

Result<JsonScan, JsonScanError> Scanner::run()
{
    skipWhitespace();
    if (atEnd())
        return fail(JsonScanError{JsonError::Empty, m_pos});

    for (;;) {
        // A value starts here.
        skipWhitespace();
        if (atEnd())
            return fail(error(JsonError::UnexpectedEnd));
        const qsizetype start = m_pos;
        const uchar c = peek();
        bool literalTrue = false;
        bool plainInteger = false;
        JsonType type = JsonType::Null;
        if (c == '{' || c == '[') {
            if (m_stack.size() >= m_options.maxDepth)
                return fail(error(JsonError::TooDeep));
            Frame frame;
            frame.start = start;
            frame.isObject = c == '{';
            ++m_pos;
            skipWhitespace();
            const char close = frame.isObject ? '}' : ']';
            if (!atEnd() && m_s[m_pos] == close) {
                ++m_pos;
                type = frame.isObject ? JsonType::Object : JsonType::Array;
            } else {
                m_stack.append(frame);
                if (frame.isObject && !scanKey(m_stack.back()))
                    return fail(m_error);
                continue;
            }
        } else if (c == '"') {
            bool hadEscape = false;
            if (!scanString(&hadEscape))
                return fail(m_error);
            type = JsonType::String;
        } else if (c == '-' || (c >= '0' && c <= '9')) {
            if (!scanNumber(&plainInteger))
                return fail(m_error);
            type = JsonType::Number;
        } else if (c == 't') {
            if (!scanLiteral("true", 4))
                return fail(m_error);
            type = JsonType::Bool;
            literalTrue = true;
        } else if (c == 'f') {
            if (!scanLiteral("false", 5))
                return fail(m_error);
            type = JsonType::Bool;
        } else if (c == 'n') {
            if (!scanLiteral("null", 4))
                return fail(m_error);
        } else {
            return fail(error(JsonError::UnexpectedChar));
        }
        valueDone(type, start, literalTrue, plainInteger);

        // After a value: close containers or move to the next member.
        for (;;) {
            if (m_stack.isEmpty()) {
                skipWhitespace();
                if (!atEnd())
                    return fail(error(JsonError::TrailingData));
                return std::move(m_result);
            }
            skipWhitespace();
            if (atEnd())
                return fail(error(JsonError::UnexpectedEnd));
            Frame &top = m_stack.back();
            const uchar next = peek();
            if (next == ',') {
                ++m_pos;
                if (top.isObject) {
                    skipWhitespace();
                    if (!scanKey(top))
                        return fail(m_error);
                }
                break;
            }
            if (next != (top.isObject ? '}' : ']'))
                return fail(error(JsonError::UnexpectedChar));
            ++m_pos;
            const Frame done = top;
            m_stack.pop_back();
            if (done.isObject && done.members == 2 && done.placeholderTrue && done.numOk) {
                const bool inRootArray = !m_stack.isEmpty() && !m_stack.front().isObject;
                const qint32 element = inRootArray ? qint32(m_result.elements.size()) : -1;
                m_result.placeholders.append(
                    JsonPlaceholder{done.num, JsonSpan{done.start, m_pos - done.start}, element});
            } else if (done.isObject && done.placeholderTrue) {
                ++m_result.invalidPlaceholders;
            }
            valueDone(done.isObject ? JsonType::Object : JsonType::Array, done.start, false, false);
        }
    }
}

} // namespace

Result<JsonScan, JsonScanError> scanJson(QByteArrayView text, const JsonScanOptions &options)
{
    Scanner scanner(text, options);
    return scanner.run();
}

QString describe(JsonError error)
{
    switch (error) {
    case JsonError::Empty:
        return QStringLiteral("empty JSON text");
    case JsonError::UnexpectedEnd:
        return QStringLiteral("unexpected end of JSON text");
    case JsonError::UnexpectedChar:
        return QStringLiteral("unexpected character");
    case JsonError::ControlChar:
        return QStringLiteral("unescaped control character in string");
    case JsonError::BadEscape:
        return QStringLiteral("invalid escape sequence");
    case JsonError::BadUtf8:
        return QStringLiteral("invalid UTF-8");
    case JsonError::BadNumber:
        return QStringLiteral("invalid number");
    case JsonError::BadLiteral:
        return QStringLiteral("invalid literal");
    case JsonError::TooDeep:
        return QStringLiteral("nesting too deep");
    case JsonError::TrailingData:
        return QStringLiteral("data after the JSON value");
    }
    return QStringLiteral("unknown JSON error");
}

} // namespace sb::sio

namespace sb::sio {

namespace {

qsizetype skipSpace(QByteArrayView text, qsizetype i)
{
    while (i < text.size()
        && (text[i] == ' ' || text[i] == '\t' || text[i] == '\n' || text[i] == '\r'))
        ++i;
    return i;
}

// Index just past the string starting at text[i] == '"'.
qsizetype skipString(QByteArrayView text, qsizetype i)
{
    for (++i; i < text.size(); ++i) {
        if (text[i] == '\\')
            ++i;
        else if (text[i] == '"')
            return i + 1;
    }
    return text.size();
}

// Index just past the (valid) value starting at text[i].
qsizetype skipValue(QByteArrayView text, qsizetype i)
{
    int depth = 0;
    for (; i < text.size(); ++i) {
        const char c = text[i];
        if (c == '"') {
            i = skipString(text, i) - 1;
            if (depth == 0)
                return i + 1;
        } else if (c == '{' || c == '[') {
            ++depth;
        } else if (c == '}' || c == ']') {
            if (depth == 0)
                return i;
            if (--depth == 0)
                return i + 1;
        } else if (depth == 0 && (c == ',' || c == ' ' || c == '\t' || c == '\n' || c == '\r')) {
            return i;
        }
    }
    return i;
}

} // namespace

std::optional<JsonSpan> findObjectMember(QByteArrayView objectJson, QStringView key)
{
    qsizetype i = skipSpace(objectJson, 0);
    if (i >= objectJson.size() || objectJson[i] != '{')
        return std::nullopt;
    std::optional<JsonSpan> found;
    i = skipSpace(objectJson, i + 1);
    while (i < objectJson.size() && objectJson[i] == '"') {
        const qsizetype keyEnd = skipString(objectJson, i);
        const bool match = decodeJsonString(objectJson.sliced(i, keyEnd - i)) == key;
        i = skipSpace(objectJson, keyEnd);
        if (i >= objectJson.size() || objectJson[i] != ':')
            return std::nullopt;
        i = skipSpace(objectJson, i + 1);
        const qsizetype valueEnd = skipValue(objectJson, i);
        if (match)
            found = JsonSpan{i, valueEnd - i};
        i = skipSpace(objectJson, valueEnd);
        if (i < objectJson.size() && objectJson[i] == ',')
            i = skipSpace(objectJson, i + 1);
        else
            break;
    }
    return found;
}

} // namespace sb::sio
