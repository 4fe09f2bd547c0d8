// The console's actions on the real embedded server with real socket.io-client peers: kicks,
// connection closes, joining and leaving rooms, disconnecting a room, drain and stop, and
// starting again with a new port chosen in the settings dialog. Everything is done through the
// window's actions and dialogs; what happened is checked by the clients.

#include "live_server_config.h"
#include "node_peers.h"

#include "chat_preview.h"
#include "command_line.h"
#include "host_lifecycle.h"
#include "jwt.h"
#include "server_host.h"
#include "settings_bridge.h"

#include "monitor/server_controller.h"
#include "ui/drain_dialog.h"
#include "ui/main_window.h"
#include "ui/namespace_tree_model.h"
#include "ui/room_dialog.h"
#include "ui/settings_dialog.h"
#include "ui/socket_filter_proxy.h"
#include "ui/socket_table_model.h"
#include "ui/traffic_log_model.h"

#include <QAbstractItemModelTester>
#include <QAction>
#include <QCheckBox>
#include <QComboBox>
#include <QLabel>
#include <QLineEdit>
#include <QMenuBar>
#include <QMessageBox>
#include <QPlainTextEdit>
#include <QProgressBar>
#include <QPushButton>
#include <QSettings>
#include <QSpinBox>
#include <QStandardPaths>
#include <QStatusBar>
#include <QTableView>
#include <QTcpServer>
#include <QTest>
#include <QTreeView>

using namespace sb;
using namespace Qt::StringLiterals;
using sb::test::NodePeers;
using Option = ui::ServerSettings::Option;

namespace {
constexpr int Generous = 20'000; // ms

// The window, its server and the lifecycle main.cpp would give it; every model under a tester.
struct Console
{
    explicit Console(QList<Option> locked = {})
        : host(sb::test::liveServerConfig())
        , lifecycle(host, settings_bridge::toSettings(host.config()), std::move(locked))
    {
        QString error;
        started = host.start(&error);
        window = std::make_unique<ui::MainWindow>(host.controller());
        window->setLifecycle(&lifecycle);
        window->resize(1400, 900);
        window->show();
        for (QAbstractItemModel *model : std::initializer_list<QAbstractItemModel *>{
                 &window->socketModel(), &window->socketProxy(), &window->namespaceModel()})
            testers.push_back(std::make_unique<QAbstractItemModelTester>(
                model, QAbstractItemModelTester::FailureReportingMode::QtTest));
    }
    ~Console()
    {
        testers.clear();
        window.reset();
        host.stop();
    }
    QString baseUrl() const { return u"http://127.0.0.1:%1"_s.arg(host.port()); }
    bool shows(const QByteArray &socket) const { return window->socketModel().rowOf(socket) >= 0; }
    // Selects exactly these sockets in the table, as a click and ctrl-clicks would.
    void select(const QList<QByteArray> &sockets)
    {
        QItemSelectionModel *selection = window->socketView()->selectionModel();
        selection->clearSelection();
        for (const QByteArray &id : sockets) {
            const QModelIndex source
                = window->socketModel().index(window->socketModel().rowOf(id), 0);
            selection->select(window->socketProxy().mapFromSource(source),
                QItemSelectionModel::Select | QItemSelectionModel::Rows);
        }
    }
    template <typename T>
    T *dialog(const QString &name) const
    {
        T *found = nullptr;
        const bool shown = QTest::qWaitFor(
            [&] { return (found = window->findChild<T *>(name)) && found->isVisible(); }, 5000);
        return shown ? found : nullptr;
    }
    QString statusMessage() const { return window->statusBar()->currentMessage(); }

    ServerHost host;
    HostLifecycle lifecycle;
    bool started = false;
    std::unique_ptr<ui::MainWindow> window;
    std::vector<std::unique_ptr<QAbstractItemModelTester>> testers;
};

QByteArray connectPeer(NodePeers &peers, const QString &id)
{
    return peers.connectAndWait(id).toLatin1();
}

// The client asks the echo service which rooms it is in (its own room left out).
QStringList roomsOf(NodePeers &peers, const QString &id, const QByteArray &socketId)
{
    const qsizetype before = peers.reportsOf(id, u"ack"_s).size();
    peers.emitEvent(id, u"server-rooms"_s, {}, true);
    if (!QTest::qWaitFor([&] { return peers.reportsOf(id, u"ack"_s).size() > before; }, Generous))
        return {u"<no answer>"_s};
    QStringList rooms;
    for (const QJsonValue &room :
        peers.reportsOf(id, u"ack"_s).last().value(u"args"_s).toArray().at(0).toArray()) {
        if (room.toString() != QString::fromLatin1(socketId))
            rooms.append(room.toString());
    }
    return rooms;
}

quint16 freePort()
{
    QTcpServer probe;
    if (!probe.listen(QHostAddress::LocalHost, 0))
        return 0;
    return probe.serverPort();
}

QString disconnectReason(NodePeers &peers, const QString &id)
{
    return peers.waitFor(id, u"disconnect"_s).value(u"reason"_s).toString();
}
} // namespace

class TestConsoleActions : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void initTestCase();
    void init();
    void kickDisconnectsFromTheNamespace();
    void closeConnectionsOfTheSelection();
    void joinAndLeaveRooms();
    void disconnectEveryoneInARoom();
    void drainStopAndStartOnANewPort();
    void settingsValidatedPersistedAndCommandLineShown();
    void effectiveSettingsPreferTheCommandLine();
    void chatTokenAndClusterSettings();
    void jwtSecretFixedByTheEnvironment();
    void jwtSecretFromTheDialogRequiresTokens();
    void chatTrafficReadsAsChat();
    void everyActionHasAKeyboardPath();
};

