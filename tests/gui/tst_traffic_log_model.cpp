#include "ui/socket_table_model.h"
#include "ui/traffic_exporter.h"
#include "ui/traffic_filter_proxy.h"
#include "ui/traffic_log_model.h"

#include <QAbstractItemModelTester>
#include <QBuffer>
#include <QFile>
#include <QJsonDocument>
#include <QJsonObject>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QTest>

using namespace Qt::StringLiterals;
using sb::monitor::Direction;
using sb::monitor::TrafficRecord;
using sb::ui::SocketTableModel;
using sb::ui::TrafficExporter;
using sb::ui::TrafficFilterProxy;
using sb::ui::TrafficLogModel;

namespace {

TrafficRecord rec(quint64 seq, Direction direction = Direction::In, const QByteArray &socket = "s1",
    const QByteArray &nsp = "/chat", const QString &event = u"message"_s,
    const QByteArray &json = R"(["message","hi"])")
{
    TrafficRecord r;
    r.seq = seq;
    r.time = 1'700'000'000'000 + qint64(seq);
    r.direction = direction;
    r.socket = socket;
    r.nsp = nsp;
    r.event = event;
    r.packetType = 2;
    r.payload = "2" + (nsp == "/" ? QByteArray() : nsp + ",") + json;
    r.size = r.payload.size();
    return r;
}

QList<TrafficRecord> recs(quint64 from, int count)
{
    QList<TrafficRecord> list;
    for (int i = 0; i < count; ++i)
        list.append(rec(from + quint64(i)));
    return list;
}

QList<quint64> seqs(const QAbstractItemModel &model)
{
    QList<quint64> result;
    for (int r = 0; r < model.rowCount(); ++r)
        result.append(model.index(r, 0).data(int(TrafficLogModel::Role::Seq)).toULongLong());
    return result;
}

// The records the filter tests run over: two sockets in /chat (s1 in lobby, s2 not), one in
// /game, a broadcast to lobby, an ack.
QList<TrafficRecord> sample()
{
    QList<TrafficRecord> list;
    list.append(rec(
        1, Direction::In, "s1", "/chat", u"message"_s, R"(["message",{"text":"Hello World"}])"));
    list.append(rec(2, Direction::Out, "s1", "/chat", u"reply"_s, R"(["reply","ok"])"));
    list.append(rec(3, Direction::In, "s2", "/chat", u"typing"_s, R"(["typing",true])"));
    list.append(rec(4, Direction::In, "g1", "/game", u"move"_s, R"(["move",{"x":1,"y":2}])"));
    TrafficRecord broadcast
        = rec(5, Direction::Out, {}, "/chat", u"message"_s, R"(["message",{"text":"to lobby"}])");
    broadcast.rooms = {u"lobby"_s};
    broadcast.recipients = 12;
    list.append(broadcast);
    TrafficRecord ack = rec(6, Direction::Out, "s2", "/chat", {}, R"([{"ok":true}])");
    ack.packetType = 3;
    ack.ackId = 7;
    ack.payload = R"(3/chat,7[{"ok":true}])";
    list.append(ack);
    return list;
}

} // namespace

class TestTrafficLogModel : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void boundDropsOldestAndCounts();
    void batchLargerThanTheBound();
    void pauseHoldsAndResumeShows();
    void pauseHoldsBoundedToo();
    void clearKeepsTheDroppedCount();
    void displaysColumns();
    void formattersShapeThePreviewOnly();
    void filters_data();
    void filters();
    void invalidRegexMatchesNothing();
    void roomFilterFollowsSocketMembership();
    void findsNextAndPrevious();
    void proxyFollowsTrimAndAppendUnderAFilter();
    void proxyKeepsSelectionAcrossAFilterChange();
    void proxyResetsOnManyRunsAndOnClear();
    void exportsExactlyTheVisibleRowsAsJsonLines();
    void exportsCsvWithQuoting();
    void writeFileReportsErrors();
};

