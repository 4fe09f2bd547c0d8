#include "protocol/decoder.h"
#include "protocol/encoder.h"
#include "protocol/payload_builder.h"

#include <QTest>

using namespace sb::sio;
using namespace Qt::StringLiterals;

Q_DECLARE_METATYPE(sb::sio::Packet)

namespace {

QByteArray placeholder(int num)
{
    return "{\"_placeholder\":true,\"num\":" + QByteArray::number(num) + '}';
}

Packet packet(PacketType type, const QByteArray &nsp, std::optional<quint64> id,
    const QByteArray &data, const QList<QByteArray> &attachments = {})
{
    Packet p;
    p.type = type;
    p.nsp = nsp;
    p.id = id;
    p.data = data;
    p.attachments = attachments;
    return p;
}

} // namespace

class TestSioEncoder : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void encode_data();
    void encode();
    void roundTrip_data();
    void roundTrip();
    void connectReply();
    void connectError();
    void disconnect();
    void eventAndAck();
};

// The expected texts are socket.io-parser's Encoder output for the same packets (and the
// examples of docs/socket.io-protocol/v5-current.md, "Packet encoding").
void TestSioEncoder::encode_data()
{
    QTest::addColumn<Packet>("input");
    QTest::addColumn<QByteArray>("text");
    QTest::addColumn<int>("attachmentCount");

    const auto none = std::optional<quint64>();
    QTest::newRow("connect main") << packet(PacketType::Connect, "/", none, "") << QByteArray("0")
                                  << 0;
    QTest::newRow("connect nsp with data")
        << packet(PacketType::Connect, "/admin", none, R"({"sid":"oSO0OpakMV_3jnilAAAA"})")
        << QByteArray(R"(0/admin,{"sid":"oSO0OpakMV_3jnilAAAA"})") << 0;
    QTest::newRow("connect error")
        << packet(PacketType::ConnectError, "/", none, R"({"message":"Not authorized"})")
        << QByteArray(R"(4{"message":"Not authorized"})") << 0;
    QTest::newRow("event") << packet(PacketType::Event, "/", none, R"(["foo"])")
                           << QByteArray(R"(2["foo"])") << 0;
    QTest::newRow("event nsp") << packet(PacketType::Event, "/admin", none, R"(["bar"])")
                               << QByteArray(R"(2/admin,["bar"])") << 0;
    QTest::newRow("event id") << packet(PacketType::Event, "/", 12, R"(["foo"])")
                              << QByteArray(R"(212["foo"])") << 0;
    QTest::newRow("event id zero")
        << packet(PacketType::Event, "/", 0, R"(["foo"])") << QByteArray(R"(20["foo"])") << 0;
    QTest::newRow("event empty nsp is main")
        << packet(PacketType::Event, "", none, R"(["foo"])") << QByteArray(R"(2["foo"])") << 0;
    QTest::newRow("event data verbatim")
        << packet(PacketType::Event, "/", none, R"([ "a" , 1.0e2, 12345678901234567890123 ])")
        << QByteArray(R"(2[ "a" , 1.0e2, 12345678901234567890123 ])") << 0;
    QTest::newRow("ack nsp") << packet(PacketType::Ack, "/admin", 13, R"(["bar"])")
                             << QByteArray(R"(3/admin,13["bar"])") << 0;
    QTest::newRow("ack max safe id") << packet(PacketType::Ack, "/", MaxSafeInteger, "[]")
                                     << QByteArray("39007199254740991[]") << 0;
    QTest::newRow("disconnect") << packet(PacketType::Disconnect, "/", none, "") << QByteArray("1")
                                << 0;
    QTest::newRow("disconnect nsp")
        << packet(PacketType::Disconnect, "/admin", none, "") << QByteArray("1/admin,") << 0;
    QTest::newRow("binary event") << packet(PacketType::BinaryEvent, "/", none,
        "[\"baz\"," + placeholder(0) + ']', {"\x01\x02\x03\x04"})
                                  << "51-[\"baz\"," + placeholder(0) + ']' << 1;
    QTest::newRow("binary event nsp two")
        << packet(PacketType::BinaryEvent, "/admin", none,
               "[\"baz\"," + placeholder(0) + ',' + placeholder(1) + ']', {"\x01\x02", "\x03\x04"})
        << "52-/admin,[\"baz\"," + placeholder(0) + ',' + placeholder(1) + ']' << 2;
    QTest::newRow("binary ack") << packet(
        PacketType::BinaryAck, "/", 15, "[\"bar\"," + placeholder(0) + ']', {"x"})
                                << "61-15[\"bar\"," + placeholder(0) + ']' << 1;
    QTest::newRow("binary ack nsp")
        << packet(PacketType::BinaryAck, "/admin", 1, '[' + placeholder(0) + ']', {"x"})
        << "61-/admin,1[" + placeholder(0) + ']' << 1;
    QTest::newRow("event with attachments goes binary")
        << packet(PacketType::Event, "/", 3, "[\"e\"," + placeholder(0) + ']', {"x"})
        << "51-3[\"e\"," + placeholder(0) + ']' << 1;
    QTest::newRow("ack with attachments goes binary")
        << packet(PacketType::Ack, "/a", 3, '[' + placeholder(0) + ']', {"x"})
        << "61-/a,3[" + placeholder(0) + ']' << 1;
    QTest::newRow("binary event without attachments goes plain")
        << packet(PacketType::BinaryEvent, "/", none, R"(["e"])") << QByteArray(R"(2["e"])") << 0;
    QTest::newRow("binary ack without attachments goes plain")
        << packet(PacketType::BinaryAck, "/", 4, "[]") << QByteArray("34[]") << 0;
    QTest::newRow("attachments of connect ignored")
        << packet(PacketType::Connect, "/", none, "{}", {"x"}) << QByteArray("0{}") << 0;
    QTest::newRow("eleven attachments")
        << packet(PacketType::BinaryEvent, "/", none, "[\"e\"]", QList<QByteArray>(11, "x"))
        << QByteArray("511-[\"e\"]") << 11;
}

