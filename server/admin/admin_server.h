#pragma once

#include "admin/admin_options.h"
#include "admin/aggregated_events.h"

#include "engine/engine_observer.h"
#include "io/io_observer.h"
#include "io/server.h"

#include <QElapsedTimer>
#include <QHash>
#include <QObject>
#include <QPointer>
#include <QSet>
#include <QThreadPool>
#include <QTimer>

namespace sb::admin {

// The server side of the official Socket.IO admin UI (@socket.io/admin-ui): its namespace
// ("/admin" by default) with the same protocol as the Node side's `instrument(io, options)`, so
// that the hosted or self-hosted UI watches and drives this server as it does a Node one, alone or
// in a cluster with Node servers (every message goes through the namespace's adapter).
//
// Protocol (server → UI): `session` (a session id after a password login), `config`
// `{supportedFeatures}`, `server_stats` every statsInterval, and in development mode
// `all_sockets`, `socket_connected`, `socket_updated`, `socket_disconnected`, `room_joined`,
// `room_left`, `event_received`, `event_sent` (each with an ISO 8601 timestamp last).
// UI → server (unless read-only): `emit`, `join`, `leave`, `_disconnect`, each for a namespace and
// an optional room or socket id, cluster-wide.
//
// Written on the public io API plus the engine and io observer hooks, on the server thread. The
// password check runs on a worker thread of its own pool: bcrypt is slow on purpose.
class AdminServer final : public QObject, private eio::EngineObserver, private io::IoObserver
{
    Q_OBJECT
public:
    AdminServer(io::Server &io, AdminOptions options, QObject *parent = nullptr);
    ~AdminServer() override;

    const AdminOptions &options() const { return m_options; }
    QStringList supportedFeatures() const { return m_features; }
    io::Namespace &adminNamespace() const { return *m_nsp; }
    // Sends `server_stats` now (the timer does it every statsInterval).
    void emitStats();

private:
    struct Tracked
    {
        QPointer<io::Socket> socket;
        QVariantMap lastData; // the data the UI was last sent
    };

    struct PendingCheck
    {
        QPointer<io::Socket> socket;
        io::NextFunction next;
    };

    void authenticate(io::Socket &socket, const io::NextFunction &next);
    void passwordChecked(quint64 ticket, bool matched);
    void adminConnected(io::Socket &socket);
    void registerActions(io::Socket &socket);
    void watchNamespace(io::Namespace &nsp);
    void socketConnected(io::Socket &socket);
    void socketGone(const io::Socket &socket, io::DisconnectReason reason);
    void sendAllSockets(QPointer<io::Socket> admin);
    void checkDataChanges();
    void emitToUi(const QString &event, const io::Args &args);
    QString serverId() const;

    // eio::EngineObserver
    void sessionOpened(const eio::Session &session) override;
    void sessionUpgraded(const eio::Session &session) override;
    void sessionClosed(const eio::Session &session, eio::CloseReason reason) override;
    void packetReceived(const eio::Session &session, const eio::Packet &packet) override;
    void packetSent(const eio::Session &session, const eio::Packet &packet) override;
    // io::IoObserver
    void roomJoined(const QByteArray &nsp, const io::Room &room, const io::SocketId &id) override;
    void roomLeft(const QByteArray &nsp, const io::Room &room, const io::SocketId &id) override;

    io::Server &m_io;
    AdminOptions m_options;
    io::Namespace *m_nsp;
    QStringList m_features;
    bool m_verbose;
    AggregatedEvents m_events;
    QTimer m_statsTimer;
    QSet<QByteArray> m_sessionIds; // admin UI sessions, as the Node side's in-memory store
    QHash<io::SocketId, QByteArray> m_newSessions;
    QHash<quint64, PendingCheck> m_pendingChecks; // by ticket
    quint64 m_lastTicket = 0; // logged in, `session` not sent yet
    // Sockets of every namespace (development mode), by namespace and id, and by engine session.
    QHash<QByteArray, QHash<io::SocketId, Tracked>> m_sockets;
    QHash<QByteArray, QList<QPointer<io::Socket>>> m_bySession;
    QThreadPool m_passwordChecks;
};

// The admin UI's timestamps: ISO 8601 in UTC with milliseconds, as JSON.stringify writes a Date.
QString adminTimestamp();

} // namespace sb::admin
