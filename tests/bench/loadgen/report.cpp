#include "report.h"

#include "process_stats.h"

#include <sched.h>

#include <algorithm>
#include <cmath>
#include <cstdio>

namespace loadgen {

Measurement::Measurement(pid_t serverPid)
    : m_serverPid(serverPid)
{ }

void Measurement::start()
{
    if (m_serverPid > 0) {
        m_serverStart = ProcessStats::cpuTime(m_serverPid).value_or(std::chrono::nanoseconds(-1));
        m_coresStart
            = ProcessStats::busyTimeOfCores(m_serverPid).value_or(std::chrono::nanoseconds(-1));
        cpu_set_t cores;
        CPU_ZERO(&cores);
        if (::sched_getaffinity(m_serverPid, sizeof cores, &cores) == 0)
            m_coreCount = CPU_COUNT(&cores);
    }
    m_ownStart = ProcessStats::ownCpuTime();
    m_wallStart = Clock::now();
}

void Measurement::stop()
{
    m_wallEnd = Clock::now();
    m_ownEnd = ProcessStats::ownCpuTime();
    if (m_serverPid > 0) {
        m_serverEnd = ProcessStats::cpuTime(m_serverPid).value_or(std::chrono::nanoseconds(-1));
        m_coresEnd
            = ProcessStats::busyTimeOfCores(m_serverPid).value_or(std::chrono::nanoseconds(-1));
    }
}

double Measurement::neighbours() const
{
    const double server = serverCpuSeconds();
    if (server < 0 || m_coresStart.count() < 0 || m_coresEnd.count() < 0 || m_coreCount == 0)
        return -1;
    const double busy = std::chrono::duration<double>(m_coresEnd - m_coresStart).count();
    return std::max(0.0, busy - server) / seconds() / m_coreCount;
}

double Measurement::seconds() const
{
    return std::chrono::duration<double>(m_wallEnd - m_wallStart).count();
}

double Measurement::loadgenCpu() const
{
    const double wall = seconds();
    return wall > 0 ? std::chrono::duration<double>(m_ownEnd - m_ownStart).count() / wall : 0;
}

double Measurement::serverCpuSeconds() const
{
    if (m_serverStart.count() < 0 || m_serverEnd.count() < 0)
        return -1;
    return std::chrono::duration<double>(m_serverEnd - m_serverStart).count();
}

Report::Report(std::string scenario)
    : m_scenario(std::move(scenario))
{ }

void Report::add(std::string name, double value)
{
    char text[64];
    if (!std::isfinite(value))
        std::snprintf(text, sizeof text, "null");
    else
        std::snprintf(text, sizeof text, "%.6g", value);
    m_fields.emplace_back(std::move(name), text);
}

void Report::add(std::string name, std::string value)
{
    m_fields.emplace_back(std::move(name), jsonString(value));
}

void Report::addMeasurement(
    const Measurement &measurement, std::string_view primary, double primaryValue)
{
    add("seconds", measurement.seconds());
    const double serverCpu = measurement.serverCpuSeconds();
    if (serverCpu >= 0) {
        add("server_cpu_s", serverCpu);
        // The server's share of a core; at 1.0 the server, not the load generator, is the limit.
        add("server_cpu", serverCpu / measurement.seconds());
        if (serverCpu > 0)
            add(std::string(primary) + "_per_cpu_s",
                primaryValue * measurement.seconds() / serverCpu);
    }
    if (measurement.neighbours() >= 0)
        add("neighbours_on_server_cores", measurement.neighbours());
    add("loadgen_cpu", measurement.loadgenCpu());
    add("loadgen_saturated", measurement.saturated() ? 1.0 : 0.0);
}

void Report::print() const
{
    std::printf("%s:\n", m_scenario.c_str());
    for (const auto &[name, value] : m_fields)
        std::printf("  %-28s %s\n", name.c_str(), value.c_str());
    for (const auto &[name, value] : m_fields) {
        if (name == "loadgen_saturated" && value == "1")
            std::printf("  WARNING: the load generator used >= 90%% of its core: it may be the "
                        "bottleneck, the server's figure is a lower bound\n");
    }
    std::string json = "RESULT {\"scenario\":" + jsonString(m_scenario);
    for (const auto &[name, value] : m_fields)
        json += ',' + jsonString(name) + ':' + value;
    json += '}';
    std::printf("%s\n", json.c_str());
    std::fflush(stdout);
}

std::string jsonString(std::string_view text)
{
    std::string out = "\"";
    for (const char c : text) {
        if (c == '"' || c == '\\') {
            out += '\\';
            out += c;
        } else if (static_cast<unsigned char>(c) < 0x20) {
            char escaped[8];
            std::snprintf(escaped, sizeof escaped, "\\u%04x", unsigned(c));
            out += escaped;
        } else {
            out += c;
        }
    }
    return out + '"';
}

} // namespace loadgen
