#include "protocol/decoder.h"
#include "protocol/json_text.h"
#include "protocol/payload.h"
#include "protocol/payload_builder.h"

#include <QJsonArray>
#include <QJsonObject>
#include <QTest>

#include <cmath>
#include <limits>

using namespace sb::sio;
using namespace Qt::StringLiterals;

Q_DECLARE_METATYPE(sb::sio::JsonType)

namespace {

QByteArray placeholder(int num)
{
    return "{\"_placeholder\":true,\"num\":" + QByteArray::number(num) + '}';
}

Payload parse(const QByteArray &json, const QList<QByteArray> &attachments = {})
{
    auto payload = Payload::fromJson(json, attachments);
    if (!payload)
        qFatal("bad test payload %s: %s", json.constData(), qPrintable(payload.error()));
    return *payload;
}

} // namespace

class TestPayload : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void defaultIsEmptyArray();
    void lazyViews();
    void binaryViews();
    void placeholdersNeedAttachments();
    void fromJsonErrors_data();
    void fromJsonErrors();
    void eventName_data();
    void eventName();
    void stringifyStrings_data();
    void stringifyStrings();
    void stringifyDoubles_data();
    void stringifyDoubles();
    void stringifyIntegers();
    void stringifyJsonValues_data();
    void stringifyJsonValues();
    void builderPayload();
    void builderTypes();
    void prepended();
    void prependedToEmpty();
    void slicedKeepsBytes();
    void slicedDropsUnreferencedAttachments();
    void appendElementsRenumbers();
    void withAttachmentOrder();
    void withAttachmentOrderRefusesDroppingUsed();
    void relayDecodedBinaryEvent();
    void implicitSharing();
};

void TestPayload::defaultIsEmptyArray()
{
    const Payload payload;
    QCOMPARE(payload.json(), QByteArray("[]"));
    QCOMPARE(payload.size(), 0);
    QVERIFY(payload.isEmpty());
    QVERIFY(!payload.hasBinary());
    QVERIFY(!payload.eventName());
    QCOMPARE(payload.raw(0), QByteArray());
    QCOMPARE(PayloadBuilder().build(), payload);
}

void TestPayload::lazyViews()
{
    const QByteArray json
        = R"( ["chat", "h\u00e9\n" , 12345678901234567890123, {"b":1,"a":2}, [1,2], true, null, 1.50] )";
    const Payload payload = parse(json);
    QCOMPARE(payload.json(), json.trimmed());
    QCOMPARE(payload.size(), 8);
    QCOMPARE(payload.raw(1), QByteArray(R"("h\u00e9\n")"));
    QCOMPARE(payload.raw(2), QByteArray("12345678901234567890123"));
    QCOMPARE(payload.raw(3), QByteArray(R"({"b":1,"a":2})"));
    QCOMPARE(payload.raw(7), QByteArray("1.50"));
    QCOMPARE(payload.raw(8), QByteArray());
    QCOMPARE(payload.raw(-1), QByteArray());
    const QList<JsonType> types{JsonType::String, JsonType::String, JsonType::Number,
        JsonType::Object, JsonType::Array, JsonType::Bool, JsonType::Null, JsonType::Number};
    for (qsizetype i = 0; i < types.size(); ++i) {
        QCOMPARE(payload.type(i), types.at(i));
        QVERIFY(!payload.isBinary(i));
        QCOMPARE(payload.binary(i), QByteArray());
    }
    QCOMPARE(payload.string(0), u"chat"_s);
    QCOMPARE(payload.string(1), u"hé\n"_s);
    QVERIFY(payload.string(2).isNull());
    QCOMPARE(payload.eventName(), std::optional<QString>(u"chat"_s));
    QCOMPARE(payload.toJson(1), QJsonValue(u"hé\n"_s));
    QCOMPARE(payload.toJson(2).toDouble(), 12345678901234567890123.0);
    QCOMPARE(payload.toJson(3), QJsonValue(QJsonObject{{u"a"_s, 2}, {u"b"_s, 1}}));
    QCOMPARE(payload.toJson(4), QJsonValue(QJsonArray{1, 2}));
    QCOMPARE(payload.toJson(5), QJsonValue(true));
    QVERIFY(payload.toJson(6).isNull());
    QCOMPARE(payload.toJson(7), QJsonValue(1.5));
    QVERIFY(payload.toJson(8).isUndefined() || payload.toJson(8).isNull());
}

