#pragma once

#include <QBasicTimer>
#include <QObject>

#include <chrono>
#include <cstddef>
#include <functional>
#include <limits>
#include <vector>

namespace sb {

class DeadlineService;

// One deadline: a callback that runs once, on the thread that armed it, when its time has come.
// Like QBasicTimer, but single-shot and kept by the thread's DeadlineService instead of Qt's
// timer list, where arming or cancelling one costs O(number of timers).
//
// start() re-arms (the previous due time is forgotten); stop() and the destructor cancel. The
// callback is set once and kept across arms, so arming allocates nothing. Deadlines due at the
// same time run in the order they were (last) armed. A callback may start, stop or destroy any
// deadline, its own included, and may destroy the object that owns it.
//
// A handle is used on one thread at a time; to move it to another thread it must be stopped
// first. Not a QObject, no signal connection: 48 bytes.
class Deadline
{
public:
    using Clock = std::chrono::steady_clock;
    using Callback = std::function<void()>;

    Deadline() = default;
    explicit Deadline(Callback callback)
        : m_callback(std::move(callback))
    { }
    ~Deadline();
    Deadline(const Deadline &) = delete;
    Deadline &operator=(const Deadline &) = delete;
    // Moving keeps the armed state: the moved-to handle fires, the moved-from one is stopped.
    Deadline(Deadline &&other) noexcept;
    Deadline &operator=(Deadline &&other) noexcept;

    void setCallback(Callback callback) { m_callback = std::move(callback); }

    // Arms the deadline `timeout` from now (zero or negative: on the next pass of the event loop).
    void start(Clock::duration timeout) { startAt(Clock::now() + timeout); }
    void startAt(Clock::time_point due);
    void stop();
    bool isActive() const { return m_index != NotArmed; }
    // When it fires; only meaningful while isActive().
    Clock::time_point due() const;

private:
    friend class DeadlineService;
    static constexpr std::size_t NotArmed = std::numeric_limits<std::size_t>::max();

    Callback m_callback;
    // Set while armed, and while its callback runs (then m_index is NotArmed), so that a handle
    // destroyed or moved by its own callback can tell its service.
    DeadlineService *m_service = nullptr;
    std::size_t m_index = NotArmed; // position in the service's heap
};

// The deadlines of one thread: created on first use on that thread, destroyed when it ends (a
// QThread: when it finishes, before wait() returns; any other thread: at its exit). Handles still
// armed then are stopped, and may be destroyed afterwards from any thread; a deadline armed on
// that thread afterwards (say by a destructor during its final clean-up) never runs.
//
// An indexed binary min-heap ordered by (due time, arming sequence); every handle knows its
// position, so arm, re-arm and cancel are O(log n) and firing the earliest is O(log n). A
// hierarchical timing wheel would make arming O(1), but it trades precision for its tick (clients
// judge ping timeouts to a few milliseconds, which would mean a wheel ticking every millisecond
// even while idle) and needs care to keep same-time deadlines in arming order; at 10,000 sessions
// a heap is 14 levels deep, and the usual arm (a heartbeat due after everything else) stops at the
// bottom level at once.
//
// One Qt::PreciseTimer drives it, re-armed only when the earliest deadline moves earlier (a
// cancel leaves it alone: the next wake-up finds nothing due and re-arms for the new earliest).
// Qt's timer has millisecond resolution; the service rounds up and checks each deadline against
// the clock before firing it, so none ever fires early.
class DeadlineService final : private QObject
{
public:
    using Clock = Deadline::Clock;

    // This thread's service, created if needed. Null only while the thread is exiting, after
    // its service has been destroyed.
    static DeadlineService *forCurrentThread();

    ~DeadlineService() override;

    std::size_t activeCount() const { return m_heap.size(); }
    // The earliest armed deadline; Clock::time_point::max() when none is.
    Clock::time_point nextDue() const;

private:
    friend class Deadline;
    struct Entry
    {
        Clock::time_point due;
        quint64 sequence; // arming order, for deadlines due at the same time
        Deadline *handle;
    };

    DeadlineService() = default;

    void arm(Deadline &deadline, Clock::time_point due);
    void cancel(Deadline &deadline);
    void forget(Deadline &deadline);
    void relocate(Deadline &from, Deadline &to);

    void timerEvent(QTimerEvent *event) override;
    void firePass();
    void fire(Deadline &deadline);
    void scheduleTimer(Clock::time_point now);

    static bool before(const Entry &a, const Entry &b)
    {
        return a.due < b.due || (a.due == b.due && a.sequence < b.sequence);
    }
    void place(std::size_t index, const Entry &entry);
    void siftUp(std::size_t index);
    void siftDown(std::size_t index);
    void removeAt(std::size_t index);

    std::vector<Entry> m_heap;
    quint64 m_nextSequence = 0;
    QBasicTimer m_timer;
    // When the Qt timer will wake us; max() while it is stopped.
    Clock::time_point m_timerDue = Clock::time_point::max();
    Deadline *m_firing = nullptr; // the handle whose callback is running
    bool m_inPass = false;
    QMetaObject::Connection m_threadFinished;
};

} // namespace sb
