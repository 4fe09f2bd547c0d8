#pragma once

#include "common/deadline_service.h"
#include "http/request.h"
#include "io/adapter.h"
#include "io/io_types.h"
#include "io/outgoing_frames.h"

#include <QDateTime>
#include <QHash>
#include <QJsonObject>
#include <QObject>
#include <QPointer>
#include <QVariantMap>

#include <chrono>
#include <map>

namespace sb::io {

class BroadcastOperator;
class Connection;
class Namespace;
class Socket;

// What a socket knew of its client when it connected (socket.io's `socket.handshake`).
struct Handshake
{
    http::Request request; // headers, query, url, address: shared with the engine session
    QDateTime time;
    QByteArray auth = "{}"; // the CONNECT payload, exact JSON text of an object

    QByteArray header(QByteArrayView name) const { return request.header(name); }
    QByteArray query(QByteArrayView key) const { return request.queryValue(key); }
    QString address() const { return request.remoteAddress.toString(); }
    QByteArray url() const { return request.target; }
    bool secure() const { return request.secure; }
    bool xdomain() const { return request.hasHeader("origin"); }
    qint64 issued() const { return time.toMSecsSinceEpoch(); }
    QJsonObject authObject() const;
    QJsonObject toJson() const;
};

// What one socket exchanged with its client: events (EVENT and BINARY_EVENT packets, with their
// attachments) in each direction, counted always (two increments per packet).
struct SocketStats
{
    quint64 eventsIn = 0;
    quint64 eventsOut = 0;
    quint64 bytesIn = 0;
    quint64 bytesOut = 0;
    friend bool operator==(const SocketStats &, const SocketStats &) = default;
};

// Answers a client's event. Only the first call sends anything; an Ack the client did not ask for
// (no id) ignores every call; dropping an unanswered Ack leaks nothing on the server.
class Ack
{
public:
    Ack() = default;
    Ack(Socket *socket, quint64 id);

    bool isRequested() const { return m_state != nullptr; }
    bool isAnswered() const { return m_state && m_state->answered; }
    void operator()(const Args &args = {}) const;
    template <typename... T>
    void reply(const T &...values) const
    {
        (*this)(makeArgs(values...));
    }

private:
    struct State
    {
        QPointer<QObject> socket;
        quint64 id;
        bool answered = false;
    };
    std::shared_ptr<State> m_state;
};

using EventHandler = std::function<void(const Args &args, const Ack &ack)>;
using AnyHandler = std::function<void(const QString &event, const Args &args)>;
using NextFunction = std::function<void(std::optional<ConnectError>)>;
// Per-packet middleware: sees the event name and arguments before any handler; next(error) drops
// the packet and reports the error to the socket's error handlers.
using PacketMiddleware
    = std::function<void(const QString &event, const Args &args, const NextFunction &next)>;
using DisconnectHandler = std::function<void(DisconnectReason reason)>;
using ErrorHandler = std::function<void(const ConnectError &error)>;

// Flags for the next emit of one socket: socket.timeout(5s).emit(...).
class SocketEmitter
{
public:
    SocketEmitter(Socket &socket, BroadcastFlags flags)
        : m_socket(socket)
        , m_flags(flags)
    { }
    SocketEmitter timeout(std::chrono::milliseconds timeout) const;
    SocketEmitter asVolatile() const;
    SocketEmitter compress(bool on) const;
    void emit(const QString &event, const Args &args = {}) const;
    void emit(const QString &event, const Args &args, AckCallback callback) const;

private:
    Socket &m_socket;
    BroadcastFlags m_flags;
};

// A connection's membership of one namespace (socket.io's Socket). Lives on the server thread, is
// owned by its namespace and deleted (later) once disconnected: keep a QPointer, not a raw pointer.
class Socket final : public QObject
{
    Q_OBJECT
public:
    Socket(
        Namespace &nsp, Connection &connection, SocketId id, QByteArray pid, Handshake handshake);
    ~Socket() override;

    const SocketId &id() const { return m_id; }
    // The room every socket is in alone, named after its id.
    Room ownRoom() const { return QString::fromLatin1(m_id); }
    const QByteArray &pid() const { return m_pid; }
    Namespace &nsp() const { return m_nsp; }
    Connection &connection() const { return m_connection; }
    const Handshake &handshake() const { return m_handshake; }
    bool connected() const { return m_connected; }
    bool recovered() const { return m_recovered; }
    QVariantMap &data() { return m_data; }
    const QVariantMap &data() const { return m_data; }
    bool isWritable() const;

