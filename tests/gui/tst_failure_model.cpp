#include "ui/failure_model.h"

#include <QAbstractItemModelTester>
#include <QTest>

using namespace Qt::StringLiterals;
using sb::monitor::ConnectionFailure;
using sb::ui::FailureModel;
using Column = FailureModel::Column;

namespace {

ConnectionFailure handshake(int n, int code = 1)
{
    ConnectionFailure f;
    f.time = 1'700'000'000'000 + n;
    f.kind = ConnectionFailure::Kind::Handshake;
    f.address = u"203.0.113.%1"_s.arg(n);
    f.origin = u"https://example.com"_s;
    f.userAgent = u"curl/8"_s;
    f.code = code;
    f.message = u"Session ID unknown"_s;
    f.detail = "ctx";
    return f;
}

ConnectionFailure refused(int n)
{
    ConnectionFailure f;
    f.time = 1'700'000'000'000 + n;
    f.kind = ConnectionFailure::Kind::Connect;
    f.address = u"10.0.0.1"_s;
    f.message = u"unauthorized"_s;
    f.detail = R"({"reason":"bad token"})";
    f.nsp = "/admin";
    return f;
}

} // namespace

class TestFailureModel : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void showsBothKinds();
    void boundDropsOldest();
};

void TestFailureModel::showsBothKinds()
{
    FailureModel model;
    QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::Fatal);
    model.append({handshake(1), refused(2)});
    const auto text = [&](int row, Column c) { return model.index(row, int(c)).data().toString(); };
    QCOMPARE(text(0, Column::Kind), u"handshake refused"_s);
    QCOMPARE(text(0, Column::Code), u"1"_s);
    QCOMPARE(text(0, Column::Message), u"Session ID unknown"_s);
    QCOMPARE(text(0, Column::Origin), u"https://example.com"_s);
    QCOMPARE(model.index(0, int(Column::Code)).data(Qt::ToolTipRole).toString(), u"Session ID unknown"_s);
    QVERIFY(model.index(0, int(Column::Address)).data(Qt::ToolTipRole).toString().contains(u"curl/8"_s));
    QCOMPARE(text(1, Column::Kind), u"connect refused"_s);
    QCOMPARE(text(1, Column::Code), u"—"_s);
    QCOMPARE(text(1, Column::Detail), uR"({"reason":"bad token"})"_s);
    QCOMPARE(text(1, Column::Namespace), u"/admin"_s);
}

void TestFailureModel::boundDropsOldest()
{
    FailureModel model(3);
    QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::Fatal);
    model.append({handshake(1), handshake(2)});
    model.append({handshake(3), handshake(4)});
    QCOMPARE(model.rowCount(), 3);
    QCOMPARE(model.droppedByBound(), 1u);
    QCOMPARE(model.failureAt(0).address, u"203.0.113.2"_s);
    model.append({handshake(5), handshake(6), handshake(7), handshake(8)});
    QCOMPARE(model.droppedByBound(), 5u);
    QCOMPARE(model.failureAt(0).address, u"203.0.113.6"_s);
}

QTEST_MAIN(TestFailureModel)
#include "tst_failure_model.moc"
