#include "protocol/decoder.h"
#include "protocol/encoder.h"
#include "protocol/payload.h"

#include <QRandomGenerator>
#include <QSet>
#include <QTest>

using namespace sb::sio;

Q_DECLARE_METATYPE(sb::sio::PacketType)
Q_DECLARE_METATYPE(sb::sio::DecodeError)

namespace {

// Frames are written "t:<text>" or "b:<bytes>" so one column can hold a whole exchange.
using Frames = QList<QByteArray>;

QByteArray placeholder(int num)
{
    return "{\"_placeholder\":true,\"num\":" + QByteArray::number(num) + '}';
}

struct Fed
{
    QList<Packet> packets;
    std::optional<DecodeError> error;
};

Fed feedAll(Decoder &decoder, const Frames &frames)
{
    Fed fed;
    for (const QByteArray &frame : frames) {
        const QByteArray body = frame.sliced(2);
        auto result = frame.startsWith("t:") ? decoder.feedText(body) : decoder.feedBinary(body);
        if (!result) {
            fed.error = result.error();
            return fed;
        }
        if (*result)
            fed.packets.append(**result);
    }
    return fed;
}

} // namespace

class TestSioDecoder : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void good_data();
    void good();
    void bad_data();
    void bad();
    void binaryReassemblyProgress();
    void errorIsStickyUntilReset();
    void resetDropsPendingPacket();
    void limits();
    void scanIsHandedToPayload();
    void describeIsDistinct();
    void mutatedInputNeverBreaksInvariants();
};