void TestConsoleActions::initTestCase()
{
    QStandardPaths::setTestModeEnabled(true);
    QCoreApplication::setOrganizationName(u"SwitchboardTests"_s);
    QCoreApplication::setApplicationName(u"tst_console_actions"_s);
}

void TestConsoleActions::init()
{
    QSettings().clear();
}

void TestConsoleActions::kickDisconnectsFromTheNamespace()
{
    Console console;
    QVERIFY(console.started);
    NodePeers peers(console.baseUrl());
    const QByteArray a = connectPeer(peers, u"a"_s);
    const QByteArray b = connectPeer(peers, u"b"_s);
    QVERIFY2(!a.isEmpty() && !b.isEmpty(), peers.errors().constData());
    QTRY_VERIFY_WITH_TIMEOUT(console.shows(a) && console.shows(b), Generous);

    console.select({a});
    QCOMPARE(console.window->selectedSocketIds(), QList<QByteArray>{a});
    QVERIFY(console.window->kickAction()->isEnabled());
    // Ctrl+K, the kick shortcut, asks first; the question says how many.
    QTest::keyClick(console.window.get(), Qt::Key_K, Qt::ControlModifier);
    auto *box = console.dialog<QMessageBox>(u"confirmDisconnect"_s);
    QVERIFY(box);
    QVERIFY2(box->text().contains(u"1 socket"_s), qPrintable(box->text()));
    box->button(QMessageBox::Ok)->click();

    QCOMPARE(disconnectReason(peers, u"a"_s), u"io server disconnect"_s);
    QTRY_VERIFY_WITH_TIMEOUT(
        console.statusMessage().contains(u"Disconnected 1 socket"_s), Generous);
    QTRY_VERIFY_WITH_TIMEOUT(!console.shows(a), Generous);
    // b was not selected: still there, still answering.
    QVERIFY(console.shows(b));
    QCOMPARE(roomsOf(peers, u"b"_s, b), QStringList());
    QVERIFY(peers.reportsOf(u"b"_s, u"disconnect"_s).isEmpty());
}

void TestConsoleActions::closeConnectionsOfTheSelection()
{
    Console console;
    QVERIFY(console.started);
    NodePeers peers(console.baseUrl());
    const QByteArray c = connectPeer(peers, u"c"_s);
    const QByteArray d = connectPeer(peers, u"d"_s);
    const QByteArray e = connectPeer(peers, u"e"_s);
    QVERIFY2(!c.isEmpty() && !d.isEmpty() && !e.isEmpty(), peers.errors().constData());
    QTRY_VERIFY_WITH_TIMEOUT(console.shows(c) && console.shows(d) && console.shows(e), Generous);

    console.select({c, d});
    QCOMPARE(console.window->selectedSocketIds().size(), 2);
    console.window->closeConnectionAction()->trigger();
    auto *box = console.dialog<QMessageBox>(u"confirmDisconnect"_s);
    QVERIFY(box);
    QVERIFY2(box->text().contains(u"2 socket"_s), qPrintable(box->text()));
    // Cancel does nothing.
    box->button(QMessageBox::Cancel)->click();
    QTRY_VERIFY_WITH_TIMEOUT(
        !console.window->findChild<QMessageBox *>(u"confirmDisconnect"_s), 5000);
    QCOMPARE(roomsOf(peers, u"c"_s, c), QStringList());

    console.window->closeConnectionAction()->trigger();
    box = console.dialog<QMessageBox>(u"confirmDisconnect"_s);
    QVERIFY(box);
    box->button(QMessageBox::Ok)->click();
    QCOMPARE(disconnectReason(peers, u"c"_s), u"transport close"_s);
    QCOMPARE(disconnectReason(peers, u"d"_s), u"transport close"_s);
    QTRY_VERIFY_WITH_TIMEOUT(!console.shows(c) && !console.shows(d), Generous);
    QVERIFY(console.shows(e));
    QVERIFY(peers.reportsOf(u"e"_s, u"disconnect"_s).isEmpty());
}

void TestConsoleActions::joinAndLeaveRooms()
{
    Console console;
    QVERIFY(console.started);
    NodePeers peers(console.baseUrl());
    const QByteArray f = connectPeer(peers, u"f"_s);
    const QByteArray g = connectPeer(peers, u"g"_s);
    QVERIFY2(!f.isEmpty() && !g.isEmpty(), peers.errors().constData());
    QTRY_VERIFY_WITH_TIMEOUT(console.shows(f) && console.shows(g), Generous);

    console.select({f, g});
    QTest::keyClick(console.window.get(), Qt::Key_J, Qt::ControlModifier);
    auto *join = console.dialog<ui::RoomDialog>(u"roomDialog"_s);
    QVERIFY(join);
    QVERIFY(!join->okButton()->isEnabled()); // no name yet
    QTest::keyClicks(join->roomEdit(), u"blue"_s);
    QVERIFY(join->okButton()->isEnabled());
    join->okButton()->click();
    QTRY_VERIFY_WITH_TIMEOUT(console.statusMessage().contains(u"2 socket"_s)
            && console.statusMessage().contains(u"joined"_s),
        Generous);
    QCOMPARE(roomsOf(peers, u"f"_s, f), QStringList{u"blue"_s});
    QCOMPARE(roomsOf(peers, u"g"_s, g), QStringList{u"blue"_s});

    // Leaving: the dialog offers the room the snapshot shows.
    QTRY_COMPARE_WITH_TIMEOUT(console.window->namespaceModel()
                                  .roomIndex("/", u"blue"_s, 1)
                                  .data(int(ui::NamespaceTreeModel::Role::Members))
                                  .toInt(),
        2, Generous);
    console.select({g});
    console.window->leaveRoomAction()->trigger();
    auto *leave = console.dialog<ui::RoomDialog>(u"roomDialog"_s);
    QVERIFY(leave);
    QVERIFY(leave->roomEdit()->findText(u"blue"_s) >= 0);
    leave->roomEdit()->setCurrentIndex(leave->roomEdit()->findText(u"blue"_s));
    leave->okButton()->click();
    QTRY_VERIFY_WITH_TIMEOUT(console.statusMessage().contains(u"1 socket"_s)
            && console.statusMessage().contains(u"left the room"_s),
        Generous);
    QCOMPARE(roomsOf(peers, u"g"_s, g), QStringList());
    QCOMPARE(roomsOf(peers, u"f"_s, f), QStringList{u"blue"_s});
}