void TestTrafficLogModel::boundDropsOldestAndCounts()
{
    TrafficLogModel model(5);
    QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::Fatal);
    QSignalSpy inserted(&model, &QAbstractItemModel::rowsInserted);
    QSignalSpy removed(&model, &QAbstractItemModel::rowsRemoved);
    model.append(recs(1, 3));
    model.append(recs(4, 4));
    QCOMPARE(seqs(model), (QList<quint64>{3, 4, 5, 6, 7}));
    QCOMPARE(model.droppedByBound(), 2u);
    QCOMPARE(inserted.size(), 2); // one insertion per batch
    QCOMPARE(removed.size(), 1); // one removal from the top
    QCOMPARE(removed.at(0).at(1).toInt(), 0);
    QCOMPARE(removed.at(0).at(2).toInt(), 1);
}

void TestTrafficLogModel::batchLargerThanTheBound()
{
    TrafficLogModel model(4);
    QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::Fatal);
    model.append(recs(1, 2));
    model.append(recs(3, 10));
    QCOMPARE(seqs(model), (QList<quint64>{9, 10, 11, 12}));
    QCOMPARE(model.droppedByBound(), 8u);
}

void TestTrafficLogModel::pauseHoldsAndResumeShows()
{
    TrafficLogModel model(100);
    QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::Fatal);
    QSignalSpy paused(&model, &TrafficLogModel::pausedChanged);
    model.append(recs(1, 3));
    model.setPaused(true);
    model.append(recs(4, 2));
    model.append(recs(6, 2));
    QCOMPARE(model.rowCount(), 3);
    QCOMPARE(model.heldCount(), 4);
    QSignalSpy inserted(&model, &QAbstractItemModel::rowsInserted);
    model.setPaused(false);
    QCOMPARE(inserted.size(), 1); // held records shown in one batch
    QCOMPARE(seqs(model), (QList<quint64>{1, 2, 3, 4, 5, 6, 7}));
    QCOMPARE(model.heldCount(), 0);
    QCOMPARE(paused.size(), 2);
}

void TestTrafficLogModel::pauseHoldsBoundedToo()
{
    TrafficLogModel model(3);
    QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::Fatal);
    model.setPaused(true);
    model.append(recs(1, 5));
    QCOMPARE(model.heldCount(), 3);
    QCOMPARE(model.droppedByBound(), 2u);
    model.setPaused(false);
    QCOMPARE(seqs(model), (QList<quint64>{3, 4, 5}));
}

void TestTrafficLogModel::clearKeepsTheDroppedCount()
{
    TrafficLogModel model(2);
    QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::Fatal);
    model.append(recs(1, 3));
    model.clear();
    QCOMPARE(model.rowCount(), 0);
    QCOMPARE(model.droppedByBound(), 1u);
    model.append(recs(10, 1));
    QCOMPARE(seqs(model), (QList<quint64>{10}));
}

void TestTrafficLogModel::displaysColumns()
{
    TrafficLogModel model;
    model.append(sample());
    const auto text = [&](int row, TrafficLogModel::Column c) {
        return model.index(row, int(c)).data().toString();
    };
    QCOMPARE(text(0, TrafficLogModel::Column::Direction), u"↓ in"_s);
    QCOMPARE(text(1, TrafficLogModel::Column::Direction), u"↑ out"_s);
    QVERIFY(text(4, TrafficLogModel::Column::Direction).contains(u"→ 12"_s));
    QVERIFY(text(4, TrafficLogModel::Column::Socket).contains(u"lobby"_s));
    QCOMPARE(text(0, TrafficLogModel::Column::Payload), uR"({"text":"Hello World"})"_s);
    QCOMPARE(text(5, TrafficLogModel::Column::AckId), u"7"_s);
    QCOMPARE(text(5, TrafficLogModel::Column::Payload), uR"({"ok":true})"_s);
    QVERIFY(QRegularExpression(u"^\\d\\d:\\d\\d:\\d\\d\\.\\d\\d\\d$"_s)
                .match(text(0, TrafficLogModel::Column::Time))
                .hasMatch());
}

