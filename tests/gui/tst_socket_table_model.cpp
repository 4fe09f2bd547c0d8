#include "ui/socket_filter_proxy.h"
#include "ui/socket_table_model.h"

#include <QAbstractItemModelTester>
#include <QSignalSpy>
#include <QTest>

#include <memory>

using namespace Qt::StringLiterals;
using sb::monitor::SocketDelta;
using sb::monitor::SocketRow;
using sb::ui::SocketFilterProxy;
using sb::ui::SocketTableModel;
using Column = SocketTableModel::Column;

namespace {

SocketRow row(int n, const QByteArray &nsp = "/chat", QStringList rooms = {})
{
    SocketRow r;
    r.id = "sock" + QByteArray::number(n).rightJustified(5, '0');
    r.nsp = nsp;
    r.sessionId = "sess" + QByteArray::number(n);
    r.user = u"user%1"_s.arg(n);
    r.address = u"10.0.0.%1"_s.arg(n % 250);
    r.transport = u"websocket"_s;
    r.rooms = rooms;
    r.connectedAt = 1'700'000'000'000 + n;
    r.eventsIn = quint64(n);
    return r;
}

SocketDelta added(const QList<SocketRow> &rows)
{
    SocketDelta d;
    d.added = rows;
    return d;
}

QList<SocketRow> rows(int from, int count)
{
    QList<SocketRow> list;
    for (int i = from; i < from + count; ++i)
        list.append(row(i));
    return list;
}

// The (row, first column, last column) of each dataChanged a spy saw.
QList<QList<int>> ranges(const QSignalSpy &spy)
{
    QList<QList<int>> result;
    for (const QList<QVariant> &args : spy) {
        const auto tl = args.at(0).value<QModelIndex>();
        const auto br = args.at(1).value<QModelIndex>();
        result.append({tl.row(), br.row(), tl.column(), br.column()});
    }
    return result;
}

} // namespace

class TestSocketTableModel : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void addsInOneBatch();
    void updatesExactlyTheChangedCells_data();
    void updatesExactlyTheChangedCells();
    void mergesAdjacentRowsExactly();
    void removesInFewRanges_data();
    void removesInFewRanges();
    void resetDropsEverything();
    void unknownUpdatesAndRepeatedAddsAreKept();
    void tenThousandRowsInBatches();
    void formatsCells();
    void missingCapabilitiesSayNotAvailable();
    void sortsNumbersAsNumbers();
    void filtersByNamespaceRoomAndText();
    void bulkUpdateSortsOnceAndRefilters();
};

void TestSocketTableModel::addsInOneBatch()
{
    SocketTableModel model;
    QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::Fatal);
    QSignalSpy inserted(&model, &QAbstractItemModel::rowsInserted);
    model.applyDelta(added(rows(0, 5)));
    QCOMPARE(inserted.size(), 1);
    QCOMPARE(inserted.at(0).at(1).toInt(), 0);
    QCOMPARE(inserted.at(0).at(2).toInt(), 4);
    model.applyDelta(added(rows(5, 3)));
    QCOMPARE(inserted.size(), 2);
    QCOMPARE(inserted.at(1).at(1).toInt(), 5);
    QCOMPARE(inserted.at(1).at(2).toInt(), 7);
    QCOMPARE(model.rowCount(), 8);
    for (int i = 0; i < 8; ++i)
        QCOMPARE(model.rowOf(row(i).id), i);
}

void TestSocketTableModel::updatesExactlyTheChangedCells_data()
{
    QTest::addColumn<int>("change");
    QTest::addColumn<QList<QList<int>>>("expected"); // {row, row, first column, last column}
    // change: a bit set of the fields below
    QTest::newRow("nothing") << 0 << QList<QList<int>>{};
    QTest::newRow("events in") << 1 << QList<QList<int>>{{2, 2, 7, 7}};
    QTest::newRow("events in and out") << (1 | 2) << QList<QList<int>>{{2, 2, 7, 8}};
    QTest::newRow("events in, bytes in (not adjacent)")
        << (1 | 4) << QList<QList<int>>{{2, 2, 7, 7}, {2, 2, 9, 9}};
    QTest::newRow("transport upgrade") << 8 << QList<QList<int>>{{2, 2, 4, 4}};
    QTest::newRow("rooms and rtt") << (16 | 32) << QList<QList<int>>{{2, 2, 5, 5}, {2, 2, 11, 11}};
    QTest::newRow("user and pending acks")
        << (64 | 128) << QList<QList<int>>{{2, 2, 2, 2}, {2, 2, 12, 12}};
}