void TestConsoleActions::disconnectEveryoneInARoom()
{
    Console console;
    QVERIFY(console.started);
    NodePeers peers(console.baseUrl());
    const QByteArray h = connectPeer(peers, u"h"_s);
    const QByteArray i = connectPeer(peers, u"i"_s);
    const QByteArray j = connectPeer(peers, u"j"_s);
    QVERIFY2(!h.isEmpty() && !i.isEmpty() && !j.isEmpty(), peers.errors().constData());
    QTRY_VERIFY_WITH_TIMEOUT(console.shows(h) && console.shows(i) && console.shows(j), Generous);
    console.select({h, i});
    console.window->joinRoomAction()->trigger();
    auto *join = console.dialog<ui::RoomDialog>(u"roomDialog"_s);
    QVERIFY(join);
    QTest::keyClicks(join->roomEdit(), u"red"_s);
    join->okButton()->click();
    QTRY_COMPARE_WITH_TIMEOUT(console.window->namespaceModel()
                                  .roomIndex("/", u"red"_s, 1)
                                  .data(int(ui::NamespaceTreeModel::Role::Members))
                                  .toInt(),
        2, Generous);

    QVERIFY(!console.window->disconnectRoomAction()->isEnabled()); // no room chosen yet
    console.window->namespaceView()->setCurrentIndex(
        console.window->namespaceModel().roomIndex("/", u"red"_s));
    QVERIFY(console.window->disconnectRoomAction()->isEnabled());
    console.window->disconnectRoomAction()->trigger();
    auto *box = console.dialog<QMessageBox>(u"confirmDisconnectRoom"_s);
    QVERIFY(box);
    QVERIFY2(box->text().contains(u"2 socket"_s) && box->text().contains(u"red"_s),
        qPrintable(box->text()));
    box->button(QMessageBox::Ok)->click();
    QCOMPARE(disconnectReason(peers, u"h"_s), u"io server disconnect"_s);
    QCOMPARE(disconnectReason(peers, u"i"_s), u"io server disconnect"_s);
    QTRY_VERIFY_WITH_TIMEOUT(
        console.statusMessage().contains(u"Disconnected the room's 2 socket"_s), Generous);
    QCOMPARE(roomsOf(peers, u"j"_s, j), QStringList());
    QVERIFY(peers.reportsOf(u"j"_s, u"disconnect"_s).isEmpty());
}

