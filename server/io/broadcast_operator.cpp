#include "io/broadcast_operator.h"

#include "io/io_log.h"
#include "io/namespace.h"
#include "io/server.h"
#include "protocol/encoder.h"

namespace sb::io {

namespace {

bool isReserved(const QString &event)
{
    return event == QLatin1String("connect") || event == QLatin1String("connect_error")
        || event == QLatin1String("disconnect") || event == QLatin1String("disconnecting")
        || event == QLatin1String("newListener") || event == QLatin1String("removeListener");
}

// A parent namespace broadcasts through its children (socket.io's ParentBroadcastAdapter).
QList<Namespace *> targets(Namespace &nsp)
{
    return nsp.isParent() ? nsp.children() : QList<Namespace *>{&nsp};
}

} // namespace

BroadcastOperator BroadcastOperator::to(const Room &room) const
{
    return with([&](BroadcastOptions &options) { options.rooms.insert(room); });
}

BroadcastOperator BroadcastOperator::to(const QSet<Room> &rooms) const
{
    return with([&](BroadcastOptions &options) { options.rooms.unite(rooms); });
}

BroadcastOperator BroadcastOperator::except(const Room &room) const
{
    return with([&](BroadcastOptions &options) { options.except.insert(room); });
}

BroadcastOperator BroadcastOperator::except(const QSet<Room> &rooms) const
{
    return with([&](BroadcastOptions &options) { options.except.unite(rooms); });
}

BroadcastOperator BroadcastOperator::asVolatile() const
{
    return with([&](BroadcastOptions &options) { options.flags.isVolatile = true; });
}

BroadcastOperator BroadcastOperator::compress(bool on) const
{
    return with([&](BroadcastOptions &options) { options.flags.compress = on; });
}

BroadcastOperator BroadcastOperator::local() const
{
    return with([&](BroadcastOptions &options) { options.flags.local = true; });
}

BroadcastOperator BroadcastOperator::timeout(std::chrono::milliseconds timeout) const
{
    return with([&](BroadcastOptions &options) { options.flags.timeout = timeout; });
}

void BroadcastOperator::emit(const QString &event, const Args &args) const
{
    if (isReserved(event)) {
        qCWarning(lcIo) << "refusing to broadcast the reserved event name" << event;
        return;
    }
    const Args payload = args.prepended(event);
    for (Namespace *nsp : targets(*m_nsp))
        nsp->adapter().broadcast(sio::makeEvent(nsp->name(), payload), m_options);
}

void BroadcastOperator::emitWithAck(const QString &event, const Args &args,
    BroadcastAckCallback callback, AckEachCallback each) const
{
    struct Collector
    {
        BroadcastAckResult result;
        int pendingTargets = 0; // namespaces that have not reported their count yet
        bool done = false;
        BroadcastAckCallback callback;
        AckEachCallback each;
        void check()
        {
            if (done || pendingTargets > 0
                || result.answers.size() + result.unanswered() < result.expected)
                return;
            done = true;
            callback(result);
        }
    };
    auto collector = std::make_shared<Collector>();
    collector->callback = std::move(callback);
    collector->each = std::move(each);
    if (isReserved(event)) {
        qCWarning(lcIo) << "refusing to broadcast the reserved event name" << event;
        collector->check();
        return;
    }
    const Args payload = args.prepended(event);
    const QList<Namespace *> namespaces = targets(*m_nsp);
    collector->pendingTargets = int(namespaces.size());
    for (Namespace *nsp : namespaces) {
        const quint64 id = nsp->nextAckId();
        nsp->adapter().broadcastWithAck(
            sio::makeEvent(nsp->name(), payload, id), m_options,
            [collector](int expected) {
                collector->result.expected += expected;
                --collector->pendingTargets;
                collector->check();
            },
            [collector](const SocketId &socket) -> AckCallback {
                return [collector, socket](const AckResult &ack) {
                    switch (ack.status) {
                    case AckResult::Status::Answered:
                        collector->result.answers.append({socket, ack.args});
                        break;
                    case AckResult::Status::TimedOut:
                        collector->result.timedOut.append(socket);
                        break;
                    case AckResult::Status::Disconnected:
                        collector->result.disconnected.append(socket);
                        break;
                    }
                    if (collector->each)
                        collector->each(socket, ack);
                    collector->check();
                };
            });
    }
    collector->check();
}

void BroadcastOperator::fetchSockets(const std::function<void(QList<SocketInfo>)> &done) const
{
    QList<SocketInfo> all;
    for (Namespace *nsp : targets(*m_nsp))
        nsp->adapter().fetchSockets(
            m_options, [&all](const QList<SocketInfo> &found) { all += found; });
    done(all);
}

void BroadcastOperator::socketsJoin(const QSet<Room> &rooms) const
{
    for (Namespace *nsp : targets(*m_nsp))
        nsp->adapter().addSockets(m_options, rooms);
}

void BroadcastOperator::socketsLeave(const QSet<Room> &rooms) const
{
    for (Namespace *nsp : targets(*m_nsp))
        nsp->adapter().delSockets(m_options, rooms);
}

void BroadcastOperator::disconnectSockets(bool close) const
{
    for (Namespace *nsp : targets(*m_nsp))
        nsp->adapter().disconnectSockets(m_options, close);
}

} // namespace sb::io
