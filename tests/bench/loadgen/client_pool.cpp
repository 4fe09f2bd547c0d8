#include "client_pool.h"

#include <arpa/inet.h>

#include <cstdio>
#include <cstdlib>

namespace loadgen {

sockaddr_in loopbackAddress(const std::string &host, std::uint16_t port)
{
    sockaddr_in address{};
    address.sin_family = AF_INET;
    address.sin_port = htons(port);
    if (::inet_pton(AF_INET, host.c_str(), &address.sin_addr) != 1
        || (ntohl(address.sin_addr.s_addr) >> 24) != 127) {
        std::fprintf(
            stderr, "loadgen: --host must be a 127.x.x.x address, not \"%s\"\n", host.c_str());
        std::exit(2);
    }
    return address;
}

void appendEvent(
    std::string &out, std::uint64_t ackId, std::string_view name, std::string_view json)
{
    out += "42";
    if (ackId > 0)
        out += std::to_string(ackId);
    out += "[\"";
    out += name;
    out += "\",";
    out += json;
    out += ']';
}

std::string paddingString(int bytes)
{
    std::string text;
    text.reserve(std::size_t(bytes));
    for (int i = 0; i < bytes; ++i)
        text += char('a' + i % 26);
    return text;
}

ClientPool::ClientPool(EventLoop &loop, const ScenarioOptions &options, WsClientListener &delegate)
    : m_loop(loop)
    , m_delegate(delegate)
    , m_address(loopbackAddress(options.host, options.port))
    , m_request(WsClient::upgradeRequest(options.host, options.port, options.path))
{ }

void ClientPool::open(int count, int concurrency)
{
    m_openedAt = Clock::now();
    m_clients.reserve(m_clients.size() + std::size_t(count));
    const std::size_t first = m_clients.size();
    for (int i = 0; i < count; ++i)
        m_clients.push_back(
            std::make_unique<WsClient>(m_loop, *this, std::uint32_t(first + std::size_t(i))));
    m_readyTimes.reserve(m_clients.size());
    for (int i = 0; i < concurrency && m_next < m_clients.size(); ++i)
        startNext();
}

void ClientPool::startNext()
{
    while (m_next < m_clients.size()) {
        WsClient &client = *m_clients[m_next++];
        if (client.start(m_address, m_request))
            return;
        // start() failed synchronously (no descriptor left, say): count it and try the next,
        // which will most likely fail the same way; the loop is bounded by the client count.
        ++m_failed;
        if (m_firstError.empty())
            m_firstError = "socket() or connect() failed at once (out of descriptors or ports?)";
    }
}

bool ClientPool::waitReady(std::chrono::milliseconds timeout)
{
    const auto deadline = Clock::now() + timeout;
    while (m_ready + m_failed < size() && Clock::now() < deadline)
        m_loop.poll(std::chrono::milliseconds(50));
    return m_ready == size();
}

void ClientPool::closeAll()
{
    for (auto &client : m_clients)
        client->close();
}

void ClientPool::onReady(WsClient &client)
{
    ++m_ready;
    m_readyTimes.push_back(Clock::now());
    startNext();
    m_delegate.onReady(client);
}

void ClientPool::onAck(WsClient &client, std::uint64_t id, std::string_view rest)
{
    m_delegate.onAck(client, id, rest);
}

void ClientPool::onEvent(WsClient &client, std::string_view packet)
{
    m_delegate.onEvent(client, packet);
}

void ClientPool::onClosed(WsClient &client, std::string_view why)
{
    if (client.wasReady()) {
        ++m_closedAfterReady;
    } else {
        // A failed handshake: its slot goes to the next client.
        ++m_failed;
        startNext();
    }
    if (m_firstError.empty())
        m_firstError = std::string(why);
    m_delegate.onClosed(client, why);
}

} // namespace loadgen