void TestConsoleActions::drainStopAndStartOnANewPort()
{
    Console console;
    QVERIFY(console.started);
    const quint16 oldPort = console.host.port();
    {
        NodePeers peers(console.baseUrl());
        const QByteArray k = connectPeer(peers, u"k"_s);
        const QByteArray l = connectPeer(peers, u"l"_s);
        QVERIFY2(!k.isEmpty() && !l.isEmpty(), peers.errors().constData());
        QTRY_VERIFY_WITH_TIMEOUT(console.shows(k) && console.shows(l), Generous);
        QVERIFY(!console.window->startAction()->isEnabled()); // running

        console.window->drainAction()->trigger();
        auto *drain = console.dialog<ui::DrainDialog>(u"drainDialog"_s);
        QVERIFY(drain);
        drain->deadlineEdit()->setValue(10);
        drain->drainButton()->click();
        QVERIFY(!drain->drainButton()->isEnabled());
        // Every client is ended, and the dialog ends in the stopped state with "Start again".
        QVERIFY(!disconnectReason(peers, u"k"_s).isEmpty());
        QVERIFY(!disconnectReason(peers, u"l"_s).isEmpty());
        QTRY_COMPARE_WITH_TIMEOUT(
            console.host.controller().state(), monitor::SourceState::Stopped, Generous);
        QTRY_VERIFY_WITH_TIMEOUT(drain->startAgainButton()->isVisible(), Generous);
        QVERIFY2(drain->statusText().contains(u"Stopped"_s), qPrintable(drain->statusText()));
        QCOMPARE(drain->progress()->value(), drain->progress()->maximum());
        QVERIFY(!console.host.isRunning());
        QCOMPARE(console.window->socketModel().rowCount(), 0);
        QVERIFY(console.window->startAction()->isEnabled());
        // "Start again" from the dialog: the same settings, a server that takes clients again.
        drain->startAgainButton()->click();
        QTRY_COMPARE_WITH_TIMEOUT(
            console.host.controller().state(), monitor::SourceState::Running, Generous);
        QTRY_VERIFY_WITH_TIMEOUT(!console.window->findChild<ui::DrainDialog *>(), 5000);
        NodePeers back(console.baseUrl());
        QVERIFY2(!connectPeer(back, u"back"_s).isEmpty(), back.errors().constData());
        // And the plain stop, from the Server menu.
        console.window->stopAction()->trigger();
        QVERIFY(!disconnectReason(back, u"back"_s).isEmpty());
        QTRY_COMPARE_WITH_TIMEOUT(
            console.host.controller().state(), monitor::SourceState::Stopped, Generous);
    }

    // A new port, typed into the settings dialog, and "Save and start server".
    const quint16 newPort = freePort();
    QVERIFY(newPort != 0 && newPort != oldPort);
    console.window->settingsAction()->trigger();
    auto *settings = console.dialog<ui::SettingsDialog>(u"settingsDialog"_s);
    QVERIFY(settings);
    auto *port = settings->findChild<QSpinBox *>(u"port"_s);
    QVERIFY(port && port->isEnabled());
    port->selectAll();
    QTest::keyClicks(port, QString::number(newPort));
    QCOMPARE(port->value(), int(newPort));
    auto *note = settings->findChild<QLabel *>(u"restartNote"_s);
    QVERIFY2(note->text().contains(u"when the server starts again"_s), qPrintable(note->text()));
    settings->restartButton()->click();

    QTRY_COMPARE_WITH_TIMEOUT(
        console.host.controller().state(), monitor::SourceState::Running, Generous);
    QCOMPARE(console.host.port(), newPort);
    QCOMPARE(QSettings().value(u"server/port"_s).toInt(), int(newPort));
    QVERIFY(console.window->windowTitle().contains(QString::number(newPort)));
    // The same window follows the new run.
    NodePeers again(console.baseUrl());
    const QByteArray m = connectPeer(again, u"m"_s);
    QVERIFY2(!m.isEmpty(), again.errors().constData());
    QTRY_VERIFY_WITH_TIMEOUT(console.shows(m), Generous);
    QCOMPARE(console.window->socketModel().rowCount(), 1);

    // And a restart while running: the client is ended, the server comes back.
    console.window->settingsAction()->trigger();
    settings = console.dialog<ui::SettingsDialog>(u"settingsDialog"_s);
    QVERIFY(settings);
    QVERIFY(settings->restartButton()->text().contains(u"restart"_s));
    settings->findChild<QSpinBox *>(u"ping-interval"_s)->setValue(400);
    QVERIFY(settings->findChild<QLabel *>(u"restartNote"_s)
                ->text()
                .contains(u"restart of the server"_s));
    settings->restartButton()->click();
    QVERIFY(!disconnectReason(again, u"m"_s).isEmpty());
    QTRY_COMPARE_WITH_TIMEOUT(
        console.host.controller().state(), monitor::SourceState::Running, Generous);
    QCOMPARE(console.host.config().engine.pingInterval, std::chrono::milliseconds(400));
    QCOMPARE(console.host.port(), newPort);
}

void TestConsoleActions::settingsValidatedPersistedAndCommandLineShown()
{
    Console console({Option::Port});
    QVERIFY(console.started);
    console.window->settingsAction()->trigger();
    auto *dialog = console.dialog<ui::SettingsDialog>(u"settingsDialog"_s);
    QVERIFY(dialog);
    // The command line's option: its value, read-only, with the note.
    auto *port = dialog->findChild<QSpinBox *>(u"port"_s);
    QVERIFY(!port->isEnabled());
    QCOMPARE(port->value(), int(console.host.config().port));
    auto *portNote = dialog->findChild<QLabel *>(u"port-note"_s);
    QVERIFY(portNote);
    QCOMPARE(portNote->text(), u"set on the command line"_s);
    QVERIFY(!dialog->findChild<QLabel *>(u"ping-interval-note"_s));

    // Invalid combinations are refused with a clear message.
    auto *polling = dialog->findChild<QCheckBox *>(u"transports-polling"_s);
    auto *webSocket = dialog->findChild<QCheckBox *>(u"transports-websocket"_s);
    polling->setChecked(false);
    webSocket->setChecked(false);
    auto *problems = dialog->findChild<QLabel *>(u"settingsProblems"_s);
    QVERIFY2(problems->text().contains(u"At least one transport"_s), qPrintable(problems->text()));
    QVERIFY(!dialog->saveButton()->isEnabled());
    webSocket->setChecked(true);
    QVERIFY(dialog->saveButton()->isEnabled());
    auto *bind = dialog->findChild<QLineEdit *>(u"bind"_s);
    QTest::keyClicks(bind, u"not-an-address"_s);
    QVERIFY(problems->text().contains(u"not an IP address"_s));
    QVERIFY(!dialog->saveButton()->isEnabled());
    bind->clear();
    auto *service = dialog->findChild<QComboBox *>(u"service"_s);
    service->setCurrentIndex(service->findData(QString()));
    auto *namespaces = dialog->findChild<QPlainTextEdit *>(u"namespace"_s);
    namespaces->setPlainText(u"/game"_s);
    QVERIFY(problems->text().contains(u"are for the echo service"_s));
    service->setCurrentIndex(service->findData(u"chat"_s));
    QVERIFY(problems->text().contains(u"are for the echo service"_s)); // the chat lives on /
    service->setCurrentIndex(service->findData(u"echo"_s));
    QVERIFY2(dialog->problems().isEmpty(), qPrintable(dialog->problems().join(u'\n')));
    dialog->findChild<QSpinBox *>(u"ping-interval"_s)->setValue(1234);
    QVERIFY(
        dialog->findChild<QLabel *>(u"restartNote"_s)->text().contains(u"restart of the server"_s));
    // scripts and docs: with SB_SCREENSHOT_DIR set, the dialog as the operator sees it.
    if (const QString dir = qEnvironmentVariable("SB_SCREENSHOT_DIR"); !dir.isEmpty())
        QVERIFY(dialog->grab().save(dir + u"/settings-dialog.png"_s));

    // "Save" keeps the settings without restarting, and never stores what the command line set.
    const quint16 runningPort = console.host.port();
    dialog->saveButton()->click();
    QTRY_VERIFY_WITH_TIMEOUT(!console.window->findChild<ui::SettingsDialog *>(), 5000);
    QCOMPARE(console.host.port(), runningPort);
    QCOMPARE(console.host.controller().state(), monitor::SourceState::Running);
    QSettings stored;
    QCOMPARE(stored.value(u"server/ping-interval"_s).toInt(), 1234);
    QCOMPARE(stored.value(u"server/transports"_s).toStringList(), QStringList{u"websocket"_s});
    QCOMPARE(stored.value(u"server/namespace"_s).toStringList(), QStringList{u"/game"_s});
    QVERIFY(!stored.contains(u"server/port"_s));
    QCOMPARE(console.lifecycle.settings().pingIntervalMs, 1234);
    // Read back as the next start would.
    const ui::ServerSettings reloaded = ui::ServerSettings::load(stored, ui::ServerSettings{});
    QCOMPARE(reloaded.pingIntervalMs, 1234);
    QVERIFY(!reloaded.allowPolling && reloaded.allowWebSocket);
    QCOMPARE(reloaded.namespaces, QStringList{u"/game"_s});
}

