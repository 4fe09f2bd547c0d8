#include "ui/payload_format.h"

#include <QJsonArray>
#include <QJsonDocument>

#include <algorithm>

using namespace Qt::StringLiterals;

namespace sb::ui::payload {

namespace {

bool isDigit(char c)
{
    return c >= '0' && c <= '9';
}

// Index just past the JSON string literal starting at `from` (which holds '"'), or -1.
qsizetype skipString(QByteArrayView s, qsizetype from)
{
    for (qsizetype i = from + 1; i < s.size(); ++i) {
        if (s[i] == '\\')
            ++i;
        else if (s[i] == '"')
            return i + 1;
    }
    return -1;
}

qsizetype skipSpace(QByteArrayView s, qsizetype i)
{
    while (i < s.size() && (s[i] == ' ' || s[i] == '\n' || s[i] == '\r' || s[i] == '\t'))
        ++i;
    return i;
}

constexpr QByteArrayView PlaceholderStart = R"({"_placeholder":true,"num":)";

} // namespace

FrameParts parseFrame(QByteArrayView frame)
{
    FrameParts parts;
    if (frame.isEmpty() || !isDigit(frame[0]))
        return parts;
    parts.type = frame[0] - '0';
    qsizetype i = 1;
    if (parts.type == 5 || parts.type == 6) {
        const qsizetype dash = frame.indexOf('-', i);
        if (dash < 0)
            return parts;
        bool ok = false;
        parts.attachments = frame.sliced(i, dash - i).toInt(&ok);
        if (!ok)
            return parts;
        i = dash + 1;
    }
    if (i < frame.size() && frame[i] == '/') {
        const qsizetype comma = frame.indexOf(',', i);
        const qsizetype end = comma < 0 ? frame.size() : comma;
        parts.nsp = frame.sliced(i, end - i).toByteArray();
        i = comma < 0 ? end : comma + 1;
    }
    const qsizetype digits = i;
    while (i < frame.size() && isDigit(frame[i]))
        ++i;
    if (i > digits)
        parts.ackId = frame.sliced(digits, i - digits).toLongLong();
    parts.json = frame.sliced(i);
    parts.ok = true;
    return parts;
}

bool isText(QByteArrayView bytes)
{
    for (const char c : bytes) {
        const auto u = static_cast<unsigned char>(c);
        if (u < 0x20 && u != '\t' && u != '\n' && u != '\r')
            return false;
    }
    // A cut (the tap's bound, the preview's prefix) may split the last character: still text.
    for (qsizetype cut = 0; cut <= 3 && cut <= bytes.size(); ++cut) {
        if (bytes.first(bytes.size() - cut).isValidUtf8())
            return true;
    }
    return false;
}

QString hex(QByteArrayView bytes, qsizetype maxBytes)
{
    const QByteArrayView shown = bytes.first(std::min(bytes.size(), maxBytes));
    QString text = QString::fromLatin1(shown.toByteArray().toHex(' '));
    if (shown.size() < bytes.size())
        text += u" …"_s;
    return text;
}

QString preview(const monitor::TrafficRecord &record, qsizetype maxChars)
{
    // Enough bytes for maxChars characters even when every one is multi-byte or a placeholder.
    const QByteArrayView frame
        = QByteArrayView(record.payload)
              .first(std::min<qsizetype>(record.payload.size(), maxChars * 4 + 64));
    const FrameParts parts = parseFrame(frame);
    if (!parts.ok || !isText(frame))
        return hex(record.payload, std::max<qsizetype>(8, maxChars / 3));

    QByteArrayView json = parts.json;
    const bool event = parts.type == 2 || parts.type == 5;
    const bool ack = parts.type == 3 || parts.type == 6;
    const bool complete = frame.size() == record.payload.size() && !record.truncated;
    if ((event || ack) && json.startsWith('[')) {
        qsizetype i = skipSpace(json, 1);
        if (event && i < json.size() && json[i] == '"') {
            // Skip the event name: the column next to it shows it already.
            const qsizetype end = skipString(json, i);
            i = end < 0 ? json.size() : skipSpace(json, end);
            if (i < json.size() && json[i] == ',')
                i = skipSpace(json, i + 1);
        }
        json = json.sliced(i);
        if (complete && json.endsWith(']'))
            json.chop(1);
    }

    QString text;
    if (parts.attachments > 0)
        text += QStringLiteral("<binary ×%1> ").arg(parts.attachments);
    qsizetype from = 0;
    while (from < json.size()) {
        const qsizetype at = json.indexOf(PlaceholderStart, from);
        if (at < 0) {
            text += QString::fromUtf8(json.sliced(from));
            break;
        }
        text += QString::fromUtf8(json.sliced(from, at - from));
        const qsizetype close = json.indexOf('}', at);
        if (close < 0) {
            text += QString::fromUtf8(json.sliced(at));
            break;
        }
        text += u"<binary #"_s
            + QString::fromLatin1(
                json.sliced(at + PlaceholderStart.size(), close - at - PlaceholderStart.size()))
            + u'>';
        from = close + 1;
    }
    for (QChar &c : text) {
        if (c == u'\n' || c == u'\r' || c == u'\t')
            c = u' ';
    }
    if (text.size() > maxChars) {
        text.truncate(maxChars - 1);
        text += u'…';
    } else if (!complete) {
        text += u'…';
    }
    return text;
}

QString preview(const monitor::TrafficRecord &record, const PreviewFormatters &formatters,
    const monitor::SocketRow *socket, qsizetype maxChars)
{
    const auto formatter = formatters.constFind(record.event);
    if (formatter == formatters.constEnd() || record.truncated || record.event.isEmpty())
        return preview(record, maxChars);
    const FrameParts parts = parseFrame(record.payload);
    // Binary events keep placeholders a formatter could not show: they stay generic.
    if (!parts.ok || parts.type != 2)
        return preview(record, maxChars);
    QJsonParseError error;
    const QJsonDocument document = QJsonDocument::fromJson(parts.json.toByteArray(), &error);
    if (error.error != QJsonParseError::NoError || !document.isArray())
        return preview(record, maxChars);
    QJsonArray arguments = document.array();
    if (arguments.isEmpty() || arguments.first().toString() != record.event)
        return preview(record, maxChars);
    arguments.removeFirst();
    QString text = (*formatter)(PreviewContext{record, arguments, socket});
    if (text.isEmpty())
        return preview(record, maxChars);
    for (QChar &c : text) {
        if (c == u'\n' || c == u'\r' || c == u'\t')
            c = u' ';
    }
    if (text.size() > maxChars) {
        text.truncate(maxChars - 1);
        text += u'…';
    }
    return text;
}

QString prettyJson(const monitor::TrafficRecord &record, bool *parsed)
{
    const FrameParts parts = parseFrame(record.payload);
    const QByteArrayView json = parts.ok ? parts.json : QByteArrayView(record.payload);
    QJsonParseError error;
    const QJsonDocument document = QJsonDocument::fromJson(json.toByteArray(), &error);
    const bool ok = parts.ok && error.error == QJsonParseError::NoError && !document.isNull();
    if (parsed)
        *parsed = ok;
    if (ok)
        return QString::fromUtf8(document.toJson(QJsonDocument::Indented));
    if (!isText(json))
        return hex(json, 4096);
    return QString::fromUtf8(json);
}

} // namespace sb::ui::payload
