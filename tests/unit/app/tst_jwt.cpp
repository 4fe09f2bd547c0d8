// HS256 sign-in tokens: known vectors (jwt.io's, which jsonwebtoken makes byte for byte), every
// malformed form, the time claims and the name claim.

#include "jwt.h"

#include <QCryptographicHash>
#include <QJsonDocument>
#include <QMessageAuthenticationCode>
#include <QTest>

namespace {

using namespace Qt::StringLiterals;

const QByteArray Secret = "your-256-bit-secret";
// jwt.io's example, also what jsonwebtoken.sign({sub, name, iat}, secret) prints.
const QByteArray Example
    = "eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9."
      "eyJzdWIiOiIxMjM0NTY3ODkwIiwibmFtZSI6IkpvaG4gRG9lIiwiaWF0IjoxNTE2MjM5MDIyfQ."
      "SflKxwRJSMeKKF2QT4fwpMeJf36POk6yJV_adQssw5c";

QByteArray b64(const QByteArray &bytes)
{
    return bytes.toBase64(QByteArray::Base64UrlEncoding | QByteArray::OmitTrailingEquals);
}

// A token with this header and payload text, correctly signed with Secret.
QByteArray signedRaw(const QByteArray &header, const QByteArray &payload)
{
    const QByteArray input = b64(header) + '.' + b64(payload);
    return input + '.'
        + b64(QMessageAuthenticationCode::hash(input, Secret, QCryptographicHash::Sha256));
}

const QByteArray Hs256 = R"({"alg":"HS256","typ":"JWT"})";

QDateTime at(qint64 seconds)
{
    return QDateTime::fromSecsSinceEpoch(seconds, Qt::UTC);
}

} // namespace

Q_DECLARE_METATYPE(JwtError)

class TestJwt : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void signsLikeJsonwebtoken();
    void verifiesTheExample();
    void refuses_data();
    void refuses();
    void timeClaims_data();
    void timeClaims();
    void mintRoundTrip();
    void nameClaim_data();
    void nameClaim();
    void everyErrorHasAMessage();
};

void TestJwt::signsLikeJsonwebtoken()
{
    // QJsonDocument sorts keys; the example's payload is in jsonwebtoken's order, so sign it raw.
    QCOMPARE(
        signedRaw(Hs256, R"({"sub":"1234567890","name":"John Doe","iat":1516239022})"), Example);
    const QByteArray token = Jwt::sign(QJsonObject{{u"name"_s, u"ann"_s}}, Secret);
    QCOMPARE(token.split('.').size(), 3);
    QCOMPARE(token.split('.').first(), b64(Hs256));
    QVERIFY(!token.contains('='));
}

void TestJwt::verifiesTheExample()
{
    const auto claims = Jwt::verify(Example, Secret, at(1516239022));
    QVERIFY(claims.has_value());
    QCOMPARE(claims->value(u"name"_s).toString(), u"John Doe"_s);
    QCOMPARE(claims->value(u"iat"_s).toInteger(), 1516239022);
}