void TestSioDecoder::good_data()
{
    QTest::addColumn<Frames>("frames");
    QTest::addColumn<bool>("fromServer");
    QTest::addColumn<PacketType>("type");
    QTest::addColumn<QByteArray>("nsp");
    QTest::addColumn<qint64>("id"); // -1: none
    QTest::addColumn<QByteArray>("data");
    QTest::addColumn<Frames>("attachments");
    QTest::addColumn<QString>("eventName"); // for events

    const auto row
        = [](const char *name, const QByteArray &text, PacketType type, const QByteArray &nsp,
              qint64 id, const QByteArray &data, const QString &event = QString()) {
              QTest::newRow(name) << Frames{"t:" + text} << false << type << nsp << id << data
                                  << Frames{} << event;
          };

    // CONNECT ("Connection to a namespace")
    row("connect main", "0", PacketType::Connect, "/", -1, "");
    row("connect nsp", "0/admin,", PacketType::Connect, "/admin", -1, "");
    row("connect nsp without comma", "0/admin", PacketType::Connect, "/admin", -1, "");
    row("connect auth", R"(0{"token":"abc"})", PacketType::Connect, "/", -1, R"({"token":"abc"})");
    row("connect nsp auth", R"(0/admin,{"token":"abc"})", PacketType::Connect, "/admin", -1,
        R"({"token":"abc"})");
    row("connect explicit main", "0/,{}", PacketType::Connect, "/", -1, "{}");
    row("connect nsp with query-like text", "0/ns?x=1&y=é,", PacketType::Connect, "/ns?x=1&y=é", -1,
        "");
    row("connect nested nsp", "0/a/b,", PacketType::Connect, "/a/b", -1, "");
    row("connect auth whitespace kept inside", "0{ \"a\" : [ 1 ] }", PacketType::Connect, "/", -1,
        "{ \"a\" : [ 1 ] }");
    // DISCONNECT
    row("disconnect main", "1", PacketType::Disconnect, "/", -1, "");
    row("disconnect nsp", "1/admin,", PacketType::Disconnect, "/admin", -1, "");
    // EVENT ("Sending and receiving data")
    row("event", R"(2["foo"])", PacketType::Event, "/", -1, R"(["foo"])", QStringLiteral("foo"));
    row("event nsp", R"(2/admin,["bar"])", PacketType::Event, "/admin", -1, R"(["bar"])",
        QStringLiteral("bar"));
    row("event id", R"(212["foo"])", PacketType::Event, "/", 12, R"(["foo"])",
        QStringLiteral("foo"));
    row("event nsp id", R"(2/admin,13["a",1,{"b":null}])", PacketType::Event, "/admin", 13,
        R"(["a",1,{"b":null}])", QStringLiteral("a"));
    row("event id zero", R"(20["a"])", PacketType::Event, "/", 0, R"(["a"])", QStringLiteral("a"));
    row("event id leading zeros", R"(2007["a"])", PacketType::Event, "/", 7, R"(["a"])",
        QStringLiteral("a"));
    row("event max safe id", R"(29007199254740991["a"])", PacketType::Event, "/",
        9007199254740991LL, R"(["a"])", QStringLiteral("a"));
    row("event number name", R"(2[1,"x"])", PacketType::Event, "/", -1, R"([1,"x"])",
        QStringLiteral("1"));
    row("event fraction name", R"(2[1.5])", PacketType::Event, "/", -1, "[1.5]",
        QStringLiteral("1.5"));
    row("event exponent name", R"(2[1e2])", PacketType::Event, "/", -1, "[1e2]",
        QStringLiteral("100"));
    row("event minus zero name", R"(2[-0])", PacketType::Event, "/", -1, "[-0]",
        QStringLiteral("0"));
    row("event escaped name", R"(2["\u0063hat"])", PacketType::Event, "/", -1, R"(["\u0063hat"])",
        QStringLiteral("chat"));
    row("event unicode", "2[\"h\xc3\xa9llo\",\"\xf0\x9f\x98\x80\"]", PacketType::Event, "/", -1,
        "[\"h\xc3\xa9llo\",\"\xf0\x9f\x98\x80\"]", QStringLiteral("héllo"));
    row("event lone surrogate", R"(2["\ud800"])", PacketType::Event, "/", -1, R"(["\ud800"])",
        QString(QChar(0xD800)));
    row("event big integers kept", R"(2["n",12345678901234567890123,1e400,0.1000000000000000055])",
        PacketType::Event, "/", -1, R"(["n",12345678901234567890123,1e400,0.1000000000000000055])",
        QStringLiteral("n"));
    row("event almost reserved", R"(2["Connect"])", PacketType::Event, "/", -1, R"(["Connect"])",
        QStringLiteral("Connect"));
    row("event reserved with space", R"(2["connect "])", PacketType::Event, "/", -1,
        R"(["connect "])", QStringLiteral("connect "));
    row("event trailing whitespace dropped", "2[\"a\"] \r\n", PacketType::Event, "/", -1,
        R"(["a"])", QStringLiteral("a"));
    row("event inner whitespace kept", R"(2[ "a" , 1 ])", PacketType::Event, "/", -1,
        R"([ "a" , 1 ])", QStringLiteral("a"));
    row("event placeholder-like object is data", R"(2["a",{"_placeholder":true,"num":0}])",
        PacketType::Event, "/", -1, R"(["a",{"_placeholder":true,"num":0}])", QStringLiteral("a"));
    row("event invalid placeholder-like object is data",
        R"(2["a",{"_placeholder":true,"num":"0"}])", PacketType::Event, "/", -1,
        R"(["a",{"_placeholder":true,"num":"0"}])", QStringLiteral("a"));
    row("event depth 32", "2[\"a\"," + QByteArray(31, '[') + QByteArray(32, ']'), PacketType::Event,
        "/", -1, "[\"a\"," + QByteArray(31, '[') + QByteArray(32, ']'), QStringLiteral("a"));
    // ACK ("Acknowledgement")
    row("ack", R"(313["bar"])", PacketType::Ack, "/", 13, R"(["bar"])");
    row("ack nsp", R"(3/admin,13["bar"])", PacketType::Ack, "/admin", 13, R"(["bar"])");
    row("ack empty", R"(30[])", PacketType::Ack, "/", 0, "[]");
    row("ack any first element", R"(31[null,{"a":1}])", PacketType::Ack, "/", 1,
        R"([null,{"a":1}])");

    // Binary forms, with their attachment frames.
    const QByteArray p0 = placeholder(0);
    const QByteArray p1 = placeholder(1);
    QTest::newRow("binary event") << Frames{"t:51-[\"baz\"," + p0 + ']', "b:\x01\x02\x03\x04"}
                                  << false << PacketType::BinaryEvent << QByteArray("/")
                                  << qint64(-1) << "[\"baz\"," + p0 + ']'
                                  << Frames{"b:\x01\x02\x03\x04"} << QStringLiteral("baz");
    QTest::newRow("binary event two attachments nsp")
        << Frames{"t:52-/admin,[\"baz\"," + p0 + ',' + p1 + ']', "b:\x01\x02", "b:\x03\x04"}
        << false << PacketType::BinaryEvent << QByteArray("/admin") << qint64(-1)
        << "[\"baz\"," + p0 + ',' + p1 + ']' << Frames{"b:\x01\x02", "b:\x03\x04"}
        << QStringLiteral("baz");
    QTest::newRow("binary event with id, nested, reversed")
        << Frames{"t:52-/admin,7[\"up\",{\"f\":[" + p1 + "]}," + p0 + ']', "b:first", "b:second"}
        << false << PacketType::BinaryEvent << QByteArray("/admin") << qint64(7)
        << "[\"up\",{\"f\":[" + p1 + "]}," + p0 + ']' << Frames{"b:first", "b:second"}
        << QStringLiteral("up");
    QTest::newRow("binary event same attachment twice")
        << Frames{"t:51-[\"x\"," + p0 + ',' + p0 + ']', "b:z"} << false << PacketType::BinaryEvent
        << QByteArray("/") << qint64(-1) << "[\"x\"," + p0 + ',' + p0 + ']' << Frames{"b:z"}
        << QStringLiteral("x");
    QTest::newRow("binary event empty attachment")
        << Frames{"t:51-[\"x\"," + p0 + ']', "b:"} << false << PacketType::BinaryEvent
        << QByteArray("/") << qint64(-1) << "[\"x\"," + p0 + ']' << Frames{"b:"}
        << QStringLiteral("x");
    QTest::newRow("binary event count leading zero")
        << Frames{"t:501-[\"x\"," + p0 + ']', "b:z"} << false << PacketType::BinaryEvent
        << QByteArray("/") << qint64(-1) << "[\"x\"," + p0 + ']' << Frames{"b:z"}
        << QStringLiteral("x");
    QTest::newRow("binary event ten attachments")
        << (Frames{"t:510-[\"x\"," + p0 + ',' + placeholder(9) + ']'} + Frames(10, "b:y")) << false
        << PacketType::BinaryEvent << QByteArray("/") << qint64(-1)
        << "[\"x\"," + p0 + ',' + placeholder(9) + ']' << Frames(10, "b:y") << QStringLiteral("x");
    QTest::newRow("binary ack") << Frames{"t:61-15[\"bar\"," + p0 + ']', "b:\x01\x02\x03\x04"}
                                << false << PacketType::BinaryAck << QByteArray("/") << qint64(15)
                                << "[\"bar\"," + p0 + ']' << Frames{"b:\x01\x02\x03\x04"}
                                << QString();
    QTest::newRow("binary ack nsp (spec sample session)")
        << Frames{"t:61-/admin,1[" + p0 + ']', "b:\xff"} << false << PacketType::BinaryAck
        << QByteArray("/admin") << qint64(1) << '[' + p0 + ']' << Frames{"b:\xff"} << QString();
    QTest::newRow("two packets in a row")
        << Frames{"t:51-[\"x\"," + p0 + ']', "b:1", "t:2[\"y\"]"} << false << PacketType::Event
        << QByteArray("/") << qint64(-1) << QByteArray("[\"y\"]") << Frames{}
        << QStringLiteral("y");

    // What a server sends, decoded as a client would.
    QTest::newRow("connect error from server")
        << Frames{"t:4{\"message\":\"Not authorized\"}"} << true << PacketType::ConnectError
        << QByteArray("/") << qint64(-1) << QByteArray("{\"message\":\"Not authorized\"}")
        << Frames{} << QString();
    QTest::newRow("connect error string")
        << Frames{"t:4/admin,\"old\""} << true << PacketType::ConnectError << QByteArray("/admin")
        << qint64(-1) << QByteArray("\"old\"") << Frames{} << QString();
    QTest::newRow("connect reply")
        << Frames{"t:0/admin,{\"sid\":\"oSO0OpakMV_3jnilAAAA\"}"} << true << PacketType::Connect
        << QByteArray("/admin") << qint64(-1) << QByteArray("{\"sid\":\"oSO0OpakMV_3jnilAAAA\"}")
        << Frames{} << QString();
}

