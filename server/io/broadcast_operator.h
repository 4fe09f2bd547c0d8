#pragma once

#include "io/adapter.h"
#include "io/io_types.h"

namespace sb::io {

class Namespace;

// An immutable builder for a broadcast: every to()/except()/timeout()/... returns a new value, so a
// half-built operator can be kept and reused. Mirrors socket.io's BroadcastOperator.
class BroadcastOperator
{
public:
    explicit BroadcastOperator(Namespace &nsp, BroadcastOptions options = {})
        : m_nsp(&nsp)
        , m_options(std::move(options))
    { }

    BroadcastOperator to(const Room &room) const;
    BroadcastOperator to(const QSet<Room> &rooms) const;
    BroadcastOperator in(const Room &room) const { return to(room); }
    BroadcastOperator except(const Room &room) const;
    BroadcastOperator except(const QSet<Room> &rooms) const;
    BroadcastOperator asVolatile() const;
    BroadcastOperator compress(bool on) const;
    BroadcastOperator local() const;
    BroadcastOperator timeout(std::chrono::milliseconds timeout) const;

    // Emits to every matching socket; the packet is encoded once for all of them.
    void emit(const QString &event, const Args &args = {}) const;
    // Emits with an ack expected from every recipient, and calls back once with all the answers
    // and the sockets that did not answer in time (a timeout must be set; without one the sockets
    // that never answer are reported when they disconnect).
    // `each`, when given, hears every recipient's end as it happens.
    void emitWithAck(const QString &event, const Args &args, BroadcastAckCallback callback,
        AckEachCallback each = {}) const;

    // Every matching socket of the cluster; `done` may run later (a cluster adapter waits for the
    // other servers), with an error when some did not answer in time.
    void fetchSockets(const std::function<void(QList<SocketInfo>)> &done) const;
    void fetchSockets(const FetchSocketsCallback &done) const;
    void socketsJoin(const QSet<Room> &rooms) const;
    void socketsLeave(const QSet<Room> &rooms) const;
    void disconnectSockets(bool close = false) const;

    const BroadcastOptions &options() const { return m_options; }

private:
    // A copy with changed options: the builder never changes itself.
    template <typename F>
    BroadcastOperator with(F &&change) const
    {
        BroadcastOptions options = m_options;
        change(options);
        return BroadcastOperator(*m_nsp, std::move(options));
    }

    Namespace *m_nsp;
    BroadcastOptions m_options;
};

} // namespace sb::io
