#pragma once

#include <sys/types.h>

#include <chrono>
#include <cstdint>
#include <string>

namespace loadgen {

// Everything a scenario may be told on the command line. Defaults are the figures;
// each scenario reads the fields it needs.
struct ScenarioOptions
{
    std::string host = "127.0.0.1";
    std::uint16_t port = 0;
    std::string path = "/socket.io/";
    pid_t serverPid = 0; // 0: no server-side CPU or memory figures

    int clients = 50;
    int inflight = 10;
    int payloadBytes = 32;
    int concurrency = 64; // handshakes in progress at once
    std::chrono::milliseconds warmup{1000};
    std::chrono::milliseconds duration{5000};

    int roomSize = 100;
    double rate = 50; // fanout: broadcasts/s; sustain: events/s over all sockets
    int connections = 10000;
    bool stopServer = false;
    std::string event = "message";
    bool everySecond = false;
};

// Each returns the process exit code: 0 when the scenario ran (its figures printed), 1 when it
// could not (servers refused, too many failures).
int runEcho(const ScenarioOptions &options);
int runBroadcast(const ScenarioOptions &options);
int runFanout(const ScenarioOptions &options);
int runIdle(const ScenarioOptions &options);
int runPolling(const ScenarioOptions &options);
int runSustain(const ScenarioOptions &options);

} // namespace loadgen
