#pragma once

#include "monitor/monitor_types.h"

#include <vector>

namespace sb::monitor {

// The bounded ring of traffic records between two snapshots. Appending never blocks and never
// allocates once the ring is full: the oldest record is overwritten and counted as dropped.
// Server thread only.
class TrafficTap
{
public:
    explicit TrafficTap(qsizetype capacity);

    qsizetype capacity() const { return m_capacity; }
    qsizetype size() const { return m_size; }
    quint64 dropped() const { return m_dropped; }
    // The sequence number the next record gets (every record appended gets one, dropped or not).
    quint64 nextSeq() const { return m_nextSeq; }

    void append(TrafficRecord record);
    // Everything held, oldest first; the ring is empty afterwards.
    QList<TrafficRecord> drain();

private:
    std::vector<TrafficRecord> m_ring;
    qsizetype m_capacity;
    qsizetype m_head = 0; // index of the oldest record
    qsizetype m_size = 0;
    quint64 m_dropped = 0;
    quint64 m_nextSeq = 1;
};

} // namespace sb::monitor
