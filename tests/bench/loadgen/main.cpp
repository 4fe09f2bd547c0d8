// loadgen: the Socket.IO load generator of the benchmark suite (see tests/bench/README.md).
//   loadgen SCENARIO --port P [options]     SCENARIO: echo broadcast fanout idle polling sustain

#include "scenario_options.h"

#include <QCommandLineParser>
#include <QCoreApplication>

#include <sys/resource.h>

#include <cstdio>
#include <functional>
#include <map>

namespace {

// Thousands of sockets need more descriptors than the usual soft limit of 1,024: raise it to the
// hard limit, and the hard limit too when we may (root).
void raiseDescriptorLimit(rlim_t wanted)
{
    rlimit limit{};
    if (::getrlimit(RLIMIT_NOFILE, &limit) != 0)
        return;
    if (limit.rlim_max < wanted) {
        rlimit raised{wanted, wanted};
        if (::setrlimit(RLIMIT_NOFILE, &raised) == 0)
            return;
    }
    limit.rlim_cur = limit.rlim_max;
    ::setrlimit(RLIMIT_NOFILE, &limit);
}

} // namespace

int main(int argc, char *argv[])
{
    // Only for the command line (--help names the program); no Qt event loop ever runs here.
    QCoreApplication application(argc, argv);
    QCoreApplication::setApplicationName(QStringLiteral("loadgen"));
    QCommandLineParser parser;
    parser.setApplicationDescription(QStringLiteral(
        "Socket.IO v5 / Engine.IO v4 load generator (own epoll client, loopback only).\n"
        "Scenarios: echo (acked echo; --clients 1 --inflight 1 is the round-trip latency test), "
        "broadcast (closed loop to a room), fanout (paced broadcast, delivery latency), "
        "idle (many idle connections: handshakes/s, RSS, stop time), polling (acked echo over "
        "long-polling), sustain (plain events at a target rate, printed every second)."));
    parser.addHelpOption();
    parser.addPositionalArgument(QStringLiteral("scenario"), QStringLiteral("Scenario to run."));
    const auto opt = [&](const char *name, const char *description, const char *value) {
        parser.addOption(QCommandLineOption(QString::fromLatin1(name),
            QString::fromLatin1(description), QString::fromLatin1(value)));
    };
    opt("host", "Server address, 127.x.x.x only (default 127.0.0.1).", "ADDRESS");
    opt("port", "Server port (required).", "N");
    opt("path", "Socket.IO path (default /socket.io/).", "PATH");
    opt("server-pid", "Server process: report its CPU time and memory.", "PID");
    opt("clients", "Clients (echo, polling; default 50).", "N");
    opt("inflight", "Outstanding requests per client or broadcasts (default 10).", "N");
    opt("payload", "Payload size in bytes (default 32).", "BYTES");
    opt("concurrency", "Handshakes in progress at once (default 64).", "N");
    opt("warmup", "Seconds before measuring (default 1).", "S");
    opt("seconds", "Seconds measured (default 5).", "S");
    opt("room-size", "Receivers in the room (broadcast, fanout; default 100).", "N");
    opt("rate", "fanout: broadcasts/s (default 50); sustain: events/s in all (default 20000).",
        "R");
    opt("connections", "Connections (idle; default 10000).", "N");
    opt("sockets", "Sockets (sustain; default 1000).", "N");
    opt("event", "Event name (sustain; default message).", "NAME");
    parser.addOption(QCommandLineOption(QStringLiteral("stop-server"),
        QStringLiteral("idle: send SIGTERM to --server-pid with every connection open and time "
                       "its exit.")));
    parser.process(application);

    const QStringList positional = parser.positionalArguments();
    if (positional.size() != 1 || !parser.isSet(QStringLiteral("port"))) {
        std::fprintf(stderr, "loadgen: usage: loadgen SCENARIO --port P [options]; see --help\n");
        return 2;
    }
    loadgen::ScenarioOptions options;
    bool allGood = true;
    const auto number = [&](const char *name, auto &target) {
        const QString key = QString::fromLatin1(name);
        if (!parser.isSet(key))
            return;
        bool ok = false;
        const double value = parser.value(key).toDouble(&ok);
        if (!ok || value < 0) {
            std::fprintf(stderr, "loadgen: --%s needs a non-negative number\n", name);
            allGood = false;
            return;
        }
        target = static_cast<std::remove_reference_t<decltype(target)>>(value);
    };
    const auto seconds = [&](const char *name, std::chrono::milliseconds &target) {
        double value = -1;
        number(name, value);
        if (value >= 0)
            target = std::chrono::milliseconds(static_cast<long long>(value * 1000));
    };
    if (parser.isSet(QStringLiteral("host")))
        options.host = parser.value(QStringLiteral("host")).toStdString();
    if (parser.isSet(QStringLiteral("path")))
        options.path = parser.value(QStringLiteral("path")).toStdString();
    if (parser.isSet(QStringLiteral("event")))
        options.event = parser.value(QStringLiteral("event")).toStdString();
    number("port", options.port);
    number("server-pid", options.serverPid);
    number("clients", options.clients);
    number("inflight", options.inflight);
    number("payload", options.payloadBytes);
    number("concurrency", options.concurrency);
    number("room-size", options.roomSize);
    number("rate", options.rate);
    number("connections", options.connections);
    seconds("warmup", options.warmup);
    seconds("seconds", options.duration);
    const QString scenario = positional.first();
    if (scenario == QStringLiteral("sustain")) {
        options.clients = 1000;
        number("sockets", options.clients);
        if (!parser.isSet(QStringLiteral("rate")))
            options.rate = 20000;
        if (!parser.isSet(QStringLiteral("seconds")))
            options.duration = std::chrono::seconds(20);
    }
    options.stopServer = parser.isSet(QStringLiteral("stop-server"));
    if (!allGood || options.port == 0 || options.clients < 1 || options.concurrency < 1)
        return 2;
    if (!options.path.starts_with('/'))
        options.path.insert(0, 1, '/');
    if (!options.path.ends_with('/'))
        options.path += '/';

    raiseDescriptorLimit(rlim_t(std::max(options.connections, options.clients) * 2 + 1024));

    const std::map<QString, std::function<int(const loadgen::ScenarioOptions &)>> scenarios{
        {QStringLiteral("echo"), loadgen::runEcho},
        {QStringLiteral("broadcast"), loadgen::runBroadcast},
        {QStringLiteral("fanout"), loadgen::runFanout},
        {QStringLiteral("idle"), loadgen::runIdle},
        {QStringLiteral("polling"), loadgen::runPolling},
        {QStringLiteral("sustain"), loadgen::runSustain},
    };
    const auto found = scenarios.find(scenario);
    if (found == scenarios.end()) {
        std::fprintf(stderr, "loadgen: unknown scenario \"%s\"\n", qPrintable(scenario));
        return 2;
    }
    return found->second(options);
}
