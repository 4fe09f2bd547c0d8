#include "event_loop.h"

#include <sys/epoll.h>
#include <unistd.h>

#include <algorithm>
#include <array>
#include <cstdio>
#include <cstdlib>

namespace loadgen {

EventLoop::EventLoop()
    : m_epoll(::epoll_create1(EPOLL_CLOEXEC))
{
    if (m_epoll < 0) {
        std::perror("loadgen: epoll_create1");
        std::exit(1);
    }
}

EventLoop::~EventLoop()
{
    ::close(m_epoll);
}

bool EventLoop::add(int fd, IoHandler *handler, std::uint32_t events)
{
    epoll_event event{};
    event.events = events;
    event.data.ptr = handler;
    return ::epoll_ctl(m_epoll, EPOLL_CTL_ADD, fd, &event) == 0;
}

void EventLoop::modify(int fd, IoHandler *handler, std::uint32_t events)
{
    epoll_event event{};
    event.events = events;
    event.data.ptr = handler;
    ::epoll_ctl(m_epoll, EPOLL_CTL_MOD, fd, &event);
}

void EventLoop::remove(int fd)
{
    ::epoll_ctl(m_epoll, EPOLL_CTL_DEL, fd, nullptr);
}

void EventLoop::requestFlush(IoHandler *handler)
{
    if (handler->m_flushRequested)
        return;
    handler->m_flushRequested = true;
    m_flushList.push_back(handler);
}

void EventLoop::forget(IoHandler *handler)
{
    if (!handler->m_flushRequested)
        return;
    std::erase(m_flushList, handler);
    handler->m_flushRequested = false;
}

int EventLoop::poll(std::chrono::microseconds maxWait)
{
    // Bounded batch: 512 is enough to drain a 1,000-socket broadcast in two calls.
    std::array<epoll_event, 512> events;
    int timeoutMs = 0;
    if (maxWait.count() > 0)
        timeoutMs = int(std::min<std::int64_t>((maxWait.count() + 999) / 1000, 1000));
    // Pending flushes first: nothing may wait in a buffer while we sleep.
    flushRequested();
    const int count = ::epoll_wait(m_epoll, events.data(), int(events.size()), timeoutMs);
    for (int i = 0; i < count; ++i)
        static_cast<IoHandler *>(events[size_t(i)].data.ptr)->onIo(events[size_t(i)].events);
    flushRequested();
    return std::max(count, 0);
}

void EventLoop::flushRequested()
{
    // A flush may queue more (a handler closing itself); the index loop sees appended entries.
    for (size_t i = 0; i < m_flushList.size(); ++i) {
        IoHandler *handler = m_flushList[i];
        handler->m_flushRequested = false;
        handler->flush();
    }
    m_flushList.clear();
}

} // namespace loadgen
