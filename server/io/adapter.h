#pragma once

#include "engine/packet.h"
#include "io/io_types.h"
#include "protocol/packet.h"

#include <QHash>
#include <QJsonObject>
#include <QVariantMap>

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

// The room bookkeeping of one namespace and the fan-out of its broadcasts. The adapter sees only
// socket ids and rooms; a cluster adapter forwards to other servers through the same interface.
// Room events go to the namespace (and from there to the observers).
class Adapter
{
public:
    explicit Adapter(Namespace &nsp)
        : m_nsp(nsp)
    { }
    virtual ~Adapter() = default;
    Adapter(const Adapter &) = delete;
    Adapter &operator=(const Adapter &) = delete;

    virtual void addAll(const SocketId &id, const QSet<Room> &rooms) = 0;
    virtual void del(const SocketId &id, const Room &room) = 0;
    virtual void delAll(const SocketId &id) = 0;

    // Sends an EVENT to every matching socket, encoded once.
    virtual void broadcast(sio::Packet packet, const BroadcastOptions &options) = 0;
    // The same with an ack id; `expected` learns how many sockets were sent it, `ackFor` is asked
    // for the callback to register on each recipient.
    virtual void broadcastWithAck(sio::Packet packet, const BroadcastOptions &options,
        const std::function<void(int expected)> &sent,
        const std::function<AckCallback(const SocketId &)> &ackFor)
        = 0;

    virtual QSet<SocketId> sockets(const QSet<Room> &rooms) const = 0;
    virtual QSet<Room> socketRooms(const SocketId &id) const = 0;
    virtual void fetchSockets(
        const BroadcastOptions &options, const std::function<void(QList<SocketInfo>)> &done)
        = 0;
    virtual void addSockets(const BroadcastOptions &options, const QSet<Room> &rooms) = 0;
    virtual void delSockets(const BroadcastOptions &options, const QSet<Room> &rooms) = 0;
    virtual void disconnectSockets(const BroadcastOptions &options, bool close) = 0;
    // To the other servers of a cluster (none for a single server). With a callback, it gets
    // their answers once all have answered or the timeout has passed.
    virtual void serverSideEmit(const Args &eventAndArgs,
        const std::function<void(QList<Args>, int timedOut)> &done,
        std::chrono::milliseconds timeout)
        = 0;
    virtual int serverCount() const { return 1; }

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

protected:
    Namespace &m_nsp;
};

} // namespace sb::io