void TestTrafficLogModel::formattersShapeThePreviewOnly()
{
    SocketTableModel sockets;
    sb::monitor::SocketDelta delta;
    sb::monitor::SocketRow s1;
    s1.id = "s1";
    s1.nsp = "/chat";
    s1.user = u"ann"_s;
    delta.added = {s1};
    sockets.applyDelta(delta);
    TrafficLogModel model;
    QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::Fatal);
    TrafficFilterProxy proxy;
    proxy.setTrafficModel(&model);
    model.setSocketTable(&sockets);
    model.append(sample());
    const QModelIndex first = model.index(0, int(TrafficLogModel::Column::Payload));
    QCOMPARE(first.data().toString(), uR"({"text":"Hello World"})"_s);
    // Installing formatters repaints the column (the cached previews go).
    QSignalSpy changed(&model, &QAbstractItemModel::dataChanged);
    sb::ui::payload::PreviewFormatters formatters;
    formatters.insert(u"message"_s, [](const sb::ui::payload::PreviewContext &c) -> QString {
        const QString who = c.socket ? c.socket->user : u"?"_s;
        return who + u": "_s + c.arguments.at(0).toObject().value(u"text"_s).toString();
    });
    model.setPreviewFormatters(formatters);
    QCOMPARE(changed.size(), 1);
    QCOMPARE(changed.first().at(0).toModelIndex(), first);
    QCOMPARE(changed.first().at(1).toModelIndex().row(), model.rowCount() - 1);
    QCOMPARE(first.data().toString(), u"ann: Hello World"_s);
    // A broadcast has no socket of its own; other events stay as they were.
    QCOMPARE(
        model.index(4, int(TrafficLogModel::Column::Payload)).data().toString(), u"?: to lobby"_s);
    QCOMPARE(model.index(1, int(TrafficLogModel::Column::Payload)).data().toString(), u"\"ok\""_s);
    // The search and the raw payload still see the JSON, not the line.
    QCOMPARE(first.data(int(TrafficLogModel::Role::RawPayload)).toByteArray(),
        QByteArray(R"(2/chat,["message",{"text":"Hello World"}])"));
    QVERIFY(proxy.setPayloadSearch(u"\"text\":\"Hello"_s, false));
    QCOMPARE(seqs(proxy), (QList<quint64>{1}));
    QVERIFY(proxy.setPayloadSearch(u"ann:"_s, false));
    QCOMPARE(proxy.rowCount(), 0);
    // And removed again.
    model.setPreviewFormatters({});
    QCOMPARE(first.data().toString(), uR"({"text":"Hello World"})"_s);
}

void TestTrafficLogModel::filters_data()
{
    QTest::addColumn<int>("direction");
    QTest::addColumn<QByteArray>("nsp");
    QTest::addColumn<QString>("room");
    QTest::addColumn<QByteArray>("socket");
    QTest::addColumn<QString>("event");
    QTest::addColumn<QString>("search");
    QTest::addColumn<bool>("regex");
    QTest::addColumn<QList<quint64>>("expected");
    const QString none;
    QTest::newRow("no filter") << 0 << QByteArray() << none << QByteArray() << none << none << false
                               << QList<quint64>{1, 2, 3, 4, 5, 6};
    QTest::newRow("in") << 1 << QByteArray() << none << QByteArray() << none << none << false
                        << QList<quint64>{1, 3, 4};
    QTest::newRow("out") << 2 << QByteArray() << none << QByteArray() << none << none << false
                         << QList<quint64>{2, 5, 6};
    QTest::newRow("namespace") << 0 << QByteArray("/game") << none << QByteArray() << none << none
                               << false << QList<quint64>{4};
    QTest::newRow("room: broadcast and member") << 0 << QByteArray() << u"lobby"_s << QByteArray()
                                                << none << none << false << QList<quint64>{1, 2, 5};
    QTest::newRow("socket") << 0 << QByteArray() << none << QByteArray("s2") << none << none
                            << false << QList<quint64>{3, 6};
    QTest::newRow("event regex") << 0 << QByteArray() << none << QByteArray() << u"^(mess|rep)"_s
                                 << none << false << QList<quint64>{1, 2, 5};
    QTest::newRow("event regex, case-insensitive")
        << 0 << QByteArray() << none << QByteArray() << u"TYPING"_s << none << false
        << QList<quint64>{3};
    QTest::newRow("payload text, case-insensitive")
        << 0 << QByteArray() << none << QByteArray() << none << u"hello world"_s << false
        << QList<quint64>{1};
    QTest::newRow("payload text is not a regex")
        << 0 << QByteArray() << none << QByteArray() << none << u"\"x\":1"_s << false
        << QList<quint64>{4};
    QTest::newRow("payload regex") << 0 << QByteArray() << none << QByteArray() << none
                                   << u"\"(x|ok)\":(1|true)"_s << true << QList<quint64>{4, 6};
    QTest::newRow("combined: out in /chat with ok")
        << 2 << QByteArray("/chat") << none << QByteArray() << none << u"ok"_s << false
        << QList<quint64>{2, 6};
}

