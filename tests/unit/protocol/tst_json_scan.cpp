#include "protocol/json_scan.h"
#include "protocol/json_text.h"

#include <QJsonDocument>
#include <QJsonObject>
#include <QTest>

using namespace sb::sio;

Q_DECLARE_METATYPE(sb::sio::JsonError)
Q_DECLARE_METATYPE(sb::sio::JsonType)

namespace {

QByteArray nested(int depth)
{
    return QByteArray(depth, '[') + QByteArray(depth, ']');
}

} // namespace

class TestJsonScan : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void good_data();
    void good();
    void bad_data();
    void bad();
    void depthLimit_data();
    void depthLimit();
    void elements();
    void placeholders_data();
    void placeholders();
    void placeholderElementIndex();
    void placeholdersCanBeSkipped();
    void decodeString_data();
    void decodeString();
};

void TestJsonScan::good_data()
{
    QTest::addColumn<QByteArray>("text");
    QTest::addColumn<JsonType>("type");

    QTest::newRow("empty array") << QByteArray("[]") << JsonType::Array;
    QTest::newRow("empty object") << QByteArray("{}") << JsonType::Object;
    QTest::newRow("string") << QByteArray("\"a\"") << JsonType::String;
    QTest::newRow("empty string") << QByteArray("\"\"") << JsonType::String;
    QTest::newRow("zero") << QByteArray("0") << JsonType::Number;
    QTest::newRow("minus zero") << QByteArray("-0") << JsonType::Number;
    QTest::newRow("fraction") << QByteArray("0.5") << JsonType::Number;
    QTest::newRow("exponent") << QByteArray("1e10") << JsonType::Number;
    QTest::newRow("exponent signs") << QByteArray("-1.25E+3") << JsonType::Number;
    QTest::newRow("exponent minus") << QByteArray("2e-300") << JsonType::Number;
    QTest::newRow("leading zero exponent") << QByteArray("0e0") << JsonType::Number;
    QTest::newRow("big integer") << QByteArray("123456789012345678901234567890")
                                 << JsonType::Number;
    QTest::newRow("true") << QByteArray("true") << JsonType::Bool;
    QTest::newRow("false") << QByteArray("false") << JsonType::Bool;
    QTest::newRow("null") << QByteArray("null") << JsonType::Null;
    QTest::newRow("whitespace around") << QByteArray(" \t\r\n[1] \n") << JsonType::Array;
    QTest::newRow("whitespace inside")
        << QByteArray("{ \"a\" : [ 1 , 2 ] , \"b\" : { } }") << JsonType::Object;
    QTest::newRow("all escapes") << QByteArray(R"("\" \\ \/ \b \f \n \r \t \u00e9 \uABCD")")
                                 << JsonType::String;
    QTest::newRow("escaped surrogate pair") << QByteArray(R"("\ud83d\ude00")") << JsonType::String;
    // JSON.parse('"\ud800"') succeeds: lone surrogate escapes are accepted.
    QTest::newRow("lone high surrogate escape") << QByteArray(R"("\ud800")") << JsonType::String;
    QTest::newRow("lone low surrogate escape") << QByteArray(R"("\udc00x")") << JsonType::String;
    QTest::newRow("utf8 2 bytes") << QByteArray("\"\xc3\xa9\"") << JsonType::String;
    QTest::newRow("utf8 3 bytes") << QByteArray("\"\xe2\x82\xac\"") << JsonType::String;
    QTest::newRow("utf8 3 bytes E0") << QByteArray("\"\xe0\xa0\x80\"") << JsonType::String;
    QTest::newRow("utf8 ED below surrogates") << QByteArray("\"\xed\x9f\xbf\"") << JsonType::String;
    QTest::newRow("utf8 4 bytes") << QByteArray("\"\xf0\x9f\x98\x80\"") << JsonType::String;
    QTest::newRow("utf8 max") << QByteArray("\"\xf4\x8f\xbf\xbf\"") << JsonType::String;
    QTest::newRow("DEL raw") << QByteArray("\"\x7f\"") << JsonType::String;
    QTest::newRow("duplicate keys") << QByteArray(R"({"a":1,"a":2})") << JsonType::Object;
    QTest::newRow("deep mix") << QByteArray(R"([{"a":[{"b":[null,true,false,"x",-1.5e-3]}]}])")
                              << JsonType::Array;
}

