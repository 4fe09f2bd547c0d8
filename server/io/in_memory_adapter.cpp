#include "io/in_memory_adapter.h"

#include "io/namespace.h"
#include "io/server.h"
#include "protocol/encoder.h"

#include <QRandomGenerator>

#include <algorithm>

namespace sb::io {

namespace {

bool matches(const QSet<Room> &socketRooms, const BroadcastOptions &options)
{
    // socket.io's rule: in one of the rooms (or no rooms given), and in none of the excepted ones.
    const bool included = options.rooms.isEmpty() || socketRooms.intersects(options.rooms);
    return included && !socketRooms.intersects(options.except);
}

} // namespace

InMemoryAdapter::InMemoryAdapter(Namespace &nsp, std::chrono::milliseconds recoveryWindow)
    : Adapter(nsp, nsp)
    , m_recoveryWindow(recoveryWindow)
{
    m_clock.start();
    const quint32 nonce = QRandomGenerator::system()->generate();
    m_offsetPrefix = QByteArray::number(nonce, 36) + '-';
}

InMemoryAdapter::~InMemoryAdapter() = default;

void InMemoryAdapter::addAll(const SocketId &id, const QSet<Room> &rooms)
{
    QSet<Room> &mine = m_sids[id];
    for (const Room &room : rooms) {
        if (mine.contains(room))
            continue;
        mine.insert(room);
        auto it = m_rooms.find(room);
        if (it == m_rooms.end()) {
            it = m_rooms.insert(room, {});
            m_nsp.roomCreated(room);
        }
        it->insert(id);
        m_nsp.roomJoined(room, id);
    }
}

void InMemoryAdapter::del(const SocketId &id, const Room &room)
{
    auto mine = m_sids.find(id);
    if (mine != m_sids.end())
        mine->remove(room);
    auto it = m_rooms.find(room);
    if (it == m_rooms.end() || !it->remove(id))
        return;
    m_nsp.roomLeft(room, id);
    if (it->isEmpty()) {
        m_rooms.erase(it);
        m_nsp.roomDeleted(room);
    }
}

void InMemoryAdapter::delAll(const SocketId &id)
{
    const auto mine = m_sids.find(id);
    if (mine == m_sids.end())
        return;
    const QSet<Room> rooms = *mine;
    for (const Room &room : rooms)
        del(id, room);
    m_sids.remove(id);
}

QList<SocketId> InMemoryAdapter::recipients(const BroadcastOptions &options) const
{
    QList<SocketId> result;
    if (options.rooms.isEmpty()) {
        for (auto it = m_sids.cbegin(); it != m_sids.cend(); ++it) {
            if (!it->intersects(options.except))
                result.append(it.key());
        }
        return result;
    }
    QSet<SocketId> seen;
    for (const Room &room : options.rooms) {
        const auto members = m_rooms.constFind(room);
        if (members == m_rooms.cend())
            continue;
        for (const SocketId &id : *members) {
            if (seen.contains(id))
                continue;
            seen.insert(id);
            if (options.except.isEmpty() || !m_sids.value(id).intersects(options.except))
                result.append(id);
        }
    }
    return result;
}

void InMemoryAdapter::store(sio::Packet &packet, const BroadcastOptions &options)
{
    // As socket.io: only plain events are stored (an ack callback cannot be restored, a volatile
    // event may be lost by definition). The offset goes last, where the client looks for it.
    if (!recoveryEnabled() || packet.id || options.flags.isVolatile)
        return;
    expire();
    const quint64 offset = m_nextOffset++;
    const Args withOffset = sio::PayloadBuilder()
                                .appendElements(Args::fromPacket(packet))
                                .append(QString::fromLatin1(offsetText(offset)))
                                .build();
    packet = sio::makeEvent(packet.nsp, withOffset);
    m_stored.push_back({offset, options, withOffset, m_clock.elapsed()});
}

void InMemoryAdapter::broadcast(sio::Packet packet, const BroadcastOptions &options)
{
    store(packet, options);
    const OutgoingFrames frames = m_nsp.server().encode(packet, options.flags.compress);
    const int count = m_local.deliverTo(recipients(options), frames, options.flags);
    m_nsp.recordBroadcast(frames, options, count);
}

void InMemoryAdapter::broadcastWithAck(sio::Packet packet, const BroadcastOptions &options,
    const std::function<void(int)> &sent,
    const std::function<AckCallback(const SocketId &)> &ackFor)
{
    const OutgoingFrames frames = m_nsp.server().encode(packet, options.flags.compress);
    const int count
        = m_local.deliverWithAckTo(recipients(options), frames, options.flags, *packet.id, ackFor);
    m_nsp.recordBroadcast(frames, options, count);
    sent(count);
}

QSet<SocketId> InMemoryAdapter::sockets(const QSet<Room> &rooms) const
{
    const QList<SocketId> list = recipients({rooms, {}, {}});
    return QSet<SocketId>(list.cbegin(), list.cend());
}

QSet<Room> InMemoryAdapter::socketRooms(const SocketId &id) const
{
    return m_sids.value(id);
}

void InMemoryAdapter::fetchSockets(
    const BroadcastOptions &options, const FetchSocketsCallback &done)
{
    done(m_local.describe(recipients(options)), {});
}

void InMemoryAdapter::addSockets(const BroadcastOptions &options, const QSet<Room> &rooms)
{
    m_local.joinIds(recipients(options), rooms);
}

void InMemoryAdapter::delSockets(const BroadcastOptions &options, const QSet<Room> &rooms)
{
    m_local.leaveIds(recipients(options), rooms);
}

void InMemoryAdapter::disconnectSockets(const BroadcastOptions &options, bool close)
{
    m_local.disconnectIds(recipients(options), close);
}

void InMemoryAdapter::serverSideEmit(
    const Args &, const ServerSideEmitCallback &done, std::chrono::milliseconds)
{
    // A single server has no peers: nobody to tell, nobody to wait for.
    if (done)
        done({}, 0);
}

void InMemoryAdapter::persistSession(const PersistedSession &session)
{
    if (!recoveryEnabled())
        return;
    expire();
    m_sessions.insert(session.pid, {session, m_clock.elapsed()});
}

std::optional<RestoredSession> InMemoryAdapter::restoreSession(
    const QByteArray &pid, const QByteArray &offset)
{
    if (!recoveryEnabled())
        return std::nullopt;
    expire();
    const auto it = m_sessions.find(pid);
    if (it == m_sessions.end())
        return std::nullopt;
    const StoredSession stored = *it;
    if (!offset.startsWith(m_offsetPrefix))
        return std::nullopt;
    bool ok = false;
    const quint64 seen = offset.mid(m_offsetPrefix.size()).toULongLong(&ok, 36);
    if (!ok || seen >= m_nextOffset)
        return std::nullopt;
    // Too old: packets after it were dropped, so the client would miss some silently.
    const quint64 oldestKept = m_stored.empty() ? m_nextOffset : m_stored.front().offset;
    if (seen + 1 < oldestKept)
        return std::nullopt;
    RestoredSession restored{stored.session, {}};
    QSet<Room> rooms = stored.session.rooms;
    for (const StoredPacket &packet : m_stored) {
        if (packet.offset > seen && matches(rooms, packet.options))
            restored.missedEvents.append(packet.payload);
    }
    return restored;
}

QByteArray InMemoryAdapter::currentOffset() const
{
    return recoveryEnabled() ? offsetText(m_nextOffset - 1) : QByteArray();
}

QByteArray InMemoryAdapter::offsetText(quint64 offset) const
{
    return m_offsetPrefix + QByteArray::number(offset, 36);
}

void InMemoryAdapter::expire()
{
    const qint64 threshold = m_clock.elapsed() - m_recoveryWindow.count();
    while (!m_stored.empty() && m_stored.front().emittedAt < threshold)
        m_stored.pop_front();
    for (auto it = m_sessions.begin(); it != m_sessions.end();) {
        if (it->disconnectedAt < threshold)
            it = m_sessions.erase(it);
        else
            ++it;
    }
}

} // namespace sb::io