void TestTrafficLogModel::filters()
{
    QFETCH(int, direction);
    QFETCH(QByteArray, nsp);
    QFETCH(QString, room);
    QFETCH(QByteArray, socket);
    QFETCH(QString, event);
    QFETCH(QString, search);
    QFETCH(bool, regex);
    QFETCH(QList<quint64>, expected);

    SocketTableModel sockets;
    sb::monitor::SocketDelta delta;
    sb::monitor::SocketRow s1;
    s1.id = "s1";
    s1.nsp = "/chat";
    s1.rooms = {u"lobby"_s};
    sb::monitor::SocketRow s2;
    s2.id = "s2";
    s2.nsp = "/chat";
    delta.added = {s1, s2};
    sockets.applyDelta(delta);

    TrafficLogModel model;
    TrafficFilterProxy proxy;
    proxy.setTrafficModel(&model);
    proxy.setSocketModel(&sockets);
    QAbstractItemModelTester tester(&proxy, QAbstractItemModelTester::FailureReportingMode::Fatal);
    model.append(sample());
    proxy.setDirectionFilter(TrafficFilterProxy::DirectionFilter(direction));
    proxy.setNamespaceFilter(nsp);
    proxy.setRoomFilter(room);
    proxy.setSocketFilter(socket);
    QVERIFY(proxy.setEventFilter(event));
    QVERIFY(proxy.setPayloadSearch(search, regex));
    QCOMPARE(seqs(proxy), expected);
    // Records arriving later go through the same filters.
    QList<TrafficRecord> more = sample();
    for (TrafficRecord &r : more)
        r.seq += 100;
    model.append(more);
    QList<quint64> twice = expected;
    for (const quint64 s : expected)
        twice.append(s + 100);
    QCOMPARE(seqs(proxy), twice);
    QCOMPARE(proxy.visibleRecords().size(), twice.size());
    proxy.clearFilters();
    QCOMPARE(proxy.rowCount(), 12);
}

void TestTrafficLogModel::invalidRegexMatchesNothing()
{
    TrafficLogModel model;
    TrafficFilterProxy proxy;
    proxy.setTrafficModel(&model);
    model.append(sample());
    QVERIFY(!proxy.setEventFilter(u"(unclosed"_s));
    QCOMPARE(proxy.rowCount(), 0);
    QVERIFY(proxy.setEventFilter({}));
    QVERIFY(!proxy.setPayloadSearch(u"[a-"_s, true));
    QCOMPARE(proxy.rowCount(), 0);
    QVERIFY(proxy.setPayloadSearch(u"[a-"_s, false)); // as plain text it is fine
    QCOMPARE(proxy.rowCount(), 0);
}

