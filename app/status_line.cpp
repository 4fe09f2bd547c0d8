#include "status_line.h"

namespace {
QString rate(double perSecond)
{
    if (perSecond >= 1e6)
        return QString::number(perSecond / 1e6, 'f', 2) + QLatin1Char('M');
    if (perSecond >= 1e4)
        return QString::number(perSecond / 1e3, 'f', 1) + QLatin1Char('k');
    return QString::number(perSecond, 'f', perSecond < 10 ? 1 : 0);
}

QString lag(const sb::monitor::LoopLag &lag)
{
    return lag.known ? QString::number(lag.p99Ms, 'f', 1) + QStringLiteral(" ms")
                     : QStringLiteral("?");
}
} // namespace

StatusLine::StatusLine(sb::monitor::MonitorSource &source, std::chrono::seconds interval,
    QString threadName, FILE *out, QObject *parent)
    : QObject(parent)
    , m_interval(interval)
    , m_threadName(std::move(threadName))
    , m_out(out)
{
    connect(
        &source, &sb::monitor::MonitorSource::snapshotReady, this, &StatusLine::snapshotArrived);
    m_lag.start();
}

void StatusLine::snapshotArrived(const sb::monitor::SnapshotPtr &snapshot)
{
    if (!snapshot)
        return;
    if (m_sincePrint.isValid() && m_sincePrint.elapsed() < qint64(m_interval.count()) * 1000)
        return;
    m_sincePrint.start();
    std::fprintf(m_out, "%s\n", qPrintable(format(*snapshot, m_lag.lag(), m_threadName)));
    std::fflush(m_out);
}

QString StatusLine::format(const sb::monitor::ServerSnapshot &snapshot,
    const sb::monitor::LoopLag &localLag, const QString &threadName)
{
    const sb::monitor::Health &health = snapshot.health;
    const QString rss = health.rssBytes >= 0
        ? QString::number(double(health.rssBytes) / (1024.0 * 1024.0), 'f', 1)
            + QStringLiteral(" MiB")
        : QStringLiteral("?");
    return QStringLiteral("status: sockets %1, events/s in %2 out %3, handshakes/s %4, "
                          "loop lag p99 server %5 %6 %7, rss %8")
        .arg(snapshot.sockets)
        .arg(rate(snapshot.rates.eventsIn), rate(snapshot.rates.eventsOut),
            rate(snapshot.rates.handshakes), lag(health.serverLoop), threadName, lag(localLag),
            rss);
}
