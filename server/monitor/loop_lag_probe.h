#pragma once

#include "monitor/monitor_types.h"

#include <QElapsedTimer>
#include <QObject>

#include <vector>

namespace sb::monitor {

// p50/p99/max of a window of duration samples (milliseconds).
struct DurationSummary
{
    double p50Ms = 0;
    double p99Ms = 0;
    double maxMs = 0;
    int samples = 0;
};

// A fixed-size ring of duration samples: the last `capacity` count, older ones fall out. A summary
// sorts a copy of at most `capacity` values, so it costs the same whatever ran before. Used for the
// loop lag of either thread and for the console's own timings (applying a snapshot).
class DurationWindow
{
public:
    explicit DurationWindow(int capacity);

    // Negative samples (a clock that ran backwards, a timer early by rounding) count as zero.
    void add(double ms);
    void clear();
    int count() const { return int(m_count); }
    int capacity() const { return int(m_samples.size()); }
    DurationSummary summary() const;

private:
    std::vector<double> m_samples;
    size_t m_next = 0;
    size_t m_count = 0;
};

// Measures how late the event loop of the thread it lives on runs a precise periodic timer: the
// lateness of each tick is the time the loop was busy with something else. Keeps a window of the
// latest samples (a ring) and answers p50/p99/max over it. The server thread's monitor and the
// status line use it, and so does the console for the GUI thread.
class LoopLagProbe final : public QObject
{
    Q_OBJECT
public:
    explicit LoopLagProbe(std::chrono::milliseconds period = std::chrono::milliseconds(50),
        int window = 100, QObject *parent = nullptr);

    void start();
    void stop();
    bool isRunning() const { return m_timerId != 0; }
    std::chrono::milliseconds period() const { return m_period; }
    LoopLag lag() const;
    DurationSummary summary() const { return m_window.summary(); }
    qsizetype sampleCount() const { return m_window.count(); }

    // For tests: record a lateness sample as the timer would.
    void addSample(double lateMs);

Q_SIGNALS:
    void sampled();

protected:
    void timerEvent(QTimerEvent *event) override;

private:
    std::chrono::milliseconds m_period;
    DurationWindow m_window;
    int m_timerId = 0;
    QElapsedTimer m_clock;
    qint64 m_expectedNs = 0;
};

} // namespace sb::monitor
