#include "protocol/decoder.h"
#include "protocol/encoder.h"
#include "protocol/msgpack_parser.h"
#include "protocol/payload.h"

#include <QRandomGenerator>
#include <QTest>

using namespace sb::sio;
using namespace Qt::StringLiterals;

Q_DECLARE_METATYPE(sb::sio::DecodeError)
Q_DECLARE_METATYPE(sb::sio::PacketType)

// The msgpack parser (msgpack_parser.h). Hex inputs marked "notepack" are what
// socket.io-msgpack-parser 3.0.2 (notepack.io 2.2.0) writes for the same packet object, so the
// encoder rows check byte-for-byte compatibility with Node.

namespace {

QByteArray placeholder(int num)
{
    return "{\"_placeholder\":true,\"num\":" + QByteArray::number(num) + '}';
}

// {type: T, data: <dataHex>, nsp: "/"} as notepack writes it.
QByteArray withData(int type, const QByteArray &dataHex)
{
    return "83a474797065" + QByteArray::number(type, 16).rightJustified(2, '0') + "a464617461"
        + dataHex + "a36e7370a12f";
}

QByteArray repeated(const QByteArray &hex, int times)
{
    QByteArray out;
    for (int i = 0; i < times; ++i)
        out += hex;
    return out;
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

class TestSioMsgpack : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void decodeGood_data();
    void decodeGood();
    void decodeBad_data();
    void decodeBad();
    void textFrameRefused();
    void everyTruncationIsRefused();
    void mutationsAreSafe();
    void errorSticksUntilReset();
    void encode_data();
    void encode();
    void exactNumbers_data();
    void exactNumbers();
    void relayKeepsPayload();
    void parserInterface();
};

void TestSioMsgpack::decodeGood_data()
{
    QTest::addColumn<QByteArray>("hex");
    QTest::addColumn<bool>("fromServer");
    QTest::addColumn<PacketType>("type");
    QTest::addColumn<QByteArray>("nsp");
    QTest::addColumn<qint64>("id"); // -1: none
    QTest::addColumn<QByteArray>("json");
    QTest::addColumn<QList<QByteArray>>("attachments");

    const QList<QByteArray> none;
    QTest::newRow("notepack connect reply")
        << "83a47479706500a46461746181a3736964a3616263a36e7370a12f"_ba << true
        << PacketType::Connect << "/"_ba << qint64(-1) << R"({"sid":"abc"})"_ba << none;
    QTest::newRow("connect without data")
        << "82a47479706500a36e7370a62f61646d696e"_ba << false << PacketType::Connect << "/admin"_ba
        << qint64(-1) << ""_ba << none;
    QTest::newRow("connect with undefined data")
        << withData(0, "d40000") << false << PacketType::Connect << "/"_ba << qint64(-1) << ""_ba
        << none;
    QTest::newRow("connect with empty auth") << withData(0, "80") << false << PacketType::Connect
                                             << "/"_ba << qint64(-1) << "{}"_ba << none;
    QTest::newRow("notepack connect error")
        << "83a47479706504a46461746182a76d657373616765a872656a6563746564a46461746181a6726561736f6ea561736b6564a36e7370a12f"_ba
        << true << PacketType::ConnectError << "/"_ba << qint64(-1)
        << R"({"message":"rejected","data":{"reason":"asked"}})"_ba << none;
    QTest::newRow("connect error string")
        << withData(4, "a3626164") << true << PacketType::ConnectError << "/"_ba << qint64(-1)
        << R"("bad")"_ba << none;
    QTest::newRow("notepack disconnect")
        << "82a47479706501a36e7370a72f637573746f6d"_ba << false << PacketType::Disconnect
        << "/custom"_ba << qint64(-1) << ""_ba << none;
    QTest::newRow("notepack event")
        << "83a47479706502a46461746197a568656c6c6f01fecb3ff8000000000000c3c081a1619101a36e7370a12f"_ba
        << false << PacketType::Event << "/"_ba << qint64(-1)
        << R"(["hello",1,-2,1.5,true,null,{"a":[1]}])"_ba << none;
    QTest::newRow("notepack event with ack")
        << "84a47479706502a46461746191a361736ba269640ca36e7370a62f61646d696e"_ba << false
        << PacketType::Event << "/admin"_ba << qint64(12) << R"(["ask"])"_ba << none;
    QTest::newRow("notepack binary event")
        << "83a47479706502a46461746193a362696ec40301020381a178c40104a36e7370a12f"_ba << false
        << PacketType::BinaryEvent << "/"_ba << qint64(-1)
        << "[\"bin\"," + placeholder(0) + ",{\"x\":" + placeholder(1) + "}]"
        << QList<QByteArray>{"\x01\x02\x03"_ba, "\x04"_ba};
    QTest::newRow("notepack ack")
        << "84a47479706503a46461746192a26f6bafc39c6ec3af63c3b664c3a90a227122a2696403a36e7370a12f"_ba
        << false << PacketType::Ack << "/"_ba << qint64(3)
        << "[\"ok\",\"\xc3\x9cn\xc3\xaf"
           "c\xc3\xb6"
           "d\xc3\xa9\\n\\\"q\\\"\"]"_ba
        << none;
    QTest::newRow("notepack binary ack")
        << "84a47479706503a46461746191c401ffa2696404a36e7370a12f"_ba << false
        << PacketType::BinaryAck << "/"_ba << qint64(4) << "[" + placeholder(0) + "]"
        << QList<QByteArray>{"\xff"_ba};
    QTest::newRow("ack with no arguments")
        << "84a47479706503a46461746190a2696401a36e7370a12f"_ba << false << PacketType::Ack << "/"_ba
        << qint64(1) << "[]"_ba << none;
    QTest::newRow("notepack numbers")
        << "83a47479706502a46461746197a16ecf0000000100000000d3ffffffff7fffffffce00010000d1ff7fcb3fb999999999999a00a36e7370a12f"_ba
        << false << PacketType::Event << "/"_ba << qint64(-1)
        << R"(["n",4294967296,-2147483649,65536,-129,0.1,0])"_ba << none;
    QTest::newRow("uint64 max exactly")
        << withData(2, "92a16ecfffffffffffffffff") << false << PacketType::Event << "/"_ba
        << qint64(-1) << R"(["n",18446744073709551615])"_ba << none;
    QTest::newRow("int64 min exactly")
        << withData(2, "92a16ed38000000000000000") << false << PacketType::Event << "/"_ba
        << qint64(-1) << R"(["n",-9223372036854775808])"_ba << none;
    QTest::newRow("float32 as JavaScript reads it")
        << withData(2, "92a166ca3dcccccd") << false << PacketType::Event << "/"_ba << qint64(-1)
        << R"(["f",0.10000000149011612])"_ba << none;
    QTest::newRow("integral float64")
        << withData(2, "92a166cb4000000000000000") << false << PacketType::Event << "/"_ba
        << qint64(-1) << R"(["f",2])"_ba << none;
    QTest::newRow("NaN and infinities become null")
        << withData(2, "94a166cb7ff8000000000000cb7ff0000000000000cbfff0000000000000") << false
        << PacketType::Event << "/"_ba << qint64(-1) << R"(["f",null,null,null])"_ba << none;
    QTest::newRow("scalar map keys as JavaScript names them")
        << withData(2, "92a16b8501a161c0a162c3a163ffa164cb3ff8000000000000a165") << false
        << PacketType::Event << "/"_ba << qint64(-1)
        << R"(["k",{"1":"a","null":"b","true":"c","-1":"d","1.5":"e"}])"_ba << none;
    QTest::newRow("notepack undefined: null in arrays, dropped in maps")
        << withData(2, "93a175d4000082a161d40000a16201") << false << PacketType::Event << "/"_ba
        << qint64(-1) << R"(["u",null,{"b":1}])"_ba << none;
    QTest::newRow("undefined id is no id")
        << "84a47479706502a46461746191a165a26964d40000a36e7370a12f"_ba << false << PacketType::Event
        << "/"_ba << qint64(-1) << R"(["e"])"_ba << none;
    QTest::newRow("notepack date")
        << withData(2, "92a164d700000001a236dbbcdb") << false << PacketType::Event << "/"_ba
        << qint64(-1) << R"(["d","2026-12-02T13:05:00.123Z"])"_ba << none;
    QTest::newRow("date of year 0")
        << withData(2, "92a164d700ffffc77590fba000") << false << PacketType::Event << "/"_ba
        << qint64(-1) << R"(["d","0000-01-01T00:00:00.000Z"])"_ba << none;
    QTest::newRow("date of year -1")
        << withData(2, "92a164d700ffffc77142eab800") << false << PacketType::Event << "/"_ba
        << qint64(-1) << R"(["d","-000001-06-01T00:00:00.000Z"])"_ba << none;
    QTest::newRow("last valid date")
        << withData(2, "92a164d700001eb208c2dc0000") << false << PacketType::Event << "/"_ba
        << qint64(-1) << R"(["d","+275760-09-13T00:00:00.000Z"])"_ba << none;
    QTest::newRow("invalid date is null")
        << withData(2, "92a164d7007fffffffffffffff") << false << PacketType::Event << "/"_ba
        << qint64(-1) << R"(["d",null])"_ba << none;
    QTest::newRow("notepack ArrayBuffer is binary")
        << withData(2, "92a26162c702000908") << false << PacketType::BinaryEvent << "/"_ba
        << qint64(-1) << "[\"ab\"," + placeholder(0) + "]" << QList<QByteArray>{"\x09\x08"_ba};
    QTest::newRow("other extension as [type, binary]")
        << withData(2, "93a178d5050102d6ff00000001") << false << PacketType::BinaryEvent << "/"_ba
        << qint64(-1) << "[\"x\",[5," + placeholder(0) + "],[-1," + placeholder(1) + "]]"
        << QList<QByteArray>{"\x01\x02"_ba, "\x00\x00\x00\x01"_ba};
    QTest::newRow("strings escaped as JSON.stringify")
        << withData(2, "92a165a5615c01227f") << false << PacketType::Event << "/"_ba << qint64(-1)
        << R"(["e","a\\\u0001\")"_ba + "\x7f\"]" << none;
    QTest::newRow("placeholder look-alike in a plain event is data")
        << withData(2, "92a16582ac5f706c616365686f6c646572c3a36e756d00") << false
        << PacketType::Event << "/"_ba << qint64(-1) << "[\"e\"," + placeholder(0) + "]" << none;
    QTest::newRow("numeric event name") << withData(2, "9101") << false << PacketType::Event
                                        << "/"_ba << qint64(-1) << "[1]"_ba << none;
    QTest::newRow("notepack fields in another order, unknown field ignored")
        << "85a36e7370a12fa2696401a46461746191a165a47479706502a56578747261920181a17a02"_ba << false
        << PacketType::Event << "/"_ba << qint64(1) << R"(["e"])"_ba << none;
    QTest::newRow("depth 32") << withData(2, "92a165" + repeated("91", 31) + "c0") << false
                              << PacketType::Event << "/"_ba << qint64(-1)
                              << "[\"e\"," + repeated("[", 31) + "null" + repeated("]", 31) + "]"
                              << none;
    QByteArray tenJson = "[\"e\"";
    QList<QByteArray> ten;
    for (int i = 0; i < 10; ++i) {
        tenJson += ',' + placeholder(i);
        ten.append(QByteArray(1, char(i)));
    }
    tenJson += ']';
    QByteArray tenHex = "9ba165";
    for (int i = 0; i < 10; ++i)
        tenHex += "c401" + QByteArray::number(i, 16).rightJustified(2, '0');
    QTest::newRow("10 attachments") << withData(2, tenHex) << false << PacketType::BinaryEvent
                                    << "/"_ba << qint64(-1) << tenJson << ten;
    QTest::newRow("id 2^53 - 1")
        << "84a47479706502a46461746191a165a26964cf001fffffffffffffa36e7370a12f"_ba << false
        << PacketType::Event << "/"_ba << qint64(9007199254740991) << R"(["e"])"_ba << none;
}

void TestSioMsgpack::decodeGood()
{
    QFETCH(QByteArray, hex);
    QFETCH(bool, fromServer);
    QFETCH(PacketType, type);
    QFETCH(QByteArray, nsp);
    QFETCH(qint64, id);
    QFETCH(QByteArray, json);
    QFETCH(QList<QByteArray>, attachments);

    MsgpackDecoder decoder;
    if (fromServer)
        decoder.setPeer(PacketDecoder::Peer::Server);
    const auto result = decoder.feedBinary(QByteArray::fromHex(hex));
    QVERIFY2(result.has_value(), qPrintable(describe(result.error())));
    QVERIFY(result->has_value());
    const Packet &p = **result;
    QCOMPARE(p.type, type);
    QCOMPARE(p.nsp, nsp);
    QCOMPARE(p.id.has_value(), id >= 0);
    if (id >= 0)
        QCOMPARE(*p.id, quint64(id));
    QCOMPARE(p.data, json);
    QCOMPARE(p.attachments, attachments);
    QVERIFY(!decoder.hasFailed());
    if (isEventType(type) || isAckType(type)) {
        // The decoder's scan is the one Payload would make.
        const Payload payload = Payload::fromPacket(p);
        QCOMPARE(payload.json(), json);
        QCOMPARE(payload.placeholders().size(), attachments.size());
    }
}

void TestSioMsgpack::decodeBad_data()
{
    QTest::addColumn<QByteArray>("hex");
    QTest::addColumn<DecodeError>("error");

    const QByteArray connect = "83a47479706500a46461746181a3736964a3616263a36e7370a12f";
    QTest::newRow("empty") << ""_ba << DecodeError::NotMsgpack;
    QTest::newRow("truncated map") << "83a474797065"_ba << DecodeError::NotMsgpack;
    QTest::newRow("truncated string") << "82a47479706502a36e7370a52f"_ba << DecodeError::NotMsgpack;
    QTest::newRow("trailing bytes") << connect + "00" << DecodeError::NotMsgpack;
    QTest::newRow("two packets in one message") << connect + connect << DecodeError::NotMsgpack;
    QTest::newRow("never-used byte 0xc1") << "c1"_ba << DecodeError::NotMsgpack;
    QTest::newRow("0xc1 inside data") << withData(2, "92a165c1") << DecodeError::NotMsgpack;
    QTest::newRow("array claiming 2^32-1 elements")
        << "83a47479706502a464617461ddffffffff"_ba << DecodeError::NotMsgpack;
    QTest::newRow("map claiming 2^32-1 pairs")
        << "83a47479706502a464617461dfffffffff"_ba << DecodeError::NotMsgpack;
    QTest::newRow("string claiming 4 GB")
        << "83a47479706502a464617461dbffffffff61"_ba << DecodeError::NotMsgpack;
    QTest::newRow("binary claiming 4 GB")
        << "83a47479706502a464617461c6ffffffff61"_ba << DecodeError::NotMsgpack;
    QTest::newRow("root array") << "9100"_ba << DecodeError::NotAMap;
    QTest::newRow("root integer") << "02"_ba << DecodeError::NotAMap;
    QTest::newRow("root string") << "a161"_ba << DecodeError::NotAMap;
    QTest::newRow("root nil") << "c0"_ba << DecodeError::NotAMap;
    QTest::newRow("root binary") << "c40100"_ba << DecodeError::NotAMap;
    QTest::newRow("root undefined") << "d40000"_ba << DecodeError::NotAMap;
    QTest::newRow("type missing") << "81a36e7370a12f"_ba << DecodeError::UnknownType;
    QTest::newRow("type 5 (no binary types)")
        << "82a47479706505a36e7370a12f"_ba << DecodeError::UnknownType;
    QTest::newRow("type 6") << "82a47479706506a36e7370a12f"_ba << DecodeError::UnknownType;
    QTest::newRow("type -1") << "82a474797065ffa36e7370a12f"_ba << DecodeError::UnknownType;
    QTest::newRow("type string") << "82a474797065a132a36e7370a12f"_ba << DecodeError::UnknownType;
    QTest::newRow("type float 2.0")
        << "82a474797065cb4000000000000000a36e7370a12f"_ba << DecodeError::UnknownType;
    QTest::newRow("type nil") << "82a474797065c0a36e7370a12f"_ba << DecodeError::UnknownType;
    QTest::newRow("type array") << "82a4747970659100a36e7370a12f"_ba << DecodeError::UnknownType;
    QTest::newRow("type undefined")
        << "82a474797065d40000a36e7370a12f"_ba << DecodeError::UnknownType;
    QTest::newRow("CONNECT_ERROR from a client")
        << "83a47479706504a46461746181a76d657373616765a162a36e7370a12f"_ba
        << DecodeError::ServerOnlyType;
    QTest::newRow("nsp missing") << "81a47479706500"_ba << DecodeError::BadNamespace;
    QTest::newRow("nsp integer") << "82a47479706500a36e737001"_ba << DecodeError::BadNamespace;
    QTest::newRow("nsp nil") << "82a47479706500a36e7370c0"_ba << DecodeError::BadNamespace;
    QTest::newRow("nsp array") << "82a47479706500a36e737091a12f"_ba << DecodeError::BadNamespace;
    QTest::newRow("nsp without slash")
        << "82a47479706500a36e7370a561646d696e"_ba << DecodeError::BadNamespace;
    QTest::newRow("nsp with comma")
        << "82a47479706500a36e7370a42f612c62"_ba << DecodeError::BadNamespace;
    QTest::newRow("nsp not UTF-8") << "82a47479706500a36e7370a22fff"_ba << DecodeError::BadString;
    QTest::newRow("id string") << "84a47479706502a46461746191a165a26964a131a36e7370a12f"_ba
                               << DecodeError::BadAckId;
    QTest::newRow("id negative") << "84a47479706502a46461746191a165a26964ffa36e7370a12f"_ba
                                 << DecodeError::BadAckId;
    QTest::newRow("id nil") << "84a47479706502a46461746191a165a26964c0a36e7370a12f"_ba
                            << DecodeError::BadAckId;
    QTest::newRow("id float")
        << "84a47479706502a46461746191a165a26964cb3ff0000000000000a36e7370a12f"_ba
        << DecodeError::BadAckId;
    QTest::newRow("id 2^53")
        << "84a47479706502a46461746191a165a26964cf0020000000000000a36e7370a12f"_ba
        << DecodeError::AckIdOverflow;
    QTest::newRow("id on CONNECT")
        << "83a47479706500a2696401a36e7370a12f"_ba << DecodeError::BadAckId;
    QTest::newRow("id on DISCONNECT")
        << "83a47479706501a2696401a36e7370a12f"_ba << DecodeError::BadAckId;
    QTest::newRow("ACK without id")
        << "83a47479706503a46461746191a26f6ba36e7370a12f"_ba << DecodeError::BadAckId;
    QTest::newRow("EVENT without data")
        << "82a47479706502a36e7370a12f"_ba << DecodeError::MissingPayload;
    QTest::newRow("EVENT with undefined data")
        << withData(2, "d40000") << DecodeError::MissingPayload;
    QTest::newRow("ACK without data")
        << "83a47479706503a2696401a36e7370a12f"_ba << DecodeError::MissingPayload;
    QTest::newRow("EVENT data map") << withData(2, "80") << DecodeError::PayloadNotArray;
    QTest::newRow("EVENT data string") << withData(2, "a161") << DecodeError::PayloadNotArray;
    QTest::newRow("EVENT data binary") << withData(2, "c40100") << DecodeError::PayloadNotArray;
    QTest::newRow("ACK data nil") << "84a47479706503a464617461c0a2696401a36e7370a12f"_ba
                                  << DecodeError::PayloadNotArray;
    QTest::newRow("EVENT without name") << withData(2, "90") << DecodeError::BadEventName;
    QTest::newRow("EVENT named true") << withData(2, "91c3") << DecodeError::BadEventName;
    QTest::newRow("EVENT named by a map") << withData(2, "9180") << DecodeError::BadEventName;
    QTest::newRow("EVENT named connect")
        << withData(2, "91a7636f6e6e656374") << DecodeError::ReservedEventName;
    QTest::newRow("EVENT named disconnecting")
        << withData(2, "91ad646973636f6e6e656374696e67") << DecodeError::ReservedEventName;
    QTest::newRow("CONNECT data array") << withData(0, "90") << DecodeError::BadConnectPayload;
    QTest::newRow("CONNECT data nil") << withData(0, "c0") << DecodeError::BadConnectPayload;
    QTest::newRow("CONNECT data string") << withData(0, "a161") << DecodeError::BadConnectPayload;
    QTest::newRow("DISCONNECT with data")
        << withData(1, "80") << DecodeError::UnexpectedDisconnectPayload;
    QTest::newRow("DISCONNECT with nil data")
        << withData(1, "c0") << DecodeError::UnexpectedDisconnectPayload;
    QTest::newRow("type twice") << "83a47479706502a47479706502a36e7370a12f"_ba
                                << DecodeError::DuplicateField;
    QTest::newRow("data twice") << "84a47479706502a46461746191a165a46461746191a165a36e7370a12f"_ba
                                << DecodeError::DuplicateField;
    QTest::newRow("nsp twice") << "83a47479706500a36e7370a12fa36e7370a12f"_ba
                               << DecodeError::DuplicateField;
    QTest::newRow("binary map key") << withData(2, "92a16581c4010101") << DecodeError::BadMapKey;
    QTest::newRow("array map key") << withData(2, "92a165819101c0") << DecodeError::BadMapKey;
    QTest::newRow("map map key") << withData(2, "92a1658180c0") << DecodeError::BadMapKey;
    QTest::newRow("undefined map key") << withData(2, "92a16581d40000c0") << DecodeError::BadMapKey;
    QTest::newRow("date map key") << withData(2, "92a16581d7000000000000000000c0")
                                  << DecodeError::BadMapKey;
    QTest::newRow("array packet key")
        << "839101c0a47479706502a36e7370a12f"_ba << DecodeError::BadMapKey;
    QTest::newRow("string not UTF-8") << withData(2, "92a165a2c328") << DecodeError::BadString;
    QTest::newRow("overlong UTF-8") << withData(2, "92a165a2c080") << DecodeError::BadString;
    QTest::newRow("UTF-8-encoded surrogate")
        << withData(2, "92a165a3eda080") << DecodeError::BadString;
    QTest::newRow("map key not UTF-8") << withData(2, "92a16581a1ff01") << DecodeError::BadString;
    QTest::newRow("event name not UTF-8") << withData(2, "91a1ff") << DecodeError::BadString;
    QTest::newRow("depth 33") << withData(2, "92a165" + repeated("91", 32) + "c0")
                              << DecodeError::TooDeep;
    QTest::newRow("depth 33 through an extension")
        << withData(2, "92a165" + repeated("91", 31) + "d50501ff") << DecodeError::TooDeep;
    QTest::newRow("deep unknown field") << "84a47479706502a46461746191a165a36e7370a12fa178"
            + repeated("91", 40) + "c0" << DecodeError::TooDeep;
    QTest::newRow("11 attachments")
        << withData(2, "9ca165" + repeated("c40100", 11)) << DecodeError::TooManyAttachments;
    QTest::newRow("binary in CONNECT auth")
        << withData(0, "81a161c40101") << DecodeError::BinaryOutsideArguments;
    QTest::newRow("binary in CONNECT_ERROR")
        << withData(4, "81a7" + QByteArray("message").toHex() + "c40101")
        << DecodeError::ServerOnlyType;
    QTest::newRow("placeholder look-alike next to a binary")
        << withData(2, "93a165c4010182ac5f706c616365686f6c646572c3a36e756d00")
        << DecodeError::InvalidPlaceholder;
    QTest::newRow("placeholder look-alike out of range next to a binary") << withData(2,
        "93a165c4010182ac5f706c616365686f6c646572c3a36e756d05") << DecodeError::InvalidPlaceholder;
}

void TestSioMsgpack::decodeBad()
{
    QFETCH(QByteArray, hex);
    QFETCH(DecodeError, error);
    MsgpackDecoder decoder;
    const auto result = decoder.feedBinary(QByteArray::fromHex(hex));
    QVERIFY(!result.has_value());
    QCOMPARE(result.error(), error);
    QVERIFY(decoder.hasFailed());
    QVERIFY(!describe(error).isEmpty());
}

void TestSioMsgpack::textFrameRefused()
{
    MsgpackDecoder decoder;
    const auto result = decoder.feedText("2[\"e\"]"_ba);
    QVERIFY(!result.has_value());
    QCOMPARE(result.error(), DecodeError::UnexpectedText);
}

namespace {

// Good packets of every shape, for the robustness tests below.
QList<QByteArray> samples()
{
    QList<QByteArray> hexes = {
        "83a47479706500a46461746181a3736964a3616263a36e7370a12f",
        "83a47479706502a46461746197a568656c6c6f01fecb3ff8000000000000c3c081a1619101a36e7370a12f",
        "83a47479706502a46461746193a362696ec40301020381a178c40104a36e7370a12f",
        "84a47479706503a46461746191c401ffa2696404a36e7370a12f",
        "85a36e7370a12fa2696401a46461746191a165a47479706502a56578747261920181a17a02",
        withData(2, "95a178d5050102d6ff00000001d700000001a236dbbcdbc702000908"),
        withData(2, "93a16b8501a161c0a162c3a163ffa164cb3ff8000000000000a165d40000"),
    };
    QList<QByteArray> bytes;
    for (const QByteArray &hex : hexes)
        bytes.append(QByteArray::fromHex(hex));
    return bytes;
}

} // namespace

void TestSioMsgpack::everyTruncationIsRefused()
{
    // A strict prefix of one msgpack value is never a complete value.
    for (const QByteArray &sample : samples()) {
        MsgpackDecoder whole;
        QVERIFY2(whole.feedBinary(sample).has_value(), sample.toHex().constData());
        for (qsizetype length = 0; length < sample.size(); ++length) {
            MsgpackDecoder decoder;
            const auto result = decoder.feedBinary(sample.first(length));
            QVERIFY2(!result.has_value(), sample.first(length).toHex().constData());
            QCOMPARE(result.error(), DecodeError::NotMsgpack);
        }
    }
}

void TestSioMsgpack::mutationsAreSafe()
{
    // Random byte changes (fixed seed, so a failure is reproducible): never a crash (ASan and
    // UBSan watch), and whatever is accepted encodes and decodes back to the same packet.
    QRandomGenerator random(12);
    const QList<QByteArray> good = samples();
    int accepted = 0;
    for (int round = 0; round < 20'000; ++round) {
        QByteArray bytes = good.at(round % good.size());
        const int changes = 1 + int(random.bounded(3));
        for (int k = 0; k < changes; ++k)
            bytes[random.bounded(int(bytes.size()))] = char(random.bounded(256));
        MsgpackDecoder decoder;
        decoder.setPeer(PacketDecoder::Peer::Server);
        const auto result = decoder.feedBinary(bytes);
        if (!result)
            continue;
        ++accepted;
        const Packet &first = **result;
        MsgpackDecoder again;
        again.setPeer(PacketDecoder::Peer::Server);
        const auto second = again.feedBinary(encodeMsgpack(first));
        QVERIFY2(second.has_value(), bytes.toHex().constData());
        QCOMPARE((*second)->type, first.type);
        QCOMPARE((*second)->nsp, first.nsp);
        QCOMPARE((*second)->id, first.id);
        QCOMPARE((*second)->data, first.data);
        QCOMPARE((*second)->attachments, first.attachments);
    }
    QVERIFY(accepted > 0); // the round trip was exercised
}

void TestSioMsgpack::errorSticksUntilReset()
{
    MsgpackDecoder decoder;
    const QByteArray good = QByteArray::fromHex(withData(2, "91a165"));
    QVERIFY(!decoder.feedBinary(QByteArray::fromHex("c1")));
    const auto after = decoder.feedBinary(good);
    QVERIFY(!after.has_value());
    QCOMPARE(after.error(), DecodeError::NotMsgpack);
    decoder.reset();
    QVERIFY(decoder.feedBinary(good).has_value());
}

void TestSioMsgpack::encode_data()
{
    QTest::addColumn<Packet>("input");
    QTest::addColumn<QByteArray>("hex");

    const auto none = std::optional<quint64>();
    QTest::newRow("connect reply")
        << makeConnect("/", u"abc") << "83a47479706500a46461746181a3736964a3616263a36e7370a12f"_ba;
    QTest::newRow("connect error")
        << makeConnectError("/nope", u"Invalid namespace")
        << "83a47479706504a46461746181a76d657373616765b1496e76616c6964206e616d657370616365a36e7370a52f6e6f7065"_ba;
    QTest::newRow("connect error with data")
        << makeConnectError("/", u"rejected", R"({"reason":"asked"})")
        << "83a47479706504a46461746182a76d657373616765a872656a6563746564a46461746181a6726561736f6ea561736b6564a36e7370a12f"_ba;
    QTest::newRow("disconnect") << makeDisconnect("/custom")
                                << "82a47479706501a36e7370a72f637573746f6d"_ba;
    QTest::newRow("event")
        << packet(PacketType::Event, "/", none, R"(["hello",1,-2,1.5,true,null,{"a":[1]}])")
        << "83a47479706502a46461746197a568656c6c6f01fecb3ff8000000000000c3c081a1619101a36e7370a12f"_ba;
    QTest::newRow("event with whitespace")
        << packet(PacketType::Event, "/", none,
               " [ \"hello\" , 1,-2 ,1.5,true, null,{ \"a\" : [ 1 ] } ] ")
        << "83a47479706502a46461746197a568656c6c6f01fecb3ff8000000000000c3c081a1619101a36e7370a12f"_ba;
    QTest::newRow("event with ack") << packet(PacketType::Event, "/admin", 12,
        R"(["ask"])") << "84a47479706502a46461746191a361736ba269640ca36e7370a62f61646d696e"_ba;
    QTest::newRow("binary event")
        << packet(PacketType::BinaryEvent, "/", none,
               "[\"bin\"," + placeholder(0) + ",{\"x\":" + placeholder(1) + "}]",
               {"\x01\x02\x03"_ba, "\x04"_ba})
        << "83a47479706502a46461746193a362696ec40301020381a178c40104a36e7370a12f"_ba;
    QTest::newRow("ack")
        << packet(PacketType::Ack, "/", 3,
               "[\"ok\",\"\xc3\x9cn\xc3\xaf"
               "c\xc3\xb6"
               "d\xc3\xa9\\n\\\"q\\\"\"]")
        << "84a47479706503a46461746192a26f6bafc39c6ec3af63c3b664c3a90a227122a2696403a36e7370a12f"_ba;
    QTest::newRow("binary ack") << packet(PacketType::BinaryAck, "/", 4, "[" + placeholder(0) + "]",
        {"\xff"_ba}) << "84a47479706503a46461746191c401ffa2696404a36e7370a12f"_ba;
    QTest::newRow("numbers")
        << packet(PacketType::Event, "/", none, R"(["n",4294967296,-2147483649,65536,-129,0.1,0])")
        << "83a47479706502a46461746197a16ecf0000000100000000d3ffffffff7fffffffce00010000d1ff7fcb3fb999999999999a00a36e7370a12f"_ba;
    QTest::newRow("integral numbers written as integers") << packet(PacketType::Event, "/", none,
        R"(["n",4.294967296e9,-0.0,1E2])") << withData(2, "94a16ecf000000010000000000"_ba + "64");
    QTest::newRow("long string and array")
        << packet(PacketType::Event, "/", none,
               "[\"s\",\"" + QByteArray(40, 'x') + "\",[0,1,2,3,4,5,6,7,8,9,10,11,12,13,14,15,16]]")
        << "83a47479706502a46461746193a173d92878787878787878787878787878787878787878787878787878787878787878787878787878787878dc0011000102030405060708090a0b0c0d0e0f10a36e7370a12f"_ba;
    QTest::newRow("escaped string") << packet(PacketType::Event, "/", none, R"(["a\"\u00e9\n"])")
                                    << withData(2, "91a56122c3a90a");
    QTest::newRow("lone surrogate escape as U+FFFD")
        << packet(PacketType::Event, "/", none, R"(["\ud800"])") << withData(2, "91a3efbfbd");
    QTest::newRow("placeholder look-alike in a plain event stays a map")
        << packet(PacketType::Event, "/", none, "[\"e\"," + placeholder(0) + "]")
        << withData(2, "92a16582ac5f706c616365686f6c646572c3a36e756d00");
    QTest::newRow("empty namespace is the main one")
        << packet(PacketType::Disconnect, "", none, "") << "82a47479706501a36e7370a12f"_ba;
}

