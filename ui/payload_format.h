#pragma once

// Reading a Socket.IO text frame as the tap kept it (see monitor::TrafficRecord::payload):
//   <type>[<attachments>-][/<nsp>,][<ack id>][<JSON>]
// e.g. `2/chat,12["msg",{"a":1}]`, `51-["file",{"_placeholder":true,"num":0}]`, `3/chat,12[true]`.
// The namespace is omitted for "/"; the attachment count only appears in BINARY_EVENT (5) and
// BINARY_ACK (6). See socket.io-protocol v5, "Packet encoding".

#include "monitor/monitor_types.h"

#include <QByteArray>
#include <QByteArrayView>
#include <QHash>
#include <QJsonArray>
#include <QString>

#include <functional>

namespace sb::ui::payload {

struct FrameParts
{
    bool ok = false;
    int type = -1;
    int attachments = 0;
    QByteArray nsp = "/";
    qint64 ackId = -1;
    QByteArrayView json; // the rest of the frame (a view into the parsed bytes)
};

FrameParts parseFrame(QByteArrayView frame);

// True when the bytes are printable UTF-8 text (a frame is; a remote source might hand us bytes).
bool isText(QByteArrayView bytes);
QString hex(QByteArrayView bytes, qsizetype maxBytes);

// One line for the log's payload column: an event's arguments after its name, an ack's
// arguments, a CONNECT's payload; attachments as `<binary #n>` after a `<binary ×N>` marker;
// elided with "…" at maxChars. Reads at most a few times maxChars bytes, whatever the payload size.
QString preview(const monitor::TrafficRecord &record, qsizetype maxChars = 200);

// What a preview formatter is given: the record, the event's arguments (its name left out) and
// the record's socket as the socket table knows it (null for a broadcast, or a socket that is
// gone).
struct PreviewContext
{
    const monitor::TrafficRecord &record;
    const QJsonArray &arguments;
    const monitor::SocketRow *socket = nullptr;
};
// One readable line for an event the application knows ("alice → #lobby: hello"); an empty
// string leaves the record to the generic preview. The application installs them by event name
// (the console itself knows no service's events); the detail view and the search keep the JSON.
using PreviewFormatter = std::function<QString(const PreviewContext &)>;
using PreviewFormatters = QHash<QString, PreviewFormatter>;

// The formatter's line for an event record with a registered name whose whole frame the tap
// kept and whose arguments parse; else preview(). Elided with "…" at maxChars like preview().
QString preview(const monitor::TrafficRecord &record, const PreviewFormatters &formatters,
    const monitor::SocketRow *socket, qsizetype maxChars = 200);

// The frame's JSON pretty-printed for the detail view; the raw JSON when it does not parse
// (e.g. a truncated payload) with `*parsed` false.
QString prettyJson(const monitor::TrafficRecord &record, bool *parsed = nullptr);

} // namespace sb::ui::payload
