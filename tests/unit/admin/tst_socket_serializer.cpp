// The sockets as the admin UI reads them: the fields it uses, `_admin` kept out of `data`, the
// address from the proxy headers, the credentials of the auth payload never shown.

#include "admin/socket_serializer.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QTest>

using namespace sb;

namespace {
io::SocketInfo sample()
{
    io::SocketInfo info;
    info.id = "sock-1";
    info.nsp = "/chat";
    info.rooms = {QStringLiteral("sock-1"), QStringLiteral("b-room"), QStringLiteral("a-room")};
    info.data = {{QStringLiteral("username"), QStringLiteral("ann")},
        {QStringLiteral("_admin"),
            QVariantMap{{QStringLiteral("clientId"), QStringLiteral("abcdefghijkl")},
                {QStringLiteral("transport"), QStringLiteral("polling")}}}};
    info.handshake = QJsonObject{{QStringLiteral("address"), QStringLiteral("127.0.0.1")},
        {QStringLiteral("headers"), QJsonObject{{QStringLiteral("host"), QStringLiteral("x")}}},
        {QStringLiteral("query"), QJsonObject{{QStringLiteral("EIO"), QStringLiteral("4")}}},
        {QStringLiteral("issued"), qint64(1764700000000)}, {QStringLiteral("secure"), false},
        {QStringLiteral("time"), QStringLiteral("Wed, 02 Dec 2026 18:00:00 GMT")},
        {QStringLiteral("url"), QStringLiteral("/socket.io/?EIO=4")},
        {QStringLiteral("xdomain"), true},
        {QStringLiteral("auth"), QJsonObject{{QStringLiteral("password"), QStringLiteral("p")}}}};
    return info;
}
} // namespace

class TestSocketSerializer : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void everyField();
    void dataWithoutAdmin();
    void noAdminData();
    void address_data();
    void address();
};

void TestSocketSerializer::everyField()
{
    const QJsonObject s = admin::serializeSocket(sample());
    QCOMPARE(s.value(QLatin1String("id")).toString(), QStringLiteral("sock-1"));
    QCOMPARE(s.value(QLatin1String("nsp")).toString(), QStringLiteral("/chat"));
    QCOMPARE(s.value(QLatin1String("clientId")).toString(), QStringLiteral("abcdefghijkl"));
    QCOMPARE(s.value(QLatin1String("transport")).toString(), QStringLiteral("polling"));
    QCOMPARE(s.value(QLatin1String("rooms")).toArray(),
        QJsonArray({QStringLiteral("a-room"), QStringLiteral("b-room"), QStringLiteral("sock-1")}));
    const QJsonObject handshake = s.value(QLatin1String("handshake")).toObject();
    QCOMPARE(handshake.keys(),
        QStringList({QStringLiteral("address"), QStringLiteral("headers"), QStringLiteral("issued"),
            QStringLiteral("query"), QStringLiteral("secure"), QStringLiteral("time"),
            QStringLiteral("url"), QStringLiteral("xdomain")}));
    QCOMPARE(handshake.value(QLatin1String("issued")).toInteger(), 1764700000000);
    QCOMPARE(handshake.value(QLatin1String("xdomain")).toBool(), true);
    QVERIFY(!QJsonDocument(s).toJson().contains("password"));
}

void TestSocketSerializer::dataWithoutAdmin()
{
    const QJsonObject s = admin::serializeSocket(sample());
    QCOMPARE(s.value(QLatin1String("data")).toObject(),
        QJsonObject({{QStringLiteral("username"), QStringLiteral("ann")}}));
    QCOMPARE(admin::serializeData(sample().data).keys(), QStringList{QStringLiteral("username")});
    QCOMPARE(admin::serializeData({}), QJsonObject());
}

void TestSocketSerializer::noAdminData()
{
    // A socket of a server without the admin side: no clientId or transport at all (undefined
    // for the UI), rather than empty strings.
    io::SocketInfo info = sample();
    info.data.remove(QStringLiteral("_admin"));
    const QJsonObject s = admin::serializeSocket(info);
    QVERIFY(!s.contains(QLatin1String("clientId")));
    QVERIFY(!s.contains(QLatin1String("transport")));
    // An empty handshake (malformed answer of another server) still gives the UI an object.
    info.handshake = {};
    const QJsonObject bare
        = admin::serializeSocket(info).value(QLatin1String("handshake")).toObject();
    QVERIFY(bare.value(QLatin1String("headers")).isObject());
    QVERIFY(bare.value(QLatin1String("address")).isUndefined()
        || bare.value(QLatin1String("address")).isNull());
}

void TestSocketSerializer::address_data()
{
    QTest::addColumn<QString>("cfConnectingIp");
    QTest::addColumn<QString>("forwardedFor");
    QTest::addColumn<QString>("expected");
    QTest::newRow("peer") << QString() << QString() << QStringLiteral("127.0.0.1");
    QTest::newRow("x-forwarded-for")
        << QString() << QStringLiteral("10.0.0.7") << QStringLiteral("10.0.0.7");
    QTest::newRow("cf-connecting-ip first")
        << QStringLiteral("203.0.113.9") << QStringLiteral("10.0.0.7")
        << QStringLiteral("203.0.113.9");
    QTest::newRow("empty headers ignored")
        << QStringLiteral("") << QStringLiteral("") << QStringLiteral("127.0.0.1");
}

void TestSocketSerializer::address()
{
    QFETCH(QString, cfConnectingIp);
    QFETCH(QString, forwardedFor);
    QFETCH(QString, expected);
    io::SocketInfo info = sample();
    QJsonObject headers = info.handshake.value(QLatin1String("headers")).toObject();
    if (!cfConnectingIp.isNull())
        headers.insert(QStringLiteral("cf-connecting-ip"), cfConnectingIp);
    if (!forwardedFor.isNull())
        headers.insert(QStringLiteral("x-forwarded-for"), forwardedFor);
    info.handshake.insert(QStringLiteral("headers"), headers);
    const QJsonObject handshake
        = admin::serializeSocket(info).value(QLatin1String("handshake")).toObject();
    QCOMPARE(handshake.value(QLatin1String("address")).toString(), expected);
}

QTEST_GUILESS_MAIN(TestSocketSerializer)
#include "tst_socket_serializer.moc"
