// The broadcast composer and the ack inspector on the real embedded server with real
// socket.io-client peers: a composed emit reaches exactly the sockets it targets, with exactly
// the arguments typed (bytes included), and its acks show as they end.

#include "live_server_config.h"
#include "node_peers.h"

#include "server_host.h"

#include "monitor/server_controller.h"
#include "ui/ack_filter_proxy.h"
#include "ui/ack_inspector.h"
#include "ui/ack_model.h"
#include "ui/ack_socket_model.h"
#include "ui/broadcast_answer_model.h"
#include "ui/broadcast_composer.h"
#include "ui/main_window.h"
#include "ui/socket_filter_proxy.h"
#include "ui/socket_table_model.h"

#include <QAbstractItemModelTester>
#include <QDir>
#include <QDockWidget>
#include <QItemSelectionModel>
#include <QJsonArray>
#include <QJsonDocument>
#include <QLabel>
#include <QLineEdit>
#include <QPlainTextEdit>
#include <QPushButton>
#include <QSignalSpy>
#include <QStandardPaths>
#include <QTableView>
#include <QTest>

using namespace sb;
using namespace Qt::StringLiterals;
using sb::monitor::AckRecord;
using sb::monitor::BroadcastRequest;
using sb::test::NodePeers;
using sb::ui::ArgumentKind;
using sb::ui::ComposerDraft;

namespace {
constexpr int Generous = 20'000; // ms

ServerConfig config()
{
    ServerConfig c = sb::test::liveServerConfig();
    c.serviceNamespaces = {"/", "/chat"};
    return c;
}

struct Console
{
    Console()
        : host(config())
    {
        QString error;
        started = host.start(&error);
        window = std::make_unique<ui::MainWindow>(host.controller());
        window->resize(1600, 1000);
        window->show();
        ui::AckInspector &inspector = window->ackInspector();
        for (QAbstractItemModel *model :
            std::initializer_list<QAbstractItemModel *>{&window->ackModel(), &inspector.proxy(),
                &inspector.socketModel(), &window->composer().answerModel()})
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
    ui::BroadcastComposer &composer() const { return window->composer(); }

    ServerHost host;
    bool started = false;
    std::unique_ptr<ui::MainWindow> window;
    std::vector<std::unique_ptr<QAbstractItemModelTester>> testers;
};

ComposerDraft draft(BroadcastRequest::Target target, const QString &event)
{
    ComposerDraft d;
    d.target = target;
    d.event = event;
    return d;
}

// The names of the events client `id` has received, in order (without the echo service's
// greeting, "auth").
QStringList received(const NodePeers &peers, const QString &id)
{
    QStringList names;
    for (const QJsonObject &report : peers.reportsOf(id, u"message"_s)) {
        if (report.value(u"name"_s).toString() != u"auth")
            names.append(report.value(u"name"_s).toString());
    }
    return names;
}

} // namespace

class TestComposerLive : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void initTestCase();
    void broadcastReachesExactlyTheTargets();
    void acksShowAnswerTimeoutAndDisconnect();

private:
    // Sends the draft from the composer's Send button and waits until the server says it went.
    static bool sendFromComposer(Console &console, const ComposerDraft &d);
    // Everyone gets a marker after the message: once each client has its marker, whatever the
    // message would have brought it has arrived too (one connection delivers in order).
    static bool fence(
        Console &console, NodePeers &peers, const QStringList &clients, const QString &marker);
};

void TestComposerLive::initTestCase()
{
    QStandardPaths::setTestModeEnabled(true);
    QCoreApplication::setOrganizationName(u"SwitchboardComposerLiveTests"_s);
}

bool TestComposerLive::sendFromComposer(Console &console, const ComposerDraft &d)
{
    ui::BroadcastComposer &composer = console.composer();
    composer.setDraft(d);
    if (!composer.sendButton()->isEnabled()) {
        qWarning() << "send blocked:" << composer.blockedReason();
        return false;
    }
    QSignalSpy finished(&composer, &ui::BroadcastComposer::finished);
    QTest::mouseClick(composer.sendButton(), Qt::LeftButton);
    if (finished.isEmpty() && !finished.wait(Generous))
        return false;
    const auto summary = finished.first().first().value<monitor::BroadcastSummary>();
    if (!summary.ok)
        qWarning() << "refused:" << summary.error;
    return summary.ok;
}

bool TestComposerLive::fence(
    Console &console, NodePeers &peers, const QStringList &clients, const QString &marker)
{
    if (!sendFromComposer(console, draft(BroadcastRequest::Target::Everyone, marker)))
        return false;
    for (const QString &id : clients) {
        if (peers.waitFor(id, u"message"_s, marker, Generous).isEmpty())
            return false;
    }
    return true;
}

