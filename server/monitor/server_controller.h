#pragma once

#include "monitor/monitor_source.h"

namespace sb::monitor {

class Monitor;

// The embedded server's MonitorSource: the only door from the GUI thread into the server thread.
// It lives on the GUI thread and holds the monitor only as the target of queued calls; whoever
// owns the server thread attaches it once the monitor exists and detaches it before the monitor
// is deleted. Snapshots arrive queued and are passed on as they are.
class ServerController final : public MonitorSource
{
    Q_OBJECT
public:
    explicit ServerController(QObject *parent = nullptr);
    ~ServerController() override;

    // GUI thread. `monitor` lives on the server thread.
    void attach(Monitor *monitor, const QString &title);
    void detach();
    bool isAttached() const { return m_monitor != nullptr; }
    void setState(SourceState state);

    Capabilities capabilities() const override;
    SourceState state() const override { return m_state; }
    QString title() const override { return m_title; }
    void setTapEnabled(bool enabled) override;
    void setTapFilter(const TapFilter &filter) override;
    void requestSocketDetails(const QByteArray &socketId) override;
    void stopServer() override;
    void drainAndStop(std::chrono::milliseconds deadline) override;
    void broadcast(const BroadcastRequest &request) override;
    void disconnectSockets(const QList<QByteArray> &socketIds, bool closeConnection) override;
    void joinRooms(const QList<QByteArray> &socketIds, const QStringList &rooms) override;
    void leaveRooms(const QList<QByteArray> &socketIds, const QStringList &rooms) override;
    void disconnectRoom(const QByteArray &nsp, const QString &room, bool closeConnection) override;

    // The last snapshot passed on (null before the first).
    SnapshotPtr lastSnapshot() const { return m_last; }

Q_SIGNALS:
    // stopServer() asks the owner of the server thread to stop it; the owner answers with
    // setState(Stopped) once it has.
    void stopRequested();
    void drainRequested(std::chrono::milliseconds deadline);

private:
    template <typename F>
    bool post(F &&call);
    // Runs `action` on the monitor's thread and emits actionFinished with its result here.
    template <typename F>
    void act(F &&action);

    Monitor *m_monitor = nullptr;
    QList<QMetaObject::Connection> m_connections;
    SourceState m_state = SourceState::Starting;
    QString m_title;
    SnapshotPtr m_last;
};

} // namespace sb::monitor
