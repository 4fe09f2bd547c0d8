#pragma once

#include "engine/packet.h"
#include "io/io_types.h"
#include "io/outgoing_frames.h"
#include "protocol/packet.h"

#include <QHash>
#include <QJsonObject>
#include <QVariantMap>

#include <memory>

namespace sb::io {

class Namespace;

// A socket as any server of a cluster can describe it (fetchSockets).
struct SocketInfo
{
    SocketId id;
    QByteArray nsp;
    QSet<Room> rooms;
    QVariantMap data;
    QJsonObject handshake;
};

// What connection state recovery keeps of a socket that dropped.
struct PersistedSession
{
    SocketId sid;
    QByteArray pid;
    QSet<Room> rooms;
    QVariantMap data;
};
struct RestoredSession
{
    PersistedSession session;
    QList<Args> missedEvents; // full event payloads (name first, offset last)
};

// What an adapter may do to the sockets of its namespace on this server, by id: the in-memory
// adapter fans a local broadcast out through it, and a cluster adapter applies the operations other
// servers asked for the same way. Ids that are no longer connected are skipped.
class LocalSockets
{
public:
    // Writes the same frames to every socket; returns how many were written (volatile frames are
    // dropped for sockets that cannot take them now).
    virtual int deliverTo(
        const QList<SocketId> &ids, const OutgoingFrames &frames, const BroadcastFlags &flags)
        = 0;
    // The same with ack `ackId` registered on each recipient first; returns how many got it.
    virtual int deliverWithAckTo(const QList<SocketId> &ids, const OutgoingFrames &frames,
        const BroadcastFlags &flags, quint64 ackId,
        const std::function<AckCallback(const SocketId &)> &ackFor)
        = 0;
    virtual void joinIds(const QList<SocketId> &ids, const QSet<Room> &rooms) = 0;
    virtual void leaveIds(const QList<SocketId> &ids, const QSet<Room> &rooms) = 0;
    virtual void disconnectIds(const QList<SocketId> &ids, bool close) = 0;
    virtual QList<SocketInfo> describe(const QList<SocketId> &ids) const = 0;

protected:
    ~LocalSockets() = default;
};

// A fetchSockets answer: every socket found, and an error when some server did not answer in time
// (the sockets of those that did are still there).
using FetchSocketsCallback = std::function<void(QList<SocketInfo>, const QString &error)>;
// A serverSideEmit answer: the answers that arrived, how many servers did not answer in time.
using ServerSideEmitCallback = std::function<void(QList<Args>, int timedOut)>;

// The room bookkeeping of one namespace and the fan-out of its broadcasts. The adapter sees only
// socket ids and rooms; a cluster adapter forwards to other servers through the same interface.
// Room events go to the namespace (and from there to the observers).
class Adapter
{
public:
    Adapter(Namespace &nsp, LocalSockets &local)
        : m_nsp(nsp)
        , m_local(local)
    { }
    virtual ~Adapter() = default;
    Adapter(const Adapter &) = delete;
    Adapter &operator=(const Adapter &) = delete;

    virtual void addAll(const SocketId &id, const QSet<Room> &rooms) = 0;
    virtual void del(const SocketId &id, const Room &room) = 0;
    virtual void delAll(const SocketId &id) = 0;

    // Sends an EVENT to every matching socket, encoded once.
    virtual void broadcast(sio::Packet packet, const BroadcastOptions &options) = 0;
    // The same with an ack id. `sent` is called once per server of the cluster that delivered it,
    // with the number of its sockets that were sent it (serverCount() calls in all); `ackFor` is
    // asked for the callback of each recipient (an empty id for a socket of another server).
    virtual void broadcastWithAck(sio::Packet packet, const BroadcastOptions &options,
        const std::function<void(int expected)> &sent,
        const std::function<AckCallback(const SocketId &)> &ackFor)
        = 0;

    virtual QSet<SocketId> sockets(const QSet<Room> &rooms) const = 0;
    virtual QSet<Room> socketRooms(const SocketId &id) const = 0;
    // Every matching socket of the cluster; `done` runs once, possibly later.
    virtual void fetchSockets(const BroadcastOptions &options, const FetchSocketsCallback &done)
        = 0;
    virtual void addSockets(const BroadcastOptions &options, const QSet<Room> &rooms) = 0;
    virtual void delSockets(const BroadcastOptions &options, const QSet<Room> &rooms) = 0;
    virtual void disconnectSockets(const BroadcastOptions &options, bool close) = 0;
    // To the other servers of a cluster (none for a single server). With a callback, it gets
    // their answers once all have answered or the timeout has passed.
    virtual void serverSideEmit(const Args &eventAndArgs, const ServerSideEmitCallback &done,
        std::chrono::milliseconds timeout)
        = 0;
    // The number of servers as last known (1 alone), and asked for afresh (a cluster adapter asks
    // its broker; `done` may run later).
    virtual int serverCount() const { return 1; }
    virtual void fetchServerCount(const std::function<void(int)> &done) { done(serverCount()); }

    // Connection state recovery.
    virtual void persistSession(const PersistedSession &) { }
    virtual std::optional<RestoredSession> restoreSession(
        const QByteArray & /*pid*/, const QByteArray & /*offset*/)
    {
        return std::nullopt;
    }
    // The latest stored offset (sent in CONNECT replies); empty when recovery is off.
    virtual QByteArray currentOffset() const { return {}; }

    // Every room with its members (the monitor and tests read it).
    virtual const QHash<Room, QSet<SocketId>> &rooms() const = 0;

    LocalSockets &localSockets() const { return m_local; }

protected:
    Namespace &m_nsp;
    LocalSockets &m_local;
};

// Makes the adapter of each namespace (ServerOptions::adapterFactory); none: InMemoryAdapter.
using AdapterFactory = std::function<std::unique_ptr<Adapter>(Namespace &nsp)>;

} // namespace sb::io
