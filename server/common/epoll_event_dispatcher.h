#pragma once

#include <QAbstractEventDispatcher>
#include <QHash>
#include <QList>

#include <atomic>
#include <chrono>
#include <set>

class QSocketNotifier;

namespace sb {

// An event dispatcher for the server thread built on Linux epoll. Qt 6.4's Unix dispatcher
// hands every registered socket to poll() on every wakeup, so with 10,000 connections each pass
// of the event loop costs O(connections) in the kernel and in Qt whatever the number of sockets
// that are ready; here a pass costs O(ready sockets), and registering, enabling or disabling a
// notifier is one epoll_ctl.
//
// Semantics follow QEventDispatcherUNIX: level-triggered notifiers (read: readable, hang-up or
// error; write: writable or error; exception: priority data or error), activated by a
// QEvent::SockAct sent to the notifier; timers delivered as QTimerEvent, a precise deadline per
// timer (coarse and very coarse timers are kept as precisely: nothing on the server thread
// depends on their slack), re-armed from their previous deadline so that a periodic timer does
// not drift, and never re-entered while their own handler runs a nested loop. Posted events are
// sent at the start of every pass; wakeUp() (from any thread) writes an eventfd the wait
// watches. A notifier or timer removed while others of the same pass are being delivered is not
// delivered. For one thread only (QThread::setEventDispatcher before start()); the GUI thread
// keeps Qt's own dispatcher, which also talks to the window system.
class EpollEventDispatcher final : public QAbstractEventDispatcher
{
    Q_OBJECT
public:
    explicit EpollEventDispatcher(QObject *parent = nullptr);
    ~EpollEventDispatcher() override;

    // Whether this machine can run it (epoll and eventfd created); the server falls back to
    // Qt's dispatcher otherwise.
    bool isValid() const { return m_epoll >= 0 && m_wake >= 0; }

    bool processEvents(QEventLoop::ProcessEventsFlags flags) override;

    void registerSocketNotifier(QSocketNotifier *notifier) override;
    void unregisterSocketNotifier(QSocketNotifier *notifier) override;

    void registerTimer(
        int timerId, qint64 interval, Qt::TimerType timerType, QObject *object) override;
    bool unregisterTimer(int timerId) override;
    bool unregisterTimers(QObject *object) override;
    QList<TimerInfo> registeredTimers(QObject *object) const override;
    int remainingTime(int timerId) override;

    void wakeUp() override;
    void interrupt() override;

    int socketNotifierCount() const; // for tests
    int timerCount() const { return int(m_timers.size()); }

private:
    using Clock = std::chrono::steady_clock;
    using Key = std::pair<Clock::time_point, int>; // (deadline, timer id): ids break ties

    struct Notifiers
    {
        QSocketNotifier *read = nullptr;
        QSocketNotifier *write = nullptr;
        QSocketNotifier *exception = nullptr;
        quint32 events = 0; // what epoll watches for this descriptor now
    };
    struct Timer
    {
        QObject *object = nullptr;
        std::chrono::milliseconds interval{0};
        Qt::TimerType type = Qt::CoarseTimer;
        Clock::time_point deadline;
        bool inHandler = false; // its QTimerEvent is being handled (maybe in a nested loop)
    };

    void updateEpoll(int fd, Notifiers &entry);
    // How long the wait may block: -1 forever, else the time to the earliest timer.
    int waitMilliseconds(bool canWait) const;
    bool activateSocketNotifiers(int ready, QEventLoop::ProcessEventsFlags flags);
    bool activateTimers();
    void drainWake();

    int m_epoll = -1;
    int m_wake = -1; // eventfd: wakeUp() writes, the wait reads
    std::atomic<bool> m_interrupted{false};
    std::atomic<bool> m_wakePending{false}; // one eventfd write per wait, however many posts
    QHash<int, Notifiers> m_notifiers;
    QList<QSocketNotifier *> m_pending; // activations of the current pass not yet delivered
    QHash<int, Timer> m_timers;
    std::set<Key> m_queue; // every timer, by deadline
    QList<QSocketNotifier *> m_alwaysReady; // descriptors epoll cannot watch (regular files)
};

} // namespace sb
