#include "fake_source.h"
#include "sample_server.h"

#include "ui/charts_panel.h"
#include "ui/main_window.h"
#include "ui/socket_inspector.h"
#include "ui/traffic_pane.h"
#include "ui/traffic_record_dialog.h"

#include <QAction>
#include <QApplication>
#include <QClipboard>
#include <QDockWidget>
#include <QFile>
#include <QHeaderView>
#include <QLabel>
#include <QLineEdit>
#include <QLineSeries>
#include <QMenu>
#include <QPushButton>
#include <QSettings>
#include <QSignalSpy>
#include <QStackedWidget>
#include <QStandardPaths>
#include <QTableView>
#include <QTableWidget>
#include <QTemporaryDir>
#include <QTest>
#include <QToolButton>
#include <QTreeView>
#include <QTreeWidget>

using namespace Qt::StringLiterals;
using namespace sb::monitor;
using sb::test::FakeSource;
using sb::ui::MainWindow;

namespace {

SocketRow socket(
    const QByteArray &id, const QByteArray &nsp, QStringList rooms, const QString &user)
{
    SocketRow r;
    r.id = id;
    r.nsp = nsp;
    r.sessionId = id + "-session";
    r.user = user;
    r.address = u"192.168.1.7"_s;
    r.transport = u"websocket"_s;
    r.rooms = rooms;
    r.connectedAt = 1'700'000'000'000;
    return r;
}

ServerSnapshot firstSnapshot()
{
    ServerSnapshot s;
    s.time = 1'700'000'000'000;
    s.urls = {QUrl(u"http://192.168.1.20:3000/"_s), QUrl(u"http://127.0.0.1:3000/"_s)};
    s.sockets = 4;
    s.connections = 3;
    s.namespacesChanged = true;
    s.namespaces = {{"/chat", 3, {{u"lobby"_s, 2}, {u"vip"_s, 1}}}, {"/", 1, {}}};
    s.socketDelta.added = {socket("a", "/chat", {u"lobby"_s}, u"alice"_s),
        socket("b", "/chat", {u"lobby"_s, u"vip"_s}, u"bob"_s),
        socket("c", "/chat", {}, u"carol"_s), socket("d", "/", {}, u"dave"_s)};
    for (int i = 0; i < 5; ++i) {
        TrafficRecord r;
        r.seq = quint64(i + 1);
        r.time = s.time + i;
        r.socket = i % 2 ? "a" : "c";
        r.nsp = "/chat";
        r.event = u"message"_s;
        r.packetType = 2;
        r.payload = "2/chat,[\"message\",{\"text\":\"hello " + QByteArray::number(i) + "\"}]";
        r.size = r.payload.size();
        s.traffic.append(r);
    }
    s.rates.eventsIn = 120;
    s.rates.eventsOut = 480;
    return s;
}

ServerSnapshot later(quint64 seq, double eventsIn)
{
    ServerSnapshot s;
    s.seq = seq;
    s.time = 1'700'000'000'000 + qint64(seq) * 250;
    s.urls = {QUrl(u"http://192.168.1.20:3000/"_s), QUrl(u"http://127.0.0.1:3000/"_s)};
    s.sockets = 4;
    s.rates.eventsIn = eventsIn;
    TrafficRecord r;
    r.seq = 100 + seq;
    r.time = s.time;
    r.socket = "b";
    r.nsp = "/chat";
    r.event = u"later"_s;
    r.payload = R"(2/chat,["later",1])";
    s.traffic = {r};
    return s;
}

} // namespace

class TestMainWindow : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void initTestCase();
    void showsSocketsInTreeAndTable();
    void selectingARoomFiltersTheTable();
    void inspectorMasksSecrets();
    void commandsReachTheSource();
    void missingCapabilitiesShowPlaceholders();
    void windowStateRoundTrips();
    void pauseHoldsTrafficWhileCountersRun();
    void exportsTheVisibleTraffic();
    void opensARecordOnEnter();
    void findSelectsTheNextMatch();
    void copiesTheUrl();
    void urlTooltipShowsTheTlsFingerprint();
    void measuresApplyTimeAndGuiLag();
    void chartsPlotOnePointPerSecond();
    void takesABusyServer();
    void reportsApplyTimesAtScale();
};

