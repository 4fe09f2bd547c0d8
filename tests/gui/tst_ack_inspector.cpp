// The ack inspector: filter by namespace, socket and event; pending counts per socket; the
// chosen ack in detail with its answer pretty-printed; whole-row highlight of timed-out and
// disconnected acks; counts with what the bounds dropped. Every model under a tester.

#include "ui/ack_filter_proxy.h"
#include "ui/ack_inspector.h"
#include "ui/ack_model.h"
#include "ui/ack_socket_model.h"

#include <QAbstractItemModelTester>
#include <QLabel>
#include <QLineEdit>
#include <QPlainTextEdit>
#include <QTableView>
#include <QTest>

using namespace sb;
using namespace Qt::StringLiterals;
using sb::monitor::AckRecord;
using State = AckRecord::State;

namespace {

AckRecord ack(quint64 key, const QByteArray &nsp, const QByteArray &socket, const QString &event,
    State state = State::Pending)
{
    AckRecord a;
    a.key = key;
    a.nsp = nsp;
    a.socket = socket;
    a.event = event;
    a.ackId = key;
    a.state = state;
    a.requestedAt = 1'000'000;
    a.timeoutMs = 5000;
    if (state != State::Pending) {
        a.settledAt = 1'000'012;
        a.latencyUs = 12'000;
    }
    return a;
}

AckRecord settle(AckRecord a, State state, const QByteArray &answer = {})
{
    a.state = state;
    a.settledAt = a.requestedAt + 12;
    a.latencyUs = 12'000;
    a.answer = answer;
    return a;
}

struct Fixture
{
    explicit Fixture(qsizetype capacity = ui::AckModel::DefaultSettledCapacity)
        : model(capacity)
        , inspector(model)
    {
        model.setClock([] { return monitor::EpochMs(1'001'000); });
        for (QAbstractItemModel *m : std::initializer_list<QAbstractItemModel *>{
                 &model, &inspector.proxy(), &inspector.socketModel()})
            testers.push_back(std::make_unique<QAbstractItemModelTester>(
                m, QAbstractItemModelTester::FailureReportingMode::QtTest));
    }
    ui::AckModel model;
    ui::AckInspector inspector;
    std::vector<std::unique_ptr<QAbstractItemModelTester>> testers;
};

} // namespace

class TestAckInspector : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void filters();
    void pendingPerSocket();
    void detailPrettyPrintsTheAnswer();
    void settledBadlyIsHighlighted();
    void countsShowDrops();
    void placeholderWithoutAcks();
};

void TestAckInspector::filters()
{
    Fixture f;
    f.inspector.apply({ack(1, "/", "s1", u"ask"_s), ack(2, "/", "s2", u"ask"_s),
        ack(3, "/chat", "s3", u"Notice"_s), ack(4, "/chat", "s1x", u"ask"_s)});
    ui::AckFilterProxy &proxy = f.inspector.proxy();
    QCOMPARE(proxy.rowCount(), 4);
    f.inspector.namespaceFilter()->setText(u"/chat"_s);
    QCOMPARE(proxy.rowCount(), 2);
    f.inspector.eventFilter()->setText(u"notice"_s); // any case
    QCOMPARE(proxy.rowCount(), 1);
    QCOMPARE(proxy.index(0, int(ui::AckModel::Column::Socket)).data().toString(), u"s3"_s);
    f.inspector.namespaceFilter()->clear();
    f.inspector.eventFilter()->clear();
    f.inspector.socketFilter()->setText(u"s1"_s);
    QCOMPARE(proxy.rowCount(), 2); // s1 and s1x
    QVERIFY(f.inspector.countsLabel()->text().contains(u"showing 2 of 4"_s));
    // New records obey the filter.
    f.inspector.apply({ack(5, "/", "s2", u"ask"_s), ack(6, "/", "s1", u"more"_s)});
    QCOMPARE(proxy.rowCount(), 3);
    f.inspector.socketFilter()->clear();
    QCOMPARE(proxy.rowCount(), 6);
    QVERIFY(!f.inspector.countsLabel()->text().contains(u"showing"_s));
}