void TestConsoleActions::effectiveSettingsPreferTheCommandLine()
{
    ui::ServerSettings saved;
    saved.port = 4000;
    saved.pingIntervalMs = 7000;
    saved.corsOrigins = {u"https://a.example"_s};
    ServerConfig commandLine;
    commandLine.port = 5000;
    commandLine.engine.pingInterval = std::chrono::milliseconds(9000);
    // What the command line reports as given, and the settings options that fixes.
    int exitCode = 0;
    const CommandLine parsed = parseCommandLine(
        {u"switchboard"_s, u"--port"_s, u"5000"_s, u"--headless"_s, u"--no-serve-client"_s},
        exitCode);
    QCOMPARE(exitCode, -1);
    QCOMPARE(parsed.server.port, quint16(5000));
    const QList<Option> locked = settings_bridge::lockedOptions(parsed.givenOptions);
    QCOMPARE(locked, (QList<Option>{Option::Port, Option::ServeClient}));
    commandLine.serveClient = false;
    const ui::ServerSettings result = settings_bridge::effective(saved, commandLine, locked);
    QCOMPARE(result.port, 5000); // given: wins
    QCOMPARE(result.pingIntervalMs, 7000); // not given: the saved value
    QCOMPARE(result.serveClient, false);
    QCOMPARE(result.corsOrigins, QStringList{u"https://a.example"_s});
    // And through ServerConfig and back unchanged.
    QCOMPARE(
        settings_bridge::toSettings(settings_bridge::toConfig(result, ServerConfig{})), result);
    QCOMPARE(settings_bridge::toSettings(ServerConfig{}), ui::ServerSettings{});
}

