#include "common/epoll_event_dispatcher.h"

#include <QCoreApplication>
#include <QSocketNotifier>
#include <QTimerEvent>

#include <sys/epoll.h>
#include <sys/eventfd.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstdint>
#include <limits>

namespace sb {

namespace {

constexpr int MaxEventsPerWait = 512;

quint32 wantedEvents(
    const QSocketNotifier *read, const QSocketNotifier *write, const QSocketNotifier *exception)
{
    return (read ? quint32(EPOLLIN) : 0u) | (write ? quint32(EPOLLOUT) : 0u)
        | (exception ? quint32(EPOLLPRI) : 0u);
}

} // namespace

EpollEventDispatcher::EpollEventDispatcher(QObject *parent)
    : QAbstractEventDispatcher(parent)
    , m_epoll(epoll_create1(EPOLL_CLOEXEC))
    , m_wake(eventfd(0, EFD_CLOEXEC | EFD_NONBLOCK))
{
    if (m_epoll >= 0 && m_wake >= 0) {
        epoll_event event{};
        event.events = EPOLLIN;
        event.data.fd = m_wake;
        if (epoll_ctl(m_epoll, EPOLL_CTL_ADD, m_wake, &event) != 0) {
            ::close(m_wake);
            m_wake = -1;
        }
    }
}

EpollEventDispatcher::~EpollEventDispatcher()
{
    if (m_wake >= 0)
        ::close(m_wake);
    if (m_epoll >= 0)
        ::close(m_epoll);
}

// --- socket notifiers --------------------------------------------------------------------------

void EpollEventDispatcher::registerSocketNotifier(QSocketNotifier *notifier)
{
    const int fd = int(notifier->socket());
    Notifiers &entry = m_notifiers[fd];
    switch (notifier->type()) {
    case QSocketNotifier::Read:
        entry.read = notifier;
        break;
    case QSocketNotifier::Write:
        entry.write = notifier;
        break;
    case QSocketNotifier::Exception:
        entry.exception = notifier;
        break;
    }
    updateEpoll(fd, entry);
}

void EpollEventDispatcher::unregisterSocketNotifier(QSocketNotifier *notifier)
{
    m_pending.removeAll(notifier);
    m_alwaysReady.removeAll(notifier);
    const int fd = int(notifier->socket());
    const auto it = m_notifiers.find(fd);
    if (it == m_notifiers.end())
        return;
    if (it->read == notifier)
        it->read = nullptr;
    if (it->write == notifier)
        it->write = nullptr;
    if (it->exception == notifier)
        it->exception = nullptr;
    updateEpoll(fd, *it);
}

void EpollEventDispatcher::updateEpoll(int fd, Notifiers &entry)
{
    const quint32 wanted = wantedEvents(entry.read, entry.write, entry.exception);
    if (wanted == 0) {
        // The descriptor may be closed already (then the kernel dropped it): errors don't matter.
        if (entry.events != 0)
            epoll_ctl(m_epoll, EPOLL_CTL_DEL, fd, nullptr);
        m_notifiers.remove(fd);
        return;
    }
    if (wanted == entry.events)
        return;
    epoll_event event{};
    event.events = wanted;
    event.data.fd = fd;
    int op = entry.events == 0 ? EPOLL_CTL_ADD : EPOLL_CTL_MOD;
    int result = epoll_ctl(m_epoll, op, fd, &event);
    // A descriptor number reused after a close that epoll had not seen, or one it forgot.
    if (result != 0 && op == EPOLL_CTL_ADD && errno == EEXIST)
        result = epoll_ctl(m_epoll, op = EPOLL_CTL_MOD, fd, &event);
    else if (result != 0 && op == EPOLL_CTL_MOD && errno == ENOENT)
        result = epoll_ctl(m_epoll, op = EPOLL_CTL_ADD, fd, &event);
    if (result != 0 && errno == EPERM) {
        // Regular files are always ready, as poll() says of them: activate on every pass.
        for (QSocketNotifier *n : {entry.read, entry.write, entry.exception}) {
            if (n && !m_alwaysReady.contains(n))
                m_alwaysReady.append(n);
        }
        entry.events = 0;
        return;
    }
    entry.events = result == 0 ? wanted : 0;
}

int EpollEventDispatcher::socketNotifierCount() const
{
    int count = 0;
    for (const Notifiers &entry : m_notifiers)
        count += (entry.read ? 1 : 0) + (entry.write ? 1 : 0) + (entry.exception ? 1 : 0);
    return count;
}

// --- timers ------------------------------------------------------------------------------------

void EpollEventDispatcher::registerTimer(
    int timerId, qint64 interval, Qt::TimerType timerType, QObject *object)
{
    if (m_timers.contains(timerId))
        unregisterTimer(timerId);
    Timer timer;
    timer.object = object;
    timer.interval = std::chrono::milliseconds(std::max<qint64>(0, interval));
    timer.type = timerType;
    timer.deadline = Clock::now() + timer.interval;
    m_queue.insert({timer.deadline, timerId});
    m_timers.insert(timerId, timer);
}

bool EpollEventDispatcher::unregisterTimer(int timerId)
{
    const auto it = m_timers.find(timerId);
    if (it == m_timers.end())
        return false;
    m_queue.erase({it->deadline, timerId});
    m_timers.erase(it);
    return true;
}

bool EpollEventDispatcher::unregisterTimers(QObject *object)
{
    bool any = false;
    for (auto it = m_timers.begin(); it != m_timers.end();) {
        if (it->object == object) {
            m_queue.erase({it->deadline, it.key()});
            it = m_timers.erase(it);
            any = true;
        } else {
            ++it;
        }
    }
    return any;
}

QList<QAbstractEventDispatcher::TimerInfo> EpollEventDispatcher::registeredTimers(
    QObject *object) const
{
    QList<TimerInfo> result;
    for (auto it = m_timers.cbegin(); it != m_timers.cend(); ++it) {
        if (it->object == object)
            result.append(TimerInfo(it.key(), int(it->interval.count()), it->type));
    }
    return result;
}

int EpollEventDispatcher::remainingTime(int timerId)
{
    const auto it = m_timers.constFind(timerId);
    if (it == m_timers.cend())
        return -1;
    const auto left = std::chrono::ceil<std::chrono::milliseconds>(it->deadline - Clock::now());
    return int(std::max<qint64>(0, left.count()));
}

int EpollEventDispatcher::waitMilliseconds(bool canWait) const
{
    if (!canWait || !m_alwaysReady.isEmpty())
        return 0;
    // A timer whose handler runs a nested loop cannot fire in it: it must not keep that loop
    // from blocking either.
    for (const Key &key : m_queue) {
        const auto it = m_timers.constFind(key.second);
        if (it == m_timers.cend() || it->inHandler)
            continue;
        const auto left = std::chrono::ceil<std::chrono::milliseconds>(key.first - Clock::now());
        return int(std::clamp<qint64>(left.count(), 0, std::numeric_limits<int>::max()));
    }
    return -1;
}

bool EpollEventDispatcher::activateTimers()
{
    if (m_queue.empty())
        return false;
    const Clock::time_point now = Clock::now();
    QList<int> due;
    for (const Key &key : m_queue) {
        if (key.first > now)
            break;
        due.append(key.second);
    }
    bool fired = false;
    for (const int id : std::as_const(due)) {
        auto it = m_timers.find(id);
        if (it == m_timers.end() || it->inHandler || it->deadline > now)
            continue; // gone, busy in a nested loop, or re-armed by an earlier handler
        // Re-armed before it is delivered, from its previous deadline: a periodic timer keeps
        // its phase; one that fell behind by more than its interval skips what it missed.
        m_queue.erase({it->deadline, id});
        it->deadline += it->interval;
        if (it->deadline <= now && it->interval.count() > 0)
            it->deadline = now + it->interval;
        m_queue.insert({it->deadline, id});
        it->inHandler = true;
        QObject *object = it->object;
        QTimerEvent event(id);
        QCoreApplication::sendEvent(object, &event);
        fired = true;
        it = m_timers.find(id); // the handler may have killed it, or others
        if (it != m_timers.end())
            it->inHandler = false;
    }
    return fired;
}

// --- the loop ----------------------------------------------------------------------------------

void EpollEventDispatcher::wakeUp()
{
    if (m_wakePending.exchange(true))
        return; // the wait will return anyway
    const std::uint64_t one = 1;
    [[maybe_unused]] const ssize_t written = ::write(m_wake, &one, sizeof one);
}

void EpollEventDispatcher::interrupt()
{
    m_interrupted.store(true);
    wakeUp();
}

void EpollEventDispatcher::drainWake()
{
    // Cleared before the read: a post that comes after it writes again and wakes the next wait.
    m_wakePending.store(false);
    std::uint64_t count = 0;
    [[maybe_unused]] const ssize_t read = ::read(m_wake, &count, sizeof count);
}

bool EpollEventDispatcher::processEvents(QEventLoop::ProcessEventsFlags flags)
{
    m_interrupted.store(false);
    Q_EMIT awake();
    // Events posted from here on call wakeUp(), so the wait below cannot sleep through them.
    QCoreApplication::sendPostedEvents();
    if (m_interrupted.load())
        return false;

    const bool canWait = flags.testFlag(QEventLoop::WaitForMoreEvents);
    const int timeout = waitMilliseconds(canWait);
    if (timeout != 0)
        Q_EMIT aboutToBlock();
    epoll_event events[MaxEventsPerWait];
    int ready = epoll_wait(m_epoll, events, MaxEventsPerWait, timeout);
    if (ready < 0)
        ready = 0; // EINTR: a signal; the pass goes on with timers
    if (timeout != 0)
        Q_EMIT awake();

    bool handled = false;
    const bool sockets = !flags.testFlag(QEventLoop::ExcludeSocketNotifiers);
    for (int i = 0; i < ready; ++i) {
        const int fd = events[i].data.fd;
        if (fd == m_wake) {
            drainWake();
            continue;
        }
        if (!sockets)
            continue; // level-triggered: they are reported again by a later wait
        const auto it = m_notifiers.constFind(fd);
        if (it == m_notifiers.cend())
            continue;
        const quint32 got = events[i].events;
        if (it->read && (got & (EPOLLIN | EPOLLHUP | EPOLLERR)))
            m_pending.append(it->read);
        if (it->write && (got & (EPOLLOUT | EPOLLERR)))
            m_pending.append(it->write);
        if (it->exception && (got & (EPOLLPRI | EPOLLERR)))
            m_pending.append(it->exception);
    }
    if (sockets) {
        for (QSocketNotifier *notifier : std::as_const(m_alwaysReady))
            m_pending.append(notifier);
    }
    // One at a time: a handler may unregister (and so remove from m_pending) any notifier.
    while (!m_pending.isEmpty()) {
        QSocketNotifier *notifier = m_pending.takeFirst();
        QEvent event(QEvent::SockAct);
        QCoreApplication::sendEvent(notifier, &event);
        handled = true;
    }
    if (activateTimers())
        handled = true;
    return handled;
}

} // namespace sb
