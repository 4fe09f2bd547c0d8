#pragma once

#include <chrono>
#include <cstdint>
#include <vector>

namespace loadgen {

using Clock = std::chrono::steady_clock;

// Something the loop watches: a non-blocking socket. Writes are coalesced: a handler that queued
// bytes asks for a flush, and the loop flushes every such handler once per iteration, after all
// reads of that iteration, so that ten answers read together leave in one write() instead of ten.
class IoHandler
{
public:
    virtual ~IoHandler() = default;
    virtual void onIo(std::uint32_t events) = 0;
    virtual void flush() = 0;

private:
    friend class EventLoop;
    bool m_flushRequested = false;
};

// One epoll instance, one thread: the load generator must cost far less per message than the
// server it measures, so there is no framework underneath, only epoll_wait and plain calls.
class EventLoop
{
public:
    EventLoop();
    ~EventLoop();
    EventLoop(const EventLoop &) = delete;
    EventLoop &operator=(const EventLoop &) = delete;

    bool add(int fd, IoHandler *handler, std::uint32_t events);
    void modify(int fd, IoHandler *handler, std::uint32_t events);
    void remove(int fd);

    void requestFlush(IoHandler *handler);
    // A handler being destroyed must not stay in the flush list.
    void forget(IoHandler *handler);

    // Waits at most `maxWait` (rounded up to the next millisecond, epoll's unit), dispatches what
    // is ready and flushes. Returns the number of events handled.
    int poll(std::chrono::microseconds maxWait);

private:
    void flushRequested();

    int m_epoll = -1;
    std::vector<IoHandler *> m_flushList;
};

} // namespace loadgen
