#pragma once

#include "ui/duration_stats.h"

#include <QElapsedTimer>
#include <QObject>
#include <QTimer>

#include <chrono>

namespace sb::ui {

// Measures how late the GUI thread's event loop runs: a precise timer every `interval` records how
// much later than asked it fired. A busy GUI thread (a slow snapshot, a huge repaint) shows up here
// before the operator feels it. The summary covers the last `window` of samples.
class LoopLagProbe : public QObject
{
    Q_OBJECT
public:
    explicit LoopLagProbe(QObject *parent = nullptr,
                          std::chrono::milliseconds interval = std::chrono::milliseconds(50),
                          std::chrono::milliseconds window = std::chrono::seconds(5));

    void start();
    void stop();
    bool isRunning() const { return m_timer.isActive(); }
    std::chrono::milliseconds interval() const { return m_interval; }

    DurationSummary summary() const { return m_stats.summary(); }
    // One lateness sample; the timer calls it, tests may too.
    void recordLateness(double ms);

Q_SIGNALS:
    void sampled();

private:
    void onTimeout();

    std::chrono::milliseconds m_interval;
    QTimer m_timer;
    QElapsedTimer m_clock;
    qint64 m_lastNs = 0;
    DurationStats m_stats;
};

} // namespace sb::ui