void TestSioEncoder::encode()
{
    QFETCH(Packet, input);
    QFETCH(QByteArray, text);
    QFETCH(int, attachmentCount);
    const EncodedPacket encoded = sb::sio::encode(input);
    QCOMPARE(encoded.text, text);
    QCOMPARE(encoded.attachments.size(), attachmentCount);
    if (attachmentCount > 0)
        QCOMPARE(encoded.attachments, input.attachments);
}

void TestSioEncoder::roundTrip_data()
{
    QTest::addColumn<Packet>("input");

    const auto none = std::optional<quint64>();
    QTest::newRow("connect") << packet(PacketType::Connect, "/", none, "");
    QTest::newRow("connect auth") << packet(PacketType::Connect, "/admin", none, R"({"t":[1]})");
    QTest::newRow("disconnect nsp") << packet(PacketType::Disconnect, "/x/y", none, "");
    QTest::newRow("event") << packet(PacketType::Event, "/", none, R"(["a",{"b":[null]}])");
    QTest::newRow("event nsp id") << packet(PacketType::Event, "/é", 77, R"([1,"x"])");
    QTest::newRow("event big numbers")
        << packet(PacketType::Event, "/", none, R"(["n",123456789012345678901234567890,1e999])");
    QTest::newRow("ack") << packet(PacketType::Ack, "/admin", 0, "[]");
    QTest::newRow("binary event") << packet(PacketType::BinaryEvent, "/admin", 5,
        "[\"f\",{\"d\":" + placeholder(1) + "}," + placeholder(0) + ']',
        {QByteArray("\x00\xff", 2), ""});
    QTest::newRow("binary ack") << packet(
        PacketType::BinaryAck, "/", 9, '[' + placeholder(0) + ']', {"bytes"});
}

void TestSioEncoder::roundTrip()
{
    QFETCH(Packet, input);
    const EncodedPacket encoded = sb::sio::encode(input);
    Decoder decoder;
    auto result = decoder.feedText(encoded.text);
    for (const QByteArray &attachment : encoded.attachments) {
        QVERIFY(result);
        QVERIFY(!result->has_value());
        result = decoder.feedBinary(attachment);
    }
    QVERIFY2(result, result ? "" : qPrintable(describe(result.error())));
    QVERIFY(result->has_value());
    const Packet &decoded = **result;
    QCOMPARE(decoded.type, input.type);
    QCOMPARE(decoded.nsp, input.nsp);
    QCOMPARE(decoded.id, input.id);
    QCOMPARE(decoded.data, input.data);
    QCOMPARE(decoded.attachments, input.attachments);
    QCOMPARE(sb::sio::encode(decoded).text, encoded.text);
}

