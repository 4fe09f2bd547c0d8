// A server with the msgpack parser on fake transports: clients speak one binary message per
// packet; handlers, acks, namespaces, refusals and broadcasts work as with the default parser; a
// broadcast is encoded once; every malformed message closes the connection with "parse error".

#include "io_harness.h"

#include "protocol/decoder.h"
#include "protocol/encoder.h"
#include "protocol/msgpack_parser.h"

#include <QTest>

using namespace sb;
using namespace sb::test;
using io::DisconnectReason;
using namespace Qt::StringLiterals;

namespace {

io::ServerOptions msgpackOptions()
{
    io::ServerOptions options;
    options.parser = sio::ParserKind::Msgpack;
    return options;
}

QByteArray placeholder(int num)
{
    return "{\"_placeholder\":true,\"num\":" + QByteArray::number(num) + '}';
}

sio::Packet clientPacket(sio::PacketType type, const QByteArray &nsp, const QByteArray &data = {},
    std::optional<quint64> id = std::nullopt, const QList<QByteArray> &attachments = {})
{
    sio::Packet packet;
    packet.type = type;
    packet.nsp = nsp;
    packet.data = data;
    packet.id = id;
    packet.attachments = attachments;
    return packet;
}

// Everything the server sent to `client`, decoded as a msgpack client would. Fails the test (by
// returning nothing) when a message is text or malformed.
QList<sio::Packet> received(const Client &client)
{
    QList<sio::Packet> packets;
    sio::MsgpackDecoder decoder;
    decoder.setPeer(sio::PacketDecoder::Peer::Server);
    for (const eio::Packet &message : client.sent()) {
        if (message.type != eio::PacketType::Message)
            continue;
        if (!message.binary)
            return {};
        auto decoded = decoder.feedBinary(message.data);
        if (!decoded || !*decoded)
            return {};
        packets.append(**decoded);
    }
    return packets;
}

QByteArray connectMsgpack(Client &client, const QByteArray &nsp = "/", const QByteArray &auth = {})
{
    client.sendBinary(sio::encodeMsgpack(clientPacket(sio::PacketType::Connect, nsp, auth)));
    for (const sio::Packet &packet : received(client)) {
        if (packet.type == sio::PacketType::Connect && packet.nsp == nsp)
            return packet.data;
    }
    return {};
}

} // namespace

class TestIoMsgpack : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void connectAndEvents();
    void acksBothWays();
    void refusedNamespaceAndMiddleware();
    void broadcastEncodedOnce();
    void observedPacketsAreReadable();
    void malformedClosesWithParseError_data();
    void malformedClosesWithParseError();
};

void TestIoMsgpack::connectAndEvents()
{
    IoHarness harness(msgpackOptions());
    QByteArray auth;
    io::Args got;
    harness.server.onConnection([&](io::Socket &socket) {
        auth = socket.handshake().auth;
        socket.on(
            QStringLiteral("hello"), [&](const io::Args &args, const io::Ack &) { got = args; });
    });
    Client client(harness);
    const QByteArray reply = connectMsgpack(client, "/", R"({"token":"t"})");
    QVERIFY2(reply.startsWith("{\"sid\":"), reply.constData());
    QCOMPARE(auth, QByteArray(R"({"token":"t"})"));

    client.sendBinary(sio::encodeMsgpack(clientPacket(sio::PacketType::BinaryEvent, "/",
        "[\"hello\",18446744073709551615," + placeholder(0) + "]", std::nullopt, {"\x01\x02"_ba})));
    QCOMPARE(got.size(), 2);
    QCOMPARE(got.raw(0), QByteArray("18446744073709551615")); // exact, beyond 2^53
    QVERIFY(got.isBinary(1));
    QCOMPARE(got.binary(1), "\x01\x02"_ba);
    QVERIFY(!client.isClosed());
}

