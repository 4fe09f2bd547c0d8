#pragma once

#include <sys/types.h>

#include <chrono>
#include <optional>

namespace loadgen {

// CPU time and memory of a process read from /proc: the server's (by pid, all its threads) and
// our own. The server's figure is what makes results comparable on a noisy machine: wall-clock
// rates move with the neighbours' compiles, CPU per message much less.
class ProcessStats
{
public:
    // User + system time of every thread of `pid`; empty when the process is gone.
    static std::optional<std::chrono::nanoseconds> cpuTime(pid_t pid);
    // Our own CPU time (getrusage), at microsecond resolution.
    static std::chrono::nanoseconds ownCpuTime();
    // VmRSS in bytes; empty when unreadable.
    static std::optional<long long> residentBytes(pid_t pid);
    // Busy time (everything but idle and iowait) of the cores `pid` may run on, from /proc/stat:
    // minus the server's own CPU time, it shows how much its neighbours took from it.
    static std::optional<std::chrono::nanoseconds> busyTimeOfCores(pid_t pid);
    // True once `pid` has exited (gone, or a zombie waiting for its parent to reap it).
    static bool hasExited(pid_t pid);
};

} // namespace loadgen
