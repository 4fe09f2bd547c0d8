// Many idle connections: opens `connections` WebSocket connections (`concurrency` handshakes at
// a time; a handshake ends when `40{"sid"…}` arrives) and reports the handshake rate over the
// first 1,000 and the last 1,000, the server's RSS per connection once all are open and idle,
// and, with --stop-server, how long the server takes to exit after SIGTERM with all of them open.

#include "client_pool.h"
#include "process_stats.h"
#include "report.h"
#include "scenario_options.h"

#include <csignal>
#include <cstdio>

namespace loadgen {

namespace {

class IdleScenario final : public WsClientListener
{
public:
    explicit IdleScenario(const ScenarioOptions &options)
        : m_options(options)
        , m_pool(m_loop, options, *this)
        , m_measurement(options.serverPid)
    { }

    int run()
    {
        const int count = m_options.connections;
        const pid_t pid = m_options.serverPid;
        const long long rssBefore = pid > 0 ? ProcessStats::residentBytes(pid).value_or(-1) : -1;
        m_measurement.start();
        m_pool.open(count, m_options.concurrency);
        const bool allReady = m_pool.waitReady(std::chrono::seconds(120));
        m_measurement.stop();
        Report report("idle");
        report.add("connections", count);
        report.add("concurrency", m_options.concurrency);
        report.add("ready", m_pool.ready());
        report.add("failed", m_pool.failed());
        if (!allReady)
            report.add("first_error", m_pool.firstError());

        const auto &times = m_pool.readyTimes();
        const auto rate = [](std::size_t n, Clock::time_point from, Clock::time_point to) {
            const double seconds = std::chrono::duration<double>(to - from).count();
            return seconds > 0 ? double(n) / seconds : 0.0;
        };
        const std::size_t window = std::min<std::size_t>(1000, times.size());
        double overall = 0;
        if (window > 0) {
            overall = rate(times.size(), m_pool.openedAt(), times.back());
            report.add("rate", overall);
            report.add("rate_first_1k", rate(window, m_pool.openedAt(), times[window - 1]));
            if (times.size() > window)
                report.add(
                    "rate_last_1k", rate(window, times[times.size() - window - 1], times.back()));
        }
        report.addMeasurement(m_measurement, "rate", overall);

        // Idle for a moment so that what the server allocated lazily is in its RSS too.
        serveFor(std::chrono::seconds(1));
        if (rssBefore > 0 && m_pool.ready() > 0) {
            const long long rssAfter = ProcessStats::residentBytes(pid).value_or(-1);
            report.add("rss_before_kb", double(rssBefore) / 1024);
            report.add("rss_after_kb", double(rssAfter) / 1024);
            report.add("rss_per_conn_kb", double(rssAfter - rssBefore) / 1024 / m_pool.ready());
        }
        report.add("closed_while_idle", m_pool.closedAfterReady());

        if (m_options.stopServer && pid > 0) {
            const int openAtStop = m_pool.ready() - m_pool.closedAfterReady();
            const auto signalled = Clock::now();
            ::kill(pid, SIGTERM);
            // We keep serving our side (reading the closes) while we wait; bounded at 60 s.
            const auto deadline = signalled + std::chrono::seconds(60);
            while (!ProcessStats::hasExited(pid) && Clock::now() < deadline)
                m_loop.poll(std::chrono::milliseconds(1));
            const bool exited = ProcessStats::hasExited(pid);
            report.add("open_at_stop", openAtStop);
            report.add("stop_s",
                exited ? std::chrono::duration<double>(Clock::now() - signalled).count() : -1.0);
            report.add("closed_by_exit", m_pool.closedAfterReady());
        }
        report.print();
        m_pool.closeAll();
        return m_pool.ready() > 0 ? 0 : 1;
    }

    void onReady(WsClient &) override { }
    void onAck(WsClient &, std::uint64_t, std::string_view) override { }
    void onEvent(WsClient &, std::string_view) override { }
    void onClosed(WsClient &, std::string_view) override { }

private:
    void serveFor(std::chrono::milliseconds duration)
    {
        const auto end = Clock::now() + duration;
        while (Clock::now() < end)
            m_loop.poll(std::chrono::milliseconds(10));
    }

    ScenarioOptions m_options;
    EventLoop m_loop;
    ClientPool m_pool;
    Measurement m_measurement;
};

} // namespace

int runIdle(const ScenarioOptions &options)
{
    if (options.connections < 1) {
        std::fprintf(stderr, "loadgen: idle needs --connections >= 1\n");
        return 2;
    }
    IdleScenario scenario(options);
    return scenario.run();
}

} // namespace loadgen