void TestPayload::binaryViews()
{
    const QByteArray json = "[\"up\"," + placeholder(1) + ",{\"f\":" + placeholder(0) + "},"
        + "{ \"num\" : 0 , \"_placeholder\" : true }]";
    const Payload payload = parse(json, {"zero", "one"});
    QVERIFY(payload.hasBinary());
    QCOMPARE(payload.placeholders().size(), 3);
    QVERIFY(!payload.isBinary(0));
    QVERIFY(payload.isBinary(1));
    QCOMPARE(payload.binary(1), QByteArray("one"));
    QVERIFY(!payload.isBinary(2)); // contains one, is none
    QCOMPARE(payload.binary(2), QByteArray());
    QVERIFY(payload.isBinary(3));
    QCOMPARE(payload.binary(3), QByteArray("zero"));
    QCOMPARE(payload.toJson(1), QJsonValue()); // use binary()
    QCOMPARE(payload.toJson(2).toObject().value(u"f"_s).toObject().value(u"num"_s).toInt(), 0);
}

void TestPayload::placeholdersNeedAttachments()
{
    const Payload payload = parse("[\"a\"," + placeholder(0) + ']');
    QVERIFY(!payload.isBinary(1));
    QVERIFY(payload.placeholders().isEmpty());
    QCOMPARE(payload.type(1), JsonType::Object);
}

void TestPayload::fromJsonErrors_data()
{
    QTest::addColumn<QByteArray>("json");
    QTest::addColumn<int>("attachments");

    QTest::newRow("object") << QByteArray("{}") << 0;
    QTest::newRow("string") << QByteArray("\"a\"") << 0;
    QTest::newRow("bad json") << QByteArray("[1,]") << 0;
    QTest::newRow("empty") << QByteArray("") << 0;
    QTest::newRow("too deep") << (QByteArray(33, '[') + QByteArray(33, ']')) << 0;
    QTest::newRow("placeholder out of range") << ("[" + placeholder(1) + "]") << 1;
}

void TestPayload::fromJsonErrors()
{
    QFETCH(QByteArray, json);
    QFETCH(int, attachments);
    const auto payload = Payload::fromJson(json, QList<QByteArray>(attachments, "x"));
    QVERIFY(!payload);
    QVERIFY(!payload.error().isEmpty());
}

void TestPayload::eventName_data()
{
    QTest::addColumn<QByteArray>("json");
    QTest::addColumn<QString>("name"); // null: no name

    QTest::newRow("string") << QByteArray(R"(["chat"])") << u"chat"_s;
    QTest::newRow("escaped") << QByteArray(R"(["\u00e9v\"t"])") << u"év\"t"_s;
    QTest::newRow("empty string") << QByteArray(R"([""])") << u""_s;
    QTest::newRow("integer") << QByteArray("[42]") << u"42"_s;
    QTest::newRow("fraction") << QByteArray("[1.50]") << u"1.5"_s;
    QTest::newRow("exponent") << QByteArray("[1E2]") << u"100"_s;
    QTest::newRow("minus zero") << QByteArray("[-0.0]") << u"0"_s;
    QTest::newRow("big") << QByteArray("[1e21]") << u"1e+21"_s;
    QTest::newRow("beyond 2^53") << QByteArray("[9007199254740993]") << u"9007199254740992"_s;
    QTest::newRow("overflow") << QByteArray("[1e400]") << u"Infinity"_s;
    QTest::newRow("negative overflow") << QByteArray("[-1e400]") << u"-Infinity"_s;
    QTest::newRow("underflow") << QByteArray("[1e-400]") << u"0"_s;
    QTest::newRow("long digits overflow")
        << (QByteArray("[1") + QByteArray(400, '0') + "]") << u"Infinity"_s;
    QTest::newRow("object") << QByteArray(R"([{}])") << QString();
    QTest::newRow("null") << QByteArray("[null]") << QString();
    QTest::newRow("empty") << QByteArray("[]") << QString();
}

