// The server thread's epoll dispatcher, as the whole event loop of this test: QTest's own waits,
// timers, socket notifiers, posted and cross-thread events, nested loops and a real TCP exchange
// all run on it (it is installed before the application object exists).

#include "common/epoll_event_dispatcher.h"

#include <QCoreApplication>
#include <QElapsedTimer>
#include <QEventLoop>
#include <QPointer>
#include <QSignalSpy>
#include <QSocketNotifier>
#include <QTcpServer>
#include <QTcpSocket>
#include <QTest>
#include <QThread>
#include <QTimer>

#include <sys/socket.h>
#include <unistd.h>

#include <memory>

using namespace std::chrono_literals;

namespace {

constexpr int Generous = 10'000; // ms: the machine is slow and shared

sb::EpollEventDispatcher *dispatcher()
{
    return qobject_cast<sb::EpollEventDispatcher *>(QAbstractEventDispatcher::instance());
}

// Both ends of a local stream socket pair, closed at the end.
struct Pair
{
    Pair() { QVERIFY(::socketpair(AF_UNIX, SOCK_STREAM | SOCK_NONBLOCK, 0, fds) == 0); }
    ~Pair()
    {
        ::close(fds[0]);
        ::close(fds[1]);
    }
    void send(char c = 'x') const { QCOMPARE(::write(fds[1], &c, 1), 1); }
    void drain() const
    {
        char buffer[64];
        while (::read(fds[0], buffer, sizeof buffer) > 0) { }
    }
    int fds[2] = {-1, -1};
};

} // namespace

class TestEpollEventDispatcher : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void isInstalled();
    void singleShotsFireInDeadlineOrder();
    void periodicTimerRepeatsUntilStopped();
    void timerKilledByAnEarlierHandlerDoesNotFire();
    void timerIsNotReenteredFromItsNestedLoop();
    void remainingTimeAndRegisteredTimers();
    void readNotifierFollowsTheData();
    void writeNotifierAndDisabling();
    void notifierRemovedDuringThePassIsNotDelivered();
    void zeroTimerDoesNotStarveSockets();
    void eventsFromAnotherThreadWakeTheWait();
    void deferredDeleteAndLoopExit();
    void tcpExchange();
};

void TestEpollEventDispatcher::isInstalled()
{
    QVERIFY(dispatcher());
    QVERIFY(dispatcher()->isValid());
}

void TestEpollEventDispatcher::singleShotsFireInDeadlineOrder()
{
    QList<int> order;
    QElapsedTimer clock;
    clock.start();
    QList<qint64> at;
    for (const int ms : {60, 20, 40}) {
        QTimer::singleShot(ms, Qt::PreciseTimer, this, [&, ms] {
            order.append(ms);
            at.append(clock.elapsed());
        });
    }
    QTRY_COMPARE_WITH_TIMEOUT(order.size(), 3, Generous);
    QCOMPARE(order, (QList<int>{20, 40, 60}));
    // Never early (late is the machine's business).
    QVERIFY(at.at(0) >= 20);
    QVERIFY(at.at(2) >= 60);
}

void TestEpollEventDispatcher::periodicTimerRepeatsUntilStopped()
{
    QTimer timer;
    timer.setTimerType(Qt::PreciseTimer);
    timer.setInterval(5);
    int fired = 0;
    connect(&timer, &QTimer::timeout, this, [&] { ++fired; });
    timer.start();
    QTRY_VERIFY_WITH_TIMEOUT(fired >= 5, Generous);
    timer.stop();
    const int stoppedAt = fired;
    QTest::qWait(30);
    QCOMPARE(fired, stoppedAt);
    QCOMPARE(dispatcher()->registeredTimers(&timer).size(), 0);
}

void TestEpollEventDispatcher::timerKilledByAnEarlierHandlerDoesNotFire()
{
    // Two timers due in the same pass; whichever runs first stops the other.
    QTimer a;
    QTimer b;
    int fired = 0;
    for (QTimer *t : {&a, &b}) {
        t->setSingleShot(true);
        t->setTimerType(Qt::PreciseTimer);
        connect(t, &QTimer::timeout, this, [&, t] {
            ++fired;
            (t == &a ? b : a).stop();
        });
    }
    a.start(10);
    b.start(10);
    QThread::msleep(30); // both are due when the loop next looks
    QTest::qWait(50);
    QCOMPARE(fired, 1);
}

