#pragma once

#include <QList>

namespace sb::ui {

// p50/p99/max of the last samples (milliseconds).
struct DurationSummary
{
    double p50Ms = 0;
    double p99Ms = 0;
    double maxMs = 0;
    int samples = 0;
};

// A fixed-size ring of duration samples: the last `capacity` count, older ones fall out. Summaries
// sort a copy of at most `capacity` values, so they cost the same whatever ran before.
class DurationStats
{
public:
    explicit DurationStats(int capacity);

    void add(double ms);
    void clear();
    int count() const { return m_filled; }
    int capacity() const { return int(m_samples.size()); }
    DurationSummary summary() const;

private:
    QList<double> m_samples;
    int m_next = 0;
    int m_filled = 0;
};

} // namespace sb::ui
