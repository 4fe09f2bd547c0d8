#include "fake_source.h"
#include "sample_server.h"

#include "ui/charts_panel.h"
#include "ui/main_window.h"
#include "ui/socket_inspector.h"
#include "ui/traffic_pane.h"
#include "ui/traffic_record_dialog.h"

#include <QApplication>
#include <QDateTime>
#include <QDir>
#include <QDockWidget>
#include <QHeaderView>
#include <QLabel>
#include <QPalette>
#include <QScrollArea>
#include <QSettings>
#include <QSignalSpy>
#include <QStandardPaths>
#include <QTableView>
#include <QTest>

using namespace Qt::StringLiterals;
using sb::test::FakeSource;
using sb::test::SampleServer;
using sb::ui::MainWindow;

// Renders the console as an operator would see it after two minutes of a busy chat server, and,
// when SB_SCREENSHOT_DIR is set, saves the pictures there (scripts/screenshot_console.sh).
class TestConsoleScreenshot : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void initTestCase();
    void rendersTheConsole();

private:
    void save(const QImage &image, const QString &name);
    QString m_dir;
};

void TestConsoleScreenshot::initTestCase()
{
    QStandardPaths::setTestModeEnabled(true);
    QCoreApplication::setOrganizationName(u"SwitchboardTests"_s);
    QCoreApplication::setApplicationName(u"tst_console_screenshot"_s);
    QSettings().clear();
    m_dir = qEnvironmentVariable("SB_SCREENSHOT_DIR");
    if (!m_dir.isEmpty())
        QVERIFY(QDir().mkpath(m_dir));
}

void TestConsoleScreenshot::save(const QImage &image, const QString &name)
{
    QVERIFY(!image.isNull());
    if (m_dir.isEmpty())
        return;
    const QString path = QDir(m_dir).filePath(name);
    QVERIFY2(image.save(path), qPrintable(path));
    qInfo("saved %s", qPrintable(path));
}

namespace {

QPalette darkPalette()
{
    QPalette p;
    const QColor window(0x2d, 0x2f, 0x33);
    const QColor base(0x1f, 0x21, 0x24);
    const QColor text(0xe6, 0xe6, 0xe6);
    p.setColor(QPalette::Window, window);
    p.setColor(QPalette::WindowText, text);
    p.setColor(QPalette::Base, base);
    p.setColor(QPalette::AlternateBase, QColor(0x27, 0x29, 0x2d));
    p.setColor(QPalette::ToolTipBase, base);
    p.setColor(QPalette::ToolTipText, text);
    p.setColor(QPalette::Text, text);
    p.setColor(QPalette::Button, window);
    p.setColor(QPalette::ButtonText, text);
    p.setColor(QPalette::BrightText, Qt::white);
    p.setColor(QPalette::Highlight, QColor(0x3d, 0x7e, 0xe0));
    p.setColor(QPalette::HighlightedText, Qt::white);
    p.setColor(QPalette::PlaceholderText, QColor(0x90, 0x90, 0x90));
    p.setColor(QPalette::Disabled, QPalette::Text, QColor(0x80, 0x80, 0x80));
    p.setColor(QPalette::Disabled, QPalette::ButtonText, QColor(0x80, 0x80, 0x80));
    p.setColor(QPalette::Disabled, QPalette::WindowText, QColor(0x80, 0x80, 0x80));
    return p;
}

} // namespace