void TestTrafficLogModel::roomFilterFollowsSocketMembership()
{
    SocketTableModel sockets;
    sb::monitor::SocketDelta delta;
    sb::monitor::SocketRow s2;
    s2.id = "s2";
    s2.nsp = "/chat";
    delta.added = {s2};
    sockets.applyDelta(delta);
    TrafficLogModel model;
    TrafficFilterProxy proxy;
    proxy.setTrafficModel(&model);
    proxy.setSocketModel(&sockets);
    proxy.setRoomFilter(u"vip"_s);
    model.append({rec(1, Direction::In, "s2")});
    QCOMPARE(proxy.rowCount(), 0);
    s2.rooms = {u"vip"_s};
    delta.added.clear();
    delta.updated = {s2};
    sockets.applyDelta(delta);
    model.append({rec(2, Direction::In, "s2")});
    QCOMPARE(seqs(proxy), (QList<quint64>{2}));
}

void TestTrafficLogModel::findsNextAndPrevious()
{
    TrafficLogModel model;
    TrafficFilterProxy proxy;
    proxy.setTrafficModel(&model);
    model.append(sample());
    // "ok" is in rows 1 (reply "ok") and 5 (the ack).
    QCOMPARE(proxy.findRow(u"OK"_s, -1, true), 1);
    QCOMPARE(proxy.findRow(u"ok"_s, 1, true), 5);
    QCOMPARE(proxy.findRow(u"ok"_s, 5, true), 1); // wraps
    QCOMPARE(proxy.findRow(u"ok"_s, 5, false), 1);
    QCOMPARE(proxy.findRow(u"ok"_s, 1, false), 5); // wraps backwards
    QCOMPARE(proxy.findRow(u"typing"_s, -1, true), 2); // event names too
    QCOMPARE(proxy.findRow(u"absent"_s, -1, true), -1);
    proxy.setDirectionFilter(TrafficFilterProxy::DirectionFilter::Out);
    QCOMPARE(proxy.findRow(u"ok"_s, -1, true), 0); // rows of the filtered view
}

// A log at its bound: every batch trims the front. The proxy must keep exactly the records that
// pass its filter, in order, and hand the views removals at the top and inserts at the end only.
void TestTrafficLogModel::proxyFollowsTrimAndAppendUnderAFilter()
{
    TrafficLogModel model(10);
    TrafficFilterProxy proxy;
    proxy.setTrafficModel(&model);
    QAbstractItemModelTester tester(&proxy, QAbstractItemModelTester::FailureReportingMode::Fatal);
    QVERIFY(proxy.setEventFilter(u"^even$"_s));
    QSignalSpy removed(&proxy, &QAbstractItemModel::rowsRemoved);
    QSignalSpy inserted(&proxy, &QAbstractItemModel::rowsInserted);
    QSignalSpy reset(&proxy, &QAbstractItemModel::modelReset);
    quint64 seq = 1;
    for (int batch = 0; batch < 7; ++batch) {
        QList<TrafficRecord> list;
        for (int i = 0; i < 4; ++i, ++seq)
            list.append(rec(seq, Direction::In, "s1", "/chat", seq % 2 ? u"odd"_s : u"even"_s));
        model.append(list);
    }
    // 28 records in, the last 10 kept (19..28), the even ones shown.
    QCOMPARE(seqs(proxy), (QList<quint64>{20, 22, 24, 26, 28}));
    QCOMPARE(reset.size(), 0);
    for (const QList<QVariant> &args : std::as_const(removed))
        QCOMPARE(args.at(1).toInt(), 0); // always from the top
    QVERIFY(!inserted.isEmpty());
    // Mapping both ways agrees with the source.
    for (int row = 0; row < proxy.rowCount(); ++row) {
        const QModelIndex source = proxy.mapToSource(proxy.index(row, 2));
        QCOMPARE(source.column(), 2);
        QCOMPARE(model.recordAt(source.row()).seq, proxy.recordAt(row).seq);
        QCOMPARE(proxy.mapFromSource(source), proxy.index(row, 2));
    }
    // An odd record has no row here.
    QCOMPARE(model.recordAt(0).seq, quint64(19));
    QVERIFY(!proxy.mapFromSource(model.index(0, 0)).isValid());
    // Without the filter, every kept record, still in order.
    proxy.clearFilters();
    QCOMPARE(seqs(proxy), (QList<quint64>{19, 20, 21, 22, 23, 24, 25, 26, 27, 28}));
    model.append({rec(29)});
    QCOMPARE(seqs(proxy).first(), quint64(20));
    QCOMPARE(seqs(proxy).last(), quint64(29));
}

