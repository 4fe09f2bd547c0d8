// The real window on the real embedded server (its own thread, watched through ServerController),
// with real socket.io-client peers: what an operator sees when browsers connect and talk.

#include "live_server_config.h"
#include "node_peers.h"

#include "server_host.h"

#include "monitor/server_controller.h"
#include "ui/ack_model.h"
#include "ui/failure_model.h"
#include "ui/main_window.h"
#include "ui/namespace_tree_model.h"
#include "ui/socket_table_model.h"
#include "ui/traffic_filter_proxy.h"
#include "ui/traffic_log_model.h"
#include "ui/traffic_pane.h"

#include <QAbstractItemModelTester>
#include <QAction>
#include <QFile>
#include <QJsonDocument>
#include <QSettings>
#include <QStandardPaths>
#include <QTcpSocket>
#include <QTemporaryDir>
#include <QTest>
#include <QTreeView>

using namespace sb;
using sb::test::NodePeers;
using Column = ui::SocketTableModel::Column;

namespace {
constexpr int Generous = 20'000; // ms

ServerConfig config()
{
    return sb::test::liveServerConfig();
}

// The window and its server, started and shown; every model under a tester.
struct Console
{
    Console()
        : host(config())
    {
        QString error;
        started = host.start(&error);
        window = std::make_unique<ui::MainWindow>(host.controller());
        window->resize(1400, 900);
        window->show();
        for (QAbstractItemModel *model : std::initializer_list<QAbstractItemModel *>{
                 &window->socketModel(), &window->namespaceModel(), &window->trafficModel(),
                 &window->ackModel(), &window->failureModel(), &window->trafficPane().proxy()})
            testers.push_back(std::make_unique<QAbstractItemModelTester>(
                model, QAbstractItemModelTester::FailureReportingMode::QtTest));
    }
    ~Console()
    {
        testers.clear();
        window.reset();
        host.stop();
    }
    QString baseUrl() const { return QStringLiteral("http://127.0.0.1:%1").arg(host.port()); }
    QString cell(const QByteArray &socket, Column column) const
    {
        const ui::SocketTableModel &model = window->socketModel();
        const int row = model.rowOf(socket);
        return row < 0 ? QString() : model.index(row, int(column)).data().toString();
    }
    int roomMembers(const QByteArray &nsp, const QString &room) const
    {
        const QModelIndex index = window->namespaceModel().roomIndex(nsp, room, 1);
        return index.isValid() ? index.data(int(ui::NamespaceTreeModel::Role::Members)).toInt() : 0;
    }
    int trafficRows(const QString &event) const
    {
        int count = 0;
        const ui::TrafficLogModel &model = window->trafficModel();
        for (int row = 0; row < model.rowCount(); ++row)
            count += model.recordAt(row).event == event ? 1 : 0;
        return count;
    }

    ServerHost host;
    bool started = false;
    std::unique_ptr<ui::MainWindow> window;
    std::vector<std::unique_ptr<QAbstractItemModelTester>> testers;
};
} // namespace

class TestConsoleLive : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void initTestCase();
    void socketsAndRooms();
    void trafficFilterPauseExport();
    void failedHandshakeShows();
    void rttAndAcksShow();
};

void TestConsoleLive::initTestCase()
{
    // The window saves its layout on close: keep that out of the user's settings.
    QStandardPaths::setTestModeEnabled(true);
    QCoreApplication::setOrganizationName(QStringLiteral("SwitchboardTests"));
}