void TestSioDecoder::good()
{
    QFETCH(Frames, frames);
    QFETCH(bool, fromServer);
    QFETCH(PacketType, type);
    QFETCH(QByteArray, nsp);
    QFETCH(qint64, id);
    QFETCH(QByteArray, data);
    QFETCH(Frames, attachments);
    QFETCH(QString, eventName);

    Decoder decoder;
    if (fromServer)
        decoder.setPeer(Decoder::Peer::Server);
    const Fed fed = feedAll(decoder, frames);
    QVERIFY2(!fed.error, fed.error ? qPrintable(describe(*fed.error)) : "");
    QVERIFY(!fed.packets.isEmpty());
    QVERIFY(!decoder.isReconstructing());
    const Packet packet = fed.packets.constLast();
    QCOMPARE(packet.type, type);
    QCOMPARE(packet.nsp, nsp);
    QCOMPARE(packet.id.has_value(), id >= 0);
    if (id >= 0)
        QCOMPARE(*packet.id, quint64(id));
    QCOMPARE(packet.data, data);
    QCOMPARE(packet.attachments.size(), attachments.size());
    for (qsizetype i = 0; i < attachments.size(); ++i)
        QCOMPARE(packet.attachments.at(i), attachments.at(i).sliced(2));
    if (isEventType(type))
        QCOMPARE(Payload::fromPacket(packet).eventName().value_or(QString()), eventName);
}

