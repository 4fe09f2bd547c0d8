#include "process_stats.h"

#include <sched.h>
#include <sys/resource.h>
#include <unistd.h>

#include <cstdio>
#include <cstring>
#include <fstream>
#include <sstream>
#include <string>

namespace loadgen {

namespace {

// Reads /proc/PID/stat and returns the text after the command name, whose parentheses may hold
// spaces; empty when the process is gone.
std::string statFieldsAfterName(pid_t pid)
{
    std::ifstream file("/proc/" + std::to_string(pid) + "/stat");
    std::string line;
    if (!file || !std::getline(file, line))
        return {};
    const std::size_t close = line.rfind(')');
    return close == std::string::npos ? std::string() : line.substr(close + 2);
}

} // namespace

std::optional<std::chrono::nanoseconds> ProcessStats::cpuTime(pid_t pid)
{
    const std::string fields = statFieldsAfterName(pid);
    if (fields.empty())
        return std::nullopt;
    // proc(5): after the name come state (3), ... utime (14), stime (15), in clock ticks.
    std::istringstream in(fields);
    std::string skip;
    for (int field = 3; field < 14; ++field)
        in >> skip;
    long long user = 0;
    long long system = 0;
    in >> user >> system;
    if (!in)
        return std::nullopt;
    const long ticks = ::sysconf(_SC_CLK_TCK);
    return std::chrono::nanoseconds((user + system) * 1'000'000'000LL / ticks);
}

std::chrono::nanoseconds ProcessStats::ownCpuTime()
{
    rusage usage{};
    ::getrusage(RUSAGE_SELF, &usage);
    const auto toNs = [](const timeval &value) {
        return std::chrono::seconds(value.tv_sec) + std::chrono::microseconds(value.tv_usec);
    };
    return toNs(usage.ru_utime) + toNs(usage.ru_stime);
}

std::optional<long long> ProcessStats::residentBytes(pid_t pid)
{
    std::ifstream file("/proc/" + std::to_string(pid) + "/status");
    std::string line;
    while (std::getline(file, line)) {
        if (line.rfind("VmRSS:", 0) == 0)
            return std::stoll(line.substr(6)) * 1024;
    }
    return std::nullopt;
}

std::optional<std::chrono::nanoseconds> ProcessStats::busyTimeOfCores(pid_t pid)
{
    cpu_set_t cores;
    CPU_ZERO(&cores);
    if (::sched_getaffinity(pid, sizeof cores, &cores) != 0)
        return std::nullopt;
    std::ifstream file("/proc/stat");
    std::string line;
    long long busy = 0;
    while (std::getline(file, line)) {
        // `cpuN user nice system idle iowait irq softirq steal ...` (proc(5)); skip the total.
        if (line.rfind("cpu", 0) != 0 || line.size() < 4 || line[3] < '0' || line[3] > '9')
            continue;
        std::istringstream in(line.substr(3));
        int core = -1;
        long long user = 0, nice = 0, system = 0, idle = 0, iowait = 0, irq = 0, softirq = 0,
                  steal = 0;
        in >> core >> user >> nice >> system >> idle >> iowait >> irq >> softirq >> steal;
        if (in && core >= 0 && core < CPU_SETSIZE && CPU_ISSET(core, &cores))
            busy += user + nice + system + irq + softirq + steal;
    }
    const long ticks = ::sysconf(_SC_CLK_TCK);
    return std::chrono::nanoseconds(busy * 1'000'000'000LL / ticks);
}

bool ProcessStats::hasExited(pid_t pid)
{
    const std::string fields = statFieldsAfterName(pid);
    return fields.empty() || fields[0] == 'Z' || fields[0] == 'X';
}

} // namespace loadgen
