#include "monitor/server_controller.h"

#include "monitor/monitor.h"

namespace sb::monitor {

ServerController::ServerController(QObject *parent)
    : MonitorSource(parent)
{
    registerMetaTypes();
}

ServerController::~ServerController() = default;

void ServerController::attach(Monitor *monitor, const QString &title)
{
    detach();
    m_monitor = monitor;
    m_title = title;
    m_connections.append(connect(
        monitor, &Monitor::snapshotReady, this,
        [this, monitor](const SnapshotPtr &snapshot) {
            // A snapshot queued before detach() belongs to a server that has stopped (or to the
            // run before a restart): the window would show sockets that are gone.
            if (m_monitor != monitor)
                return;
            m_last = snapshot;
            Q_EMIT snapshotReady(snapshot);
        },
        Qt::QueuedConnection));
    m_connections.append(connect(monitor, &Monitor::broadcastAnswered, this,
        &MonitorSource::broadcastAnswered, Qt::QueuedConnection));
    m_connections.append(connect(monitor, &Monitor::broadcastFinished, this,
        &MonitorSource::broadcastFinished, Qt::QueuedConnection));
    setState(SourceState::Running);
}

void ServerController::detach()
{
    if (!m_monitor)
        return;
    for (const QMetaObject::Connection &connection : std::exchange(m_connections, {}))
        disconnect(connection);
    m_monitor = nullptr;
}

void ServerController::setState(SourceState state)
{
    if (m_state == state)
        return;
    m_state = state;
    Q_EMIT stateChanged(state);
}

Capabilities ServerController::capabilities() const
{
    return Capability::Traffic | Capability::Acks | Capability::Rtt | Capability::FailedHandshakes
        | Capability::Health | Capability::SocketCounters | Capability::TapFilter
        | Capability::StopServer | Capability::Actions;
}

template <typename F>
bool ServerController::post(F &&call)
{
    if (!m_monitor) {
        Q_EMIT commandFailed(tr("The server is not running."));
        return false;
    }
    // Runs on the monitor's thread; a monitor deleted meanwhile never runs it (Qt drops events
    // posted to a deleted object), and detach() comes before that deletion.
    QMetaObject::invokeMethod(m_monitor, std::forward<F>(call), Qt::QueuedConnection);
    return true;
}

void ServerController::setTapEnabled(bool enabled)
{
    Monitor *monitor = m_monitor;
    post([monitor, enabled] { monitor->setTapEnabled(enabled); });
}

void ServerController::setTapFilter(const TapFilter &filter)
{
    Monitor *monitor = m_monitor;
    post([monitor, filter] { monitor->setTapFilter(filter); });
}

void ServerController::requestSocketDetails(const QByteArray &socketId)
{
    Monitor *monitor = m_monitor;
    QPointer<ServerController> self(this);
    post([monitor, socketId, self] {
        const SocketDetails details = monitor->socketDetails(socketId);
        // Back to the GUI thread; dropped if the controller went away meanwhile.
        QMetaObject::invokeMethod(
            self.data(),
            [self, details] {
                if (self)
                    Q_EMIT self->socketDetailsReady(details);
            },
            Qt::QueuedConnection);
    });
}

void ServerController::stopServer()
{
    if (m_state != SourceState::Running) {
        Q_EMIT commandFailed(tr("The server is not running."));
        return;
    }
    setState(SourceState::Stopping);
    Q_EMIT stopRequested();
}

void ServerController::drainAndStop(std::chrono::milliseconds deadline)
{
    if (m_state != SourceState::Running) {
        Q_EMIT commandFailed(tr("The server is not running."));
        return;
    }
    setState(SourceState::Stopping);
    Q_EMIT drainRequested(deadline);
}

template <typename F>
void ServerController::act(F &&action)
{
    Monitor *monitor = m_monitor;
    QPointer<ServerController> self(this);
    post([monitor, self, action = std::forward<F>(action)] {
        const ActionResult result = action(*monitor);
        QMetaObject::invokeMethod(
            self.data(),
            [self, result] {
                if (self)
                    Q_EMIT self->actionFinished(result);
            },
            Qt::QueuedConnection);
    });
}

void ServerController::broadcast(const BroadcastRequest &request)
{
    Monitor *monitor = m_monitor;
    if (!post([monitor, request] { monitor->broadcast(request); })) {
        BroadcastSummary summary;
        summary.requestId = request.id;
        summary.error = tr("The server is not running.");
        Q_EMIT broadcastFinished(summary);
    }
}

void ServerController::disconnectSockets(const QList<QByteArray> &socketIds, bool closeConnection)
{
    act([socketIds, closeConnection](
            Monitor &monitor) { return monitor.disconnectSockets(socketIds, closeConnection); });
}

void ServerController::joinRooms(const QList<QByteArray> &socketIds, const QStringList &rooms)
{
    act([socketIds, rooms](Monitor &monitor) { return monitor.joinRooms(socketIds, rooms); });
}

void ServerController::leaveRooms(const QList<QByteArray> &socketIds, const QStringList &rooms)
{
    act([socketIds, rooms](Monitor &monitor) { return monitor.leaveRooms(socketIds, rooms); });
}

void ServerController::disconnectRoom(
    const QByteArray &nsp, const QString &room, bool closeConnection)
{
    act([nsp, room, closeConnection](
            Monitor &monitor) { return monitor.disconnectRoom(nsp, room, closeConnection); });
}

} // namespace sb::monitor
