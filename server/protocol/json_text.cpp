#include "json_text.h"

#include <charconv>
#include <cmath>
#include <limits>

namespace sb::sio {

namespace {

void appendUtf8(QByteArray &out, char32_t cp)
{
    if (cp < 0x80) {
        out.append(char(cp));
    } else if (cp < 0x800) {
        out.append(char(0xC0 | (cp >> 6)));
        out.append(char(0x80 | (cp & 0x3F)));
    } else if (cp < 0x10000) {
        out.append(char(0xE0 | (cp >> 12)));
        out.append(char(0x80 | ((cp >> 6) & 0x3F)));
        out.append(char(0x80 | (cp & 0x3F)));
    } else {
        out.append(char(0xF0 | (cp >> 18)));
        out.append(char(0x80 | ((cp >> 12) & 0x3F)));
        out.append(char(0x80 | ((cp >> 6) & 0x3F)));
        out.append(char(0x80 | (cp & 0x3F)));
    }
}

void appendUnicodeEscape(QByteArray &out, char16_t unit)
{
    static constexpr char hex[] = "0123456789abcdef";
    const char text[6] = {'\\', 'u', hex[(unit >> 12) & 0xF], hex[(unit >> 8) & 0xF],
        hex[(unit >> 4) & 0xF], hex[unit & 0xF]};
    out.append(text, 6);
}

int hexValue(char c)
{
    if (c >= '0' && c <= '9')
        return c - '0';
    if (c >= 'a' && c <= 'f')
        return c - 'a' + 10;
    return c - 'A' + 10;
}

} // namespace

void appendJsonString(QByteArray &out, QStringView s)
{
    out.reserve(out.size() + s.size() + 2);
    out.append('"');
    const qsizetype n = s.size();
    for (qsizetype i = 0; i < n; ++i) {
        const char16_t u = s[i].unicode();
        if (u >= 0x20 && u < 0x80) {
            if (u == '"' || u == '\\')
                out.append('\\');
            out.append(char(u));
            continue;
        }
        switch (u) {
        case u'\b':
            out.append("\\b", 2);
            continue;
        case u'\f':
            out.append("\\f", 2);
            continue;
        case u'\n':
            out.append("\\n", 2);
            continue;
        case u'\r':
            out.append("\\r", 2);
            continue;
        case u'\t':
            out.append("\\t", 2);
            continue;
        default:
            break;
        }
        if (u < 0x20) {
            appendUnicodeEscape(out, u);
        } else if (QChar::isHighSurrogate(u) && i + 1 < n
            && QChar::isLowSurrogate(s[i + 1].unicode())) {
            appendUtf8(out, QChar::surrogateToUcs4(u, s[i + 1].unicode()));
            ++i;
        } else if (QChar::isSurrogate(u)) {
            appendUnicodeEscape(out, u);
        } else {
            appendUtf8(out, u);
        }
    }
    out.append('"');
}

QByteArray quoteJsonString(QStringView s)
{
    QByteArray out;
    appendJsonString(out, s);
    return out;
}

QString decodeJsonString(QByteArrayView literal)
{
    if (literal.size() < 2)
        return QString();
    const QByteArrayView body = literal.sliced(1, literal.size() - 2);
    if (!body.contains('\\'))
        return QString::fromUtf8(body);
    QString out;
    out.reserve(body.size());
    qsizetype runStart = 0;
    qsizetype i = 0;
    while (i < body.size()) {
        if (body[i] != '\\') {
            ++i;
            continue;
        }
        out.append(QString::fromUtf8(body.sliced(runStart, i - runStart)));
        const char e = i + 1 < body.size() ? body[i + 1] : '\\';
        switch (e) {
        case 'b':
            out.append(u'\b');
            break;
        case 'f':
            out.append(u'\f');
            break;
        case 'n':
            out.append(u'\n');
            break;
        case 'r':
            out.append(u'\r');
            break;
        case 't':
            out.append(u'\t');
            break;
        case 'u': {
            char16_t unit = 0;
            for (qsizetype k = 2; k < 6 && i + k < body.size(); ++k)
                unit = char16_t(unit * 16 + hexValue(body[i + k]));
            out.append(QChar(unit));
            i += 4;
            break;
        }
        default: // '"', '\\', '/'
            out.append(QLatin1Char(e));
            break;
        }
        i += 2;
        runStart = i;
    }
    out.append(QString::fromUtf8(body.sliced(qMin(runStart, body.size()))));
    return out;
}

QString jsNumberToString(double value)
{
    if (std::isnan(value))
        return QStringLiteral("NaN");
    if (std::isinf(value))
        return value > 0 ? QStringLiteral("Infinity") : QStringLiteral("-Infinity");
    return QString::fromLatin1(formatJsonNumber(value));
}

QByteArray formatJsonNumber(double value)
{
    if (!std::isfinite(value))
        return QByteArrayLiteral("null");
    if (value == 0)
        return QByteArrayLiteral("0"); // also -0
    // Shortest round-trip digits, then ECMA-262 Number::toString's layout rules.
    char buffer[64];
    const auto result = std::to_chars(
        buffer, buffer + sizeof buffer, std::fabs(value), std::chars_format::scientific);
    const QByteArrayView sci(buffer, result.ptr - buffer); // "d[.ddd]e±xx"
    const qsizetype ePos = sci.indexOf('e');
    QByteArray digits;
    for (qsizetype i = 0; i < ePos; ++i) {
        if (sci[i] != '.')
            digits.append(sci[i]);
    }
    int exponent = 0;
    std::from_chars(
        sci.data() + ePos + (sci[ePos + 1] == '+' ? 2 : 1), sci.data() + sci.size(), exponent);
    const qsizetype k = digits.size();
    const qsizetype n = exponent + 1;

    QByteArray out;
    if (value < 0)
        out.append('-');
    if (k <= n && n <= 21) {
        out.append(digits);
        out.append(QByteArray(n - k, '0'));
    } else if (0 < n && n <= 21) {
        out.append(digits.left(n));
        out.append('.');
        out.append(digits.mid(n));
    } else if (-6 < n && n <= 0) {
        out.append("0.", 2);
        out.append(QByteArray(-n, '0'));
        out.append(digits);
    } else {
        out.append(digits[0]);
        if (k > 1) {
            out.append('.');
            out.append(digits.mid(1));
        }
        out.append('e');
        out.append(n - 1 >= 0 ? '+' : '-');
        out.append(QByteArray::number(std::abs(n - 1)));
    }
    return out;
}

double parseJsonNumber(QByteArrayView literal)
{
    double value = 0;
    const auto result = std::from_chars(literal.data(), literal.data() + literal.size(), value);
    if (result.ec != std::errc::result_out_of_range)
        return value;
    // Out of range: decide between overflow and underflow from the decimal magnitude.
    const bool negative = literal.startsWith('-');
    qsizetype i = negative ? 1 : 0;
    qint64 intDigits = 0;
    qint64 firstNonZero = -1; // position counted over all mantissa digits
    qint64 position = 0;
    for (; i < literal.size() && literal[i] != 'e' && literal[i] != 'E'; ++i) {
        if (literal[i] == '.') {
            intDigits = position;
            continue;
        }
        if (firstNonZero < 0 && literal[i] != '0')
            firstNonZero = position;
        ++position;
    }
    if (!literal.contains('.'))
        intDigits = position;
    qint64 exponent = 0;
    if (i < literal.size()) {
        ++i;
        bool minus = false;
        if (literal[i] == '+' || literal[i] == '-')
            minus = literal[i++] == '-';
        for (; i < literal.size(); ++i)
            exponent = qMin<qint64>(exponent * 10 + (literal[i] - '0'), 1'000'000'000);
        if (minus)
            exponent = -exponent;
    }
    const qint64 magnitude = intDigits - 1 - qMax<qint64>(firstNonZero, 0) + exponent;
    const double big = std::numeric_limits<double>::infinity();
    return magnitude >= 0 ? (negative ? -big : big) : (negative ? -0.0 : 0.0);
}

} // namespace sb::sio
