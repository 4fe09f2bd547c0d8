#include "ui/namespace_tree_model.h"

#include <QAbstractItemModelTester>
#include <QSignalSpy>
#include <QTest>

using namespace Qt::StringLiterals;
using sb::monitor::NamespaceCount;
using sb::monitor::RoomCount;
using sb::ui::NamespaceTreeModel;

namespace {

NamespaceCount nsp(const QByteArray &name, int sockets, QList<RoomCount> rooms = {})
{
    return {name, sockets, rooms};
}

// "name(count)[room(count) ...]" for every namespace, in model order.
QString dump(const NamespaceTreeModel &model)
{
    QStringList parts;
    for (int r = 0; r < model.rowCount(); ++r) {
        const QModelIndex n = model.index(r, 0);
        QString text = n.data().toString() + u'(' + model.index(r, 1).data().toString() + u')';
        QStringList rooms;
        for (int c = 0; c < model.rowCount(n); ++c)
            rooms.append(model.index(c, 0, n).data().toString() + u'('
                         + model.index(c, 1, n).data().toString() + u')');
        if (!rooms.isEmpty())
            text += u'[' + rooms.join(u' ') + u']';
        parts.append(text);
    }
    return parts.join(u' ');
}

} // namespace

class TestNamespaceTreeModel : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void merges_data();
    void merges();
    void countsChangeOnlyTheirCell();
    void roomsAppearAndGoAsRowChanges();
    void persistentIndexesFollowTheirRoom();
    void rolesDescribeRows();
};

void TestNamespaceTreeModel::merges_data()
{
    QTest::addColumn<QList<NamespaceCount>>("before");
    QTest::addColumn<QList<NamespaceCount>>("after");
    QTest::addColumn<QString>("expected");
    const QList<NamespaceCount> base = {nsp("/", 3), nsp("/chat", 5, {{u"a"_s, 2}, {u"c"_s, 1}})};
    QTest::newRow("same") << base << base << u"/(3) /chat(5)[a(2) c(1)]"_s;
    QTest::newRow("namespace added in the middle, sorted")
        << base << QList<NamespaceCount>{nsp("/chat", 5, {{u"a"_s, 2}, {u"c"_s, 1}}), nsp("/", 3), nsp("/admin", 1)}
        << u"/(3) /admin(1) /chat(5)[a(2) c(1)]"_s;
    QTest::newRow("namespace removed")
        << base << QList<NamespaceCount>{nsp("/chat", 4, {{u"a"_s, 2}, {u"c"_s, 1}})}
        << u"/chat(4)[a(2) c(1)]"_s;
    QTest::newRow("room inserted between")
        << base << QList<NamespaceCount>{nsp("/", 3), nsp("/chat", 5, {{u"a"_s, 2}, {u"b"_s, 7}, {u"c"_s, 1}})}
        << u"/(3) /chat(5)[a(2) b(7) c(1)]"_s;
    QTest::newRow("rooms replaced")
        << base << QList<NamespaceCount>{nsp("/", 3), nsp("/chat", 5, {{u"x"_s, 1}, {u"y"_s, 1}})}
        << u"/(3) /chat(5)[x(1) y(1)]"_s;
    QTest::newRow("everything gone") << base << QList<NamespaceCount>{} << QString();
    QTest::newRow("from nothing") << QList<NamespaceCount>{} << base << u"/(3) /chat(5)[a(2) c(1)]"_s;
    QTest::newRow("CJK room") << base
        << QList<NamespaceCount>{nsp("/", 3), nsp("/chat", 5, {{u"運営"_s, 2}})} << u"/(3) /chat(5)[運営(2)]"_s;
}

void TestNamespaceTreeModel::merges()
{
    QFETCH(QList<NamespaceCount>, before);
    QFETCH(QList<NamespaceCount>, after);
    QFETCH(QString, expected);
    NamespaceTreeModel model;
    QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::Fatal);
    model.applyNamespaces(before);
    QSignalSpy reset(&model, &QAbstractItemModel::modelReset);
    model.applyNamespaces(after);
    QCOMPARE(dump(model), expected);
    QCOMPARE(reset.size(), 0); // merged in place, never reset
}

