// Acknowledgements both ways on fake transports: the client asking (Ack), the server asking
// (AckResult: answered, timed out, disconnected), broadcasts with acks, and the observer hooks.

#include "io_harness.h"

#include <QRegularExpression>
#include <QTest>

using namespace sb;
using namespace sb::test;
using namespace std::chrono_literals;
using io::AckResult;

namespace {

constexpr int Generous = 5000; // ms, for every wait on a timer

// The ack id of the first EVENT frame of `event` in `texts` (`2<nsp,><id>["event"...`), or -1.
qint64 ackIdOf(const QByteArrayList &texts, const QByteArray &event)
{
    static const QRegularExpression re(QStringLiteral(R"(^2(?:/[^,]*,)?(\d+)\["([^"]*)\")"));
    for (const QByteArray &text : texts) {
        const auto match = re.match(QString::fromUtf8(text));
        if (match.hasMatch() && match.captured(2).toUtf8() == event)
            return match.captured(1).toLongLong();
    }
    return -1;
}

struct Results
{
    QList<AckResult> list;
    io::AckCallback callback()
    {
        return [this](const AckResult &result) { list.append(result); };
    }
};

} // namespace

class TestIoAcks : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void clientAsks_data();
    void clientAsks();
    void answeredOnce();
    void noAckRequested();
    void unansweredAckLeavesNothing();
    void serverAsks_data();
    void serverAsks();
    void lateAckIgnored();
    void unknownAckIdIgnored();
    void ackIdsAreDistinct();
    void ackWithoutTimeoutWaits();
    void broadcastWithAck_data();
    void broadcastWithAck();
    void broadcastWithAckNoRecipients();
};

void TestIoAcks::clientAsks_data()
{
    QTest::addColumn<QByteArray>("nsp");
    QTest::addColumn<QByteArray>("incoming");
    QTest::addColumn<QByteArray>("reply"); // "args": echo the event's args; "none"; or a string
    QTest::addColumn<QByteArrayList>("expected");

    QTest::newRow("string answer") << QByteArray("/") << QByteArray(R"(21["x",1])")
                                   << QByteArray("ok") << QByteArrayList{R"(31["ok"])"};
    QTest::newRow("echo args kept byte for byte")
        << QByteArray("/") << QByteArray(R"(27["x",{"b":1,"a":2},1.50])") << QByteArray("args")
        << QByteArrayList{R"(37[{"b":1,"a":2},1.50])"};
    QTest::newRow("no arguments") << QByteArray("/") << QByteArray(R"(20["x"])")
                                  << QByteArray("none") << QByteArrayList{"30[]"};
    QTest::newRow("large id") << QByteArray("/") << QByteArray(R"(29007199254740991["x"])")
                              << QByteArray("none") << QByteArrayList{"39007199254740991[]"};
    QTest::newRow("namespace") << QByteArray("/admin") << QByteArray(R"(2/admin,13["x"])")
                               << QByteArray("ok") << QByteArrayList{R"(3/admin,13["ok"])"};
    QTest::newRow("binary event, binary answer")
        << QByteArray("/") << QByteArray(R"(51-4["x",{"_placeholder":true,"num":0}])")
        << QByteArray("args") << QByteArrayList{R"(61-4[{"_placeholder":true,"num":0}])"};
}

void TestIoAcks::clientAsks()
{
    QFETCH(QByteArray, nsp);
    QFETCH(QByteArray, incoming);
    QFETCH(QByteArray, reply);
    QFETCH(QByteArrayList, expected);
    IoHarness harness;
    harness.server.of(nsp).onConnection([&](io::Socket &socket) {
        socket.on(QStringLiteral("x"), [reply](const io::Args &args, const io::Ack &ack) {
            QVERIFY(ack.isRequested());
            if (reply == "args")
                ack(args);
            else if (reply == "none")
                ack();
            else
                ack.reply(QString::fromUtf8(reply));
            QVERIFY(ack.isAnswered());
        });
    });
    Client client(harness);
    QVERIFY(!client.connect(nsp).isEmpty());
    client.clearSent();
    QVERIFY(client.send(incoming));
    const bool binary = incoming.startsWith('5');
    if (binary) {
        QCOMPARE(client.texts(), QByteArrayList()); // still waiting for the attachment
        QVERIFY(client.sendBinary(QByteArray("\x00\xff", 2)));
    }
    QCOMPARE(client.texts(), expected);
    QCOMPARE(
        client.binaries(), binary ? QByteArrayList{QByteArray("\x00\xff", 2)} : QByteArrayList());
    QVERIFY(!client.isClosed());
}

void TestIoAcks::answeredOnce()
{
    IoHarness harness;
    io::Ack kept;
    harness.server.onConnection([&](io::Socket &socket) {
        socket.on(QStringLiteral("x"), [&](const io::Args &, const io::Ack &ack) {
            kept = ack;
            ack.reply(1);
            ack.reply(2);
        });
    });
    Client client(harness);
    QVERIFY(!client.connect().isEmpty());
    client.clearSent();
    QVERIFY(client.send(R"(25["x"])"));
    kept.reply(3); // a copy shares the answered state
    QCOMPARE(client.texts(), QByteArrayList({"35[1]"}));
    QVERIFY(kept.isAnswered());
}

void TestIoAcks::noAckRequested()
{
    IoHarness harness;
    bool requested = true;
    harness.server.onConnection([&](io::Socket &socket) {
        socket.on(QStringLiteral("x"), [&](const io::Args &args, const io::Ack &ack) {
            requested = ack.isRequested();
            QCOMPARE(args.json(), QByteArray("[1]"));
            ack.reply(QStringLiteral("ignored"));
            QVERIFY(!ack.isAnswered());
        });
    });
    Client client(harness);
    QVERIFY(!client.connect().isEmpty());
    client.clearSent();
    QVERIFY(client.send(R"(2["x",1])"));
    QVERIFY(!requested);
    QCOMPARE(client.texts(), QByteArrayList());
}

void TestIoAcks::unansweredAckLeavesNothing()
{
    IoHarness harness;
    io::Ack kept;
    QPointer<io::Socket> socket;
    harness.server.onConnection([&](io::Socket &s) {
        socket = &s;
        s.on(QStringLiteral("x"), [&](const io::Args &, const io::Ack &ack) { kept = ack; });
        // A handler that drops its Ack unanswered.
        s.on(QStringLiteral("y"), [](const io::Args &, const io::Ack &) {});
    });
    Client client(harness);
    QVERIFY(!client.connect().isEmpty());
    client.clearSent();
    QVERIFY(client.send(R"(21["x"])"));
    QVERIFY(client.send(R"(22["y"])"));
    QVERIFY(socket);
    QCOMPARE(socket->pendingAckCount(), 0);
    QCOMPARE(client.texts(), QByteArrayList());
    // The client goes; answering now sends nothing and touches nothing freed.
    QVERIFY(client.send("1"));
    QTRY_VERIFY_WITH_TIMEOUT(!socket, Generous);
    kept.reply(1);
    QCOMPARE(client.texts(), QByteArrayList());
}

void TestIoAcks::serverAsks_data()
{
    QTest::addColumn<QByteArray>("outcome");
    QTest::newRow("answered") << QByteArray("answered");
    QTest::newRow("binary answer") << QByteArray("binary");
    QTest::newRow("timed out") << QByteArray("timeout");
    QTest::newRow("client DISCONNECT") << QByteArray("disconnect");
    QTest::newRow("transport closed") << QByteArray("transport");
    QTest::newRow("server disconnect()") << QByteArray("server");
}

void TestIoAcks::serverAsks()
{
    QFETCH(QByteArray, outcome);
    IoHarness harness;
    ObserverLog events;
    ObserverGuard guard(harness.server, events);
    Client client(harness);
    const QByteArray sid = client.connect();
    QPointer<io::Socket> socket = harness.server.main().socket(sid);
    QVERIFY(socket);
    client.clearSent();

    Results results;
    const std::chrono::milliseconds timeout = outcome == "timeout" ? 50ms : 30'000ms;
    socket->timeout(timeout).emit(
        QStringLiteral("q"), io::makeArgs(1, QStringLiteral("a")), results.callback());
    const QByteArrayList texts = client.texts();
    QCOMPARE(texts.size(), 1);
    const qint64 id = ackIdOf(texts, "q");
    QVERIFY2(id >= 0, texts.first().constData());
    QCOMPARE(texts.first(), "2" + QByteArray::number(id) + R"(["q",1,"a"])");
    QCOMPARE(socket->pendingAckCount(), 1);
    QCOMPARE(events.matching("ack"),
        QByteArrayList({"ackRequested / " + sid + ' ' + QByteArray::number(id) + " q"}));
    QVERIFY(results.list.isEmpty());

    AckResult::Status expected = AckResult::Status::Disconnected;
    if (outcome == "answered") {
        QVERIFY(client.send("3" + QByteArray::number(id) + R"(["yes",{"n":2}])"));
        expected = AckResult::Status::Answered;
    } else if (outcome == "binary") {
        QVERIFY(client.send("61-" + QByteArray::number(id) + R"([{"_placeholder":true,"num":0}])"));
        QVERIFY(results.list.isEmpty());
        QVERIFY(client.sendBinary("\x01\x02"));
        expected = AckResult::Status::Answered;
    } else if (outcome == "timeout") {
        QTRY_COMPARE_WITH_TIMEOUT(results.list.size(), 1, Generous);
        expected = AckResult::Status::TimedOut;
    } else if (outcome == "disconnect") {
        QVERIFY(client.send("1"));
    } else if (outcome == "transport") {
        client.closeTransport();
    } else {
        socket->disconnect();
    }

    QCOMPARE(results.list.size(), 1);
    const AckResult &result = results.list.first();
    QCOMPARE(result.status, expected);
    QCOMPARE(result.answered(), expected == AckResult::Status::Answered);
    if (outcome == "answered") {
        QCOMPARE(result.args.json(), QByteArray(R"(["yes",{"n":2}])"));
        QCOMPARE(result.args.string(0), QStringLiteral("yes"));
    } else if (outcome == "binary") {
        QCOMPARE(result.args.size(), 1);
        QCOMPARE(result.args.binary(0), QByteArray("\x01\x02"));
    } else {
        QVERIFY(result.args.isEmpty());
    }
    if (socket) // deleted later once disconnected
        QCOMPARE(socket->pendingAckCount(), 0);

    // The observers hear exactly one end, the same as the callback's.
    const QByteArray idText = QByteArray::number(id);
    const QByteArrayList ends = events.matching("ackAnswered") + events.matching("ackTimedOut")
        + events.matching("ackDisconnected");
    QCOMPARE(ends.size(), 1);
    if (expected == AckResult::Status::Answered) {
        QVERIFY(ends.first().startsWith(QByteArray("ackAnswered / " + sid + ' ' + idText + ' ')));
    } else if (expected == AckResult::Status::TimedOut) {
        QCOMPARE(ends.first(), "ackTimedOut / " + sid + ' ' + idText);
    } else {
        QCOMPARE(ends.first(), "ackDisconnected / " + sid + ' ' + idText);
    }

    // Nothing more ever arrives: no timer left behind, a late answer is ignored.
    if (socket && socket->connected())
        QVERIFY(client.send("3" + idText + "[]"));
    QTest::qWait(0);
    QCOMPARE(results.list.size(), 1);
}

void TestIoAcks::lateAckIgnored()
{
    IoHarness harness;
    ObserverLog events;
    ObserverGuard guard(harness.server, events);
    Client client(harness);
    QPointer<io::Socket> socket = harness.server.main().socket(client.connect());
    QVERIFY(socket);
    client.clearSent();
    Results results;
    socket->timeout(30ms).emit(QStringLiteral("slow"), {}, results.callback());
    const qint64 id = ackIdOf(client.texts(), "slow");
    QVERIFY(id >= 0);
    QTRY_COMPARE_WITH_TIMEOUT(results.list.size(), 1, Generous);
    QCOMPARE(results.list.first().status, AckResult::Status::TimedOut);
    QVERIFY(results.list.first().latency >= 30ms);

    QVERIFY(client.send("3" + QByteArray::number(id) + R"(["late"])"));
    QCOMPARE(results.list.size(), 1);
    QCOMPARE(socket->pendingAckCount(), 0);
    QCOMPARE(events.matching("ackAnswered"), QByteArrayList());
    QVERIFY(!client.isClosed()); // an unknown ack id is not an error
    QVERIFY(socket->connected());
}

void TestIoAcks::unknownAckIdIgnored()
{
    IoHarness harness;
    Client client(harness);
    QPointer<io::Socket> socket = harness.server.main().socket(client.connect());
    QVERIFY(socket);
    client.clearSent();
    Results results;
    socket->emit(QStringLiteral("q"), {}, results.callback());
    const qint64 id = ackIdOf(client.texts(), "q");
    QVERIFY(id >= 0);
    QVERIFY(client.send("3" + QByteArray::number(id + 100) + "[]"));
    QVERIFY(results.list.isEmpty());
    QCOMPARE(socket->pendingAckCount(), 1);
    QVERIFY(client.send("3" + QByteArray::number(id) + "[true]"));
    QCOMPARE(results.list.size(), 1);
    QCOMPARE(results.list.first().args.json(), QByteArray("[true]"));
    QCOMPARE(socket->pendingAckCount(), 0);
}

void TestIoAcks::ackIdsAreDistinct()
{
    IoHarness harness;
    Client client(harness);
    QPointer<io::Socket> socket = harness.server.main().socket(client.connect());
    QVERIFY(socket);
    client.clearSent();
    Results first;
    Results second;
    socket->emit(QStringLiteral("one"), {}, first.callback());
    socket->emit(QStringLiteral("two"), {}, second.callback());
    const qint64 one = ackIdOf(client.texts(), "one");
    const qint64 two = ackIdOf(client.texts(), "two");
    QVERIFY(one >= 0 && two >= 0);
    QVERIFY(one != two);
    QCOMPARE(socket->pendingAckCount(), 2);
    QVERIFY(client.send("3" + QByteArray::number(two) + "[2]"));
    QVERIFY(first.list.isEmpty());
    QCOMPARE(second.list.size(), 1);
    QCOMPARE(second.list.first().args.json(), QByteArray("[2]"));
    QVERIFY(client.send("3" + QByteArray::number(one) + "[1]"));
    QCOMPARE(first.list.size(), 1);
    QCOMPARE(first.list.first().args.json(), QByteArray("[1]"));
    QCOMPARE(socket->pendingAckCount(), 0);
}

void TestIoAcks::ackWithoutTimeoutWaits()
{
    // No timeout: the ack waits for the answer or the disconnection, nothing else.
    IoHarness harness;
    Client client(harness);
    QPointer<io::Socket> socket = harness.server.main().socket(client.connect());
    QVERIFY(socket);
    Results results;
    socket->emit(QStringLiteral("q"), {}, results.callback());
    QTest::qWait(0);
    QVERIFY(results.list.isEmpty());
    QCOMPARE(socket->pendingAckCount(), 1);
    client.closeTransport();
    QCOMPARE(results.list.size(), 1);
    QCOMPARE(results.list.first().status, AckResult::Status::Disconnected);
}

void TestIoAcks::broadcastWithAck_data()
{
    QTest::addColumn<QByteArray>("answers"); // per client: 'a' answers, '-' silent, 'x' leaves
    QTest::addColumn<bool>("withTimeout");
    QTest::newRow("all answer") << QByteArray("aaa") << true;
    QTest::newRow("all answer, no timeout") << QByteArray("aaa") << false;
    QTest::newRow("one silent") << QByteArray("a-a") << true;
    QTest::newRow("all silent") << QByteArray("---") << true;
    QTest::newRow("one leaves") << QByteArray("ax-") << true;
    QTest::newRow("one leaves, no timeout") << QByteArray("axa") << false;
}

void TestIoAcks::broadcastWithAck()
{
    QFETCH(QByteArray, answers);
    QFETCH(bool, withTimeout);
    IoHarness harness;
    ObserverLog events;
    ObserverGuard guard(harness.server, events);
    std::vector<std::unique_ptr<Client>> clients;
    QList<QByteArray> sids;
    for (qsizetype i = 0; i < answers.size(); ++i) {
        clients.push_back(std::make_unique<Client>(harness));
        sids.append(clients.back()->connect());
        QVERIFY(!sids.last().isEmpty());
        clients.back()->clearSent();
    }
    // A socket outside the room gets nothing and is not waited for.
    Client outsider(harness);
    QVERIFY(!outsider.connect().isEmpty());
    outsider.clearSent();
    for (const QByteArray &sid : sids)
        harness.server.main().socket(sid)->join(QStringLiteral("r"));

    QList<io::BroadcastAckResult> results;
    io::BroadcastOperator op = harness.server.main().to(QStringLiteral("r"));
    if (withTimeout)
        op = op.timeout(100ms);
    op.emitWithAck(QStringLiteral("q"), io::makeArgs(7),
        [&](const io::BroadcastAckResult &result) { results.append(result); });
    QCOMPARE(outsider.texts(), QByteArrayList());
    QVERIFY(results.isEmpty());

    QByteArrayList expectedAnswers;
    QByteArrayList expectedSilent;
    for (qsizetype i = 0; i < answers.size(); ++i) {
        Client &client = *clients.at(size_t(i));
        const qint64 id = ackIdOf(client.texts(), "q");
        QVERIFY(id >= 0);
        QCOMPARE(client.texts(), QByteArrayList({"2" + QByteArray::number(id) + R"(["q",7])"}));
        if (answers.at(i) == 'a') {
            QVERIFY(client.send("3" + QByteArray::number(id) + "[\"" + sids.at(i) + "\"]"));
            expectedAnswers.append(sids.at(i));
        } else if (answers.at(i) == 'x') {
            client.closeTransport();
            expectedSilent.append(sids.at(i));
        } else {
            expectedSilent.append(sids.at(i));
        }
    }
    QCOMPARE(events.matching("ackRequested").size(), answers.size());
    QTRY_COMPARE_WITH_TIMEOUT(results.size(), 1, Generous);
    if (expectedSilent.isEmpty())
        QCOMPARE(events.matching("ackTimedOut"), QByteArrayList());

    const io::BroadcastAckResult &result = results.first();
    QCOMPARE(result.expected, answers.size());
    QByteArrayList answered;
    for (const auto &[sid, args] : result.answers) {
        QCOMPARE(args.json(), "[\"" + sid + "\"]"); // each answer with its own socket
        answered.append(sid);
    }
    QByteArrayList silent(result.timedOut.cbegin(), result.timedOut.cend());
    silent.append(QByteArrayList(result.disconnected.cbegin(), result.disconnected.cend()));
    // A socket whose transport closed is reported disconnected, never timed out.
    for (qsizetype i = 0; i < answers.size(); ++i) {
        if (answers.at(i) == 'x') {
            QVERIFY(result.disconnected.contains(sids.at(i)));
            QVERIFY(!result.timedOut.contains(sids.at(i)));
        }
    }
    std::sort(answered.begin(), answered.end());
    std::sort(silent.begin(), silent.end());
    std::sort(expectedAnswers.begin(), expectedAnswers.end());
    std::sort(expectedSilent.begin(), expectedSilent.end());
    QCOMPARE(answered, expectedAnswers);
    QCOMPARE(silent, expectedSilent);
    QCOMPARE(events.matching("ackAnswered").size(), expectedAnswers.size());

    for (const QByteArray &sid : sids) {
        if (io::Socket *socket = harness.server.main().socket(sid))
            QCOMPARE(socket->pendingAckCount(), 0);
    }
    QTest::qWait(0);
    QCOMPARE(results.size(), 1); // called once only
}

void TestIoAcks::broadcastWithAckNoRecipients()
{
    IoHarness harness;
    Client client(harness);
    QVERIFY(!client.connect().isEmpty());
    QList<io::BroadcastAckResult> results;
    harness.server.main()
        .to(QStringLiteral("empty"))
        .timeout(10s)
        .emitWithAck(QStringLiteral("q"), {},
            [&](const io::BroadcastAckResult &result) { results.append(result); });
    QCOMPARE(results.size(), 1); // at once: nobody to wait for
    QCOMPARE(results.first().expected, 0);
    QVERIFY(results.first().answers.isEmpty());
    QVERIFY(results.first().timedOut.isEmpty());
}

QTEST_GUILESS_MAIN(TestIoAcks)
#include "tst_io_acks.moc"