void TestSioDecoder::bad_data()
{
    QTest::addColumn<Frames>("frames");
    QTest::addColumn<bool>("fromServer");
    QTest::addColumn<DecodeError>("error");

    const auto row = [](const char *name, const QByteArray &text, DecodeError error) {
        QTest::newRow(name) << Frames{"t:" + text} << false << error;
    };
    const QByteArray p0 = placeholder(0);

    row("empty", "", DecodeError::Empty);
    row("type 7", "7", DecodeError::UnknownType);
    row("type 9", "9[\"a\"]", DecodeError::UnknownType);
    row("type letter", "a", DecodeError::UnknownType);
    row("type space", " 2[\"a\"]", DecodeError::UnknownType);
    row("type minus", "-1", DecodeError::UnknownType);
    row("engine.io message prefix left on", "42[\"a\"]", DecodeError::ServerOnlyType);
    row("connect error from client", "4{\"message\":\"x\"}", DecodeError::ServerOnlyType);

    row("binary without dash", "5[\"a\"]", DecodeError::BadAttachmentCount);
    row("binary dash without count", "5-[\"a\"]", DecodeError::BadAttachmentCount);
    row("binary count not a number", "5x-[\"a\"]", DecodeError::BadAttachmentCount);
    row("binary count with space", "5 1-[\"a\"]", DecodeError::BadAttachmentCount);
    row("binary count with exponent", "51e0-[\"a\"]", DecodeError::BadAttachmentCount);
    row("binary count at end", "51", DecodeError::BadAttachmentCount);
    row("binary type alone", "6", DecodeError::BadAttachmentCount);
    row("binary count negative", "5-1-[\"a\"]", DecodeError::BadAttachmentCount);
    row("too many attachments", "511-[\"a\"]", DecodeError::TooManyAttachments);
    row("huge attachment count", "5999999999999999999999999-[\"a\"]",
        DecodeError::TooManyAttachments);
    row("count on event", "21-[\"a\"]", DecodeError::AttachmentsOnNonBinaryType);
    row("count on ack", "31-1[\"a\"]", DecodeError::AttachmentsOnNonBinaryType);

    row("namespace without slash", "0admin,{}", DecodeError::BadNamespace);
    row("event namespace without slash", "2admin,[\"a\"]", DecodeError::BadNamespace);
    row("namespace not utf8", "2/ad\xff,[\"a\"]", DecodeError::BadNamespace);
    row("namespace overlong utf8", "0/\xc0\xaf,", DecodeError::BadNamespace);

    row("id on connect", "01{}", DecodeError::BadAckId);
    row("id on connect nsp", "0/admin,1", DecodeError::BadAckId);
    row("id on disconnect", "1/admin,5", DecodeError::BadAckId);
    row("ack without id", "3[\"a\"]", DecodeError::BadAckId);
    row("ack nsp without id", "3/admin,[\"a\"]", DecodeError::BadAckId);
    row("binary ack without id", "61-[" + p0 + ']', DecodeError::BadAckId);
    row("id above 2^53-1", "29007199254740992[\"a\"]", DecodeError::AckIdOverflow);
    row("id above 2^64", "2999999999999999999999999[\"a\"]", DecodeError::AckIdOverflow);
    row("ack id above 2^53-1", "3/admin,18446744073709551615[]", DecodeError::AckIdOverflow);

    row("unclosed array", "2[\"a\"", DecodeError::BadJson);
    row("bare word", "2[a]", DecodeError::BadJson);
    row("leading space", "2 [\"a\"]", DecodeError::BadJson);
    row("space after id", "21 [\"a\"]", DecodeError::BadJson);
    row("garbage after nsp", "2/admin,x", DecodeError::BadJson);
    row("trailing value", "2[\"a\"][\"b\"]", DecodeError::BadJson);
    row("single quotes", "2['a']", DecodeError::BadJson);
    row("trailing comma", "0{\"a\":1,}", DecodeError::BadJson);
    row("invalid utf8 in string", "2[\"\xff\"]", DecodeError::BadJson);
    row("raw control char", "2[\"a\x01\"]", DecodeError::BadJson);
    row("bad escape", "2[\"\\x\"]", DecodeError::BadJson);
    row("NaN", "2[\"a\",NaN]", DecodeError::BadJson);
    row("leading zero", "2[\"a\",01]", DecodeError::BadJson);
    row("too deep", "2[\"a\"," + QByteArray(32, '[') + QByteArray(33, ']'), DecodeError::TooDeep);
    row("too deep objects",
        "0" + QByteArray(33, '{').replace("{", "{\"a\":") + "1" + QByteArray(33, '}'),
        DecodeError::TooDeep);

    row("event without payload", "2", DecodeError::MissingPayload);
    row("event nsp without payload", "2/admin,", DecodeError::MissingPayload);
    row("event nsp without comma swallows payload", "2/admin[\"a\"]", DecodeError::MissingPayload);
    row("event id without payload", "212", DecodeError::MissingPayload);
    row("ack without payload", "313", DecodeError::MissingPayload);
    row("binary event without payload", "51-", DecodeError::MissingPayload);
    row("event object", "2{\"a\":1}", DecodeError::PayloadNotArray);
    row("event string", "2\"a\"", DecodeError::PayloadNotArray);
    row("event null", "2null", DecodeError::PayloadNotArray);
    row("ack object", "313{\"a\":1}", DecodeError::PayloadNotArray);
    row("ack string", "3/admin,1\"a\"", DecodeError::PayloadNotArray);
    row("event empty array", "2[]", DecodeError::BadEventName);
    row("event null name", "2[null]", DecodeError::BadEventName);
    row("event bool name", "2[true]", DecodeError::BadEventName);
    row("event object name", "2[{\"a\":1}]", DecodeError::BadEventName);
    row("event array name", "2[[\"a\"]]", DecodeError::BadEventName);
    row("reserved connect", "2[\"connect\"]", DecodeError::ReservedEventName);
    row("reserved connect_error", "2[\"connect_error\"]", DecodeError::ReservedEventName);
    row("reserved disconnect", "2/admin,[\"disconnect\",1]", DecodeError::ReservedEventName);
    row("reserved disconnecting", "21[\"disconnecting\"]", DecodeError::ReservedEventName);
    row("reserved newListener", "2[\"newListener\"]", DecodeError::ReservedEventName);
    row("reserved removeListener", "2[\"removeListener\"]", DecodeError::ReservedEventName);
    row("reserved escaped", "2[\"\\u0063onnect\"]", DecodeError::ReservedEventName);
    row("reserved binary", "51-[\"disconnect\"," + p0 + ']', DecodeError::ReservedEventName);

    row("connect array", "0[]", DecodeError::BadConnectPayload);
    row("connect string", "0\"x\"", DecodeError::BadConnectPayload);
    row("connect null", "0null", DecodeError::BadConnectPayload);
    row("connect nsp array", "0/admin,[\"a\"]", DecodeError::BadConnectPayload);
    row("disconnect object", "1{}", DecodeError::UnexpectedDisconnectPayload);
    row("disconnect nsp array", "1/admin,[]", DecodeError::UnexpectedDisconnectPayload);

    row("placeholder out of range", "51-[\"a\",{\"_placeholder\":true,\"num\":1}]",
        DecodeError::PlaceholderOutOfRange);
    // As socket.io's parser: `_placeholder: true` without a valid num is "illegal attachments".
    row("placeholder num a string", "51-[\"a\",{\"_placeholder\":true,\"num\":\"0\"}]",
        DecodeError::InvalidPlaceholder);
    row("placeholder without num", "51-[\"a\",{\"_placeholder\":true}]",
        DecodeError::InvalidPlaceholder);
    row("placeholder num a fraction", "51-[\"a\",{\"_placeholder\":true,\"num\":0.5}]",
        DecodeError::InvalidPlaceholder);
    row("binary ack placeholder num null", "61-1[{\"_placeholder\":true,\"num\":null}]",
        DecodeError::InvalidPlaceholder);
    row("zero attachments", "50-[\"a\"]", DecodeError::BadAttachmentCount);
    row("zero attachments with placeholder", "50-[\"a\"," + p0 + ']',
        DecodeError::BadAttachmentCount);
    row("binary ack placeholder out of range", "61-1[{\"_placeholder\":true,\"num\":5}]",
        DecodeError::PlaceholderOutOfRange);
    row("binary as event name", "51-[" + p0 + ']', DecodeError::BadEventName);

    QTest::newRow("binary alone") << Frames{"b:\x01"} << false << DecodeError::UnexpectedBinary;
    QTest::newRow("binary after text packet")
        << Frames{"t:2[\"a\"]", "b:\x01"} << false << DecodeError::UnexpectedBinary;
    QTest::newRow("extra binary") << Frames{"t:51-[\"a\"," + p0 + ']', "b:1", "b:2"} << false
                                  << DecodeError::UnexpectedBinary;
    QTest::newRow("text while reconstructing") << Frames{"t:52-[\"a\"," + p0 + ']', "b:1",
        "t:2[\"b\"]"} << false << DecodeError::UnexpectedText;

    QTest::newRow("connect error array from server")
        << Frames{"t:4[]"} << true << DecodeError::BadConnectErrorPayload;
    QTest::newRow("connect error number from server")
        << Frames{"t:4/admin,1"} << true << DecodeError::BadAckId;
}

