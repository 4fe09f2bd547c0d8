#include "monitor/loop_lag_probe.h"

#include <QTimerEvent>

#include <algorithm>
#include <cmath>

namespace sb::monitor {

DurationWindow::DurationWindow(int capacity)
    : m_samples(size_t(std::max(1, capacity)), 0.0)
{ }

void DurationWindow::add(double ms)
{
    m_samples[m_next] = std::max(0.0, ms);
    m_next = (m_next + 1) % m_samples.size();
    m_count = std::min(m_count + 1, m_samples.size());
}

void DurationWindow::clear()
{
    m_next = 0;
    m_count = 0;
}

DurationSummary DurationWindow::summary() const
{
    DurationSummary result;
    if (m_count == 0)
        return result;
    // Before the ring is full its samples are the first m_count slots; after, all of them.
    std::vector<double> sorted(m_samples.begin(), m_samples.begin() + qsizetype(m_count));
    std::sort(sorted.begin(), sorted.end());
    // Nearest rank: the smallest sample with at least q of all samples at or below it.
    const auto at = [&](double q) {
        const size_t rank = size_t(std::ceil(q * double(sorted.size())));
        return sorted[std::clamp<size_t>(rank, 1, sorted.size()) - 1];
    };
    result.p50Ms = at(0.50);
    result.p99Ms = at(0.99);
    result.maxMs = sorted.back();
    result.samples = int(m_count);
    return result;
}

LoopLagProbe::LoopLagProbe(std::chrono::milliseconds period, int window, QObject *parent)
    : QObject(parent)
    , m_period(period)
    , m_window(window)
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
    m_window.add(lateMs);
    Q_EMIT sampled();
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
    const DurationSummary summary = m_window.summary();
    LoopLag result;
    if (summary.samples == 0)
        return result;
    result.p50Ms = summary.p50Ms;
    result.p99Ms = summary.p99Ms;
    result.maxMs = summary.maxMs;
    result.known = true;
    return result;
}

} // namespace sb::monitor