void TestConsoleActions::chatTokenAndClusterSettings()
{
    Console console;
    QVERIFY(console.started);
    console.window->settingsAction()->trigger();
    auto *dialog = console.dialog<ui::SettingsDialog>(u"settingsDialog"_s);
    QVERIFY(dialog);
    auto *problems = dialog->findChild<QLabel *>(u"settingsProblems"_s);
    auto *warnings = dialog->findChild<QLabel *>(u"settingsWarnings"_s);
    auto *note = dialog->findChild<QLabel *>(u"restartNote"_s);
    auto *history = dialog->findChild<QSpinBox *>(u"chat-history"_s);
    auto *maxLength = dialog->findChild<QSpinBox *>(u"chat-max-length"_s);
    auto *tokens = dialog->findChild<QCheckBox *>(u"jwt-secret-enabled"_s);
    auto *secret = dialog->findChild<QLineEdit *>(u"jwt-secret-value"_s);
    auto *show = dialog->findChild<QCheckBox *>(u"jwt-secret-show"_s);
    auto *ttl = dialog->findChild<QSpinBox *>(u"token-ttl"_s);
    auto *redis = dialog->findChild<QLineEdit *>(u"redis"_s);
    auto *redisKey = dialog->findChild<QLineEdit *>(u"redis-key"_s);
    QVERIFY(history && maxLength && tokens && secret && show && ttl && redis && redisKey);
    // The defaults of the command line.
    QCOMPARE(history->value(), 50);
    QCOMPARE(maxLength->value(), 2000);
    QVERIFY(!tokens->isChecked());
    QVERIFY(!secret->isEnabled());
    QCOMPARE(ttl->value(), 86400);
    QVERIFY(redis->text().isEmpty());
    QCOMPARE(redisKey->text(), u"socket.io"_s);
    QVERIFY(dialog->problems().isEmpty());
    QVERIFY(!warnings->isVisibleTo(dialog));

    // Tokens wanted but no secret: refused as typed.
    tokens->setChecked(true);
    QVERIFY(secret->isEnabled());
    QVERIFY2(problems->text().contains(u"need a secret"_s), qPrintable(problems->text()));
    QVERIFY(!dialog->saveButton()->isEnabled());
    // A short one is accepted with a warning; typed masked, shown on request.
    QCOMPARE(secret->echoMode(), QLineEdit::Password);
    QTest::keyClicks(secret, u"hunter2"_s);
    QVERIFY(dialog->problems().isEmpty());
    QVERIFY(dialog->saveButton()->isEnabled());
    QVERIFY(warnings->isVisibleTo(dialog));
    QVERIFY2(warnings->text().contains(u"shorter than 32 bytes"_s), qPrintable(warnings->text()));
    show->setChecked(true);
    QCOMPARE(secret->echoMode(), QLineEdit::Normal);
    show->setChecked(false);
    QCOMPARE(secret->echoMode(), QLineEdit::Password);
    QTest::keyClicks(secret, u"-and-then-some-more-characters"_s);
    QVERIFY(!warnings->isVisibleTo(dialog));
    QVERIFY2(note->text().contains(u"restart of the server"_s), qPrintable(note->text()));

    // Redis: every bad address says why; the key may not be empty with a cluster.
    for (const QString &bad : {u"localhost:6379"_s, u"http://host:6379"_s, u"redis://"_s,
             u"redis://host:99999"_s, u"redis://host:6379/x"_s, u"redis://host/-1"_s}) {
        redis->setText(bad);
        QVERIFY2(problems->text().contains(u"Redis address"_s), qPrintable(bad));
        QVERIFY(!dialog->saveButton()->isEnabled());
    }
    redis->setText(u"redis://127.0.0.1:6390/2"_s);
    QVERIFY2(dialog->problems().isEmpty(), qPrintable(dialog->problems().join(u'\n')));
    redisKey->clear();
    QVERIFY(problems->text().contains(u"key prefix may not be empty"_s));
    QTest::keyClicks(redisKey, u"lan"_s);
    QVERIFY(dialog->problems().isEmpty());
    // Every address the console accepts, the cluster layer reads the same.
    QCOMPARE(settings_bridge::toConfig(dialog->settings(), ServerConfig{}).redis->toString(),
        u"redis://127.0.0.1:6390/2"_s);
    history->setValue(7);
    maxLength->setValue(300);
    ttl->setValue(7200);

    dialog->saveButton()->click();
    QTRY_VERIFY_WITH_TIMEOUT(!console.window->findChild<ui::SettingsDialog *>(), 5000);
    QSettings stored;
    QCOMPARE(stored.value(u"server/chat-history"_s).toInt(), 7);
    QCOMPARE(stored.value(u"server/chat-max-length"_s).toInt(), 300);
    QCOMPARE(stored.value(u"server/jwt-secret"_s).toString(),
        u"hunter2-and-then-some-more-characters"_s);
    QCOMPARE(stored.value(u"server/token-ttl"_s).toInt(), 7200);
    QCOMPARE(stored.value(u"server/redis"_s).toString(), u"redis://127.0.0.1:6390/2"_s);
    QCOMPARE(stored.value(u"server/redis-key"_s).toString(), u"lan"_s);
    const ServerConfig config = settings_bridge::toConfig(
        ui::ServerSettings::load(stored, ui::ServerSettings{}), ServerConfig{});
    QCOMPARE(config.chat.historySize, 7);
    QCOMPARE(config.chat.maxTextLength, 300);
    QCOMPARE(config.jwtSecret, QByteArray("hunter2-and-then-some-more-characters"));
    QCOMPARE(config.tokenTtl, std::chrono::seconds(7200));
    QCOMPARE(config.redis->port, quint16(6390));
    QCOMPARE(config.redisKey, QByteArray("lan"));

    // The token lifetime alone needs no restart; unticking the tokens turns them off.
    console.window->settingsAction()->trigger();
    dialog = console.dialog<ui::SettingsDialog>(u"settingsDialog"_s);
    QVERIFY(dialog);
    note = dialog->findChild<QLabel *>(u"restartNote"_s);
    dialog->findChild<QSpinBox *>(u"token-ttl"_s)->setValue(60);
    QVERIFY2(note->text().contains(u"no restart is needed"_s), qPrintable(note->text()));
    dialog->findChild<QCheckBox *>(u"jwt-secret-enabled"_s)->setChecked(false);
    QVERIFY(dialog->settings().jwtSecret.isEmpty());
    QVERIFY(note->text().contains(u"restart of the server"_s));
    dialog->reject();
}

