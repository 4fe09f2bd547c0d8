#pragma once

#include "event_loop.h"

#include <netinet/in.h>

#include <cstdint>
#include <memory>
#include <string>
#include <string_view>

namespace loadgen {

class WsClient;

// What a scenario hears from its clients. Packets arrive as the Engine.IO text of one WebSocket
// message (for example `42["msg","..."]`), without copies.
class WsClientListener
{
public:
    virtual ~WsClientListener() = default;
    // The Socket.IO CONNECT to `/` was accepted (`40{"sid":...}`).
    virtual void onReady(WsClient &client) = 0;
    // `43<id>[...]`: `rest` is what follows the id.
    virtual void onAck(WsClient &client, std::uint64_t id, std::string_view rest) = 0;
    // `42...`: an event; `packet` is the whole Engine.IO packet.
    virtual void onEvent(WsClient &client, std::string_view packet) = 0;
    // The connection is gone (refused, reset, closed by the server, protocol error).
    virtual void onClosed(WsClient &client, std::string_view why) = 0;
};

// A Socket.IO v5 client over Engine.IO v4's WebSocket transport, namespace `/`, with the smallest
// RFC 6455 client framing that suffices: masked text frames out; text, continuation, ping and
// close frames in. Heartbeat pings are answered inside. Not the server's code on purpose: a bug
// shared by both sides would cancel out and go unseen.
class WsClient final : public IoHandler
{
public:
    enum class State { Idle, Connecting, Upgrading, Opening, Joining, Ready, Closed };

    WsClient(EventLoop &loop, WsClientListener &listener, std::uint32_t tag);
    ~WsClient() override;
    WsClient(const WsClient &) = delete;
    WsClient &operator=(const WsClient &) = delete;

    // Starts the TCP connect; false when the socket could not even be created (fd limit).
    bool start(const sockaddr_in &address, const std::string &upgradeRequest);
    // Queues one Engine.IO packet as a text frame; sent when the loop flushes.
    void send(std::string_view packet);
    void close();

    State state() const { return m_state; }
    std::uint32_t tag() const { return m_tag; }
    // Reached Ready at some point (still true after a close).
    bool wasReady() const { return m_wasReady; }
    Clock::time_point startedAt() const { return m_startedAt; }

    // The HTTP upgrade request for a path such as `/socket.io/`.
    static std::string upgradeRequest(
        std::string_view host, std::uint16_t port, std::string_view path);

    void onIo(std::uint32_t events) override;
    void flush() override;

private:
    void fail(std::string_view why);
    void readAvailable();
    bool handleHandshakeReply();
    bool handleFrames();
    void handleMessage(std::string_view message);
    void queueFrame(std::uint8_t opcode, std::string_view payload);
    void updateInterest();

    EventLoop &m_loop;
    WsClientListener &m_listener;
    std::uint32_t m_tag;
    int m_fd = -1;
    State m_state = State::Idle;
    bool m_wantWrite = false;
    bool m_wasReady = false;
    std::uint32_t m_maskSeed;
    Clock::time_point m_startedAt;
    // Not std::string: its resize() zero-fills, which would cost more than the read itself.
    std::unique_ptr<char[]> m_in;
    std::size_t m_inCapacity = 0;
    std::size_t m_inStart = 0;
    std::size_t m_inEnd = 0;
    std::string m_out;
    std::size_t m_outStart = 0;
    std::string m_fragments;
    std::uint8_t m_fragmentOpcode = 0;
};

} // namespace loadgen