void TestSocketTableModel::updatesExactlyTheChangedCells()
{
    QFETCH(int, change);
    QFETCH(QList<QList<int>>, expected);
    SocketTableModel model;
    QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::Fatal);
    model.applyDelta(added(rows(0, 5)));
    SocketRow changed = row(2);
    if (change & 1)
        changed.eventsIn += 10;
    if (change & 2)
        changed.eventsOut += 3;
    if (change & 4)
        changed.bytesIn += 100;
    if (change & 8)
        changed.upgraded = true;
    if (change & 16)
        changed.rooms = {u"lobby"_s};
    if (change & 32)
        changed.rttUs = 1234;
    if (change & 64)
        changed.user = u"renamed"_s;
    if (change & 128)
        changed.pendingAcks = 2;
    QSignalSpy spy(&model, &QAbstractItemModel::dataChanged);
    SocketDelta d;
    d.updated = {changed};
    model.applyDelta(d);
    QCOMPARE(ranges(spy), expected);
    QCOMPARE(model.rowAt(2), changed);
}

// Several rows in one delta: adjacent rows with the same changed columns are announced together,
// any other difference (a gap, another column set, delta order) keeps them apart.
void TestSocketTableModel::mergesAdjacentRowsExactly()
{
    SocketTableModel model;
    QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::Fatal);
    model.applyDelta(added(rows(0, 10)));
    SocketDelta d;
    auto events = [](int n) {
        SocketRow r = row(n);
        r.eventsIn += 1;
        return r;
    };
    // Out of order on purpose, with a gap (6), another column set (5) and a row sent twice (8).
    d.updated = {events(4), events(2), events(3), row(5), events(7), events(9), events(8)};
    d.updated[3].rttUs = 777;
    SocketRow twice = row(8);
    twice.pendingAcks = 3;
    d.updated.append(twice);
    d.updated.append(row(1)); // unchanged: no signal
    QSignalSpy spy(&model, &QAbstractItemModel::dataChanged);
    model.applyDelta(d);
    const int ev = int(SocketTableModel::Column::EventsIn);
    const int rtt = int(SocketTableModel::Column::Rtt);
    const int acks = int(SocketTableModel::Column::PendingAcks);
    // Row 8: its second update put the events back and changed the pending acks; the model
    // compares against what it holds, so row 8 changed events (first) then acks (second).
    QCOMPARE(ranges(spy),
        (QList<QList<int>>{{2, 4, ev, ev}, {5, 5, rtt, rtt}, {7, 7, ev, ev}, {8, 8, ev, ev},
            {8, 8, acks, acks}, {9, 9, ev, ev}}));
    QCOMPARE(model.rowAt(8), twice);
    QCOMPARE(model.rowAt(3).eventsIn, row(3).eventsIn + 1);
}

void TestSocketTableModel::removesInFewRanges_data()
{
    QTest::addColumn<QList<int>>("remove");
    QTest::addColumn<QList<QList<int>>>("expected"); // {first, last} per rowsRemoved, in order
    QTest::newRow("one") << QList<int>{3} << QList<QList<int>>{{3, 3}};
    QTest::newRow("adjacent") << QList<int>{3, 4, 5} << QList<QList<int>>{{3, 5}};
    QTest::newRow("adjacent, any order") << QList<int>{5, 3, 4} << QList<QList<int>>{{3, 5}};
    QTest::newRow("two runs") << QList<int>{1, 2, 7, 8, 9} << QList<QList<int>>{{7, 9}, {1, 2}};
    QTest::newRow("first and last") << QList<int>{0, 9} << QList<QList<int>>{{9, 9}, {0, 0}};
    QTest::newRow("all") << QList<int>{0, 1, 2, 3, 4, 5, 6, 7, 8, 9} << QList<QList<int>>{{0, 9}};
    QTest::newRow("unknown id ignored") << QList<int>{42} << QList<QList<int>>{};
    QTest::newRow("duplicate id") << QList<int>{4, 4} << QList<QList<int>>{{4, 4}};
}

