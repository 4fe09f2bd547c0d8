#include "polling_client.h"

namespace loadgen {

namespace {

constexpr char RecordSeparator = '\x1e';

} // namespace

PollingClient::PollingClient(EventLoop &loop, PollingClientListener &listener, std::uint32_t tag)
    : m_listener(listener)
    , m_tag(tag)
    , m_get(loop, *this)
    , m_post(loop, *this)
{ }

bool PollingClient::start(
    const sockaddr_in &address, const std::string &host, const std::string &path)
{
    m_target = path + "?EIO=4&transport=polling";
    if (!m_get.open(address, host) || !m_post.open(address, host)) {
        m_state = State::Closed;
        return false;
    }
    m_state = State::Handshaking;
    m_get.request(m_target, nullptr);
    return true;
}

void PollingClient::send(std::string_view packet)
{
    if (m_state != State::Ready && m_state != State::Joining)
        return;
    if (!m_queued.empty())
        m_queued += RecordSeparator;
    m_queued += packet;
    postQueued();
}

void PollingClient::postQueued()
{
    if (m_queued.empty() || m_post.busy() || !m_post.isOpen())
        return;
    m_body.swap(m_queued);
    m_queued.clear();
    m_post.request(m_target, &m_body);
}

void PollingClient::poll()
{
    if (m_state != State::Closed && !m_get.busy())
        m_get.request(m_target, nullptr);
}

void PollingClient::close()
{
    m_state = State::Closed;
    m_get.close();
    m_post.close();
}

void PollingClient::fail(std::string_view why)
{
    if (m_state == State::Closed)
        return;
    close();
    m_listener.onClosed(*this, why);
}

void PollingClient::onFailed(HttpChannel &, std::string_view why)
{
    fail(why);
}

void PollingClient::onResponse(HttpChannel &channel, int status, std::string_view body)
{
    if (status != 200) {
        fail("HTTP status " + std::to_string(status));
        return;
    }
    if (&channel == &m_post) {
        postQueued(); // body is "ok"
        return;
    }
    if (m_state == State::Handshaking) {
        // `0{"sid":"…",…}` (v4 §handshake); the sid is all we need.
        const std::size_t key = body.find("\"sid\":\"");
        if (body.empty() || body[0] != '0' || key == std::string_view::npos) {
            fail("no Engine.IO handshake");
            return;
        }
        const std::size_t start = key + 7;
        const std::size_t end = body.find('"', start);
        m_target += "&sid=";
        m_target += body.substr(start, end - start);
        m_state = State::Joining;
        send("40");
        poll();
        return;
    }
    std::size_t start = 0;
    for (int guard = 0; guard < 1000000 && start <= body.size(); ++guard) {
        const std::size_t end = body.find(RecordSeparator, start);
        handlePacket(
            body.substr(start, end == std::string_view::npos ? body.size() - start : end - start));
        if (end == std::string_view::npos || m_state == State::Closed)
            break;
        start = end + 1;
    }
    poll();
}

void PollingClient::handlePacket(std::string_view packet)
{
    if (packet.empty())
        return;
    if (packet == "2") {
        send("3");
        return;
    }
    if (packet[0] == '1') {
        fail("Engine.IO close from the server");
        return;
    }
    if (packet.size() < 2 || packet[0] != '4')
        return; // `6` (noop) and the like
    if (packet[1] == '0' && m_state == State::Joining) {
        m_state = State::Ready;
        m_listener.onReady(*this);
    } else if (packet[1] == '3' && m_state == State::Ready) {
        std::size_t position = 2;
        std::uint64_t id = 0;
        while (position < packet.size() && packet[position] >= '0' && packet[position] <= '9')
            id = id * 10 + std::uint64_t(packet[position++] - '0');
        m_listener.onAck(*this, id, packet.substr(position));
    } else if (packet[1] == '4') {
        fail("CONNECT_ERROR from the server");
    }
}

} // namespace loadgen