void TestComposerLive::broadcastReachesExactlyTheTargets()
{
    Console console;
    QVERIFY(console.started);
    NodePeers peers(console.baseUrl());
    const QStringList all = {u"a"_s, u"b"_s, u"c"_s, u"d"_s};
    const QByteArray a = peers.connectAndWait(u"a"_s).toLatin1();
    const QByteArray b = peers.connectAndWait(u"b"_s).toLatin1();
    const QByteArray c = peers.connectAndWait(u"c"_s).toLatin1();
    const QByteArray d = peers.connectAndWait(u"d"_s, u"/chat"_s).toLatin1();
    QVERIFY2(
        !a.isEmpty() && !b.isEmpty() && !c.isEmpty() && !d.isEmpty(), peers.errors().constData());
    // a in lobby; b in lobby and vip; c in none.
    peers.emitEvent(u"a"_s, u"join"_s, {u"lobby"_s}, true);
    peers.emitEvent(u"b"_s, u"join"_s, {u"lobby"_s}, true);
    peers.emitEvent(u"b"_s, u"join"_s, {u"vip"_s}, true);
    QVERIFY(!peers.waitFor(u"a"_s, u"ack"_s, u"join"_s).isEmpty());
    QTRY_COMPARE_WITH_TIMEOUT(peers.reportsOf(u"b"_s, u"ack"_s).size(), 2, Generous);
    QTRY_VERIFY_WITH_TIMEOUT(console.window->socketModel().rowOf(d) >= 0, Generous);

    // Rooms with except, and the arguments exactly: JSON of every kind and bytes that are not
    // valid UTF-8.
    ComposerDraft rooms = draft(BroadcastRequest::Target::Rooms, u"r1"_s);
    rooms.rooms = {u"lobby"_s};
    rooms.except = {u"vip"_s};
    rooms.arguments = {{ArgumentKind::Json, u"{\"n\": 1, \"s\": \"é\", \"list\": [true, null]}"_s},
        {ArgumentKind::Json, u"42"_s}, {ArgumentKind::Hex, u"00 ff 10 80"_s},
        {ArgumentKind::Base64, u"AQID"_s}};
    QVERIFY(sendFromComposer(console, rooms));
    QVERIFY(fence(console, peers, all, u"fence1"_s));
    QCOMPARE(received(peers, u"a"_s), QStringList({u"r1"_s, u"fence1"_s}));
    for (const QString &other : {u"b"_s, u"c"_s, u"d"_s})
        QVERIFY2(received(peers, other) == QStringList({u"fence1"_s}),
            qPrintable(other + u": "_s + received(peers, other).join(u", "_s)));
    const QJsonObject got = peers.waitFor(u"a"_s, u"message"_s, u"r1"_s);
    const QJsonArray args = got.value(u"args"_s).toArray();
    QCOMPARE(args.size(), 4);
    QCOMPARE(args.at(0).toObject(),
        QJsonDocument::fromJson("{\"n\":1,\"s\":\"\xc3\xa9\",\"list\":[true,null]}").object());
    QCOMPARE(args.at(1).toInt(), 42);
    QCOMPARE(got.value(u"binary"_s).toArray(), QJsonArray({2, 3}));
    QCOMPARE(got.value(u"hex"_s).toArray(), QJsonArray({u"00ff1080"_s, u"010203"_s}));

    // One socket.
    ComposerDraft single = draft(BroadcastRequest::Target::Sockets, u"s1"_s);
    single.socket = QString::fromLatin1(c);
    single.arguments = {{ArgumentKind::Json, u"\"just you\""_s}};
    QVERIFY(sendFromComposer(console, single));
    QVERIFY(fence(console, peers, all, u"fence2"_s));
    QCOMPARE(received(peers, u"c"_s), QStringList({u"fence1"_s, u"s1"_s, u"fence2"_s}));
    for (const QString &other : {u"a"_s, u"b"_s, u"d"_s})
        QVERIFY(!received(peers, other).contains(u"s1"_s));
    QCOMPARE(peers.waitFor(u"c"_s, u"message"_s, u"s1"_s).value(u"args"_s).toArray(),
        QJsonArray({u"just you"_s}));

    // A namespace.
    ComposerDraft chat = draft(BroadcastRequest::Target::Namespace, u"n1"_s);
    chat.nsp = u"/chat"_s;
    QVERIFY(sendFromComposer(console, chat));
    QVERIFY(fence(console, peers, all, u"fence3"_s));
    QCOMPARE(received(peers, u"d"_s).filter(u"n1"_s).size(), 1);
    for (const QString &other : {u"a"_s, u"b"_s, u"c"_s})
        QVERIFY(!received(peers, other).contains(u"n1"_s));

    // Everyone except a room.
    ComposerDraft except = draft(BroadcastRequest::Target::Everyone, u"e1"_s);
    except.except = {u"lobby"_s};
    QVERIFY(sendFromComposer(console, except));
    QVERIFY(fence(console, peers, all, u"fence4"_s));
    QVERIFY(!received(peers, u"a"_s).contains(u"e1"_s));
    QVERIFY(!received(peers, u"b"_s).contains(u"e1"_s));
    QVERIFY(received(peers, u"c"_s).contains(u"e1"_s));
    QVERIFY(received(peers, u"d"_s).contains(u"e1"_s));

    // The sockets selected in the table: b and d.
    QTableView *table = console.window->socketView();
    ui::SocketFilterProxy &proxy = console.window->socketProxy();
    table->clearSelection();
    for (const QByteArray &id : {b, d}) {
        const QModelIndex source
            = console.window->socketModel().index(console.window->socketModel().rowOf(id), 0);
        table->selectionModel()->select(
            proxy.mapFromSource(source), QItemSelectionModel::Select | QItemSelectionModel::Rows);
    }
    ComposerDraft selection = draft(BroadcastRequest::Target::Sockets, u"sel"_s);
    selection.selectedSockets = true;
    QVERIFY(sendFromComposer(console, selection));
    QVERIFY(fence(console, peers, all, u"fence5"_s));
    QVERIFY(received(peers, u"b"_s).contains(u"sel"_s));
    QVERIFY(received(peers, u"d"_s).contains(u"sel"_s));
    QVERIFY(!received(peers, u"a"_s).contains(u"sel"_s));
    QVERIFY(!received(peers, u"c"_s).contains(u"sel"_s));

    // And what was sent is in the history, most recent first.
    QCOMPARE(console.composer().history().recent().first().event, u"fence5"_s);
}

