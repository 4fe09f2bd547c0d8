#include "io/namespace.h"

#include "engine/engine_server.h"
#include "io/connection.h"
#include "io/in_memory_adapter.h"
#include "io/io_log.h"
#include "io/server.h"
#include "protocol/encoder.h"

#include <QJsonDocument>
#include <QJsonObject>

#include <algorithm>

namespace sb::io {

Namespace::Namespace(Server &server, QByteArray name, Namespace *parent)
    : m_server(server)
    , m_name(std::move(name))
    , m_parent(parent)
    , m_adapter(server.options().adapterFactory
              ? server.options().adapterFactory(*this)
              : std::make_unique<InMemoryAdapter>(*this, server.options().recoveryWindow))
{ }

Namespace::~Namespace() = default;

void Namespace::onConnection(ConnectionHandler handler)
{
    m_connectionHandlers.append(std::move(handler));
}

void Namespace::use(Middleware middleware)
{
    m_middlewares.append(std::move(middleware));
}

QList<Middleware> Namespace::middlewareChain() const
{
    // Server-wide first, then the parent's (for a child namespace), then the namespace's own.
    QList<Middleware> chain = m_server.middlewares();
    if (m_parent)
        chain += m_parent->m_middlewares;
    chain += m_middlewares;
    return chain;
}

QList<ConnectionHandler> Namespace::connectionHandlers() const
{
    QList<ConnectionHandler> handlers = m_connectionHandlers;
    if (m_parent)
        handlers += m_parent->m_connectionHandlers;
    return handlers;
}

void Namespace::serverSideEmit(const QString &event, const Args &args,
    std::function<void(QList<Args>, int)> done, std::chrono::milliseconds timeout)
{
    m_adapter->serverSideEmit(args.prepended(event), done, timeout);
}

void Namespace::onServerSideEmit(const QString &event, ServerSideHandler handler)
{
    m_serverSideHandlers[event].append(std::move(handler));
}

void Namespace::serverSideEmitReceived(const Args &eventAndArgs, const ServerSideReply &reply)
{
    const std::optional<QString> event = eventAndArgs.eventName();
    if (!event)
        return;
    const Args args = eventAndArgs.sliced(1);
    // A child namespace also hears what its parent listens to.
    QList<ServerSideHandler> handlers = m_serverSideHandlers.value(*event);
    if (m_parent)
        handlers += m_parent->m_serverSideHandlers.value(*event);
    // Only the first answer travels back (as socket.io's adapters do).
    auto answered = std::make_shared<bool>(false);
    const ServerSideReply once = reply ? ServerSideReply([reply, answered](const Args &answer) {
        if (*answered)
            return;
        *answered = true;
        reply(answer);
    })
                                       : ServerSideReply();
    for (const ServerSideHandler &handler : handlers)
        handler(args, once);
}

void Namespace::add(Connection &connection, const QByteArray &auth)
{
    Handshake handshake{connection.session()->request(), QDateTime::currentDateTime(), auth};
    // Connection state recovery: a client that comes back with its private id and the offset of
    // the last event it processed gets its id, rooms, data and missed events back.
    std::optional<RestoredSession> restored;
    if (m_server.options().recoveryWindow.count() > 0) {
        const QJsonObject object = QJsonDocument::fromJson(auth).object();
        const QJsonValue pid = object.value(QStringLiteral("pid"));
        const QJsonValue offset = object.value(QStringLiteral("offset"));
        if (pid.isString() && offset.isString())
            restored
                = m_adapter->restoreSession(pid.toString().toUtf8(), offset.toString().toUtf8());
    }
    const SocketId id = restored ? restored->session.sid : eio::EngineServer::generateId();
    QByteArray pid;
    if (restored)
        pid = restored->session.pid;
    else if (m_server.options().recoveryWindow.count() > 0)
        pid = eio::EngineServer::generateId();
    auto *socket = new Socket(*this, connection, id, pid, handshake);
    socket->setParent(this);
    // Restored before the middleware runs, as socket.io does: it sees recovered(), rooms and data.
    if (restored)
        socket->restore(restored->session);
    connection.socketConnecting(m_name);
    QPointer<Socket> guard(socket);
    QPointer<Connection> connectionGuard(&connection);
    const QList<Args> missed = restored ? restored->missedEvents : QList<Args>();
    if (restored && m_server.options().recoverySkipsMiddlewares) {
        admit(*socket, missed);
        return;
    }
    const QList<Middleware> chain = middlewareChain();
    // Runs the chain; each step may continue later (asynchronous middleware).
    auto finish = [this, guard, connectionGuard, missed](std::optional<ConnectError> error) {
        if (!guard)
            return;
        if (!connectionGuard || !connectionGuard->session()
            || connectionGuard->session()->state() != eio::Session::State::Open) {
            // The connection went away while the middleware ran: nothing to answer.
            guard->discard();
            return;
        }
        if (error) {
            refuse(*connectionGuard, guard, *error);
            return;
        }
        admit(*guard, missed);
    };
    auto step = std::make_shared<std::function<void(qsizetype)>>();
    *step = [chain, guard, finish, weakStep = std::weak_ptr<std::function<void(qsizetype)>>(step)](
                qsizetype index) {
        if (!guard)
            return;
        if (index >= chain.size()) {
            finish(std::nullopt);
            return;
        }
        auto next = weakStep.lock();
        chain[index](*guard, [finish, next, index](std::optional<ConnectError> error) {
            if (!next)
                return;
            if (error)
                finish(error);
            else
                (*next)(index + 1);
        });
    };
    // Each pending next() holds the step function: it lives as long as a middleware may call it.
    (*step)(0);
}

void Namespace::admit(Socket &socket, const QList<Args> &missed)
{
    Connection &connection = socket.connection();
    m_sockets.insert(socket.id(), &socket);
    connection.socketConnected(socket);
    socket.markConnected();
    for (const Args &event : missed)
        socket.deliver(server().encode(sio::makeEvent(m_name, event)), {});
    if (m_server.hasObservers())
        m_server.forEachObserver([&](IoObserver &o) { o.socketConnected(socket); });
    QPointer<Socket> guard(&socket);
    const QList<ConnectionHandler> handlers = connectionHandlers();
    for (const ConnectionHandler &handler : handlers) {
        if (!guard || !guard->connected())
            break;
        handler(*guard);
    }
}

void Namespace::refuse(Connection &connection, Socket *socket, const ConnectError &error)
{
    connection.socketRefused(m_name);
    connection.writePacket(sio::makeConnectError(m_name, error.message, error.data));
    if (m_server.hasObservers())
        m_server.forEachObserver(
            [&](IoObserver &o) { o.connectRefused(connection, m_name, error); });
    socket->discard();
}

void Namespace::remove(Socket &socket)
{
    m_sockets.remove(socket.id());
    socket.deleteLater();
    if (m_sockets.isEmpty() && m_parent)
        m_server.childNamespaceEmptied(*this);
}

void Namespace::roomCreated(const Room &room)
{
    if (m_server.hasObservers())
        m_server.forEachObserver([&](IoObserver &o) { o.roomCreated(m_name, room); });
}

void Namespace::roomDeleted(const Room &room)
{
    if (m_server.hasObservers())
        m_server.forEachObserver([&](IoObserver &o) { o.roomDeleted(m_name, room); });
}

void Namespace::roomJoined(const Room &room, const SocketId &id)
{
    if (m_server.hasObservers())
        m_server.forEachObserver([&](IoObserver &o) { o.roomJoined(m_name, room, id); });
}

void Namespace::roomLeft(const Room &room, const SocketId &id)
{
    if (m_server.hasObservers())
        m_server.forEachObserver([&](IoObserver &o) { o.roomLeft(m_name, room, id); });
}

void Namespace::recordBroadcast(
    const OutgoingFrames &frames, const BroadcastOptions &options, int recipients)
{
    if (!m_server.hasObservers())
        return;
    PacketRecord record = PacketRecord::of(
        Direction::Out, {}, m_name, frames.event, frames.packet, frames.size, frames.text);
    record.recipients = recipients;
    record.rooms = QList<Room>(options.rooms.cbegin(), options.rooms.cend());
    record.except = QList<Room>(options.except.cbegin(), options.except.cend());
    std::sort(record.rooms.begin(), record.rooms.end());
    std::sort(record.except.begin(), record.except.end());
    m_server.forEachObserver([&](IoObserver &o) { o.packet(record); });
}

int Namespace::deliverTo(
    const QList<SocketId> &ids, const OutgoingFrames &frames, const BroadcastFlags &flags)
{
    int count = 0;
    for (const SocketId &id : ids) {
        if (Socket *target = socket(id))
            count += target->deliver(frames, flags, Socket::Delivery::Broadcast) ? 1 : 0;
    }
    return count;
}

int Namespace::deliverWithAckTo(const QList<SocketId> &ids, const OutgoingFrames &frames,
    const BroadcastFlags &flags, quint64 ackId,
    const std::function<AckCallback(const SocketId &)> &ackFor)
{
    int count = 0;
    for (const SocketId &id : ids) {
        Socket *target = socket(id);
        if (!target || (flags.isVolatile && !target->isWritable()))
            continue;
        target->registerAck(ackId, ackFor(id), frames.event, flags.timeout);
        target->deliver(frames, flags, Socket::Delivery::Broadcast);
        ++count;
    }
    return count;
}

void Namespace::joinIds(const QList<SocketId> &ids, const QSet<Room> &rooms)
{
    for (const SocketId &id : ids) {
        if (Socket *target = socket(id))
            target->join(rooms);
    }
}

void Namespace::leaveIds(const QList<SocketId> &ids, const QSet<Room> &rooms)
{
    for (const SocketId &id : ids) {
        if (Socket *target = socket(id)) {
            for (const Room &room : rooms)
                target->leave(room);
        }
    }
}

void Namespace::disconnectIds(const QList<SocketId> &ids, bool close)
{
    for (const SocketId &id : ids) {
        if (Socket *target = socket(id))
            target->disconnect(close);
    }
}

QList<SocketInfo> Namespace::describe(const QList<SocketId> &ids) const
{
    QList<SocketInfo> result;
    result.reserve(ids.size());
    for (const SocketId &id : ids) {
        if (const Socket *target = socket(id))
            result.append(target->info());
    }
    return result;
}

} // namespace sb::io
