#pragma once

#include "io/io_types.h"

#include <QByteArray>
#include <QJsonArray>
#include <QJsonValue>
#include <QList>

#include <optional>

namespace sb::cluster {

// The values the cluster messages carry, as a JSON tree in which every binary value is a
// socket.io placeholder ({"_placeholder":true,"num":K}) for attachment K. That is the shape our
// payloads already have, so event arguments cross over without re-parsing their binaries.
struct MsgValue
{
    QJsonValue value;
    QList<QByteArray> attachments;
};

// msgpack as notepack.io (the Node adapter's parser) writes and reads it: maps with string keys,
// integers in their smallest form, other numbers as float64, binaries as bin.
QByteArray encodeMsgpack(const QJsonValue &value, const QList<QByteArray> &attachments = {});
// nullopt when the bytes are not one complete msgpack value. Extension values (notepack's
// `undefined`) become null.
std::optional<MsgValue> decodeMsgpack(QByteArrayView bytes);

// Event arguments (with the event name first, as socket.io's packet.data) to and from that form.
QJsonArray argsToJson(const io::Args &args);
// The JSON array with its placeholders resolved against `attachments`; nullopt if malformed.
std::optional<io::Args> argsFromJson(
    const QJsonArray &array, const QList<QByteArray> &attachments = {});

} // namespace sb::cluster