void TestJsonScan::good()
{
    QFETCH(QByteArray, text);
    QFETCH(JsonType, type);
    const auto scan = scanJson(text);
    QVERIFY2(scan.has_value(), scan ? "" : qPrintable(describe(scan.error().code)));
    QCOMPARE(scan->type, type);
    const QByteArray trimmed = text.trimmed();
    QCOMPARE(text.sliced(scan->value.offset, scan->value.length), trimmed);
}

void TestJsonScan::bad_data()
{
    QTest::addColumn<QByteArray>("text");
    QTest::addColumn<JsonError>("error");
    QTest::addColumn<qsizetype>("offset");

    QTest::newRow("empty") << QByteArray() << JsonError::Empty << qsizetype(0);
    QTest::newRow("only whitespace") << QByteArray("  ") << JsonError::Empty << qsizetype(2);
    QTest::newRow("unclosed array") << QByteArray("[1") << JsonError::UnexpectedEnd << qsizetype(2);
    QTest::newRow("unclosed object")
        << QByteArray("{\"a\":1") << JsonError::UnexpectedEnd << qsizetype(6);
    QTest::newRow("missing value")
        << QByteArray("{\"a\":}") << JsonError::UnexpectedChar << qsizetype(5);
    QTest::newRow("missing colon")
        << QByteArray("{\"a\" 1}") << JsonError::UnexpectedChar << qsizetype(5);
    QTest::newRow("unquoted key") << QByteArray("{a:1}") << JsonError::UnexpectedChar
                                  << qsizetype(1);
    QTest::newRow("single quotes")
        << QByteArray("['a']") << JsonError::UnexpectedChar << qsizetype(1);
    QTest::newRow("trailing comma array")
        << QByteArray("[1,]") << JsonError::UnexpectedChar << qsizetype(3);
    QTest::newRow("trailing comma object")
        << QByteArray("{\"a\":1,}") << JsonError::UnexpectedChar << qsizetype(7);
    QTest::newRow("leading comma")
        << QByteArray("[,1]") << JsonError::UnexpectedChar << qsizetype(1);
    QTest::newRow("double comma") << QByteArray("[1,,2]") << JsonError::UnexpectedChar
                                  << qsizetype(3);
    QTest::newRow("missing comma")
        << QByteArray("[1 2]") << JsonError::UnexpectedChar << qsizetype(3);
    QTest::newRow("mismatched close")
        << QByteArray("[1}") << JsonError::UnexpectedChar << qsizetype(2);
    QTest::newRow("two values") << QByteArray("[] []") << JsonError::TrailingData << qsizetype(3);
    QTest::newRow("garbage after") << QByteArray("1x") << JsonError::TrailingData << qsizetype(1);
    QTest::newRow("extra close") << QByteArray("[]]") << JsonError::TrailingData << qsizetype(2);
    QTest::newRow("leading zero") << QByteArray("01") << JsonError::BadNumber << qsizetype(1);
    QTest::newRow("leading zero negative")
        << QByteArray("-01") << JsonError::BadNumber << qsizetype(2);
    QTest::newRow("plus sign") << QByteArray("+1") << JsonError::UnexpectedChar << qsizetype(0);
    QTest::newRow("lone minus") << QByteArray("-") << JsonError::UnexpectedEnd << qsizetype(1);
    QTest::newRow("minus letter") << QByteArray("-a") << JsonError::BadNumber << qsizetype(1);
    QTest::newRow("dot first") << QByteArray(".5") << JsonError::UnexpectedChar << qsizetype(0);
    QTest::newRow("dot last") << QByteArray("1.") << JsonError::UnexpectedEnd << qsizetype(2);
    QTest::newRow("dot then e") << QByteArray("1.e5") << JsonError::BadNumber << qsizetype(2);
    QTest::newRow("empty exponent") << QByteArray("1e") << JsonError::UnexpectedEnd << qsizetype(2);
    QTest::newRow("sign only exponent")
        << QByteArray("[1e+]") << JsonError::BadNumber << qsizetype(4);
    QTest::newRow("hex") << QByteArray("0x1") << JsonError::TrailingData << qsizetype(1);
    QTest::newRow("NaN") << QByteArray("NaN") << JsonError::UnexpectedChar << qsizetype(0);
    QTest::newRow("Infinity") << QByteArray("[Infinity]") << JsonError::UnexpectedChar
                              << qsizetype(1);
    QTest::newRow("True") << QByteArray("True") << JsonError::UnexpectedChar << qsizetype(0);
    QTest::newRow("tru") << QByteArray("[tru]") << JsonError::BadLiteral << qsizetype(4);
    QTest::newRow("nul end") << QByteArray("nul") << JsonError::UnexpectedEnd << qsizetype(3);
    QTest::newRow("falsy") << QByteArray("fals") << JsonError::UnexpectedEnd << qsizetype(4);
    QTest::newRow("unterminated string")
        << QByteArray("\"abc") << JsonError::UnexpectedEnd << qsizetype(4);
    QTest::newRow("raw newline in string")
        << QByteArray("\"a\nb\"") << JsonError::ControlChar << qsizetype(2);
    QTest::newRow("raw tab in string")
        << QByteArray("\"\t\"") << JsonError::ControlChar << qsizetype(1);
    QTest::newRow("raw NUL in string")
        << QByteArray("\"\0\"", 3) << JsonError::ControlChar << qsizetype(1);
    QTest::newRow("bad escape x") << QByteArray(R"("\x41")") << JsonError::BadEscape
                                  << qsizetype(1);
    QTest::newRow("bad escape quote")
        << QByteArray(R"("\'")") << JsonError::BadEscape << qsizetype(1);
    QTest::newRow("bad escape U upper")
        << QByteArray(R"("\U0041")") << JsonError::BadEscape << qsizetype(1);
    QTest::newRow("short unicode escape")
        << QByteArray(R"("\u41")") << JsonError::BadEscape << qsizetype(1);
    QTest::newRow("non-hex unicode escape")
        << QByteArray(R"("\u00g0")") << JsonError::BadEscape << qsizetype(1);
    QTest::newRow("escape at end")
        << QByteArray("\"\\") << JsonError::UnexpectedEnd << qsizetype(2);
    QTest::newRow("unicode escape cut")
        << QByteArray("\"\\u00") << JsonError::UnexpectedEnd << qsizetype(5);
    // Raw bytes must be UTF-8 (see json_scan.h).
    QTest::newRow("lone continuation")
        << QByteArray("\"\x80\"") << JsonError::BadUtf8 << qsizetype(1);
    QTest::newRow("overlong C0") << QByteArray("\"\xc0\xaf\"") << JsonError::BadUtf8
                                 << qsizetype(1);
    QTest::newRow("overlong C1") << QByteArray("\"\xc1\xbf\"") << JsonError::BadUtf8
                                 << qsizetype(1);
    QTest::newRow("overlong E0") << QByteArray("\"\xe0\x80\xaf\"") << JsonError::BadUtf8
                                 << qsizetype(1);
    QTest::newRow("overlong F0") << QByteArray("\"\xf0\x80\x80\xaf\"") << JsonError::BadUtf8
                                 << qsizetype(1);
    QTest::newRow("utf8 surrogate")
        << QByteArray("\"\xed\xa0\x80\"") << JsonError::BadUtf8 << qsizetype(1);
    QTest::newRow("above U+10FFFF")
        << QByteArray("\"\xf4\x90\x80\x80\"") << JsonError::BadUtf8 << qsizetype(1);
    QTest::newRow("F5") << QByteArray("\"\xf5\x80\x80\x80\"") << JsonError::BadUtf8 << qsizetype(1);
    QTest::newRow("FF") << QByteArray("\"\xff\"") << JsonError::BadUtf8 << qsizetype(1);
    QTest::newRow("truncated sequence")
        << QByteArray("\"\xe2\x82\"") << JsonError::BadUtf8 << qsizetype(1);
    QTest::newRow("truncated at end") << QByteArray("\"\xe2") << JsonError::BadUtf8 << qsizetype(1);
    QTest::newRow("utf8 outside string")
        << QByteArray("[\xc3\xa9]") << JsonError::UnexpectedChar << qsizetype(1);
    QTest::newRow("BOM") << QByteArray("\xef\xbb\xbf[]") << JsonError::UnexpectedChar
                         << qsizetype(0);
    QTest::newRow("vertical tab whitespace")
        << QByteArray("\v[]") << JsonError::UnexpectedChar << qsizetype(0);
    QTest::newRow("comment") << QByteArray("[1/*x*/]") << JsonError::UnexpectedChar << qsizetype(2);
}

void TestJsonScan::bad()
{
    QFETCH(QByteArray, text);
    QFETCH(JsonError, error);
    QFETCH(qsizetype, offset);
    const auto scan = scanJson(text);
    QVERIFY(!scan.has_value());
    QCOMPARE(scan.error().code, error);
    QCOMPARE(scan.error().offset, offset);
    QVERIFY(!describe(error).isEmpty());
}

void TestJsonScan::depthLimit_data()
{
    QTest::addColumn<QByteArray>("text");
    QTest::addColumn<int>("maxDepth");
    QTest::addColumn<bool>("accepted");

    QTest::newRow("32 arrays, default") << nested(32) << 32 << true;
    QTest::newRow("33 arrays, default") << nested(33) << 32 << false;
    QTest::newRow("scalar at depth 0") << QByteArray("1") << 0 << true;
    QTest::newRow("empty array at 0") << QByteArray("[]") << 0 << false;
    QTest::newRow("empty array at 1") << QByteArray("[]") << 1 << true;
    QTest::newRow("objects 2 at 2") << QByteArray(R"({"a":{"b":1}})") << 2 << true;
    QTest::newRow("objects 3 at 2") << QByteArray(R"({"a":{"b":{}}})") << 2 << false;
    QTest::newRow("siblings do not add") << QByteArray("[[],[],[[]]]") << 3 << true;
    QTest::newRow("10000 deep, no stack overflow") << nested(10000) << 10000 << true;
    QTest::newRow("10001 deep") << nested(10001) << 10000 << false;
}

void TestJsonScan::depthLimit()
{
    QFETCH(QByteArray, text);
    QFETCH(int, maxDepth);
    QFETCH(bool, accepted);
    JsonScanOptions options;
    options.maxDepth = maxDepth;
    const auto scan = scanJson(text, options);
    QCOMPARE(scan.has_value(), accepted);
    if (!accepted)
        QCOMPARE(scan.error().code, JsonError::TooDeep);
    if (maxDepth == 32) // the default
        QCOMPARE(scanJson(text).has_value(), accepted);
}

void TestJsonScan::elements()
{
    const QByteArray text
        = R"( [ "a\"b" ,12345678901234567890, {"k":[1]},[ ],true,false , null ] )";
    const auto scan = scanJson(text);
    QVERIFY(scan);
    QCOMPARE(scan->type, JsonType::Array);
    const QList<QByteArray> raw{
        R"("a\"b")", "12345678901234567890", R"({"k":[1]})", "[ ]", "true", "false", "null"};
    const QList<JsonType> types{JsonType::String, JsonType::Number, JsonType::Object,
        JsonType::Array, JsonType::Bool, JsonType::Bool, JsonType::Null};
    QCOMPARE(scan->elements.size(), raw.size());
    for (qsizetype i = 0; i < raw.size(); ++i) {
        const JsonElement e = scan->elements.at(i);
        QCOMPARE(text.sliced(e.span.offset, e.span.length), raw.at(i));
        QCOMPARE(e.type, types.at(i));
        QCOMPARE(e.placeholder, -1);
    }
    // Elements are reported for the root array only.
    const auto object = scanJson(R"({"a":[1,2]})");
    QVERIFY(object);
    QVERIFY(object->elements.isEmpty());
}

