#pragma once

// The values the monitor hands to the console. Plain, copyable, implicitly shared where large:
// they cross from the server thread to the GUI thread by queued signals, and a remote source
// (the admin-UI protocol) fills the same types. Nothing here points into the server.

#include <QByteArray>
#include <QList>
#include <QMap>
#include <QMetaType>
#include <QString>
#include <QStringList>
#include <QUrl>

#include <chrono>
#include <memory>
#include <optional>

namespace sb::monitor {

// Wall-clock milliseconds since the epoch (QDateTime::currentMSecsSinceEpoch): what the views show.
using EpochMs = qint64;

enum class Direction { In, Out };

// One Socket.IO packet the tap kept. A broadcast is one record for all its recipients.
struct TrafficRecord
{
    quint64 seq = 0; // strictly increasing per source, never reused (also counts dropped ones)
    EpochMs time = 0;
    Direction direction = Direction::In;
    QByteArray socket; // empty for a broadcast
    QByteArray nsp;
    QString event; // empty for acks and control packets
    qint64 ackId = -1; // -1: none
    int packetType = 0; // Socket.IO packet type 0..6 (2 EVENT, 3 ACK, 5 BINARY_EVENT, 6 BINARY_ACK)
    qint64 size = 0; // bytes on the wire per recipient: text frame plus attachments
    int attachments = 0;
    int recipients = 1;
    QStringList rooms; // a broadcast's target rooms (empty: the whole namespace)
    QStringList except; // a broadcast's excepted rooms
    // The Socket.IO packet's text frame as it went on the wire (e.g. `2/chat,12["msg",{"a":1}]`;
    // attachments as `{"_placeholder":true,"num":0}`), at most MaxPayloadKept bytes. With the
    // msgpack parser it is the same text form of the packet, not the msgpack bytes.
    QByteArray payload;
    bool truncated = false; // payload is a prefix of the frame

    static constexpr qsizetype MaxPayloadKept = 64 * 1024;
    bool isBroadcast() const { return socket.isEmpty(); }
};

// One row of the socket table. `id` is unique across namespaces (every namespace socket has its
// own id).
struct SocketRow
{
    QByteArray id;
    QByteArray nsp;
    QByteArray sessionId; // the Engine.IO session (one connection, several namespace sockets)
    QString user; // socket.data()["username"], else the auth payload's name/username/user/userId
    QString address; // remote address as text
    QString transport; // "polling" or "websocket"
    bool upgraded = false; // started on polling, now on WebSocket
    bool upgrading = false; // a WebSocket probe is under way
    QStringList rooms; // sorted, without the socket's own room
    EpochMs connectedAt = 0;
    quint64 eventsIn = 0;
    quint64 eventsOut = 0;
    quint64 bytesIn = 0;
    quint64 bytesOut = 0;
    qint64 rttUs = -1; // last heartbeat round trip, -1: not measured yet / not known
    int pendingAcks = 0; // server→client acks awaiting the client, plus events awaiting our answer

    friend bool operator==(const SocketRow &, const SocketRow &) = default;
};

// Socket table changes since the previous snapshot. The first snapshot a source sends after
// start (or after `reset`) carries every socket in `added` (spread over several ticks when there
// are more than the per-tick cap).
struct SocketDelta
{
    bool reset = false; // drop every row first (e.g. the server restarted)
    QList<SocketRow> added;
    QList<SocketRow> updated; // whole rows, only those whose values changed
    QList<QByteArray> removed; // socket ids

    bool isEmpty() const
    {
        return !reset && added.isEmpty() && updated.isEmpty() && removed.isEmpty();
    }
};

struct RoomCount
{
    QString name;
    int members = 0;
    friend bool operator==(const RoomCount &, const RoomCount &) = default;
};

struct NamespaceCount
{
    QByteArray name;
    int sockets = 0;
    QList<RoomCount> rooms; // sorted by name, without the sockets' own rooms
    friend bool operator==(const NamespaceCount &, const NamespaceCount &) = default;
};

// One ack, in either direction, from request to its end.
struct AckRecord
{
    enum class Kind {
        ServerToClient, // we emitted with an ack (from code or the composer); the client answers
        ClientToServer, // the client emitted with an ack; our handler answers
    };
    enum class State { Pending, Answered, TimedOut, Disconnected };

