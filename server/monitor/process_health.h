#pragma once

#include "monitor/monitor_types.h"

#include <QElapsedTimer>

namespace sb::monitor {

// The process's own cost, read from /proc/self (Linux): CPU as a share of one core since the
// previous sample, resident memory, open descriptors, threads. Fields it cannot read stay -1.
class ProcessHealth
{
public:
    ProcessHealth();
    // countFds: listing /proc/self/fd costs a directory read per descriptor; callers sample it
    // less often than the rest.
    void sample(Health &health, bool countFds);

private:
    QElapsedTimer m_clock;
    qint64 m_lastCpuTicks = -1;
    qint64 m_lastWallNs = 0;
    int m_lastFds = -1;
};

} // namespace sb::monitor