void TestJsonScan::placeholders_data()
{
    QTest::addColumn<QByteArray>("text");
    QTest::addColumn<bool>("isPlaceholder");
    QTest::addColumn<quint32>("num");

    QTest::newRow("canonical") << QByteArray(R"({"_placeholder":true,"num":0})") << true << 0u;
    QTest::newRow("reversed keys") << QByteArray(R"({"num":7,"_placeholder":true})") << true << 7u;
    QTest::newRow("whitespace") << QByteArray("{ \"_placeholder\" :\ttrue ,\n\"num\" : 12 }")
                                << true << 12u;
    QTest::newRow("escaped key") << QByteArray(R"({"\u005fplaceholder":true,"n\u0075m":3})") << true
                                 << 3u;
    QTest::newRow("huge num saturates")
        << QByteArray(R"({"_placeholder":true,"num":99999999999})") << true << 0xFFFFFFFFu;
    QTest::newRow("extra key") << QByteArray(R"({"_placeholder":true,"num":0,"x":1})") << false
                               << 0u;
    QTest::newRow("missing num") << QByteArray(R"({"_placeholder":true})") << false << 0u;
    QTest::newRow("missing flag") << QByteArray(R"({"num":0})") << false << 0u;
    QTest::newRow("flag false") << QByteArray(R"({"_placeholder":false,"num":0})") << false << 0u;
    QTest::newRow("flag string") << QByteArray(R"({"_placeholder":"true","num":0})") << false << 0u;
    QTest::newRow("flag 1") << QByteArray(R"({"_placeholder":1,"num":0})") << false << 0u;
    QTest::newRow("num negative") << QByteArray(R"({"_placeholder":true,"num":-1})") << false << 0u;
    QTest::newRow("num fraction") << QByteArray(R"({"_placeholder":true,"num":1.0})") << false
                                  << 0u;
    QTest::newRow("num exponent") << QByteArray(R"({"_placeholder":true,"num":1e0})") << false
                                  << 0u;
    QTest::newRow("num string") << QByteArray(R"({"_placeholder":true,"num":"0"})") << false << 0u;
    QTest::newRow("num twice, last a string")
        << QByteArray(R"({"_placeholder":true,"num":0,"num":"0"})") << false << 0u;
    QTest::newRow("duplicate flag")
        << QByteArray(R"({"_placeholder":true,"_placeholder":true})") << false << 0u;
    QTest::newRow("other case") << QByteArray(R"({"_Placeholder":true,"num":0})") << false << 0u;
    QTest::newRow("array") << QByteArray(R"(["_placeholder",true,"num",0])") << false << 0u;
}