void TestPayload::eventName()
{
    QFETCH(QByteArray, json);
    QFETCH(QString, name);
    const auto result = parse(json).eventName();
    QCOMPARE(result.has_value(), !name.isNull());
    if (result)
        QCOMPARE(*result, name);
}

// Expected outputs below are what Node's JSON.stringify writes for the same values.
void TestPayload::stringifyStrings_data()
{
    QTest::addColumn<QString>("value");
    QTest::addColumn<QByteArray>("expected");

    QTest::newRow("plain") << u"hello"_s << QByteArray(R"("hello")");
    QTest::newRow("empty") << u""_s << QByteArray(R"("")");
    QTest::newRow("quote backslash") << u"a\"b\\c"_s << QByteArray(R"("a\"b\\c")");
    QTest::newRow("named controls") << u"\n\r\t\b\f"_s << QByteArray(R"("\n\r\t\b\f")");
    QTest::newRow("other controls")
        << (QString(QChar(1)) + QChar(0x1f) + QChar(0)) << QByteArray(R"("\u0001\u001f\u0000")");
    QTest::newRow("DEL raw") << QString(QChar(0x7f)) << QByteArray("\"\x7f\"");
    QTest::newRow("latin") << u"é"_s << QByteArray("\"\xc3\xa9\"");
    QTest::newRow("astral") << u"😀"_s << QByteArray("\"\xf0\x9f\x98\x80\"");
    QTest::newRow("line separators raw")
        << u"\u2028\u2029"_s << QByteArray("\"\xe2\x80\xa8\xe2\x80\xa9\"");
    QTest::newRow("lone high surrogate") << QString(QChar(0xD800)) << QByteArray(R"("\ud800")");
    QTest::newRow("lone low surrogate")
        << (u"x"_s + QChar(0xDC00) + u"y"_s) << QByteArray(R"("x\udc00y")");
    QTest::newRow("reversed pair")
        << (QString(QChar(0xDC00)) + QChar(0xD800)) << QByteArray(R"("\udc00\ud800")");
    QTest::newRow("slash not escaped") << u"/</script>"_s << QByteArray(R"("/</script>")");
}

void TestPayload::stringifyStrings()
{
    QFETCH(QString, value);
    QFETCH(QByteArray, expected);
    QCOMPARE(quoteJsonString(value), expected);
    const Payload payload = PayloadBuilder().append(value).build();
    QCOMPARE(payload.json(), '[' + expected + ']');
    QVERIFY(Payload::fromJson(payload.json()));
    QCOMPARE(payload.string(0), value); // round trip, lone surrogates included
}

