// Paced broadcast to a large room: `room-size` clients join room `r`; a separate sender emits
// `broadcast` at a fixed rate (open loop, on schedule whatever the server does), each carrying
// its send time. Every delivery's latency is now − that time, taken by the receiving client in
// this same process (one clock). Measures delivery latency p50/p99 and the achieved rate.

#include "client_pool.h"
#include "latency_histogram.h"
#include "report.h"
#include "scenario_options.h"

#include <cstdio>

namespace loadgen {

namespace {

constexpr std::string_view MsgPrefix = "42[\"msg\",\"";

class FanoutScenario final : public WsClientListener
{
public:
    explicit FanoutScenario(const ScenarioOptions &options)
        : m_options(options)
        , m_pool(m_loop, options, *this)
        , m_padding(paddingString(options.payloadBytes))
        , m_measurement(options.serverPid)
        , m_epoch(Clock::now())
    { }

    int run()
    {
        const int receivers = m_options.roomSize;
        m_pool.open(receivers + 1, m_options.concurrency);
        if (!m_pool.waitReady(std::chrono::seconds(60))) {
            std::fprintf(stderr, "loadgen: only %d of %d clients connected (%s)\n", m_pool.ready(),
                receivers + 1, m_pool.firstError().c_str());
            return 1;
        }
        for (int i = 0; i < receivers; ++i)
            m_pool.client(i).send("421[\"join\",\"r\"]");
        const auto joinDeadline = Clock::now() + std::chrono::seconds(30);
        while (m_joined < receivers && Clock::now() < joinDeadline)
            m_loop.poll(std::chrono::milliseconds(10));
        if (m_joined < receivers) {
            std::fprintf(stderr, "loadgen: only %d of %d joined the room\n", m_joined, receivers);
            return 1;
        }

        const auto period = std::chrono::duration_cast<Clock::duration>(
            std::chrono::duration<double>(1.0 / m_options.rate));
        const auto start = Clock::now();
        const auto countFrom = start + m_options.warmup;
        const auto end = countFrom + m_options.duration;
        auto next = start;
        bool counting = false;
        for (auto now = Clock::now(); now < end; now = Clock::now()) {
            if (!counting && now >= countFrom) {
                counting = true;
                m_counting = true;
                m_measurement.start();
            }
            // Open loop: every broadcast that is due goes now, even late, so a slow server
            // shows as latency rather than as a quietly lower rate. Bounded: at most 100 due.
            for (int burst = 0; next <= now && burst < 100; ++burst) {
                sendBroadcast(counting);
                next += period;
            }
            const auto wait = std::min(next, end) - Clock::now();
            m_loop.poll(std::chrono::duration_cast<std::chrono::microseconds>(
                std::max(wait, Clock::duration::zero())));
        }
        m_measurement.stop();
        m_counting = false;
        // Late deliveries of the last broadcasts still count toward latency: drain briefly.
        const auto drainEnd = Clock::now() + std::chrono::milliseconds(500);
        while (Clock::now() < drainEnd && m_received < m_expected)
            m_loop.poll(std::chrono::milliseconds(10));

        Report report("fanout");
        const double rate = double(m_deliveries) / m_measurement.seconds();
        report.add("room_size", receivers);
        report.add("broadcast_rate", m_options.rate);
        report.add("target_rate", m_options.rate * receivers);
        report.add("rate", rate);
        report.add("p50_us", m_latency.percentileMicroseconds(0.50));
        report.add("p99_us", m_latency.percentileMicroseconds(0.99));
        report.add("max_us", m_latency.maxMicroseconds());
        report.add("p50_ms", m_latency.percentileMicroseconds(0.50) / 1000);
        report.add("p99_ms", m_latency.percentileMicroseconds(0.99) / 1000);
        report.add("lost", double(m_expected > m_received ? m_expected - m_received : 0));
        report.add("errors", double(m_errors + m_pool.closedAfterReady()));
        report.addMeasurement(m_measurement, "rate", rate);
        report.print();
        m_pool.closeAll();
        return m_deliveries > 0 ? 0 : 1;
    }

    void onReady(WsClient &) override { }

    void onAck(WsClient &client, std::uint64_t, std::string_view) override
    {
        if (int(client.tag()) < m_options.roomSize)
            ++m_joined;
    }

    void onEvent(WsClient &, std::string_view packet) override
    {
        if (!packet.starts_with(MsgPrefix))
            return;
        std::int64_t sentUs = 0;
        std::size_t i = MsgPrefix.size();
        for (; i < packet.size() && packet[i] >= '0' && packet[i] <= '9'; ++i)
            sentUs = sentUs * 10 + (packet[i] - '0');
        // The flag after the time says whether this broadcast was sent inside the window.
        const bool measured = i + 1 < packet.size() && packet[i + 1] == 'm';
        const auto latency = Clock::now() - (m_epoch + std::chrono::microseconds(sentUs));
        if (measured) {
            ++m_received;
            m_latency.record(latency);
        }
        if (m_counting)
            ++m_deliveries;
    }

    void onClosed(WsClient &, std::string_view) override { }

private:
    void sendBroadcast(bool measured)
    {
        const auto sentUs
            = std::chrono::duration_cast<std::chrono::microseconds>(Clock::now() - m_epoch).count();
        m_data = "{\"room\":\"r\",\"data\":\"" + std::to_string(sentUs) + (measured ? ":m:" : ":w:")
            + m_padding + "\"}";
        m_packet.clear();
        appendEvent(m_packet, ++m_nextId, "broadcast", m_data);
        m_pool.client(m_options.roomSize).send(m_packet);
        if (measured)
            m_expected += std::uint64_t(m_options.roomSize);
    }

    ScenarioOptions m_options;
    EventLoop m_loop;
    ClientPool m_pool;
    std::string m_padding;
    std::string m_data;
    std::string m_packet;
    LatencyHistogram m_latency;
    Measurement m_measurement;
    Clock::time_point m_epoch;
    std::uint64_t m_nextId = 0;
    int m_joined = 0;
    bool m_counting = false;
    std::uint64_t m_deliveries = 0;
    std::uint64_t m_expected = 0;
    std::uint64_t m_received = 0;
    std::uint64_t m_errors = 0;
};

} // namespace

int runFanout(const ScenarioOptions &options)
{
    if (options.roomSize < 1 || options.rate <= 0 || options.rate > 100000) {
        std::fprintf(stderr, "loadgen: fanout needs --room-size >= 1 and --rate in (0, 100000]\n");
        return 2;
    }
    FanoutScenario scenario(options);
    return scenario.run();
}

} // namespace loadgen
