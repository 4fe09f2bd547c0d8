// Acked echo over long-polling: `clients` polling clients (no upgrade), each keeping `inflight`
// `echo` events outstanding. Every ack costs the server at least a GET answer and, per batch,
// a POST: this measures the HTTP path, not WebSocket framing.

#include "client_pool.h"
#include "polling_client.h"
#include "report.h"
#include "scenario_options.h"

#include <cstdio>
#include <memory>

namespace loadgen {

namespace {

class PollingScenario final : public PollingClientListener
{
public:
    explicit PollingScenario(const ScenarioOptions &options)
        : m_options(options)
        , m_argument('"' + paddingString(options.payloadBytes) + '"')
        , m_expectedAck('[' + m_argument + ']')
        , m_measurement(options.serverPid)
    { }

    int run()
    {
        const sockaddr_in address = loopbackAddress(m_options.host, m_options.port);
        const std::string host = m_options.host + ':' + std::to_string(m_options.port);
        const int count = m_options.clients;
        for (int i = 0; i < count; ++i) {
            m_clients.push_back(std::make_unique<PollingClient>(m_loop, *this, std::uint32_t(i)));
            m_nextId.push_back(1);
            if (!m_clients.back()->start(address, host, m_options.path))
                ++m_failed;
        }
        const auto readyDeadline = Clock::now() + std::chrono::seconds(30);
        while (m_ready + m_failed < count && Clock::now() < readyDeadline)
            m_loop.poll(std::chrono::milliseconds(10));
        if (m_ready < count) {
            std::fprintf(stderr, "loadgen: only %d of %d polling clients connected (%s)\n", m_ready,
                count, m_firstError.c_str());
            return 1;
        }
        m_sending = true;
        for (auto &client : m_clients) {
            for (int k = 0; k < m_options.inflight; ++k)
                sendEcho(*client);
        }
        serveUntil(Clock::now() + m_options.warmup);
        m_counting = true;
        m_measurement.start();
        serveUntil(Clock::now() + m_options.duration);
        m_measurement.stop();
        m_counting = false;
        m_sending = false;

        Report report("polling");
        const double rate = double(m_acks) / m_measurement.seconds();
        report.add("clients", count);
        report.add("inflight", m_options.inflight);
        report.add("payload_bytes", m_options.payloadBytes);
        report.add("acks", double(m_acks));
        report.add("rate", rate);
        report.add("errors", double(m_errors + m_closed));
        if (!m_firstError.empty())
            report.add("first_error", m_firstError);
        report.addMeasurement(m_measurement, "rate", rate);
        report.print();
        for (auto &client : m_clients)
            client->close();
        return m_acks > 0 ? 0 : 1;
    }

    void onReady(PollingClient &) override { ++m_ready; }

    void onAck(PollingClient &client, std::uint64_t, std::string_view rest) override
    {
        if (m_counting) {
            ++m_acks;
            if (rest != m_expectedAck)
                ++m_errors;
        }
        if (m_sending)
            sendEcho(client);
    }

    void onClosed(PollingClient &client, std::string_view why) override
    {
        if (m_firstError.empty())
            m_firstError = std::string(why);
        if (client.state() == PollingClient::State::Closed && m_ready > 0)
            ++m_closed;
        else
            ++m_failed;
    }

private:
    void sendEcho(PollingClient &client)
    {
        m_packet.clear();
        appendEvent(m_packet, m_nextId[client.tag()]++, "echo", m_argument);
        client.send(m_packet);
    }

    void serveUntil(Clock::time_point end)
    {
        while (Clock::now() < end)
            m_loop.poll(std::chrono::milliseconds(10));
    }

    ScenarioOptions m_options;
    EventLoop m_loop;
    std::string m_argument;
    std::string m_expectedAck;
    std::string m_packet;
    std::vector<std::unique_ptr<PollingClient>> m_clients;
    std::vector<std::uint64_t> m_nextId;
    Measurement m_measurement;
    int m_ready = 0;
    int m_failed = 0;
    int m_closed = 0;
    bool m_sending = false;
    bool m_counting = false;
    std::uint64_t m_acks = 0;
    std::uint64_t m_errors = 0;
    std::string m_firstError;
};

} // namespace

int runPolling(const ScenarioOptions &options)
{
    PollingScenario scenario(options);
    return scenario.run();
}

} // namespace loadgen
