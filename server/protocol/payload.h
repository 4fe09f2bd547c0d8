#pragma once

#include "common/result.h"
#include "json_scan.h"
#include "packet.h"

#include <QByteArray>
#include <QJsonValue>
#include <QList>
#include <QSharedDataPointer>
#include <QString>

#include <optional>

namespace sb::sio {

class PayloadBuilder;
class PayloadData;

// The arguments of an EVENT or ACK: the exact JSON array text as received (placeholders included)
// plus the binary attachments, with the byte spans of the top-level elements. An immutable,
// implicitly shared value; copying costs one reference count. Values are parsed only when asked.
//
// Relaying rule: a payload keeps its bytes. `sliced()` (e.g. elements 1..n of an incoming event,
// to re-emit them under another name) copies every element byte for byte and keeps the
// attachments its elements reference, in their original order. Placeholders are renumbered only
// when attachments referenced by nothing in the slice are dropped before them; only the
// placeholder objects themselves are then rewritten, as `{"_placeholder":true,"num":K}`. So
// slicing off the event name never changes a byte. `withAttachmentOrder()` reorders or drops
// attachments explicitly, with the same rewriting rule.
//
// Placeholders are only recognised when the payload has attachments (a binary packet); in a plain
// EVENT an object that looks like one is ordinary data, as in socket.io-parser.
class Payload
{
public:
    Payload(); // "[]"
    Payload(const Payload &other);
    Payload(Payload &&other) noexcept;
    Payload &operator=(const Payload &other);
    Payload &operator=(Payload &&other) noexcept;
    ~Payload();

    // Validates `json` (a JSON array; whitespace around it is dropped) and checks that every
    // placeholder refers to one of `attachments`. The error is a human-readable reason.
    static Result<Payload, QString> fromJson(
        QByteArrayView json, const QList<QByteArray> &attachments = {}, int maxDepth = 32);
    // The payload of an EVENT/ACK packet produced by the Decoder (uses the decoder's scan). For a
    // packet built by hand the data is scanned here; invalid data gives an empty payload.
    static Payload fromPacket(const Packet &packet);

    qsizetype size() const;
    bool isEmpty() const { return size() == 0; }

    // The exact array text, with placeholders.
    QByteArray json() const;
    const QList<QByteArray> &attachments() const;
    bool hasBinary() const { return !attachments().isEmpty(); }
    // Every placeholder, in text order, spans relative to json().
    const QList<JsonPlaceholder> &placeholders() const;

    JsonElement element(qsizetype i) const;
    JsonType type(qsizetype i) const;
    // The exact bytes of element i (empty if out of range).
    QByteArray raw(qsizetype i) const;
    // Element i is a placeholder (a binary value).
    bool isBinary(qsizetype i) const;
    // The attachment behind element i when isBinary(i), else a null QByteArray.
    QByteArray binary(qsizetype i) const;
    // Element i parsed by Qt (big integers become doubles, object keys get sorted). A binary
    // element gives QJsonValue() (null): use binary(). Nested placeholders stay objects.
    QJsonValue toJson(qsizetype i) const;
    // Element i decoded when it is a string, else a null QString.
    QString string(qsizetype i) const;
    // Element 0 as an event name: the decoded string, or for a number the text JavaScript would
    // use as the listener key (String(n): "1", "1.5", "100" for 1e2). nullopt otherwise.
    std::optional<QString> eventName() const;

    // Elements [from, from + count) (count < 0: to the end); see the relaying rule above.
    Payload sliced(qsizetype from, qsizetype count = -1) const;
    // A payload with `eventName` as a new element 0; every other byte is kept.
    Payload prepended(QStringView eventName) const;
    // New attachment k is old attachment order[k]. Placeholders are renumbered accordingly;
    // nullopt when a placeholder refers to an attachment left out of `order`.
    std::optional<Payload> withAttachmentOrder(const QList<qsizetype> &order) const;

    friend bool operator==(const Payload &a, const Payload &b);

private:
    friend class PayloadBuilder;
    explicit Payload(PayloadData *data);

    QSharedDataPointer<PayloadData> d;
};

} // namespace sb::sio
