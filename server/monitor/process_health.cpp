#include "monitor/process_health.h"

#include <QByteArrayList>
#include <QDir>
#include <QFile>

#include <unistd.h>

namespace sb::monitor {

namespace {
QByteArray readProcFile(const char *path)
{
    QFile file(QString::fromLatin1(path));
    // /proc files report size 0: read what is there rather than trusting size().
    if (!file.open(QIODevice::ReadOnly | QIODevice::Unbuffered))
        return {};
    return file.read(4096);
}
} // namespace

ProcessHealth::ProcessHealth()
{
    m_clock.start();
}

void ProcessHealth::sample(Health &health, bool countFds)
{
    // /proc/self/stat: "pid (comm) state ..."; comm may hold spaces, so count fields after ')'.
    const QByteArray stat = readProcFile("/proc/self/stat");
    const qsizetype close = stat.lastIndexOf(')');
    if (close > 0) {
        const QByteArrayList fields = stat.mid(close + 2).split(' ');
        // After the comm: field 3 is index 0, so utime (14) is 11, stime (15) 12, threads (20) 17.
        if (fields.size() > 17) {
            const qint64 ticks = fields.at(11).toLongLong() + fields.at(12).toLongLong();
            const qint64 nowNs = m_clock.nsecsElapsed();
            if (m_lastCpuTicks >= 0 && nowNs > m_lastWallNs) {
                const double cpuNs
                    = double(ticks - m_lastCpuTicks) * 1e9 / double(sysconf(_SC_CLK_TCK));
                health.cpuPercent = 100.0 * cpuNs / double(nowNs - m_lastWallNs);
            }
            m_lastCpuTicks = ticks;
            m_lastWallNs = nowNs;
            health.threads = fields.at(17).toInt();
        }
    }
    const QByteArray statm = readProcFile("/proc/self/statm");
    const QByteArrayList pages = statm.split(' ');
    if (pages.size() > 1)
        health.rssBytes = pages.at(1).toLongLong() * qint64(sysconf(_SC_PAGESIZE));
    if (countFds) {
        const QDir fds(QStringLiteral("/proc/self/fd"));
        if (fds.exists())
            m_lastFds
                = int(fds.entryList(QDir::Files | QDir::System | QDir::NoDotAndDotDot).size());
    }
    health.openFds = m_lastFds;
}

} // namespace sb::monitor
