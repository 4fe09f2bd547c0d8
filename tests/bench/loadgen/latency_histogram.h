#pragma once

#include <chrono>
#include <cstdint>
#include <vector>

namespace loadgen {

// Fixed-size latency histogram: 1 µs buckets up to 100 ms, then 100 µs buckets up to 10 s.
// Recording is one increment (no allocation, no sort), so it can sit on the hot path of every
// ack; percentiles are exact to the bucket width, far below the noise of this machine.
class LatencyHistogram
{
public:
    LatencyHistogram();

    void record(std::chrono::nanoseconds latency);
    void clear();

    std::uint64_t count() const { return m_count; }
    // `fraction` in [0, 1]; the upper edge of the bucket holding that rank, in microseconds.
    double percentileMicroseconds(double fraction) const;
    double meanMicroseconds() const;
    double maxMicroseconds() const;

private:
    std::vector<std::uint32_t> m_buckets;
    std::uint64_t m_count = 0;
    std::uint64_t m_overflow = 0;
    double m_sumMicroseconds = 0;
    double m_maxMicroseconds = 0;
};

} // namespace loadgen
