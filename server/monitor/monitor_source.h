#pragma once

#include "monitor/monitor_types.h"

#include <QObject>

namespace sb::monitor {

// What the console's views are fed through: snapshots in, commands out. Lives on the GUI thread
// and never blocks it. Two implementations: ServerController (the embedded server's monitor) and,
// later, a remote server watched through the admin-UI protocol. Views hold a MonitorSource and
// nothing else; they ask capabilities() before showing a figure and say so when it is missing.
//
// Commands return at once; their effect shows in later snapshots or in the answering signal.
class MonitorSource : public QObject
{
    Q_OBJECT
public:
    using QObject::QObject;
    ~MonitorSource() override = default;

    virtual Capabilities capabilities() const = 0;
    virtual SourceState state() const = 0;
    // A short name for window titles and tabs ("embedded :3000", "ws://host:3001/admin").
    virtual QString title() const = 0;

    // The traffic tap: off, the server keeps no records (counters still run).
    virtual void setTapEnabled(bool enabled) = 0;
    virtual void setTapFilter(const TapFilter &filter) = 0;
    // Answered by socketDetailsReady (found = false when the socket is gone).
    virtual void requestSocketDetails(const QByteArray &socketId) = 0;
    // Stops the server asynchronously: stateChanged(Stopping), then stateChanged(Stopped).
    virtual void stopServer() = 0;

    // Stops accepting, tells every client, waits for them to leave (stopProgress), and closes
    // what is left at the deadline; then as stopServer.
    virtual void drainAndStop(std::chrono::milliseconds deadline)
    {
        Q_UNUSED(deadline);
        unsupported();
    }

    // Actions (Capability::Actions; a source without it answers commandFailed). Each answers
    // by signal: broadcast with broadcastAnswered per ack then broadcastFinished, the others
    // with actionFinished.
    virtual void broadcast(const BroadcastRequest &request) { unsupported(request.id); }
    // Namespace disconnect (the client sees "io server disconnect"), or with closeConnection the
    // whole connection of each socket (the client sees "transport close").
    virtual void disconnectSockets(const QList<QByteArray> &socketIds, bool closeConnection)
    {
        Q_UNUSED(socketIds);
        Q_UNUSED(closeConnection);
        unsupported();
    }
    virtual void joinRooms(const QList<QByteArray> &socketIds, const QStringList &rooms)
    {
        Q_UNUSED(socketIds);
        Q_UNUSED(rooms);
        unsupported();
    }
    virtual void leaveRooms(const QList<QByteArray> &socketIds, const QStringList &rooms)
    {
        Q_UNUSED(socketIds);
        Q_UNUSED(rooms);
        unsupported();
    }
    virtual void disconnectRoom(const QByteArray &nsp, const QString &room, bool closeConnection)
    {
        Q_UNUSED(nsp);
        Q_UNUSED(room);
        Q_UNUSED(closeConnection);
        unsupported();
    }

Q_SIGNALS:
    void snapshotReady(const sb::monitor::SnapshotPtr &snapshot);
    void socketDetailsReady(const sb::monitor::SocketDetails &details);
    void stateChanged(sb::monitor::SourceState state);
    // A command could not be carried out (e.g. the server is stopped); for the status bar.
    void commandFailed(const QString &message);
    void broadcastAnswered(const sb::monitor::BroadcastAnswer &answer);
    void broadcastFinished(const sb::monitor::BroadcastSummary &summary);
    void actionFinished(const sb::monitor::ActionResult &result);
    // While draining: connections still open of those open when it began.
    void stopProgress(int remaining, int total);

protected:
    void unsupported(quint64 requestId = 0)
    {
        const QString message = tr("This server does not accept actions from the console.");
        if (requestId) {
            BroadcastSummary summary;
            summary.requestId = requestId;
            summary.error = message;
            Q_EMIT broadcastFinished(summary);
        }
        Q_EMIT commandFailed(message);
    }
};

} // namespace sb::monitor