void TestSioDecoder::bad()
{
    QFETCH(Frames, frames);
    QFETCH(bool, fromServer);
    QFETCH(DecodeError, error);

    Decoder decoder;
    if (fromServer)
        decoder.setPeer(Decoder::Peer::Server);
    const Fed fed = feedAll(decoder, frames);
    QVERIFY2(fed.error.has_value(), "decoded without error");
    QCOMPARE(*fed.error, error);
    QVERIFY(decoder.hasFailed());
    QVERIFY(!decoder.isReconstructing());
}

void TestSioDecoder::binaryReassemblyProgress()
{
    Decoder decoder;
    auto first = decoder.feedText(
        "53-[\"f\"," + placeholder(2) + ',' + placeholder(0) + ',' + placeholder(1) + ']');
    QVERIFY(first);
    QVERIFY(!first->has_value());
    QVERIFY(decoder.isReconstructing());
    QCOMPARE(decoder.awaitedAttachments(), 3);
    auto second = decoder.feedBinary("a");
    QVERIFY(second && !second->has_value());
    QCOMPARE(decoder.awaitedAttachments(), 2);
    QVERIFY(decoder.feedBinary("b").has_value());
    auto last = decoder.feedBinary("c");
    QVERIFY(last && last->has_value());
    QCOMPARE(decoder.awaitedAttachments(), 0);
    QVERIFY(!decoder.isReconstructing());
    const Payload payload = Payload::fromPacket(**last);
    QCOMPARE(payload.binary(1), QByteArray("c"));
    QCOMPARE(payload.binary(2), QByteArray("a"));
    QCOMPARE(payload.binary(3), QByteArray("b"));
    // The decoder is ready for the next packet.
    auto next = decoder.feedText("2[\"g\"]");
    QVERIFY(next && next->has_value());
}

