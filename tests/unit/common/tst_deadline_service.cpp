// The per-thread deadline service: order, cancel and re-arm, re-entrant callbacks, never early,
// many deadlines, thread exit and thread independence. Every wait runs the event loop with a
// generous timeout; no test bounds how late a deadline may be (the machine may be slow).

#include "common/deadline_service.h"

#include <QEventLoop>
#include <QList>
#include <QTest>
#include <QThread>

#include <algorithm>
#include <atomic>
#include <memory>
#include <random>
#include <vector>

using namespace sb;
using namespace std::chrono_literals;
using Clock = Deadline::Clock;

namespace {

constexpr int Generous = 10'000; // ms, for every wait on a deadline

DeadlineService &service()
{
    DeadlineService *current = DeadlineService::forCurrentThread();
    Q_ASSERT(current);
    return *current;
}

} // namespace

class TestDeadlineService : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void init();
    void firesInDueOrder();
    void sameDueTimeInArmingOrder();
    void stopCancels();
    void restartReplaces();
    void zeroTimeoutWaitsForTheEventLoop();
    void stopOthersFromCallback();
    void rearmFromCallback();
    void deleteOwnersFromCallback();
    void moveKeepsTheArmedState();
    void neverEarly();
    void manyInRandomOrder();
    void threadExitWithLiveHandles();
    void threadsAreIndependent();
};

void TestDeadlineService::init()
{
    // Each test starts with nothing armed on this thread, or its counts would mean nothing.
    QCOMPARE(service().activeCount(), std::size_t(0));
}

void TestDeadlineService::firesInDueOrder()
{
    QList<int> order;
    Deadline late([&] { order.append(3); });
    Deadline early([&] { order.append(1); });
    Deadline middle([&] { order.append(2); });
    late.start(60ms);
    early.start(10ms);
    middle.start(30ms);
    QVERIFY(early.isActive());
    QCOMPARE(service().activeCount(), std::size_t(3));
    QCOMPARE(service().nextDue(), early.due());
    QTRY_COMPARE_WITH_TIMEOUT(order.size(), 3, Generous);
    QCOMPARE(order, QList<int>({1, 2, 3}));
    QVERIFY(!late.isActive());
    QCOMPARE(service().activeCount(), std::size_t(0));
    QCOMPARE(service().nextDue(), Clock::time_point::max());
}

void TestDeadlineService::sameDueTimeInArmingOrder()
{
    QList<int> order;
    std::vector<Deadline> deadlines(6);
    for (int i = 0; i < 6; ++i)
        deadlines[std::size_t(i)].setCallback([&order, i] { order.append(i); });
    const Clock::time_point due = Clock::now() + 20ms;
    for (int i : {3, 1, 4, 0, 5, 2})
        deadlines[std::size_t(i)].startAt(due);
    // Re-arming counts as arming anew: 4 goes to the back of its time.
    deadlines[4].startAt(due);
    QTRY_COMPARE_WITH_TIMEOUT(order.size(), 6, Generous);
    QCOMPARE(order, QList<int>({3, 1, 0, 5, 2, 4}));
}

void TestDeadlineService::stopCancels()
{
    int cancelledRuns = 0;
    bool sentinelRan = false;
    Deadline cancelled([&] { ++cancelledRuns; });
    Deadline sentinel([&] { sentinelRan = true; });
    cancelled.start(10ms);
    sentinel.start(40ms); // fires after `cancelled` would have
    cancelled.stop();
    QVERIFY(!cancelled.isActive());
    cancelled.stop(); // twice is harmless
    QCOMPARE(service().activeCount(), std::size_t(1));
    QTRY_VERIFY_WITH_TIMEOUT(sentinelRan, Generous);
    QCOMPARE(cancelledRuns, 0);

    // Destroying an armed handle cancels it too.
    sentinelRan = false;
    {
        Deadline dropped([&] { ++cancelledRuns; });
        dropped.start(10ms);
    }
    sentinel.start(40ms);
    QTRY_VERIFY_WITH_TIMEOUT(sentinelRan, Generous);
    QCOMPARE(cancelledRuns, 0);
}

