// Broadcast to a room, closed loop: `room-size` clients join room `r`; one more client (not in
// the room) emits `broadcast {room:"r", data}` with an ack, and a broadcast is complete once its
// ack and all room-size deliveries of `msg` arrived; `inflight` broadcasts are kept outstanding
// (one alone would leave the server idle while we read the deliveries). Measures deliveries/s.

#include "client_pool.h"
#include "report.h"
#include "scenario_options.h"

#include <array>
#include <cstdio>

namespace loadgen {

namespace {

constexpr std::string_view MsgPrefix = "42[\"msg\",\"";

class BroadcastScenario final : public WsClientListener
{
public:
    explicit BroadcastScenario(const ScenarioOptions &options)
        : m_options(options)
        , m_pool(m_loop, options, *this)
        , m_padding(paddingString(options.payloadBytes))
        , m_measurement(options.serverPid)
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
        m_sending = true;
        for (int k = 0; k < m_options.inflight; ++k)
            sendBroadcast();
        serveUntil(Clock::now() + m_options.warmup);
        m_counting = true;
        m_measurement.start();
        serveUntil(Clock::now() + m_options.duration);
        m_measurement.stop();
        m_counting = false;
        m_sending = false;

        Report report("broadcast");
        const double rate = double(m_deliveries) / m_measurement.seconds();
        report.add("room_size", receivers);
        report.add("inflight", m_options.inflight);
        report.add("payload_bytes", m_options.payloadBytes);
        report.add("deliveries", double(m_deliveries));
        report.add("broadcasts", double(m_completed));
        report.add("rate", rate);
        report.add("errors", double(m_errors + m_pool.closedAfterReady()));
        report.addMeasurement(m_measurement, "rate", rate);
        report.print();
        m_pool.closeAll();
        return m_deliveries > 0 ? 0 : 1;
    }

    void onReady(WsClient &) override { }

    void onAck(WsClient &client, std::uint64_t id, std::string_view) override
    {
        if (int(client.tag()) < m_options.roomSize) {
            ++m_joined;
            return;
        }
        Pending &pending = m_pending[id % Ring];
        if (pending.sequence != id) {
            ++m_errors;
            return;
        }
        pending.acked = true;
        completeIfDone(pending);
    }

    void onEvent(WsClient &, std::string_view packet) override
    {
        if (!packet.starts_with(MsgPrefix))
            return; // `auth` on connection, for instance
        std::uint64_t sequence = 0;
        for (std::size_t i = MsgPrefix.size();
             i < packet.size() && packet[i] >= '0' && packet[i] <= '9'; ++i)
            sequence = sequence * 10 + std::uint64_t(packet[i] - '0');
        Pending &pending = m_pending[sequence % Ring];
        if (pending.sequence != sequence) {
            ++m_errors;
            return;
        }
        if (m_counting)
            ++m_deliveries;
        ++pending.deliveries;
        completeIfDone(pending);
    }

    void onClosed(WsClient &, std::string_view) override { }

private:
    static constexpr std::uint64_t Ring = 4096;
    struct Pending
    {
        std::uint64_t sequence = 0;
        int deliveries = 0;
        bool acked = false;
    };

    void completeIfDone(Pending &pending)
    {
        if (!pending.acked || pending.deliveries < m_options.roomSize)
            return;
        if (pending.deliveries > m_options.roomSize)
            ++m_errors;
        pending.sequence = 0;
        if (m_counting)
            ++m_completed;
        if (m_sending)
            sendBroadcast();
    }

    void sendBroadcast()
    {
        // The sequence is both the ack id and the start of the data, so that deliveries and the
        // ack find the same ring entry.
        const std::uint64_t sequence = m_nextSequence++;
        m_pending[sequence % Ring] = Pending{sequence, 0, false};
        m_data = "{\"room\":\"r\",\"data\":\"" + std::to_string(sequence) + ':' + m_padding + "\"}";
        m_packet.clear();
        appendEvent(m_packet, sequence, "broadcast", m_data);
        m_pool.client(m_options.roomSize).send(m_packet);
    }

    void serveUntil(Clock::time_point end)
    {
        while (Clock::now() < end)
            m_loop.poll(std::chrono::milliseconds(10));
    }

    ScenarioOptions m_options;
    EventLoop m_loop;
    ClientPool m_pool;
    std::string m_padding;
    std::string m_data;
    std::string m_packet;
    std::array<Pending, Ring> m_pending{};
    Measurement m_measurement;
    std::uint64_t m_nextSequence = 1;
    int m_joined = 0;
    bool m_sending = false;
    bool m_counting = false;
    std::uint64_t m_deliveries = 0;
    std::uint64_t m_completed = 0;
    std::uint64_t m_errors = 0;
};

} // namespace

int runBroadcast(const ScenarioOptions &options)
{
    if (options.roomSize < 1 || options.inflight < 1 || options.inflight > 1024) {
        std::fprintf(stderr, "loadgen: broadcast needs --room-size >= 1 and --inflight 1..1024\n");
        return 2;
    }
    BroadcastScenario scenario(options);
    return scenario.run();
}

} // namespace loadgen