void TestConsoleLive::socketsAndRooms()
{
    Console console;
    QVERIFY(console.started);
    NodePeers peers(console.baseUrl());
    const QByteArray ws = peers
                              .connectAndWait(QStringLiteral("ws"), QStringLiteral("/"),
                                  {{QStringLiteral("username"), QStringLiteral("wanda")}},
                                  {QStringLiteral("websocket")})
                              .toLatin1();
    const QByteArray poll = peers
                                .connectAndWait(QStringLiteral("poll"), QStringLiteral("/"), {},
                                    {QStringLiteral("polling")})
                                .toLatin1();
    QVERIFY2(!ws.isEmpty() && !poll.isEmpty(), peers.errors().constData());

    // In the table, with the right columns.
    QTRY_VERIFY_WITH_TIMEOUT(console.window->socketModel().rowOf(ws) >= 0, Generous);
    QTRY_VERIFY_WITH_TIMEOUT(console.window->socketModel().rowOf(poll) >= 0, Generous);
    QCOMPARE(console.cell(ws, Column::Id), QString::fromLatin1(ws));
    QCOMPARE(console.cell(ws, Column::Namespace), QStringLiteral("/"));
    QCOMPARE(console.cell(ws, Column::User), QStringLiteral("wanda"));
    QVERIFY(console.cell(ws, Column::Address).contains(QStringLiteral("127.0.0.1")));
    QVERIFY(console.cell(ws, Column::Transport).contains(QStringLiteral("websocket")));
    QVERIFY(console.cell(poll, Column::Transport).contains(QStringLiteral("polling")));
    QVERIFY(!console.cell(ws, Column::ConnectedSince).isEmpty());
    // And in the tree: the namespace with its two sockets.
    QTRY_COMPARE_WITH_TIMEOUT(console.window->namespaceModel()
                                  .namespaceIndex("/", 1)
                                  .data(int(ui::NamespaceTreeModel::Role::Members))
                                  .toInt(),
        2, Generous);

    // Rooms follow what the clients do.
    peers.emitEvent(QStringLiteral("ws"), QStringLiteral("join"), {QStringLiteral("lobby")}, true);
    peers.emitEvent(
        QStringLiteral("poll"), QStringLiteral("join"), {QStringLiteral("lobby")}, true);
    QTRY_COMPARE_WITH_TIMEOUT(console.roomMembers("/", QStringLiteral("lobby")), 2, Generous);
    QTRY_COMPARE_WITH_TIMEOUT(console.cell(ws, Column::Rooms), QStringLiteral("lobby"), Generous);
    peers.emitEvent(
        QStringLiteral("poll"), QStringLiteral("leave"), {QStringLiteral("lobby")}, true);
    QTRY_COMPARE_WITH_TIMEOUT(console.roomMembers("/", QStringLiteral("lobby")), 1, Generous);

    // Selecting the room filters the table to its members.
    const QModelIndex room
        = console.window->namespaceModel().roomIndex("/", QStringLiteral("lobby"));
    console.window->namespaceView()->setCurrentIndex(room);
    QTRY_COMPARE_WITH_TIMEOUT(console.window->socketProxy().rowCount(), 1, Generous);
    console.window->namespaceView()->setCurrentIndex(
        console.window->namespaceModel().namespaceIndex("/"));
    QTRY_COMPARE_WITH_TIMEOUT(console.window->socketProxy().rowCount(), 2, Generous);

    // Leaving: the row goes, and so does the room.
    peers.disconnect(QStringLiteral("ws"));
    QTRY_COMPARE_WITH_TIMEOUT(console.window->socketModel().rowOf(ws), -1, Generous);
    QTRY_COMPARE_WITH_TIMEOUT(console.roomMembers("/", QStringLiteral("lobby")), 0, Generous);
    peers.drop(QStringLiteral("poll"));
    QTRY_COMPARE_WITH_TIMEOUT(console.window->socketModel().rowCount(), 0, Generous);
}

void TestConsoleLive::trafficFilterPauseExport()
{
    Console console;
    QVERIFY(console.started);
    NodePeers peers(console.baseUrl());
    QVERIFY(!peers.connectAndWait(QStringLiteral("a")).isEmpty());
    for (int i = 0; i < 3; ++i)
        peers.emitEvent(QStringLiteral("a"), QStringLiteral("message"), {QStringLiteral("hi"), i});
    QTRY_COMPARE_WITH_TIMEOUT(console.trafficRows(QStringLiteral("message-back")), 3, Generous);
    QCOMPARE(console.trafficRows(QStringLiteral("message")), 3);

    // A filter on the event name shows exactly those records.
    ui::TrafficFilterProxy &proxy = console.window->trafficPane().proxy();
    QVERIFY(proxy.setEventFilter(QStringLiteral("^message-back$")));
    QCOMPARE(proxy.rowCount(), 3);
    for (int row = 0; row < proxy.rowCount(); ++row)
        QCOMPARE(proxy.recordAt(row).event, QStringLiteral("message-back"));

    // The export writes exactly the visible rows.
    QTemporaryDir dir;
    const QString file = dir.filePath(QStringLiteral("visible.jsonl"));
    QString error;
    QVERIFY2(console.window->exportTraffic(file, ui::TrafficExporter::Format::JsonLines, &error),
        qPrintable(error));
    QFile exported(file);
    QVERIFY(exported.open(QIODevice::ReadOnly));
    const QList<QByteArray> lines = exported.readAll().trimmed().split('\n');
    QCOMPARE(lines.size(), 3);
    for (const QByteArray &line : lines) {
        const QJsonObject object = QJsonDocument::fromJson(line).object();
        QVERIFY2(line.contains("message-back"), line.constData());
        QVERIFY(!object.isEmpty());
    }

    // Paused, nothing new is shown; resumed, what came meanwhile appears.
    console.window->pauseAction()->trigger();
    QVERIFY(console.window->trafficModel().isPaused());
    peers.emitEvent(
        QStringLiteral("a"), QStringLiteral("message"), {QStringLiteral("while paused")});
    QVERIFY(!peers.waitFor(QStringLiteral("a"), QStringLiteral("message"), QStringLiteral("auth"))
                 .isEmpty());
    QTRY_VERIFY_WITH_TIMEOUT(
        peers.reportsOf(QStringLiteral("a"), QStringLiteral("message")).size() >= 5, Generous);
    QTest::qWait(300); // several snapshots go by while paused
    QCOMPARE(console.trafficRows(QStringLiteral("message-back")), 3);
    console.window->pauseAction()->trigger();
    QTRY_COMPARE_WITH_TIMEOUT(console.trafficRows(QStringLiteral("message-back")), 4, Generous);
    QCOMPARE(proxy.rowCount(), 4);
}