void TestDeadlineService::restartReplaces()
{
    int runs = 0;
    Clock::time_point ranAt;
    Deadline deadline([&] {
        ++runs;
        ranAt = Clock::now();
    });
    deadline.start(10ms);
    const Clock::time_point second = Clock::now() + 80ms;
    deadline.startAt(second); // later than the first: the first is forgotten
    QCOMPARE(service().activeCount(), std::size_t(1));
    QTRY_COMPARE_WITH_TIMEOUT(runs, 1, Generous);
    QVERIFY(ranAt >= second);

    // And earlier than the pending one.
    runs = 0;
    deadline.start(5s);
    const Clock::time_point sooner = Clock::now() + 20ms;
    deadline.startAt(sooner);
    QTRY_COMPARE_WITH_TIMEOUT(runs, 1, Generous);
    QVERIFY(ranAt >= sooner);

    // Single-shot: nothing more, not even once the first due time has long passed.
    bool sentinelRan = false;
    Deadline sentinel([&] { sentinelRan = true; });
    sentinel.start(50ms);
    QTRY_VERIFY_WITH_TIMEOUT(sentinelRan, Generous);
    QCOMPARE(runs, 1);
}

void TestDeadlineService::zeroTimeoutWaitsForTheEventLoop()
{
    int runs = 0;
    Deadline now([&] { ++runs; });
    now.start(0ms);
    QCOMPARE(runs, 0); // never from inside start()
    Deadline past([&] { ++runs; });
    past.startAt(Clock::now() - 1s);
    QTRY_COMPARE_WITH_TIMEOUT(runs, 2, Generous);
}

void TestDeadlineService::stopOthersFromCallback()
{
    // Three deadlines due in the same pass: the first stops the second and re-arms the third.
    QList<int> order;
    bool firstActiveInside = true;
    Deadline first, second, third;
    const Clock::time_point due = Clock::now() + 20ms;
    first.setCallback([&] {
        order.append(1);
        second.stop();
        third.start(30ms);
        firstActiveInside = first.isActive();
        first.stop(); // already inactive while it runs: harmless
    });
    second.setCallback([&] { order.append(2); });
    third.setCallback([&] { order.append(3); });
    first.startAt(due);
    second.startAt(due);
    third.startAt(due);
    QTRY_COMPARE_WITH_TIMEOUT(order.size(), 2, Generous);
    QCOMPARE(order, QList<int>({1, 3}));
    QVERIFY(!firstActiveInside);
    QVERIFY(!second.isActive());
}

void TestDeadlineService::rearmFromCallback()
{
    // A deadline that re-arms itself with a zero timeout runs once per pass, not in a loop that
    // would starve the event loop: a queued call gets through between two runs.
    int runs = 0;
    bool queuedRan = false;
    int runsWhenQueuedRan = -1;
    Deadline self;
    self.setCallback([&] {
        if (++runs < 50)
            self.start(0ms);
    });
    self.start(0ms);
    QMetaObject::invokeMethod(
        this,
        [&] {
            queuedRan = true;
            runsWhenQueuedRan = runs;
        },
        Qt::QueuedConnection);
    QTRY_COMPARE_WITH_TIMEOUT(runs, 50, Generous);
    QVERIFY(queuedRan);
    QVERIFY(runsWhenQueuedRan < 50);
    QVERIFY(!self.isActive());

    // Re-armed from its callback with a later time: it runs again then, and only then.
    runs = 0;
    Clock::time_point secondDue;
    Clock::time_point secondRanAt;
    Deadline twice;
    twice.setCallback([&] {
        if (++runs == 1) {
            secondDue = Clock::now() + 30ms;
            twice.startAt(secondDue);
        } else {
            secondRanAt = Clock::now();
        }
    });
    twice.start(10ms);
    QTRY_COMPARE_WITH_TIMEOUT(runs, 2, Generous);
    QVERIFY(secondRanAt >= secondDue);

    // Given a new callback from inside the old one: the new one is kept.
    int newRuns = 0;
    Deadline swapped;
    swapped.setCallback([&] {
        swapped.setCallback([&] { ++newRuns; });
        swapped.start(10ms);
    });
    swapped.start(0ms);
    QTRY_COMPARE_WITH_TIMEOUT(newRuns, 1, Generous);
}