void TestConsoleScreenshot::rendersTheConsole()
{
    SampleServer server(QDateTime::currentMSecsSinceEpoch() - 120'000, 50);
    FakeSource source;
    MainWindow window(source);
    // Countdowns against the sample's clock, which stops while the test waits below.
    window.ackModel().setClock([&server] { return server.now(); });
    window.resize(1600, 1000);
    window.show();
    QVERIFY(QTest::qWaitForWindowExposed(&window));

    // Two minutes of history at 4 snapshots a second.
    for (int i = 0; i < 480; ++i)
        source.emitSnapshot(server.next());
    for (const sb::monitor::SocketRow &row : server.sockets())
        source.setDetails(server.details(row.id));
    QCOMPARE(window.socketModel().rowCount(), 50);
    QCOMPARE(window.charts().pointCount(), 119); // two minutes, a point per closed second

    // An operator's choices: busiest sockets first, one of them inspected.
    window.socketView()->sortByColumn(
        int(sb::ui::SocketTableModel::Column::EventsIn), Qt::DescendingOrder);
    QSignalSpy shown(&window.inspector(), &sb::ui::SocketInspector::detailsShown);
    window.socketView()->selectRow(2);
    QVERIFY(shown.wait(10'000));
    window.trafficPane().view()->selectRow(window.trafficPane().view()->model()->rowCount() - 4);
    QApplication::processEvents();

    // Feeding two minutes at once kept the GUI thread busy; what an operator sees is the steady
    // state after it: wait until the lag probe's window no longer holds that burst.
    const auto *lagLabel = window.findChild<QLabel *>(u"guiLagStatus"_s);
    QVERIFY(lagLabel);
    const auto steady = [lagLabel] {
        bool ok = false;
        const double p99
            = lagLabel->text().section(u' ', 3, 3).toDouble(&ok); // "GUI loop p99 X ms"
        return ok && p99 < 200;
    };
    QTRY_VERIFY_WITH_TIMEOUT(steady(), 30'000);
    source.emitSnapshot(server.next());
    QCOMPARE(window.size(), QSize(1600, 1000));
    save(window.grab().toImage(), u"console.png"_s);

    window.inspectorDock()->raise();
    window.ackDock()->raise();
    QApplication::processEvents(); // lay out the views that just came to the front
    // Near the tail, where answered, pending and timed-out acks mix.
    int settledLate = -1;
    for (int r = window.ackModel().rowCount() - 1; r >= 0 && settledLate < 0; --r) {
        const auto state = window.ackModel().recordAt(r).state;
        if (state == sb::monitor::AckRecord::State::TimedOut
            || state == sb::monitor::AckRecord::State::Disconnected)
            settledLate = r;
    }
    QVERIFY(settledLate >= 0);
    window.ackView()->scrollTo(
        window.ackModel().index(settledLate, 0), QAbstractItemView::PositionAtCenter);
    QApplication::processEvents();
    save(window.grab().toImage(), u"console-inspector-acks.png"_s);

    window.failureDock()->raise();
    window.chartsDock()->raise();
    QApplication::processEvents();
    save(window.grab().toImage(), u"console-failures.png"_s);

    // The charts dock scrolls; its whole content in one picture.
    auto *scroll = window.charts().findChild<QScrollArea *>();
    QVERIFY(scroll && scroll->widget());
    QWidget *content = scroll->widget();
    content->resize(content->width(), std::max(content->height(), content->sizeHint().height()));
    save(content->grab().toImage(), u"console-charts.png"_s);

    const QTableView *traffic = window.trafficPane().view();
    int binaryRow = -1;
    for (int r = traffic->model()->rowCount() - 1; r >= 0 && binaryRow < 0; --r) {
        if (window.trafficPane().proxy().recordAt(r).attachments > 0)
            binaryRow = r;
    }
    QVERIFY(binaryRow >= 0);
    sb::ui::TrafficRecordDialog *dialog
        = window.openTrafficRecord(window.trafficPane().proxy().recordAt(binaryRow));
    QVERIFY(QTest::qWaitForWindowExposed(dialog));
    save(dialog->grab().toImage(), u"console-record.png"_s);
    dialog->close();

    // The same in a dark palette: nothing may stay light-on-light or dark-on-dark.
    const QPalette light = QApplication::palette();
    QApplication::setPalette(darkPalette());
    window.trafficDock()->raise();
    window.ackDock()->raise();
    for (int i = 0; i < 8; ++i)
        source.emitSnapshot(server.next());
    QApplication::processEvents();
    save(window.grab().toImage(), u"console-dark.png"_s);
    QApplication::setPalette(light);
}

QTEST_MAIN(TestConsoleScreenshot)
#include "tst_console_screenshot.moc"
