#pragma once

#include "engine/engine_observer.h"
#include "engine/session.h"
#include "io/io_observer.h"
#include "io/namespace.h"
#include "io/outgoing_frames.h"
#include "protocol/parser.h"

#include <QHash>
#include <QObject>

namespace sb::eio {
class EngineServer;
}

namespace sb::io {

class Connection;

struct ServerOptions
{
    // A connection that joins no namespace within this time is closed.
    std::chrono::milliseconds connectTimeout{45'000};
    // Connection state recovery: 0 is off; otherwise maxDisconnectionDuration.
    std::chrono::milliseconds recoveryWindow{0};
    bool recoverySkipsMiddlewares = true;
    bool cleanupEmptyChildNamespaces = false;
    int maxAttachments = 10;
    int maxJsonDepth = 32;
    // The wire encoding every client of this server uses (socket.io's `parser` option).
    sio::ParserKind parser = sio::ParserKind::Default;
    // Makes each namespace's adapter (a cluster adapter); none: the in-memory adapter.
    AdapterFactory adapterFactory;
};

// The Socket.IO v5 server (socket.io's `Server`): namespaces, the server-wide middleware, and the
// Socket.IO side of every engine session. Lives on the server thread.
class Server final : public QObject, private eio::SessionHandler
{
    Q_OBJECT
public:
    Server(ServerOptions options, eio::EngineServer &engine, QObject *parent = nullptr);
    ~Server() override;

    const ServerOptions &options() const { return m_options; }
    const sio::Parser &parser() const { return sio::Parser::of(m_options.parser); }
    // `packet` encoded once with this server's parser, for any number of recipients.
    OutgoingFrames encode(const sio::Packet &packet, bool compress = true) const
    {
        return OutgoingFrames::encode(parser(), packet, compress);
    }
    eio::EngineServer &engine() const { return m_engine; }

    // The namespace of that name, created if needed.
    Namespace &of(const QByteArray &name);
    // A parent namespace: every CONNECT to a name the expression matches creates a child namespace
    // on demand, with the parent's middleware and connection handlers.
    Namespace &of(const QRegularExpression &pattern);
    Namespace &of(NamespaceMatcher matcher);
    Namespace *findNamespace(const QByteArray &name) const { return m_namespaces.value(name); }
    QList<Namespace *> namespaces() const { return m_namespaces.values(); }

    // The main namespace ("/").
    Namespace &main() { return of(QByteArrayLiteral("/")); }
    void onConnection(ConnectionHandler handler) { main().onConnection(std::move(handler)); }
    BroadcastOperator to(const Room &room) { return main().to(room); }
    BroadcastOperator except(const Room &room) { return main().except(room); }
    void emit(const QString &event, const Args &args = {}) { main().emit(event, args); }

    // Server-wide connection middleware: runs before every namespace's own middleware.
    void use(Middleware middleware) { m_middlewares.append(std::move(middleware)); }
    const QList<Middleware> &middlewares() const { return m_middlewares; }
    void onNewNamespace(std::function<void(Namespace &)> handler)
    {
        m_newNamespaceHandlers.append(std::move(handler));
    }

    void addObserver(IoObserver *observer);
    void removeObserver(IoObserver *observer);
    bool hasObservers() const { return !m_observers.isEmpty(); }
    template <typename F>
    void forEachObserver(F &&f) const
    {
        for (IoObserver *observer : m_observers)
            f(*observer);
    }

    // Disconnects every socket ("server shutting down") and closes every session.
    void close();

    // For connections and namespaces.
    Namespace *resolveNamespace(const QByteArray &name, const QByteArray &auth);
    void childNamespaceEmptied(Namespace &child);
    qsizetype connectionCount() const { return m_connections.size(); }

private:
    void sessionOpened(eio::Session &session) override;
    void messageReceived(eio::Session &session, const eio::Packet &packet) override;
    void sessionClosed(eio::Session &session, eio::CloseReason reason) override;
    Namespace &createNamespace(const QByteArray &name, Namespace *parent);

    ServerOptions m_options;
    eio::EngineServer &m_engine;
    QHash<QByteArray, Namespace *> m_namespaces;
    QList<Namespace *> m_parents;
    QList<Middleware> m_middlewares;
    QList<std::function<void(Namespace &)>> m_newNamespaceHandlers;
    QList<IoObserver *> m_observers;
    QHash<eio::SessionId, Connection *> m_connections;
    int m_parentCount = 0;
};

} // namespace sb::io
