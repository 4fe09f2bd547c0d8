// The loop-lag probe and its window of samples: the one implementation both threads use.

#include "monitor/loop_lag_probe.h"

#include <QElapsedTimer>
#include <QSignalSpy>
#include <QTest>

using sb::monitor::DurationWindow;
using sb::monitor::LoopLagProbe;

class TestLoopLagProbe : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void percentiles_data();
    void percentiles();
    void keepsOnlyTheLastSamples();
    void negativeLatenessIsZero();
    void seesABlockedLoop();
};

void TestLoopLagProbe::percentiles_data()
{
    QTest::addColumn<QList<double>>("samples");
    QTest::addColumn<double>("p50");
    QTest::addColumn<double>("p99");
    QTest::addColumn<double>("max");
    QTest::newRow("none") << QList<double>{} << 0.0 << 0.0 << 0.0;
    QTest::newRow("one") << QList<double>{4} << 4.0 << 4.0 << 4.0;
    QTest::newRow("unsorted") << QList<double>{5, 1, 3, 2, 4} << 3.0 << 5.0 << 5.0;
    QList<double> hundred;
    for (int i = 1; i <= 100; ++i)
        hundred.append(i);
    QTest::newRow("1..100") << hundred << 50.0 << 99.0 << 100.0;
    QList<double> spike(99, 1.0);
    spike.append(250);
    QTest::newRow("one spike in 100") << spike << 1.0 << 1.0 << 250.0;
}

void TestLoopLagProbe::percentiles()
{
    QFETCH(QList<double>, samples);
    QFETCH(double, p50);
    QFETCH(double, p99);
    QFETCH(double, max);
    DurationWindow stats(100);
    for (const double s : samples)
        stats.add(s);
    const auto summary = stats.summary();
    QCOMPARE(summary.samples, int(samples.size()));
    QCOMPARE(summary.p50Ms, p50);
    QCOMPARE(summary.p99Ms, p99);
    QCOMPARE(summary.maxMs, max);
}

void TestLoopLagProbe::keepsOnlyTheLastSamples()
{
    DurationWindow stats(3);
    for (const double s : {100.0, 1.0, 2.0, 3.0})
        stats.add(s);
    QCOMPARE(stats.count(), 3);
    QCOMPARE(stats.summary().maxMs, 3.0);
}

void TestLoopLagProbe::negativeLatenessIsZero()
{
    LoopLagProbe probe;
    probe.addSample(-0.3);
    QCOMPARE(probe.summary().maxMs, 0.0);
}

void TestLoopLagProbe::seesABlockedLoop()
{
    LoopLagProbe probe(std::chrono::milliseconds(20), 500);
    QSignalSpy sampled(&probe, &LoopLagProbe::sampled);
    probe.start();
    QVERIFY(probe.isRunning());
    QTRY_VERIFY_WITH_TIMEOUT(sampled.size() >= 3, 10'000);
    // Keep the event loop busy for 300 ms: the next timeout comes that much late.
    QElapsedTimer busy;
    busy.start();
    while (busy.elapsed() < 300) {
    }
    const qsizetype before = sampled.size();
    QTRY_VERIFY_WITH_TIMEOUT(sampled.size() > before, 10'000);
    QVERIFY2(probe.summary().maxMs >= 250, qPrintable(QString::number(probe.summary().maxMs)));
    probe.stop();
    QVERIFY(!probe.isRunning());
}

QTEST_GUILESS_MAIN(TestLoopLagProbe)
#include "tst_loop_lag_probe.moc"
