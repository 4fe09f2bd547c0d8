#include "ui/duration_stats.h"

#include <algorithm>
#include <cmath>

namespace sb::ui {

DurationStats::DurationStats(int capacity)
    : m_samples(std::max(capacity, 1), 0.0)
{
}

void DurationStats::add(double ms)
{
    m_samples[m_next] = ms;
    m_next = (m_next + 1) % int(m_samples.size());
    m_filled = std::min(m_filled + 1, int(m_samples.size()));
}

void DurationStats::clear()
{
    m_next = 0;
    m_filled = 0;
}

DurationSummary DurationStats::summary() const
{
    DurationSummary result;
    result.samples = m_filled;
    if (m_filled == 0)
        return result;
    QList<double> sorted = m_samples.first(m_filled);
    std::sort(sorted.begin(), sorted.end());
    // Nearest-rank percentiles: the value at or above which the given share of samples lies.
    const auto rank = [&](double p) {
        const int index = int(std::ceil(p * m_filled)) - 1;
        return sorted.at(std::clamp(index, 0, m_filled - 1));
    };
    result.p50Ms = rank(0.50);
    result.p99Ms = rank(0.99);
    result.maxMs = sorted.last();
    return result;
}

} // namespace sb::ui
