#include "io/socket.h"

#include "io/broadcast_operator.h"
#include "io/connection.h"
#include "io/io_log.h"
#include "io/namespace.h"
#include "io/server.h"
#include "protocol/encoder.h"

#include <QJsonArray>
#include <QJsonDocument>

namespace sb::io {

namespace {

// Names a server may not emit (socket.io's RESERVED_EVENTS): the client would take them for its
// own lifecycle events.
bool isReservedEvent(const QString &event)
{
    static const QSet<QString> reserved{QStringLiteral("connect"), QStringLiteral("connect_error"),
        QStringLiteral("disconnect"), QStringLiteral("disconnecting"),
        QStringLiteral("newListener"), QStringLiteral("removeListener")};
    return reserved.contains(event);
}

std::chrono::milliseconds since(std::chrono::steady_clock::time_point start)
{
    return std::chrono::duration_cast<std::chrono::milliseconds>(
        std::chrono::steady_clock::now() - start);
}

} // namespace

QJsonObject Handshake::authObject() const
{
    return QJsonDocument::fromJson(auth).object();
}

QJsonObject Handshake::toJson() const
{
    QJsonObject headers;
    for (const auto &[name, value] : request.headers)
        headers.insert(QString::fromLatin1(name), QString::fromUtf8(value));
    QJsonObject queryObject;
    for (const QByteArray &pair : request.query.split('&')) {
        const qsizetype eq = pair.indexOf('=');
        const QByteArray key = eq < 0 ? pair : pair.left(eq);
        if (!key.isEmpty())
            queryObject.insert(QString::fromUtf8(QByteArray::fromPercentEncoding(key)),
                QString::fromUtf8(request.queryValue(key)));
    }
    return {{QStringLiteral("headers"), headers},
        {QStringLiteral("time"), time.toString(Qt::RFC2822Date)},
        {QStringLiteral("address"), address()}, {QStringLiteral("xdomain"), xdomain()},
        {QStringLiteral("secure"), secure()}, {QStringLiteral("issued"), issued()},
        {QStringLiteral("url"), QString::fromUtf8(url())}, {QStringLiteral("query"), queryObject},
        {QStringLiteral("auth"), authObject()}};
}

Ack::Ack(Socket *socket, quint64 id)
    : m_state(std::make_shared<State>(State{socket, id, false}))
{ }

void Ack::operator()(const Args &args) const
{
    if (!m_state || m_state->answered)
        return;
    m_state->answered = true;
    if (auto *socket = static_cast<Socket *>(m_state->socket.data()); socket && socket->connected())
        socket->sendAck(m_state->id, args);
}

SocketEmitter SocketEmitter::timeout(std::chrono::milliseconds timeout) const
{
    BroadcastFlags flags = m_flags;
    flags.timeout = timeout;
    return {m_socket, flags};
}

SocketEmitter SocketEmitter::asVolatile() const
{
    BroadcastFlags flags = m_flags;
    flags.isVolatile = true;
    return {m_socket, flags};
}

SocketEmitter SocketEmitter::compress(bool on) const
{
    BroadcastFlags flags = m_flags;
    flags.compress = on;
    return {m_socket, flags};
}

void SocketEmitter::emit(const QString &event, const Args &args) const
{
    m_socket.emitWith(event, args, m_flags, {});
}

void SocketEmitter::emit(const QString &event, const Args &args, AckCallback callback) const
{
    m_socket.emitWith(event, args, m_flags, std::move(callback));
}

Socket::Socket(
    Namespace &nsp, Connection &connection, SocketId id, QByteArray pid, Handshake handshake)
    : m_nsp(nsp)
    , m_connection(connection)
    , m_id(std::move(id))
    , m_pid(std::move(pid))
    , m_handshake(std::move(handshake))
{ }

Socket::~Socket() = default;

bool Socket::isWritable() const
{
    return m_connection.isWritable();
}

void Socket::on(const QString &event, EventHandler handler)
{
    m_handlers.insert(event, std::move(handler));
}

void Socket::off(const QString &event)
{
    m_handlers.remove(event);
}

void Socket::onAny(AnyHandler handler)
{
    m_anyHandlers.append(std::move(handler));
}

void Socket::onAnyOutgoing(AnyHandler handler)
{
    m_anyOutgoingHandlers.append(std::move(handler));
}

void Socket::use(PacketMiddleware middleware)
{
    m_middlewares.append(std::move(middleware));
}

void Socket::onDisconnecting(DisconnectHandler handler)
{
    m_disconnectingHandlers.append(std::move(handler));
}

void Socket::onDisconnect(DisconnectHandler handler)
{
    m_disconnectHandlers.append(std::move(handler));
}

void Socket::onError(ErrorHandler handler)
{
    m_errorHandlers.append(std::move(handler));
}

BroadcastFlags Socket::flagsWith(std::chrono::milliseconds timeout) const
{
    BroadcastFlags flags;
    flags.timeout = timeout;
    return flags;
}

void Socket::emit(const QString &event, const Args &args)
{
    emitWith(event, args, {}, {});
}

void Socket::emit(const QString &event, const Args &args, AckCallback callback)
{
    emitWith(event, args, {}, std::move(callback));
}

void Socket::emitWith(
    const QString &event, const Args &args, const BroadcastFlags &flags, AckCallback callback)
{
    if (isReservedEvent(event)) {
        qCWarning(lcIo) << "refusing to emit the reserved event name" << event;
        if (callback)
            callback({AckResult::Status::Disconnected, {}, {}});
        return;
    }
    std::optional<quint64> id;
    if (callback) {
        id = m_nsp.nextAckId();
        registerAck(*id, std::move(callback), event, flags.timeout);
    }
    sio::Packet packet = sio::makeEvent(m_nsp.name(), args.prepended(event), id);
    if (!id && m_nsp.server().options().recoveryWindow.count() > 0) {
        // Stored like a broadcast to this socket's own room, so a reconnecting client gets it.
        m_nsp.adapter().broadcast(std::move(packet), {{ownRoom()}, {}, flags});
        return;
    }
    deliver(m_nsp.server().encode(packet, flags.compress), flags);
}

bool Socket::deliver(const OutgoingFrames &frames, const BroadcastFlags &flags, Delivery delivery)
{
    if (flags.isVolatile && !m_connection.isWritable())
        return false;
    if (!m_anyOutgoingHandlers.isEmpty())
        notifyOutgoing(frames);
    if (sio::isEventType(frames.packet.type)) {
        ++m_stats.eventsOut;
        m_stats.bytesOut += quint64(frames.size);
    }
    Server &server = m_nsp.server();
    if (delivery == Delivery::Single && server.hasObservers()) {
        const PacketRecord record = PacketRecord::of(Direction::Out, m_id, m_nsp.name(),
            frames.event, frames.packet, frames.size, frames.text);
        server.forEachObserver([&](IoObserver &o) { o.packet(record); });
    }
    m_connection.write(frames);
    return true;
}

void Socket::notifyOutgoing(const OutgoingFrames &frames)
{
    if (!sio::isEventType(frames.packet.type))
        return;
    const Args args = Args::fromPacket(frames.packet).sliced(1);
    const QList<AnyHandler> handlers = m_anyOutgoingHandlers;
    for (const AnyHandler &handler : handlers)
        handler(frames.event, args);
}

void Socket::registerAck(quint64 id, AckCallback callback, const QString &event,
    std::optional<std::chrono::milliseconds> timeout)
{
    PendingAck &pending = m_acks[id];
    pending.callback = std::move(callback);
    pending.sentAt = std::chrono::steady_clock::now();
    pending.event = event;
    if (timeout) {
        // A deadline, not a Qt timer per ack: a broadcast with acks to 10,000 sockets arms 10,000
        // of them, and Qt's timer list costs O(timers) for each.
        pending.timeout.setCallback([this, id] { ackTimedOut(id); });
        pending.timeout.start(*timeout);
    } else {
        pending.timeout.stop();
    }
    Server &server = m_nsp.server();
    if (server.hasObservers())
        server.forEachObserver(
            [&](IoObserver &o) { o.ackRequested(m_nsp.name(), m_id, id, event, timeout); });
}

void Socket::ackTimedOut(quint64 id)
{
    const auto pending = m_acks.find(id);
    if (pending == m_acks.end())
        return;
    // Out of the map before the callback runs; the node (with the deadline now running) goes at
    // the end.
    const auto node = m_acks.extract(pending);
    const PendingAck &ack = node.mapped();
    Server &server = m_nsp.server();
    if (server.hasObservers())
        server.forEachObserver([&](IoObserver &o) { o.ackTimedOut(m_nsp.name(), m_id, id); });
    ack.callback({AckResult::Status::TimedOut, {}, since(ack.sentAt)});
}

void Socket::handleAckPacket(quint64 id, const Args &args)
{
    const auto pending = m_acks.find(id);
    if (pending == m_acks.end())
        return; // late (timed out) or unknown: socket.io ignores it too
    auto node = m_acks.extract(pending);
    PendingAck &ack = node.mapped();
    ack.timeout.stop();
    const auto latency = since(ack.sentAt);
    Server &server = m_nsp.server();
    if (server.hasObservers())
        server.forEachObserver(
            [&](IoObserver &o) { o.ackAnswered(m_nsp.name(), m_id, id, latency, args); });
    ack.callback({AckResult::Status::Answered, args, latency});
}

void Socket::handlePacket(const sio::Packet &packet)
{
    Server &server = m_nsp.server();
    switch (packet.type) {
    case sio::PacketType::Event:
    case sio::PacketType::BinaryEvent: {
        const Args payload = Args::fromPacket(packet);
        const QString event = payload.eventName().value_or(QString());
        qsizetype size = packet.data.size();
        for (const QByteArray &attachment : packet.attachments)
            size += attachment.size();
        ++m_stats.eventsIn;
        m_stats.bytesIn += quint64(size);
        if (server.hasObservers()) {
            const PacketRecord record = PacketRecord::of(
                Direction::In, m_id, m_nsp.name(), event, packet, size, packet.data);
            server.forEachObserver([&](IoObserver &o) { o.packet(record); });
        }
        runMiddlewares(0, event, payload.sliced(1), packet.id);
        break;
    }
    case sio::PacketType::Ack:
    case sio::PacketType::BinaryAck:
        if (server.hasObservers()) {
            qsizetype size = packet.data.size();
            for (const QByteArray &attachment : packet.attachments)
                size += attachment.size();
            const PacketRecord record = PacketRecord::of(
                Direction::In, m_id, m_nsp.name(), {}, packet, size, packet.data);
            server.forEachObserver([&](IoObserver &o) { o.packet(record); });
        }
        if (packet.id)
            handleAckPacket(*packet.id, Args::fromPacket(packet));
        break;
    case sio::PacketType::Disconnect:
        close(DisconnectReason::ClientNamespaceDisconnect);
        break;
    case sio::PacketType::Connect:
    case sio::PacketType::ConnectError:
        break; // handled by the connection / never from a client
    }
}

void Socket::runMiddlewares(
    qsizetype index, const QString &event, const Args &args, std::optional<quint64> ackId)
{
    if (index >= m_middlewares.size()) {
        dispatchEvent(event, args, ackId);
        return;
    }
    QPointer<Socket> self(this);
    m_middlewares[index](
        event, args, [self, index, event, args, ackId](std::optional<ConnectError> error) {
            if (!self || !self->m_connected)
                return;
            if (error) {
                const QList<ErrorHandler> handlers = self->m_errorHandlers;
                for (const ErrorHandler &handler : handlers)
                    handler(*error);
                return;
            }
            self->runMiddlewares(index + 1, event, args, ackId);
        });
}

void Socket::dispatchEvent(const QString &event, const Args &args, std::optional<quint64> ackId)
{
    const Ack ack = ackId ? Ack(this, *ackId) : Ack();
    if (!m_anyHandlers.isEmpty()) {
        const QList<AnyHandler> handlers = m_anyHandlers;
        for (const AnyHandler &handler : handlers)
            handler(event, args);
    }
    const auto handler = m_handlers.constFind(event);
    if (handler != m_handlers.cend()) {
        const EventHandler copy = *handler; // the handler may remove itself
        copy(args, ack);
    }
}

void Socket::sendAck(quint64 id, const Args &args)
{
    const OutgoingFrames frames = m_nsp.server().encode(sio::makeAck(m_nsp.name(), id, args));
    deliver(frames, {});
}

BroadcastOperator Socket::broadcast() const
{
    return BroadcastOperator(m_nsp).except(ownRoom());
}

BroadcastOperator Socket::to(const Room &room) const
{
    return broadcast().to(room);
}

BroadcastOperator Socket::except(const Room &room) const
{
    return broadcast().except(room);
}

void Socket::join(const Room &room)
{
    join(QSet<Room>{room});
}

void Socket::join(const QSet<Room> &rooms)
{
    // As socket.io: middleware may join rooms before the socket is admitted; after it has left the
    // namespace, joining does nothing.
    if (m_left)
        return;
    m_nsp.adapter().addAll(m_id, rooms);
}

void Socket::leave(const Room &room)
{
    m_nsp.adapter().del(m_id, room);
}

QSet<Room> Socket::rooms() const
{
    return m_nsp.adapter().socketRooms(m_id);
}

SocketInfo Socket::info() const
{
    return {m_id, m_nsp.name(), rooms(), m_data, m_handshake.toJson()};
}

void Socket::restore(const PersistedSession &session)
{
    m_recovered = true;
    m_data = session.data;
    join(session.rooms);
}

void Socket::discard()
{
    m_left = true;
    m_nsp.adapter().delAll(m_id);
    deleteLater();
}

void Socket::markConnected()
{
    m_connected = true;
    join(ownRoom());
    const QByteArray offset = m_pid.isEmpty() ? QByteArray() : m_nsp.adapter().currentOffset();
    m_connection.writePacket(sio::makeConnect(m_nsp.name(), QString::fromLatin1(m_id),
        QString::fromLatin1(m_pid), QString::fromLatin1(offset)));
}

void Socket::disconnect(bool close)
{
    if (!m_connected)
        return;
    if (close) {
        m_connection.close(DisconnectReason::ServerNamespaceDisconnect);
        return;
    }
    m_connection.writePacket(sio::makeDisconnect(m_nsp.name()));
    this->close(DisconnectReason::ServerNamespaceDisconnect);
}

void Socket::close(DisconnectReason reason)
{
    if (!m_connected)
        return;
    {
        const QList<DisconnectHandler> handlers = m_disconnectingHandlers;
        for (const DisconnectHandler &handler : handlers)
            handler(reason); // rooms are still readable here
    }
    Server &server = m_nsp.server();
    if (!m_pid.isEmpty() && isRecoverable(reason))
        m_nsp.adapter().persistSession({m_id, m_pid, rooms(), m_data});
    m_nsp.adapter().delAll(m_id);
    m_connected = false;
    m_left = true;
    m_connection.socketRemoved(*this);
    {
        const QList<DisconnectHandler> handlers = m_disconnectHandlers;
        for (const DisconnectHandler &handler : handlers)
            handler(reason);
    }
    // Every ack still pending ends now: nothing waits for a client that is gone.
    std::map<quint64, PendingAck> pending = std::exchange(m_acks, {});
    for (auto &[id, ack] : pending)
        ack.timeout.stop();
    for (const auto &[id, ack] : pending) {
        const quint64 ackId = id; // clang before 16 cannot capture a structured binding
        if (server.hasObservers())
            server.forEachObserver(
                [&](IoObserver &o) { o.ackDisconnected(m_nsp.name(), m_id, ackId); });
        ack.callback({AckResult::Status::Disconnected, {}, since(ack.sentAt)});
    }
    if (server.hasObservers())
        server.forEachObserver([&](IoObserver &o) { o.socketDisconnected(*this, reason); });
    m_nsp.remove(*this);
}

} // namespace sb::io
