#pragma once

#include "monitor/monitor_types.h"

#include <QElapsedTimer>
#include <QObject>

#include <vector>

namespace sb::monitor {

// Measures how late the event loop of the thread it lives on runs a precise periodic timer: the
// lateness of each tick is the time the loop was busy with something else. Keeps a window of the
// latest samples (a ring) and answers p50/p99/max over it.
class LoopLagProbe final : public QObject
{
    Q_OBJECT
public:
    explicit LoopLagProbe(std::chrono::milliseconds period = std::chrono::milliseconds(50),
        int window = 100, QObject *parent = nullptr);

    void start();
    void stop();
    LoopLag lag() const;
    qsizetype sampleCount() const { return qsizetype(m_count); }

    // For tests: record a lateness sample as the timer would.
    void addSample(double lateMs);

protected:
    void timerEvent(QTimerEvent *event) override;

private:
    std::chrono::milliseconds m_period;
    std::vector<double> m_samples;
    size_t m_next = 0;
    size_t m_count = 0;
    int m_timerId = 0;
    QElapsedTimer m_clock;
    qint64 m_expectedNs = 0;
};

} // namespace sb::monitor
