#pragma once

// One Engine.IO connection to a Socket.IO v5 server and the namespace sockets multiplexed on it
// (docs/socket.io-protocol/v5-current.md), with socket.io-client's reconnection: after a lost
// connection it tries again after an exponential, randomised delay, and every socket that was
// connecting or connected joins its namespace again.

#include "client/backoff.h"
#include "client/client_types.h"
#include "client/engine_client.h"
#include "protocol/decoder.h"

#include <QHash>
#include <QJsonObject>
#include <QObject>
#include <QPointer>
#include <QTimer>
#include <QUrl>

#include <chrono>
#include <optional>

namespace sb::client {

struct ManagerOptions
{
    QString path = QStringLiteral("/socket.io/");
    QUrlQuery query;
    QList<QPair<QByteArray, QByteArray>> extraHeaders;
    QStringList transports{QStringLiteral("polling"), QStringLiteral("websocket")};
    bool upgrade = true;
    bool timestampRequests = true;

    bool reconnection = true;
    std::optional<int> reconnectionAttempts; // none: unlimited
    std::chrono::milliseconds reconnectionDelay{1000};
    std::chrono::milliseconds reconnectionDelayMax{5000};
    double randomizationFactor = 0.5;
    // How long opening the connection may take (socket.io-client's `timeout`); none: forever.
    std::optional<std::chrono::milliseconds> timeout = std::chrono::milliseconds(20'000);
    // Sockets made by socket() open at once.
    bool autoConnect = true;
};

struct SocketOptions
{
    std::optional<QJsonObject> auth; // the CONNECT payload
    // The timeout of every emit with an ack that gives none itself (socket.io-client's ackTimeout).
    std::optional<std::chrono::milliseconds> ackTimeout;
};

class Manager final : public QObject
{
    Q_OBJECT
public:
    enum class State { Closed, Opening, Open };

    // `url`: http(s)://host:port; its path and query are ignored (see ManagerOptions).
    Manager(const QUrl &url, ManagerOptions options = {}, QObject *parent = nullptr);
    ~Manager() override;

    // Tests hand in fake transports; the default makes the real ones.
    void setTransportFactory(TransportFactory factory) { m_factory = std::move(factory); }
    // Tests make the back-off deterministic.
    void setBackoffRandom(Backoff::Random random) { m_backoff.setRandom(std::move(random)); }

    // The socket of that namespace ("/", "/admin"), made on first use and owned by the manager.
    Socket *socket(const QByteArray &nsp, const SocketOptions &options = {});

    void open();
    // Closes the connection and stops reconnecting (socket.io-client's manager.disconnect()).
    void close();

    State state() const { return m_state; }
    bool isReconnecting() const { return m_reconnecting; }
    const ManagerOptions &options() const { return m_options; }
    // The Engine.IO connection of the current (or last) attempt; null before the first.
    EngineClient *engine() const { return m_engine; }

Q_SIGNALS:
    void opened();
    void errorOccurred(const QString &error);
    void closed(const QString &reason, const QString &description);
    void pinged();
    void reconnectAttempted(int attempt);
    void reconnected(int attempt);
    void reconnectErrorOccurred(const QString &error);
    void reconnectFailed();

private:
    friend class Socket;
    using OpenCallback = std::function<void(const std::optional<QString> &error)>;

    void openWith(OpenCallback callback);
    void onEngineOpened();
    void onMessage(const eio::Packet &packet);
    void onDecoded(const sio::Packet &packet);
    void onClose(const QString &reason, const QString &description = {});
    void forceClose();
    void reconnect();
    void maybeReconnectOnOpen();
    void cleanup();
    // For sockets.
    void sendPacket(const sio::Packet &packet);
    void onSocketInactive();
    bool isTransportWritable() const;
    bool hasPingExpired() const;

    QUrl m_url;
    ManagerOptions m_options;
    TransportFactory m_factory;
    State m_state = State::Closed;
    QPointer<EngineClient> m_engine;
    QList<QMetaObject::Connection> m_subscriptions;
    QTimer m_openTimer;
    QTimer m_reconnectTimer;
    Backoff m_backoff;
    bool m_reconnecting = false;
    bool m_skipReconnect = false;
    sio::Decoder m_decoder;
    QHash<QByteArray, Socket *> m_sockets;
    QList<Socket *> m_socketOrder; // creation order, for predictable signal order
};

} // namespace sb::client