void TestAckInspector::pendingPerSocket()
{
    Fixture f;
    ui::AckSocketModel &sockets = f.inspector.socketModel();
    const AckRecord a1 = ack(1, "/", "s1", u"ask"_s);
    const AckRecord a2 = ack(2, "/", "s1", u"ask"_s);
    const AckRecord b1 = ack(3, "/chat", "s2", u"ask"_s);
    f.inspector.apply({a1, a2, b1, ack(4, "/", "s3", u"done"_s, State::Answered)});
    QCOMPARE(sockets.rowCount(), 2); // settled ones count nowhere
    QCOMPARE(sockets.pendingOf("s1"), 2);
    QCOMPARE(sockets.pendingOf("s2"), 1);
    QCOMPARE(sockets.index(sockets.rowOf("s2"), int(ui::AckSocketModel::Column::Namespace))
                 .data()
                 .toString(),
        u"/chat"_s);
    // An update of a pending one changes nothing; settling counts down and removes at zero.
    f.inspector.apply({a1});
    QCOMPARE(sockets.pendingOf("s1"), 2);
    f.inspector.apply({settle(a1, State::Answered, "[1]")});
    QCOMPARE(sockets.pendingOf("s1"), 1);
    f.inspector.apply({settle(b1, State::Disconnected), settle(a2, State::TimedOut)});
    QCOMPARE(sockets.rowCount(), 0);
    QCOMPARE(f.model.pendingCount(), 0);
    // A click on a socket filters the acks to it.
    f.inspector.apply({ack(7, "/", "s9", u"ask"_s)});
    QCOMPARE(sockets.rowCount(), 1);
    Q_EMIT f.inspector.socketView()->activated(sockets.index(0, 0));
    QCOMPARE(f.inspector.socketFilter()->text(), u"s9"_s);
    QCOMPARE(f.inspector.proxy().rowCount(), 1);
}

void TestAckInspector::detailPrettyPrintsTheAnswer()
{
    Fixture f;
    const AckRecord a = ack(1, "/", "s1", u"ask"_s);
    f.inspector.apply({a, ack(2, "/", "s2", u"other"_s)});
    f.inspector.view()->setCurrentIndex(f.inspector.proxy().index(0, 0));
    QString text = f.inspector.detail()->toPlainText();
    QVERIFY2(text.contains(u"pending · 4.0 s left"_s), qPrintable(text));
    QVERIFY(text.contains(u"Socket:     s1"_s));
    QVERIFY(!text.contains(u"Answer:"_s));
    // The chosen one settles: the detail follows, answer indented.
    f.inspector.apply({settle(a, State::Answered, "[{\"ok\":true,\"items\":[1,2]}]")});
    text = f.inspector.detail()->toPlainText();
    QVERIFY2(text.contains(u"answered"_s), qPrintable(text));
    QVERIFY(text.contains(u"Latency:    12.0 ms"_s));
    QVERIFY(text.contains(u"\n        \"ok\": true"_s));
    // Another row, another detail.
    f.inspector.view()->setCurrentIndex(f.inspector.proxy().index(1, 0));
    QVERIFY(f.inspector.detail()->toPlainText().contains(u"Event:      other"_s));
    // A truncated answer is shown as it came, and says so.
    AckRecord cut = settle(ack(3, "/", "s3", u"big"_s), State::Answered, "[\"aaaa");
    cut.answerTruncated = true;
    QVERIFY(ui::AckInspector::detailText(cut, u"answered"_s).contains(u"[\"aaaa\n(truncated"_s));
}

void TestAckInspector::settledBadlyIsHighlighted()
{
    Fixture f;
    f.inspector.apply(
        {ack(1, "/", "s1", u"ok"_s, State::Answered), ack(2, "/", "s2", u"late"_s, State::TimedOut),
            ack(3, "/", "s3", u"gone"_s, State::Disconnected), ack(4, "/", "s4", u"wait"_s)});
    const auto background = [&](int row) {
        return f.inspector.proxy()
            .index(row, int(ui::AckModel::Column::Event))
            .data(Qt::BackgroundRole);
    };
    QVERIFY(!background(0).isValid());
    QVERIFY(background(1).isValid());
    QVERIFY(background(2).isValid());
    QVERIFY(background(1) != background(2));
    QVERIFY(!background(3).isValid());
}

void TestAckInspector::countsShowDrops()
{
    Fixture f(10);
    QList<AckRecord> records;
    for (quint64 key = 1; key <= 30; ++key)
        records.append(ack(key, "/", "s1", u"e"_s, State::Answered));
    f.inspector.apply(records);
    monitor::Totals totals;
    totals.acksAnswered = 30;
    totals.acksDropped = 7;
    f.inspector.setTotals(totals);
    QVERIFY(f.model.droppedByBound() > 0);
    const QString text = f.inspector.countsLabel()->text();
    QVERIFY2(text.contains(u"answered 30"_s), qPrintable(text));
    QVERIFY(text.contains(u"7 dropped by the server's store"_s));
    QVERIFY(text.contains(u"%1 dropped by this view's bound"_s.arg(f.model.droppedByBound())));
}

void TestAckInspector::placeholderWithoutAcks()
{
    Fixture f;
    f.inspector.show();
    f.inspector.setAvailable(false);
    auto *placeholder = f.inspector.findChild<QLabel *>(u"ackPlaceholder"_s);
    QVERIFY(placeholder && placeholder->isVisible());
    QVERIFY(!f.inspector.view()->isVisible());
    f.inspector.setAvailable(true);
    QVERIFY(f.inspector.view()->isVisible());
}

QTEST_MAIN(TestAckInspector)
#include "tst_ack_inspector.moc"
