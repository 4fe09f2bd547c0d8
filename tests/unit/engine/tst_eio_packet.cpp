// The Engine.IO v4 packet and payload codec: every good form and every malformed one.

#include "engine/packet.h"

#include <QTest>

using namespace sb::eio;

Q_DECLARE_METATYPE(sb::eio::PacketType)
Q_DECLARE_METATYPE(sb::eio::DecodeError)

class TestEioPacket : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void decodeText_data();
    void decodeText();
    void decodeTextErrors_data();
    void decodeTextErrors();
    void encodeText_data();
    void encodeText();
    void binaryFrame();
    void payloadRoundTrip();
    void decodePayload_data();
    void decodePayload();
    void webSocketFramePrepared();
};

void TestEioPacket::decodeText_data()
{
    QTest::addColumn<QByteArray>("input");
    QTest::addColumn<PacketType>("type");
    QTest::addColumn<QByteArray>("data");
    QTest::addColumn<bool>("binary");

    QTest::newRow("open") << QByteArray("0{\"sid\":\"x\"}") << PacketType::Open
                          << QByteArray("{\"sid\":\"x\"}") << false;
    QTest::newRow("close") << QByteArray("1") << PacketType::Close << QByteArray() << false;
    QTest::newRow("ping") << QByteArray("2") << PacketType::Ping << QByteArray() << false;
    QTest::newRow("ping probe") << QByteArray("2probe") << PacketType::Ping << QByteArray("probe")
                                << false;
    QTest::newRow("pong") << QByteArray("3") << PacketType::Pong << QByteArray() << false;
    QTest::newRow("pong probe") << QByteArray("3probe") << PacketType::Pong << QByteArray("probe")
                                << false;
    QTest::newRow("message") << QByteArray("4hello") << PacketType::Message << QByteArray("hello")
                             << false;
    QTest::newRow("empty message")
        << QByteArray("4") << PacketType::Message << QByteArray() << false;
    QTest::newRow("message utf8") << QByteArray("4\xe2\x82\xac \xf0\x9f\x98\x80")
                                  << PacketType::Message
                                  << QByteArray("\xe2\x82\xac \xf0\x9f\x98\x80") << false;
    QTest::newRow("message with digits")
        << QByteArray("41234") << PacketType::Message << QByteArray("1234") << false;
    QTest::newRow("message keeps separators inside ws frame") << QByteArray("4a\x1e"
                                                                            "b")
                                                              << PacketType::Message
                                                              << QByteArray("a\x1e"
                                                                            "b")
                                                              << false;
    QTest::newRow("upgrade") << QByteArray("5") << PacketType::Upgrade << QByteArray() << false;
    QTest::newRow("noop") << QByteArray("6") << PacketType::Noop << QByteArray() << false;
    QTest::newRow("binary base64")
        << QByteArray("bAQIDBA==") << PacketType::Message << QByteArray("\x01\x02\x03\x04") << true;
    QTest::newRow("binary empty") << QByteArray("b") << PacketType::Message << QByteArray() << true;
    QTest::newRow("binary base64url")
        << QByteArray("b-_8") << PacketType::Message << QByteArray("\xfb\xff") << true;
    QTest::newRow("binary no padding")
        << QByteArray("bAQID") << PacketType::Message << QByteArray("\x01\x02\x03") << true;
}

void TestEioPacket::decodeText()
{
    QFETCH(QByteArray, input);
    QFETCH(PacketType, type);
    QFETCH(QByteArray, data);
    QFETCH(bool, binary);
    const auto packet = sb::eio::decodeText(input);
    QVERIFY(packet.has_value());
    QCOMPARE(packet->type, type);
    QCOMPARE(packet->data, data);
    QCOMPARE(packet->binary, binary);
}

void TestEioPacket::decodeTextErrors_data()
{
    QTest::addColumn<QByteArray>("input");
    QTest::addColumn<DecodeError>("error");
    QTest::newRow("empty") << QByteArray() << DecodeError::Empty;
    QTest::newRow("type 7") << QByteArray("7") << DecodeError::UnknownType;
    QTest::newRow("type 9 with data") << QByteArray("9hello") << DecodeError::UnknownType;
    QTest::newRow("letter") << QByteArray("hello") << DecodeError::UnknownType;
    QTest::newRow("capital B") << QByteArray("BAQID") << DecodeError::UnknownType;
    QTest::newRow("space") << QByteArray(" 4hello") << DecodeError::UnknownType;
    QTest::newRow("nul") << QByteArray("\0"
                                       "4",
        2) << DecodeError::UnknownType;
    QTest::newRow("separator") << QByteArray("\x1e") << DecodeError::UnknownType;
    QTest::newRow("minus") << QByteArray("-1") << DecodeError::UnknownType;
    QTest::newRow("high byte") << QByteArray("\xff") << DecodeError::UnknownType;
    QTest::newRow("bad base64 chars") << QByteArray("b!!!!") << DecodeError::BadBase64;
    QTest::newRow("bad base64 padding") << QByteArray("bA=B=") << DecodeError::BadBase64;
    QTest::newRow("base64 with space") << QByteArray("bAQ ID") << DecodeError::BadBase64;
}

void TestEioPacket::decodeTextErrors()
{
    QFETCH(QByteArray, input);
    QFETCH(DecodeError, error);
    const auto packet = sb::eio::decodeText(input);
    QVERIFY(!packet.has_value());
    QCOMPARE(packet.error(), error);
    QVERIFY(!describe(error).isEmpty());
}

