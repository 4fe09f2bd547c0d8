#pragma once

#include "protocol/payload.h"
#include "protocol/payload_builder.h"

#include <QByteArray>
#include <QSet>
#include <QString>

#include <chrono>
#include <functional>
#include <optional>

namespace sb::io {

using SocketId = QByteArray;
using Room = QString;
// The arguments of an event or an ack: a lazy view over the exact JSON bytes and the binary
// attachments (values are parsed only when asked; relaying forwards the bytes untouched).
using Args = sio::Payload;

inline void appendArg(sio::PayloadBuilder &builder, const QByteArray &bytes)
{
    builder.appendBinary(bytes);
}
template <typename T>
void appendArg(sio::PayloadBuilder &builder, const T &value)
{
    builder.append(value);
}

// Builds Args from C++ values: makeArgs(QStringLiteral("hi"), 42, QJsonObject{...},
// QByteArray(...)). QByteArray values become binary attachments.
template <typename... T>
Args makeArgs(const T &...values)
{
    sio::PayloadBuilder builder;
    (appendArg(builder, values), ...);
    return builder.build();
}
// Why a socket left its namespace, with socket.io's exact strings (disconnectReasonText).
enum class DisconnectReason {
    TransportError,
    TransportClose,
    ForcedClose,
    PingTimeout,
    ParseError,
    ServerShuttingDown,
    ForcedServerClose,
    ServerNamespaceDisconnect,
    ClientNamespaceDisconnect,
};
const char *disconnectReasonText(DisconnectReason reason);
// Reasons after which a socket's state is kept for connection state recovery (as socket.io).
bool isRecoverable(DisconnectReason reason);

struct BroadcastFlags
{
    bool isVolatile = false; // dropped for recipients whose transport cannot take it now
    bool compress = true;
    bool local = false; // this server only (matters with a cluster adapter)
    std::optional<std::chrono::milliseconds> timeout; // for acks
};

struct BroadcastOptions
{
    QSet<Room> rooms; // empty: every socket of the namespace
    QSet<Room> except;
    BroadcastFlags flags;
};

// How an emit that asked for an ack ended. Every such emit ends exactly once in one of these.
struct AckResult
{
    enum class Status { Answered, TimedOut, Disconnected };
    Status status = Status::Answered;
    Args args; // the client's answer (Answered only)
    std::chrono::milliseconds latency{0};

    bool answered() const { return status == Status::Answered; }
};
using AckCallback = std::function<void(const AckResult &)>;

// The result of a broadcast with acks: one answer per socket that answered, and the sockets that
// did not: timed out, or disconnected before the timeout.
struct BroadcastAckResult
{
    QList<std::pair<SocketId, Args>> answers;
    QList<SocketId> timedOut;
    QList<SocketId> disconnected;
    int expected = 0;
    // Sockets of other servers that had not answered when the timeout passed (their ids are not
    // known here), and servers that had not even said how many sockets they sent it to.
    int remoteTimedOut = 0;
    int serversTimedOut = 0;

    qsizetype unanswered() const { return timedOut.size() + disconnected.size() + remoteTimedOut; }
};
using BroadcastAckCallback = std::function<void(const BroadcastAckResult &)>;
// Called for each recipient as its ack ends, before the final BroadcastAckCallback: lets a caller
// show answers as they arrive.
using AckEachCallback = std::function<void(const SocketId &, const AckResult &)>;

// Refuses a CONNECT from a middleware: sent as CONNECT_ERROR {"message":..., "data":...}.
struct ConnectError
{
    QString message;
    QByteArray data; // raw JSON, empty for none
};

} // namespace sb::io