void TestPayload::stringifyDoubles_data()
{
    QTest::addColumn<double>("value");
    QTest::addColumn<QByteArray>("expected");

    const double inf = std::numeric_limits<double>::infinity();
    QTest::newRow("0.1") << 0.1 << QByteArray("0.1");
    QTest::newRow("0.1+0.2") << 0.1 + 0.2 << QByteArray("0.30000000000000004");
    QTest::newRow("1/3") << 1.0 / 3 << QByteArray("0.3333333333333333");
    QTest::newRow("integral") << 100.0 << QByteArray("100");
    QTest::newRow("negative") << -1.5 << QByteArray("-1.5");
    QTest::newRow("4.35") << 4.35 << QByteArray("4.35");
    QTest::newRow("1e20") << 1e20 << QByteArray("100000000000000000000");
    QTest::newRow("1e21") << 1e21 << QByteArray("1e+21");
    QTest::newRow("2^53") << 9007199254740992.0 << QByteArray("9007199254740992");
    QTest::newRow("2^60") << 1152921504606846976.0 << QByteArray("1152921504606847000");
    QTest::newRow("1e-6") << 0.000001 << QByteArray("0.000001");
    QTest::newRow("1e-7") << 1e-7 << QByteArray("1e-7");
    QTest::newRow("5e-7") << 0.5e-6 << QByteArray("5e-7");
    QTest::newRow("1.5e-7") << 1.5e-7 << QByteArray("1.5e-7");
    QTest::newRow("1.23e-18") << 123e-20 << QByteArray("1.23e-18");
    QTest::newRow("123456789.123") << 123456789.123 << QByteArray("123456789.123");
    QTest::newRow("denormal min") << 5e-324 << QByteArray("5e-324");
    QTest::newRow("max") << 1.7976931348623157e308 << QByteArray("1.7976931348623157e+308");
    QTest::newRow("-1e-300") << -1e-300 << QByteArray("-1e-300");
    QTest::newRow("zero") << 0.0 << QByteArray("0");
    QTest::newRow("minus zero") << -0.0 << QByteArray("0");
    QTest::newRow("NaN") << std::nan("") << QByteArray("null");
    QTest::newRow("Infinity") << inf << QByteArray("null");
    QTest::newRow("-Infinity") << -inf << QByteArray("null");
}

void TestPayload::stringifyDoubles()
{
    QFETCH(double, value);
    QFETCH(QByteArray, expected);
    QCOMPARE(formatJsonNumber(value), expected);
    QCOMPARE(PayloadBuilder().append(value).build().json(), '[' + expected + ']');
    QCOMPARE(PayloadBuilder().append(float(0.5)).build().json(), QByteArray("[0.5]"));
    if (std::isfinite(value))
        QCOMPARE(parseJsonNumber(expected), value == 0 ? 0.0 : value); // round trip
}

void TestPayload::stringifyIntegers()
{
    // Integer types are written exactly, also where JavaScript would round (documented).
    const Payload payload = PayloadBuilder()
                                .append(0)
                                .append(-42)
                                .append(qint64(9007199254740993LL))
                                .append(std::numeric_limits<qint64>::min())
                                .append(std::numeric_limits<quint64>::max())
                                .append(quint8(255))
                                .build();
    QCOMPARE(payload.json(),
        QByteArray("[0,-42,9007199254740993,-9223372036854775808,18446744073709551615,255]"));
    QCOMPARE(payload.type(2), JsonType::Number);
}

void TestPayload::stringifyJsonValues_data()
{
    QTest::addColumn<QJsonValue>("value");
    QTest::addColumn<QByteArray>("expected");

    QTest::newRow("object sorted") << QJsonValue(
        QJsonObject{{u"b"_s, 1}, {u"a"_s, QJsonArray{true, QJsonValue::Null, u"x"_s}}})
                                   << QByteArray(R"({"a":[true,null,"x"],"b":1})");
    QTest::newRow("nested empty") << QJsonValue(QJsonObject{{u"o"_s, QJsonObject{}},
        {u"a"_s, QJsonArray{}}}) << QByteArray(R"({"a":[],"o":{}})");
    QTest::newRow("escaped key") << QJsonValue(QJsonObject{{u"k\"\n"_s, u"v"_s}})
                                 << QByteArray(R"({"k\"\n":"v"})");
    QTest::newRow("double") << QJsonValue(2.5) << QByteArray("2.5");
    QTest::newRow("integral double") << QJsonValue(3.0) << QByteArray("3");
    QTest::newRow("1e21 double") << QJsonValue(1e21) << QByteArray("1e+21");
    QTest::newRow("1e-7 double") << QJsonValue(1e-7) << QByteArray("1e-7");
    QTest::newRow("NaN") << QJsonValue(std::nan("")) << QByteArray("null");
    QTest::newRow("Infinity") << QJsonValue(std::numeric_limits<double>::infinity())
                              << QByteArray("null");
    QTest::newRow("-Infinity") << QJsonValue(-std::numeric_limits<double>::infinity())
                               << QByteArray("null");
    QTest::newRow("2^63 double") << QJsonValue(9223372036854775808.0)
                                 << QByteArray("9223372036854776000");
    QTest::newRow("int64 exact") << QJsonValue(qint64(9007199254740993LL))
                                 << QByteArray("9007199254740993");
    QTest::newRow("string") << QJsonValue(u"a\tb"_s) << QByteArray(R"("a\tb")");
    QTest::newRow("bool") << QJsonValue(false) << QByteArray("false");
    QTest::newRow("null") << QJsonValue() << QByteArray("null");
    QTest::newRow("undefined") << QJsonValue(QJsonValue::Undefined) << QByteArray("null");
}