void TestSioDecoder::errorIsStickyUntilReset()
{
    Decoder decoder;
    auto bad = decoder.feedText("2[\"connect\"]");
    QVERIFY(!bad);
    QCOMPARE(bad.error(), DecodeError::ReservedEventName);
    auto again = decoder.feedText("2[\"fine\"]");
    QVERIFY(!again);
    QCOMPARE(again.error(), DecodeError::ReservedEventName);
    auto binary = decoder.feedBinary("x");
    QVERIFY(!binary);
    QCOMPARE(binary.error(), DecodeError::ReservedEventName);
    decoder.reset();
    QVERIFY(!decoder.hasFailed());
    auto fine = decoder.feedText("2[\"fine\"]");
    QVERIFY(fine && fine->has_value());
}

void TestSioDecoder::resetDropsPendingPacket()
{
    Decoder decoder;
    QVERIFY(decoder.feedText("51-[\"a\"," + placeholder(0) + ']'));
    QVERIFY(decoder.isReconstructing());
    decoder.reset();
    QVERIFY(!decoder.isReconstructing());
    auto stray = decoder.feedBinary("x");
    QVERIFY(!stray);
    QCOMPARE(stray.error(), DecodeError::UnexpectedBinary);
}

void TestSioDecoder::limits()
{
    Decoder decoder;
    QCOMPARE(decoder.maxAttachments(), 10);
    QCOMPARE(decoder.maxDepth(), 32);
    QCOMPARE(decoder.maxAckId(), (quint64(1) << 53) - 1);

    decoder.setMaxAttachments(1);
    QVERIFY(decoder.feedText("51-[\"a\"," + placeholder(0) + ']'));
    decoder.reset();
    auto tooMany = decoder.feedText("52-[\"a\"]");
    QVERIFY(!tooMany);
    QCOMPARE(tooMany.error(), DecodeError::TooManyAttachments);

    decoder.reset();
    decoder.setMaxDepth(2);
    QVERIFY(decoder.feedText("2[\"a\",[1]]"));
    auto deep = decoder.feedText("2[\"a\",[[1]]]");
    QVERIFY(!deep);
    QCOMPARE(deep.error(), DecodeError::TooDeep);

    decoder.reset();
    decoder.setMaxAckId(99);
    QVERIFY(decoder.feedText("299[\"a\"]"));
    auto big = decoder.feedText("2100[\"a\"]");
    QVERIFY(!big);
    QCOMPARE(big.error(), DecodeError::AckIdOverflow);
}

