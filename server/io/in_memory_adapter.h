#pragma once

#include "io/adapter.h"

#include <QElapsedTimer>

#include <deque>

namespace sb::io {

// The single-server adapter: two maps (room → sockets, socket → rooms), and, when connection state
// recovery is on, the store of sent events and of dropped sessions.
class InMemoryAdapter : public Adapter
{
public:
    // recoveryWindow > 0 turns connection state recovery on (maxDisconnectionDuration).
    InMemoryAdapter(Namespace &nsp, std::chrono::milliseconds recoveryWindow);
    ~InMemoryAdapter() override;

    void addAll(const SocketId &id, const QSet<Room> &rooms) override;
    void del(const SocketId &id, const Room &room) override;
    void delAll(const SocketId &id) override;
    void broadcast(sio::Packet packet, const BroadcastOptions &options) override;
    void broadcastWithAck(sio::Packet packet, const BroadcastOptions &options,
        const std::function<void(int)> &sent,
        const std::function<AckCallback(const SocketId &)> &ackFor) override;
    QSet<SocketId> sockets(const QSet<Room> &rooms) const override;
    QSet<Room> socketRooms(const SocketId &id) const override;
    void fetchSockets(const BroadcastOptions &options, const FetchSocketsCallback &done) override;
    void addSockets(const BroadcastOptions &options, const QSet<Room> &rooms) override;
    void delSockets(const BroadcastOptions &options, const QSet<Room> &rooms) override;
    void disconnectSockets(const BroadcastOptions &options, bool close) override;
    void serverSideEmit(const Args &eventAndArgs, const ServerSideEmitCallback &done,
        std::chrono::milliseconds timeout) override;

    void persistSession(const PersistedSession &session) override;
    std::optional<RestoredSession> restoreSession(
        const QByteArray &pid, const QByteArray &offset) override;
    QByteArray currentOffset() const override;

    const QHash<Room, QSet<SocketId>> &rooms() const override { return m_rooms; }
    bool recoveryEnabled() const { return m_recoveryWindow.count() > 0; }
    qsizetype storedPacketCount() const { return qsizetype(m_stored.size()); }

    // The sockets a broadcast reaches on this server, in a stable order.
    QList<SocketId> recipients(const BroadcastOptions &options) const;

protected:
    // Appends the offset to a storable event and stores it (recovery on only).
    void store(sio::Packet &packet, const BroadcastOptions &options);

private:
    struct StoredPacket
    {
        quint64 offset;
        BroadcastOptions options;
        Args payload; // with the offset as last element
        qint64 emittedAt; // ms on m_clock
    };
    struct StoredSession
    {
        PersistedSession session;
        qint64 disconnectedAt;
    };
    void expire();
    QByteArray offsetText(quint64 offset) const;

    QHash<Room, QSet<SocketId>> m_rooms;
    QHash<SocketId, QSet<Room>> m_sids;
    std::chrono::milliseconds m_recoveryWindow;
    std::deque<StoredPacket> m_stored;
    QHash<QByteArray, StoredSession> m_sessions;
    QElapsedTimer m_clock;
    quint64 m_nextOffset = 1;
    QByteArray m_offsetPrefix; // random per adapter: offsets of another run never match
};

} // namespace sb::io