void TestConsoleLive::failedHandshakeShows()
{
    Console console;
    QVERIFY(console.started);
    QTcpSocket client;
    client.connectToHost(QHostAddress::LocalHost, console.host.port());
    QVERIFY(client.waitForConnected(10'000));
    client.write("GET /socket.io/?EIO=4&transport=carrier-pigeon HTTP/1.1\r\nHost: x\r\n"
                 "Origin: http://phone.lan\r\n\r\n");
    const ui::FailureModel &failures = console.window->failureModel();
    QTRY_COMPARE_WITH_TIMEOUT(failures.rowCount(), 1, Generous);
    QCOMPARE(failures.failureAt(0).code, 0);
    QCOMPARE(failures.failureAt(0).origin, QStringLiteral("http://phone.lan"));
    bool shown = false;
    for (int column = 0; column < failures.columnCount(); ++column)
        shown = shown
            || failures.index(0, column).data().toString().contains(
                QStringLiteral("Transport unknown"));
    QVERIFY(shown);

    NodePeers peers(console.baseUrl());
    peers.connect(QStringLiteral("x"), QStringLiteral("/nowhere"));
    QVERIFY(!peers.waitFor(QStringLiteral("x"), QStringLiteral("connect_error")).isEmpty());
    QTRY_COMPARE_WITH_TIMEOUT(failures.rowCount(), 2, Generous);
    QCOMPARE(failures.failureAt(1).message, QStringLiteral("Invalid namespace"));
}

void TestConsoleLive::rttAndAcksShow()
{
    Console console;
    QVERIFY(console.started);
    NodePeers peers(console.baseUrl());
    const QByteArray sid = peers
                               .connectAndWait(QStringLiteral("a"), QStringLiteral("/"), {},
                                   {QStringLiteral("websocket")})
                               .toLatin1();
    QVERIFY(!sid.isEmpty());
    // RTT: the heartbeat runs every 300 ms; the cell shows a time once measured.
    QTRY_VERIFY_WITH_TIMEOUT(console.window->socketModel().find(sid)
            && console.window->socketModel().find(sid)->rttUs > 0,
        Generous);
    const QString rtt = console.cell(sid, Column::Rtt);
    QVERIFY2(
        rtt.contains(QStringLiteral("ms")) || rtt.contains(QStringLiteral("µs")), qPrintable(rtt));

    // Acks: one the client answers, one it never does (timed out), both directions shown.
    peers.emitEvent(QStringLiteral("a"), QStringLiteral("ask"),
        {QJsonObject{{QStringLiteral("event"), QStringLiteral("q1")}}}, true);
    peers.answer(QStringLiteral("a"), QStringLiteral("q2"), QStringLiteral("never"));
    peers.emitEvent(QStringLiteral("a"), QStringLiteral("ask"),
        {QJsonObject{
            {QStringLiteral("event"), QStringLiteral("q2")}, {QStringLiteral("timeout"), 200}}},
        true);
    const ui::AckModel &acks = console.window->ackModel();
    const auto stateOf = [&](const QString &event) {
        for (int row = 0; row < acks.rowCount(); ++row) {
            if (acks.recordAt(row).event == event
                && acks.recordAt(row).kind == monitor::AckRecord::Kind::ServerToClient)
                return acks.recordAt(row).state;
        }
        return monitor::AckRecord::State::Pending;
    };
    QTRY_COMPARE_WITH_TIMEOUT(
        stateOf(QStringLiteral("q1")), monitor::AckRecord::State::Answered, Generous);
    QTRY_COMPARE_WITH_TIMEOUT(
        stateOf(QStringLiteral("q2")), monitor::AckRecord::State::TimedOut, Generous);
    bool clientToServer = false;
    for (int row = 0; row < acks.rowCount(); ++row)
        clientToServer = clientToServer
            || (acks.recordAt(row).kind == monitor::AckRecord::Kind::ClientToServer
                && acks.recordAt(row).event == QLatin1String("ask"));
    QVERIFY(clientToServer);
}

QTEST_MAIN(TestConsoleLive)
#include "tst_console_live.moc"
