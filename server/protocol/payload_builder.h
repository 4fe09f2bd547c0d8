#pragma once

#include "payload.h"

#include <QJsonArray>
#include <QJsonObject>
#include <QJsonValue>

#include <concepts>

namespace sb::sio {

// Builds an outgoing payload (the array of an EVENT or ACK), writing what JSON.stringify would
// write for the same JavaScript values:
// - strings escaped like JSON.stringify (see appendJsonString);
// - doubles with JavaScript's number formatting: 1, 0.1, 1e+21, 1e-7, -0 as 0, NaN/inf as null;
// - integer types written exactly, also beyond 2^53 where JavaScript would round (the client
//   parses them as the nearest double anyway);
// - QJsonValue/QJsonObject/QJsonArray compactly; objects come in QJsonObject's (sorted) key order;
//   integral values Qt holds as 64-bit integers are written exactly;
// - binary values as `{"_placeholder":true,"num":K}` with the bytes appended as attachment K.
class PayloadBuilder
{
public:
    PayloadBuilder() = default;
    // Starts an EVENT payload: the event name is element 0.
    explicit PayloadBuilder(QStringView eventName);

    // One JSON value, trusted: not validated, its type read from its first byte. It must not
    // contain placeholder objects (use appendBinary, or appendElements to copy received ones).
    PayloadBuilder &appendRaw(QByteArrayView json);
    PayloadBuilder &append(const QJsonValue &value);
    PayloadBuilder &append(const QJsonObject &object);
    PayloadBuilder &append(const QJsonArray &array);
    PayloadBuilder &append(const QString &text) { return append(QStringView(text)); }
    PayloadBuilder &append(QStringView text);
    PayloadBuilder &append(QLatin1StringView text) { return append(QString(text)); }
    // Not a string: const char * would silently become a bool.
    PayloadBuilder &append(const char *) = delete;
    template <std::same_as<bool> Bool>
    PayloadBuilder &append(Bool value)
    {
        return appendRaw(value ? QByteArrayView("true") : QByteArrayView("false"));
    }
    template <std::integral Int>
    requires(!std::same_as<Int, bool> && !std::same_as<Int, char>) PayloadBuilder &append(Int value)
    {
        if constexpr (std::is_signed_v<Int>)
            return appendRaw(QByteArray::number(qint64(value)));
        else
            return appendRaw(QByteArray::number(quint64(value)));
    }
    template <std::floating_point Float>
    PayloadBuilder &append(Float value)
    {
        return appendDouble(double(value));
    }
    PayloadBuilder &appendNull();
    PayloadBuilder &appendBinary(const QByteArray &bytes);
    // Copies elements [from, from + count) of `source` byte for byte, with the attachments they
    // reference (see Payload's relaying rule).
    PayloadBuilder &appendElements(const Payload &source, qsizetype from = 0, qsizetype count = -1);

    qsizetype size() const { return m_elements.size(); }
    Payload build() const;

private:
    friend class Payload;
    PayloadBuilder &appendDouble(double value);
    void beginElement();
    void endElement(JsonType type, qsizetype start, qint32 placeholder = -1);
    // Copies elements [from, end) with placeholder numbers mapped: new num = map[old num].
    void copyElements(
        const Payload &source, qsizetype from, qsizetype end, const QList<quint32> &map);

    QByteArray m_json = QByteArray(1, '[');
    QList<JsonElement> m_elements;
    QList<JsonPlaceholder> m_placeholders;
    QList<QByteArray> m_attachments;
};

// Compact JSON text of a Qt JSON value, as PayloadBuilder writes it.
QByteArray toJsonText(const QJsonValue &value);

} // namespace sb::sio
