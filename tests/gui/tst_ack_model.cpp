#include "ui/ack_model.h"

#include <QAbstractItemModelTester>
#include <QSignalSpy>
#include <QTest>

using namespace Qt::StringLiterals;
using sb::monitor::AckRecord;
using sb::ui::AckModel;
using Column = AckModel::Column;
using State = AckRecord::State;

namespace {

constexpr sb::monitor::EpochMs T0 = 1'700'000'000'000;

AckRecord ack(quint64 key, State state = State::Pending, std::optional<qint64> timeout = 5000)
{
    AckRecord a;
    a.key = key;
    a.kind = AckRecord::Kind::ServerToClient;
    a.state = state;
    a.nsp = "/chat";
    a.socket = "s" + QByteArray::number(key);
    a.ackId = key + 100;
    a.event = u"confirm"_s;
    a.requestedAt = T0;
    a.timeoutMs = timeout;
    if (state != State::Pending) {
        a.settledAt = T0 + 12;
        a.latencyUs = 12'000;
    }
    if (state == State::Answered)
        a.answer = R"([{"ok":true}])";
    return a;
}

} // namespace

class TestAckModel : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void endStates_data();
    void endStates();
    void updatesInPlace();
    void countdownRefreshesOnlyPendingRows();
    void clientToServerHasNoCountdown();
    void boundKeepsTheLatestSettled();
    void coloursDeriveFromThePalette();
};

void TestAckModel::endStates_data()
{
    QTest::addColumn<int>("state");
    QTest::addColumn<QString>("text");
    QTest::addColumn<QString>("latency");
    QTest::addColumn<QString>("answer");
    QTest::newRow("answered") << int(State::Answered) << u"answered"_s << u"12.0 ms"_s << uR"([{"ok":true}])"_s;
    QTest::newRow("timed out") << int(State::TimedOut) << u"timed out"_s << u"12.0 ms"_s << QString();
    QTest::newRow("disconnected") << int(State::Disconnected) << u"disconnected"_s << u"12.0 ms"_s << QString();
}

void TestAckModel::endStates()
{
    QFETCH(int, state);
    QFETCH(QString, text);
    QFETCH(QString, latency);
    QFETCH(QString, answer);
    AckModel model;
    QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::Fatal);
    model.setClock([] { return T0 + 1000; });
    model.apply({ack(1)});
    QCOMPARE(model.index(0, int(Column::State)).data().toString(), u"pending · 4.0 s left"_s);
    QCOMPARE(model.pendingCount(), 1);
    model.apply({ack(1, State(state))});
    QCOMPARE(model.rowCount(), 1);
    QCOMPARE(model.index(0, int(Column::State)).data().toString(), text);
    QCOMPARE(model.index(0, int(Column::Latency)).data().toString(), latency);
    QCOMPARE(model.index(0, int(Column::Answer)).data().toString(), answer);
    QCOMPARE(model.index(0, 0).data(int(AckModel::Role::State)).toInt(), state);
    QCOMPARE(model.pendingCount(), 0);
}

void TestAckModel::updatesInPlace()
{
    AckModel model;
    QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::Fatal);
    QSignalSpy inserted(&model, &QAbstractItemModel::rowsInserted);
    model.apply({ack(1), ack(2), ack(3)});
    QCOMPARE(inserted.size(), 1);
    QSignalSpy changed(&model, &QAbstractItemModel::dataChanged);
    model.apply({ack(2, State::Answered), ack(4)});
    QCOMPARE(inserted.size(), 2);
    QCOMPARE(model.rowCount(), 4);
    QCOMPARE(model.rowOf(2), 1);
    QCOMPARE(model.rowOf(4), 3);
    // State, then latency and answer (adjacent): two signals, row 1 only.
    QCOMPARE(changed.size(), 2);
    for (const QList<QVariant> &args : changed) {
        QCOMPARE(args.at(0).value<QModelIndex>().row(), 1);
        QCOMPARE(args.at(1).value<QModelIndex>().row(), 1);
    }
    QCOMPARE(changed.at(0).at(0).value<QModelIndex>().column(), int(Column::State));
    QCOMPARE(changed.at(0).at(1).value<QModelIndex>().column(), int(Column::State));
    QCOMPARE(changed.at(1).at(0).value<QModelIndex>().column(), int(Column::Latency));
    QCOMPARE(changed.at(1).at(1).value<QModelIndex>().column(), int(Column::Answer));
}

