#pragma once

#include "event_loop.h"
#include "scenario_options.h"
#include "ws_client.h"

#include <netinet/in.h>

#include <memory>
#include <string>
#include <vector>

namespace loadgen {

// N WebSocket clients opened with a bounded number of handshakes in flight, so that a
// connection storm measures the server rather than the listen backlog's SYN drops. Book-keeps
// readiness and failures, then hands every packet on to the scenario (the delegate).
class ClientPool final : public WsClientListener
{
public:
    ClientPool(EventLoop &loop, const ScenarioOptions &options, WsClientListener &delegate);

    // Creates `count` clients (tags 0…count-1) and starts the first `concurrency` handshakes.
    void open(int count, int concurrency);
    // Serves the loop until every client is ready or failed, or `timeout` passed; true when all
    // are ready.
    bool waitReady(std::chrono::milliseconds timeout);
    void closeAll();

    int size() const { return int(m_clients.size()); }
    WsClient &client(int index) { return *m_clients[std::size_t(index)]; }
    int ready() const { return m_ready; }
    int failed() const { return m_failed; }
    // Clients that were ready and were closed afterwards (by the server, or reset).
    int closedAfterReady() const { return m_closedAfterReady; }
    const std::string &firstError() const { return m_firstError; }
    // When each handshake completed (`40{"sid"…}` received), in completion order.
    const std::vector<Clock::time_point> &readyTimes() const { return m_readyTimes; }
    Clock::time_point openedAt() const { return m_openedAt; }

    void onReady(WsClient &client) override;
    void onAck(WsClient &client, std::uint64_t id, std::string_view rest) override;
    void onEvent(WsClient &client, std::string_view packet) override;
    void onClosed(WsClient &client, std::string_view why) override;

private:
    void startNext();

    EventLoop &m_loop;
    WsClientListener &m_delegate;
    sockaddr_in m_address{};
    std::string m_request;
    std::vector<std::unique_ptr<WsClient>> m_clients;
    std::size_t m_next = 0;
    int m_ready = 0;
    int m_failed = 0;
    int m_closedAfterReady = 0;
    std::string m_firstError;
    std::vector<Clock::time_point> m_readyTimes;
    Clock::time_point m_openedAt;
};

// Resolves a dotted IPv4 loopback address; exits with a message for anything else, since these
// benchmarks only ever target servers on this machine.
sockaddr_in loopbackAddress(const std::string &host, std::uint16_t port);

// `42["name",<json>]` or, with an ack id, `42<id>["name",<json>]`.
void appendEvent(
    std::string &out, std::uint64_t ackId, std::string_view name, std::string_view json);
// A JSON string of `bytes` characters (quotes excluded).
std::string paddingString(int bytes);

} // namespace loadgen