void TestComposerLive::acksShowAnswerTimeoutAndDisconnect()
{
    Console console;
    QVERIFY(console.started);
    NodePeers peers(console.baseUrl());
    const QByteArray a = peers.connectAndWait(u"a"_s).toLatin1();
    const QByteArray b = peers.connectAndWait(u"b"_s).toLatin1();
    const QByteArray c = peers.connectAndWait(u"c"_s).toLatin1();
    const QByteArray e = peers.connectAndWait(u"e"_s).toLatin1();
    QVERIFY2(
        !a.isEmpty() && !b.isEmpty() && !c.isEmpty() && !e.isEmpty(), peers.errors().constData());
    peers.answer(u"a"_s, u"ask"_s, u"echo"_s);
    peers.answer(u"b"_s, u"ask"_s, u"never"_s);
    peers.answer(u"c"_s, u"ask"_s, u"value"_s, QJsonObject{{u"ok"_s, true}, {u"score"_s, 12}});
    peers.answer(u"e"_s, u"ask"_s, u"never"_s);
    // The script reads its commands in order: once this round trip is back, the answers are set.
    peers.emitEvent(u"e"_s, u"echo"_s, {1}, true);
    QVERIFY(!peers.waitFor(u"e"_s, u"ack"_s, u"echo"_s).isEmpty());
    QTRY_COMPARE_WITH_TIMEOUT(console.window->socketModel().rowCount(), 4, Generous);

    ui::BroadcastComposer &composer = console.composer();
    console.window->composerAction()->trigger();
    QSignalSpy finished(&composer, &ui::BroadcastComposer::finished);
    ComposerDraft ask = draft(BroadcastRequest::Target::Namespace, u"ask"_s);
    ask.arguments = {{ArgumentKind::Json, u"\"hello\""_s}};
    ask.ack = true;
    ask.ackTimeoutMs = 6000; // long enough for e to leave before it ends
    composer.setDraft(ask);
    QVERIFY2(composer.sendButton()->isEnabled(), qPrintable(composer.blockedReason()));
    QTest::mouseClick(composer.sendButton(), Qt::LeftButton);
    // e leaves once the question reached it.
    QVERIFY(!peers.waitFor(u"e"_s, u"message"_s, u"ask"_s).isEmpty());
    peers.disconnect(u"e"_s);

    // Answers come live: a and c first, then e's disconnect, then b's timeout and the summary.
    ui::BroadcastAnswerModel &answers = composer.answerModel();
    QTRY_VERIFY_WITH_TIMEOUT(answers.rowOf(a) >= 0 && answers.rowOf(c) >= 0, Generous);
    QTRY_VERIFY_WITH_TIMEOUT(!finished.isEmpty(), Generous);
    QCOMPARE(answers.rowCount(), 4);
    using Col = ui::BroadcastAnswerModel::Column;
    const auto cell = [&](const QByteArray &socket, Col column) {
        return answers.index(answers.rowOf(socket), int(column)).data().toString();
    };
    QCOMPARE(cell(a, Col::State), u"answered"_s);
    QCOMPARE(cell(a, Col::Answer), u"[\"hello\"]"_s);
    QVERIFY2(cell(a, Col::Latency).contains(u's'), qPrintable(cell(a, Col::Latency)));
    QCOMPARE(QJsonDocument::fromJson(cell(c, Col::Answer).toUtf8()).array(),
        QJsonArray({QJsonObject{{u"ok"_s, true}, {u"score"_s, 12}}}));
    QCOMPARE(cell(b, Col::State), u"timed out"_s);
    QVERIFY(cell(b, Col::Latency).isEmpty());
    QCOMPARE(cell(e, Col::State), u"disconnected"_s);
    const auto summary = finished.first().first().value<monitor::BroadcastSummary>();
    QCOMPARE(summary.recipients, 4);
    QCOMPARE(summary.answered, 2);
    QCOMPARE(summary.timedOut, 1);
    QCOMPARE(summary.disconnected, 1);
    QVERIFY2(composer.summaryLabel()->text().contains(
                 u"recipients 4: answered 2 · timed out 1 · disconnected 1"_s),
        qPrintable(composer.summaryLabel()->text()));

    // The ack inspector has the same four, settled, and shows b's timeout across its row.
    ui::AckInspector &inspector = console.window->ackInspector();
    const ui::AckModel &acks = console.window->ackModel();
    const auto rowOf = [&](const QByteArray &socket) {
        for (int row = 0; row < acks.rowCount(); ++row) {
            const AckRecord &record = acks.recordAt(row);
            if (record.socket == socket && record.event == u"ask"
                && record.kind == AckRecord::Kind::ServerToClient)
                return row;
        }
        return -1;
    };
    QTRY_VERIFY_WITH_TIMEOUT(rowOf(b) >= 0
            && acks.recordAt(rowOf(b)).state == AckRecord::State::TimedOut && rowOf(e) >= 0
            && acks.recordAt(rowOf(e)).state == AckRecord::State::Disconnected && rowOf(a) >= 0
            && acks.recordAt(rowOf(a)).state == AckRecord::State::Answered,
        Generous);
    QCOMPARE(inspector.socketModel().pendingOf(b), 0);
    const QModelIndex timedOut
        = inspector.proxy().mapFromSource(acks.index(rowOf(b), int(ui::AckModel::Column::Event)));
    QVERIFY(timedOut.data(Qt::BackgroundRole).isValid());
    const QModelIndex answered
        = inspector.proxy().mapFromSource(acks.index(rowOf(c), int(ui::AckModel::Column::Event)));
    QVERIFY(!answered.data(Qt::BackgroundRole).isValid());
    inspector.eventFilter()->setText(u"ask"_s);
    inspector.socketFilter()->setText(QString::fromLatin1(c));
    QCOMPARE(inspector.proxy().rowCount(), 1);
    inspector.view()->setCurrentIndex(inspector.proxy().index(0, 0));
    QVERIFY2(inspector.detail()->toPlainText().contains(u"\"score\": 12"_s),
        qPrintable(inspector.detail()->toPlainText()));

    // Pictures for the README (scripts/screenshot_console.sh sets the folder).
    const QString folder = qEnvironmentVariable("SB_SCREENSHOT_DIR");
    if (!folder.isEmpty()) {
        inspector.socketFilter()->clear();
        inspector.eventFilter()->clear();
        console.window->composerDock()->raise();
        QCoreApplication::processEvents(); // lay out the raised tab before the picture
        QVERIFY(console.window->grab().save(QDir(folder).filePath(u"console-composer.png"_s)));
        // Two questions b never answers: pending rows with their countdown, and b's count.
        ComposerDraft wait = draft(BroadcastRequest::Target::Sockets, u"ask"_s);
        wait.socket = QString::fromLatin1(b);
        wait.arguments = {{ArgumentKind::Json, u"{\"question\": \"still there?\"}"_s}};
        wait.ack = true;
        wait.ackTimeoutMs = 60'000;
        composer.setDraft(wait);
        QVERIFY(composer.send());
        wait.ackTimeoutMs = 45'000;
        composer.setDraft(wait);
        QVERIFY(composer.send());
        QTRY_COMPARE_WITH_TIMEOUT(inspector.socketModel().pendingOf(b), 2, Generous);
        console.window->ackDock()->raise();
        console.window->resizeDocks({console.window->ackDock()}, {520}, Qt::Vertical);
        const int row = rowOf(c);
        inspector.view()->setCurrentIndex(inspector.proxy().mapFromSource(acks.index(row, 0)));
        QCoreApplication::processEvents();
        QVERIFY(console.window->grab().save(QDir(folder).filePath(u"console-acks.png"_s)));
    }
}

QTEST_MAIN(TestComposerLive)
#include "tst_composer_live.moc"