void TestPayload::stringifyJsonValues()
{
    QFETCH(QJsonValue, value);
    QFETCH(QByteArray, expected);
    QCOMPARE(toJsonText(value), expected);
    const Payload payload = PayloadBuilder().append(value).build();
    QCOMPARE(payload.json(), '[' + expected + ']');
    QVERIFY(Payload::fromJson(payload.json()));
}

void TestPayload::builderPayload()
{
    const Payload payload = PayloadBuilder(u"chat")
                                .append(u"hi"_s)
                                .appendBinary(QByteArray("\x00\x01", 2))
                                .append(1.5)
                                .append(QJsonObject{{u"k"_s, 1}})
                                .append(QJsonArray{1})
                                .append(true)
                                .appendNull()
                                .appendRaw(" 12345678901234567890 ")
                                .appendBinary("second")
                                .append(QLatin1StringView("latin"))
                                .build();
    const QByteArray expected = R"(["chat","hi",)" + placeholder(0)
        + R"(,1.5,{"k":1},[1],true,null,12345678901234567890,)" + placeholder(1) + R"(,"latin"])";
    QCOMPARE(payload.json(), expected);
    QCOMPARE(payload.attachments(), (QList<QByteArray>{QByteArray("\x00\x01", 2), "second"}));
    QCOMPARE(payload.eventName(), std::optional<QString>(u"chat"_s));
    QVERIFY(payload.isBinary(2));
    QCOMPARE(payload.binary(2), QByteArray("\x00\x01", 2));
    QCOMPARE(payload.binary(9), QByteArray("second"));
    // The builder's bookkeeping equals a fresh scan of its output.
    const Payload rescanned = parse(payload.json(), payload.attachments());
    QCOMPARE(rescanned.size(), payload.size());
    for (qsizetype i = 0; i < payload.size(); ++i) {
        QCOMPARE(payload.element(i), rescanned.element(i));
        QCOMPARE(payload.raw(i), rescanned.raw(i));
    }
    QCOMPARE(payload.placeholders(), rescanned.placeholders());
}

void TestPayload::builderTypes()
{
    const Payload payload = PayloadBuilder()
                                .appendRaw("\"s\"")
                                .appendRaw("-1")
                                .appendRaw("{}")
                                .appendRaw("[]")
                                .appendRaw("false")
                                .appendRaw("null")
                                .appendRaw("")
                                .build();
    const QList<JsonType> types{JsonType::String, JsonType::Number, JsonType::Object,
        JsonType::Array, JsonType::Bool, JsonType::Null, JsonType::Null};
    for (qsizetype i = 0; i < types.size(); ++i)
        QCOMPARE(payload.type(i), types.at(i));
    QCOMPARE(payload.json(), QByteArray(R"(["s",-1,{},[],false,null,null])"));
}

