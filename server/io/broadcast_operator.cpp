#include "io/broadcast_operator.h"

#include "common/deadline_service.h"
#include "io/io_log.h"
#include "io/namespace.h"
#include "io/server.h"
#include "protocol/encoder.h"

#include <QStringList>

#include <algorithm>
#include <utility>

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
    // As socket.io's BroadcastOperator: complete once every server of the cluster said how many
    // sockets it sent the packet to, and that many acks ended; or when the timeout passes.
    struct Collector
    {
        BroadcastAckResult result;
        int expectedReports = -1; // client-count reports to wait for; -1: server count unknown
        int reports = 0;
        bool done = false;
        BroadcastAckCallback callback;
        AckEachCallback each;
        Deadline timer; // only with a timeout
        // Set while other servers owe answers and a timeout is armed: the collector then lives
        // until it completes or times out, whoever else lets go of it.
        std::shared_ptr<Collector> keepAlive;
        void check()
        {
            if (done || expectedReports < 0 || reports < expectedReports
                || result.answers.size() + result.unanswered() < result.expected)
                return;
            finish();
        }
        void finish()
        {
            done = true;
            timer.stop();
            const std::shared_ptr<Collector> hold = std::move(keepAlive);
            callback(result);
        }
        void timedOut()
        {
            if (done)
                return;
            // Local sockets time out on their own ack deadlines (armed earlier, so already
            // counted); what is still missing belongs to other servers.
            if (expectedReports > reports)
                result.serversTimedOut = expectedReports - reports;
            const qsizetype missing = result.expected - result.answers.size() - result.unanswered();
            result.remoteTimedOut += int(std::max<qsizetype>(missing, 0));
            finish();
        }
    };
    auto collector = std::make_shared<Collector>();
    collector->callback = std::move(callback);
    collector->each = std::move(each);
    if (isReserved(event)) {
        qCWarning(lcIo) << "refusing to broadcast the reserved event name" << event;
        collector->expectedReports = 0;
        collector->check();
        return;
    }
    const Args payload = args.prepended(event);
    const QList<Namespace *> namespaces = targets(*m_nsp);
    auto ackFor = [collector](const SocketId &socket) -> AckCallback {
        return [collector, socket](const AckResult &ack) {
            switch (ack.status) {
            case AckResult::Status::Answered:
                collector->result.answers.append({socket, ack.args});
                break;
            case AckResult::Status::TimedOut:
                if (socket.isEmpty())
                    ++collector->result.remoteTimedOut;
                else
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
    };
    // One report per server per namespace; the servers are counted once per namespace.
    auto pendingCounts = std::make_shared<int>(int(namespaces.size()));
    auto expectedSum = std::make_shared<int>(0);
    for (Namespace *nsp : namespaces) {
        const quint64 id = nsp->nextAckId();
        nsp->adapter().broadcastWithAck(
            sio::makeEvent(nsp->name(), payload, id), m_options,
            [collector](int expected) {
                collector->result.expected += expected;
                ++collector->reports;
                collector->check();
            },
            ackFor);
        nsp->adapter().fetchServerCount(
            [collector, pendingCounts, expectedSum, local = int(namespaces.size()),
                hasTimeout = bool(m_options.flags.timeout)](int servers) {
                *expectedSum += std::max(servers, 1);
                if (--*pendingCounts > 0)
                    return;
                collector->expectedReports = *expectedSum;
                if (*expectedSum > local && hasTimeout && !collector->done)
                    collector->keepAlive = collector;
                collector->check();
            });
    }
    if (namespaces.isEmpty())
        collector->expectedReports = 0;
    if (m_options.flags.timeout) {
        // Armed after the local acks: at the same due time those end first. It does not keep the
        // collector alive by itself (see keepAlive).
        collector->timer.setCallback([weak = std::weak_ptr<Collector>(collector)] {
            if (auto strong = weak.lock())
                strong->timedOut();
        });
        collector->timer.start(*m_options.flags.timeout);
    }
    collector->check();
}

void BroadcastOperator::fetchSockets(const std::function<void(QList<SocketInfo>)> &done) const
{
    fetchSockets(FetchSocketsCallback(
        [done](const QList<SocketInfo> &found, const QString &) { done(found); }));
}

void BroadcastOperator::fetchSockets(const FetchSocketsCallback &done) const
{
    // Outlives this call: a cluster adapter answers when the other servers have.
    struct Collector
    {
        QList<SocketInfo> found;
        QStringList errors;
        int pending = 0;
        FetchSocketsCallback done;
    };
    auto collector = std::make_shared<Collector>();
    collector->done = done;
    const QList<Namespace *> namespaces = targets(*m_nsp);
    collector->pending = int(namespaces.size());
    if (namespaces.isEmpty()) {
        done({}, {});
        return;
    }
    for (Namespace *nsp : namespaces) {
        nsp->adapter().fetchSockets(
            m_options, [collector](const QList<SocketInfo> &found, const QString &error) {
                collector->found += found;
                if (!error.isEmpty())
                    collector->errors.append(error);
                if (--collector->pending == 0)
                    collector->done(collector->found, collector->errors.join(u"; "));
            });
    }
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