    quint64 key = 0; // unique per source: an update of a record carries the same key
    Kind kind = Kind::ServerToClient;
    State state = State::Pending;
    QByteArray nsp;
    QByteArray socket;
    quint64 ackId = 0;
    QString event;
    EpochMs requestedAt = 0;
    std::optional<qint64> timeoutMs; // ServerToClient with a timeout: the deadline is requestedAt +
    EpochMs settledAt = 0; // 0 while pending
    qint64 latencyUs = 0; // settled ones
    QByteArray answer; // the answer's JSON arguments (Answered only), at most 16 KiB
    bool answerTruncated = false;

    bool isSettled() const { return state != State::Pending; }
};

// A handshake the engine refused, or a CONNECT the io layer refused.
struct ConnectionFailure
{
    enum class Kind { Handshake, Connect };
    EpochMs time = 0;
    Kind kind = Kind::Handshake;
    QString address;
    QString origin;
    QString userAgent;
    int code = -1; // Engine.IO error code (Handshake), -1 for Connect
    QString message; // the Engine.IO message, or the CONNECT_ERROR message
    QByteArray detail; // Engine.IO context (e.g. "TRANSPORT_MISMATCH"), or CONNECT_ERROR data JSON
    QByteArray nsp; // Connect only
};

// Cumulative counters since the server started.
struct Totals
{
    quint64 eventsIn = 0;
    quint64 eventsOut = 0; // broadcasts count once per recipient
    quint64 bytesIn = 0;
    quint64 bytesOut = 0;
    quint64 handshakes = 0; // Engine.IO sessions opened
    quint64 failedHandshakes = 0;
    QMap<int, quint64> failedHandshakesByCode; // Engine.IO error code → count
    quint64 refusedConnects = 0;
    QMap<QString, quint64> disconnectsByReason; // socket.io's reason strings
    quint64 trafficDropped = 0; // records the bounded tap could not keep
    quint64 acksDropped = 0; // ack records the bounded ack store could not keep
    quint64 failuresDropped = 0;
    quint64 acksAnswered = 0;
    quint64 acksTimedOut = 0;
    quint64 acksDisconnected = 0;
};

// Per-second rates over the last tick.
struct Rates
{
    double eventsIn = 0;
    double eventsOut = 0;
    double bytesIn = 0;
    double bytesOut = 0;
    double handshakes = 0;
    double failedHandshakes = 0;
};

// Event-loop lag: how late a periodic probe timer fired, over the last window.
struct LoopLag
{
    double p50Ms = 0;
    double p99Ms = 0;
    double maxMs = 0;
    bool known = false;
};

struct Health
{
    double cpuPercent = -1; // of one core, the whole process; -1 unknown
    qint64 rssBytes = -1;
    int openFds = -1;
    int threads = -1;
    LoopLag serverLoop;
};

// Heartbeat round trips of the sessions currently open (their latest sample), as a histogram
// with fixed upper bounds (BucketUpperUs; the last bucket is open-ended).
struct RttHistogram
{
    static constexpr int BucketCount = 12;
    static constexpr qint64 BucketUpperUs[BucketCount - 1]
        = {250, 500, 1'000, 2'000, 5'000, 10'000, 20'000, 50'000, 100'000, 250'000, 1'000'000};
    QList<quint64> counts = QList<quint64>(BucketCount, 0);
    quint64 samples = 0;
    qint64 p50Us = -1;
    qint64 p99Us = -1;

    static int bucketFor(qint64 us)
    {
        for (int i = 0; i < BucketCount - 1; ++i) {
            if (us <= BucketUpperUs[i])
                return i;
        }
        return BucketCount - 1;
    }
};

// What a source can tell: a view that needs a figure its source lacks says so instead of showing
// an empty column (a remote server watched through the admin-UI protocol has no acks, RTT, ...).
enum class Capability : quint32 {
    Traffic = 1 << 0, // traffic records with payloads
    Acks = 1 << 1,
    Rtt = 1 << 2,
    FailedHandshakes = 1 << 3,
    Health = 1 << 4, // CPU, RSS, descriptors, loop lag of the server
    SocketCounters = 1 << 5, // per-socket events/bytes
    TapFilter = 1 << 6, // server-side tap filter
    Actions = 1 << 7, // broadcast, kick, join/leave (console part 2)
    StopServer = 1 << 8,
};
Q_DECLARE_FLAGS(Capabilities, Capability)
Q_DECLARE_OPERATORS_FOR_FLAGS(Capabilities)

enum class SourceState { Starting, Running, Stopping, Stopped, Failed };

// Everything one tick tells. Immutable once emitted; shared between the views of one window.
struct ServerSnapshot
{
    quint64 seq = 0; // tick number
    EpochMs time = 0;
    std::chrono::milliseconds interval{250}; // since the previous snapshot
    SourceState state = SourceState::Running;
    QString title; // e.g. "embedded server :3000"
    QList<QUrl> urls; // where browsers reach it (LAN URLs first)

