// The chat's lines in the traffic log (app/chat_preview.*) through the real model, with the
// socket table telling who a socket is.

#include "chat_preview.h"

#include "ui/socket_table_model.h"
#include "ui/traffic_log_model.h"

#include <QAbstractItemModelTester>
#include <QTest>

using namespace Qt::StringLiterals;
using sb::monitor::Direction;
using sb::monitor::TrafficRecord;
using sb::ui::SocketTableModel;
using sb::ui::TrafficLogModel;

namespace {

TrafficRecord rec(Direction direction, const QByteArray &socket, const QString &event,
    const QByteArray &arguments, const QStringList &rooms = {})
{
    static quint64 seq = 0;
    TrafficRecord r;
    r.seq = ++seq;
    r.direction = direction;
    r.socket = socket;
    r.nsp = "/";
    r.event = event;
    r.packetType = 2;
    r.rooms = rooms;
    r.payload = "2[\"" + event.toUtf8() + '"';
    if (!arguments.isEmpty())
        r.payload += ',' + arguments;
    r.payload += ']';
    r.size = r.payload.size();
    return r;
}

} // namespace

Q_DECLARE_METATYPE(TrafficRecord)

class TestChatPreview : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void readsTheChat_data();
    void readsTheChat();
};

void TestChatPreview::readsTheChat_data()
{
    QTest::addColumn<TrafficRecord>("record");
    QTest::addColumn<QString>("expected");
    const auto in = Direction::In;
    const auto out = Direction::Out;
    // The socket table knows s1 as alice in lobby; s9 is gone (or never had a name).
    QTest::newRow("chat-message in")
        << rec(in, "s1", u"chat-message"_s, R"({"text":"hello"})") << u"alice → #lobby: hello"_s;
    QTest::newRow("chat-message, unknown socket")
        << rec(in, "s9", u"chat-message"_s, R"({"text":"hi"})") << u"s9: hi"_s;
    QTest::newRow("message to the room") << rec(out, {}, u"message"_s,
        R"({"username":"alice","text":"hello","timestamp":"t","messageId":"m1"})", {u"lobby"_s})
                                         << u"alice → #lobby: hello"_s;
    QTest::newRow("message to everyone")
        << rec(out, {}, u"message"_s, R"({"username":"bob","text":"x"})") << u"bob → everyone: x"_s;
    QTest::newRow("welcome to one socket") << rec(
        out, "s1", u"message"_s, R"({"username":"System","text":"Welcome alice to room lobby!"})")
                                           << u"System → alice: Welcome alice to room lobby!"_s;
    QTest::newRow("history") << rec(
        out, "s1", u"message"_s, R"({"username":"bob","text":"old","history":true})")
                             << u"bob → alice: old (history)"_s;
    QTest::newRow("server's echo")
        << rec(out, "s9", u"message"_s, R"({"text":"Server received: yo"})")
        << u"server → s9: Server received: yo"_s;
    QTest::newRow("example client's message")
        << rec(in, "s9", u"message"_s, R"("yo")") << u"s9 → server: yo"_s;
    QTest::newRow("example client's object")
        << rec(in, "s1", u"message"_s, R"({"text":"yo"})") << u"alice → server: yo"_s;
    QTest::newRow("join-room") << rec(
        in, "s9", u"join-room"_s, R"({"username":"carol","room":"lobby"})")
                               << u"carol joined #lobby"_s;
    QTest::newRow("join-room, signed-in name wins") << rec(in, "s1", u"join-room"_s,
        R"({"username":"mallory","room":"den"})") << u"alice joined #den"_s;
    QTest::newRow("typing") << rec(in, "s1", u"typing"_s, "true") << u"alice is typing"_s;
    QTest::newRow("stopped typing")
        << rec(in, "s1", u"typing"_s, "false") << u"alice stopped typing"_s;
    QTest::newRow("user-typing") << rec(
        out, {}, u"user-typing"_s, R"({"username":"bob","isTyping":true})", {u"lobby"_s})
                                 << u"bob is typing"_s;
    QTest::newRow("room-users") << rec(out, {}, u"room-users"_s, R"(["alice","bob"])", {u"lobby"_s})
                                << u"in #lobby: alice, bob"_s;
    // Markup and percent signs are shown as typed, never interpreted.
    QTest::newRow("text as typed") << rec(in, "s1", u"chat-message"_s, R"({"text":"<b>%1 %2</b>"})")
                                   << u"alice → #lobby: <b>%1 %2</b>"_s;
    // What the chat would not send stays generic JSON.
    QTest::newRow("typing, not a boolean")
        << rec(in, "s1", u"typing"_s, R"("yes")") << uR"("yes")"_s;
    QTest::newRow("join-room without room")
        << rec(in, "s1", u"join-room"_s, R"({"username":"x"})") << uR"({"username":"x"})"_s;
    QTest::newRow("chat-message, no arguments")
        << rec(in, "s1", u"chat-message"_s, {}) << QString();
    QTest::newRow("room-users, not a list") << rec(out, {}, u"room-users"_s, "3") << u"3"_s;
    QTest::newRow("another event") << rec(in, "s1", u"move"_s, R"({"x":1})") << uR"({"x":1})"_s;
}

void TestChatPreview::readsTheChat()
{
    QFETCH(TrafficRecord, record);
    QFETCH(QString, expected);
    SocketTableModel sockets;
    QAbstractItemModelTester socketTester(
        &sockets, QAbstractItemModelTester::FailureReportingMode::Fatal);
    sb::monitor::SocketDelta delta;
    sb::monitor::SocketRow alice;
    alice.id = "s1";
    alice.nsp = "/";
    alice.user = u"alice"_s;
    alice.rooms = {u"lobby"_s};
    delta.added = {alice};
    sockets.applyDelta(delta);

    TrafficLogModel model;
    QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::Fatal);
    model.setSocketTable(&sockets);
    model.setPreviewFormatters(chat_preview::formatters());
    model.append({record});
    const QModelIndex cell = model.index(0, int(TrafficLogModel::Column::Payload));
    QCOMPARE(cell.data().toString(), expected);
    // The JSON stays where the detail view and the search look.
    QCOMPARE(cell.data(int(TrafficLogModel::Role::RawPayload)).toByteArray(), record.payload);
}

QTEST_MAIN(TestChatPreview)
#include "tst_chat_preview.moc"
