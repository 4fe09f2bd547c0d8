#include "payload_builder.h"

#include "json_text.h"
#include "payload_data.h"

#include <algorithm>
#include <cmath>

namespace sb::sio {

namespace {

void appendJsonValue(QByteArray &out, const QJsonValue &value)
{
    switch (value.type()) {
    case QJsonValue::Null:
    case QJsonValue::Undefined:
        out.append("null", 4);
        return;
    case QJsonValue::Bool:
        out.append(value.toBool() ? QByteArrayView("true") : QByteArrayView("false"));
        return;
    case QJsonValue::Double: {
        // Qt keeps integral numbers as 64-bit integers: write those exactly. toInteger() only
        // ignores its default when the value is an in-range integer (Qt 6.4 gets NaN wrong, hence
        // the isfinite).
        const qint64 integer = value.toInteger(0);
        if (std::isfinite(value.toDouble()) && integer == value.toInteger(1))
            out.append(QByteArray::number(integer));
        else
            out.append(formatJsonNumber(value.toDouble()));
        return;
    }
    case QJsonValue::String:
        appendJsonString(out, value.toString());
        return;
    case QJsonValue::Array: {
        out.append('[');
        bool first = true;
        for (const QJsonValue &item : value.toArray()) {
            if (!first)
                out.append(',');
            first = false;
            appendJsonValue(out, item);
        }
        out.append(']');
        return;
    }
    case QJsonValue::Object: {
        out.append('{');
        bool first = true;
        const QJsonObject object = value.toObject();
        for (auto it = object.begin(); it != object.end(); ++it) {
            if (it.value().isUndefined())
                continue; // JSON.stringify drops undefined members
            if (!first)
                out.append(',');
            first = false;
            appendJsonString(out, it.key());
            out.append(':');
            appendJsonValue(out, it.value());
        }
        out.append('}');
        return;
    }
    }
}

JsonType sniffType(QByteArrayView json)
{
    switch (json.isEmpty() ? 'n' : json.front()) {
    case '"':
        return JsonType::String;
    case '{':
        return JsonType::Object;
    case '[':
        return JsonType::Array;
    case 't':
    case 'f':
        return JsonType::Bool;
    case 'n':
        return JsonType::Null;
    default:
        return JsonType::Number;
    }
}

} // namespace

QByteArray toJsonText(const QJsonValue &value)
{
    QByteArray out;
    appendJsonValue(out, value);
    return out;
}

PayloadBuilder::PayloadBuilder(QStringView eventName)
{
    append(eventName);
}

void PayloadBuilder::beginElement()
{
    if (!m_elements.isEmpty())
        m_json.append(',');
}

void PayloadBuilder::endElement(JsonType type, qsizetype start, qint32 placeholder)
{
    m_elements.append(JsonElement{JsonSpan{start, m_json.size() - start}, type, placeholder});
}

PayloadBuilder &PayloadBuilder::appendRaw(QByteArrayView json)
{
    json = json.trimmed();
    beginElement();
    const qsizetype start = m_json.size();
    if (json.isEmpty())
        m_json.append("null", 4);
    else
        m_json.append(json);
    endElement(sniffType(json), start);
    return *this;
}

PayloadBuilder &PayloadBuilder::append(const QJsonValue &value)
{
    beginElement();
    const qsizetype start = m_json.size();
    appendJsonValue(m_json, value);
    endElement(sniffType(QByteArrayView(m_json).sliced(start)), start);
    return *this;
}

PayloadBuilder &PayloadBuilder::append(const QJsonObject &object)
{
    return append(QJsonValue(object));
}

PayloadBuilder &PayloadBuilder::append(const QJsonArray &array)
{
    return append(QJsonValue(array));
}

PayloadBuilder &PayloadBuilder::append(QStringView text)
{
    beginElement();
    const qsizetype start = m_json.size();
    appendJsonString(m_json, text);
    endElement(JsonType::String, start);
    return *this;
}

PayloadBuilder &PayloadBuilder::appendDouble(double value)
{
    return appendRaw(formatJsonNumber(value));
}

PayloadBuilder &PayloadBuilder::appendNull()
{
    return appendRaw("null");
}

PayloadBuilder &PayloadBuilder::appendBinary(const QByteArray &bytes)
{
    beginElement();
    const qsizetype start = m_json.size();
    const auto num = quint32(m_attachments.size());
    m_attachments.append(bytes);
    m_json.append("{\"_placeholder\":true,\"num\":");
    m_json.append(QByteArray::number(num));
    m_json.append('}');
    m_placeholders.append(
        JsonPlaceholder{num, JsonSpan{start, m_json.size() - start}, qint32(m_elements.size())});
    endElement(JsonType::Object, start, qint32(m_placeholders.size() - 1));
    return *this;
}

PayloadBuilder &PayloadBuilder::appendElements(
    const Payload &source, qsizetype from, qsizetype count)
{
    const qsizetype size = source.size();
    from = std::clamp<qsizetype>(from, 0, size);
    const qsizetype end = count < 0 ? size : std::min(size, from + count);
    // The attachments referenced by the copied elements, kept in their original order and
    // appended after ours; numbers change only where that differs from the source's numbering.
    QList<quint32> used;
    for (const JsonPlaceholder &placeholder : source.placeholders()) {
        if (placeholder.element >= from && placeholder.element < end)
            used.append(placeholder.num);
    }
    std::sort(used.begin(), used.end());
    used.erase(std::unique(used.begin(), used.end()), used.end());
    QList<quint32> map(source.attachments().size(), 0);
    for (const quint32 old : std::as_const(used)) {
        if (old >= quint64(map.size()))
            continue; // cannot happen for a validated payload; copied unchanged
        map[old] = quint32(m_attachments.size());
        m_attachments.append(source.attachments().at(old));
    }
    copyElements(source, from, end, map);
    return *this;
}

void PayloadBuilder::copyElements(
    const Payload &source, qsizetype from, qsizetype end, const QList<quint32> &map)
{
    const QByteArrayView text(source.d->json);
    const QList<JsonPlaceholder> &placeholders = source.d->placeholders;
    // Placeholders are in text order, hence grouped by element in element order.
    qsizetype next = 0;
    while (next < placeholders.size() && placeholders.at(next).element < from)
        ++next;
    for (qsizetype i = from; i < end; ++i) {
        const JsonElement &element = source.d->elements.at(i);
        beginElement();
        const qsizetype start = m_json.size();
        qsizetype copied = element.span.offset;
        qint32 elementPlaceholder = -1;
        for (; next < placeholders.size() && placeholders.at(next).element == i; ++next) {
            const JsonPlaceholder &placeholder = placeholders.at(next);
            m_json.append(text.sliced(copied, placeholder.span.offset - copied));
            const quint32 num
                = placeholder.num < quint64(map.size()) ? map.at(placeholder.num) : placeholder.num;
            const qsizetype at = m_json.size();
            if (num == placeholder.num) {
                m_json.append(text.sliced(placeholder.span.offset, placeholder.span.length));
            } else {
                m_json.append("{\"_placeholder\":true,\"num\":");
                m_json.append(QByteArray::number(num));
                m_json.append('}');
            }
            if (placeholder.span == element.span)
                elementPlaceholder = qint32(m_placeholders.size());
            m_placeholders.append(
                JsonPlaceholder{num, JsonSpan{at, m_json.size() - at}, qint32(m_elements.size())});
            copied = placeholder.span.end();
        }
        m_json.append(text.sliced(copied, element.span.end() - copied));
        endElement(element.type, start, elementPlaceholder);
    }
}

Payload PayloadBuilder::build() const
{
    auto *data = new PayloadData;
    data->json = m_json + ']';
    data->elements = m_elements;
    data->placeholders = m_placeholders;
    data->attachments = m_attachments;
    return Payload(data);
}

} // namespace sb::sio