    int sockets = 0; // namespace sockets connected
    int connections = 0; // Engine.IO sessions open
    Totals totals;
    Rates rates;
    Health health;
    RttHistogram rtt;

    bool namespacesChanged = false; // namespaces is complete and new; otherwise keep the last one
    QList<NamespaceCount> namespaces;
    SocketDelta socketDelta;
    QList<TrafficRecord> traffic; // new records since the previous snapshot, oldest first
    QList<AckRecord> acks; // new and changed ack records, oldest first
    QList<ConnectionFailure> failures; // new since the previous snapshot
    bool tapEnabled = true;
};
using SnapshotPtr = std::shared_ptr<const ServerSnapshot>;

// The server-side filter of the traffic tap: records that do not match are never kept (the
// counters still count them). Empty fields match everything.
struct TapFilter
{
    bool in = true;
    bool out = true;
    QByteArray nsp;
    QByteArray socket;
    QString eventPattern; // a regular expression on the event name; empty: any
    bool includeAcks = true;
    bool includeBroadcasts = true;
    friend bool operator==(const TapFilter &, const TapFilter &) = default;
};

// One socket in detail (asked for by the inspector).
struct SocketDetails
{
    bool found = false;
    QByteArray id;
    QByteArray nsp;
    QByteArray sessionId;
    QString address;
    EpochMs handshakeTime = 0;
    QByteArray url; // the handshake request target
    QList<std::pair<QByteArray, QByteArray>> headers; // as received, lower-case names
    QList<std::pair<QByteArray, QByteArray>> query;
    QByteArray auth = "{}"; // the CONNECT payload, exact JSON (the view masks secret keys)
    QByteArray data; // socket.data() as JSON
    QStringList rooms;
    QString transport;
    bool recovered = false;
    bool secure = false;
};

// --- commands (console part 2) -------------------------------------------------------------------

// One argument of an emit composed by the operator: a JSON value as text, or bytes sent as a
// binary attachment.
struct ComposedArgument
{
    bool binary = false;
    QByteArray data; // JSON text, or the bytes
};

// An emit composed by the operator: to whom, what, with which flags, and whether to wait for acks.
struct BroadcastRequest
{
    enum class Target {
        Everyone, // every socket of every namespace
        Namespace, // every socket of `nsp`
        Rooms, // the sockets of `nsp` in any of `rooms`
        Sockets, // exactly `sockets` (each in its own namespace)
    };
    quint64 id = 0; // the caller's, echoed in the answers
    Target target = Target::Namespace;
    QByteArray nsp = "/";
    QStringList rooms;
    QStringList except; // rooms whose sockets are left out
    QList<QByteArray> sockets;
    QString event;
    QList<ComposedArgument> arguments;
    bool isVolatile = false;
    bool local = false;
    bool compress = true;
    std::optional<qint64> ackTimeoutMs; // set: every recipient is asked for an ack
};

// One recipient's ack of a composed emit, as it ends.
struct BroadcastAnswer
{
    quint64 requestId = 0;
    QByteArray socket;
    QByteArray nsp;
    AckRecord::State state = AckRecord::State::Answered;
    QByteArray answer; // JSON arguments (Answered only)
    qint64 latencyUs = 0;
};

// How a composed emit ended: sent (and, with acks, every recipient's end known), or refused.
struct BroadcastSummary
{
    quint64 requestId = 0;
    bool ok = false;
    QString error; // why it was refused (ok false)
    int recipients = 0;
    int answered = 0;
    int timedOut = 0;
    int disconnected = 0;
};

// What an action on sockets or rooms did.
struct ActionResult
{
    enum class Kind { Disconnect, Join, Leave, DisconnectRoom };
    Kind kind = Kind::Disconnect;
    int affected = 0; // sockets the action reached
    int missing = 0; // ids that named no connected socket
    QString error;
};

// Registers the types above for queued connections; call once before connecting across threads.
void registerMetaTypes();

} // namespace sb::monitor

Q_DECLARE_METATYPE(sb::monitor::SnapshotPtr)
Q_DECLARE_METATYPE(sb::monitor::SocketDetails)
Q_DECLARE_METATYPE(sb::monitor::TapFilter)
Q_DECLARE_METATYPE(sb::monitor::BroadcastRequest)
Q_DECLARE_METATYPE(sb::monitor::BroadcastAnswer)
Q_DECLARE_METATYPE(sb::monitor::BroadcastSummary)
Q_DECLARE_METATYPE(sb::monitor::ActionResult)