void TestIoMsgpack::acksBothWays()
{
    IoHarness harness(msgpackOptions());
    io::Socket *socket = nullptr;
    harness.server.onConnection([&](io::Socket &s) {
        socket = &s;
        s.on(QStringLiteral("echo"), [](const io::Args &args, const io::Ack &ack) { ack(args); });
    });
    Client client(harness);
    QVERIFY(!connectMsgpack(client).isEmpty());
    QVERIFY(socket);
    client.clearSent();

    client.sendBinary(sio::encodeMsgpack(clientPacket(sio::PacketType::BinaryEvent, "/",
        "[\"echo\"," + placeholder(0) + ",{\"n\":1.5}]", 9, {"\xff"_ba})));
    QList<sio::Packet> packets = received(client);
    QCOMPARE(packets.size(), 1);
    QCOMPARE(packets[0].type, sio::PacketType::BinaryAck);
    QCOMPARE(packets[0].id, std::optional<quint64>(9));
    QCOMPARE(packets[0].data, "[" + placeholder(0) + ",{\"n\":1.5}]");
    QCOMPARE(packets[0].attachments, QList<QByteArray>{"\xff"_ba});

    client.clearSent();
    std::optional<io::AckResult> answer;
    socket->emit(QStringLiteral("question"), io::makeArgs(1),
        [&](const io::AckResult &result) { answer = result; });
    packets = received(client);
    QCOMPARE(packets.size(), 1);
    QCOMPARE(packets[0].type, sio::PacketType::Event);
    QVERIFY(packets[0].id);
    QCOMPARE(packets[0].data, QByteArray("[\"question\",1]"));
    client.sendBinary(
        sio::encodeMsgpack(clientPacket(sio::PacketType::Ack, "/", "[\"yes\"]", *packets[0].id)));
    QVERIFY(answer);
    QCOMPARE(answer->status, io::AckResult::Status::Answered);
    QCOMPARE(answer->args.json(), QByteArray("[\"yes\"]"));
}

void TestIoMsgpack::refusedNamespaceAndMiddleware()
{
    IoHarness harness(msgpackOptions());
    harness.server.of("/guarded").use([](io::Socket &, const io::NextFunction &next) {
        next(io::ConnectError{QStringLiteral("no"), QByteArray(R"({"why":1})")});
    });
    Client client(harness);
    client.sendBinary(sio::encodeMsgpack(clientPacket(sio::PacketType::Connect, "/missing")));
    client.sendBinary(sio::encodeMsgpack(clientPacket(sio::PacketType::Connect, "/guarded")));
    const QList<sio::Packet> packets = received(client);
    QCOMPARE(packets.size(), 2);
    QCOMPARE(packets[0].type, sio::PacketType::ConnectError);
    QCOMPARE(packets[0].nsp, QByteArray("/missing"));
    QCOMPARE(packets[0].data, QByteArray(R"({"message":"Invalid namespace"})"));
    QCOMPARE(packets[1].type, sio::PacketType::ConnectError);
    QCOMPARE(packets[1].data, QByteArray(R"({"message":"no","data":{"why":1}})"));
    QVERIFY(!client.isClosed());
}

void TestIoMsgpack::broadcastEncodedOnce()
{
    IoHarness harness(msgpackOptions());
    Client a(harness), b(harness), c(harness);
    QVERIFY(!connectMsgpack(a).isEmpty());
    QVERIFY(!connectMsgpack(b).isEmpty());
    QVERIFY(!connectMsgpack(c).isEmpty());
    a.clearSent();
    b.clearSent();
    c.clearSent();
    harness.server.main().emit(
        QStringLiteral("news"), io::makeArgs(QStringLiteral("text"), QByteArray("\x01\x02\x03")));
    const QList<eio::Packet> first = a.sent();
    QCOMPARE(first.size(), 1); // one binary message, the bytes inside
    QVERIFY(first[0].binary);
    const QList<sio::Packet> decoded = received(a);
    QCOMPARE(decoded.size(), 1);
    QCOMPARE(decoded[0].data, "[\"news\",\"text\"," + placeholder(0) + "]");
    QCOMPARE(decoded[0].attachments, QList<QByteArray>{"\x01\x02\x03"_ba});
    for (const Client *other : {&b, &c}) {
        const QList<eio::Packet> sent = other->sent();
        QCOMPARE(sent.size(), 1);
        QVERIFY(sent[0].data.isSharedWith(first[0].data));
    }
}

