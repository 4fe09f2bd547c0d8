// The cluster's codecs: msgpack as notepack.io writes it (checked against bytes the Node
// adapter's parser produces for the same values), placeholders for binaries, and Redis URLs.

#include "cluster/msgpack_codec.h"
#include "cluster/redis_address.h"

#include <QJsonObject>
#include <QTest>

using namespace sb;

class TestMsgpackCodec : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void encodesLikeNotepack_data();
    void encodesLikeNotepack();
    void roundTrip();
    void binariesBecomePlaceholders();
    void malformedInput();
    void timestamps_data();
    void timestamps();
    void redisAddress_data();
    void redisAddress();
};

void TestMsgpackCodec::encodesLikeNotepack_data()
{
    QTest::addColumn<QJsonValue>("value");
    QTest::addColumn<QByteArray>("hex");
    // require("notepack.io").encode(...) in the Node adapter's dependencies.
    QTest::newRow("small int") << QJsonValue(5) << QByteArray("05");
    QTest::newRow("negative") << QJsonValue(-3) << QByteArray("fd");
    QTest::newRow("uint16") << QJsonValue(300) << QByteArray("cd012c");
    QTest::newRow("float") << QJsonValue(1.5) << QByteArray("cb3ff8000000000000");
    QTest::newRow("string") << QJsonValue(QStringLiteral("hi")) << QByteArray("a26869");
    QTest::newRow("null") << QJsonValue(QJsonValue::Null) << QByteArray("c0");
    QTest::newRow("array") << QJsonValue(QJsonArray{true, false}) << QByteArray("92c3c2");
    QTest::newRow("map") << QJsonValue(QJsonObject{{QStringLiteral("a"), 1}})
                         << QByteArray("81a16101");
}

void TestMsgpackCodec::encodesLikeNotepack()
{
    QFETCH(QJsonValue, value);
    QFETCH(QByteArray, hex);
    QCOMPARE(cluster::encodeMsgpack(value).toHex(), hex);
    const auto decoded = cluster::decodeMsgpack(QByteArray::fromHex(hex));
    QVERIFY(decoded);
    QCOMPARE(decoded->value, value);
}

void TestMsgpackCodec::roundTrip()
{
    const QJsonArray message{QStringLiteral("uid123"),
        QJsonObject{{QStringLiteral("type"), 2},
            {QStringLiteral("data"), QJsonArray{QStringLiteral("ev"), 1.25, -70000, QJsonObject{}}},
            {QStringLiteral("nsp"), QStringLiteral("/")}},
        QJsonObject{{QStringLiteral("rooms"), QJsonArray{QStringLiteral("r")}},
            {QStringLiteral("except"), QJsonArray{}}, {QStringLiteral("flags"), QJsonObject{}}}};
    const auto decoded = cluster::decodeMsgpack(cluster::encodeMsgpack(message));
    QVERIFY(decoded);
    QCOMPARE(decoded->value, QJsonValue(message));
    QVERIFY(decoded->attachments.isEmpty());
}

void TestMsgpackCodec::binariesBecomePlaceholders()
{
    const io::Args args
        = io::makeArgs(QStringLiteral("bin"), QByteArray("\x00\x01\xff", 3), QByteArray("xy"));
    const QByteArray packed = cluster::encodeMsgpack(cluster::argsToJson(args), args.attachments());
    // [ "bin", bin8(3) 00 01 ff, bin8(2) "xy" ]
    QCOMPARE(packed.toHex(), QByteArray("93a362696ec4030001ffc4027879"));
    const auto decoded = cluster::decodeMsgpack(packed);
    QVERIFY(decoded);
    QCOMPARE(decoded->attachments, (QList<QByteArray>{QByteArray("\x00\x01\xff", 3), "xy"}));
    const auto back = cluster::argsFromJson(decoded->value.toArray(), decoded->attachments);
    QVERIFY(back);
    QCOMPARE(back->size(), 3);
    QVERIFY(back->isBinary(1));
    QCOMPARE(back->binary(1), QByteArray("\x00\x01\xff", 3));
    QCOMPARE(back->binary(2), QByteArray("xy"));
}