void TestSioMsgpack::encode()
{
    QFETCH(Packet, input);
    QFETCH(QByteArray, hex);
    QCOMPARE(encodeMsgpack(input).toHex(), hex);
}

void TestSioMsgpack::exactNumbers_data()
{
    QTest::addColumn<QByteArray>("json");
    QTest::addColumn<QByteArray>("back");
    QTest::newRow("64-bit integers stay exact")
        << R"(["n",18446744073709551615,-9223372036854775808,9007199254740993])"_ba
        << R"(["n",18446744073709551615,-9223372036854775808,9007199254740993])"_ba;
    QTest::newRow("beyond 64 bits as float64")
        << R"(["n",18446744073709551616,-9223372036854775809,1e21,123456789012345678901234567890])"_ba
        << R"(["n",18446744073709552000,-9223372036854775808,1e+21,1.2345678901234568e+29])"_ba;
    QTest::newRow("fractions") << R"(["n",0.1,-1.5e-7,5e-324])"_ba
                               << R"(["n",0.1,-1.5e-7,5e-324])"_ba;
    QTest::newRow("nested") << R"(["n",{"a":[{"b":{}}],"":[[]]}])"_ba
                            << R"(["n",{"a":[{"b":{}}],"":[[]]}])"_ba;
}

void TestSioMsgpack::exactNumbers()
{
    QFETCH(QByteArray, json);
    QFETCH(QByteArray, back);
    MsgpackDecoder decoder;
    const auto decoded
        = decoder.feedBinary(encodeMsgpack(packet(PacketType::Event, "/", std::nullopt, json)));
    QVERIFY2(decoded.has_value(), qPrintable(describe(decoded.error())));
    QCOMPARE((*decoded)->data, back);
}

