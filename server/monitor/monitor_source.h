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

Q_SIGNALS:
    void snapshotReady(const sb::monitor::SnapshotPtr &snapshot);
    void socketDetailsReady(const sb::monitor::SocketDetails &details);
    void stateChanged(sb::monitor::SourceState state);
    // A command could not be carried out (e.g. the server is stopped); for the status bar.
    void commandFailed(const QString &message);
};

} // namespace sb::monitor