void TestPayload::prepended()
{
    const QByteArray json = "[ 1, " + placeholder(0) + " ]";
    const Payload source = parse(json, {"bin"});
    const Payload payload = source.prepended(u"ev\"");
    QCOMPARE(payload.json(), "[\"ev\\\"\", 1, " + placeholder(0) + " ]");
    QCOMPARE(payload.size(), 3);
    QCOMPARE(payload.eventName(), std::optional<QString>(u"ev\""_s));
    QCOMPARE(payload.raw(1), QByteArray("1"));
    QVERIFY(payload.isBinary(2));
    QCOMPARE(payload.binary(2), QByteArray("bin"));
    QCOMPARE(payload.placeholders().constFirst().element, 2);
    const Payload rescanned = parse(payload.json(), payload.attachments());
    QCOMPARE(payload.placeholders(), rescanned.placeholders());
    for (qsizetype i = 0; i < payload.size(); ++i)
        QCOMPARE(payload.element(i), rescanned.element(i));
}

void TestPayload::prependedToEmpty()
{
    QCOMPARE(Payload().prepended(u"ping").json(), QByteArray(R"(["ping"])"));
    QCOMPARE(parse("[ ]").prepended(u"ping").json(), QByteArray(R"(["ping" ])"));
}

void TestPayload::slicedKeepsBytes()
{
    // Relaying elements 1..n: every byte kept, odd placeholder spelling included.
    const QByteArray odd0 = "{ \"num\" : 0 , \"_placeholder\" : true }";
    const QByteArray json = "[\"in\", " + odd0 + ",{\"x\":" + placeholder(1) + "}, 1.0e2 ]";
    const Payload source = parse(json, {"a", "b"});
    const Payload relayed = source.sliced(1);
    QCOMPARE(relayed.json(), '[' + odd0 + ",{\"x\":" + placeholder(1) + "},1.0e2]");
    QCOMPARE(relayed.attachments(), source.attachments());
    QCOMPARE(relayed.size(), 3);
    QCOMPARE(relayed.binary(0), QByteArray("a"));
    QCOMPARE(relayed.raw(2), QByteArray("1.0e2"));
    const Payload renamed = relayed.prepended(u"out");
    QCOMPARE(renamed.json(), "[\"out\"," + odd0 + ",{\"x\":" + placeholder(1) + "},1.0e2]");
    QCOMPARE(renamed.binary(1), QByteArray("a"));
    // Sub-ranges.
    QCOMPARE(source.sliced(3).json(), QByteArray("[1.0e2]"));
    QCOMPARE(source.sliced(3).attachments(), QList<QByteArray>());
    QCOMPARE(source.sliced(0, 1).json(), QByteArray(R"(["in"])"));
    QCOMPARE(source.sliced(9).json(), QByteArray("[]"));
}

void TestPayload::slicedDropsUnreferencedAttachments()
{
    const QByteArray odd1 = "{\"_placeholder\":true, \"num\":1}";
    const Payload source = parse("[\"ev\"," + placeholder(0) + ',' + odd1 + ']', {"a", "b"});
    const Payload tail = source.sliced(2);
    // Attachment 0 is dropped, so the placeholder becomes 0 and only its object is rewritten.
    QCOMPARE(tail.json(), '[' + placeholder(0) + ']');
    QCOMPARE(tail.attachments(), QList<QByteArray>{"b"});
    QCOMPARE(tail.binary(0), QByteArray("b"));
    QCOMPARE(tail.placeholders().constFirst().num, 0u);
}

void TestPayload::appendElementsRenumbers()
{
    const Payload a = parse("[\"a\"," + placeholder(0) + ']', {"A"});
    const Payload b
        = parse("[{\"deep\":[" + placeholder(1) + "]}," + placeholder(0) + ']', {"B0", "B1"});
    const Payload joined
        = PayloadBuilder(u"both").appendElements(a, 1).appendElements(b).appendBinary("C").build();
    QCOMPARE(joined.json(),
        "[\"both\"," + placeholder(0) + ",{\"deep\":[" + placeholder(2) + "]}," + placeholder(1)
            + ',' + placeholder(3) + ']');
    QCOMPARE(joined.attachments(), (QList<QByteArray>{"A", "B0", "B1", "C"}));
    QCOMPARE(joined.binary(1), QByteArray("A"));
    QCOMPARE(joined.binary(3), QByteArray("B0"));
    QCOMPARE(joined.binary(4), QByteArray("C"));
    const Payload rescanned = parse(joined.json(), joined.attachments());
    QCOMPARE(joined.placeholders(), rescanned.placeholders());
    for (qsizetype i = 0; i < joined.size(); ++i)
        QCOMPARE(joined.element(i), rescanned.element(i));
}

