// The seam a cluster adapter plugs into: the adapter factory of the server options, fetchSockets
// and broadcasts with acks that wait for other servers, server-side events received from them,
// and the LocalSockets interface an adapter applies remote operations through.

#include "io_harness.h"

#include "protocol/encoder.h"

#include <QTest>
#include <QTimer>

using namespace sb;
using namespace std::chrono_literals;
using sb::test::Client;
using sb::test::IoHarness;

namespace {

constexpr int Generous = 5000; // ms

// Pretends a second server: it has one socket ("remote-1") and answers later, as a cluster
// adapter would once the broker delivered the other server's response.
class TwoServerAdapter final : public io::InMemoryAdapter
{
public:
    explicit TwoServerAdapter(io::Namespace &nsp, bool remoteAnswers)
        : InMemoryAdapter(nsp, std::chrono::milliseconds(0))
        , m_remoteAnswers(remoteAnswers)
    { }
    int serverCount() const override { return 2; }
    void fetchServerCount(const std::function<void(int)> &done) override
    {
        QTimer::singleShot(0, [done] { done(2); });
    }
    void fetchSockets(
        const io::BroadcastOptions &options, const io::FetchSocketsCallback &done) override
    {
        QList<io::SocketInfo> local = localSockets().describe(recipients(options));
        QTimer::singleShot(0, [local, done] {
            io::SocketInfo remote;
            remote.id = "remote-1";
            remote.nsp = "/";
            done(local + QList<io::SocketInfo>{remote}, {});
        });
    }
    void broadcastWithAck(sio::Packet packet, const io::BroadcastOptions &options,
        const std::function<void(int)> &sent,
        const std::function<io::AckCallback(const io::SocketId &)> &ackFor) override
    {
        InMemoryAdapter::broadcastWithAck(packet, options, sent, ackFor);
        const bool answers = m_remoteAnswers;
        QTimer::singleShot(0, [sent, ackFor, answers] {
            sent(1);
            if (answers)
                ackFor({})({io::AckResult::Status::Answered, io::makeArgs(QStringLiteral("far")),
                    std::chrono::milliseconds(1)});
        });
    }

private:
    bool m_remoteAnswers;
};

io::ServerOptions clusterOptions(bool remoteAnswers)
{
    io::ServerOptions options;
    options.adapterFactory = [remoteAnswers](io::Namespace &nsp) {
        return std::make_unique<TwoServerAdapter>(nsp, remoteAnswers);
    };
    return options;
}

qint64 ackIdOf(const QByteArrayList &texts)
{
    for (const QByteArray &text : texts) {
        if (text.startsWith('2')) {
            qsizetype i = 1;
            while (i < text.size() && std::isdigit(static_cast<unsigned char>(text.at(i))))
                ++i;
            if (i > 1)
                return text.mid(1, i - 1).toLongLong();
        }
    }
    return -1;
}

} // namespace

class TestIoAdapterSeam : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void factoryMakesEveryAdapter();
    void fetchSocketsWaitsForTheCluster();
    void broadcastWithAckWaitsForEveryServer();
    void broadcastWithAckTimesOutRemoteSockets();
    void serverSideEmitReceived();
    void localSocketsApplyOperations();
};

void TestIoAdapterSeam::factoryMakesEveryAdapter()
{
    IoHarness harness(clusterOptions(true));
    QVERIFY(dynamic_cast<TwoServerAdapter *>(&harness.server.main().adapter()));
    QVERIFY(dynamic_cast<TwoServerAdapter *>(&harness.server.of("/other").adapter()));
    // Without a factory: the in-memory adapter.
    IoHarness plain;
    QVERIFY(!dynamic_cast<TwoServerAdapter *>(&plain.server.main().adapter()));
    QCOMPARE(plain.server.main().adapter().serverCount(), 1);
}

void TestIoAdapterSeam::fetchSocketsWaitsForTheCluster()
{
    IoHarness harness(clusterOptions(true));
    Client client(harness);
    const QByteArray sid = client.connect();
    QVERIFY(!sid.isEmpty());
    QList<io::SocketInfo> found;
    int calls = 0;
    harness.server.main().fetchSockets([&](const QList<io::SocketInfo> &infos) {
        ++calls;
        found = infos;
    });
    QCOMPARE(calls, 0); // the "other server" answers later
    QTRY_COMPARE_WITH_TIMEOUT(calls, 1, Generous);
    QCOMPARE(found.size(), 2);
    QCOMPARE(found.at(0).id, sid);
    QCOMPARE(found.at(1).id, QByteArray("remote-1"));
}