void TestAckModel::countdownRefreshesOnlyPendingRows()
{
    AckModel model;
    QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::Fatal);
    sb::monitor::EpochMs now = T0;
    model.setClock([&now] { return now; });
    model.apply({ack(1, State::Answered), ack(2), ack(3, State::TimedOut), ack(4), ack(5, State::Answered)});
    QSignalSpy changed(&model, &QAbstractItemModel::dataChanged);
    now = T0 + 3'200;
    model.refreshCountdowns();
    QCOMPARE(changed.size(), 1);
    QCOMPARE(changed.at(0).at(0).value<QModelIndex>(), model.index(1, int(Column::State)));
    QCOMPARE(changed.at(0).at(1).value<QModelIndex>(), model.index(3, int(Column::State)));
    QCOMPARE(model.index(1, int(Column::State)).data().toString(), u"pending · 1.8 s left"_s);
    now = T0 + 6'500;
    QCOMPARE(model.index(3, int(Column::State)).data().toString(), u"pending · overdue 1.5 s"_s);

    model.apply({ack(2, State::Answered), ack(4, State::TimedOut)});
    changed.clear();
    model.refreshCountdowns();
    QCOMPARE(changed.size(), 0); // nothing pending: nothing repainted
}

void TestAckModel::clientToServerHasNoCountdown()
{
    AckModel model;
    AckRecord a = ack(1, State::Pending, std::nullopt);
    a.kind = AckRecord::Kind::ClientToServer;
    model.apply({a});
    QCOMPARE(model.index(0, int(Column::State)).data().toString(), u"pending"_s);
    QCOMPARE(model.index(0, int(Column::Direction)).data().toString(), u"client → server"_s);
    QSignalSpy changed(&model, &QAbstractItemModel::dataChanged);
    model.refreshCountdowns();
    QCOMPARE(changed.size(), 0);
}

void TestAckModel::boundKeepsTheLatestSettled()
{
    AckModel model(10);
    QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::Fatal);
    model.apply({ack(100)}); // pending: never dropped
    QList<AckRecord> settled;
    for (quint64 k = 1; k <= 12; ++k)
        settled.append(ack(k, State::Answered));
    model.apply(settled);
    QCOMPARE(model.droppedByBound(), 2u);
    QCOMPARE(model.rowCount(), 11);
    QCOMPARE(model.rowOf(1), -1);
    QCOMPARE(model.rowOf(2), -1);
    QCOMPARE(model.rowOf(100), 0);
    for (quint64 k = 3; k <= 12; ++k)
        QCOMPARE(model.rowOf(k), int(k) - 2);
    // Settling the pending one makes it the newest settled; the oldest goes.
    model.apply({ack(100, State::TimedOut)});
    QCOMPARE(model.droppedByBound(), 3u);
    QCOMPARE(model.rowOf(3), -1);
    QCOMPARE(model.rowOf(100), 0);
    QCOMPARE(model.rowCount(), 10);
}

void TestAckModel::coloursDeriveFromThePalette()
{
    AckModel model;
    model.apply({ack(1, State::Answered), ack(2, State::TimedOut)});
    const QColor answered = model.index(0, 0).data(Qt::BackgroundRole).value<QColor>();
    const QColor timedOut = model.index(1, 0).data(Qt::BackgroundRole).value<QColor>();
    QVERIFY(answered.isValid());
    QVERIFY(answered != timedOut);
    QVERIFY(answered.green() > answered.red());
    QVERIFY(timedOut.red() > timedOut.green());
    // Close to the palette's base, so the palette's text stays readable on it, light or dark.
    const QColor base = QGuiApplication::palette().color(QPalette::Base);
    QVERIFY(std::abs(answered.lightness() - base.lightness()) < 110);
    QVERIFY(!model.index(0, int(Column::Event)).data(Qt::BackgroundRole).isValid());
}

QTEST_MAIN(TestAckModel)
#include "tst_ack_model.moc"
