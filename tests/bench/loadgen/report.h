#pragma once

#include "event_loop.h"

#include <sys/types.h>

#include <chrono>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace loadgen {

// The CPU and wall time of one measured interval, for us and for the server. A load generator
// that used most of its core was probably the bottleneck: `saturated()` says so.
class Measurement
{
public:
    explicit Measurement(pid_t serverPid);
    void start();
    void stop();

    double seconds() const;
    // Fraction of one core the load generator used.
    double loadgenCpu() const;
    // Server CPU-seconds in the interval; negative when unknown.
    double serverCpuSeconds() const;
    // Share of the server's cores used by other processes (and the kernel on their behalf)
    // in the interval: the noise this run suffered; negative when unknown.
    double neighbours() const;
    bool saturated() const { return loadgenCpu() >= 0.9; }

private:
    pid_t m_serverPid;
    Clock::time_point m_wallStart, m_wallEnd;
    std::chrono::nanoseconds m_ownStart{}, m_ownEnd{};
    std::chrono::nanoseconds m_serverStart{-1}, m_serverEnd{-1};
    std::chrono::nanoseconds m_coresStart{-1}, m_coresEnd{-1};
    int m_coreCount = 0;
};

// Figures of one scenario run: printed as aligned `name: value` lines for people and as one
// `RESULT {json}` line for the runner.
class Report
{
public:
    explicit Report(std::string scenario);
    void add(std::string name, double value);
    void add(std::string name, std::string value);
    // Adds elapsed, server CPU, loadgen CPU and the saturation flag of `measurement`, and
    // `<primary>_per_cpu_s` = `primaryValue` × seconds / server CPU-seconds.
    void addMeasurement(
        const Measurement &measurement, std::string_view primary, double primaryValue);
    void print() const;

private:
    std::string m_scenario;
    std::vector<std::pair<std::string, std::string>> m_fields; // value already JSON-encoded
};

std::string jsonString(std::string_view text);

} // namespace loadgen