void TestSioDecoder::scanIsHandedToPayload()
{
    Decoder decoder;
    auto result = decoder.feedText("2/admin,5[\"msg\", {\"b\":2,\"a\":1} ,12345678901234567890]");
    QVERIFY(result && result->has_value());
    const Packet &packet = **result;
    QCOMPARE(packet.scan.elements.size(), 3);
    const Payload payload = Payload::fromPacket(packet);
    QCOMPARE(payload.size(), 3);
    QCOMPARE(payload.raw(1), QByteArray("{\"b\":2,\"a\":1}"));
    QCOMPARE(payload.raw(2), QByteArray("12345678901234567890"));
    QCOMPARE(payload.json(), packet.data);
}

void TestSioDecoder::describeIsDistinct()
{
    QSet<QString> seen;
    for (int e = int(DecodeError::Empty); e <= int(DecodeError::UnexpectedText); ++e) {
        const QString text = describe(DecodeError(e));
        QVERIFY(!text.isEmpty());
        QVERIFY2(!seen.contains(text), qPrintable(text));
        seen.insert(text);
    }
}

// Cheap in-process fuzzing (the sanitizer build catches out-of-bounds reads): mutate good
// frames byte by byte; whatever the decoder accepts must be consistent.
void TestSioDecoder::mutatedInputNeverBreaksInvariants()
{
    const QList<QByteArray> seeds{"0/admin,{\"token\":\"abc\"}", "2/admin,13[\"a\",1,{\"b\":null}]",
        "52-/x,7[\"up\",{\"f\":[" + placeholder(1) + "]}," + placeholder(0) + ']',
        "3/admin,13[\"bar\",\"\\u00e9\xc3\xa9\"]", "1/admin,"};
    const QByteArray alphabet = "0123456789-/,[]{}\":\\u \xc3\xa9\xff\x80tfnle.+_";
    QRandomGenerator random(20240601);
    int accepted = 0;
    for (int round = 0; round < 20000; ++round) {
        QByteArray text = seeds.at(random.bounded(seeds.size()));
        const int edits = 1 + random.bounded(3);
        for (int e = 0; e < edits && !text.isEmpty(); ++e) {
            const qsizetype at = random.bounded(text.size());
            switch (random.bounded(3)) {
            case 0:
                text[at] = alphabet.at(random.bounded(alphabet.size()));
                break;
            case 1:
                text.remove(at, 1);
                break;
            default:
                text.insert(at, alphabet.at(random.bounded(alphabet.size())));
                break;
            }
        }
        Decoder decoder;
        auto result = decoder.feedText(text);
        for (int k = 0; result && decoder.isReconstructing() && k < 12; ++k)
            result = decoder.feedBinary("bin");
        if (!result || !result->has_value())
            continue;
        ++accepted;
        const Packet &packet = **result;
        QVERIFY(isValidNamespace(packet.nsp));
        QVERIFY(!packet.id || *packet.id <= MaxSafeInteger);
        if (!packet.data.isEmpty())
            QVERIFY2(scanJson(packet.data), text.constData());
        // What we accept re-encodes to something we accept again, identically.
        const EncodedPacket encoded = sb::sio::encode(packet);
        Decoder again;
        auto second = again.feedText(encoded.text);
        for (const QByteArray &attachment : encoded.attachments) {
            QVERIFY(second);
            second = again.feedBinary(attachment);
        }
        QVERIFY2(second && second->has_value(), text.constData());
        QCOMPARE((*second)->data, packet.data);
        QCOMPARE((*second)->nsp, packet.nsp);
        if (isEventType(packet.type))
            QVERIFY(Payload::fromPacket(packet).eventName().has_value());
    }
    QVERIFY(accepted > 100); // the mutations must exercise the accepting paths too
}

QTEST_GUILESS_MAIN(TestSioDecoder)
#include "tst_sio_decoder.moc"