void TestMainWindow::initTestCase()
{
    QStandardPaths::setTestModeEnabled(true);
    QCoreApplication::setOrganizationName(u"SwitchboardTests"_s);
    QCoreApplication::setApplicationName(u"tst_main_window"_s);
    QSettings().clear();
}

void TestMainWindow::showsSocketsInTreeAndTable()
{
    FakeSource source;
    MainWindow window(source);
    source.emitSnapshot(firstSnapshot());
    QCOMPARE(window.socketModel().rowCount(), 4);
    QCOMPARE(window.socketView()->model()->rowCount(), 4);
    QTreeView *tree = window.namespaceView();
    QCOMPARE(tree->model()->rowCount(), 2);
    const QModelIndex chat = window.namespaceModel().namespaceIndex("/chat");
    QCOMPARE(tree->model()->rowCount(chat), 2);
    QCOMPARE(window.namespaceModel().roomIndex("/chat", u"lobby"_s, 1).data().toInt(), 2);
    QVERIFY(tree->isExpanded(chat));
    QCOMPARE(window.trafficModel().rowCount(), 5);
    QCOMPARE(
        window.findChild<QLabel *>(u"socketsStatus"_s)->text(), u"sockets 4 · connections 3"_s);
    QVERIFY(window.windowTitle().contains(source.title()));
}

void TestMainWindow::selectingARoomFiltersTheTable()
{
    FakeSource source;
    MainWindow window(source);
    source.emitSnapshot(firstSnapshot());
    QTreeView *tree = window.namespaceView();
    tree->setCurrentIndex(window.namespaceModel().roomIndex("/chat", u"lobby"_s));
    QCOMPARE(window.socketView()->model()->rowCount(), 2);
    QSet<QByteArray> ids;
    for (int r = 0; r < 2; ++r)
        ids.insert(window.socketView()
                       ->model()
                       ->index(r, 0)
                       .data(int(sb::ui::SocketTableModel::Role::SocketId))
                       .toByteArray());
    QCOMPARE(ids, (QSet<QByteArray>{"a", "b"}));
    QVERIFY(window.findChild<QLabel *>(u"socketScope"_s)->text().contains(u"lobby"_s));

    tree->setCurrentIndex(window.namespaceModel().roomIndex("/chat", u"vip"_s));
    QCOMPARE(window.socketView()->model()->rowCount(), 1);
    tree->setCurrentIndex(window.namespaceModel().namespaceIndex("/chat"));
    QCOMPARE(window.socketView()->model()->rowCount(), 3);
    tree->setCurrentIndex(window.namespaceModel().namespaceIndex("/"));
    QCOMPARE(window.socketView()->model()->rowCount(), 1);
    window.findChild<QPushButton *>(u"showAllSockets"_s)->click();
    QCOMPARE(window.socketView()->model()->rowCount(), 4);

    // The text filter works on top of the scope.
    window.findChild<QLineEdit *>(u"socketFilter"_s)->setText(u"BOB"_s);
    QCOMPARE(window.socketView()->model()->rowCount(), 1);
}

