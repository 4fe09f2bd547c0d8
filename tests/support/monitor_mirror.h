#pragma once

// Applies a MonitorSource's snapshots to plain containers, as a view would: the socket table by
// its deltas, every traffic record, the latest state of every ack, every failure. For tests that
// check what reaches the GUI thread. Header-only: link sb_monitor to use it.

#include "monitor/monitor_source.h"

#include <QHash>

#include <algorithm>
#include <functional>
#include <optional>

namespace sb::test {

class MonitorMirror
{
public:
    explicit MonitorMirror(monitor::MonitorSource &source)
    {
        QObject::connect(&source, &monitor::MonitorSource::snapshotReady, &m_context,
            [this](const monitor::SnapshotPtr &snapshot) { apply(snapshot); });
    }

    void apply(const monitor::SnapshotPtr &snapshot)
    {
        snapshots.append(snapshot);
        const monitor::SocketDelta &delta = snapshot->socketDelta;
        if (delta.reset)
            rows.clear();
        for (const QByteArray &id : delta.removed)
            rows.remove(id);
        for (const monitor::SocketRow &row : delta.added)
            rows.insert(row.id, row);
        for (const monitor::SocketRow &row : delta.updated)
            rows.insert(row.id, row);
        if (snapshot->namespacesChanged)
            namespaces = snapshot->namespaces;
        traffic += snapshot->traffic;
        for (const monitor::AckRecord &ack : snapshot->acks) {
            const auto it = std::find_if(acks.begin(), acks.end(),
                [&](const monitor::AckRecord &known) { return known.key == ack.key; });
            if (it == acks.end())
                acks.append(ack);
            else
                *it = ack;
        }
        failures += snapshot->failures;
    }

    monitor::SnapshotPtr last() const
    {
        return snapshots.isEmpty() ? std::make_shared<const monitor::ServerSnapshot>()
                                   : snapshots.last();
    }
    int roomMembers(const QByteArray &nsp, const QString &room) const
    {
        for (const monitor::NamespaceCount &count : namespaces) {
            if (count.name != nsp)
                continue;
            for (const monitor::RoomCount &r : count.rooms) {
                if (r.name == room)
                    return r.members;
            }
        }
        return 0;
    }
    std::optional<monitor::TrafficRecord> findTraffic(
        const std::function<bool(const monitor::TrafficRecord &)> &matches) const
    {
        for (const monitor::TrafficRecord &record : traffic) {
            if (matches(record))
                return record;
        }
        return std::nullopt;
    }

    QList<monitor::SnapshotPtr> snapshots;
    QHash<QByteArray, monitor::SocketRow> rows;
    QList<monitor::NamespaceCount> namespaces;
    QList<monitor::TrafficRecord> traffic;
    QList<monitor::AckRecord> acks;
    QList<monitor::ConnectionFailure> failures;

private:
    QObject m_context; // disconnects with the mirror
};

} // namespace sb::test
