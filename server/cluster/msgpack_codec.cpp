#include "cluster/msgpack_codec.h"

#include <QDateTime>
#include <QJsonDocument>
#include <QJsonObject>

#include <msgpack.hpp>

#include <cmath>

namespace sb::cluster {

namespace {

using Packer = msgpack::packer<msgpack::sbuffer>;

std::optional<qsizetype> placeholderIndex(const QJsonObject &object)
{
    if (object.size() != 2 || !object.value(QLatin1String("_placeholder")).toBool()
        || !object.value(QLatin1String("num")).isDouble())
        return std::nullopt;
    return qsizetype(object.value(QLatin1String("num")).toInteger(-1));
}

quint64 bigEndian(const char *bytes, int count)
{
    quint64 value = 0;
    for (int i = 0; i < count; ++i)
        value = (value << 8) | quint8(bytes[i]);
    return value;
}

// The msgpack timestamp extension's three forms (spec "Timestamp extension type"): 32-bit
// seconds; 30-bit nanoseconds and 34-bit seconds; 32-bit nanoseconds and signed 64-bit seconds.
std::optional<qint64> timestampMilliseconds(const char *data, uint32_t size)
{
    qint64 seconds = 0;
    quint64 nanoseconds = 0;
    if (size == 4) {
        seconds = qint64(bigEndian(data, 4));
    } else if (size == 8) {
        const quint64 value = bigEndian(data, 8);
        nanoseconds = value >> 34;
        seconds = qint64(value & ((quint64(1) << 34) - 1));
    } else if (size == 12) {
        nanoseconds = bigEndian(data, 4);
        seconds = qint64(bigEndian(data + 4, 8));
    } else {
        return std::nullopt;
    }
    // Beyond what a JavaScript Date holds (±8.64e15 ms), or not a valid nanosecond count.
    constexpr qint64 MaxSeconds = 8'640'000'000'000;
    if (nanoseconds > 999'999'999 || seconds > MaxSeconds || seconds < -MaxSeconds)
        return std::nullopt;
    return seconds * 1000 + qint64(nanoseconds / 1'000'000);
}

void packString(Packer &packer, const QString &text)
{
    const QByteArray utf8 = text.toUtf8();
    packer.pack_str(uint32_t(utf8.size()));
    packer.pack_str_body(utf8.constData(), uint32_t(utf8.size()));
}

void pack(Packer &packer, const QJsonValue &value, const QList<QByteArray> &attachments)
{
    switch (value.type()) {
    case QJsonValue::Null:
    case QJsonValue::Undefined:
        packer.pack_nil();
        return;
    case QJsonValue::Bool:
        if (value.toBool())
            packer.pack_true();
        else
            packer.pack_false();
        return;
    case QJsonValue::Double: {
        // Integral values stay integers (notepack writes them so); a qint64 Qt kept exactly is
        // written exactly.
        const double d = value.toDouble();
        const qint64 exact = value.toInteger(std::numeric_limits<qint64>::min());
        if (exact != std::numeric_limits<qint64>::min() && double(exact) == d)
            packer.pack_int64(exact);
        else if (std::isfinite(d) && std::trunc(d) == d && std::fabs(d) < 9.2e18)
            packer.pack_int64(qint64(d));
        else
            packer.pack_double(d);
        return;
    }
    case QJsonValue::String:
        packString(packer, value.toString());
        return;
    case QJsonValue::Array: {
        const QJsonArray array = value.toArray();
        packer.pack_array(uint32_t(array.size()));
        for (const QJsonValue &element : array)
            pack(packer, element, attachments);
        return;
    }
    case QJsonValue::Object: {
        const QJsonObject object = value.toObject();
        if (const std::optional<qsizetype> index = placeholderIndex(object);
            index && *index >= 0 && *index < attachments.size()) {
            const QByteArray &bytes = attachments.at(*index);
            packer.pack_bin(uint32_t(bytes.size()));
            packer.pack_bin_body(bytes.constData(), uint32_t(bytes.size()));
            return;
        }
        packer.pack_map(uint32_t(object.size()));
        for (auto it = object.constBegin(); it != object.constEnd(); ++it) {
            packString(packer, it.key());
            pack(packer, it.value(), attachments);
        }
        return;
    }
    }
}

QJsonValue unpack(const msgpack::object &object, QList<QByteArray> &attachments)
{
    switch (object.type) {
    case msgpack::type::NIL:
        return QJsonValue(QJsonValue::Null);
    case msgpack::type::BOOLEAN:
        return object.via.boolean;
    case msgpack::type::POSITIVE_INTEGER:
        if (object.via.u64 <= quint64(std::numeric_limits<qint64>::max()))
            return QJsonValue(qint64(object.via.u64));
        return double(object.via.u64);
    case msgpack::type::NEGATIVE_INTEGER:
        return QJsonValue(qint64(object.via.i64));
    case msgpack::type::FLOAT32:
    case msgpack::type::FLOAT64:
        return object.via.f64;
    case msgpack::type::STR:
        return QString::fromUtf8(object.via.str.ptr, qsizetype(object.via.str.size));
    case msgpack::type::BIN: {
        attachments.append(QByteArray(object.via.bin.ptr, qsizetype(object.via.bin.size)));
        return QJsonObject{{QStringLiteral("_placeholder"), true},
            {QStringLiteral("num"), qint64(attachments.size() - 1)}};
    }
    case msgpack::type::ARRAY: {
        QJsonArray array;
        for (uint32_t i = 0; i < object.via.array.size; ++i)
            array.append(unpack(object.via.array.ptr[i], attachments));
        return array;
    }
    case msgpack::type::MAP: {
        QJsonObject map;
        for (uint32_t i = 0; i < object.via.map.size; ++i) {
            const msgpack::object_kv &kv = object.via.map.ptr[i];
            QString key;
            if (kv.key.type == msgpack::type::STR)
                key = QString::fromUtf8(kv.key.via.str.ptr, qsizetype(kv.key.via.str.size));
            else
                key = unpack(kv.key, attachments).toVariant().toString();
            map.insert(key, unpack(kv.val, attachments));
        }
        return map;
    }
    case msgpack::type::EXT:
        // notepack writes a Date as the msgpack timestamp extension (type -1): it becomes what
        // JSON.stringify makes of a Date, so that it reaches our clients as it reaches Node's.
        // Other extensions (notepack's `undefined`) read as null.
        if (object.via.ext.type() == -1) {
            if (const std::optional<qint64> ms
                = timestampMilliseconds(object.via.ext.data(), object.via.ext.size)) {
                return QDateTime::fromMSecsSinceEpoch(*ms, Qt::UTC).toString(Qt::ISODateWithMs);
            }
        }
        return QJsonValue(QJsonValue::Null);
    }
    return QJsonValue(QJsonValue::Null);
}

} // namespace

QByteArray encodeMsgpack(const QJsonValue &value, const QList<QByteArray> &attachments)
{
    msgpack::sbuffer buffer;
    Packer packer(buffer);
    pack(packer, value, attachments);
    return QByteArray(buffer.data(), qsizetype(buffer.size()));
}

std::optional<MsgValue> decodeMsgpack(QByteArrayView bytes)
{
    try {
        std::size_t offset = 0;
        const msgpack::object_handle handle
            = msgpack::unpack(bytes.data(), std::size_t(bytes.size()), offset);
        if (offset != std::size_t(bytes.size()))
            return std::nullopt;
        MsgValue result;
        result.value = unpack(handle.get(), result.attachments);
        return result;
    } catch (const std::exception &) {
        // msgpack-c reports malformed input by throwing; nothing leaves this function.
        return std::nullopt;
    }
}

QJsonArray argsToJson(const io::Args &args)
{
    return QJsonDocument::fromJson(args.json()).array();
}

std::optional<io::Args> argsFromJson(const QJsonArray &array, const QList<QByteArray> &attachments)
{
    auto parsed
        = io::Args::fromJson(QJsonDocument(array).toJson(QJsonDocument::Compact), attachments);
    if (!parsed)
        return std::nullopt;
    return *parsed;
}

} // namespace sb::cluster