void TestEpollEventDispatcher::timerIsNotReenteredFromItsNestedLoop()
{
    QTimer periodic;
    periodic.setTimerType(Qt::PreciseTimer);
    periodic.setInterval(2);
    int entries = 0;
    int depth = 0;
    int maxDepth = 0;
    int innerTicks = 0;
    connect(&periodic, &QTimer::timeout, this, [&] {
        ++entries;
        maxDepth = std::max(maxDepth, ++depth);
        if (entries == 1) {
            // A nested loop inside the handler: other timers run in it, this one does not.
            QEventLoop loop;
            QTimer inner;
            inner.setInterval(1);
            connect(&inner, &QTimer::timeout, &loop, [&] { ++innerTicks; });
            inner.start();
            QTimer::singleShot(60, &loop, &QEventLoop::quit);
            loop.exec();
        }
        --depth;
    });
    periodic.start();
    QTRY_VERIFY_WITH_TIMEOUT(entries >= 3, Generous);
    periodic.stop();
    QCOMPARE(maxDepth, 1);
    QVERIFY(innerTicks > 0);
}

void TestEpollEventDispatcher::remainingTimeAndRegisteredTimers()
{
    QObject owner;
    const int id = owner.startTimer(1000ms, Qt::CoarseTimer);
    QVERIFY(id > 0);
    const int left = dispatcher()->remainingTime(id);
    QVERIFY2(left > 500 && left <= 1000, qPrintable(QString::number(left)));
    const auto timers = dispatcher()->registeredTimers(&owner);
    QCOMPARE(timers.size(), 1);
    QCOMPARE(timers.first().timerId, id);
    QCOMPARE(timers.first().interval, 1000);
    QCOMPARE(timers.first().timerType, Qt::CoarseTimer);
    const int before = dispatcher()->timerCount();
    owner.killTimer(id);
    QCOMPARE(dispatcher()->remainingTime(id), -1);
    QCOMPARE(dispatcher()->timerCount(), before - 1);
    // Objects that go away take their timers with them.
    {
        QObject brief;
        brief.startTimer(50ms);
        brief.startTimer(60ms);
        QCOMPARE(dispatcher()->registeredTimers(&brief).size(), 2);
    }
    QCOMPARE(dispatcher()->timerCount(), before - 1);
}

void TestEpollEventDispatcher::readNotifierFollowsTheData()
{
    Pair pair;
    QSocketNotifier notifier(pair.fds[0], QSocketNotifier::Read);
    QSignalSpy spy(&notifier, &QSocketNotifier::activated);
    QTest::qWait(20);
    QCOMPARE(spy.size(), 0); // nothing to read, nothing said
    pair.send();
    QVERIFY(spy.wait(Generous));
    // Level-triggered: unread data is reported again, read data is not.
    QVERIFY(spy.wait(Generous));
    pair.drain();
    spy.clear();
    QTest::qWait(20);
    QVERIFY(spy.size() <= 1); // at most the pass that was already under way
    const int settled = int(spy.size());
    QTest::qWait(20);
    QCOMPARE(int(spy.size()), settled);
    // The peer hanging up is readable (end of file).
    ::shutdown(pair.fds[1], SHUT_WR);
    QVERIFY(spy.wait(Generous));
}

void TestEpollEventDispatcher::writeNotifierAndDisabling()
{
    Pair pair;
    QSocketNotifier write(pair.fds[0], QSocketNotifier::Write);
    QSocketNotifier read(pair.fds[0], QSocketNotifier::Read);
    QSignalSpy writable(&write, &QSocketNotifier::activated);
    QSignalSpy readable(&read, &QSocketNotifier::activated);
    QVERIFY(writable.wait(Generous)); // an empty buffer is writable
    QCOMPARE(dispatcher()->socketNotifierCount() >= 2, true);
    write.setEnabled(false);
    QTest::qWait(10);
    writable.clear();
    QTest::qWait(30);
    QCOMPARE(writable.size(), 0);
    // The other notifier of the same descriptor is unaffected.
    pair.send();
    QVERIFY(readable.wait(Generous));
    read.setEnabled(false);
    write.setEnabled(true);
    QVERIFY(writable.wait(Generous));
}