void TestJsonScan::placeholders()
{
    QFETCH(QByteArray, text);
    QFETCH(bool, isPlaceholder);
    QFETCH(quint32, num);
    const QByteArray wrapped = "[1,{\"deep\":[" + text + "]}]";
    const auto scan = scanJson(wrapped);
    QVERIFY(scan);
    QCOMPARE(scan->placeholders.size(), isPlaceholder ? 1 : 0);
    // Not a placeholder although its _placeholder is the literal true: counted as invalid.
    const bool flagTrue
        = QJsonDocument::fromJson(text).object().value(u"_placeholder").toBool(false)
        && QJsonDocument::fromJson(text).object().value(u"_placeholder").isBool();
    QCOMPARE(scan->invalidPlaceholders, !isPlaceholder && flagTrue ? 1 : 0);
    if (isPlaceholder) {
        const JsonPlaceholder p = scan->placeholders.constFirst();
        QCOMPARE(p.num, num);
        QCOMPARE(wrapped.sliced(p.span.offset, p.span.length), text);
        QCOMPARE(p.element, 1);
    }
    // As the root value itself.
    const auto root = scanJson(text);
    QVERIFY(root);
    QCOMPARE(root->placeholders.size(), isPlaceholder ? 1 : 0);
    if (isPlaceholder)
        QCOMPARE(root->placeholders.constFirst().element, -1);
}