void TestIoAdapterSeam::broadcastWithAckWaitsForEveryServer()
{
    IoHarness harness(clusterOptions(true));
    Client client(harness);
    const QByteArray sid = client.connect();
    QVERIFY(!sid.isEmpty());
    client.clearSent();
    QList<io::BroadcastAckResult> results;
    harness.server.main().timeout(10s).emitWithAck(QStringLiteral("q"), {},
        [&](const io::BroadcastAckResult &result) { results.append(result); });
    const qint64 id = ackIdOf(client.texts());
    QVERIFY(id >= 0);
    QVERIFY(client.send("3" + QByteArray::number(id) + R"(["near"])"));
    // The local answer alone does not complete it: the other server has not reported yet.
    QVERIFY(results.isEmpty());
    QTRY_COMPARE_WITH_TIMEOUT(results.size(), 1, Generous);
    const io::BroadcastAckResult &result = results.first();
    QCOMPARE(result.expected, 2);
    QCOMPARE(result.answers.size(), 2);
    QCOMPARE(result.answers.at(0).first, sid);
    QCOMPARE(result.answers.at(0).second.json(), QByteArray(R"(["near"])"));
    QCOMPARE(result.answers.at(1).first, QByteArray());
    QCOMPARE(result.answers.at(1).second.json(), QByteArray(R"(["far"])"));
    QCOMPARE(result.unanswered(), 0);
    QTest::qWait(0);
    QCOMPARE(results.size(), 1);
}

void TestIoAdapterSeam::broadcastWithAckTimesOutRemoteSockets()
{
    IoHarness harness(clusterOptions(false));
    Client client(harness);
    QVERIFY(!client.connect().isEmpty());
    client.clearSent();
    QList<io::BroadcastAckResult> results;
    harness.server.main().timeout(200ms).emitWithAck(QStringLiteral("q"), {},
        [&](const io::BroadcastAckResult &result) { results.append(result); });
    const qint64 id = ackIdOf(client.texts());
    QVERIFY(id >= 0);
    QVERIFY(client.send("3" + QByteArray::number(id) + "[1]"));
    QTRY_COMPARE_WITH_TIMEOUT(results.size(), 1, Generous);
    const io::BroadcastAckResult &result = results.first();
    QCOMPARE(result.expected, 2);
    QCOMPARE(result.answers.size(), 1);
    QCOMPARE(result.remoteTimedOut, 1); // the remote socket never answered
    QCOMPARE(result.serversTimedOut, 0);
    QCOMPARE(result.unanswered(), 1);
}

void TestIoAdapterSeam::serverSideEmitReceived()
{
    IoHarness harness;
    io::Namespace &nsp = harness.server.main();
    QList<QByteArray> heard;
    nsp.onServerSideEmit(QStringLiteral("sb:ping"),
        [&](const io::Args &args, const io::Namespace::ServerSideReply &reply) {
            heard.append(args.json());
            if (reply) {
                reply(io::makeArgs(QStringLiteral("one")));
                reply(io::makeArgs(QStringLiteral("two"))); // only the first travels
            }
        });
    QList<QByteArray> replies;
    nsp.serverSideEmitReceived(io::makeArgs(QStringLiteral("sb:ping"), 5),
        [&](const io::Args &answer) { replies.append(answer.json()); });
    nsp.serverSideEmitReceived(io::makeArgs(QStringLiteral("other"), 6), {});
    nsp.serverSideEmitReceived(io::makeArgs(QStringLiteral("sb:ping"), 7), {});
    QCOMPARE(heard, (QList<QByteArray>{"[5]", "[7]"}));
    QCOMPARE(replies, (QList<QByteArray>{R"(["one"])"}));
}

void TestIoAdapterSeam::localSocketsApplyOperations()
{
    IoHarness harness;
    Client a(harness);
    Client b(harness);
    const QByteArray sa = a.connect();
    const QByteArray sb = b.connect();
    QVERIFY(!sa.isEmpty() && !sb.isEmpty());
    a.clearSent();
    b.clearSent();
    io::LocalSockets &local = harness.server.main().adapter().localSockets();
    local.joinIds({sa, "gone"}, {QStringLiteral("r")});
    QCOMPARE(harness.server.main().socket(sa)->rooms().contains(QStringLiteral("r")), true);
    QCOMPARE(harness.server.main().socket(sb)->rooms().contains(QStringLiteral("r")), false);
    const io::OutgoingFrames frames
        = io::OutgoingFrames::encode(sio::Parser::of(sio::ParserKind::Default),
            sio::makeEvent("/", io::makeArgs(QStringLiteral("x"))));
    QCOMPARE(local.deliverTo({sa, sb, "gone"}, frames, {}), 2);
    QCOMPARE(a.texts(), QByteArrayList({R"(2["x"])"}));
    QCOMPARE(b.texts(), QByteArrayList({R"(2["x"])"}));
    const QList<io::SocketInfo> infos = local.describe({sb, "gone"});
    QCOMPARE(infos.size(), 1);
    QCOMPARE(infos.first().id, sb);
    local.leaveIds({sa}, {QStringLiteral("r")});
    QCOMPARE(harness.server.main().socket(sa)->rooms().contains(QStringLiteral("r")), false);
    local.disconnectIds({sb}, false);
    QVERIFY(!harness.server.main().socket(sb));
    QVERIFY(harness.server.main().socket(sa));
}

QTEST_GUILESS_MAIN(TestIoAdapterSeam)
#include "tst_io_adapter_seam.moc"