void TestEioPacket::encodeText_data()
{
    QTest::addColumn<int>("type");
    QTest::addColumn<QByteArray>("data");
    QTest::addColumn<bool>("binary");
    QTest::addColumn<QByteArray>("expected");
    QTest::newRow("ping") << int(PacketType::Ping) << QByteArray() << false << QByteArray("2");
    QTest::newRow("pong probe") << int(PacketType::Pong) << QByteArray("probe") << false
                                << QByteArray("3probe");
    QTest::newRow("message") << int(PacketType::Message) << QByteArray("hi") << false
                             << QByteArray("4hi");
    QTest::newRow("close") << int(PacketType::Close) << QByteArray() << false << QByteArray("1");
    QTest::newRow("noop") << int(PacketType::Noop) << QByteArray() << false << QByteArray("6");
    QTest::newRow("binary") << int(PacketType::Message) << QByteArray("\x01\x02\x03\x04") << true
                            << QByteArray("bAQIDBA==");
    QTest::newRow("binary empty") << int(PacketType::Message) << QByteArray() << true
                                  << QByteArray("b");
}

void TestEioPacket::encodeText()
{
    QFETCH(int, type);
    QFETCH(QByteArray, data);
    QFETCH(bool, binary);
    QFETCH(QByteArray, expected);
    const Packet packet{PacketType(type), data, binary, {}};
    QCOMPARE(sb::eio::encodeText(packet), expected);
    const auto back = sb::eio::decodeText(expected);
    QVERIFY(back.has_value());
    QCOMPARE(*back, packet);
}

void TestEioPacket::binaryFrame()
{
    const QByteArray bytes("\x00\xff\x1e"
                           "4b",
        5);
    const Packet packet = decodeBinaryFrame(bytes);
    QVERIFY(packet.binary);
    QCOMPARE(packet.type, PacketType::Message);
    QCOMPARE(packet.data, bytes);
    QCOMPARE(webSocketSize(packet), 5);
    QCOMPARE(webSocketSize(Packet::message("abc")), 4);
}

void TestEioPacket::payloadRoundTrip()
{
    const QList<Packet> packets{Packet::message("hello"), Packet::of(PacketType::Ping),
        Packet::binaryMessage(QByteArray("\x01\x02\x03\x04")), Packet::message("world"),
        Packet::message(QByteArray())};
    const QByteArray payload = encodePayload(packets);
    QCOMPARE(payload,
        QByteArray("4hello\x1e"
                   "2\x1e"
                   "bAQIDBA==\x1e"
                   "4world\x1e"
                   "4"));
    const DecodedPayload decoded = sb::eio::decodePayload(payload);
    QVERIFY(!decoded.error);
    QCOMPARE(decoded.packets, packets);
    QCOMPARE(encodePayload({}), QByteArray());
}

void TestEioPacket::decodePayload_data()
{
    QTest::addColumn<QByteArray>("body");
    QTest::addColumn<int>("goodPackets");
    QTest::addColumn<bool>("failed");
    QTest::newRow("one") << QByteArray("4a") << 1 << false;
    QTest::newRow("spec example") << QByteArray("4hello\x1e"
                                                "2\x1e"
                                                "4world")
                                  << 3 << false;
    QTest::newRow("spec binary example") << QByteArray("4hello\x1e"
                                                       "bAQIDBA==")
                                         << 2 << false;
    QTest::newRow("empty body") << QByteArray() << 0 << true;
    QTest::newRow("trailing separator") << QByteArray("4a\x1e") << 1 << true;
    QTest::newRow("leading separator") << QByteArray("\x1e"
                                                     "4a")
                                       << 0 << true;
    QTest::newRow("double separator") << QByteArray("4a\x1e\x1e"
                                                    "4b")
                                      << 1 << true;
    QTest::newRow("bad type in the middle") << QByteArray("4a\x1e"
                                                          "x\x1e"
                                                          "4b")
                                            << 1 << true;
    QTest::newRow("bad base64 second") << QByteArray("4a\x1e"
                                                     "b@@")
                                       << 1 << true;
    QTest::newRow("v3 length prefix")
        << QByteArray("6:4hello") << 1 << false; // a noop with junk data, as Node reads it
    QTest::newRow("only separator") << QByteArray("\x1e") << 0 << true;
}

void TestEioPacket::decodePayload()
{
    QFETCH(QByteArray, body);
    QFETCH(int, goodPackets);
    QFETCH(bool, failed);
    const DecodedPayload decoded = sb::eio::decodePayload(body);
    QCOMPARE(decoded.packets.size(), goodPackets);
    QCOMPARE(decoded.error.has_value(), failed);
}

void TestEioPacket::webSocketFramePrepared()
{
    Packet packet = Packet::message("h\xc3\xa9llo");
    QVERIFY(packet.webSocketText.isNull());
    packet.prepareWebSocketFrame();
    QCOMPARE(packet.webSocketText, QStringLiteral("4h\u00e9llo"));
    const Packet copy = packet;
    QVERIFY(copy.webSocketText.isSharedWith(packet.webSocketText));
    Packet binary = Packet::binaryMessage("\x01");
    binary.prepareWebSocketFrame();
    QVERIFY(binary.webSocketText.isNull());
}

QTEST_APPLESS_MAIN(TestEioPacket)
#include "tst_eio_packet.moc"
