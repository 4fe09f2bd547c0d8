#include "monitor/loop_lag_probe.h"

#include <QTimerEvent>

#include <algorithm>

namespace sb::monitor {

LoopLagProbe::LoopLagProbe(std::chrono::milliseconds period, int window, QObject *parent)
    : QObject(parent)
    , m_period(period)
    , m_samples(size_t(std::max(1, window)), 0.0)
{ }

void LoopLagProbe::start()
{
    if (m_timerId)
        return;
    m_clock.start();
    m_expectedNs = std::chrono::nanoseconds(m_period).count();
    m_timerId = startTimer(m_period, Qt::PreciseTimer);
}

void LoopLagProbe::stop()
{
    if (m_timerId)
        killTimer(std::exchange(m_timerId, 0));
}

void LoopLagProbe::addSample(double lateMs)
{
    m_samples[m_next] = lateMs;
    m_next = (m_next + 1) % m_samples.size();
    m_count = std::min(m_count + 1, m_samples.size());
}

void LoopLagProbe::timerEvent(QTimerEvent *event)
{
    if (event->timerId() != m_timerId) {
        QObject::timerEvent(event);
        return;
    }
    const qint64 now = m_clock.nsecsElapsed();
    const qint64 periodNs = std::chrono::nanoseconds(m_period).count();
    addSample(double(std::max<qint64>(0, now - m_expectedNs)) / 1e6);
    // The next tick is expected one period after this one ran: a stall counts once, not again
    // for every period it covered.
    m_expectedNs = now + periodNs;
}

LoopLag LoopLagProbe::lag() const
{
    LoopLag result;
    if (m_count == 0)
        return result;
    std::vector<double> sorted(m_samples.begin(), m_samples.begin() + qsizetype(m_count));
    std::sort(sorted.begin(), sorted.end());
    const auto at = [&](double q) {
        const size_t index
            = std::min(sorted.size() - 1, size_t(q * double(sorted.size() - 1) + 0.5));
        return sorted[index];
    };
    result.p50Ms = at(0.50);
    result.p99Ms = at(0.99);
    result.maxMs = sorted.back();
    result.known = true;
    return result;
}

} // namespace sb::monitor
