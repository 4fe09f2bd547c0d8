#include "http/compression.h"

#include "test_support.h"

#include <QTest>

#include <zlib.h>

using sb::http::ContentCoding;

Q_DECLARE_METATYPE(sb::http::ContentCoding)

namespace { } // namespace

class TestCompression : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void roundTrip_data();
    void roundTrip();
    void identityIsNotACompression();
    void negotiate_data();
    void negotiate();
};

void TestCompression::roundTrip_data()
{
    QTest::addColumn<ContentCoding>("coding");
    QTest::addColumn<QByteArray>("input");

    QByteArray text;
    for (int i = 0; i < 2000; ++i)
        text += "42[\"chat message\",{\"n\":" + QByteArray::number(i) + "}]\x1e";
    QByteArray noise(100'000, Qt::Uninitialized);
    quint32 seed = 12345;
    for (char &c : noise) {
        seed = seed * 1103515245 + 12345;
        c = char(seed >> 24);
    }
    for (const auto &[name, coding] :
        {std::pair{"gzip", ContentCoding::Gzip}, std::pair{"deflate", ContentCoding::Deflate}}) {
        QTest::addRow("%s empty", name) << coding << QByteArray("");
        QTest::addRow("%s one byte", name) << coding << QByteArray("x");
        QTest::addRow("%s text", name) << coding << text;
        QTest::addRow("%s incompressible", name) << coding << noise;
    }
}

void TestCompression::roundTrip()
{
    QFETCH(ContentCoding, coding);
    QFETCH(QByteArray, input);

    const auto compressed = sb::http::compress(input, coding);
    QVERIFY(compressed.has_value());
    if (coding == ContentCoding::Gzip) {
        // RFC 1952 magic and CM=8 (deflate).
        QVERIFY(compressed->startsWith("\x1f\x8b\x08"));
        QCOMPARE(sb::test::inflate(*compressed, 15 + 16).value_or("<corrupt>"), input);
        // Not zlib-wrapped: a zlib-only inflater must refuse it.
        QVERIFY(
            sb::test::inflate(*compressed, 15).value_or("<corrupt>") != input || input.isEmpty());
    } else {
        // RFC 1950 header: CM=8, and the check bits make the first two bytes a multiple of 31.
        QCOMPARE(quint8(compressed->at(0)) & 0x0f, 8);
        QCOMPARE(((quint8(compressed->at(0)) << 8) | quint8(compressed->at(1))) % 31, 0);
        QCOMPARE(sb::test::inflate(*compressed, 15).value_or("<corrupt>"), input);
    }
    if (input.size() > 10'000 && input.startsWith("42["))
        QVERIFY(compressed->size() < input.size() / 5);
}

void TestCompression::identityIsNotACompression()
{
    const auto result = sb::http::compress("abc", ContentCoding::Identity);
    QVERIFY(!result.has_value());
    QCOMPARE(result.error(), sb::http::CompressionError::Unsupported);
    QCOMPARE(sb::http::contentCodingName(ContentCoding::Gzip), QByteArray("gzip"));
    QCOMPARE(sb::http::contentCodingName(ContentCoding::Deflate), QByteArray("deflate"));
    QVERIFY(sb::http::contentCodingName(ContentCoding::Identity).isEmpty());
}

void TestCompression::negotiate_data()
{
    QTest::addColumn<QByteArray>("acceptEncoding");
    QTest::addColumn<ContentCoding>("expected");

    QTest::newRow("absent") << QByteArray() << ContentCoding::Identity;
    QTest::newRow("empty") << QByteArray("") << ContentCoding::Identity;
    QTest::newRow("identity only") << QByteArray("identity") << ContentCoding::Identity;
    QTest::newRow("browser") << QByteArray("gzip, deflate, br") << ContentCoding::Gzip;
    QTest::newRow("order does not matter") << QByteArray("deflate, gzip") << ContentCoding::Gzip;
    QTest::newRow("deflate only") << QByteArray("deflate") << ContentCoding::Deflate;
    QTest::newRow("gzip only") << QByteArray("gzip") << ContentCoding::Gzip;
    QTest::newRow("case-insensitive") << QByteArray("GZip") << ContentCoding::Gzip;
    QTest::newRow("x-gzip alias") << QByteArray("x-gzip") << ContentCoding::Gzip;
    QTest::newRow("br only") << QByteArray("br") << ContentCoding::Identity;
    QTest::newRow("gzip q=0") << QByteArray("gzip;q=0, deflate") << ContentCoding::Deflate;
    QTest::newRow("gzip q=0.000") << QByteArray("gzip;q=0.000, deflate;q=0.5")
                                  << ContentCoding::Deflate;
    QTest::newRow("both q=0") << QByteArray("gzip;q=0, deflate;q=0") << ContentCoding::Identity;
    QTest::newRow("higher weight wins")
        << QByteArray("gzip;q=0.5, deflate;q=0.9") << ContentCoding::Deflate;
    QTest::newRow("tie prefers gzip")
        << QByteArray("deflate;q=0.5, gzip;q=0.5") << ContentCoding::Gzip;
    QTest::newRow("spaces around weight")
        << QByteArray("gzip ; q = 0 , deflate") << ContentCoding::Deflate;
    QTest::newRow("upper-case Q") << QByteArray("gzip;Q=0, deflate") << ContentCoding::Deflate;
    QTest::newRow("wildcard") << QByteArray("*") << ContentCoding::Gzip;
    QTest::newRow("wildcard q=0") << QByteArray("*;q=0") << ContentCoding::Identity;
    QTest::newRow("wildcard q=0 but gzip named")
        << QByteArray("gzip, *;q=0") << ContentCoding::Gzip;
    QTest::newRow("gzip refused, wildcard allows deflate")
        << QByteArray("gzip;q=0, *") << ContentCoding::Deflate;
    QTest::newRow("malformed weight ignored")
        << QByteArray("gzip;q=abc, deflate") << ContentCoding::Deflate;
    QTest::newRow("weight above one ignored") << QByteArray("gzip;q=2") << ContentCoding::Identity;
    QTest::newRow("empty elements") << QByteArray(", ,gzip,") << ContentCoding::Gzip;
    QTest::newRow("other parameters") << QByteArray("gzip;level=9") << ContentCoding::Gzip;
}

void TestCompression::negotiate()
{
    QFETCH(QByteArray, acceptEncoding);
    QFETCH(ContentCoding, expected);
    QCOMPARE(sb::http::negotiateContentCoding(acceptEncoding), expected);
}

QTEST_APPLESS_MAIN(TestCompression)
#include "tst_compression.moc"