// A filter that widens or narrows moves rows in runs: the current row and the selection of a row
// that stays visible survive, as the operator expects when typing into a filter box.
void TestTrafficLogModel::proxyKeepsSelectionAcrossAFilterChange()
{
    TrafficLogModel model;
    TrafficFilterProxy proxy;
    proxy.setTrafficModel(&model);
    QAbstractItemModelTester tester(&proxy, QAbstractItemModelTester::FailureReportingMode::Fatal);
    QList<TrafficRecord> list;
    for (quint64 seq = 1; seq <= 30; ++seq)
        list.append(rec(seq, Direction::In, seq <= 10 || seq > 20 ? "a" : "b"));
    model.append(list);
    QCOMPARE(proxy.rowCount(), 30);
    const QPersistentModelIndex kept = proxy.index(24, 1); // seq 25, socket a
    QSignalSpy reset(&proxy, &QAbstractItemModel::modelReset);
    proxy.setSocketFilter("a");
    QCOMPARE(proxy.rowCount(), 20);
    QCOMPARE(reset.size(), 0);
    QVERIFY(kept.isValid());
    QCOMPARE(kept.row(), 14);
    QCOMPARE(kept.data(int(TrafficLogModel::Role::Seq)).toULongLong(), quint64(25));
    proxy.setSocketFilter({});
    QCOMPARE(seqs(proxy), [] {
        QList<quint64> all;
        for (quint64 seq = 1; seq <= 30; ++seq)
            all.append(seq);
        return all;
    }());
    QCOMPARE(kept.row(), 24);
    QCOMPARE(reset.size(), 0);
}

void TestTrafficLogModel::proxyResetsOnManyRunsAndOnClear()
{
    TrafficLogModel model;
    TrafficFilterProxy proxy;
    proxy.setTrafficModel(&model);
    QAbstractItemModelTester tester(&proxy, QAbstractItemModelTester::FailureReportingMode::Fatal);
    QList<TrafficRecord> list;
    for (quint64 seq = 1; seq <= 400; ++seq)
        list.append(rec(seq, seq % 2 ? Direction::In : Direction::Out));
    model.append(list);
    QSignalSpy reset(&proxy, &QAbstractItemModel::modelReset);
    QSignalSpy removed(&proxy, &QAbstractItemModel::rowsRemoved);
    // Every other row goes: 200 runs, cheaper for the views as one reset.
    proxy.setDirectionFilter(TrafficFilterProxy::DirectionFilter::In);
    QCOMPARE(reset.size(), 1);
    QCOMPARE(removed.size(), 0);
    QCOMPARE(proxy.rowCount(), 200);
    QCOMPARE(proxy.recordAt(199).seq, quint64(399));
    model.clear();
    QCOMPARE(reset.size(), 2);
    QCOMPARE(proxy.rowCount(), 0);
    // Numbering starts again after a clear.
    model.append({rec(1000, Direction::In), rec(1001, Direction::Out), rec(1002, Direction::In)});
    QCOMPARE(seqs(proxy), (QList<quint64>{1000, 1002}));
    QCOMPARE(proxy.mapFromSource(model.index(2, 0)), proxy.index(1, 0));
}

