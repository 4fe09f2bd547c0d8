#include "client/socket.h"

#include "client/client_log.h"
#include "protocol/json_text.h"

#include <QJsonDocument>
#include <QJsonObject>

#include <algorithm>

namespace sb::client {

namespace {

// socket.io-client refuses to emit these (they are its own events).
bool isReservedEvent(const QString &event)
{
    static const QStringList reserved{QStringLiteral("connect"), QStringLiteral("connect_error"),
        QStringLiteral("disconnect"), QStringLiteral("disconnecting"),
        QStringLiteral("newListener"), QStringLiteral("removeListener")};
    return reserved.contains(event);
}

} // namespace

QString AckResult::errorMessage() const
{
    switch (status) {
    case Status::Answered:
        return {};
    case Status::TimedOut:
        return QStringLiteral("operation has timed out");
    case Status::Disconnected:
        return QStringLiteral("socket has been disconnected");
    }
    return {};
}

Ack::Ack(Socket *socket, quint64 id)
    : m_state(std::make_shared<State>(State{socket, id, false}))
{ }

void Ack::operator()(const Args &args) const
{
    if (!m_state || m_state->answered)
        return;
    m_state->answered = true;
    if (m_state->socket)
        m_state->socket->sendAck(m_state->id, args);
}

Socket::Socket(Manager *manager, QByteArray nsp, SocketOptions options)
    : QObject(manager)
    , m_manager(manager)
    , m_nsp(std::move(nsp))
    , m_options(std::move(options))
{ }

Socket::~Socket() = default;

void Socket::open()
{
    if (m_connected)
        return;
    m_active = true;
    if (!m_manager->isReconnecting())
        m_manager->open();
    if (m_manager->state() == Manager::State::Open)
        onManagerOpened();
}

void Socket::close()
{
    const bool wasConnected = m_connected;
    if (wasConnected) {
        sio::Packet leave;
        leave.type = sio::PacketType::Disconnect;
        sendPacket(std::move(leave));
    }
    QPointer<Socket> self(this);
    destroy();
    if (self && wasConnected)
        onClosed(reason::IoClientDisconnect);
}

void Socket::destroy()
{
    if (!m_active)
        return;
    m_active = false;
    m_manager->onSocketInactive();
}

void Socket::on(const QString &event, EventHandler handler)
{
    m_handlers[event].append(std::move(handler));
}

void Socket::off(const QString &event)
{
    m_handlers.remove(event);
}

void Socket::onAny(AnyHandler handler)
{
    m_anyHandlers.append(std::move(handler));
}

void Socket::offAny()
{
    m_anyHandlers.clear();
}

bool Socket::emit(const QString &event, const Args &args)
{
    return emit(event, args, {}, std::nullopt);
}

bool Socket::emit(const QString &event, const Args &args, AckCallback callback,
    std::optional<std::chrono::milliseconds> timeout)
{
    if (isReservedEvent(event)) {
        qCWarning(lcClient) << "refused to emit the reserved event" << event;
        return false;
    }
    const Args payload = args.prepended(event);
    sio::Packet packet;
    packet.type = payload.hasBinary() ? sio::PacketType::BinaryEvent : sio::PacketType::Event;
    packet.data = payload.json();
    packet.attachments = payload.attachments();
    if (callback) {
        const quint64 id = m_nextAckId++;
        packet.id = id;
        PendingAck pending{std::move(callback), nullptr};
        if (!timeout)
            timeout = m_options.ackTimeout;
        if (timeout) {
            pending.timer = std::make_unique<QTimer>();
            pending.timer->setSingleShot(true);
            connect(pending.timer.get(), &QTimer::timeout, this, [this, id] {
                auto it = m_acks.find(id);
                if (it == m_acks.end())
                    return;
                AckCallback done = std::move(it->second.callback);
                m_acks.erase(it);
                // A timed-out emit that never left is not sent later (as socket.io-client).
                m_sendBuffer.removeIf([id](const sio::Packet &p) { return p.id == id; });
                done(AckResult{AckResult::Status::TimedOut, {}});
            });
            pending.timer->start(*timeout);
        }
        m_acks.emplace(id, std::move(pending));
    }
    if (m_connected && !m_manager->hasPingExpired())
        sendPacket(std::move(packet));
    else
        m_sendBuffer.append(std::move(packet));
    return true;
}

void Socket::sendPacket(sio::Packet packet)
{
    packet.nsp = m_nsp;
    m_manager->sendPacket(packet);
}

void Socket::sendAck(quint64 id, const Args &args)
{
    sio::Packet ack;
    ack.type = args.hasBinary() ? sio::PacketType::BinaryAck : sio::PacketType::Ack;
    ack.id = id;
    ack.data = args.json();
    ack.attachments = args.attachments();
    sendPacket(std::move(ack));
}

void Socket::onManagerOpened()
{
    if (!m_active)
        return;
    sio::Packet request;
    request.type = sio::PacketType::Connect;
    if (m_options.auth)
        request.data = QJsonDocument(*m_options.auth).toJson(QJsonDocument::Compact);
    sendPacket(std::move(request));
}

void Socket::onManagerError(const QString &error, ConnectError::Kind kind)
{
    if (m_active && !m_connected)
        Q_EMIT connectErrorOccurred(ConnectError{error, QJsonValue(QJsonValue::Undefined), kind});
}

void Socket::onManagerClosed(const QString &reason, const QString &description)
{
    onClosed(reason, description);
}

void Socket::onPacket(const sio::Packet &packet)
{
    switch (packet.type) {
    case sio::PacketType::Connect:
        onConnectPacket(packet);
        return;
    case sio::PacketType::Event:
    case sio::PacketType::BinaryEvent:
        onEvent(packet);
        return;
    case sio::PacketType::Ack:
    case sio::PacketType::BinaryAck:
        onAck(packet);
        return;
    case sio::PacketType::Disconnect: {
        QPointer<Socket> self(this);
        destroy();
        if (self)
            onClosed(reason::IoServerDisconnect);
        return;
    }
    case sio::PacketType::ConnectError:
        onConnectErrorPacket(packet);
        return;
    }
}

void Socket::onConnectPacket(const sio::Packet &packet)
{
    const QJsonObject reply = QJsonDocument::fromJson(packet.data).object();
    const QJsonValue sid = reply.value(QLatin1String("sid"));
    if (!sid.isString() || sid.toString().isEmpty()) {
        // What a v2 server, or something that is no Socket.IO v5 server, answers.
        Q_EMIT connectErrorOccurred(ConnectError{
            QStringLiteral("the server's CONNECT reply has no sid: not a Socket.IO v5 server?"),
            QJsonValue(QJsonValue::Undefined), ConnectError::Kind::NotSocketIo});
        return;
    }
    m_id = sid.toString();
    m_connected = true;
    QPointer<Socket> self(this);
    emitBuffered();
    if (self)
        Q_EMIT connected();
}

void Socket::onConnectErrorPacket(const sio::Packet &packet)
{
    ConnectError error;
    const QJsonDocument document = QJsonDocument::fromJson(packet.data);
    if (document.isObject()) {
        const QJsonObject object = document.object();
        error.message = object.value(QLatin1String("message")).toString();
        error.data = object.value(QLatin1String("data"));
    } else {
        // Older servers send the message as a bare string.
        error.message = sio::decodeJsonString(packet.data);
    }
    QPointer<Socket> self(this);
    destroy();
    // A refusal of a socket the server had already accepted: it is out of the namespace now.
    if (self && m_connected)
        onClosed(reason::IoServerDisconnect);
    if (self)
        Q_EMIT connectErrorOccurred(error);
}

void Socket::onEvent(const sio::Packet &packet)
{
    const Args payload = Args::fromPacket(packet);
    const Ack ack = packet.id ? Ack(this, *packet.id) : Ack();
    if (m_connected)
        dispatch(payload, ack);
    else
        m_receiveBuffer.append({payload, ack});
}

void Socket::dispatch(const Args &payload, const Ack &ack)
{
    const std::optional<QString> event = payload.eventName();
    if (!event)
        return; // the decoder lets no such EVENT through
    const Args args = payload.sliced(1);
    QPointer<Socket> self(this);
    for (const AnyHandler &handler : QList<AnyHandler>(m_anyHandlers)) {
        handler(*event, args);
        if (!self)
            return;
    }
    for (const EventHandler &handler : m_handlers.value(*event)) {
        handler(args, ack);
        if (!self)
            return;
    }
}

void Socket::onAck(const sio::Packet &packet)
{
    auto it = m_acks.find(*packet.id);
    if (it == m_acks.end()) {
        qCDebug(lcClient) << "ack" << *packet.id << "answers no emit of" << m_nsp;
        return;
    }
    AckCallback callback = std::move(it->second.callback);
    m_acks.erase(it);
    callback(AckResult{AckResult::Status::Answered, Args::fromPacket(packet)});
}

void Socket::emitBuffered()
{
    QPointer<Socket> self(this);
    const auto received = std::exchange(m_receiveBuffer, {});
    for (const auto &[payload, ack] : received) {
        dispatch(payload, ack);
        if (!self)
            return;
    }
    const auto buffered = std::exchange(m_sendBuffer, {});
    for (const sio::Packet &packet : buffered)
        sendPacket(packet);
}

void Socket::onClosed(const QString &reason, const QString &description)
{
    const bool wasConnected = std::exchange(m_connected, false);
    m_id.clear();
    QPointer<Socket> self(this);
    if (wasConnected)
        Q_EMIT disconnected(reason, description);
    if (self)
        clearAcks();
}

// Acks whose emit is still in the send buffer survive (it goes out on the next connect); the
// others cannot be answered any more. Unlike socket.io-client, which forgets callbacks without a
// timeout silently, every callback hears about it.
void Socket::clearAcks()
{
    QList<AckCallback> dropped;
    for (auto it = m_acks.begin(); it != m_acks.end();) {
        const quint64 id = it->first;
        const bool buffered = std::any_of(m_sendBuffer.cbegin(), m_sendBuffer.cend(),
            [id](const sio::Packet &p) { return p.id == id; });
        if (buffered) {
            ++it;
            continue;
        }
        dropped.append(std::move(it->second.callback));
        it = m_acks.erase(it);
    }
    for (const AckCallback &callback : dropped)
        callback(AckResult{AckResult::Status::Disconnected, {}});
}

} // namespace sb::client
