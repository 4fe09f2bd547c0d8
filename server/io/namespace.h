#pragma once

#include "io/adapter.h"
#include "io/broadcast_operator.h"
#include "io/io_types.h"
#include "io/socket.h"

#include <QHash>
#include <QObject>
#include <QRegularExpression>

#include <memory>

namespace sb::io {

class Connection;
class Server;

using ConnectionHandler = std::function<void(Socket &socket)>;
// Connection middleware: next() lets the socket in, next(error) refuses it with CONNECT_ERROR.
// May call next later (asynchronously); the socket is dropped meanwhile if its connection closes.
using Middleware = std::function<void(Socket &socket, const NextFunction &next)>;
using NamespaceMatcher = std::function<bool(const QByteArray &name, const QByteArray &auth)>;

// A namespace: its sockets, middleware, connection handlers and adapter. A parent namespace (made
// with Server::of(regex or predicate)) has no sockets of its own: it creates a child for each
// matching name on demand and hands it its middleware and handlers.
class Namespace final : public QObject, public LocalSockets
{
    Q_OBJECT
public:
    Namespace(Server &server, QByteArray name, Namespace *parent = nullptr);
    ~Namespace() override;

    const QByteArray &name() const { return m_name; }
    Server &server() const { return m_server; }
    Adapter &adapter() const { return *m_adapter; }
    Namespace *parentNamespace() const { return m_parent; }
    bool isParent() const { return bool(m_matcher); }

    void onConnection(ConnectionHandler handler);
    void use(Middleware middleware);

    const QHash<SocketId, Socket *> &sockets() const { return m_sockets; }
    Socket *socket(const SocketId &id) const { return m_sockets.value(id); }

    // Broadcasting (to every socket of the namespace unless narrowed).
    BroadcastOperator broadcastOperator() const
    {
        return BroadcastOperator(const_cast<Namespace &>(*this));
    }
    BroadcastOperator to(const Room &room) const { return broadcastOperator().to(room); }
    BroadcastOperator in(const Room &room) const { return to(room); }
    BroadcastOperator except(const Room &room) const { return broadcastOperator().except(room); }
    BroadcastOperator asVolatile() const { return broadcastOperator().asVolatile(); }
    BroadcastOperator local() const { return broadcastOperator().local(); }
    BroadcastOperator compress(bool on) const { return broadcastOperator().compress(on); }
    BroadcastOperator timeout(std::chrono::milliseconds t) const
    {
        return broadcastOperator().timeout(t);
    }
    void emit(const QString &event, const Args &args = {}) const
    {
        broadcastOperator().emit(event, args);
    }
    void fetchSockets(const std::function<void(QList<SocketInfo>)> &done) const
    {
        broadcastOperator().fetchSockets(done);
    }
    void fetchSockets(const FetchSocketsCallback &done) const
    {
        broadcastOperator().fetchSockets(done);
    }
    void socketsJoin(const QSet<Room> &rooms) const { broadcastOperator().socketsJoin(rooms); }
    void socketsLeave(const QSet<Room> &rooms) const { broadcastOperator().socketsLeave(rooms); }
    void disconnectSockets(bool close = false) const
    {
        broadcastOperator().disconnectSockets(close);
    }
    // To the other servers of a cluster, on this namespace.
    void serverSideEmit(const QString &event, const Args &args = {},
        std::function<void(QList<Args>, int timedOut)> done = {},
        std::chrono::milliseconds timeout = std::chrono::seconds(5));
    // Hears the events other servers send with serverSideEmit (socket.io's
    // `nsp.on(event)` for server-side events); `reply` is empty when the sender asked no answer.
    using ServerSideReply = std::function<void(const Args &answer)>;
    using ServerSideHandler = std::function<void(const Args &args, const ServerSideReply &reply)>;
    void onServerSideEmit(const QString &event, ServerSideHandler handler);
    // For the adapter: an event from another server (name first).
    void serverSideEmitReceived(const Args &eventAndArgs, const ServerSideReply &reply);

    quint64 nextAckId() { return m_nextAckId++; }

    // For the server and connections.
    void setMatcher(NamespaceMatcher matcher) { m_matcher = std::move(matcher); }
    bool matches(const QByteArray &name, const QByteArray &auth) const
    {
        return m_matcher && m_matcher(name, auth);
    }
    QList<Namespace *> children() const { return m_children; }
    void addChild(Namespace *child) { m_children.append(child); }
    void removeChild(Namespace *child) { m_children.removeAll(child); }
    void add(Connection &connection, const QByteArray &auth);
    void remove(Socket &socket);

    // For the adapter: room events, relayed to the observers.
    void roomCreated(const Room &room);
    void roomDeleted(const Room &room);
    void roomJoined(const Room &room, const SocketId &id);
    void roomLeft(const Room &room, const SocketId &id);
    // For the adapter: one traffic record for a whole broadcast, written to `recipients` sockets.
    void recordBroadcast(
        const OutgoingFrames &frames, const BroadcastOptions &options, int recipients);

    // LocalSockets
    int deliverTo(const QList<SocketId> &ids, const OutgoingFrames &frames,
        const BroadcastFlags &flags) override;
    int deliverWithAckTo(const QList<SocketId> &ids, const OutgoingFrames &frames,
        const BroadcastFlags &flags, quint64 ackId,
        const std::function<AckCallback(const SocketId &)> &ackFor) override;
    void joinIds(const QList<SocketId> &ids, const QSet<Room> &rooms) override;
    void leaveIds(const QList<SocketId> &ids, const QSet<Room> &rooms) override;
    void disconnectIds(const QList<SocketId> &ids, bool close) override;
    QList<SocketInfo> describe(const QList<SocketId> &ids) const override;

private:
    void admit(Socket &socket, const QList<Args> &missed);
    void refuse(Connection &connection, Socket *socket, const ConnectError &error);
    QList<Middleware> middlewareChain() const;
    QList<ConnectionHandler> connectionHandlers() const;

    Server &m_server;
    QByteArray m_name;
    Namespace *m_parent;
    std::unique_ptr<Adapter> m_adapter;
    NamespaceMatcher m_matcher;
    QList<Namespace *> m_children;
    QList<ConnectionHandler> m_connectionHandlers;
    QHash<QString, QList<ServerSideHandler>> m_serverSideHandlers;
    QList<Middleware> m_middlewares;
    QHash<SocketId, Socket *> m_sockets;
    quint64 m_nextAckId = 0;
};

} // namespace sb::io
