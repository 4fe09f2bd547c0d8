#pragma once

#include "http_channel.h"

#include <cstdint>
#include <string>
#include <string_view>

namespace loadgen {

class PollingClient;

class PollingClientListener
{
public:
    virtual ~PollingClientListener() = default;
    virtual void onReady(PollingClient &client) = 0;
    virtual void onAck(PollingClient &client, std::uint64_t id, std::string_view rest) = 0;
    virtual void onClosed(PollingClient &client, std::string_view why) = 0;
};

// A Socket.IO v5 client on Engine.IO v4's long-polling transport (never upgrading): one channel
// keeps a GET outstanding at all times, the other carries POSTs, one at a time, each holding
// every packet queued since the last one (separated by \x1e, protocol v4 §payload).
class PollingClient final : public HttpChannelListener
{
public:
    enum class State { Idle, Handshaking, Joining, Ready, Closed };

    PollingClient(EventLoop &loop, PollingClientListener &listener, std::uint32_t tag);

    bool start(const sockaddr_in &address, const std::string &host, const std::string &path);
    void send(std::string_view packet);
    void close();

    State state() const { return m_state; }
    std::uint32_t tag() const { return m_tag; }

    void onResponse(HttpChannel &channel, int status, std::string_view body) override;
    void onFailed(HttpChannel &channel, std::string_view why) override;

private:
    void fail(std::string_view why);
    void handlePacket(std::string_view packet);
    void poll();
    void postQueued();

    PollingClientListener &m_listener;
    std::uint32_t m_tag;
    State m_state = State::Idle;
    HttpChannel m_get;
    HttpChannel m_post;
    std::string m_target; // path?EIO=4&transport=polling[&sid=…]
    std::string m_queued;
    std::string m_body;
};

} // namespace loadgen
