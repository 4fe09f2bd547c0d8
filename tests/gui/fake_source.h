#pragma once

#include "monitor/monitor_source.h"

#include <QHash>
#include <QList>

namespace sb::test {

// A MonitorSource without a server: tests hand it snapshots to emit and read back the commands
// the console sent. Socket details are answered later in the event loop, as a real source would.
class FakeSource : public monitor::MonitorSource
{
    Q_OBJECT
public:
    static monitor::Capabilities allCapabilities();

    explicit FakeSource(monitor::Capabilities capabilities = allCapabilities(),
                        QObject *parent = nullptr);

    monitor::Capabilities capabilities() const override { return m_capabilities; }
    monitor::SourceState state() const override { return m_state; }
    QString title() const override { return m_title; }
    void setTapEnabled(bool enabled) override;
    void setTapFilter(const monitor::TapFilter &filter) override;
    void requestSocketDetails(const QByteArray &socketId) override;
    void stopServer() override;

    // Test side.
    void emitSnapshot(monitor::ServerSnapshot snapshot);
    void emitSnapshot(const monitor::SnapshotPtr &snapshot);
    void setDetails(const monitor::SocketDetails &details);
    void setState(monitor::SourceState state);

    QList<bool> tapCommands;
    QList<monitor::TapFilter> tapFilters;
    QList<QByteArray> detailRequests;
    int stopRequests = 0;

private:
    monitor::Capabilities m_capabilities;
    monitor::SourceState m_state = monitor::SourceState::Running;
    QString m_title = QStringLiteral("fake :3000");
    QHash<QByteArray, monitor::SocketDetails> m_details;
    quint64 m_seq = 0;
};

} // namespace sb::test
