// The composer's own logic without a server: arguments checked as typed (with the error's
// position), Send disabled with a reason, the request it builds, answers and summary shown,
// history and templates persisted.

#include "fake_source.h"

#include "ui/argument_list_editor.h"
#include "ui/broadcast_answer_model.h"
#include "ui/broadcast_composer.h"
#include "ui/composer_history.h"

#include <QAbstractItemModelTester>
#include <QComboBox>
#include <QLabel>
#include <QLineEdit>
#include <QPlainTextEdit>
#include <QPushButton>
#include <QSettings>
#include <QStandardPaths>
#include <QTemporaryFile>
#include <QTest>

using namespace sb;
using namespace Qt::StringLiterals;
using sb::monitor::BroadcastRequest;
using sb::ui::ArgumentKind;
using sb::ui::ComposerDraft;

namespace {

// Keeps the broadcasts the composer sent.
class RecordingSource : public test::FakeSource
{
public:
    using test::FakeSource::FakeSource;
    void broadcast(const BroadcastRequest &request) override { requests.append(request); }
    QList<BroadcastRequest> requests;
};

void clearSettings()
{
    QSettings settings;
    settings.remove(u"composer"_s);
}

} // namespace

class TestBroadcastComposer : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void initTestCase();
    void init() { clearSettings(); }
    void cleanupTestCase() { clearSettings(); }
    void checkArgument_data();
    void checkArgument();
    void fileArgument();
    void typingInvalidJsonDisablesSend();
    void reasonsToBlock();
    void requestFromTheForm();
    void selectionTarget();
    void answersAndSummary();
    void historyPersistsAndResends();
    void templatesPersist();
};

void TestBroadcastComposer::initTestCase()
{
    QStandardPaths::setTestModeEnabled(true);
    QCoreApplication::setOrganizationName(u"SwitchboardComposerTests"_s);
}

void TestBroadcastComposer::checkArgument_data()
{
    QTest::addColumn<int>("kind");
    QTest::addColumn<QString>("text");
    QTest::addColumn<bool>("ok");
    QTest::addColumn<bool>("binary");
    QTest::addColumn<QByteArray>("data");
    QTest::addColumn<int>("line");
    QTest::addColumn<int>("column");
    const int json = int(ArgumentKind::Json);
    const int hex = int(ArgumentKind::Hex);
    const int b64 = int(ArgumentKind::Base64);
    QTest::newRow("string") << json << u"\"hi\""_s << true << false << QByteArray("\"hi\"") << 0
                            << 0;
    QTest::newRow("number") << json << u" 42 "_s << true << false << QByteArray("42") << 0 << 0;
    QTest::newRow("object") << json << u"{\"a\": [1, null]}"_s << true << false
                            << QByteArray("{\"a\": [1, null]}") << 0 << 0;
    QTest::newRow("big integer kept as typed") << json << u"12345678901234567890"_s << true << false
                                               << QByteArray("12345678901234567890") << 0 << 0;
    QTest::newRow("empty") << json << u"  "_s << false << false << QByteArray() << 0 << 0;
    QTest::newRow("unterminated object, line 2")
        << json << u"{\"a\": 1,\n  \"b\": }"_s << false << false << QByteArray() << 2 << 9;
    QTest::newRow("bad token, line 1")
        << json << u"[1, 2, x]"_s << false << false << QByteArray() << 1 << 8;
    QTest::newRow("two values") << json << u"1, 2"_s << false << false << QByteArray() << 0 << 0;
    QTest::newRow("placeholder") << json << u"{\"_placeholder\": true, \"num\": 0}"_s << false
                                 << false << QByteArray() << 0 << 0;
    QTest::newRow("hex") << hex << u"00 ff\n10"_s << true << true << QByteArray("\x00\xff\x10", 3)
                         << 0 << 0;
    QTest::newRow("hex odd") << hex << u"abc"_s << false << false << QByteArray() << 0 << 0;
    QTest::newRow("hex bad digit") << hex << u"zz"_s << false << false << QByteArray() << 0 << 0;
    QTest::newRow("hex empty") << hex << QString() << true << true << QByteArray() << 0 << 0;
    QTest::newRow("base64") << b64 << u"AQID/w=="_s << true << true
                            << QByteArray("\x01\x02\x03\xff", 4) << 0 << 0;
    QTest::newRow("base64 bad") << b64 << u"A$=="_s << false << false << QByteArray() << 0 << 0;
}

void TestBroadcastComposer::checkArgument()
{
    QFETCH(int, kind);
    QFETCH(QString, text);
    QFETCH(bool, ok);
    QFETCH(bool, binary);
    QFETCH(QByteArray, data);
    QFETCH(int, line);
    QFETCH(int, column);
    const ui::ArgumentCheck check = ui::checkArgument({ArgumentKind(kind), text});
    QCOMPARE(check.ok, ok);
    QCOMPARE(check.error.isEmpty(), ok);
    if (ok) {
        QCOMPARE(check.argument.binary, binary);
        QCOMPARE(check.argument.data, data);
    }
    QCOMPARE(check.line, line);
    QCOMPARE(check.column, column);
}

