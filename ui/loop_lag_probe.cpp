#include "ui/loop_lag_probe.h"

#include <algorithm>

namespace sb::ui {

LoopLagProbe::LoopLagProbe(QObject *parent, std::chrono::milliseconds interval,
                           std::chrono::milliseconds window)
    : QObject(parent)
    , m_interval(interval)
    , m_stats(int(std::max<qint64>(1, window.count() / std::max<qint64>(1, interval.count()))))
{
    // A coarse timer may fire up to 5% early or late by design; that would be noise, not lag.
    m_timer.setTimerType(Qt::PreciseTimer);
    m_timer.setInterval(m_interval);
    connect(&m_timer, &QTimer::timeout, this, &LoopLagProbe::onTimeout);
}

void LoopLagProbe::start()
{
    m_stats.clear();
    m_clock.start();
    m_lastNs = 0;
    m_timer.start();
}

void LoopLagProbe::stop()
{
    m_timer.stop();
}

void LoopLagProbe::recordLateness(double ms)
{
    m_stats.add(std::max(0.0, ms));
    Q_EMIT sampled();
}

void LoopLagProbe::onTimeout()
{
    const qint64 now = m_clock.nsecsElapsed();
    const double elapsedMs = double(now - m_lastNs) / 1e6;
    m_lastNs = now;
    recordLateness(elapsedMs - double(m_interval.count()));
}

} // namespace sb::ui