void TestIoMsgpack::observedPacketsAreReadable()
{
    // The traffic log shows what the observer records: the default text form, in both
    // directions, whatever the wire encoding.
    class Records final : public io::IoObserver
    {
    public:
        void packet(const io::PacketRecord &record) override { records.append(record); }
        QList<io::PacketRecord> records;
    };
    IoHarness harness(msgpackOptions());
    harness.server.onConnection([](io::Socket &s) {
        s.on(QStringLiteral("echo"), [](const io::Args &args, const io::Ack &ack) { ack(args); });
    });
    Records records;
    ObserverGuard guard(harness.server, records);
    Client client(harness);
    QVERIFY(!connectMsgpack(client).isEmpty());
    const QByteArray wire = sio::encodeMsgpack(clientPacket(sio::PacketType::BinaryEvent, "/",
        "[\"echo\",\"hi\"," + placeholder(0) + "]", 4, {"\x07"_ba}));
    client.sendBinary(wire);
    QCOMPARE(records.records.size(), 2);
    const io::PacketRecord &in = records.records[0];
    QCOMPARE(in.direction, io::Direction::In);
    QCOMPARE(in.event, QStringLiteral("echo"));
    QCOMPARE(in.bytes, "[\"echo\",\"hi\"," + placeholder(0) + "]");
    QCOMPARE(in.attachments, 1);
    const io::PacketRecord &out = records.records[1];
    QCOMPARE(out.direction, io::Direction::Out);
    QCOMPARE(out.bytes, "61-4[\"hi\"," + placeholder(0) + "]");
    // The size is what went on the wire: the one msgpack message.
    QCOMPARE(out.size, client.sent().last().data.size());
}

void TestIoMsgpack::malformedClosesWithParseError_data()
{
    QTest::addColumn<QByteArray>("message");
    QTest::addColumn<bool>("binary");
    QTest::newRow("no msgpack") << QByteArray::fromHex("c1") << true;
    QTest::newRow("empty") << QByteArray() << true;
    QTest::newRow("truncated") << QByteArray::fromHex("83a474797065") << true;
    QTest::newRow("no map") << QByteArray::fromHex("9102") << true;
    QTest::newRow("bad type") << QByteArray::fromHex("82a47479706509a36e7370a12f") << true;
    QTest::newRow("event data not an array")
        << QByteArray::fromHex("83a47479706502a46461746180a36e7370a12f") << true;
    QTest::newRow("text message") << QByteArray("2[\"e\"]") << false;
    QTest::newRow("namespace not joined")
        << QByteArray::fromHex("83a47479706502a46461746191a165a36e7370a22f78") << true;
}

void TestIoMsgpack::malformedClosesWithParseError()
{
    QFETCH(QByteArray, message);
    QFETCH(bool, binary);
    IoHarness harness(msgpackOptions());
    QList<DisconnectReason> reasons;
    harness.server.onConnection([&](io::Socket &s) {
        s.onDisconnect([&](DisconnectReason reason) { reasons.append(reason); });
    });
    Client client(harness);
    QVERIFY(!connectMsgpack(client).isEmpty());
    if (binary)
        client.sendBinary(message);
    else
        client.send(message);
    QVERIFY(client.isClosed());
    QCOMPARE(reasons, QList<DisconnectReason>{DisconnectReason::ParseError});
}

QTEST_GUILESS_MAIN(TestIoMsgpack)
#include "tst_io_msgpack.moc"