void TestBroadcastComposer::fileArgument()
{
    QTemporaryFile file;
    QVERIFY(file.open());
    file.write(QByteArray("\x00\x01binary\xfe", 9));
    file.close();
    ui::ArgumentCheck check = ui::checkArgument({ArgumentKind::File, file.fileName()});
    QVERIFY(check.ok);
    QVERIFY(check.argument.binary);
    QCOMPARE(check.argument.data, QByteArray("\x00\x01binary\xfe", 9));
    check = ui::checkArgument({ArgumentKind::File, file.fileName() + u".missing"_s});
    QVERIFY(!check.ok);

    // Kept in the history by its bytes, not its name.
    ComposerDraft d;
    d.event = u"file"_s;
    d.arguments = {{ArgumentKind::File, file.fileName()}};
    const ComposerDraft saved = ComposerDraft::fromJson(d.toJson());
    QCOMPARE(saved.arguments.first().kind, ArgumentKind::Base64);
    QCOMPARE(ui::checkArgument(saved.arguments.first()).argument.data,
        QByteArray("\x00\x01binary\xfe", 9));
}

void TestBroadcastComposer::typingInvalidJsonDisablesSend()
{
    RecordingSource source;
    ui::BroadcastComposer composer(source);
    composer.show();
    composer.eventEdit()->setText(u"chat"_s);
    QVERIFY(composer.sendButton()->isEnabled());
    QPlainTextEdit *edit = composer.argumentEditor()->textEdit(0);
    edit->clear();
    edit->setFocus();
    QTest::keyClicks(edit, u"{\"text\": \"hi\","_s);
    QTest::keyClick(edit, Qt::Key_Return);
    QTest::keyClicks(edit, u" \"to\": ]"_s);
    QVERIFY(!composer.sendButton()->isEnabled());
    QVERIFY2(composer.reasonLabel()->text().startsWith(u"Argument 1, line 2, column 9:"_s),
        qPrintable(composer.reasonLabel()->text()));
    QVERIFY(composer.argumentEditor()->errorLabel(0)->text().startsWith(u"line 2, column 9:"_s));
    QVERIFY(composer.argumentEditor()->errorLabel(0)->isVisibleTo(&composer));
    QVERIFY(!composer.send());
    QVERIFY(source.requests.isEmpty());
    // Fixing it enables Send again.
    QTest::keyClick(edit, Qt::Key_Backspace);
    QTest::keyClicks(edit, u"\"all\"}"_s);
    QVERIFY2(composer.sendButton()->isEnabled(), qPrintable(composer.blockedReason()));
    QVERIFY(composer.reasonLabel()->isHidden());
    QVERIFY(!composer.argumentEditor()->errorLabel(0)->isVisibleTo(&composer));
    QTest::mouseClick(composer.sendButton(), Qt::LeftButton);
    QCOMPARE(source.requests.size(), 1);
    QCOMPARE(source.requests.first().arguments.first().data,
        QByteArray("{\"text\": \"hi\",\n \"to\": \"all\"}"));
}

void TestBroadcastComposer::reasonsToBlock()
{
    {
        RecordingSource source(test::FakeSource::allCapabilities()
            & ~monitor::Capabilities(monitor::Capability::Actions));
        ui::BroadcastComposer composer(source);
        composer.eventEdit()->setText(u"chat"_s);
        QVERIFY(!composer.sendButton()->isEnabled());
        QCOMPARE(composer.reasonLabel()->text(),
            u"This server does not accept actions from the console."_s);
    }
    RecordingSource source;
    ui::BroadcastComposer composer(source);
    QCOMPARE(composer.blockedReason(), u"Enter an event name."_s);
    QVERIFY(!composer.sendButton()->isEnabled());
    composer.eventEdit()->setText(u"disconnect"_s);
    QVERIFY(composer.blockedReason().contains(u"reserved"_s));
    composer.eventEdit()->setText(u"chat"_s);
    QVERIFY(composer.blockedReason().isEmpty());
    ComposerDraft d = composer.draft();
    d.target = BroadcastRequest::Target::Rooms;
    composer.setDraft(d);
    QCOMPARE(composer.blockedReason(), u"Name at least one room."_s);
    d.rooms = {u"lobby"_s};
    d.nsp = u"chat"_s;
    composer.setDraft(d);
    QCOMPARE(composer.blockedReason(), u"A namespace starts with /."_s);
    d.nsp = u"/chat"_s;
    d.target = BroadcastRequest::Target::Sockets;
    composer.setDraft(d);
    QCOMPARE(composer.blockedReason(), u"Enter a socket id."_s);
    d.target = BroadcastRequest::Target::Everyone;
    composer.setDraft(d);
    QVERIFY(composer.sendButton()->isEnabled());
    // A stopped server takes nothing.
    source.setState(monitor::SourceState::Stopped);
    QVERIFY(!composer.sendButton()->isEnabled());
    QCOMPARE(composer.reasonLabel()->text(), u"The server is not running."_s);
}