void TestConsoleActions::jwtSecretFixedByTheEnvironment()
{
    // The environment's secret is locked for the run like a command-line option, and never saved.
    qputenv("SWITCHBOARD_JWT_SECRET", "from-the-environment-0123456789abcdef");
    int exitCode = 0;
    const CommandLine parsed = parseCommandLine({u"switchboard"_s, u"--headless"_s}, exitCode);
    qunsetenv("SWITCHBOARD_JWT_SECRET");
    QCOMPARE(exitCode, -1);
    QCOMPARE(parsed.server.jwtSecret, QByteArray("from-the-environment-0123456789abcdef"));
    const QList<Option> locked = settings_bridge::lockedOptions(parsed.givenOptions);
    QVERIFY(locked.contains(Option::JwtSecret));
    ui::ServerSettings saved;
    saved.jwtSecret = u"saved"_s;
    QCOMPARE(settings_bridge::effective(saved, parsed.server, locked).jwtSecret,
        u"from-the-environment-0123456789abcdef"_s);
    // Without it, nothing is locked and nothing is required.
    const CommandLine plain = parseCommandLine({u"switchboard"_s, u"--headless"_s}, exitCode);
    QVERIFY(plain.server.jwtSecret.isEmpty());
    QVERIFY(!settings_bridge::lockedOptions(plain.givenOptions).contains(Option::JwtSecret));
    // And the command line's TTL, chat and Redis options lock theirs.
    const CommandLine given = parseCommandLine(
        {u"switchboard"_s, u"--chat-history"_s, u"3"_s, u"--chat-max-length"_s, u"9"_s,
            u"--token-ttl"_s, u"60"_s, u"--redis"_s, u"redis://h:1/0"_s, u"--redis-key"_s, u"k"_s},
        exitCode);
    QCOMPARE(exitCode, -1);
    QCOMPARE(settings_bridge::lockedOptions(given.givenOptions),
        (QList<Option>{Option::ChatHistory, Option::ChatMaxLength, Option::TokenTtl, Option::Redis,
            Option::RedisKey}));
    const ui::ServerSettings fromCommandLine = settings_bridge::toSettings(given.server);
    QCOMPARE(fromCommandLine.chatHistory, 3);
    QCOMPARE(fromCommandLine.chatMaxLength, 9);
    QCOMPARE(fromCommandLine.tokenTtlSeconds, 60);
    QCOMPARE(fromCommandLine.redisUrl, u"redis://h:1/0"_s);
    QCOMPARE(fromCommandLine.redisKey, u"k"_s);

    ServerConfig config = sb::test::liveServerConfig();
    config.jwtSecret = parsed.server.jwtSecret;
    ServerHost host(config);
    HostLifecycle lifecycle(host, settings_bridge::toSettings(host.config()), locked);
    QString error;
    QVERIFY2(host.start(&error), qPrintable(error));
    ui::MainWindow window(host.controller());
    window.setLifecycle(&lifecycle);
    window.show();
    window.settingsAction()->trigger();
    ui::SettingsDialog *dialog = nullptr;
    QVERIFY(QTest::qWaitFor(
        [&] { return (dialog = window.findChild<ui::SettingsDialog *>()) && dialog->isVisible(); },
        5000));
    auto *secret = dialog->findChild<QLineEdit *>(u"jwt-secret-value"_s);
    QVERIFY(!secret->isEnabled());
    QVERIFY(!dialog->findChild<QCheckBox *>(u"jwt-secret-show"_s)->isEnabled());
    QCOMPARE(secret->echoMode(), QLineEdit::Password); // and it stays masked
    auto *note = dialog->findChild<QLabel *>(u"jwt-secret-note"_s);
    QVERIFY(note);
    QVERIFY2(note->text().contains(u"environment"_s), qPrintable(note->text()));
    QVERIFY(dialog->problems().isEmpty());
    dialog->saveButton()->click();
    QTRY_VERIFY_WITH_TIMEOUT(!window.findChild<ui::SettingsDialog *>(), 5000);
    QVERIFY(!QSettings().contains(u"server/jwt-secret"_s));
    QVERIFY(QSettings().contains(u"server/chat-history"_s));
    host.stop();
}

void TestConsoleActions::jwtSecretFromTheDialogRequiresTokens()
{
    Console console;
    QVERIFY(console.started);
    {
        NodePeers peers(console.baseUrl());
        QVERIFY2(!connectPeer(peers, u"before"_s).isEmpty(), peers.errors().constData());
    }
    console.window->settingsAction()->trigger();
    auto *dialog = console.dialog<ui::SettingsDialog>(u"settingsDialog"_s);
    QVERIFY(dialog);
    dialog->findChild<QCheckBox *>(u"jwt-secret-enabled"_s)->setChecked(true);
    const QString secret = u"a-secret-typed-into-the-console-0123"_s;
    QTest::keyClicks(dialog->findChild<QLineEdit *>(u"jwt-secret-value"_s), secret);
    QVERIFY(dialog->problems().isEmpty());
    dialog->restartButton()->click();
    QTRY_COMPARE_WITH_TIMEOUT(console.host.config().jwtSecret, secret.toUtf8(), Generous);
    QTRY_COMPARE_WITH_TIMEOUT(
        console.host.controller().state(), monitor::SourceState::Running, Generous);

    // Start again with the secret: a connection without a token is refused, one with a token
    // signed with it is let in under the token's name.
    NodePeers peers(console.baseUrl());
    peers.connect(u"anonymous"_s);
    const QJsonObject refused = peers.waitFor(u"anonymous"_s, u"connect_error"_s);
    QVERIFY2(refused.value(u"message"_s).toString().contains(u"token required"_s),
        peers.errors().constData());
    QVERIFY(peers.reportsOf(u"anonymous"_s, u"connect"_s).isEmpty());
    const QByteArray token = Jwt::mint(u"Ann"_s, std::chrono::minutes(5), secret.toUtf8());
    QByteArray tampered = token;
    tampered[tampered.size() - 2] = tampered.at(tampered.size() - 2) == 'A' ? 'B' : 'A';
    peers.connect(u"tampered"_s, u"/"_s, QJsonObject{{u"token"_s, QString::fromLatin1(tampered)}});
    QCOMPARE(peers.waitFor(u"tampered"_s, u"connect_error"_s).value(u"message"_s).toString(),
        u"invalid token signature"_s);
    const QString id = peers.connectAndWait(
        u"ann"_s, u"/"_s, QJsonObject{{u"token"_s, QString::fromLatin1(token)}});
    QVERIFY2(!id.isEmpty(), peers.errors().constData());
    QTRY_VERIFY_WITH_TIMEOUT(console.shows(id.toLatin1()), Generous);
    const int row = console.window->socketModel().rowOf(id.toLatin1());
    QCOMPARE(console.window->socketModel().rowAt(row).user, u"Ann"_s);
}