void TestDeadlineService::deleteOwnersFromCallback()
{
    // Owners of handles, deleted from a callback: the running handle's own owner and another whose
    // deadline is due in the same pass. ASan reports any use of the freed handles.
    struct Owner
    {
        Deadline deadline;
        QByteArray payload = QByteArray(64, 'x'); // something for ASan to see freed
    };
    std::vector<std::unique_ptr<Owner>> owners;
    for (int i = 0; i < 4; ++i)
        owners.push_back(std::make_unique<Owner>());
    QList<int> ran;
    const Clock::time_point due = Clock::now() + 20ms;
    owners[0]->deadline.setCallback([&] {
        ran.append(0);
        owners[0].reset(); // deletes the function object that is running: it must not be touched
        owners[1].reset(); // due in this same pass
    });
    owners[1]->deadline.setCallback([&] { ran.append(1); });
    owners[2]->deadline.setCallback([&] {
        ran.append(2);
        owners[2].reset();
    });
    owners[3]->deadline.setCallback([&] { ran.append(3); });
    for (const auto &owner : owners)
        owner->deadline.startAt(due);
    QTRY_COMPARE_WITH_TIMEOUT(ran.size(), 3, Generous);
    QCOMPARE(ran, QList<int>({0, 2, 3}));
    QVERIFY(!owners[0] && !owners[1] && !owners[2]);
    QCOMPARE(service().activeCount(), std::size_t(0));
}

void TestDeadlineService::moveKeepsTheArmedState()
{
    QList<int> order;
    std::vector<Deadline> deadlines; // no reserve: growing moves the armed handles
    const Clock::time_point due = Clock::now() + 20ms;
    for (int i = 0; i < 20; ++i) {
        deadlines.emplace_back([&order, i] { order.append(i); });
        deadlines.back().startAt(due);
    }
    QCOMPARE(service().activeCount(), std::size_t(20));
    Deadline moved = std::move(deadlines[5]);
    QVERIFY(moved.isActive());
    QVERIFY(!deadlines[5].isActive());
    QCOMPARE(moved.due(), due);
    deadlines[5] = std::move(deadlines[6]); // deadlines[5] now fires as 6, 6 is idle
    QVERIFY(!deadlines[6].isActive());
    QTRY_COMPARE_WITH_TIMEOUT(order.size(), 20, Generous);
    QList<int> expected;
    for (int i = 0; i < 20; ++i)
        expected.append(i);
    QCOMPARE(order, expected);

    // Moved by its own callback: the moved-to handle keeps the callback for its next run.
    int runs = 0;
    auto mover = std::make_unique<Deadline>();
    std::unique_ptr<Deadline> target;
    mover->setCallback([&] {
        ++runs;
        if (!mover)
            return;
        target = std::make_unique<Deadline>(std::move(*mover));
        mover.reset();
    });
    mover->start(5ms);
    QTRY_COMPARE_WITH_TIMEOUT(runs, 1, Generous);
    QVERIFY(target && !target->isActive());
    target->start(5ms);
    QTRY_COMPARE_WITH_TIMEOUT(runs, 2, Generous);
}