void TestMainWindow::inspectorMasksSecrets()
{
    FakeSource source;
    MainWindow window(source);
    ServerSnapshot first = firstSnapshot();
    source.emitSnapshot(first);
    SocketDetails details;
    details.found = true;
    details.id = "b";
    details.nsp = "/chat";
    details.address = u"192.168.1.7"_s;
    details.url = "/socket.io/?EIO=4&transport=websocket";
    details.headers = {{"user-agent", "test"}, {"cookie", "session=topsecret"}};
    details.query = {{"EIO", "4"}, {"token", "querysecret"}};
    details.auth = R"({"token":"tok-123","user":{"name":"bob","password":"hunter2"}})";
    details.data = R"({"username":"bob","password":"datasecret"})";
    details.rooms = {u"lobby"_s, u"vip"_s};
    source.setDetails(details);

    sb::ui::SocketInspector &inspector = window.inspector();
    QSignalSpy shown(&inspector, &sb::ui::SocketInspector::detailsShown);
    const QModelIndex b = window.socketProxy().index(
        window.socketProxy().mapFromSource(window.socketModel().index(1, 0)).row(), 0);
    window.socketView()->setCurrentIndex(b);
    QCOMPARE(source.detailRequests, (QList<QByteArray>{"b"}));
    QVERIFY(shown.wait(10'000));
    const QString auth = inspector.authText();
    QVERIFY2(!auth.contains(u"tok-123"_s) && !auth.contains(u"hunter2"_s), qPrintable(auth));
    QVERIFY(auth.contains(u"••••••"_s));
    QVERIFY(auth.contains(u"\"bob\""_s)); // what is not secret stays
    QVERIFY(!inspector.dataText().contains(u"datasecret"_s));
    QCOMPARE(inspector.rooms(), (QStringList{u"lobby"_s, u"vip"_s}));
    const auto *tree = inspector.findChild<QTreeWidget *>();
    QVERIFY(tree);
    const QList<QTreeWidgetItem *> everything
        = tree->findItems(u"*"_s, Qt::MatchWildcard | Qt::MatchRecursive, 1);
    for (const QTreeWidgetItem *item : everything) {
        QVERIFY(!item->text(1).contains(u"topsecret"_s));
        QVERIFY(!item->text(1).contains(u"querysecret"_s));
    }

    // The recent traffic tab shows only this socket's records.
    source.emitSnapshot(later(2, 1));
    QCOMPARE(inspector.trafficProxy().rowCount(), 1);

    // Masked keys are a setting: another key, saved.
    inspector.setMaskedKeys({u"username"_s});
    QVERIFY(!inspector.dataText().contains(u"\"bob\""_s));
    QVERIFY(inspector.dataText().contains(u"datasecret"_s));
    QCOMPARE(
        QSettings().value(u"inspector/maskedKeys"_s).toStringList(), QStringList{u"username"_s});
    inspector.setMaskedKeys(sb::ui::SecretMasker::defaultKeys());
}

void TestMainWindow::commandsReachTheSource()
{
    FakeSource source;
    MainWindow window(source);
    source.emitSnapshot(firstSnapshot());
    QVERIFY(window.tapAction()->isChecked());
    window.tapAction()->trigger();
    QCOMPARE(source.tapCommands, QList<bool>{false});
    window.tapAction()->trigger();
    QCOMPARE(source.tapCommands, (QList<bool>{false, true}));
    // The snapshot says what the tap really is.
    ServerSnapshot off = later(3, 1);
    off.tapEnabled = false;
    source.emitSnapshot(off);
    QVERIFY(!window.tapAction()->isChecked());

    QVERIFY(window.stopAction()->isEnabled());
    window.stopAction()->trigger();
    QCOMPARE(source.stopRequests, 1);
    QLabel *state = window.findChild<QLabel *>(u"stateStatus"_s);
    QTRY_COMPARE_WITH_TIMEOUT(state->text(), u"stopped"_s, 10'000);
    QVERIFY(!window.stopAction()->isEnabled());
}

void TestMainWindow::missingCapabilitiesShowPlaceholders()
{
    FakeSource source(Capability::Traffic);
    MainWindow window(source);
    source.emitSnapshot(firstSnapshot());
    // A stacked page that is not current is hidden; the current one is not.
    const auto shows = [](const MainWindow &w, const QString &placeholder) {
        const auto *label = w.findChild<QLabel *>(placeholder);
        return label && !label->isHidden();
    };
    const auto current = [&](const QString &placeholder) { return shows(window, placeholder); };
    QVERIFY(current(u"ackPlaceholder"_s));
    QVERIFY(current(u"failurePlaceholder"_s));
    QVERIFY(current(u"rttPlaceholder"_s));
    QCOMPARE(window.findChild<QLabel *>(u"ackPlaceholder"_s)->text(),
        u"This server does not report acks."_s);
    QCOMPARE(
        window.findChild<QLabel *>(u"healthStatus"_s)->text(), u"server health: not reported"_s);
    QCOMPARE(
        window.socketModel().index(0, int(sb::ui::SocketTableModel::Column::Rtt)).data().toString(),
        u"n/a"_s);
    QVERIFY(!window.stopAction()->isEnabled());
    // The charts fill in when they are shown (hidden, they only keep the latest figures).
    QVERIFY(!window.charts().totalsTable()->item(0, 0));
    window.show();
    window.chartsDock()->show();
    window.chartsDock()->raise();
    QTRY_VERIFY(window.charts().totalsTable()->item(0, 0));
    QVERIFY(window.charts().totalsTable()->item(0, 0)->text().contains(
        u"does not report failed handshakes"_s));
    QVERIFY(!current(u"trafficPlaceholder"_s));

    FakeSource bare(Capability::StopServer);
    MainWindow other(bare);
    QVERIFY(shows(other, u"trafficPlaceholder"_s));
    QVERIFY(other.stopAction()->isEnabled());

    FakeSource full;
    MainWindow all(full);
    for (const QString &name : {u"ackPlaceholder"_s, u"failurePlaceholder"_s, u"rttPlaceholder"_s,
             u"trafficPlaceholder"_s})
        QVERIFY2(!shows(all, name), qPrintable(name));
}

void TestMainWindow::windowStateRoundTrips()
{
    QTemporaryDir dir;
    QVERIFY(dir.isValid());
    QSettings settings(dir.filePath(u"state.ini"_s), QSettings::IniFormat);
    {
        FakeSource source;
        MainWindow window(source);
        window.show();
        QVERIFY(QTest::qWaitForWindowExposed(&window));
        window.chartsDock()->hide();
        window.socketView()->horizontalHeader()->resizeSection(0, 333);
        window.socketView()->horizontalHeader()->moveSection(2, 5);
        window.saveWindowState(settings);
    }
    settings.sync();
    QSettings reread(dir.filePath(u"state.ini"_s), QSettings::IniFormat);
    FakeSource source;
    MainWindow window(source);
    QVERIFY(!window.chartsDock()->isHidden());
    window.restoreWindowState(reread);
    window.show();
    QVERIFY(QTest::qWaitForWindowExposed(&window));
    QVERIFY(window.chartsDock()->isHidden());
    QVERIFY(!window.trafficDock()->isHidden());
    QCOMPARE(window.socketView()->horizontalHeader()->sectionSize(0), 333);
    QCOMPARE(window.socketView()->horizontalHeader()->visualIndex(2), 5);
}

void TestMainWindow::pauseHoldsTrafficWhileCountersRun()
{
    FakeSource source;
    MainWindow window(source);
    source.emitSnapshot(firstSnapshot());
    window.pauseAction()->trigger();
    QVERIFY(window.trafficModel().isPaused());
    source.emitSnapshot(later(2, 777));
    source.emitSnapshot(later(3, 888));
    QCOMPARE(window.trafficModel().rowCount(), 5);
    QCOMPARE(window.trafficModel().heldCount(), 2);
    QVERIFY(window.findChild<QLabel *>(u"ratesStatus"_s)->text().contains(u"888"_s));
    QVERIFY(window.findChild<QLabel *>(u"trafficCounts"_s)->text().contains(u"held: 2"_s));
    window.pauseAction()->trigger();
    QCOMPARE(window.trafficModel().rowCount(), 7);
    QCOMPARE(window.trafficModel().heldCount(), 0);
}

void TestMainWindow::exportsTheVisibleTraffic()
{
    FakeSource source;
    MainWindow window(source);
    source.emitSnapshot(firstSnapshot());
    window.trafficPane().proxy().setSocketFilter("a");
    QTemporaryDir dir;
    const QString path = dir.filePath(u"a.csv"_s);
    QString error;
    QVERIFY2(window.exportTraffic(path, sb::ui::TrafficExporter::Format::Csv, &error),
        qPrintable(error));
    QFile file(path);
    QVERIFY(file.open(QIODevice::ReadOnly));
    const QList<QByteArray> lines = file.readAll().split('\n');
    QCOMPARE(lines.size(), 1 + 2 + 1); // header, the two records of "a", the empty tail
    QVERIFY(lines.at(1).contains(",a,/chat,"));
    QVERIFY(lines.at(2).contains(",a,/chat,"));
}

void TestMainWindow::opensARecordOnEnter()
{
    FakeSource source;
    MainWindow window(source);
    source.emitSnapshot(firstSnapshot());
    QTableView *view = window.trafficPane().view();
    view->setCurrentIndex(view->model()->index(2, 0));
    QTest::keyClick(view, Qt::Key_Return);
    const QList<sb::ui::TrafficRecordDialog *> dialogs
        = window.findChildren<sb::ui::TrafficRecordDialog *>();
    QCOMPARE(dialogs.size(), 1);
    QVERIFY(dialogs.first()->prettyText().contains(u"\"text\": \"hello 2\""_s));
    QCOMPARE(dialogs.first()->rawText(), uR"(2/chat,["message",{"text":"hello 2"}])"_s);
    dialogs.first()->close();
}

void TestMainWindow::findSelectsTheNextMatch()
{
    FakeSource source;
    MainWindow window(source);
    source.emitSnapshot(firstSnapshot());
    window.findAction()->trigger();
    sb::ui::TrafficPane &pane = window.trafficPane();
    pane.setFindText(u"hello 3"_s);
    QVERIFY(pane.findNext());
    QCOMPARE(pane.view()->currentIndex().row(), 3);
    QVERIFY(pane.view()->selectionModel()->isRowSelected(3, {}));
    pane.setFindText(u"hello"_s);
    QVERIFY(pane.findNext());
    QCOMPARE(pane.view()->currentIndex().row(), 4);
    QVERIFY(pane.findPrevious());
    QCOMPARE(pane.view()->currentIndex().row(), 3);
    pane.setFindText(u"absent"_s);
    QVERIFY(!pane.findNext());
}

void TestMainWindow::copiesTheUrl()
{
    FakeSource source;
    MainWindow window(source);
    source.emitSnapshot(firstSnapshot());
    auto *button = window.findChild<QToolButton *>(u"urlButton"_s);
    QCOMPARE(button->text(), u"http://192.168.1.20:3000/"_s);
    QCOMPARE(button->menu()->actions().size(), 2);
    button->click();
    QCOMPARE(QApplication::clipboard()->text(), u"http://192.168.1.20:3000/"_s);
    button->menu()->actions().at(1)->trigger();
    QCOMPARE(QApplication::clipboard()->text(), u"http://127.0.0.1:3000/"_s);
}

void TestMainWindow::urlTooltipShowsTheTlsFingerprint()
{
    FakeSource source;
    MainWindow window(source);
    auto *button = window.findChild<QToolButton *>(u"urlButton"_s);
    QVERIFY(!button->toolTip().contains(u"fingerprint"_s));
    const QString fingerprint = u"AB:CD:EF"_s;
    window.setTlsFingerprint(fingerprint);
    QVERIFY2(button->toolTip().contains(u"SHA-256 fingerprint: AB:CD:EF"_s),
        qPrintable(button->toolTip()));
    window.setTlsFingerprint({});
    QVERIFY(!button->toolTip().contains(u"fingerprint"_s));
}

void TestMainWindow::measuresApplyTimeAndGuiLag()
{
    FakeSource source;
    MainWindow window(source);
    source.emitSnapshot(firstSnapshot());
    for (quint64 i = 2; i <= 10; ++i)
        source.emitSnapshot(later(i, double(i)));
    QCOMPARE(window.snapshotsApplied(), 10u);
    const sb::monitor::DurationSummary apply = window.applyTimes();
    QCOMPARE(apply.samples, 10);
    QVERIFY(apply.p50Ms > 0);
    QVERIFY(apply.p99Ms >= apply.p50Ms);
    QTRY_VERIFY_WITH_TIMEOUT(window.guiLoopLag().samples > 0, 10'000);
    QTRY_VERIFY_WITH_TIMEOUT(
        window.findChild<QLabel *>(u"guiLagStatus"_s)->text().startsWith(u"GUI loop p99"_s),
        10'000);
    QCOMPARE(window.charts().pointCount(), 2); // 2.5 s of snapshots: two seconds closed
}

// A point per second, the mean of its snapshots; hidden, the charts only collect, and show
// everything collected when they are shown again.
void TestMainWindow::chartsPlotOnePointPerSecond()
{
    FakeSource source;
    MainWindow window(source);
    window.show();
    window.chartsDock()->show();
    window.chartsDock()->raise();
    QVERIFY(QTest::qWaitForWindowExposed(&window));
    QTRY_VERIFY(window.charts().isVisible());
    for (quint64 i = 1; i <= 9; ++i) // 250 ms apart: 1-4 and 5-8 make a second each
        source.emitSnapshot(later(i, double(i)));
    QCOMPARE(window.charts().pointCount(), 2);
    const QLineSeries *in = window.charts().eventsInSeries();
    QCOMPARE(in->count(), 2);
    QCOMPARE(in->at(0).y(), 2.5);
    QCOMPARE(in->at(1).y(), 6.5);
    QCOMPARE(qint64(in->at(1).x()), 1'700'000'000'000 + 8 * 250);
    // An old or repeated snapshot is not plotted again.
    source.emitSnapshot(later(3, 1000));
    QCOMPARE(window.charts().pointCount(), 2);

    window.chartsDock()->hide();
    QTRY_VERIFY(!window.charts().isVisible());
    for (quint64 i = 10; i <= 21; ++i)
        source.emitSnapshot(later(i, 1));
    QCOMPARE(window.charts().pointCount(), 5);
    QCOMPARE(in->count(), 2);
    window.chartsDock()->show();
    QTRY_COMPARE(in->count(), 5);
    QCOMPARE(in->at(4).y(), 1.0);
}

void TestMainWindow::takesABusyServer()
{
    // The sample server: sockets coming and going, acks, failures; the views stay consistent.
    FakeSource source;
    MainWindow window(source);
    sb::test::SampleServer server(1'700'000'000'000, 50);
    for (int i = 0; i < 200; ++i)
        source.emitSnapshot(server.next());
    QCOMPARE(window.socketModel().rowCount(), int(server.sockets().size()));
    for (const SocketRow &row : server.sockets())
        QCOMPARE(window.socketModel().rowAt(window.socketModel().rowOf(row.id)), row);
    int namespaceSockets = 0;
    for (int r = 0; r < window.namespaceModel().rowCount(); ++r)
        namespaceSockets += window.namespaceModel().index(r, 1).data().toInt();
    QCOMPARE(namespaceSockets, 50);
    QVERIFY(window.ackModel().rowCount() > 0);
    QVERIFY(window.failureModel().rowCount() > 0);
    QVERIFY(window.trafficModel().rowCount() > 1000);
}

void TestMainWindow::reportsApplyTimesAtScale()
{
    // 10,000 sockets all updated every tick, the traffic log at its bound, the table sorted by a
    // counter: the load the console must take. The times are reported, not asserted (this runs
    // under ASan); the lead's benchmark reads the same getter in a release build.
    FakeSource source;
    MainWindow window(source);
    window.show();
    QVERIFY(QTest::qWaitForWindowExposed(&window));
    window.socketView()->sortByColumn(
        int(sb::ui::SocketTableModel::Column::EventsIn), Qt::DescendingOrder);
    QList<SocketRow> rows;
    for (int i = 0; i < 10'000; ++i)
        rows.append(
            socket("sock" + QByteArray::number(i), "/chat", {u"lobby"_s}, u"user%1"_s.arg(i)));
    for (int batch = 0; batch < 5; ++batch) {
        ServerSnapshot s;
        s.time = 1'700'000'000'000 + batch * 250;
        s.socketDelta.added = rows.mid(batch * 2000, 2000);
        source.emitSnapshot(s);
    }
    TrafficRecord r;
    r.socket = "sock1";
    r.nsp = "/chat";
    r.event = u"message"_s;
    r.payload = R"(2/chat,["message",{"text":"hello"}])";
    quint64 seq = 0;
    {
        ServerSnapshot s;
        s.time = 1'700'000'002'000;
        for (int i = 0; i < 50'000; ++i) {
            r.seq = ++seq;
            s.traffic.append(r);
        }
        source.emitSnapshot(s);
    }
    QCOMPARE(window.trafficModel().rowCount(), 50'000);
    const quint64 before = window.snapshotsApplied();
    for (int tick = 0; tick < 12; ++tick) {
        ServerSnapshot s;
        s.time = 1'700'000'003'000 + tick * 250;
        for (SocketRow &row : rows) {
            row.eventsIn += quint64(row.id.size() + tick);
            row.bytesIn += 100;
            s.socketDelta.updated.append(row);
        }
        for (int i = 0; i < 500; ++i) {
            r.seq = ++seq;
            s.traffic.append(r);
        }
        source.emitSnapshot(s);
        QCoreApplication::processEvents(); // let the views repaint between ticks, as they would
    }
    QCOMPARE(window.snapshotsApplied(), before + 12);
    QCOMPARE(window.trafficModel().rowCount(), 50'000);
    QCOMPARE(window.trafficModel().droppedByBound(), quint64(12 * 500));
    const sb::monitor::DurationSummary apply = window.applyTimes();
    qInfo("applySnapshot over %d snapshots: p50 %.1f ms, p99 %.1f ms, max %.1f ms", apply.samples,
        apply.p50Ms, apply.p99Ms, apply.maxMs);
}

QTEST_MAIN(TestMainWindow)
#include "tst_main_window.moc"