void TestNamespaceTreeModel::countsChangeOnlyTheirCell()
{
    NamespaceTreeModel model;
    QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::Fatal);
    model.applyNamespaces({nsp("/", 1), nsp("/chat", 5, {{u"a"_s, 2}, {u"b"_s, 3}})});
    QSignalSpy changed(&model, &QAbstractItemModel::dataChanged);
    QSignalSpy inserted(&model, &QAbstractItemModel::rowsInserted);
    QSignalSpy removed(&model, &QAbstractItemModel::rowsRemoved);
    model.applyNamespaces({nsp("/", 1), nsp("/chat", 6, {{u"a"_s, 2}, {u"b"_s, 4}})});
    QCOMPARE(inserted.size(), 0);
    QCOMPARE(removed.size(), 0);
    QCOMPARE(changed.size(), 2);
    const auto cell = [&](int i) { return changed.at(i).at(0).value<QModelIndex>(); };
    QCOMPARE(cell(0), model.namespaceIndex("/chat", 1));
    QCOMPARE(changed.at(0).at(1).value<QModelIndex>(), cell(0));
    QCOMPARE(cell(1), model.roomIndex("/chat", u"b"_s, 1));
    QCOMPARE(cell(1).data().toInt(), 4);
}

void TestNamespaceTreeModel::roomsAppearAndGoAsRowChanges()
{
    NamespaceTreeModel model;
    QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::Fatal);
    model.applyNamespaces({nsp("/chat", 2)});
    QSignalSpy inserted(&model, &QAbstractItemModel::rowsInserted);
    model.applyNamespaces({nsp("/chat", 2, {{u"a"_s, 1}, {u"b"_s, 1}, {u"c"_s, 1}})});
    QCOMPARE(inserted.size(), 1); // adjacent new rooms in one insertion
    QCOMPARE(inserted.at(0).at(0).value<QModelIndex>(), model.namespaceIndex("/chat"));
    QCOMPARE(inserted.at(0).at(1).toInt(), 0);
    QCOMPARE(inserted.at(0).at(2).toInt(), 2);

    QSignalSpy removed(&model, &QAbstractItemModel::rowsRemoved);
    model.applyNamespaces({nsp("/chat", 2, {{u"b"_s, 1}})});
    QCOMPARE(removed.size(), 2); // c, then a
    QCOMPARE(removed.at(0).at(1).toInt(), 2);
    QCOMPARE(removed.at(1).at(1).toInt(), 0);
    QCOMPARE(dump(model), u"/chat(2)[b(1)]"_s);
}

void TestNamespaceTreeModel::persistentIndexesFollowTheirRoom()
{
    NamespaceTreeModel model;
    QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::Fatal);
    model.applyNamespaces({nsp("/chat", 2, {{u"lobby"_s, 2}})});
    const QPersistentModelIndex lobby = model.roomIndex("/chat", u"lobby"_s);
    QVERIFY(lobby.isValid());
    // A namespace sorted before /chat moves it down a row; the room's index must follow.
    model.applyNamespaces({nsp("/", 1), nsp("/admin", 1), nsp("/chat", 2, {{u"lobby"_s, 3}})});
    QVERIFY(lobby.isValid());
    QCOMPARE(lobby.parent().row(), 2);
    QCOMPARE(lobby.data().toString(), u"lobby"_s);
    model.applyNamespaces({nsp("/", 1)});
    QVERIFY(!lobby.isValid());
}

void TestNamespaceTreeModel::rolesDescribeRows()
{
    NamespaceTreeModel model;
    model.applyNamespaces({nsp("/chat", 2, {{u"lobby"_s, 2}})});
    const QModelIndex n = model.namespaceIndex("/chat");
    const QModelIndex r = model.roomIndex("/chat", u"lobby"_s);
    QCOMPARE(n.data(int(NamespaceTreeModel::Role::Namespace)).toByteArray(), QByteArray("/chat"));
    QCOMPARE(n.data(int(NamespaceTreeModel::Role::IsRoom)).toBool(), false);
    QCOMPARE(r.data(int(NamespaceTreeModel::Role::Namespace)).toByteArray(), QByteArray("/chat"));
    QCOMPARE(r.data(int(NamespaceTreeModel::Role::Room)).toString(), u"lobby"_s);
    QCOMPARE(r.data(int(NamespaceTreeModel::Role::Members)).toInt(), 2);
    QCOMPARE(r.data(int(NamespaceTreeModel::Role::IsRoom)).toBool(), true);
}

QTEST_MAIN(TestNamespaceTreeModel)
#include "tst_namespace_tree_model.moc"