void TestSioMsgpack::relayKeepsPayload()
{
    // What a msgpack client sends comes back byte for byte when relayed: decode, slice, encode.
    const QByteArray wire = QByteArray::fromHex(
        "83a47479706502a46461746193a362696ec40301020381a178c40104a36e7370a12f");
    MsgpackDecoder decoder;
    const auto decoded = decoder.feedBinary(wire);
    QVERIFY(decoded.has_value());
    const Payload args = Payload::fromPacket(**decoded).sliced(1);
    QCOMPARE(args.attachments().size(), 2);
    const Packet out = makeEvent("/", args.prepended(u"bin"));
    QCOMPARE(encodeMsgpack(out), wire);
    // The default text form of the same packet is what the traffic log shows.
    QCOMPARE(sb::sio::encode(**decoded).text,
        "52-[\"bin\"," + placeholder(0) + ",{\"x\":" + placeholder(1) + "}]");
}

void TestSioMsgpack::parserInterface()
{
    QVERIFY(parserFromName(u"msgpack") == ParserKind::Msgpack);
    QVERIFY(parserFromName(u"default") == ParserKind::Default);
    QVERIFY(!parserFromName(u"json"));
    QCOMPARE(parserName(ParserKind::Msgpack), u"msgpack"_s);
    const Packet event
        = packet(PacketType::BinaryEvent, "/x", 7, "[\"e\"," + placeholder(0) + "]", {"\x01"_ba});

    const Parser &msgpack = Parser::of(ParserKind::Msgpack);
    QCOMPARE(msgpack.kind(), ParserKind::Msgpack);
    const QList<WireMessage> one = msgpack.encode(event);
    QCOMPARE(one.size(), 1);
    QVERIFY(one.first().binary);
    auto msgpackDecoder = msgpack.makeDecoder();
    const auto viaMsgpack = msgpackDecoder->feedBinary(one.first().data);
    QVERIFY(viaMsgpack.has_value());
    QCOMPARE((*viaMsgpack)->data, event.data);
    QCOMPARE((*viaMsgpack)->attachments, event.attachments);
    QCOMPARE(*(*viaMsgpack)->id, quint64(7));

    const Parser &text = Parser::of(ParserKind::Default);
    const QList<WireMessage> two = text.encode(event);
    QCOMPARE(two.size(), 2);
    QVERIFY(!two.first().binary);
    QVERIFY(two.last().binary);
    QCOMPARE(two.first().data, "51-/x,7[\"e\"," + placeholder(0) + "]");
    auto textDecoder = text.makeDecoder();
    QVERIFY(textDecoder->feedText(two.first().data).has_value());
    const auto viaText = textDecoder->feedBinary(two.last().data);
    QVERIFY(viaText.has_value() && viaText->has_value());
    QCOMPARE((*viaText)->data, event.data);
}

QTEST_GUILESS_MAIN(TestSioMsgpack)
#include "tst_sio_msgpack.moc"
