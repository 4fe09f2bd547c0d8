// AggregatedEvents: counts per second of wall-clock time, per type and subtype, reported once.

#include "admin/aggregated_events.h"

#include <QJsonDocument>
#include <QJsonObject>
#include <QTest>

using sb::admin::AggregatedEvents;
using Type = AggregatedEvents::Type;

namespace {
QByteArray text(const QJsonArray &values)
{
    return QJsonDocument(values).toJson(QJsonDocument::Compact);
}
constexpr qint64 T = 1'764'700'000'000; // a whole second, in ms
} // namespace

class TestAggregatedEvents : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void emptyTakesNothing();
    void countsAddUpWithinASecond();
    void secondsAreSeparateBuckets();
    void subTypesAreSeparate();
    void takeEmpties();
    void typeNames();
    void timesBefore1970();
    void lateEventForAnEarlierSecond();
};

void TestAggregatedEvents::emptyTakesNothing()
{
    AggregatedEvents events;
    QVERIFY(events.isEmpty());
    QCOMPARE(text(events.take()), QByteArray("[]"));
}

void TestAggregatedEvents::countsAddUpWithinASecond()
{
    AggregatedEvents events;
    events.add(Type::PacketsIn, 1, T + 1);
    events.add(Type::PacketsIn, 1, T + 999);
    events.add(Type::BytesIn, 120, T + 500);
    events.add(Type::BytesIn, 30, T + 501);
    QVERIFY(!events.isEmpty());
    QCOMPARE(text(events.take()),
        QByteArray(R"([{"count":2,"timestamp":1764700000000,"type":"packetsIn"},)"
                   R"({"count":150,"timestamp":1764700000000,"type":"bytesIn"}])"));
}

void TestAggregatedEvents::secondsAreSeparateBuckets()
{
    AggregatedEvents events;
    events.add(Type::PacketsOut, 1, T + 999);
    events.add(Type::PacketsOut, 1, T + 1000);
    events.add(Type::PacketsOut, 3, T + 2500);
    const QJsonArray values = events.take();
    QCOMPARE(values.size(), 3);
    QCOMPARE(values[0].toObject().value(QLatin1String("timestamp")).toInteger(), T);
    QCOMPARE(values[1].toObject().value(QLatin1String("timestamp")).toInteger(), T + 1000);
    QCOMPARE(values[2].toObject().value(QLatin1String("timestamp")).toInteger(), T + 2000);
    QCOMPARE(values[2].toObject().value(QLatin1String("count")).toInteger(), 3);
}

void TestAggregatedEvents::subTypesAreSeparate()
{
    AggregatedEvents events;
    events.add(Type::RawConnection, 1, T);
    events.add(Type::RawDisconnection, 1, T + 10, QStringLiteral("transport close"));
    events.add(Type::RawDisconnection, 1, T + 20, QStringLiteral("ping timeout"));
    events.add(Type::RawDisconnection, 1, T + 30, QStringLiteral("transport close"));
    QCOMPARE(text(events.take()),
        QByteArray(
            R"([{"count":1,"timestamp":1764700000000,"type":"rawConnection"},)"
            R"({"count":1,"subType":"ping timeout","timestamp":1764700000000,"type":"rawDisconnection"},)"
            R"({"count":2,"subType":"transport close","timestamp":1764700000000,"type":"rawDisconnection"}])"));
}

void TestAggregatedEvents::takeEmpties()
{
    AggregatedEvents events;
    events.add(Type::BytesOut, 7, T);
    QCOMPARE(events.take().size(), 1);
    QVERIFY(events.isEmpty());
    QCOMPARE(events.take().size(), 0);
    // The same second again after a take: a new bucket, counted from zero.
    events.add(Type::BytesOut, 5, T + 1);
    const QJsonArray values = events.take();
    QCOMPARE(values.size(), 1);
    QCOMPARE(values[0].toObject().value(QLatin1String("count")).toInteger(), 5);
}

void TestAggregatedEvents::typeNames()
{
    QCOMPARE(AggregatedEvents::typeName(Type::RawConnection), "rawConnection");
    QCOMPARE(AggregatedEvents::typeName(Type::RawDisconnection), "rawDisconnection");
    QCOMPARE(AggregatedEvents::typeName(Type::PacketsIn), "packetsIn");
    QCOMPARE(AggregatedEvents::typeName(Type::PacketsOut), "packetsOut");
    QCOMPARE(AggregatedEvents::typeName(Type::BytesIn), "bytesIn");
    QCOMPARE(AggregatedEvents::typeName(Type::BytesOut), "bytesOut");
}

void TestAggregatedEvents::timesBefore1970()
{
    // A clock set wrong: -1 ms belongs to the second starting at -1000, not to second 0.
    AggregatedEvents events;
    events.add(Type::PacketsIn, 1, -1);
    events.add(Type::PacketsIn, 1, 0);
    const QJsonArray values = events.take();
    QCOMPARE(values.size(), 2);
    QCOMPARE(values[0].toObject().value(QLatin1String("timestamp")).toInteger(), -1000);
    QCOMPARE(values[1].toObject().value(QLatin1String("timestamp")).toInteger(), 0);
}

void TestAggregatedEvents::lateEventForAnEarlierSecond()
{
    // The wall clock stepped back: the earlier second's bucket gets it, nothing is lost.
    AggregatedEvents events;
    events.add(Type::PacketsIn, 1, T + 1500);
    events.add(Type::PacketsIn, 1, T + 200);
    events.add(Type::PacketsIn, 1, T + 1600);
    const QJsonArray values = events.take();
    QCOMPARE(values.size(), 2);
    QCOMPARE(values[0].toObject().value(QLatin1String("count")).toInteger(), 1);
    QCOMPARE(values[1].toObject().value(QLatin1String("count")).toInteger(), 2);
}

QTEST_GUILESS_MAIN(TestAggregatedEvents)
#include "tst_aggregated_events.moc"