void TestDeadlineService::neverEarly()
{
    struct Probe
    {
        Deadline deadline;
        Clock::time_point due;
        Clock::time_point ranAt;
    };
    std::vector<Probe> probes(40);
    int done = 0;
    // A plain event loop, not QTRY_*: QTest::qWait sleeps 10 ms between its turns, which would
    // hide how close to its due time a deadline really runs.
    QEventLoop loop;
    Deadline safety([&loop] { loop.quit(); });
    safety.start(std::chrono::milliseconds(Generous));
    for (std::size_t i = 0; i < probes.size(); ++i) {
        Probe &probe = probes[i];
        probe.deadline.setCallback([&probe, &done, &loop, count = int(probes.size())] {
            probe.ranAt = Clock::now();
            if (++done == count)
                loop.quit();
        });
        // Sub-millisecond offsets too: Qt's timer counts whole milliseconds.
        probe.due = Clock::now() + std::chrono::microseconds(250 * (i + 1) + 137 * (i % 3));
        probe.deadline.startAt(probe.due);
    }
    loop.exec();
    QCOMPARE(done, int(probes.size()));
    Clock::duration worst{0};
    for (const Probe &probe : probes) {
        QVERIFY(probe.ranAt >= probe.due);
        worst = std::max(worst, probe.ranAt - probe.due);
    }
    // Reported, not asserted: how late a deadline runs depends on the machine's load.
    qDebug("latest of %d deadlines ran %lld µs after its due time", int(probes.size()),
        qlonglong(std::chrono::duration_cast<std::chrono::microseconds>(worst).count()));
}

void TestDeadlineService::manyInRandomOrder()
{
    constexpr int Count = 100'000;
    struct Probe
    {
        Deadline deadline;
        Clock::time_point due;
        quint64 armedAs = 0; // arming order, as the service breaks ties
        int runs = 0;
        bool cancelled = false;
    };
    std::vector<Probe> probes(Count);
    std::mt19937 random(20240601);
    std::uniform_int_distribution<int> offsetMs(0, 150);
    quint64 armed = 0;
    int early = 0;
    std::vector<int> ranOrder;
    ranOrder.reserve(Count);
    const Clock::time_point base = Clock::now() + 50ms;
    for (int i = 0; i < Count; ++i) {
        Probe &probe = probes[std::size_t(i)];
        probe.deadline.setCallback([&probe, &ranOrder, &early, i] {
            ++probe.runs;
            ranOrder.push_back(i);
            if (Clock::now() < probe.due)
                ++early;
        });
        // Whole milliseconds from one base: many share a due time.
        probe.due = base + std::chrono::milliseconds(offsetMs(random));
        probe.armedAs = armed++;
        probe.deadline.startAt(probe.due);
    }
    QCOMPARE(service().activeCount(), std::size_t(Count));

    std::vector<int> indices(Count);
    for (int i = 0; i < Count; ++i)
        indices[std::size_t(i)] = i;
    std::shuffle(indices.begin(), indices.end(), random);
    // Half cancelled, a tenth re-armed, all in random order.
    for (int k = 0; k < Count / 2; ++k) {
        Probe &probe = probes[std::size_t(indices[std::size_t(k)])];
        probe.deadline.stop();
        probe.cancelled = true;
    }
    for (int k = Count / 2; k < Count / 2 + Count / 10; ++k) {
        Probe &probe = probes[std::size_t(indices[std::size_t(k)])];
        probe.due = base + std::chrono::milliseconds(offsetMs(random));
        probe.armedAs = armed++;
        probe.deadline.startAt(probe.due);
    }
    QCOMPARE(service().activeCount(), std::size_t(Count - Count / 2));

    QTRY_COMPARE_WITH_TIMEOUT(int(ranOrder.size()), Count - Count / 2, Generous * 3);
    QCOMPARE(early, 0);
    for (const Probe &probe : probes)
        QCOMPARE(probe.runs, probe.cancelled ? 0 : 1);
    for (std::size_t k = 1; k < ranOrder.size(); ++k) {
        const Probe &previous = probes[std::size_t(ranOrder[k - 1])];
        const Probe &current = probes[std::size_t(ranOrder[k])];
        QVERIFY(previous.due < current.due
            || (previous.due == current.due && previous.armedAs < current.armedAs));
    }
    QCOMPARE(service().activeCount(), std::size_t(0));
}