    // Listening.
    void on(const QString &event, EventHandler handler);
    void off(const QString &event);
    void onAny(AnyHandler handler);
    void onAnyOutgoing(AnyHandler handler);
    void use(PacketMiddleware middleware);
    void onDisconnecting(DisconnectHandler handler);
    void onDisconnect(DisconnectHandler handler);
    void onError(ErrorHandler handler);

    // Emitting to this socket's client.
    void emit(const QString &event, const Args &args = {});
    void emit(const QString &event, const Args &args, AckCallback callback);
    SocketEmitter timeout(std::chrono::milliseconds timeout) { return {*this, flagsWith(timeout)}; }
    SocketEmitter asVolatile() { return {*this, {true, true, false, {}}}; }
    SocketEmitter compress(bool on) { return {*this, {false, on, false, {}}}; }

    // Broadcasting from this socket (everyone but this socket).
    BroadcastOperator broadcast() const;
    BroadcastOperator to(const Room &room) const;
    BroadcastOperator except(const Room &room) const;

    // Rooms.
    void join(const Room &room);
    void join(const QSet<Room> &rooms);
    void leave(const Room &room);
    QSet<Room> rooms() const;

    // Leaves the namespace ("server namespace disconnect"); close = true closes the whole
    // connection, every namespace of it.
    void disconnect(bool close = false);

    SocketInfo info() const;
    int pendingAckCount() const { return int(m_acks.size()); }
    const SocketStats &stats() const { return m_stats; }

    // For the namespace, the connection and the adapter.
    void emitWith(
        const QString &event, const Args &args, const BroadcastFlags &flags, AckCallback callback);
    // Single: the monitor sees one record for this socket. Broadcast: the caller records the whole
    // broadcast once (Namespace::recordBroadcast). False when a volatile packet was dropped.
    enum class Delivery { Single, Broadcast };
    bool deliver(const OutgoingFrames &frames, const BroadcastFlags &flags,
        Delivery delivery = Delivery::Single);
    void registerAck(quint64 id, AckCallback callback, const QString &event,
        std::optional<std::chrono::milliseconds> timeout);
    void handlePacket(const sio::Packet &packet);
    void sendAck(quint64 id, const Args &args);
    // Before admission: the state of a recovered session (id and pid were given at construction).
    void restore(const PersistedSession &session);
    void markConnected();
    // Drops a socket that was never admitted (refused, or its connection went away meanwhile).
    void discard();
    void close(DisconnectReason reason);

private:
    struct PendingAck
    {
        AckCallback callback;
        std::chrono::steady_clock::time_point sentAt;
        QString event;
        Deadline timeout; // armed only when the emit asked for a timeout
    };
    BroadcastFlags flagsWith(std::chrono::milliseconds timeout) const;
    void dispatchEvent(const QString &event, const Args &args, std::optional<quint64> ackId);
    void runMiddlewares(
        qsizetype index, const QString &event, const Args &args, std::optional<quint64> ackId);
    void handleAckPacket(quint64 id, const Args &args);
    void ackTimedOut(quint64 id);
    void notifyOutgoing(const OutgoingFrames &frames);

    Namespace &m_nsp;
    Connection &m_connection;
    SocketId m_id;
    QByteArray m_pid;
    Handshake m_handshake;
    QVariantMap m_data;
    QHash<QString, EventHandler> m_handlers;
    QList<AnyHandler> m_anyHandlers;
    QList<AnyHandler> m_anyOutgoingHandlers;
    QList<PacketMiddleware> m_middlewares;
    QList<DisconnectHandler> m_disconnectingHandlers;
    QList<DisconnectHandler> m_disconnectHandlers;
    QList<ErrorHandler> m_errorHandlers;
    // Ordered by ack id, so that the acks a disconnection ends, end in the order they were asked
    // for (a QHash would end them in hash order).
    std::map<quint64, PendingAck> m_acks;
    SocketStats m_stats;
    bool m_connected = false;
    bool m_recovered = false;
    bool m_left = false; // left the namespace (or never admitted): joins are ignored
};

} // namespace sb::io
