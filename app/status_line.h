#pragma once

#include "monitor/loop_lag_probe.h"
#include "monitor/monitor_source.h"

#include <QElapsedTimer>
#include <QObject>

#include <cstdio>

// The one-line status report (--status-interval): sockets, events/s in and out, handshakes/s,
// event-loop lag p99 of the server thread and of this (main or GUI) thread, RSS. Fed by the
// monitor's snapshots, printed at most once per interval.
class StatusLine final : public QObject
{
    Q_OBJECT
public:
    StatusLine(sb::monitor::MonitorSource &source, std::chrono::seconds interval,
        QString threadName, FILE *out = stdout, QObject *parent = nullptr);

    static QString format(const sb::monitor::ServerSnapshot &snapshot,
        const sb::monitor::LoopLag &localLag, const QString &threadName);

private:
    void snapshotArrived(const sb::monitor::SnapshotPtr &snapshot);

    std::chrono::seconds m_interval;
    QString m_threadName;
    FILE *m_out;
    QElapsedTimer m_sincePrint;
    sb::monitor::LoopLagProbe m_lag;
};
