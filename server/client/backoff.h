#pragma once

#include <chrono>
#include <functional>

namespace sb::client {

// The reconnection delay: exponential (factor 2) from `min`, capped at `max`, spread by
// ±jitter·delay so that many clients cut off together do not come back together (socket.io-client's
// reconnectionDelay, reconnectionDelayMax, randomizationFactor).
class Backoff
{
public:
    using Random = std::function<double()>; // uniform in [0, 1)

    Backoff(std::chrono::milliseconds min, std::chrono::milliseconds max, double jitter);

    // The delay before the next attempt; counts the attempt.
    std::chrono::milliseconds duration();
    int attempts() const { return m_attempts; }
    void reset() { m_attempts = 0; }
    void setRandom(Random random) { m_random = std::move(random); }

private:
    std::chrono::milliseconds m_min;
    std::chrono::milliseconds m_max;
    double m_jitter;
    int m_attempts = 0;
    Random m_random;
};

} // namespace sb::client