void TestPayload::withAttachmentOrder()
{
    const QByteArray odd2 = "{\"num\":2,\"_placeholder\":true}";
    const Payload source
        = parse("[\"ev\"," + placeholder(0) + ",{\"k\":" + odd2 + "}]", {"a", "b", "c"});
    // Drop the unreferenced attachment 1: placeholder 2 becomes 1, placeholder 0 keeps its bytes.
    const auto compact = source.withAttachmentOrder({0, 2});
    QVERIFY(compact);
    QCOMPARE(compact->json(), "[\"ev\"," + placeholder(0) + ",{\"k\":" + placeholder(1) + "}]");
    QCOMPARE(compact->attachments(), (QList<QByteArray>{"a", "c"}));
    // Reorder.
    const auto swapped = source.withAttachmentOrder({2, 1, 0});
    QVERIFY(swapped);
    QCOMPARE(swapped->json(), "[\"ev\"," + placeholder(2) + ",{\"k\":" + placeholder(0) + "}]");
    QCOMPARE(swapped->binary(1), QByteArray("a"));
    // Identity keeps every byte.
    const auto same = source.withAttachmentOrder({0, 1, 2});
    QVERIFY(same);
    QCOMPARE(same->json(), source.json());
    const Payload rescanned = parse(swapped->json(), swapped->attachments());
    QCOMPARE(swapped->placeholders(), rescanned.placeholders());
}

void TestPayload::withAttachmentOrderRefusesDroppingUsed()
{
    const Payload source
        = parse("[\"ev\"," + placeholder(0) + ',' + placeholder(1) + ']', {"a", "b"});
    QVERIFY(!source.withAttachmentOrder({0}));
    QVERIFY(!source.withAttachmentOrder({0, 5}));
    QVERIFY(!source.withAttachmentOrder({-1, 1}));
}

void TestPayload::relayDecodedBinaryEvent()
{
    Decoder decoder;
    const QByteArray text = "52-/chat,3[\"upload\",{\"name\":\"a.png\",\"data\":" + placeholder(0)
        + "}," + placeholder(1) + ",99999999999999999999]";
    QVERIFY(decoder.feedText(text));
    QVERIFY(decoder.feedBinary("PNG"));
    auto done = decoder.feedBinary("EXTRA");
    QVERIFY(done && done->has_value());
    const Payload incoming = Payload::fromPacket(**done);
    QCOMPARE(incoming.eventName(), std::optional<QString>(u"upload"_s));
    const Payload out = incoming.sliced(1).prepended(u"uploaded");
    QCOMPARE(out.json(),
        "[\"uploaded\",{\"name\":\"a.png\",\"data\":" + placeholder(0) + "}," + placeholder(1)
            + ",99999999999999999999]");
    QCOMPARE(out.attachments(), (QList<QByteArray>{"PNG", "EXTRA"}));
}

void TestPayload::implicitSharing()
{
    const Payload a = parse(R"(["x",1])");
    Payload b = a;
    QCOMPARE(a, b);
    QCOMPARE(a.json().constData(), b.json().constData());
    b = parse(R"(["x",2])");
    QVERIFY(!(a == b));
    QCOMPARE(a.raw(1), QByteArray("1"));
    Payload moved = std::move(b);
    QCOMPARE(moved.raw(1), QByteArray("2"));
}

QTEST_GUILESS_MAIN(TestPayload)
#include "tst_payload.moc"
