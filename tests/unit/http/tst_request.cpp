#include "http/request.h"
#include "http/response.h"

#include <QTest>

using sb::http::Headers;
using sb::http::Request;

class TestRequest : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void header_data();
    void header();
    void queryValue_data();
    void queryValue();
    void reasonPhrase();
};

void TestRequest::header_data()
{
    QTest::addColumn<QByteArray>("name");
    QTest::addColumn<bool>("present");
    QTest::addColumn<QByteArray>("value");

    QTest::newRow("lower-case name") << QByteArray("host") << true << QByteArray("example.org");
    QTest::newRow("mixed-case name")
        << QByteArray("Content-Type") << true << QByteArray("text/plain");
    QTest::newRow("upper-case name") << QByteArray("ORIGIN") << true << QByteArray("http://a.test");
    QTest::newRow("first of repeated") << QByteArray("cookie") << true << QByteArray("a=1");
    QTest::newRow("empty value is present") << QByteArray("x-empty") << true << QByteArray("");
    QTest::newRow("absent") << QByteArray("accept") << false << QByteArray();
    QTest::newRow("prefix of a name is not it") << QByteArray("hos") << false << QByteArray();
    QTest::newRow("empty name") << QByteArray("") << false << QByteArray();
}

void TestRequest::header()
{
    QFETCH(QByteArray, name);
    QFETCH(bool, present);
    QFETCH(QByteArray, value);

    Request request;
    request.headers = Headers{{"host", "example.org"}, {"content-type", "text/plain"},
        {"origin", "http://a.test"}, {"cookie", "a=1"}, {"cookie", "b=2"}, {"x-empty", ""}};
    QCOMPARE(request.hasHeader(name), present);
    const QByteArray actual = request.header(name);
    QCOMPARE(actual.isNull(), !present);
    QCOMPARE(actual, value);
}

void TestRequest::queryValue_data()
{
    QTest::addColumn<QByteArray>("query");
    QTest::addColumn<QByteArray>("key");
    QTest::addColumn<bool>("present");
    QTest::addColumn<QByteArray>("value");

    QTest::newRow("engine.io handshake")
        << QByteArray("EIO=4&transport=polling&t=NXyz") << QByteArray("transport") << true
        << QByteArray("polling");
    QTest::newRow("first key") << QByteArray("EIO=4&transport=polling") << QByteArray("EIO") << true
                               << QByteArray("4");
    QTest::newRow("absent") << QByteArray("EIO=4") << QByteArray("sid") << false << QByteArray();
    QTest::newRow("empty query") << QByteArray() << QByteArray("EIO") << false << QByteArray();
    QTest::newRow("key without value")
        << QByteArray("a&b=2") << QByteArray("a") << true << QByteArray("");
    QTest::newRow("key with empty value")
        << QByteArray("a=&b=2") << QByteArray("a") << true << QByteArray("");
    QTest::newRow("first of repeated")
        << QByteArray("k=1&k=2") << QByteArray("k") << true << QByteArray("1");
    QTest::newRow("percent-decoded value")
        << QByteArray("name=J%C3%BCrgen%20M") << QByteArray("name") << true
        << QByteArray("J\xc3\xbcrgen M");
    QTest::newRow("plus is a space")
        << QByteArray("q=a+b%2Bc") << QByteArray("q") << true << QByteArray("a b+c");
    QTest::newRow("percent-decoded key")
        << QByteArray("my%20key=v") << QByteArray("my key") << true << QByteArray("v");
    QTest::newRow("plus in key") << QByteArray("my+key=v") << QByteArray("my key") << true
                                 << QByteArray("v");
    QTest::newRow("encoded separators")
        << QByteArray("a=1%262%3D3") << QByteArray("a") << true << QByteArray("1&2=3");
    QTest::newRow("value keeps later equals")
        << QByteArray("a=b=c") << QByteArray("a") << true << QByteArray("b=c");
    QTest::newRow("empty pairs skipped")
        << QByteArray("&&a=1&") << QByteArray("a") << true << QByteArray("1");
    QTest::newRow("malformed escape kept")
        << QByteArray("a=%zz") << QByteArray("a") << true << QByteArray("%zz");
    QTest::newRow("truncated escape kept")
        << QByteArray("a=100%") << QByteArray("a") << true << QByteArray("100%");
    QTest::newRow("half escape kept")
        << QByteArray("a=%4") << QByteArray("a") << true << QByteArray("%4");
    QTest::newRow("escape at the end")
        << QByteArray("a=x%41") << QByteArray("a") << true << QByteArray("xA");
    QTest::newRow("key prefix is not the key")
        << QByteArray("sidx=1") << QByteArray("sid") << false << QByteArray();
    QTest::newRow("case-sensitive keys")
        << QByteArray("Sid=1") << QByteArray("sid") << false << QByteArray();
}

void TestRequest::queryValue()
{
    QFETCH(QByteArray, query);
    QFETCH(QByteArray, key);
    QFETCH(bool, present);
    QFETCH(QByteArray, value);

    Request request;
    request.query = query;
    QCOMPARE(request.hasQueryValue(key), present);
    const QByteArray actual = request.queryValue(key);
    QCOMPARE(actual.isNull(), !present);
    QCOMPARE(actual, value);
}

void TestRequest::reasonPhrase()
{
    QCOMPARE(sb::http::reasonPhrase(200), QByteArray("OK"));
    QCOMPARE(sb::http::reasonPhrase(431), QByteArray("Request Header Fields Too Large"));
    QCOMPARE(sb::http::reasonPhrase(799), QByteArray("Unknown"));
    const auto text = sb::http::Response::text(400, "bad");
    QCOMPARE(text.status, 400);
    QCOMPARE(text.body, QByteArray("bad"));
    QCOMPARE(text.headers.size(), 1);
    QCOMPARE(text.headers.first().second, QByteArray("text/plain; charset=UTF-8"));
}

QTEST_APPLESS_MAIN(TestRequest)
#include "tst_request.moc"
