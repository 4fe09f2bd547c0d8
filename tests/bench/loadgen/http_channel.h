#pragma once

#include "event_loop.h"

#include <netinet/in.h>

#include <string>
#include <string_view>

namespace loadgen {

class HttpChannel;

class HttpChannelListener
{
public:
    virtual ~HttpChannelListener() = default;
    virtual void onResponse(HttpChannel &channel, int status, std::string_view body) = 0;
    virtual void onFailed(HttpChannel &channel, std::string_view why) = 0;
};

// One keep-alive HTTP/1.1 connection carrying one request at a time (no pipelining, as browsers
// do it), for the long-polling transport. Parses Content-Length and chunked responses; no gzip
// (we never send Accept-Encoding).
class HttpChannel final : public IoHandler
{
public:
    HttpChannel(EventLoop &loop, HttpChannelListener &listener);
    ~HttpChannel() override;
    HttpChannel(const HttpChannel &) = delete;
    HttpChannel &operator=(const HttpChannel &) = delete;

    bool open(const sockaddr_in &address, std::string hostHeader);
    // GET when `body` is null, POST (text/plain) otherwise. One at a time: false while busy.
    bool request(std::string_view target, const std::string *body);
    bool busy() const { return m_busy; }
    bool isOpen() const { return m_fd >= 0; }
    void close();

    void onIo(std::uint32_t events) override;
    void flush() override;

private:
    void fail(std::string_view why);
    void readAvailable();
    // Consumes one complete response from the buffer if there is one; false on a parse error.
    bool parseResponse();

    EventLoop &m_loop;
    HttpChannelListener &m_listener;
    int m_fd = -1;
    bool m_connected = false;
    bool m_busy = false;
    bool m_wantWrite = false;
    std::string m_host;
    std::string m_in;
    std::string m_out;
    std::size_t m_outStart = 0;
};

} // namespace loadgen