void TestJsonScan::placeholderElementIndex()
{
    const QByteArray text
        = R"(["ev",{"_placeholder":true,"num":1},{"a":{"_placeholder":true,"num":0},)"
          R"("b":[{"_placeholder":true,"num":2}]},3])";
    const auto scan = scanJson(text);
    QVERIFY(scan);
    QCOMPARE(scan->placeholders.size(), 3);
    QCOMPARE(scan->placeholders.at(0).num, 1u);
    QCOMPARE(scan->placeholders.at(0).element, 1);
    QCOMPARE(scan->placeholders.at(1).num, 0u);
    QCOMPARE(scan->placeholders.at(1).element, 2);
    QCOMPARE(scan->placeholders.at(2).num, 2u);
    QCOMPARE(scan->placeholders.at(2).element, 2);
    QCOMPARE(scan->elements.at(1).placeholder, 0);
    QCOMPARE(scan->elements.at(2).placeholder, -1); // contains placeholders, is none
    QCOMPARE(scan->elements.at(3).placeholder, -1);
}

void TestJsonScan::placeholdersCanBeSkipped()
{
    JsonScanOptions options;
    options.findPlaceholders = false;
    const auto scan = scanJson(R"([{"_placeholder":true,"num":0}])", options);
    QVERIFY(scan);
    QVERIFY(scan->placeholders.isEmpty());
    QCOMPARE(scan->elements.at(0).placeholder, -1);
}

