#include "fake_source.h"

#include <QTimer>

namespace sb::test {

monitor::Capabilities FakeSource::allCapabilities()
{
    using monitor::Capability;
    return Capability::Traffic | Capability::Acks | Capability::Rtt | Capability::FailedHandshakes
        | Capability::Health | Capability::SocketCounters | Capability::TapFilter
        | Capability::Actions | Capability::StopServer;
}

FakeSource::FakeSource(monitor::Capabilities capabilities, QObject *parent)
    : monitor::MonitorSource(parent)
    , m_capabilities(capabilities)
{
    monitor::registerMetaTypes();
}

void FakeSource::setTapEnabled(bool enabled)
{
    tapCommands.append(enabled);
}

void FakeSource::setTapFilter(const monitor::TapFilter &filter)
{
    tapFilters.append(filter);
}

void FakeSource::requestSocketDetails(const QByteArray &socketId)
{
    detailRequests.append(socketId);
    monitor::SocketDetails details = m_details.value(socketId);
    if (!details.found)
        details.id = socketId;
    QTimer::singleShot(0, this, [this, details] { Q_EMIT socketDetailsReady(details); });
}

void FakeSource::stopServer()
{
    ++stopRequests;
    setState(monitor::SourceState::Stopping);
    QTimer::singleShot(0, this, [this] { setState(monitor::SourceState::Stopped); });
}

void FakeSource::emitSnapshot(monitor::ServerSnapshot snapshot)
{
    if (snapshot.seq == 0)
        snapshot.seq = ++m_seq;
    emitSnapshot(std::make_shared<const monitor::ServerSnapshot>(std::move(snapshot)));
}

void FakeSource::emitSnapshot(const monitor::SnapshotPtr &snapshot)
{
    Q_EMIT snapshotReady(snapshot);
}

void FakeSource::setDetails(const monitor::SocketDetails &details)
{
    m_details.insert(details.id, details);
}

void FakeSource::setState(monitor::SourceState state)
{
    if (m_state == state)
        return;
    m_state = state;
    Q_EMIT stateChanged(state);
}

} // namespace sb::test