void TestBroadcastComposer::requestFromTheForm()
{
    RecordingSource source;
    ui::BroadcastComposer composer(source);
    ComposerDraft d;
    d.target = BroadcastRequest::Target::Rooms;
    d.nsp = u"/game"_s;
    d.rooms = {u"red"_s, u"blue"_s};
    d.except = {u"muted"_s};
    d.event = u"score"_s;
    d.arguments = {{ArgumentKind::Json, u"{\"a\":1}"_s}, {ArgumentKind::Hex, u"cafe"_s}};
    d.isVolatile = true;
    d.local = true;
    d.compress = false;
    d.ack = true;
    d.ackTimeoutMs = 1234;
    composer.setDraft(d);
    QCOMPARE(composer.draft(), d);
    QVERIFY(composer.send());
    QCOMPARE(source.requests.size(), 1);
    const BroadcastRequest r = source.requests.first();
    QCOMPARE(r.id, composer.currentRequest());
    QCOMPARE(r.target, BroadcastRequest::Target::Rooms);
    QCOMPARE(r.nsp, QByteArray("/game"));
    QCOMPARE(r.rooms, QStringList({u"red"_s, u"blue"_s}));
    QCOMPARE(r.except, QStringList({u"muted"_s}));
    QCOMPARE(r.event, u"score"_s);
    QCOMPARE(r.arguments.size(), 2);
    QVERIFY(!r.arguments.at(0).binary);
    QCOMPARE(r.arguments.at(0).data, QByteArray("{\"a\":1}"));
    QVERIFY(r.arguments.at(1).binary);
    QCOMPARE(r.arguments.at(1).data, QByteArray("\xca\xfe"));
    QVERIFY(r.isVolatile);
    QVERIFY(r.local);
    QVERIFY(!r.compress);
    QCOMPARE(r.ackTimeoutMs, std::optional<qint64>(1234));

    // Without ack, one socket (ids separated by commas or spaces).
    d.target = BroadcastRequest::Target::Sockets;
    d.socket = u"abc, def"_s;
    d.ack = false;
    composer.setDraft(d);
    QVERIFY(composer.send());
    QCOMPARE(source.requests.last().sockets, QList<QByteArray>({"abc", "def"}));
    QVERIFY(!source.requests.last().ackTimeoutMs);
    QVERIFY(source.requests.last().id != r.id);
}

void TestBroadcastComposer::selectionTarget()
{
    RecordingSource source;
    ui::BroadcastComposer composer(source);
    QList<QByteArray> selected;
    composer.setSelectionProvider([&selected] { return selected; });
    ComposerDraft d;
    d.target = BroadcastRequest::Target::Sockets;
    d.selectedSockets = true;
    d.event = u"ping"_s;
    composer.setDraft(d);
    QCOMPARE(composer.blockedReason(), u"Select sockets in the table first."_s);
    selected = {"s1", "s2"};
    composer.revalidate();
    QVERIFY(composer.sendButton()->isEnabled());
    QVERIFY(composer.send());
    QCOMPARE(source.requests.last().target, BroadcastRequest::Target::Sockets);
    QCOMPARE(source.requests.last().sockets, selected);
}

