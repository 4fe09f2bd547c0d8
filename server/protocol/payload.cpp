#include "payload.h"

#include "json_text.h"
#include "payload_builder.h"
#include "payload_data.h"

#include <QJsonArray>
#include <QJsonDocument>

#include <algorithm>
#include <limits>

namespace sb::sio {

namespace {

// Builds payload data from an already scanned array; spans are made relative to the value.
PayloadData *makeData(QByteArrayView text, JsonScan scan, const QList<QByteArray> &attachments)
{
    auto *data = new PayloadData;
    const qsizetype shift = scan.value.offset;
    data->json = text.sliced(shift, scan.value.length).toByteArray();
    data->attachments = attachments;
    data->elements = std::move(scan.elements);
    data->placeholders = std::move(scan.placeholders);
    if (shift != 0) {
        for (JsonElement &element : data->elements)
            element.span.offset -= shift;
        for (JsonPlaceholder &placeholder : data->placeholders)
            placeholder.span.offset -= shift;
    }
    return data;
}

} // namespace

Payload::Payload()
    : d(new PayloadData)
{ }

Payload::Payload(PayloadData *data)
    : d(data)
{ }

Payload::Payload(const Payload &other) = default;
Payload::Payload(Payload &&other) noexcept = default;
Payload &Payload::operator=(const Payload &other) = default;
Payload &Payload::operator=(Payload &&other) noexcept = default;
Payload::~Payload() = default;

Result<Payload, QString> Payload::fromJson(
    QByteArrayView json, const QList<QByteArray> &attachments, int maxDepth)
{
    JsonScanOptions options;
    options.maxDepth = maxDepth;
    options.findPlaceholders = !attachments.isEmpty();
    auto scan = scanJson(json, options);
    if (!scan) {
        return fail(QStringLiteral("%1 at byte %2")
                        .arg(describe(scan.error().code))
                        .arg(scan.error().offset));
    }
    if (scan->type != JsonType::Array)
        return fail(QStringLiteral("not a JSON array"));
    for (const JsonPlaceholder &placeholder : std::as_const(scan->placeholders)) {
        if (placeholder.num >= quint64(attachments.size()))
            return fail(QStringLiteral("placeholder %1 without attachment").arg(placeholder.num));
    }
    return Payload(makeData(json, std::move(*scan), attachments));
}

Payload Payload::fromPacket(const Packet &packet)
{
    if (packet.scan.type == JsonType::Array && packet.scan.value.length > 0)
        return Payload(makeData(packet.data, packet.scan, packet.attachments));
    JsonScanOptions options;
    options.maxDepth = std::numeric_limits<int>::max();
    options.findPlaceholders = !packet.attachments.isEmpty();
    auto scan = scanJson(packet.data, options);
    if (!scan || scan->type != JsonType::Array)
        return Payload();
    return Payload(makeData(packet.data, std::move(*scan), packet.attachments));
}

qsizetype Payload::size() const
{
    return d->elements.size();
}

QByteArray Payload::json() const
{
    return d->json;
}

const QList<QByteArray> &Payload::attachments() const
{
    return d->attachments;
}

const QList<JsonPlaceholder> &Payload::placeholders() const
{
    return d->placeholders;
}

JsonElement Payload::element(qsizetype i) const
{
    return d->elements.value(i);
}

JsonType Payload::type(qsizetype i) const
{
    return element(i).type;
}

QByteArray Payload::raw(qsizetype i) const
{
    if (i < 0 || i >= size())
        return QByteArray();
    const JsonSpan span = d->elements.at(i).span;
    return d->json.sliced(span.offset, span.length);
}

bool Payload::isBinary(qsizetype i) const
{
    return i >= 0 && i < size() && d->elements.at(i).placeholder >= 0;
}

QByteArray Payload::binary(qsizetype i) const
{
    if (!isBinary(i))
        return QByteArray();
    const quint32 num = d->placeholders.at(d->elements.at(i).placeholder).num;
    return d->attachments.value(num);
}

QJsonValue Payload::toJson(qsizetype i) const
{
    if (i < 0 || i >= size() || isBinary(i))
        return QJsonValue();
    const JsonSpan span = d->elements.at(i).span;
    QByteArray wrapped;
    wrapped.reserve(span.length + 2);
    wrapped.append('[');
    wrapped.append(QByteArrayView(d->json).sliced(span.offset, span.length));
    wrapped.append(']');
    return QJsonDocument::fromJson(wrapped).array().at(0);
}

QString Payload::string(qsizetype i) const
{
    if (type(i) != JsonType::String || i >= size())
        return QString();
    const JsonSpan span = d->elements.at(i).span;
    return decodeJsonString(QByteArrayView(d->json).sliced(span.offset, span.length));
}

std::optional<QString> Payload::eventName() const
{
    if (isEmpty())
        return std::nullopt;
    const JsonElement first = d->elements.at(0);
    if (first.type == JsonType::String)
        return string(0);
    if (first.type == JsonType::Number) {
        return jsNumberToString(
            parseJsonNumber(QByteArrayView(d->json).sliced(first.span.offset, first.span.length)));
    }
    return std::nullopt;
}

Payload Payload::sliced(qsizetype from, qsizetype count) const
{
    return PayloadBuilder().appendElements(*this, from, count).build();
}

Payload Payload::prepended(QStringView eventName) const
{
    const QByteArray name = quoteJsonString(eventName);
    const qsizetype shift = name.size() + (isEmpty() ? 0 : 1);
    auto *data = new PayloadData(*d);
    data->json = QByteArray(1, '[') + name + (isEmpty() ? QByteArray() : QByteArray(1, ','))
        + QByteArrayView(d->json).sliced(1);
    for (JsonElement &element : data->elements)
        element.span.offset += shift;
    for (JsonPlaceholder &placeholder : data->placeholders) {
        placeholder.span.offset += shift;
        ++placeholder.element;
    }
    data->elements.prepend(JsonElement{JsonSpan{1, name.size()}, JsonType::String, -1});
    return Payload(data);
}

std::optional<Payload> Payload::withAttachmentOrder(const QList<qsizetype> &order) const
{
    const qsizetype count = d->attachments.size();
    constexpr quint32 missing = std::numeric_limits<quint32>::max();
    QList<quint32> map(count, missing);
    PayloadBuilder builder;
    for (qsizetype k = 0; k < order.size(); ++k) {
        const qsizetype old = order.at(k);
        if (old < 0 || old >= count)
            return std::nullopt;
        map[old] = quint32(k);
        builder.m_attachments.append(d->attachments.at(old));
    }
    for (const JsonPlaceholder &placeholder : d->placeholders) {
        if (placeholder.num >= quint64(count) || map.at(placeholder.num) == missing)
            return std::nullopt;
    }
    builder.copyElements(*this, 0, size(), map);
    return builder.build();
}

bool operator==(const Payload &a, const Payload &b)
{
    return a.d == b.d || (a.d->json == b.d->json && a.d->attachments == b.d->attachments);
}

} // namespace sb::sio
