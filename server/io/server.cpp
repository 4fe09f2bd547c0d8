#include "io/server.h"

#include "engine/engine_server.h"
#include "io/connection.h"
#include "io/io_log.h"

Q_LOGGING_CATEGORY(lcIo, "sb.io", QtWarningMsg)

namespace sb::io {

Server::Server(ServerOptions options, eio::EngineServer &engine, QObject *parent)
    : QObject(parent)
    , m_options(std::move(options))
    , m_engine(engine)
{
    m_engine.setHandler(this);
    main();
}

Server::~Server()
{
    m_engine.setHandler(nullptr);
    m_observers.clear();
    qDeleteAll(m_connections);
    m_connections.clear();
}

Namespace &Server::createNamespace(const QByteArray &name, Namespace *parent)
{
    auto *nsp = new Namespace(*this, name, parent);
    nsp->setParent(this);
    m_namespaces.insert(name, nsp);
    if (parent)
        parent->addChild(nsp);
    forEachObserver([&](IoObserver &o) { o.namespaceCreated(name); });
    const auto handlers = m_newNamespaceHandlers;
    for (const auto &handler : handlers)
        handler(*nsp);
    return *nsp;
}

Namespace &Server::of(const QByteArray &name)
{
    QByteArray normalised = name;
    if (!normalised.startsWith('/'))
        normalised.prepend('/');
    if (Namespace *existing = m_namespaces.value(normalised))
        return *existing;
    return createNamespace(normalised, nullptr);
}

Namespace &Server::of(const QRegularExpression &pattern)
{
    return of([pattern](const QByteArray &name, const QByteArray &) {
        return pattern.match(QString::fromUtf8(name)).hasMatch();
    });
}

Namespace &Server::of(NamespaceMatcher matcher)
{
    // Parents are named like socket.io's ("/_0", "/_1", ...) but are not reachable by name.
    auto *parent = new Namespace(*this, "/_" + QByteArray::number(m_parentCount++));
    parent->setParent(this);
    parent->setMatcher(std::move(matcher));
    m_parents.append(parent);
    return *parent;
}

Namespace *Server::resolveNamespace(const QByteArray &name, const QByteArray &auth)
{
    if (Namespace *existing = m_namespaces.value(name))
        return existing;
    for (Namespace *parent : std::as_const(m_parents)) {
        if (parent->matches(name, auth))
            return &createNamespace(name, parent);
    }
    return nullptr;
}

void Server::childNamespaceEmptied(Namespace &child)
{
    if (!m_options.cleanupEmptyChildNamespaces || !child.parentNamespace())
        return;
    const QByteArray name = child.name();
    m_namespaces.remove(name);
    child.parentNamespace()->removeChild(&child);
    forEachObserver([&](IoObserver &o) { o.namespaceRemoved(name); });
    child.deleteLater();
}

void Server::addObserver(IoObserver *observer)
{
    if (!m_observers.contains(observer))
        m_observers.append(observer);
}

void Server::removeObserver(IoObserver *observer)
{
    m_observers.removeAll(observer);
}

void Server::close()
{
    const QList<Connection *> connections = m_connections.values();
    for (Connection *connection : connections)
        connection->close(DisconnectReason::ServerShuttingDown);
}

void Server::sessionOpened(eio::Session &session)
{
    m_connections.insert(session.id(), new Connection(*this, session));
}

void Server::messageReceived(eio::Session &session, const eio::Packet &packet)
{
    if (Connection *connection = m_connections.value(session.id()))
        connection->handleMessage(packet);
}

void Server::sessionClosed(eio::Session &session, eio::CloseReason reason)
{
    Connection *connection = m_connections.take(session.id());
    if (!connection)
        return;
    connection->handleClosed(reason);
    connection->deleteLater();
}

} // namespace sb::io