void TestJwt::refuses_data()
{
    QTest::addColumn<QByteArray>("token");
    QTest::addColumn<JwtError>("error");
    const QList<QByteArray> parts = Example.split('.');
    const QByteArray payload = parts[1];
    const QByteArray header = parts[0];
    const QByteArray signature = parts[2];

    QTest::newRow("empty") << QByteArray() << JwtError::Missing;
    QTest::newRow("one part") << header << JwtError::Malformed;
    QTest::newRow("two parts") << header + '.' + payload << JwtError::Malformed;
    QTest::newRow("four parts") << Example + ".x" << JwtError::Malformed;
    QTest::newRow("empty signature") << header + '.' + payload + '.' << JwtError::Malformed;
    QTest::newRow("empty payload") << header + ".." + signature << JwtError::Malformed;
    QTest::newRow("empty header") << '.' + payload + '.' + signature << JwtError::Malformed;
    QTest::newRow("only dots") << QByteArray("..") << JwtError::Malformed;
    QTest::newRow("padding") << header + '.' + payload + '.' + signature + '='
                             << JwtError::BadEncoding;
    QTest::newRow("standard base64 chars")
        << header + '.' + payload + '.' + QByteArray(signature).replace('_', '/')
        << JwtError::BadEncoding;
    QTest::newRow("space") << header + '.' + payload + " ." + signature << JwtError::BadEncoding;
    QTest::newRow("impossible length") << header + ".AAAAA." + signature << JwtError::BadEncoding;
    QTest::newRow("non-ascii") << header + '.' + payload + '.' + signature + "\xc3\xa9"
                               << JwtError::BadEncoding;
    QTest::newRow("header not json")
        << b64("hello") + '.' + payload + '.' + signature << JwtError::BadHeader;
    QTest::newRow("header an array")
        << b64("[1]") + '.' + payload + '.' + signature << JwtError::BadHeader;
    QTest::newRow("alg none") << b64(R"({"alg":"none","typ":"JWT"})") + '.' + payload + ".AA"
                              << JwtError::UnsupportedAlgorithm;
    QTest::newRow("alg HS512") << signedRaw(R"({"alg":"HS512"})", R"({"name":"a"})")
                               << JwtError::UnsupportedAlgorithm;
    QTest::newRow("alg lower case")
        << signedRaw(R"({"alg":"hs256"})", R"({"name":"a"})") << JwtError::UnsupportedAlgorithm;
    QTest::newRow("no alg") << signedRaw(R"({"typ":"JWT"})", R"({"name":"a"})")
                            << JwtError::UnsupportedAlgorithm;
    QTest::newRow("tampered payload") << header + '.'
            + b64(R"({"sub":"1234567890","name":"Jane Doe","iat":1516239022})") + '.'
            + signature << JwtError::BadSignature;
    QByteArray flipped = signature;
    flipped[3] = flipped[3] == 'A' ? 'B' : 'A';
    QTest::newRow("tampered signature")
        << header + '.' + payload + '.' + flipped << JwtError::BadSignature;
    QTest::newRow("short signature")
        << header + '.' + payload + '.' + signature.left(20) << JwtError::BadSignature;
    QTest::newRow("other secret") << Jwt::sign(QJsonObject{{u"name"_s, u"a"_s}}, "other")
                                  << JwtError::BadSignature;
    QTest::newRow("payload not json") << signedRaw(Hs256, "name=a") << JwtError::BadPayload;
    QTest::newRow("payload a string") << signedRaw(Hs256, R"("a")") << JwtError::BadPayload;
    QTest::newRow("exp a string") << signedRaw(Hs256, R"({"name":"a","exp":"2030"})")
                                  << JwtError::BadClaim;
    QTest::newRow("nbf null") << signedRaw(Hs256, R"({"name":"a","nbf":null})")
                              << JwtError::BadClaim;
    QTest::newRow("iat a bool") << signedRaw(Hs256, R"({"name":"a","iat":true})")
                                << JwtError::BadClaim;
}

void TestJwt::refuses()
{
    QFETCH(QByteArray, token);
    QFETCH(JwtError, error);
    const auto result = Jwt::verify(token, Secret, at(1516239022));
    QVERIFY2(!result.has_value(), token.constData());
    QCOMPARE(int(result.error()), int(error));
}

void TestJwt::timeClaims_data()
{
    QTest::addColumn<QByteArray>("payload");
    QTest::addColumn<qint64>("now");
    QTest::addColumn<int>("error"); // -1: accepted
    QTest::newRow("before exp") << QByteArray(R"({"exp":1000})") << qint64(999) << -1;
    QTest::newRow("at exp") << QByteArray(R"({"exp":1000})") << qint64(1000)
                            << int(JwtError::Expired);
    QTest::newRow("after exp") << QByteArray(R"({"exp":1000})") << qint64(5000)
                               << int(JwtError::Expired);
    QTest::newRow("fractional exp") << QByteArray(R"({"exp":1000.5})") << qint64(1000) << -1;
    QTest::newRow("no exp") << QByteArray(R"({"name":"a"})") << qint64(1) << -1;
    QTest::newRow("before nbf") << QByteArray(R"({"nbf":1000})") << qint64(999)
                                << int(JwtError::NotYetValid);
    QTest::newRow("at nbf") << QByteArray(R"({"nbf":1000})") << qint64(1000) << -1;
    QTest::newRow("expired wins") << QByteArray(R"({"nbf":2000,"exp":1000})") << qint64(1500)
                                  << int(JwtError::Expired);
}