void TestSocketTableModel::removesInFewRanges()
{
    QFETCH(QList<int>, remove);
    QFETCH(QList<QList<int>>, expected);
    SocketTableModel model;
    QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::Fatal);
    model.applyDelta(added(rows(0, 10)));
    QSignalSpy spy(&model, &QAbstractItemModel::rowsRemoved);
    SocketDelta d;
    for (const int n : remove)
        d.removed.append(row(n).id);
    model.applyDelta(d);
    QList<QList<int>> seen;
    for (const QList<QVariant> &args : spy)
        seen.append({args.at(1).toInt(), args.at(2).toInt()});
    QCOMPARE(seen, expected);
    // The rows left keep their order and the id → row hash follows them.
    int expectedRow = 0;
    for (int n = 0; n < 10; ++n) {
        if (remove.contains(n)) {
            QCOMPARE(model.rowOf(row(n).id), -1);
            continue;
        }
        QCOMPARE(model.rowOf(row(n).id), expectedRow);
        QCOMPARE(model.rowAt(expectedRow).id, row(n).id);
        ++expectedRow;
    }
    QCOMPARE(model.rowCount(), expectedRow);
}

void TestSocketTableModel::resetDropsEverything()
{
    SocketTableModel model;
    QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::Fatal);
    model.applyDelta(added(rows(0, 10)));
    QSignalSpy reset(&model, &QAbstractItemModel::modelReset);
    SocketDelta d;
    d.reset = true;
    d.added = rows(100, 3);
    model.applyDelta(d);
    QCOMPARE(reset.size(), 1);
    QCOMPARE(model.rowCount(), 3);
    QCOMPARE(model.rowOf(row(0).id), -1);
    QCOMPARE(model.rowOf(row(101).id), 1);
}

void TestSocketTableModel::unknownUpdatesAndRepeatedAddsAreKept()
{
    SocketTableModel model;
    QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::Fatal);
    model.applyDelta(added(rows(0, 2)));
    SocketDelta d;
    SocketRow again = row(1);
    again.eventsIn = 99;
    d.added = {again, row(5), row(5)};
    d.updated = {row(7)};
    model.applyDelta(d);
    QCOMPARE(model.rowCount(), 4);
    QCOMPARE(model.rowAt(1).eventsIn, 99u);
    QCOMPARE(model.rowOf(row(5).id), 2);
    QCOMPARE(model.rowOf(row(7).id), 3);
}