// The payload column of the first record of `event` in that direction (empty: none yet).
static QString previewOf(
    const ui::TrafficLogModel &model, const QString &event, monitor::Direction direction)
{
    for (int row = 0; row < model.rowCount(); ++row) {
        const monitor::TrafficRecord &record = model.recordAt(row);
        if (record.event == event && record.direction == direction)
            return model.index(row, int(ui::TrafficLogModel::Column::Payload)).data().toString();
    }
    return {};
}

void TestConsoleActions::chatTrafficReadsAsChat()
{
    // Started on the echo service, switched to the chat in the dialog: the log follows.
    Console console;
    QVERIFY(console.started);
    chat_preview::install(*console.window, console.host, console.lifecycle);
    ui::TrafficLogModel &log = console.window->trafficModel();
    {
        NodePeers peers(console.baseUrl());
        QVERIFY2(!connectPeer(peers, u"e"_s).isEmpty(), peers.errors().constData());
        peers.emitEvent(u"e"_s, u"typing"_s, {true});
        QTRY_VERIFY_WITH_TIMEOUT(
            !previewOf(log, u"typing"_s, monitor::Direction::In).isEmpty(), Generous);
        QCOMPARE(previewOf(log, u"typing"_s, monitor::Direction::In), u"true"_s);
    }
    console.window->settingsAction()->trigger();
    auto *dialog = console.dialog<ui::SettingsDialog>(u"settingsDialog"_s);
    QVERIFY(dialog);
    auto *service = dialog->findChild<QComboBox *>(u"service"_s);
    service->setCurrentIndex(service->findData(u"chat"_s));
    QVERIFY(dialog->problems().isEmpty());
    dialog->restartButton()->click();
    QTRY_COMPARE_WITH_TIMEOUT(console.host.config().service, u"chat"_s, Generous);
    QTRY_COMPARE_WITH_TIMEOUT(
        console.host.controller().state(), monitor::SourceState::Running, Generous);
    log.clear();

    NodePeers peers(console.baseUrl());
    QVERIFY2(!connectPeer(peers, u"alice"_s).isEmpty(), peers.errors().constData());
    peers.emitEvent(u"alice"_s, u"join-room"_s,
        {QJsonObject{{u"username"_s, u"alice"_s}, {u"room"_s, u"lobby"_s}}}, true);
    QVERIFY(!peers.waitFor(u"alice"_s, u"ack"_s).isEmpty());
    peers.emitEvent(u"alice"_s, u"typing"_s, {true});
    peers.emitEvent(u"alice"_s, u"chat-message"_s, {QJsonObject{{u"text"_s, u"hello"_s}}}, true);
    QTRY_VERIFY_WITH_TIMEOUT(peers.reportsOf(u"alice"_s, u"ack"_s).size() >= 2, Generous);
    QTRY_COMPARE_WITH_TIMEOUT(previewOf(log, u"chat-message"_s, monitor::Direction::In),
        u"alice → #lobby: hello"_s, Generous);
    QCOMPARE(previewOf(log, u"join-room"_s, monitor::Direction::In), u"alice joined #lobby"_s);
    QCOMPARE(previewOf(log, u"typing"_s, monitor::Direction::In), u"alice is typing"_s);
    QTRY_VERIFY_WITH_TIMEOUT(
        !previewOf(log, u"room-users"_s, monitor::Direction::Out).isEmpty(), Generous);
    // The welcome to alice, then her message to the room.
    bool sawMessage = false;
    QTRY_VERIFY_WITH_TIMEOUT(
        [&] {
            for (int row = 0; row < log.rowCount(); ++row) {
                const monitor::TrafficRecord &record = log.recordAt(row);
                const QString text
                    = log.index(row, int(ui::TrafficLogModel::Column::Payload)).data().toString();
                if (record.event == u"message"_s && text == u"alice → #lobby: hello"_s)
                    sawMessage = record.payload.contains("\"text\":\"hello\"");
            }
            return sawMessage;
        }(),
        Generous);
}

void TestConsoleActions::everyActionHasAKeyboardPath()
{
    Console console;
    QVERIFY(console.started);
    // Every menu has a mnemonic, and every action in it one too (or a shortcut).
    const QList<QAction *> menus = console.window->menuBar()->actions();
    QVERIFY(menus.size() >= 4);
    for (QAction *menuAction : menus) {
        QVERIFY2(menuAction->text().contains(u'&'), qPrintable(menuAction->text()));
        for (QAction *action : menuAction->menu()->actions()) {
            if (action->isSeparator())
                continue;
            QVERIFY2(action->text().contains(u'&') || !action->shortcut().isEmpty(),
                qPrintable(menuAction->text() + u" › "_s + action->text()));
        }
    }
    for (QAction *action : {console.window->kickAction(), console.window->closeConnectionAction(),
             console.window->joinRoomAction(), console.window->findAction(),
             console.window->pauseAction(), console.window->settingsAction(),
             console.window->drainAction()})
        QVERIFY2(!action->shortcut().isEmpty(), qPrintable(action->text()));
}

QTEST_MAIN(TestConsoleActions)
#include "tst_console_actions.moc"