void TestJwt::timeClaims()
{
    QFETCH(QByteArray, payload);
    QFETCH(qint64, now);
    QFETCH(int, error);
    const auto result = Jwt::verify(signedRaw(Hs256, payload), Secret, at(now));
    if (error < 0)
        QVERIFY(result.has_value());
    else
        QCOMPARE(result.has_value() ? -1 : int(result.error()), error);
}

void TestJwt::mintRoundTrip()
{
    const QDateTime now = at(1'700'000'000);
    const QByteArray token = Jwt::mint(u"Zoë 🙂"_s, std::chrono::seconds(60), "s3cret", now);
    const auto claims = Jwt::verify(token, "s3cret", now.addSecs(59));
    QVERIFY(claims.has_value());
    QCOMPARE(claims->value(u"iat"_s).toInteger(), 1'700'000'000);
    QCOMPARE(claims->value(u"exp"_s).toInteger(), 1'700'000'060);
    QCOMPARE(Jwt::nameOf(*claims).value_or(QString()), u"Zoë 🙂"_s);
    QCOMPARE(int(Jwt::verify(token, "s3cret", now.addSecs(60)).error()), int(JwtError::Expired));
    QCOMPARE(int(Jwt::verify(token, "S3cret", now).error()), int(JwtError::BadSignature));
}

void TestJwt::nameClaim_data()
{
    QTest::addColumn<QByteArray>("claims");
    QTest::addColumn<QString>("name"); // empty: NoName
    QTest::newRow("name") << QByteArray(R"({"name":"ann"})") << u"ann"_s;
    QTest::newRow("name trimmed") << QByteArray(R"({"name":"  ann "})") << u"ann"_s;
    QTest::newRow("name wins over userId")
        << QByteArray(R"({"name":"ann","userId":"u1"})") << u"ann"_s;
    QTest::newRow("userId string") << QByteArray(R"({"userId":"u1"})") << u"u1"_s;
    QTest::newRow("userId number") << QByteArray(R"({"userId":42})") << u"42"_s;
    QTest::newRow("blank name, userId") << QByteArray(R"({"name":" ","userId":7})") << u"7"_s;
    QTest::newRow("userId fraction") << QByteArray(R"({"userId":4.5})") << QString();
    QTest::newRow("name a number") << QByteArray(R"({"name":5})") << QString();
    QTest::newRow("neither") << QByteArray(R"({"sub":"x"})") << QString();
}

void TestJwt::nameClaim()
{
    QFETCH(QByteArray, claims);
    QFETCH(QString, name);
    const auto result = Jwt::nameOf(QJsonDocument::fromJson(claims).object());
    if (name.isEmpty())
        QCOMPARE(result.has_value() ? -1 : int(result.error()), int(JwtError::NoName));
    else
        QCOMPARE(result.value_or(QString()), name);
}

void TestJwt::everyErrorHasAMessage()
{
    QSet<QString> seen;
    for (int e = int(JwtError::Missing); e <= int(JwtError::NoName); ++e) {
        const QString text = jwtErrorText(JwtError(e));
        QVERIFY2(!text.isEmpty(), qPrintable(QString::number(e)));
        QVERIFY2(!seen.contains(text), qPrintable(text));
        seen.insert(text);
    }
}

QTEST_GUILESS_MAIN(TestJwt)
#include "tst_jwt.moc"
