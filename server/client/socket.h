#pragma once

#include "client/client_types.h"
#include "client/manager.h"
#include "protocol/packet.h"

#include <QHash>
#include <QObject>
#include <QTimer>

#include <map>

namespace sb::client {

// One namespace of a Manager's connection, as socket.io-client's Socket. Made by
// Manager::socket(). Emits while not connected wait in a buffer and go out on connect (as the
// JS client's sendBuffer); events received before the CONNECT reply wait too.
class Socket final : public QObject
{
    Q_OBJECT
public:
    ~Socket() override;

    QByteArray nsp() const { return m_nsp; }
    // The server's socket id while connected, else empty.
    QString id() const { return m_id; }
    bool isConnected() const { return m_connected; }
    // Connecting or connected (socket.io-client's `active`): it joins its namespace again after
    // every reconnection.
    bool isActive() const { return m_active; }
    Manager *manager() const { return m_manager; }

    void setAuth(const QJsonObject &auth) { m_options.auth = auth; }
    // socket.connect(); named open() because QObject has a connect().
    void open();
    // socket.disconnect(): leaves the namespace ("io client disconnect"); the connection closes
    // once no socket is active.
    void close();

    // Several handlers per event run in the order they were added.
    void on(const QString &event, EventHandler handler);
    void off(const QString &event);
    // Every incoming event, before its own handlers.
    void onAny(AnyHandler handler);
    void offAny();

    // False (and nothing sent) for the reserved names: connect, connect_error, disconnect,
    // disconnecting, newListener, removeListener.
    bool emit(const QString &event, const Args &args = {});
    // With an ack: the callback runs exactly once, with the answer, or TimedOut after `timeout`
    // (default: SocketOptions::ackTimeout, else never), or Disconnected when the socket
    // disconnects first.
    bool emit(const QString &event, const Args &args, AckCallback callback,
        std::optional<std::chrono::milliseconds> timeout = std::nullopt);
    qsizetype bufferedEmits() const { return m_sendBuffer.size(); }
    qsizetype pendingAcks() const { return qsizetype(m_acks.size()); }

Q_SIGNALS:
    void connected();
    // reason: one of sb::client::reason (socket.io-client's strings).
    void disconnected(const QString &reason, const QString &description);
    // CONNECT_ERROR from the server (message and data), or the connection failing while this
    // socket was not connected.
    void connectErrorOccurred(const sb::client::ConnectError &error);

private:
    friend class Manager;
    friend class Ack;
    struct PendingAck
    {
        AckCallback callback;
        std::unique_ptr<QTimer> timer;
    };

    Socket(Manager *manager, QByteArray nsp, SocketOptions options);

    // From the manager.
    void onManagerOpened();
    void onManagerError(const QString &error, ConnectError::Kind kind);
    void onManagerClosed(const QString &reason, const QString &description);
    void onPacket(const sio::Packet &packet);

    void onConnectPacket(const sio::Packet &packet);
    void onConnectErrorPacket(const sio::Packet &packet);
    void onEvent(const sio::Packet &packet);
    void onAck(const sio::Packet &packet);
    void dispatch(const Args &payload, const Ack &ack);
    void onClosed(const QString &reason, const QString &description = {});
    void destroy();
    void emitBuffered();
    void clearAcks();
    void sendAck(quint64 id, const Args &args);
    void sendPacket(sio::Packet packet);

    Manager *m_manager;
    QByteArray m_nsp;
    SocketOptions m_options;
    QString m_id;
    bool m_connected = false;
    bool m_active = false;
    quint64 m_nextAckId = 0;
    std::map<quint64, PendingAck> m_acks;
    QList<sio::Packet> m_sendBuffer;
    QList<std::pair<Args, Ack>> m_receiveBuffer;
    QHash<QString, QList<EventHandler>> m_handlers;
    QList<AnyHandler> m_anyHandlers;
};

} // namespace sb::client
