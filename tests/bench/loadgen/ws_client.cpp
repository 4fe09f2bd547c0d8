#include "ws_client.h"

#include <arpa/inet.h>
#include <netinet/tcp.h>
#include <sys/epoll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>

namespace loadgen {

namespace {

// RFC 6455 §5.2 opcodes.
constexpr std::uint8_t OpContinuation = 0x0;
constexpr std::uint8_t OpText = 0x1;
constexpr std::uint8_t OpClose = 0x8;
constexpr std::uint8_t OpPing = 0x9;
constexpr std::uint8_t OpPong = 0xA;

// Larger than any message of these scenarios; a server sending more is misbehaving.
constexpr std::size_t MaxMessage = 16 * 1024 * 1024;
constexpr std::size_t InitialBuffer = 4096;

std::uint64_t parseDecimal(std::string_view text, std::size_t &position)
{
    std::uint64_t value = 0;
    while (position < text.size() && text[position] >= '0' && text[position] <= '9')
        value = value * 10 + std::uint64_t(text[position++] - '0');
    return value;
}

} // namespace

WsClient::WsClient(EventLoop &loop, WsClientListener &listener, std::uint32_t tag)
    : m_loop(loop)
    , m_listener(listener)
    , m_tag(tag)
    , m_maskSeed(0x9e3779b9u ^ (tag * 2654435761u))
{ }

WsClient::~WsClient()
{
    m_loop.forget(this);
    if (m_fd >= 0) {
        m_loop.remove(m_fd);
        ::close(m_fd);
    }
}

std::string WsClient::upgradeRequest(
    std::string_view host, std::uint16_t port, std::string_view path)
{
    // The key is fixed and the server's Sec-WebSocket-Accept is not checked: this is a load
    // generator for our own loopback servers, not a browser; a 101 status is the test.
    std::string request = "GET ";
    request.append(path);
    request += "?EIO=4&transport=websocket HTTP/1.1\r\nHost: ";
    request.append(host);
    request += ':' + std::to_string(port);
    request += "\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n"
               "Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\nSec-WebSocket-Version: 13\r\n\r\n";
    return request;
}

bool WsClient::start(const sockaddr_in &address, const std::string &upgradeRequest)
{
    m_startedAt = Clock::now();
    m_fd = ::socket(AF_INET, SOCK_STREAM | SOCK_NONBLOCK | SOCK_CLOEXEC, 0);
    if (m_fd < 0) {
        m_state = State::Closed;
        return false;
    }
    // Small request/answer messages: without this, Nagle holds the second of two quick sends
    // until the first is acknowledged, and we would measure the delayed-ACK timer.
    const int one = 1;
    ::setsockopt(m_fd, IPPROTO_TCP, TCP_NODELAY, &one, sizeof one);
    const int result
        = ::connect(m_fd, reinterpret_cast<const sockaddr *>(&address), sizeof address);
    if (result < 0 && errno != EINPROGRESS) {
        close(); // the caller counts it: no listener call from inside start()
        return false;
    }
    m_state = State::Connecting;
    m_out = upgradeRequest;
    m_outStart = 0;
    m_wantWrite = true;
    m_loop.add(m_fd, this, EPOLLIN | EPOLLOUT | EPOLLRDHUP);
    return true;
}

void WsClient::send(std::string_view packet)
{
    if (m_state != State::Ready && m_state != State::Joining)
        return;
    queueFrame(OpText, packet);
}

void WsClient::queueFrame(std::uint8_t opcode, std::string_view payload)
{
    // RFC 6455 §5.2: FIN + opcode, MASK bit + length (7, 7+16 or 7+64 bits), masking key.
    const std::size_t length = payload.size();
    char header[14];
    std::size_t headerSize = 2;
    header[0] = char(0x80 | opcode);
    if (length < 126) {
        header[1] = char(0x80 | length);
    } else if (length < 65536) {
        header[1] = char(0x80 | 126);
        header[2] = char(length >> 8);
        header[3] = char(length & 0xff);
        headerSize = 4;
    } else {
        header[1] = char(0x80 | 127);
        for (int i = 0; i < 8; ++i)
            header[2 + i] = char((std::uint64_t(length) >> (56 - 8 * i)) & 0xff);
        headerSize = 10;
    }
    // §5.3 wants an unpredictable key against proxy cache poisoning; on loopback against our
    // own servers a cheap xorshift is enough and keeps the cost per frame negligible.
    m_maskSeed ^= m_maskSeed << 13;
    m_maskSeed ^= m_maskSeed >> 17;
    m_maskSeed ^= m_maskSeed << 5;
    unsigned char mask[4];
    std::memcpy(mask, &m_maskSeed, 4);
    std::memcpy(header + headerSize, mask, 4);
    headerSize += 4;

    if (m_outStart == m_out.size()) {
        m_out.clear();
        m_outStart = 0;
    }
    const std::size_t at = m_out.size();
    m_out.append(header, headerSize);
    m_out.append(payload);
    char *data = m_out.data() + at + headerSize;
    for (std::size_t i = 0; i < length; ++i)
        data[i] = char(static_cast<unsigned char>(data[i]) ^ mask[i & 3]);
    m_loop.requestFlush(this);
}

void WsClient::close()
{
    if (m_state == State::Closed)
        return;
    m_state = State::Closed;
    if (m_fd >= 0) {
        m_loop.remove(m_fd);
        ::close(m_fd);
        m_fd = -1;
    }
    m_out.clear();
    m_outStart = 0;
}

void WsClient::fail(std::string_view why)
{
    if (m_state == State::Closed)
        return;
    close();
    m_listener.onClosed(*this, why);
}

void WsClient::onIo(std::uint32_t events)
{
    if (m_fd < 0)
        return;
    if (m_state == State::Connecting && (events & (EPOLLOUT | EPOLLERR | EPOLLHUP))) {
        int error = 0;
        socklen_t size = sizeof error;
        ::getsockopt(m_fd, SOL_SOCKET, SO_ERROR, &error, &size);
        if (error != 0) {
            fail(std::strerror(error));
            return;
        }
        m_state = State::Upgrading;
    }
    if (events & EPOLLOUT)
        flush();
    if (m_fd >= 0 && (events & (EPOLLIN | EPOLLRDHUP | EPOLLHUP | EPOLLERR)))
        readAvailable();
}

void WsClient::flush()
{
    if (m_fd < 0 || m_state == State::Connecting)
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
    updateInterest();
}

void WsClient::updateInterest()
{
    const bool wantWrite = m_outStart < m_out.size();
    if (wantWrite == m_wantWrite || m_fd < 0)
        return;
    m_wantWrite = wantWrite;
    m_loop.modify(m_fd, this, EPOLLIN | EPOLLRDHUP | (wantWrite ? EPOLLOUT : 0u));
}

void WsClient::readAvailable()
{
    // Bounded: at most 16 reads per wake-up, so one busy socket cannot starve the others.
    for (int round = 0; round < 16 && m_fd >= 0; ++round) {
        if (m_inStart == m_inEnd) {
            m_inStart = m_inEnd = 0;
        } else if (m_inStart > 0 && m_inEnd == m_inCapacity) {
            std::memmove(m_in.get(), m_in.get() + m_inStart, m_inEnd - m_inStart);
            m_inEnd -= m_inStart;
            m_inStart = 0;
        }
        if (m_inEnd == m_inCapacity) {
            // Idle connections stay small; a frame larger than the buffer doubles it.
            const std::size_t capacity = m_inCapacity == 0 ? InitialBuffer : m_inCapacity * 2;
            if (capacity > 2 * MaxMessage) {
                fail("oversized message");
                return;
            }
            auto larger = std::make_unique_for_overwrite<char[]>(capacity);
            if (m_inEnd > 0)
                std::memcpy(larger.get(), m_in.get(), m_inEnd);
            m_in = std::move(larger);
            m_inCapacity = capacity;
        }
        const std::size_t room = m_inCapacity - m_inEnd;
        const ssize_t got = ::recv(m_fd, m_in.get() + m_inEnd, room, 0);
        if (got <= 0) {
            if (got < 0 && (errno == EAGAIN || errno == EWOULDBLOCK))
                return;
            if (got < 0 && errno == EINTR)
                continue;
            fail(got == 0 ? "closed by the server" : std::strerror(errno));
            return;
        }
        m_inEnd += std::size_t(got);
        if (m_state == State::Upgrading && !handleHandshakeReply())
            return;
        if (m_state != State::Upgrading && !handleFrames())
            return;
        if (std::size_t(got) < room)
            return;
    }
}

bool WsClient::handleHandshakeReply()
{
    const std::string_view buffered(m_in.get() + m_inStart, m_inEnd - m_inStart);
    const std::size_t end = buffered.find("\r\n\r\n");
    if (end == std::string_view::npos) {
        if (buffered.size() > 16384) {
            fail("oversized upgrade reply");
            return false;
        }
        return true;
    }
    if (buffered.substr(0, 12) != "HTTP/1.1 101") {
        fail("upgrade refused: " + std::string(buffered.substr(0, buffered.find("\r\n"))));
        return false;
    }
    m_inStart += end + 4;
    m_state = State::Opening;
    return true;
}

bool WsClient::handleFrames()
{
    for (;;) {
        const auto *data = reinterpret_cast<const unsigned char *>(m_in.get() + m_inStart);
        const std::size_t available = m_inEnd - m_inStart;
        if (available < 2)
            return true;
        const std::uint8_t opcode = data[0] & 0x0f;
        const bool fin = data[0] & 0x80;
        const bool masked = data[1] & 0x80;
        std::uint64_t length = data[1] & 0x7f;
        std::size_t headerSize = 2;
        if (length == 126) {
            if (available < 4)
                return true;
            length = (std::uint64_t(data[2]) << 8) | data[3];
            headerSize = 4;
        } else if (length == 127) {
            if (available < 10)
                return true;
            length = 0;
            for (int i = 0; i < 8; ++i)
                length = (length << 8) | data[2 + i];
            headerSize = 10;
        }
        // §5.1: a server must not mask its frames.
        if (masked || length > MaxMessage) {
            fail(masked ? "masked frame from the server" : "oversized frame");
            return false;
        }
        if (available < headerSize + length)
            return true;
        const std::string_view payload(
            reinterpret_cast<const char *>(data) + headerSize, std::size_t(length));
        m_inStart += headerSize + std::size_t(length);

        if (opcode == OpPing) {
            queueFrame(OpPong, payload);
        } else if (opcode == OpClose) {
            fail("close frame from the server");
            return false;
        } else if (opcode == OpPong) {
            // Unsolicited pongs are allowed (§5.5.3) and mean nothing here.
        } else if (opcode == OpContinuation || !fin) {
            if (opcode != OpContinuation)
                m_fragmentOpcode = opcode;
            m_fragments.append(payload);
            if (m_fragments.size() > MaxMessage) {
                fail("oversized message");
                return false;
            }
            if (fin) {
                const std::string message = std::move(m_fragments);
                m_fragments.clear();
                if (m_fragmentOpcode == OpText)
                    handleMessage(message);
            }
        } else if (opcode == OpText) {
            handleMessage(payload);
        }
        // Binary messages never occur in these scenarios; they are skipped.
        if (m_state == State::Closed)
            return false;
    }
}

void WsClient::handleMessage(std::string_view message)
{
    if (message.empty())
        return;
    switch (message[0]) {
    case '0': // Engine.IO OPEN: now join the main namespace.
        if (m_state == State::Opening) {
            m_state = State::Joining;
            queueFrame(OpText, "40");
        }
        return;
    case '2': // Engine.IO PING (v4: the server pings, §4 heartbeat).
        queueFrame(OpText, "3");
        return;
    case '1':
        fail("Engine.IO close from the server");
        return;
    case '4':
        break;
    default:
        return;
    }
    if (message.size() < 2)
        return;
    switch (message[1]) {
    case '0': // Socket.IO CONNECT answer.
        if (m_state == State::Joining) {
            m_state = State::Ready;
            m_wasReady = true;
            m_listener.onReady(*this);
        }
        return;
    case '2':
        if (m_state == State::Ready)
            m_listener.onEvent(*this, message);
        return;
    case '3': {
        std::size_t position = 2;
        const std::uint64_t id = parseDecimal(message, position);
        if (m_state == State::Ready)
            m_listener.onAck(*this, id, message.substr(position));
        return;
    }
    case '4':
        fail("CONNECT_ERROR from the server");
        return;
    case '1':
        fail("Socket.IO DISCONNECT from the server");
        return;
    default:
        return;
    }
}

} // namespace loadgen