void TestSioEncoder::connectReply()
{
    QCOMPARE(sb::sio::encode(makeConnect("/", u"wZX3oN0bSVIhsaknAAAI")).text,
        QByteArray(R"(0{"sid":"wZX3oN0bSVIhsaknAAAI"})"));
    QCOMPARE(sb::sio::encode(makeConnect("/admin", u"s1", u"p1", u"o1")).text,
        QByteArray(R"(0/admin,{"sid":"s1","pid":"p1","offset":"o1"})"));
    QCOMPARE(sb::sio::encode(makeConnect("/", u"s", u"p")).text,
        QByteArray(R"(0{"sid":"s","pid":"p"})"));
    QCOMPARE(sb::sio::encode(makeConnect("/", u"s\"")).text, QByteArray(R"(0{"sid":"s\""})"));
    Decoder decoder;
    decoder.setPeer(Decoder::Peer::Server);
    QVERIFY(decoder.feedText(sb::sio::encode(makeConnect("/admin", u"s1", u"p1", u"o1")).text));
}

void TestSioEncoder::connectError()
{
    QCOMPARE(sb::sio::encode(makeConnectError("/", u"Not authorized")).text,
        QByteArray(R"(4{"message":"Not authorized"})"));
    QCOMPARE(sb::sio::encode(makeConnectError("/admin", u"Invalid namespace")).text,
        QByteArray(R"(4/admin,{"message":"Invalid namespace"})"));
    QCOMPARE(sb::sio::encode(makeConnectError("/", u"no\n\"way\"", R"({"code":42})")).text,
        QByteArray(R"(4{"message":"no\n\"way\"","data":{"code":42}})"));
    QCOMPARE(sb::sio::encode(makeConnectError("/", u"x", "\"str\"")).text,
        QByteArray(R"(4{"message":"x","data":"str"})"));
    Decoder decoder;
    decoder.setPeer(Decoder::Peer::Server);
    auto decoded = decoder.feedText(
        sb::sio::encode(makeConnectError("/", u"é", toJsonText(QJsonValue(1.5)))).text);
    QVERIFY(decoded && decoded->has_value());
    QCOMPARE((*decoded)->data, QByteArray("{\"message\":\"\xc3\xa9\",\"data\":1.5}"));
}

void TestSioEncoder::disconnect()
{
    QCOMPARE(sb::sio::encode(makeDisconnect("/")).text, QByteArray("1"));
    QCOMPARE(sb::sio::encode(makeDisconnect("/admin")).text, QByteArray("1/admin,"));
}

void TestSioEncoder::eventAndAck()
{
    const Payload plain = PayloadBuilder(u"hey").append(u"Jude"_s).build();
    const Packet event = makeEvent("/", plain);
    QCOMPARE(event.type, PacketType::Event);
    QCOMPARE(sb::sio::encode(event).text, QByteArray(R"(2["hey","Jude"])"));
    QCOMPARE(sb::sio::encode(makeEvent("/admin", plain, 12)).text,
        QByteArray(R"(2/admin,12["hey","Jude"])"));

    const Payload binary = PayloadBuilder(u"file").appendBinary("\x01\x02").build();
    const Packet binaryEvent = makeEvent("/admin", binary, 3);
    QCOMPARE(binaryEvent.type, PacketType::BinaryEvent);
    const EncodedPacket encoded = sb::sio::encode(binaryEvent);
    QCOMPARE(encoded.text, "51-/admin,3[\"file\"," + placeholder(0) + ']');
    QCOMPARE(encoded.attachments, QList<QByteArray>{"\x01\x02"});

    const Packet ack = makeAck("/", 7, PayloadBuilder().append(u"ok"_s).build());
    QCOMPARE(ack.type, PacketType::Ack);
    QCOMPARE(sb::sio::encode(ack).text, QByteArray(R"(37["ok"])"));
    const Packet binaryAck = makeAck("/admin", 1, PayloadBuilder().appendBinary("b").build());
    QCOMPARE(binaryAck.type, PacketType::BinaryAck);
    QCOMPARE(sb::sio::encode(binaryAck).text, "61-/admin,1[" + placeholder(0) + ']');
}

QTEST_GUILESS_MAIN(TestSioEncoder)
#include "tst_sio_encoder.moc"
