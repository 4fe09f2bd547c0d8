#include "client/manager.h"

#include "client/client_log.h"
#include "client/socket.h"
#include "protocol/encoder.h"

namespace sb::client {

Manager::Manager(const QUrl &url, ManagerOptions options, QObject *parent)
    : QObject(parent)
    , m_url(url.adjusted(QUrl::RemovePath | QUrl::RemoveQuery | QUrl::RemoveFragment))
    , m_options(std::move(options))
    , m_factory(defaultTransportFactory())
    , m_backoff(m_options.reconnectionDelay, m_options.reconnectionDelayMax,
          m_options.randomizationFactor)
{
    m_decoder.setPeer(sio::Decoder::Peer::Server);
    m_openTimer.setSingleShot(true);
    m_reconnectTimer.setSingleShot(true);
}

Manager::~Manager()
{
    m_skipReconnect = true;
    cleanup();
    if (m_engine) {
        m_engine->disconnect(this);
        delete m_engine;
    }
    // Sockets are children: they go with us, without signalling.
    for (Socket *socket : std::as_const(m_socketOrder))
        socket->disconnect();
}

Socket *Manager::socket(const QByteArray &nsp, const SocketOptions &options)
{
    Socket *socket = m_sockets.value(nsp);
    if (!socket) {
        socket = new Socket(this, nsp, options);
        m_sockets.insert(nsp, socket);
        m_socketOrder.append(socket);
        if (m_options.autoConnect)
            socket->open();
    } else if (m_options.autoConnect && !socket->isActive()) {
        socket->open();
    }
    return socket;
}

void Manager::open()
{
    openWith({});
}

void Manager::openWith(OpenCallback callback)
{
    if (m_state != State::Closed)
        return;
    if (m_engine) {
        m_engine->disconnect(this);
        m_engine->deleteLater();
    }
    EngineClientOptions engineOptions;
    engineOptions.target.url = m_url;
    engineOptions.target.path = m_options.path;
    engineOptions.target.query = m_options.query;
    engineOptions.target.extraHeaders = m_options.extraHeaders;
    engineOptions.target.timestampRequests = m_options.timestampRequests;
    engineOptions.transports = m_options.transports;
    engineOptions.upgrade = m_options.upgrade;
    m_engine = new EngineClient(engineOptions, this);
    m_engine->setTransportFactory(m_factory);
    m_state = State::Opening;
    m_skipReconnect = false;
    EngineClient *engine = m_engine;

    m_subscriptions.append(connect(engine, &EngineClient::opened, this, [this, callback] {
        onEngineOpened();
        if (callback)
            callback(std::nullopt);
    }));
    auto onError = [this, callback](const QString &error,
                       ConnectError::Kind kind = ConnectError::Kind::Connection) {
        cleanup();
        m_state = State::Closed;
        QPointer<Manager> self(this);
        Q_EMIT errorOccurred(error);
        if (!self)
            return;
        for (Socket *socket : QList<Socket *>(m_socketOrder))
            socket->onManagerError(error, kind);
        if (!self)
            return;
        if (callback)
            callback(error);
        else
            maybeReconnectOnOpen();
    };
    m_subscriptions.append(connect(engine, &EngineClient::errorOccurred, this,
        [onError](const QString &error) { onError(error); }));
    // A close before the handshake without an error first (the server closed the transport).
    m_subscriptions.append(connect(engine, &EngineClient::closed, this,
        [onError](const QString &reason, const QString &description) {
            onError(description.isEmpty() ? reason : description);
        }));
    if (m_options.timeout) {
        m_openTimer.start(*m_options.timeout);
        m_subscriptions.append(connect(&m_openTimer, &QTimer::timeout, this, [this, onError] {
            EngineClient *stale = m_engine;
            onError(QStringLiteral("timeout"), ConnectError::Kind::Timeout);
            if (stale)
                stale->close();
        }));
    }
    engine->open();
}

void Manager::cleanup()
{
    for (const QMetaObject::Connection &connection : std::as_const(m_subscriptions))
        disconnect(connection);
    m_subscriptions.clear();
    m_openTimer.stop();
    m_reconnectTimer.stop();
    m_decoder.reset();
}

void Manager::onEngineOpened()
{
    cleanup();
    m_state = State::Open;
    EngineClient *engine = m_engine;
    m_subscriptions.append(connect(engine, &EngineClient::pinged, this, &Manager::pinged));
    m_subscriptions.append(
        connect(engine, &EngineClient::messageReceived, this, &Manager::onMessage));
    m_subscriptions.append(
        connect(engine, &EngineClient::errorOccurred, this, [this](const QString &error) {
            QPointer<Manager> self(this);
            Q_EMIT errorOccurred(error);
            if (!self)
                return;
            for (Socket *socket : QList<Socket *>(m_socketOrder))
                socket->onManagerError(error, ConnectError::Kind::Connection);
        }));
    m_subscriptions.append(connect(engine, &EngineClient::closed, this,
        [this](
            const QString &reason, const QString &description) { onClose(reason, description); }));
    QPointer<Manager> self(this);
    Q_EMIT opened();
    for (Socket *socket : QList<Socket *>(m_socketOrder)) {
        if (!self || m_state != State::Open)
            return;
        socket->onManagerOpened();
    }
}

void Manager::onMessage(const eio::Packet &packet)
{
    auto decoded
        = packet.binary ? m_decoder.feedBinary(packet.data) : m_decoder.feedText(packet.data);
    if (!decoded) {
        qCDebug(lcClient) << "parse error:" << sio::describe(decoded.error());
        onClose(reason::ParseError, sio::describe(decoded.error()));
        return;
    }
    if (*decoded)
        onDecoded(**decoded);
}

void Manager::onDecoded(const sio::Packet &packet)
{
    Socket *socket = m_sockets.value(packet.nsp);
    // Packets for a namespace nobody here joined are ignored, as by socket.io-client.
    if (socket && socket->isActive())
        socket->onPacket(packet);
}

void Manager::sendPacket(const sio::Packet &packet)
{
    if (!m_engine)
        return;
    const sio::EncodedPacket encoded = sio::encode(packet);
    m_engine->sendText(encoded.text);
    for (const QByteArray &attachment : encoded.attachments)
        m_engine->sendBinary(attachment);
}

bool Manager::isTransportWritable() const
{
    return m_engine && m_engine->isTransportWritable();
}

bool Manager::hasPingExpired() const
{
    return !m_engine || m_engine->hasPingExpired();
}

void Manager::onSocketInactive()
{
    for (Socket *socket : std::as_const(m_socketOrder)) {
        if (socket->isActive())
            return;
    }
    forceClose();
}

void Manager::close()
{
    forceClose();
}

void Manager::forceClose()
{
    m_skipReconnect = true;
    m_reconnecting = false;
    onClose(reason::ForcedClose);
}

void Manager::onClose(const QString &reason, const QString &description)
{
    cleanup();
    if (m_engine)
        m_engine->close();
    m_backoff.reset();
    m_state = State::Closed;
    qCDebug(lcClient) << "connection closed:" << reason << description;
    QPointer<Manager> self(this);
    Q_EMIT closed(reason, description);
    for (Socket *socket : QList<Socket *>(m_socketOrder)) {
        if (!self)
            return;
        if (socket->isActive())
            socket->onManagerClosed(reason, description);
    }
    if (self && m_options.reconnection && !m_skipReconnect)
        reconnect();
}

void Manager::maybeReconnectOnOpen()
{
    if (!m_reconnecting && m_options.reconnection && m_backoff.attempts() == 0)
        reconnect();
}

void Manager::reconnect()
{
    if (m_reconnecting || m_skipReconnect)
        return;
    if (m_options.reconnectionAttempts && m_backoff.attempts() >= *m_options.reconnectionAttempts) {
        m_backoff.reset();
        m_reconnecting = false;
        Q_EMIT reconnectFailed();
        return;
    }
    const std::chrono::milliseconds delay = m_backoff.duration();
    m_reconnecting = true;
    qCDebug(lcClient) << "reconnecting in" << delay.count() << "ms";
    m_subscriptions.append(connect(&m_reconnectTimer, &QTimer::timeout, this, [this] {
        if (m_skipReconnect)
            return;
        QPointer<Manager> self(this);
        Q_EMIT reconnectAttempted(m_backoff.attempts());
        if (!self || m_skipReconnect)
            return;
        openWith([this](const std::optional<QString> &error) {
            if (error) {
                m_reconnecting = false;
                reconnect();
                Q_EMIT reconnectErrorOccurred(*error);
                return;
            }
            const int attempt = m_backoff.attempts();
            m_reconnecting = false;
            m_backoff.reset();
            Q_EMIT reconnected(attempt);
        });
    }));
    m_reconnectTimer.start(delay);
}

} // namespace sb::client
