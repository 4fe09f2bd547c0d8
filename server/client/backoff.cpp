#include "client/backoff.h"

#include <QRandomGenerator>

#include <algorithm>
#include <cmath>

namespace sb::client {

Backoff::Backoff(std::chrono::milliseconds min, std::chrono::milliseconds max, double jitter)
    : m_min(min)
    , m_max(max)
    , m_jitter(std::clamp(jitter, 0.0, 1.0))
    , m_random([] { return QRandomGenerator::global()->generateDouble(); })
{ }

std::chrono::milliseconds Backoff::duration()
{
    // Doubling stops mattering long before the exponent could overflow a double.
    double ms = double(m_min.count()) * std::pow(2.0, std::min(m_attempts, 60));
    ++m_attempts;
    if (m_jitter > 0) {
        const double random = m_random();
        const double deviation = std::floor(random * m_jitter * ms);
        // The same random number picks the direction, as the reference client does.
        ms = (int(std::floor(random * 10)) & 1) == 0 ? ms - deviation : ms + deviation;
    }
    ms = std::clamp(ms, 0.0, double(m_max.count()));
    return std::chrono::milliseconds(qint64(ms));
}

} // namespace sb::client
