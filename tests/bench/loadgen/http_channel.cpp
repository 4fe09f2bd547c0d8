#include "http_channel.h"

#include <netinet/tcp.h>
#include <sys/epoll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <array>
#include <cerrno>
#include <cstring>
#include <strings.h>

namespace loadgen {

namespace {

constexpr std::size_t MaxResponse = 16 * 1024 * 1024;

// Case-insensitive header lookup inside the header block (between the status line and the
// blank line); empty when absent.
std::string_view headerValue(std::string_view headers, std::string_view name)
{
    std::size_t position = headers.find("\r\n");
    while (position != std::string_view::npos && position + 2 < headers.size()) {
        const std::size_t start = position + 2;
        const std::size_t end = headers.find("\r\n", start);
        const std::string_view line = headers.substr(
            start, end == std::string_view::npos ? headers.size() - start : end - start);
        const std::size_t colon = line.find(':');
        if (colon == name.size() && ::strncasecmp(line.data(), name.data(), name.size()) == 0) {
            std::string_view value = line.substr(colon + 1);
            while (!value.empty() && value.front() == ' ')
                value.remove_prefix(1);
            return value;
        }
        position = end;
    }
    return {};
}

} // namespace

HttpChannel::HttpChannel(EventLoop &loop, HttpChannelListener &listener)
    : m_loop(loop)
    , m_listener(listener)
{ }

HttpChannel::~HttpChannel()
{
    m_loop.forget(this);
    close();
}

bool HttpChannel::open(const sockaddr_in &address, std::string hostHeader)
{
    m_host = std::move(hostHeader);
    m_fd = ::socket(AF_INET, SOCK_STREAM | SOCK_NONBLOCK | SOCK_CLOEXEC, 0);
    if (m_fd < 0)
        return false;
    const int one = 1;
    ::setsockopt(m_fd, IPPROTO_TCP, TCP_NODELAY, &one, sizeof one);
    if (::connect(m_fd, reinterpret_cast<const sockaddr *>(&address), sizeof address) < 0
        && errno != EINPROGRESS) {
        close();
        return false;
    }
    m_wantWrite = true;
    m_loop.add(m_fd, this, EPOLLIN | EPOLLOUT | EPOLLRDHUP);
    return true;
}

bool HttpChannel::request(std::string_view target, const std::string *body)
{
    if (m_busy || m_fd < 0)
        return false;
    m_busy = true;
    m_out += body ? "POST " : "GET ";
    m_out += target;
    m_out += " HTTP/1.1\r\nHost: ";
    m_out += m_host;
    if (body) {
        m_out += "\r\nContent-Type: text/plain;charset=UTF-8\r\nContent-Length: ";
        m_out += std::to_string(body->size());
        m_out += "\r\n\r\n";
        m_out += *body;
    } else {
        m_out += "\r\n\r\n";
    }
    m_loop.requestFlush(this);
    return true;
}

void HttpChannel::close()
{
    if (m_fd < 0)
        return;
    m_loop.remove(m_fd);
    ::close(m_fd);
    m_fd = -1;
    m_busy = false;
}

void HttpChannel::fail(std::string_view why)
{
    if (m_fd < 0)
        return;
    close();
    m_listener.onFailed(*this, why);
}

void HttpChannel::onIo(std::uint32_t events)
{
    if (m_fd < 0)
        return;
    if (!m_connected && (events & (EPOLLOUT | EPOLLERR | EPOLLHUP))) {
        int error = 0;
        socklen_t size = sizeof error;
        ::getsockopt(m_fd, SOL_SOCKET, SO_ERROR, &error, &size);
        if (error != 0) {
            fail(std::strerror(error));
            return;
        }
        m_connected = true;
    }
    if (events & EPOLLOUT)
        flush();
    if (m_fd >= 0 && (events & (EPOLLIN | EPOLLRDHUP | EPOLLHUP | EPOLLERR)))
        readAvailable();
}

void HttpChannel::flush()
{
    if (m_fd < 0 || !m_connected)
        return;
    while (m_outStart < m_out.size()) {
        const ssize_t written
            = ::send(m_fd, m_out.data() + m_outStart, m_out.size() - m_outStart, MSG_NOSIGNAL);
        if (written < 0) {
            if (errno == EAGAIN || errno == EWOULDBLOCK)
                break;
            if (errno == EINTR)
                continue;
            fail(std::strerror(errno));
            return;
        }
        m_outStart += std::size_t(written);
    }
    if (m_outStart == m_out.size()) {
        m_out.clear();
        m_outStart = 0;
    }
    const bool wantWrite = m_outStart < m_out.size();
    if (wantWrite != m_wantWrite) {
        m_wantWrite = wantWrite;
        m_loop.modify(m_fd, this, EPOLLIN | EPOLLRDHUP | (wantWrite ? EPOLLOUT : 0u));
    }
}

void HttpChannel::readAvailable()
{
    std::array<char, 65536> chunk;
    for (int round = 0; round < 16 && m_fd >= 0; ++round) {
        const ssize_t got = ::recv(m_fd, chunk.data(), chunk.size(), 0);
        if (got < 0 && errno == EINTR)
            continue;
        if (got < 0 && (errno == EAGAIN || errno == EWOULDBLOCK))
            return;
        if (got <= 0) {
            fail(got == 0 ? "closed by the server" : std::strerror(errno));
            return;
        }
        m_in.append(chunk.data(), std::size_t(got));
        if (m_in.size() > MaxResponse) {
            fail("oversized response");
            return;
        }
        while (m_fd >= 0 && !m_in.empty()) {
            const std::size_t before = m_in.size();
            if (!parseResponse()) {
                fail("malformed response");
                return;
            }
            if (m_in.size() == before)
                break; // incomplete
        }
        if (std::size_t(got) < chunk.size())
            return;
    }
}

bool HttpChannel::parseResponse()
{
    const std::size_t headerEnd = m_in.find("\r\n\r\n");
    if (headerEnd == std::string::npos)
        return m_in.size() < 65536;
    const std::string_view headers(m_in.data(), headerEnd);
    if (!headers.starts_with("HTTP/1.1 ") || headers.size() < 12)
        return false;
    const int status = std::atoi(headers.data() + 9);
    const std::size_t bodyStart = headerEnd + 4;
    std::string body;
    std::size_t consumed = 0;
    const std::string_view encoding = headerValue(headers, "Transfer-Encoding");
    if (!encoding.empty() && ::strncasecmp(encoding.data(), "chunked", 7) == 0) {
        // RFC 9112 §7.1: size in hex, CRLF, data, CRLF ... until a zero-size chunk.
        std::size_t position = bodyStart;
        for (int guard = 0; guard < 100000; ++guard) {
            const std::size_t lineEnd = m_in.find("\r\n", position);
            if (lineEnd == std::string::npos)
                return true;
            const std::size_t size = std::strtoul(m_in.c_str() + position, nullptr, 16);
            if (size == 0) {
                if (m_in.size() < lineEnd + 4)
                    return true;
                consumed = lineEnd + 4; // no trailers from these servers
                break;
            }
            if (m_in.size() < lineEnd + 2 + size + 2)
                return true;
            body.append(m_in, lineEnd + 2, size);
            position = lineEnd + 2 + size + 2;
        }
        if (consumed == 0)
            return false;
    } else {
        const std::string_view length = headerValue(headers, "Content-Length");
        const std::size_t size
            = length.empty() ? 0 : std::strtoul(std::string(length).c_str(), nullptr, 10);
        if (m_in.size() < bodyStart + size)
            return true;
        body.assign(m_in, bodyStart, size);
        consumed = bodyStart + size;
    }
    const std::string_view connection = headerValue(headers, "Connection");
    const bool closing = !connection.empty() && ::strncasecmp(connection.data(), "close", 5) == 0;
    m_in.erase(0, consumed);
    m_busy = false;
    m_listener.onResponse(*this, status, body);
    if (closing && m_fd >= 0)
        fail("server closed the keep-alive connection");
    return true;
}

} // namespace loadgen