void TestJsonScan::decodeString_data()
{
    QTest::addColumn<QByteArray>("literal");
    QTest::addColumn<QString>("expected");

    QTest::newRow("plain") << QByteArray(R"("abc")") << QStringLiteral("abc");
    QTest::newRow("empty") << QByteArray(R"("")") << QString();
    QTest::newRow("escapes") << QByteArray(R"("\"\\\/\b\f\n\r\t")")
                             << QStringLiteral("\"\\/\b\f\n\r\t");
    QTest::newRow("unicode") << QByteArray(R"("\u00e9\u20AC")") << QStringLiteral("é€");
    QTest::newRow("raw utf8") << QByteArray("\"\xc3\xa9\xe2\x82\xac\xf0\x9f\x98\x80\"")
                              << QStringLiteral("é€😀");
    QTest::newRow("pair") << QByteArray(R"("\ud83d\ude00")") << QStringLiteral("😀");
    QTest::newRow("lone surrogate") << QByteArray(R"("a\ud800b")")
                                    << (QStringLiteral("a") + QChar(0xD800) + QStringLiteral("b"));
    QTest::newRow("mixed") << QByteArray("\"x\\ny\xc3\xa9\\u0041z\"") << QStringLiteral("x\nyéAz");
}

void TestJsonScan::decodeString()
{
    QFETCH(QByteArray, literal);
    QFETCH(QString, expected);
    QVERIFY(scanJson(literal));
    QCOMPARE(decodeJsonString(literal), expected);
}

QTEST_GUILESS_MAIN(TestJsonScan)
#include "tst_json_scan.moc"
