// Sustained load for the console benchmark: `sockets` clients emit plain events (no ack) named
// `event` at an aggregate `rate`, spread evenly (send k goes at k / rate seconds, from socket
// k mod sockets), for `seconds`. Prints every second the achieved send rate and the rate of
// events coming back (the echo service answers `message` with `message-back`), then totals.

#include "client_pool.h"
#include "process_stats.h"
#include "report.h"
#include "scenario_options.h"

#include <cstdio>

namespace loadgen {

namespace {

class SustainScenario final : public WsClientListener
{
public:
    explicit SustainScenario(const ScenarioOptions &options)
        : m_options(options)
        , m_pool(m_loop, options, *this)
        , m_measurement(options.serverPid)
    {
        appendEvent(m_packet, 0, options.event, '"' + paddingString(options.payloadBytes) + '"');
    }

    int run()
    {
        const int sockets = m_options.clients;
        m_pool.open(sockets, m_options.concurrency);
        if (!m_pool.waitReady(std::chrono::seconds(120))) {
            std::fprintf(stderr, "loadgen: only %d of %d sockets connected (%s)\n", m_pool.ready(),
                sockets, m_pool.firstError().c_str());
            if (m_pool.ready() == 0)
                return 1;
        }
        std::printf("sustain: %d sockets connected, %g events/s for %.1f s\n", m_pool.ready(),
            m_options.rate, std::chrono::duration<double>(m_options.duration).count());
        std::fflush(stdout);

        const double rate = m_options.rate;
        const auto start = Clock::now();
        const auto end = start + m_options.duration;
        auto nextReport = start + std::chrono::seconds(1);
        std::uint64_t sentAtReport = 0;
        std::uint64_t receivedAtReport = 0;
        int second = 0;
        auto cpuAtReport = ProcessStats::ownCpuTime();
        m_measurement.start();
        for (auto now = start; now < end; now = Clock::now()) {
            const double elapsed = std::chrono::duration<double>(now - start).count();
            const auto due = std::uint64_t(elapsed * rate);
            // Falling more than half a second behind means we cannot keep up: skip rather than
            // burst, and say so (the figure printed is what was really sent).
            if (due > m_sent + std::uint64_t(rate / 2) + 1) {
                m_skipped += due - m_sent;
                m_sent = due;
            }
            for (; m_sent < due; ++m_sent) {
                WsClient &client = m_pool.client(int(m_sent % std::uint64_t(sockets)));
                if (client.state() == WsClient::State::Ready)
                    client.send(m_packet);
                else
                    ++m_notSent;
            }
            if (now >= nextReport) {
                ++second;
                const auto cpu = ProcessStats::ownCpuTime();
                const double loadgenCpu = std::chrono::duration<double>(cpu - cpuAtReport).count();
                cpuAtReport = cpu;
                std::printf("t=%ds sent=%llu/s received=%llu/s loadgen_cpu=%.0f%%%s\n", second,
                    static_cast<unsigned long long>(m_sent - sentAtReport),
                    static_cast<unsigned long long>(m_received - receivedAtReport),
                    100 * loadgenCpu, loadgenCpu >= 0.9 ? " SATURATED" : "");
                std::fflush(stdout);
                sentAtReport = m_sent;
                receivedAtReport = m_received;
                nextReport += std::chrono::seconds(1);
            }
            // Wake at least every millisecond: sends are spread at that granularity.
            m_loop.poll(std::chrono::milliseconds(1));
        }
        m_measurement.stop();

        Report report("sustain");
        const double achieved = double(m_sent - m_skipped - m_notSent) / m_measurement.seconds();
        report.add("sockets", sockets);
        report.add("connected", m_pool.ready());
        report.add("target_rate", rate);
        report.add("rate", achieved);
        report.add("received_rate", double(m_received) / m_measurement.seconds());
        report.add("skipped", double(m_skipped + m_notSent));
        report.add("closed", m_pool.closedAfterReady());
        report.addMeasurement(m_measurement, "rate", achieved);
        report.print();
        m_pool.closeAll();
        return 0;
    }

    void onReady(WsClient &) override { }
    void onAck(WsClient &, std::uint64_t, std::string_view) override { }
    void onEvent(WsClient &, std::string_view packet) override
    {
        if (!packet.starts_with("42[\"auth\""))
            ++m_received;
    }
    void onClosed(WsClient &, std::string_view) override { }

private:
    ScenarioOptions m_options;
    EventLoop m_loop;
    ClientPool m_pool;
    Measurement m_measurement;
    std::string m_packet;
    std::uint64_t m_sent = 0;
    std::uint64_t m_skipped = 0;
    std::uint64_t m_notSent = 0;
    std::uint64_t m_received = 0;
};

} // namespace

int runSustain(const ScenarioOptions &options)
{
    if (options.rate <= 0 || options.rate > 10'000'000) {
        std::fprintf(stderr, "loadgen: sustain needs --rate in (0, 10000000]\n");
        return 2;
    }
    SustainScenario scenario(options);
    return scenario.run();
}

} // namespace loadgen