void TestTrafficLogModel::exportsExactlyTheVisibleRowsAsJsonLines()
{
    TrafficLogModel model;
    TrafficFilterProxy proxy;
    proxy.setTrafficModel(&model);
    model.append(sample());
    proxy.setSocketFilter("s2");
    QTemporaryDir dir;
    QVERIFY(dir.isValid());
    const QString path = dir.filePath(u"out.jsonl"_s);
    QCOMPARE(TrafficExporter::formatForFileName(path), TrafficExporter::Format::JsonLines);
    QVERIFY(TrafficExporter::writeFile(
        proxy.visibleRecords(), TrafficExporter::Format::JsonLines, path));
    QFile file(path);
    QVERIFY(file.open(QIODevice::ReadOnly));
    const QList<QByteArray> lines = file.readAll().split('\n');
    QCOMPARE(lines.size(), 3); // two records and the empty tail after the last newline
    QVERIFY(lines.last().isEmpty());
    const QJsonObject first = QJsonDocument::fromJson(lines.at(0)).object();
    QCOMPARE(first.value(u"seq"_s).toInteger(), 3);
    QCOMPARE(first.value(u"direction"_s).toString(), u"in"_s);
    QCOMPARE(first.value(u"socket"_s).toString(), u"s2"_s);
    QCOMPARE(first.value(u"event"_s).toString(), u"typing"_s);
    QCOMPARE(first.value(u"payload"_s).toString(), uR"(2/chat,["typing",true])"_s);
    QVERIFY(first.value(u"ackId"_s).isNull());
    const QJsonObject second = QJsonDocument::fromJson(lines.at(1)).object();
    QCOMPARE(second.value(u"seq"_s).toInteger(), 6);
    QCOMPARE(second.value(u"ackId"_s).toInteger(), 7);
    QCOMPARE(second.value(u"time"_s).toString(), u"2023-11-14T22:13:20.006Z"_s);
}

void TestTrafficLogModel::exportsCsvWithQuoting()
{
    TrafficRecord tricky = rec(9, Direction::In, "s1", "/chat", u"say, \"hi\""_s,
        "[\"say, \\\"hi\\\"\",\"line1\\nline2\"]");
    tricky.payload.append("\nraw\r\nbreak"); // a raw line break must stay inside its quoted field
    tricky.rooms = {u"a"_s, u"b"_s};
    TrafficLogModel model;
    TrafficFilterProxy proxy;
    proxy.setTrafficModel(&model);
    model.append({rec(1), tricky});
    proxy.setEventFilter(u"say"_s);
    QBuffer buffer;
    buffer.open(QIODevice::WriteOnly);
    QVERIFY(TrafficExporter::write(proxy.visibleRecords(), TrafficExporter::Format::Csv, buffer));
    const QByteArray csv = buffer.data();
    QVERIFY(csv.startsWith(TrafficExporter::csvHeader()));
    const QByteArray row = csv.mid(TrafficExporter::csvHeader().size());
    QByteArray expectedPayload = tricky.payload;
    expectedPayload.replace("\"", "\"\"");
    const QByteArray expected = "9,2023-11-14T22:13:20.009Z,in,s1,/chat,\"say, \"\"hi\"\"\",,2,"
        + QByteArray::number(tricky.size) + ",0,1,a b,,false,\"" + expectedPayload + "\"\r\n";
    QCOMPARE(row, expected);
    QCOMPARE(TrafficExporter::csvField("plain"), QByteArray("plain"));
    QCOMPARE(TrafficExporter::csvField("a,b"), QByteArray("\"a,b\""));
    QCOMPARE(TrafficExporter::csvField("say \"x\""), QByteArray("\"say \"\"x\"\"\""));
    QCOMPARE(TrafficExporter::csvField("l1\nl2"), QByteArray("\"l1\nl2\""));
    QCOMPARE(TrafficExporter::formatForFileName(u"x.CSV"_s), TrafficExporter::Format::Csv);
}

void TestTrafficLogModel::writeFileReportsErrors()
{
    QString error;
    QVERIFY(!TrafficExporter::writeFile(
        {rec(1)}, TrafficExporter::Format::Csv, u"/nonexistent-dir/x.csv"_s, &error));
    QVERIFY(!error.isEmpty());
}

QTEST_MAIN(TestTrafficLogModel)
#include "tst_traffic_log_model.moc"