void TestMsgpackCodec::malformedInput()
{
    QVERIFY(!cluster::decodeMsgpack(QByteArray::fromHex("92c3"))); // truncated array
    QVERIFY(!cluster::decodeMsgpack(QByteArray::fromHex("c1"))); // never used
    QVERIFY(!cluster::decodeMsgpack(QByteArray::fromHex("05 05"))); // trailing bytes
    // notepack's `undefined` (fixext 1, type 0) reads as null.
    const auto undefinedValue = cluster::decodeMsgpack(QByteArray::fromHex("d40000"));
    QVERIFY(undefinedValue);
    QVERIFY(undefinedValue->value.isNull());
}

void TestMsgpackCodec::timestamps_data()
{
    // What notepack.io writes for a Date, and what JSON.stringify would make of it.
    QTest::addColumn<QByteArray>("hex");
    QTest::addColumn<QJsonValue>("expected");
    // timestamp 32: new Date(1764700000000)
    QTest::newRow("32") << QByteArray("d6ff692f2f60")
                        << QJsonValue(QStringLiteral("2025-12-02T18:26:40.000Z"));
    // timestamp 64: new Date(1764700000123)
    QTest::newRow("64") << QByteArray("d7ff1d535300692f2f60")
                        << QJsonValue(QStringLiteral("2025-12-02T18:26:40.123Z"));
    // timestamp 96: new Date(-1) (before 1970: seconds -1, 999000000 ns)
    QTest::newRow("96") << QByteArray("c70cff3b8b87c0ffffffffffffffff")
                        << QJsonValue(QStringLiteral("1969-12-31T23:59:59.999Z"));
    QTest::newRow("bad size") << QByteArray("d5ff0001") << QJsonValue(QJsonValue::Null);
    QTest::newRow("nanoseconds out of range")
        << QByteArray("c70cff3b9aca00ffffffffffffffff") << QJsonValue(QJsonValue::Null);
    QTest::newRow("other extension") << QByteArray("d6050000000a") << QJsonValue(QJsonValue::Null);
}

void TestMsgpackCodec::timestamps()
{
    QFETCH(QByteArray, hex);
    QFETCH(QJsonValue, expected);
    const auto decoded = cluster::decodeMsgpack(QByteArray::fromHex(hex));
    QVERIFY(decoded);
    QCOMPARE(decoded->value, expected);
}

void TestMsgpackCodec::redisAddress_data()
{
    QTest::addColumn<QString>("text");
    QTest::addColumn<bool>("valid");
    QTest::addColumn<QString>("host");
    QTest::addColumn<int>("port");
    QTest::addColumn<int>("db");
    QTest::newRow("full") << QStringLiteral("redis://10.0.0.5:6380/2") << true
                          << QStringLiteral("10.0.0.5") << 6380 << 2;
    QTest::newRow("default port") << QStringLiteral("redis://localhost") << true
                                  << QStringLiteral("localhost") << 6379 << 0;
    QTest::newRow("wrong scheme") << QStringLiteral("http://localhost:6379") << false << QString()
                                  << 0 << 0;
    QTest::newRow("bad db") << QStringLiteral("redis://localhost:6379/x") << false << QString() << 0
                            << 0;
    QTest::newRow("no host") << QStringLiteral("redis://:6379") << false << QString() << 0 << 0;
}

void TestMsgpackCodec::redisAddress()
{
    QFETCH(QString, text);
    QFETCH(bool, valid);
    QString error;
    const auto address = cluster::RedisAddress::parse(text, &error);
    QCOMPARE(bool(address), valid);
    if (!valid) {
        QVERIFY(!error.isEmpty());
        return;
    }
    QFETCH(QString, host);
    QFETCH(int, port);
    QFETCH(int, db);
    QCOMPARE(address->host, host);
    QCOMPARE(int(address->port), port);
    QCOMPARE(address->db, db);
}

QTEST_GUILESS_MAIN(TestMsgpackCodec)
#include "tst_msgpack_codec.moc"
