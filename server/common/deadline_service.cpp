#include "common/deadline_service.h"

#include <QThread>
#include <QTimerEvent>

#include <algorithm>
#include <memory>

namespace sb {

namespace {

// A plain pointer for the hot path (no TLS initialisation guard) and an owner that destroys the
// service when the thread ends.
thread_local DeadlineService *t_service = nullptr;
thread_local bool t_serviceGone = false;

struct ServiceOwner
{
    std::unique_ptr<DeadlineService> service;
    void destroy()
    {
        t_service = nullptr;
        t_serviceGone = true;
        service.reset();
    }
    // Threads that are not QThreads, and the main thread at exit(): C++ thread_local destructors
    // run before Qt's own per-thread data goes, so the service can still stop its Qt timer.
    ~ServiceOwner() { destroy(); }
};
thread_local ServiceOwner t_owner;

} // namespace

// --- Deadline ---------------------------------------------------------------------------------

Deadline::~Deadline()
{
    if (m_service)
        m_service->forget(*this);
}

Deadline::Deadline(Deadline &&other) noexcept
    : m_callback(std::move(other.m_callback))
{
    if (other.m_service)
        other.m_service->relocate(other, *this);
}

Deadline &Deadline::operator=(Deadline &&other) noexcept
{
    if (this == &other)
        return *this;
    if (m_service)
        m_service->forget(*this);
    m_callback = std::move(other.m_callback);
    if (other.m_service)
        other.m_service->relocate(other, *this);
    return *this;
}

void Deadline::startAt(Clock::time_point due)
{
    DeadlineService *service = DeadlineService::forCurrentThread();
    if (!service)
        return; // the thread is exiting: no event loop will ever run this deadline
    Q_ASSERT_X(!m_service || m_service == service, "sb::Deadline::startAt",
        "a handle armed on one thread must be stopped before it is armed on another");
    service->arm(*this, due);
}

void Deadline::stop()
{
    if (isActive())
        m_service->cancel(*this);
}

Deadline::Clock::time_point Deadline::due() const
{
    return isActive() ? m_service->m_heap[m_index].due : Clock::time_point();
}

// --- DeadlineService --------------------------------------------------------------------------

DeadlineService *DeadlineService::forCurrentThread()
{
    if (t_service) [[likely]]
        return t_service;
    if (t_serviceGone)
        return nullptr;
    t_owner.service.reset(new DeadlineService);
    t_service = t_owner.service.get();
    // A QThread's service goes when the thread finishes, from inside the thread, before wait()
    // returns: thread_local destructors only run after that, and would race with whoever
    // destroys the thread's leftover objects (and their handles) once wait() has returned.
    if (QThread *thread = QThread::currentThread()) {
        t_service->m_threadFinished
            = QObject::connect(thread, &QThread::finished, [] { t_owner.destroy(); });
    }
    return t_service;
}

DeadlineService::~DeadlineService()
{
    QObject::disconnect(m_threadFinished);
    // The thread is exiting: whatever is still armed will never fire; its handles must not point
    // here any more when their owners are destroyed later (possibly from another thread).
    for (const Entry &entry : m_heap) {
        entry.handle->m_service = nullptr;
        entry.handle->m_index = Deadline::NotArmed;
    }
    m_heap.clear();
    m_timer.stop();
}

DeadlineService::Clock::time_point DeadlineService::nextDue() const
{
    return m_heap.empty() ? Clock::time_point::max() : m_heap.front().due;
}

void DeadlineService::arm(Deadline &deadline, Clock::time_point due)
{
    const Entry entry{due, m_nextSequence++, &deadline};
    if (deadline.isActive()) {
        // Re-arm in place: one sift instead of a removal and an insertion.
        const std::size_t index = deadline.m_index;
        const bool earlier = before(entry, m_heap[index]);
        m_heap[index] = entry;
        if (earlier)
            siftUp(index);
        else
            siftDown(index);
    } else {
        deadline.m_service = this;
        m_heap.push_back(entry);
        siftUp(m_heap.size() - 1);
    }
    // A pass schedules the timer once when it ends; outside one, only a new earliest deadline
    // that is earlier than the pending wake-up needs the Qt timer moved.
    if (!m_inPass && deadline.m_index == 0 && due < m_timerDue)
        scheduleTimer(Clock::now());
}

void DeadlineService::cancel(Deadline &deadline)
{
    // The Qt timer stays as it is even when this was the earliest deadline: restarting it costs
    // more than the one wake-up that finds nothing due and re-arms for the new earliest.
    removeAt(deadline.m_index);
    if (m_firing != &deadline)
        deadline.m_service = nullptr;
}

void DeadlineService::forget(Deadline &deadline)
{
    if (deadline.isActive())
        removeAt(deadline.m_index);
    if (m_firing == &deadline)
        m_firing = nullptr;
    deadline.m_service = nullptr;
}

void DeadlineService::relocate(Deadline &from, Deadline &to)
{
    // `to` is idle here: a move constructor's new handle, or one move assignment just stopped.
    to.m_service = from.m_service;
    to.m_index = from.m_index;
    if (to.isActive())
        m_heap[to.m_index].handle = &to;
    if (m_firing == &from)
        m_firing = &to;
    from.m_service = nullptr;
    from.m_index = Deadline::NotArmed;
}

void DeadlineService::timerEvent(QTimerEvent *event)
{
    if (event->timerId() != m_timer.timerId()) {
        QObject::timerEvent(event);
        return;
    }
    firePass();
}

void DeadlineService::firePass()
{
    // A callback that spins a nested event loop cannot bring us back here (Qt does not deliver a
    // timer to itself recursively, and no timer is restarted during a pass), but stay safe.
    if (m_inPass)
        return;
    m_inPass = true;
    const Clock::time_point now = Clock::now();
    // Deadlines armed by the callbacks of this pass wait for the next one, even if already due:
    // a callback that re-arms itself with a zero timeout must not keep the event loop from
    // running.
    const quint64 passEnd = m_nextSequence;
    while (!m_heap.empty()) {
        const Entry &top = m_heap.front();
        if (top.due > now || top.sequence >= passEnd)
            break;
        Deadline &deadline = *top.handle;
        removeAt(0);
        fire(deadline);
    }
    m_inPass = false;
    scheduleTimer(Clock::now());
}

void DeadlineService::fire(Deadline &deadline)
{
    // The callback may destroy its own handle (and with it the function object being run), so it
    // runs from a local; it goes back into the handle afterwards unless the handle was destroyed
    // meanwhile (forget() clears m_firing) or was given a new callback.
    Deadline::Callback callback;
    callback.swap(deadline.m_callback);
    m_firing = &deadline;
    if (callback)
        callback();
    if (Deadline *survivor = m_firing) {
        m_firing = nullptr;
        if (!survivor->m_callback)
            survivor->m_callback.swap(callback);
        if (!survivor->isActive())
            survivor->m_service = nullptr;
    }
}

void DeadlineService::scheduleTimer(Clock::time_point now)
{
    if (m_heap.empty()) {
        m_timer.stop();
        m_timerDue = Clock::time_point::max();
        return;
    }
    const Clock::time_point due = m_heap.front().due;
    // Rounded up: Qt measures the interval from a moment no earlier than `now` and never fires
    // before it has elapsed, so the wake-up is never before `due`.
    const auto wait = std::max(
        std::chrono::ceil<std::chrono::milliseconds>(due - now), std::chrono::milliseconds(0));
    const auto capped = std::min<qint64>(wait.count(), std::numeric_limits<int>::max());
    m_timer.start(int(capped), Qt::PreciseTimer, this);
    m_timerDue = now + std::chrono::milliseconds(capped);
}

// --- the heap ---------------------------------------------------------------------------------

void DeadlineService::place(std::size_t index, const Entry &entry)
{
    m_heap[index] = entry;
    entry.handle->m_index = index;
}

void DeadlineService::siftUp(std::size_t index)
{
    const Entry entry = m_heap[index];
    while (index > 0) {
        const std::size_t parent = (index - 1) / 2;
        if (!before(entry, m_heap[parent]))
            break;
        place(index, m_heap[parent]);
        index = parent;
    }
    place(index, entry);
}

void DeadlineService::siftDown(std::size_t index)
{
    const Entry entry = m_heap[index];
    const std::size_t size = m_heap.size();
    for (;;) {
        std::size_t child = 2 * index + 1;
        if (child >= size)
            break;
        if (child + 1 < size && before(m_heap[child + 1], m_heap[child]))
            ++child;
        if (!before(m_heap[child], entry))
            break;
        place(index, m_heap[child]);
        index = child;
    }
    place(index, entry);
}

void DeadlineService::removeAt(std::size_t index)
{
    Deadline *removed = m_heap[index].handle;
    const Entry last = m_heap.back();
    m_heap.pop_back();
    if (index < m_heap.size()) {
        m_heap[index] = last;
        if (index > 0 && before(last, m_heap[(index - 1) / 2]))
            siftUp(index);
        else
            siftDown(index);
    }
    removed->m_index = Deadline::NotArmed;
}

} // namespace sb