void TestEpollEventDispatcher::notifierRemovedDuringThePassIsNotDelivered()
{
    Pair first;
    Pair second;
    auto a = std::make_unique<QSocketNotifier>(first.fds[0], QSocketNotifier::Read);
    auto b = std::make_unique<QSocketNotifier>(second.fds[0], QSocketNotifier::Read);
    int delivered = 0;
    // Whichever is delivered first deletes the other, which must then not be delivered.
    connect(a.get(), &QSocketNotifier::activated, this, [&] {
        ++delivered;
        b.reset();
        first.drain();
    });
    connect(b.get(), &QSocketNotifier::activated, this, [&] {
        ++delivered;
        a.reset();
        second.drain();
    });
    first.send();
    second.send();
    QTRY_VERIFY_WITH_TIMEOUT(delivered >= 1, Generous);
    QTest::qWait(30);
    QCOMPARE(delivered, 1);
}

void TestEpollEventDispatcher::zeroTimerDoesNotStarveSockets()
{
    Pair pair;
    QTimer busy;
    busy.setInterval(0);
    int spins = 0;
    connect(&busy, &QTimer::timeout, this, [&] { ++spins; });
    busy.start();
    QSocketNotifier notifier(pair.fds[0], QSocketNotifier::Read);
    QSignalSpy spy(&notifier, &QSocketNotifier::activated);
    QTest::qWait(10);
    pair.send();
    QVERIFY(spy.wait(Generous));
    QVERIFY(spins > 0);
}

void TestEpollEventDispatcher::eventsFromAnotherThreadWakeTheWait()
{
    // The main thread sleeps in the wait (no timer due soon); another thread's queued call
    // must wake it at once rather than at the next timer.
    QObject receiver;
    int calls = 0;
    QThread poster;
    poster.start();
    QElapsedTimer clock;
    clock.start();
    QMetaObject::invokeMethod(
        &poster,
        [&] {
            for (int i = 0; i < 100; ++i)
                QMetaObject::invokeMethod(
                    &receiver, [&] { ++calls; }, Qt::QueuedConnection);
        },
        Qt::QueuedConnection);
    QTRY_COMPARE_WITH_TIMEOUT(calls, 100, Generous);
    poster.quit();
    QVERIFY(poster.wait(Generous));
}

void TestEpollEventDispatcher::deferredDeleteAndLoopExit()
{
    QPointer<QObject> doomed = new QObject;
    doomed->deleteLater();
    QTRY_VERIFY_WITH_TIMEOUT(doomed.isNull(), Generous);

    // A loop quit from a timer and from another thread both return from exec().
    QEventLoop loop;
    QTimer::singleShot(10, &loop, &QEventLoop::quit);
    QCOMPARE(loop.exec(), 0);
    QThread other;
    other.start();
    QMetaObject::invokeMethod(
        &other, [&] { loop.exit(7); }, Qt::QueuedConnection);
    QCOMPARE(loop.exec(), 7);
    other.quit();
    QVERIFY(other.wait(Generous));
}

void TestEpollEventDispatcher::tcpExchange()
{
    QTcpServer server;
    QVERIFY(server.listen(QHostAddress::LocalHost));
    QTcpSocket client;
    client.connectToHost(QHostAddress::LocalHost, server.serverPort());
    QVERIFY(server.waitForNewConnection(Generous)
        || QTest::qWaitFor([&] { return server.hasPendingConnections(); }, Generous));
    std::unique_ptr<QTcpSocket> accepted(server.nextPendingConnection());
    QVERIFY(accepted);
    QVERIFY(client.state() == QAbstractSocket::ConnectedState || client.waitForConnected(Generous));
    // An echo of 1 MiB: many readyRead and bytesWritten on both sides, all from notifiers.
    connect(accepted.get(), &QTcpSocket::readyRead, this,
        [&] { accepted->write(accepted->readAll()); });
    const QByteArray payload(1 << 20, 'z');
    QByteArray received;
    connect(&client, &QTcpSocket::readyRead, this, [&] { received += client.readAll(); });
    client.write(payload);
    QTRY_COMPARE_WITH_TIMEOUT(received.size(), payload.size(), Generous);
    QCOMPARE(received, payload);
    QSignalSpy closed(&client, &QTcpSocket::disconnected);
    accepted->disconnectFromHost();
    QVERIFY(closed.wait(Generous));
}

int main(int argc, char *argv[])
{
    // Before the application object: it then runs the main thread on this dispatcher.
    QCoreApplication::setEventDispatcher(new sb::EpollEventDispatcher);
    QCoreApplication app(argc, argv);
    TestEpollEventDispatcher test;
    return QTest::qExec(&test, argc, argv);
}

#include "tst_epoll_event_dispatcher.moc"
