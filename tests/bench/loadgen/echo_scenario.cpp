// Acked echo: every client keeps `inflight` `echo` events outstanding and sends the next one as
// soon as an ack comes back (closed loop). Measures acks/s and the round-trip latency of each.
// With one client and one in flight it is the single round-trip latency scenario.

#include "client_pool.h"
#include "latency_histogram.h"
#include "report.h"
#include "scenario_options.h"

#include <array>
#include <cstdio>

namespace loadgen {

namespace {

class EchoScenario final : public WsClientListener
{
public:
    explicit EchoScenario(const ScenarioOptions &options)
        : m_options(options)
        , m_pool(m_loop, options, *this)
        , m_argument('"' + paddingString(options.payloadBytes) + '"')
        , m_expectedAck('[' + m_argument + ']')
        , m_measurement(options.serverPid)
    { }

    int run()
    {
        const int clients = m_options.clients;
        m_inflight.assign(std::size_t(clients), InFlight{});
        m_pool.open(clients, m_options.concurrency);
        if (!m_pool.waitReady(std::chrono::seconds(30))) {
            std::fprintf(stderr, "loadgen: only %d of %d clients connected (%s)\n", m_pool.ready(),
                clients, m_pool.firstError().c_str());
            return 1;
        }
        m_sending = true;
        for (int i = 0; i < clients; ++i) {
            for (int k = 0; k < m_options.inflight; ++k)
                sendEcho(m_pool.client(i));
        }
        serveUntil(Clock::now() + m_options.warmup);
        m_counting = true;
        m_measurement.start();
        serveUntil(Clock::now() + m_options.duration);
        m_measurement.stop();
        m_counting = false;
        m_sending = false;

        Report report(m_options.clients == 1 && m_options.inflight == 1 ? "rtt" : "echo");
        const double rate = double(m_acks) / m_measurement.seconds();
        report.add("clients", m_options.clients);
        report.add("inflight", m_options.inflight);
        report.add("payload_bytes", m_options.payloadBytes);
        report.add("acks", double(m_acks));
        report.add("rate", rate);
        report.add("p50_us", m_latency.percentileMicroseconds(0.50));
        report.add("p99_us", m_latency.percentileMicroseconds(0.99));
        report.add("mean_us", m_latency.meanMicroseconds());
        report.add("max_us", m_latency.maxMicroseconds());
        report.add("errors", double(m_errors + m_pool.closedAfterReady()));
        report.addMeasurement(m_measurement, "rate", rate);
        report.print();
        m_pool.closeAll();
        return m_acks > 0 ? 0 : 1;
    }

    void onReady(WsClient &) override { }

    void onAck(WsClient &client, std::uint64_t id, std::string_view rest) override
    {
        InFlight &slots = m_inflight[client.tag()];
        Slot &slot = slots.slots[id % SlotCount];
        if (slot.id != id) {
            ++m_errors; // an ack we never asked for, or a duplicate
            return;
        }
        slot.id = 0;
        if (m_counting) {
            ++m_acks;
            m_latency.record(Clock::now() - slot.sentAt);
            if (rest != m_expectedAck)
                ++m_errors;
        }
        if (m_sending)
            sendEcho(client);
    }

    void onEvent(WsClient &, std::string_view) override { }
    void onClosed(WsClient &, std::string_view) override { }

private:
    // Outstanding ids per client live in a ring indexed by id: no allocation per message, and an
    // id is reused only after SlotCount newer ones, far more than any in-flight window here.
    static constexpr std::size_t SlotCount = 1024;
    struct Slot
    {
        std::uint64_t id = 0;
        Clock::time_point sentAt;
    };
    struct InFlight
    {
        std::uint64_t nextId = 1;
        std::array<Slot, SlotCount> slots{};
    };

    void sendEcho(WsClient &client)
    {
        InFlight &slots = m_inflight[client.tag()];
        const std::uint64_t id = slots.nextId++;
        slots.slots[id % SlotCount] = Slot{id, Clock::now()};
        m_packet.clear();
        appendEvent(m_packet, id, "echo", m_argument);
        client.send(m_packet);
    }

    void serveUntil(Clock::time_point end)
    {
        // Bounded by time: every poll waits at most 10 ms.
        while (Clock::now() < end)
            m_loop.poll(std::chrono::milliseconds(10));
    }

    ScenarioOptions m_options;
    EventLoop m_loop;
    ClientPool m_pool;
    std::string m_argument;
    std::string m_expectedAck;
    std::string m_packet;
    std::vector<InFlight> m_inflight;
    LatencyHistogram m_latency;
    Measurement m_measurement;
    bool m_sending = false;
    bool m_counting = false;
    std::uint64_t m_acks = 0;
    std::uint64_t m_errors = 0;
};

} // namespace

int runEcho(const ScenarioOptions &options)
{
    if (options.inflight < 1 || std::size_t(options.inflight) > 512) {
        std::fprintf(stderr, "loadgen: --inflight must be between 1 and 512\n");
        return 2;
    }
    EchoScenario scenario(options);
    return scenario.run();
}

} // namespace loadgen