void TestBroadcastComposer::answersAndSummary()
{
    RecordingSource source;
    ui::BroadcastComposer composer(source);
    QAbstractItemModelTester tester(
        &composer.answerModel(), QAbstractItemModelTester::FailureReportingMode::QtTest);
    ComposerDraft d;
    d.event = u"ask"_s;
    d.ack = true;
    composer.setDraft(d);
    QVERIFY(composer.send());
    const quint64 id = composer.currentRequest();
    monitor::BroadcastAnswer answer;
    answer.requestId = id;
    answer.socket = "s1";
    answer.nsp = "/";
    answer.answer = "[\"ok\"]";
    answer.latencyUs = 1500;
    Q_EMIT source.broadcastAnswered(answer);
    monitor::BroadcastAnswer other = answer;
    other.requestId = id + 100; // someone else's
    Q_EMIT source.broadcastAnswered(other);
    monitor::BroadcastAnswer late = answer;
    late.socket = "s2";
    late.state = monitor::AckRecord::State::TimedOut;
    Q_EMIT source.broadcastAnswered(late);
    ui::BroadcastAnswerModel &model = composer.answerModel();
    QCOMPARE(model.rowCount(), 2);
    using Col = ui::BroadcastAnswerModel::Column;
    QCOMPARE(model.index(0, int(Col::Socket)).data().toString(), u"s1"_s);
    QCOMPARE(model.index(0, int(Col::Answer)).data().toString(), u"[\"ok\"]"_s);
    QCOMPARE(model.index(0, int(Col::Latency)).data().toString(), u"1.50 ms"_s);
    QCOMPARE(model.index(1, int(Col::State)).data().toString(), u"timed out"_s);
    QVERIFY(model.index(1, int(Col::Latency)).data().toString().isEmpty());
    monitor::BroadcastSummary summary;
    summary.requestId = id;
    summary.ok = true;
    summary.recipients = 2;
    summary.answered = 1;
    summary.timedOut = 1;
    Q_EMIT source.broadcastFinished(summary);
    QCOMPARE(composer.summaryLabel()->text(),
        u"recipients 2: answered 1 · timed out 1 · disconnected 0"_s);

    // A refusal says why; a new send clears the table.
    QVERIFY(composer.send());
    QCOMPARE(model.rowCount(), 0);
    summary = {};
    summary.requestId = composer.currentRequest();
    summary.error = u"no namespace /x"_s;
    Q_EMIT source.broadcastFinished(summary);
    QCOMPARE(composer.summaryLabel()->text(), u"Not sent: no namespace /x"_s);
}

void TestBroadcastComposer::historyPersistsAndResends()
{
    {
        RecordingSource source;
        ui::BroadcastComposer composer(source);
        for (const QString &event : {u"first"_s, u"second"_s, u"first"_s}) {
            ComposerDraft d;
            d.event = event;
            d.arguments = {{ArgumentKind::Json, u"[1]"_s}};
            composer.setDraft(d);
            QVERIFY(composer.send());
        }
        // A repeat moves to the top instead of adding a copy.
        QCOMPARE(composer.history().recent().size(), 2);
        QCOMPARE(composer.history().recent().first().event, u"first"_s);
    }
    // A new composer (a new run) has them.
    RecordingSource source;
    ui::BroadcastComposer composer(source);
    QCOMPARE(composer.history().recent().size(), 2);
    QCOMPARE(composer.history().recent().at(1).event, u"second"_s);
    auto *menu = composer.findChild<QComboBox *>(u"composerHistory"_s);
    QVERIFY(menu);
    QCOMPARE(menu->count(), 2);
    QVERIFY(menu->itemText(1).startsWith(u"second → /"_s));
    // Resend in one click: the chosen entry goes out as it was.
    menu->setCurrentIndex(1);
    QTest::mouseClick(composer.findChild<QPushButton *>(u"resendButton"_s), Qt::LeftButton);
    QCOMPARE(source.requests.size(), 1);
    QCOMPARE(source.requests.first().event, u"second"_s);
    QCOMPARE(source.requests.first().arguments.first().data, QByteArray("[1]"));
    QCOMPARE(composer.history().recent().first().event, u"second"_s);
    // The bound.
    for (int i = 0; i < ui::ComposerHistory::HistoryLimit + 5; ++i) {
        ComposerDraft d;
        d.event = u"e%1"_s.arg(i);
        composer.history().addSent(d);
    }
    QCOMPARE(composer.history().recent().size(), ui::ComposerHistory::HistoryLimit);
}

void TestBroadcastComposer::templatesPersist()
{
    ComposerDraft d;
    d.target = BroadcastRequest::Target::Rooms;
    d.nsp = u"/chat"_s;
    d.rooms = {u"lobby"_s};
    d.event = u"notice"_s;
    d.arguments
        = {{ArgumentKind::Json, u"\"maintenance at 6\""_s}, {ArgumentKind::Base64, u"AAE="_s}};
    d.ack = true;
    d.ackTimeoutMs = 2500;
    {
        RecordingSource source;
        ui::BroadcastComposer composer(source);
        composer.setDraft(d);
        composer.saveTemplate(u"Maintenance"_s);
        composer.saveTemplate(u"Other"_s);
        QCOMPARE(composer.history().templateNames(), QStringList({u"Maintenance"_s, u"Other"_s}));
        composer.history().removeTemplate(u"Other"_s);
    }
    RecordingSource source;
    ui::BroadcastComposer composer(source);
    QCOMPARE(composer.history().templateNames(), QStringList({u"Maintenance"_s}));
    QVERIFY(composer.loadTemplate(u"Maintenance"_s));
    QCOMPARE(composer.draft(), d);
    QVERIFY(!composer.loadTemplate(u"Other"_s));
}

QTEST_MAIN(TestBroadcastComposer)
#include "tst_broadcast_composer.moc"