void TestDeadlineService::threadExitWithLiveHandles()
{
    // The handle outlives its thread: the service goes at thread exit and must leave it stopped,
    // safe to destroy (here, on another thread) and to arm again where it now is.
    struct Holder
    {
        Deadline deadline;
    };
    auto holder = std::make_unique<Holder>();
    std::atomic<int> lateRuns{0};
    std::atomic<bool> ranOnWorker{false};
    std::atomic<std::size_t> activeAtExit{0};
    DeadlineService *workerService = nullptr;
    std::unique_ptr<QThread> thread(QThread::create([&] {
        QEventLoop loop;
        Deadline quit([&] {
            ranOnWorker = true;
            loop.quit();
        });
        holder->deadline.setCallback([&] { ++lateRuns; });
        holder->deadline.start(1h);
        quit.start(5ms);
        Deadline local([&] { ++lateRuns; });
        local.start(1h); // destroyed normally before the thread ends
        loop.exec();
        workerService = DeadlineService::forCurrentThread();
        activeAtExit = workerService->activeCount();
    }));
    thread->start();
    QVERIFY(thread->wait(Generous));
    QVERIFY(ranOnWorker);
    QCOMPARE(activeAtExit.load(), std::size_t(2));
    QVERIFY(workerService != &service());
    QVERIFY(!holder->deadline.isActive());
    QCOMPARE(lateRuns.load(), 0);

    holder->deadline.start(5ms); // now on this thread
    QVERIFY(holder->deadline.isActive());
    QTRY_COMPARE_WITH_TIMEOUT(lateRuns.load(), 1, Generous);
    holder.reset();
}

void TestDeadlineService::threadsAreIndependent()
{
    QThread worker;
    worker.start();
    QObject context;
    context.moveToThread(&worker);

    std::unique_ptr<Deadline> onWorker;
    std::unique_ptr<Deadline> leftArmed; // still armed when the worker exits
    DeadlineService *workerService = nullptr;
    std::atomic<int> workerRuns{0};
    std::atomic<QThread *> ranOn{nullptr};
    QMetaObject::invokeMethod(
        &context,
        [&] {
            onWorker = std::make_unique<Deadline>([&] {
                ranOn = QThread::currentThread();
                ++workerRuns;
            });
            onWorker->start(60ms);
            leftArmed = std::make_unique<Deadline>([&] { ++workerRuns; });
            leftArmed->start(1h);
            workerService = DeadlineService::forCurrentThread();
        },
        Qt::BlockingQueuedConnection);
    QVERIFY(workerService);
    QVERIFY(workerService != &service());
    QCOMPARE(service().activeCount(), std::size_t(0)); // nothing of the worker's is here

    // What happens here does not touch the worker's deadlines.
    int mainRuns = 0;
    Deadline onMain([&] { ++mainRuns; });
    onMain.start(10ms);
    Deadline stopped([&] { ++mainRuns; });
    stopped.start(10ms);
    stopped.stop();
    QTRY_COMPARE_WITH_TIMEOUT(mainRuns, 1, Generous);
    QTRY_COMPARE_WITH_TIMEOUT(workerRuns.load(), 1, Generous);
    QCOMPARE(ranOn.load(), &worker);
    QCOMPARE(mainRuns, 1);

    QThread *mainThread = QThread::currentThread();
    QMetaObject::invokeMethod(
        &context,
        [&] {
            onWorker.reset();
            context.moveToThread(mainThread); // back before the worker goes
        },
        Qt::BlockingQueuedConnection);
    worker.quit();
    QVERIFY(worker.wait(Generous));
    QVERIFY(!leftArmed->isActive());
    leftArmed.reset();
    QCOMPARE(workerRuns.load(), 1);
}

QTEST_GUILESS_MAIN(TestDeadlineService)
#include "tst_deadline_service.moc"
