// BcryptHash: which texts are bcrypt hashes, and crypt_r's verdict on hashes made by bcryptjs
// (the admin UI's Node side) in every prefix form.

#include "admin/bcrypt_hash.h"

#include <QTest>

using sb::admin::BcryptHash;

namespace {
// bcryptjs.hashSync("s3cret-pass", 4), and the same salt and digest under the other prefixes.
const QByteArray Secret2a = "$2a$04$7is3fgxhyZeSs5puFOceSOSLcFTNuwtliH2MacEUE7Qbecds1vf1i";
} // namespace

class TestBcryptHash : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void parse_data();
    void parse();
    void matches_data();
    void matches();
};

void TestBcryptHash::parse_data()
{
    QTest::addColumn<QByteArray>("text");
    QTest::addColumn<int>("cost"); // 0: not a bcrypt hash
    QTest::newRow("2a") << Secret2a << 4;
    QTest::newRow("2b") << QByteArray(Secret2a).replace(2, 1, "b") << 4;
    QTest::newRow("2y") << QByteArray(Secret2a).replace(2, 1, "y") << 4;
    QTest::newRow("cost 31") << QByteArray(Secret2a).replace(4, 2, "31") << 31;
    QTest::newRow("empty") << QByteArray() << 0;
    QTest::newRow("plain password") << QByteArray("s3cret-pass") << 0;
    QTest::newRow("2x") << QByteArray(Secret2a).replace(2, 1, "x") << 0;
    QTest::newRow("2 without letter")
        << QByteArray("$2$04$7is3fgxhyZeSs5puFOceSOSLcFTNuwtliH2MacEUE7Qbecds1vf1i") << 0;
    QTest::newRow("cost 03") << QByteArray(Secret2a).replace(4, 2, "03") << 0;
    QTest::newRow("cost 32") << QByteArray(Secret2a).replace(4, 2, "32") << 0;
    QTest::newRow("cost not digits") << QByteArray(Secret2a).replace(4, 2, "1a") << 0;
    QTest::newRow("one character short") << Secret2a.chopped(1) << 0;
    QTest::newRow("one character long") << Secret2a + 'a' << 0;
    QTest::newRow("outside the alphabet") << QByteArray(Secret2a).replace(20, 1, "+") << 0;
    QTest::newRow("NUL inside") << QByteArray(Secret2a).replace(20, 1, QByteArray(1, '\0')) << 0;
    QTest::newRow("missing separator") << QByteArray(Secret2a).replace(6, 1, "x") << 0;
    QTest::newRow("sha-512 crypt")
        << QByteArray("$6$saltsalt$qFmFH.bQmmtXzyBY0s9v7Oicd2z4XSIecDzlB5KiA2/"
                      "jctKu9YterLp8wwnSq.qc.eoxqOmSuNp2xS0ktL3nh/")
        << 0;
    QTest::newRow("DES") << QByteArray("ga3B1/aPyo5qQ") << 0;
}

void TestBcryptHash::parse()
{
    QFETCH(QByteArray, text);
    QFETCH(int, cost);
    const auto hash = BcryptHash::parse(text);
    QCOMPARE(hash.has_value(), cost != 0);
    if (hash) {
        QCOMPARE(hash->cost(), cost);
        QCOMPARE(hash->text(), text);
    }
}

void TestBcryptHash::matches_data()
{
    QTest::addColumn<QByteArray>("hash");
    QTest::addColumn<QByteArray>("password");
    QTest::addColumn<bool>("expected");
    QTest::newRow("2a right") << Secret2a << QByteArray("s3cret-pass") << true;
    QTest::newRow("2b right") << QByteArray(Secret2a).replace(2, 1, "b")
                              << QByteArray("s3cret-pass") << true;
    QTest::newRow("2y right") << QByteArray(Secret2a).replace(2, 1, "y")
                              << QByteArray("s3cret-pass") << true;
    QTest::newRow("wrong") << Secret2a << QByteArray("s3cret-pasS") << false;
    QTest::newRow("prefix") << Secret2a << QByteArray("s3cret") << false;
    QTest::newRow("longer") << Secret2a << QByteArray("s3cret-pass!") << false;
    QTest::newRow("empty") << Secret2a << QByteArray() << false;
    QTest::newRow("NUL after the password")
        << Secret2a << QByteArray("s3cret-pass\0x", 13) << false;
    // bcryptjs.hashSync("pässwörd ✓", 5): the UTF-8 bytes are what is hashed.
    QTest::newRow("utf-8") << QByteArray(
        "$2a$05$tHS3Q/d.TUYt38n6wsE8WukujdFxH8Mm7uVt6jSEWrCMYvtIkBzjO")
                           << QByteArray("p\xc3\xa4ssw\xc3\xb6rd \xe2\x9c\x93") << true;
    QTest::newRow("utf-8 as latin-1")
        << QByteArray("$2a$05$tHS3Q/d.TUYt38n6wsE8WukujdFxH8Mm7uVt6jSEWrCMYvtIkBzjO")
        << QByteArray("p\xe4ssw\xf6rd \x13") << false;
    // bcryptjs.hashSync("", 4): an empty password is a password.
    QTest::newRow("empty hashed") << QByteArray(
        "$2a$04$bDhqya1xEs9xD5MAPgaTU.sLo0b9tMRuU0.RQQwOADEt8Jn9WXwAy")
                                  << QByteArray() << true;
    // bcryptjs.hashSync("a" x 72, 4): bcrypt reads 72 bytes at most, on both sides.
    const QByteArray long72 = "$2a$04$yoKb1mUVwa3GYIAt355lTOBVZYiCv961F3fQUO9gK4W6X6J9AmOZ6";
    QTest::newRow("72 bytes") << long72 << QByteArray(72, 'a') << true;
    QTest::newRow("71 bytes") << long72 << QByteArray(71, 'a') << false;
    QTest::newRow("80 bytes") << long72 << QByteArray(80, 'a') << true;
}

void TestBcryptHash::matches()
{
    QFETCH(QByteArray, hash);
    QFETCH(QByteArray, password);
    QFETCH(bool, expected);
    const auto parsed = BcryptHash::parse(hash);
    QVERIFY(parsed);
    QCOMPARE(parsed->matches(password), expected);
}

QTEST_GUILESS_MAIN(TestBcryptHash)
#include "tst_bcrypt_hash.moc"