void TestSocketTableModel::tenThousandRowsInBatches()
{
    SocketTableModel model;
    SocketFilterProxy proxy;
    proxy.setSocketModel(&model);
    proxy.sort(int(Column::EventsIn), Qt::DescendingOrder);
    auto tester = std::make_unique<QAbstractItemModelTester>(
        &proxy, QAbstractItemModelTester::FailureReportingMode::Fatal);
    QSignalSpy inserted(&model, &QAbstractItemModel::rowsInserted);
    for (int batch = 0; batch < 10; ++batch)
        model.applyDelta(added(rows(batch * 1000, 1000)));
    QCOMPARE(inserted.size(), 10);
    QCOMPARE(model.rowCount(), 10'000);
    QCOMPARE(proxy.rowCount(), 10'000);
    QCOMPARE(
        proxy.index(0, 0).data(int(SocketTableModel::Role::SocketId)).toByteArray(), row(9999).id);

    // Every row updated in one tick, as the server does under load. The tester rescans the whole
    // model on every dataChanged, which would make 10,000 of them quadratic: it checks the
    // result instead (a new tester checks the whole model when it is made), and the exact
    // cells of an update are checked under a tester above.
    tester.reset();
    SocketDelta update;
    for (int i = 0; i < 10'000; ++i) {
        SocketRow r = row(i);
        r.eventsIn = quint64(20'000 - i);
        update.updated.append(r);
    }
    QSignalSpy changed(&model, &QAbstractItemModel::dataChanged);
    proxy.beginBulkUpdate();
    model.applyDelta(update);
    proxy.endBulkUpdate();
    // Adjacent rows with the same changed cells share one signal: one for all 10,000.
    const int eventsIn = int(SocketTableModel::Column::EventsIn);
    QCOMPARE(ranges(changed), (QList<QList<int>>{{0, 9999, eventsIn, eventsIn}}));
    QCOMPARE(
        proxy.index(0, 0).data(int(SocketTableModel::Role::SocketId)).toByteArray(), row(0).id);
    tester = std::make_unique<QAbstractItemModelTester>(
        &proxy, QAbstractItemModelTester::FailureReportingMode::Fatal);

    // A block of 1,000 and some scattered sockets leave.
    SocketDelta removal;
    for (int i = 2000; i < 3000; ++i)
        removal.removed.append(row(i).id);
    for (int i = 5001; i < 5100; i += 10)
        removal.removed.append(row(i).id);
    QSignalSpy removed(&model, &QAbstractItemModel::rowsRemoved);
    model.applyDelta(removal);
    QCOMPARE(removed.size(), 11);
    QCOMPARE(model.rowCount(), 10'000 - 1'010);
    QCOMPARE(proxy.rowCount(), model.rowCount());
    int expected = 0;
    for (int i = 0; i < 10'000; ++i) {
        const bool gone = (i >= 2000 && i < 3000) || (i > 5000 && i < 5100 && i % 10 == 1);
        QCOMPARE(model.rowOf(row(i).id), gone ? -1 : expected);
        if (!gone)
            ++expected;
    }
}

void TestSocketTableModel::formatsCells()
{
    SocketTableModel model;
    SocketRow r = row(1);
    r.bytesOut = 3 * 1024 * 1024 + 512 * 1024;
    r.rttUs = 12'300;
    r.rooms = {u"a"_s, u"b"_s};
    r.transport = u"polling"_s;
    r.upgrading = true;
    SocketRow s = row(2);
    s.upgraded = true;
    model.applyDelta(added({r, s}));
    const auto text
        = [&](int rowNumber, Column c) { return model.index(rowNumber, int(c)).data().toString(); };
    QCOMPARE(text(0, Column::BytesOut), u"3.50 MiB"_s);
    QCOMPARE(text(0, Column::Rtt), u"12.3 ms"_s);
    QCOMPARE(text(0, Column::Rooms), u"a, b"_s);
    QCOMPARE(text(0, Column::Transport), u"upgrading…"_s);
    QCOMPARE(text(1, Column::Transport), u"polling → websocket"_s);
    QCOMPARE(text(1, Column::Rtt), u"—"_s);
    QCOMPARE(
        model.index(0, int(Column::EventsIn)).data(int(SocketTableModel::Role::Sort)).toULongLong(),
        1u);
}

void TestSocketTableModel::missingCapabilitiesSayNotAvailable()
{
    SocketTableModel model;
    QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::Fatal);
    model.applyDelta(added(rows(0, 2)));
    model.setCapabilities(sb::monitor::Capability::Traffic);
    QCOMPARE(model.index(0, int(Column::EventsIn)).data().toString(), tr("n/a"));
    QCOMPARE(model.index(0, int(Column::Rtt)).data().toString(), tr("n/a"));
    QVERIFY(model.headerData(int(Column::Rtt), Qt::Horizontal, Qt::ToolTipRole)
                .toString()
                .contains(u"does not report"_s));
}

void TestSocketTableModel::sortsNumbersAsNumbers()
{
    SocketTableModel model;
    SocketFilterProxy proxy;
    proxy.setSocketModel(&model);
    QAbstractItemModelTester tester(&proxy, QAbstractItemModelTester::FailureReportingMode::Fatal);
    QList<SocketRow> list = rows(0, 4);
    const quint64 counts[] = {100, 9, 20, 3};
    for (int i = 0; i < 4; ++i)
        list[i].eventsIn = counts[i];
    model.applyDelta(added(list));
    proxy.sort(int(Column::EventsIn), Qt::AscendingOrder);
    QList<quint64> order;
    for (int r = 0; r < 4; ++r)
        order.append(proxy.index(r, int(Column::EventsIn))
                         .data(int(SocketTableModel::Role::Sort))
                         .toULongLong());
    QCOMPARE(order, (QList<quint64>{3, 9, 20, 100}));

    // Dynamic: an update moves the row.
    SocketDelta d;
    SocketRow r = list[3];
    r.eventsIn = 1000;
    d.updated = {r};
    model.applyDelta(d);
    QCOMPARE(proxy.index(3, 0).data(int(SocketTableModel::Role::SocketId)).toByteArray(), r.id);
}

void TestSocketTableModel::filtersByNamespaceRoomAndText()
{
    SocketTableModel model;
    SocketFilterProxy proxy;
    proxy.setSocketModel(&model);
    QAbstractItemModelTester tester(&proxy, QAbstractItemModelTester::FailureReportingMode::Fatal);
    model.applyDelta(
        added({row(1, "/chat", {u"lobby"_s}), row(2, "/chat", {u"general"_s, u"lobby"_s}),
            row(3, "/chat", {}), row(4, "/game", {u"lobby"_s})}));
    proxy.setScope("/chat");
    QCOMPARE(proxy.rowCount(), 3);
    proxy.setScope("/chat", u"lobby"_s);
    QCOMPARE(proxy.rowCount(), 2);
    proxy.setScope("/game", u"lobby"_s);
    QCOMPARE(proxy.rowCount(), 1);
    proxy.setScope({});
    QCOMPARE(proxy.rowCount(), 4);
    proxy.setText(u"USER3"_s); // case-insensitive, on the user
    QCOMPARE(proxy.rowCount(), 1);
    proxy.setText(u"sock00004"_s);
    QCOMPARE(proxy.rowCount(), 1);
    proxy.setText(u"10.0.0.2"_s);
    QCOMPARE(proxy.rowCount(), 1);
    proxy.setText(u"gener"_s); // a room
    QCOMPARE(proxy.rowCount(), 1);
    proxy.setText(u"nobody"_s);
    QCOMPARE(proxy.rowCount(), 0);

    // A socket joining the room shows up under a room scope.
    proxy.setText({});
    proxy.setScope("/chat", u"lobby"_s);
    SocketDelta d;
    d.updated = {row(3, "/chat", {u"lobby"_s})};
    model.applyDelta(d);
    QCOMPARE(proxy.rowCount(), 3);
}

void TestSocketTableModel::bulkUpdateSortsOnceAndRefilters()
{
    SocketTableModel model;
    SocketFilterProxy proxy;
    proxy.setSocketModel(&model);
    QAbstractItemModelTester tester(&proxy, QAbstractItemModelTester::FailureReportingMode::Fatal);
    model.applyDelta(added(rows(0, 300)));
    proxy.sort(int(Column::EventsIn), Qt::DescendingOrder);
    proxy.setScope("/chat", u"vip"_s);
    QCOMPARE(proxy.rowCount(), 0);
    SocketDelta d;
    for (int i = 0; i < 300; ++i) {
        SocketRow r = row(i);
        r.eventsIn = quint64(i % 7);
        if (i % 3 == 0)
            r.rooms = {u"vip"_s};
        d.updated.append(r);
    }
    proxy.beginBulkUpdate();
    QVERIFY(!proxy.dynamicSortFilter());
    model.applyDelta(d);
    proxy.endBulkUpdate();
    QVERIFY(proxy.dynamicSortFilter());
    QCOMPARE(proxy.rowCount(), 100);
    quint64 previous = std::numeric_limits<quint64>::max();
    for (int r = 0; r < proxy.rowCount(); ++r) {
        const quint64 value = proxy.index(r, int(Column::EventsIn))
                                  .data(int(SocketTableModel::Role::Sort))
                                  .toULongLong();
        QVERIFY(value <= previous);
        previous = value;
    }
}

QTEST_MAIN(TestSocketTableModel)
#include "tst_socket_table_model.moc"
