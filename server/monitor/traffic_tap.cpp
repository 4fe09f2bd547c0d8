#include "monitor/traffic_tap.h"

namespace sb::monitor {

TrafficTap::TrafficTap(qsizetype capacity)
    : m_capacity(std::max<qsizetype>(1, capacity))
{
    m_ring.resize(size_t(m_capacity));
}

void TrafficTap::append(TrafficRecord record)
{
    record.seq = m_nextSeq++;
    if (m_size == m_capacity) {
        m_ring[size_t(m_head)] = std::move(record);
        m_head = (m_head + 1) % m_capacity;
        ++m_dropped;
        return;
    }
    m_ring[size_t((m_head + m_size) % m_capacity)] = std::move(record);
    ++m_size;
}

QList<TrafficRecord> TrafficTap::drain()
{
    QList<TrafficRecord> records;
    records.reserve(m_size);
    for (qsizetype i = 0; i < m_size; ++i)
        records.append(std::exchange(m_ring[size_t((m_head + i) % m_capacity)], {}));
    m_head = 0;
    m_size = 0;
    return records;
}

} // namespace sb::monitor
