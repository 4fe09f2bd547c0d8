#include "latency_histogram.h"

#include <algorithm>
#include <cmath>

namespace loadgen {

namespace {

constexpr std::int64_t FineLimitUs = 100'000; // 1 µs buckets below
constexpr std::int64_t CoarseWidthUs = 100;
constexpr std::int64_t CoarseLimitUs = 10'000'000;
constexpr std::size_t FineBuckets = std::size_t(FineLimitUs);
constexpr std::size_t CoarseBuckets = std::size_t((CoarseLimitUs - FineLimitUs) / CoarseWidthUs);

} // namespace

LatencyHistogram::LatencyHistogram()
    : m_buckets(FineBuckets + CoarseBuckets, 0)
{ }

void LatencyHistogram::record(std::chrono::nanoseconds latency)
{
    const double us = double(latency.count()) / 1000.0;
    const auto whole = std::int64_t(std::max(0.0, us));
    ++m_count;
    m_sumMicroseconds += us;
    m_maxMicroseconds = std::max(m_maxMicroseconds, us);
    if (whole < FineLimitUs)
        ++m_buckets[std::size_t(whole)];
    else if (whole < CoarseLimitUs)
        ++m_buckets[FineBuckets + std::size_t((whole - FineLimitUs) / CoarseWidthUs)];
    else
        ++m_overflow;
}

void LatencyHistogram::clear()
{
    std::fill(m_buckets.begin(), m_buckets.end(), 0);
    m_count = m_overflow = 0;
    m_sumMicroseconds = m_maxMicroseconds = 0;
}

double LatencyHistogram::percentileMicroseconds(double fraction) const
{
    if (m_count == 0)
        return 0;
    const auto rank = std::uint64_t(std::ceil(fraction * double(m_count)));
    std::uint64_t seen = 0;
    for (std::size_t i = 0; i < m_buckets.size(); ++i) {
        seen += m_buckets[i];
        if (seen >= std::max<std::uint64_t>(rank, 1)) {
            if (i < FineBuckets)
                return double(i + 1);
            return double(FineLimitUs + std::int64_t(i - FineBuckets + 1) * CoarseWidthUs);
        }
    }
    return m_maxMicroseconds;
}

double LatencyHistogram::meanMicroseconds() const
{
    return m_count ? m_sumMicroseconds / double(m_count) : 0;
}

double LatencyHistogram::maxMicroseconds() const
{
    return m_maxMicroseconds;
}

} // namespace loadgen
