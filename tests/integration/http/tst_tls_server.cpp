// The HTTP front door with TLS on: HTTPS requests (keep-alive, a body far larger than the read
// buffer), WSS through the WebSocket hand-off, and every way a handshake goes wrong (a client
// that does not trust the certificate, plain HTTP to the TLS port, TLS to a plain port, a client
// that stalls the handshake). All in this process and on this thread; nothing sleeps: every wait
// runs the event loop. Certificates are made by the openssl command into a temporary folder.

#include "http/http_server.h"

#include "test_support.h"

#include <QSignalSpy>
#include <QSslCertificate>
#include <QSslKey>
#include <QSslSocket>
#include <QTcpSocket>
#include <QTemporaryDir>
#include <QTest>
#include <QWebSocket>

#include <memory>

using namespace sb::http;
using namespace std::chrono_literals;

namespace {

constexpr int kTimeout = 15'000; // generous: the machine may be slow and busy

struct Reply
{
    int status = 0;
    QByteArray head;
    QByteArray body;
};

// Reads one HTTP/1.1 response with a Content-Length from `socket`, running the event loop.
std::optional<Reply> readReply(QTcpSocket &socket, QByteArray &buffer)
{
    const bool complete = QTest::qWaitFor(
        [&] {
            buffer += socket.readAll();
            const qsizetype end = buffer.indexOf("\r\n\r\n");
            if (end < 0)
                return false;
            const qsizetype lengthAt = buffer.left(end).toLower().indexOf("content-length: ");
            const qsizetype length = lengthAt < 0
                ? 0
                : buffer.mid(lengthAt + 16, buffer.indexOf("\r\n", lengthAt) - lengthAt - 16)
                      .toLongLong();
            return buffer.size() >= end + 4 + length;
        },
        kTimeout);
    if (!complete)
        return std::nullopt;
    const qsizetype end = buffer.indexOf("\r\n\r\n");
    Reply reply;
    reply.head = buffer.left(end);
    reply.status = reply.head.mid(9, 3).toInt();
    const qsizetype lengthAt = reply.head.toLower().indexOf("content-length: ");
    const qsizetype length = lengthAt < 0
        ? 0
        : reply.head.mid(lengthAt + 16, reply.head.indexOf("\r\n", lengthAt) - lengthAt - 16)
              .toLongLong();
    reply.body = buffer.mid(end + 4, length);
    buffer.remove(0, end + 4 + length);
    return reply;
}

} // namespace

class TestTlsServer : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void initTestCase();
    void cleanup();

    void httpsKeepAlive();
    void largeBodyOverTls();
    void webSocketOverTls();
    void urlsAreHttps();
    void untrustedCertificateIsRefused();
    void plainHttpToTlsPort();
    void tlsClientToPlainPort();
    void stalledHandshakeTimesOut_data();
    void stalledHandshakeTimesOut();

private:
    void start(bool tls, std::chrono::milliseconds headerTimeout = 10s);
    // A client that trusts the test certificate (or not), connected and encrypted.
    std::unique_ptr<QSslSocket> encryptedClient();
    QSslConfiguration trustingClientConfiguration() const;

    QTemporaryDir m_dir;
    QSslCertificate m_certificate;
    QSslKey m_key;
    std::unique_ptr<HttpServer> m_server;
    std::unique_ptr<QSignalSpy> m_refused;
    QList<QWebSocket *> m_webSockets; // accepted by the server, owned by the test
};

void TestTlsServer::initTestCase()
{
    QVERIFY(QSslSocket::supportsSsl());
    QVERIFY(m_dir.isValid());
    QString error;
    QVERIFY2(sb::test::makeTestCertificate(m_dir.path(), QStringLiteral("server"), &error),
        qPrintable(error));
    const QList<QSslCertificate> certificates
        = QSslCertificate::fromPath(m_dir.filePath(QStringLiteral("server.pem")));
    QCOMPARE(certificates.size(), 1);
    m_certificate = certificates.first();
    QFile keyFile(m_dir.filePath(QStringLiteral("server-key.pem")));
    QVERIFY(keyFile.open(QIODevice::ReadOnly));
    m_key = QSslKey(keyFile.readAll(), QSsl::Ec);
    QVERIFY(!m_key.isNull());
}

void TestTlsServer::cleanup()
{
    qDeleteAll(m_webSockets);
    m_webSockets.clear();
    m_refused.reset();
    m_server.reset();
}

void TestTlsServer::start(bool tls, std::chrono::milliseconds headerTimeout)
{
    ServerOptions options;
    options.maxBodySize = 2'000'000;
    options.headerTimeout = headerTimeout;
    if (tls) {
        QSslConfiguration configuration = QSslConfiguration::defaultConfiguration();
        configuration.setLocalCertificate(m_certificate);
        configuration.setPrivateKey(m_key);
        configuration.setPeerVerifyMode(QSslSocket::VerifyNone);
        options.tls = configuration;
    }
    m_server = std::make_unique<HttpServer>(options);
    HttpServer::Route echo;
    echo.pathPrefix = "/echo";
    echo.methods = {"GET", "POST"};
    echo.handler = [](const ExchangePtr &exchange) {
        const Request &r = exchange->request();
        exchange->respond(Response::text(200,
            r.method + ' ' + r.path + " body=" + QByteArray::number(r.body.size())
                + " sum=" + QByteArray::number(qChecksum(r.body))));
    };
    m_server->addRoute(echo);
    HttpServer::Route ws;
    ws.pathPrefix = "/ws/";
    ws.methods = {"GET"};
    ws.upgradeCheck = [](const Request &) -> std::optional<Response> { return std::nullopt; };
    ws.webSocketHandler = [this](QWebSocket *socket, const Request &) {
        m_webSockets.append(socket);
        connect(socket, &QWebSocket::textMessageReceived, socket, [socket](const QString &text) {
            socket->sendTextMessage(QStringLiteral("echo:") + text);
        });
        socket->sendTextMessage(QStringLiteral("welcome"));
    };
    m_server->addRoute(ws);
    m_refused = std::make_unique<QSignalSpy>(m_server.get(), &HttpServer::requestRefused);
    QVERIFY(m_server->listen(QHostAddress::LocalHost, 0));
}

QSslConfiguration TestTlsServer::trustingClientConfiguration() const
{
    QSslConfiguration configuration = QSslConfiguration::defaultConfiguration();
    configuration.setCaCertificates({m_certificate});
    return configuration;
}

std::unique_ptr<QSslSocket> TestTlsServer::encryptedClient()
{
    auto client = std::make_unique<QSslSocket>();
    client->setSslConfiguration(trustingClientConfiguration());
    QSignalSpy encrypted(client.get(), &QSslSocket::encrypted);
    client->connectToHostEncrypted(QStringLiteral("localhost"), m_server->serverPort());
    if (!encrypted.wait(kTimeout)) {
        qWarning() << "no TLS handshake:" << client->errorString() << client->sslHandshakeErrors();
        return nullptr;
    }
    return client;
}

void TestTlsServer::httpsKeepAlive()
{
    start(true);
    const auto client = encryptedClient();
    QVERIFY(client);
    QByteArray buffer;
    for (int i = 0; i < 3; ++i) {
        client->write("GET /echo HTTP/1.1\r\nHost: localhost\r\n\r\n");
        const auto reply = readReply(*client, buffer);
        QVERIFY(reply);
        QCOMPARE(reply->status, 200);
        QCOMPARE(reply->body, QByteArray("GET /echo body=0 sum=0"));
        QVERIFY(reply->head.contains("Connection: keep-alive"));
    }
    QCOMPARE(m_server->connectionCount(), 1);
    QVERIFY(m_refused->isEmpty());
    client->disconnectFromHost();
    QTRY_COMPARE_WITH_TIMEOUT(m_server->connectionCount(), 0, kTimeout);
}

void TestTlsServer::largeBodyOverTls()
{
    // Many times the connection's bounded read buffer: reading must resume after every slice.
    start(true);
    const auto client = encryptedClient();
    QVERIFY(client);
    QByteArray body(1'500'000, Qt::Uninitialized);
    for (qsizetype i = 0; i < body.size(); ++i)
        body[i] = char('a' + i % 26);
    client->write("POST /echo HTTP/1.1\r\nHost: localhost\r\nContent-Length: "
        + QByteArray::number(body.size()) + "\r\n\r\n" + body);
    QByteArray buffer;
    const auto reply = readReply(*client, buffer);
    QVERIFY(reply);
    QCOMPARE(reply->status, 200);
    QCOMPARE(reply->body, "POST /echo body=1500000 sum=" + QByteArray::number(qChecksum(body)));
}

void TestTlsServer::webSocketOverTls()
{
    start(true);
    QWebSocket client;
    client.setSslConfiguration(trustingClientConfiguration());
    QSignalSpy messages(&client, &QWebSocket::textMessageReceived);
    client.open(QUrl(QStringLiteral("wss://localhost:%1/ws/").arg(m_server->serverPort())));
    QVERIFY(messages.wait(kTimeout));
    QCOMPARE(messages.takeFirst().at(0).toString(), QStringLiteral("welcome"));
    client.sendTextMessage(QStringLiteral("over tls"));
    QVERIFY(messages.wait(kTimeout));
    QCOMPARE(messages.takeFirst().at(0).toString(), QStringLiteral("echo:over tls"));
    QCOMPARE(m_webSockets.size(), 1);
    QCOMPARE(m_webSockets.first()->requestUrl().scheme(), QStringLiteral("wss"));
    QCOMPARE(m_server->connectionCount(), 0); // handed off
    QVERIFY(m_refused->isEmpty());
}

void TestTlsServer::urlsAreHttps()
{
    start(true);
    const QList<QUrl> urls = m_server->urls();
    QCOMPARE(urls.size(), 1);
    QCOMPARE(urls.first().scheme(), QStringLiteral("https"));
    start(false);
    QCOMPARE(m_server->urls().first().scheme(), QStringLiteral("http"));
}

void TestTlsServer::untrustedCertificateIsRefused()
{
    start(true);
    QSslSocket client; // trusts the system's authorities only
    QSignalSpy errors(&client, &QSslSocket::sslErrors);
    QSignalSpy encrypted(&client, &QSslSocket::encrypted);
    QSignalSpy disconnected(&client, &QSslSocket::disconnected);
    client.connectToHostEncrypted(QStringLiteral("localhost"), m_server->serverPort());
    QTRY_VERIFY_WITH_TIMEOUT(!disconnected.isEmpty(), kTimeout);
    QVERIFY(!errors.isEmpty());
    QVERIFY(encrypted.isEmpty());
    QCOMPARE(client.error(), QAbstractSocket::SslHandshakeFailedError);
    // The server side ends too, whatever it saw of the client's retreat.
    QTRY_COMPARE_WITH_TIMEOUT(m_server->connectionCount(), 0, kTimeout);
}

void TestTlsServer::plainHttpToTlsPort()
{
    start(true);
    QTcpSocket client;
    QSignalSpy disconnected(&client, &QTcpSocket::disconnected);
    client.connectToHost(QHostAddress::LocalHost, m_server->serverPort());
    QVERIFY(client.waitForConnected(kTimeout));
    client.write("GET /echo HTTP/1.1\r\nHost: localhost\r\n\r\n");
    QTRY_VERIFY_WITH_TIMEOUT(!disconnected.isEmpty(), kTimeout);
    // Whatever came back (an alert at most) is no HTTP answer.
    QVERIFY(!client.readAll().startsWith("HTTP/"));
    QTRY_COMPARE_WITH_TIMEOUT(m_server->connectionCount(), 0, kTimeout);
    QTRY_COMPARE_WITH_TIMEOUT(m_refused->size(), 1, kTimeout);
    QCOMPARE(m_refused->first().at(0).value<RefusalReason>(), RefusalReason::TlsHandshakeFailed);
}

void TestTlsServer::tlsClientToPlainPort()
{
    start(false);
    QSslSocket client;
    client.setSslConfiguration(trustingClientConfiguration());
    QSignalSpy disconnected(&client, &QSslSocket::disconnected);
    QSignalSpy encrypted(&client, &QSslSocket::encrypted);
    client.connectToHostEncrypted(QStringLiteral("localhost"), m_server->serverPort());
    QTRY_VERIFY_WITH_TIMEOUT(!disconnected.isEmpty(), kTimeout);
    QVERIFY(encrypted.isEmpty());
    QCOMPARE(client.error(), QAbstractSocket::SslHandshakeFailedError);
    // The ClientHello is no HTTP request: 400 and close.
    QTRY_COMPARE_WITH_TIMEOUT(m_refused->size(), 1, kTimeout);
    QCOMPARE(m_refused->first().at(0).value<RefusalReason>(), RefusalReason::MalformedRequest);
    QCOMPARE(m_refused->first().at(1).toInt(), 400);
    QTRY_COMPARE_WITH_TIMEOUT(m_server->connectionCount(), 0, kTimeout);
}

void TestTlsServer::stalledHandshakeTimesOut_data()
{
    QTest::addColumn<QByteArray>("sent");
    QTest::newRow("nothing") << QByteArray();
    // The header of a handshake record announcing 512 bytes, which never come.
    QTest::newRow("half a ClientHello") << QByteArray("\x16\x03\x01\x02\x00\x01", 6);
}

void TestTlsServer::stalledHandshakeTimesOut()
{
    QFETCH(QByteArray, sent);
    start(true, 300ms);
    QTcpSocket client;
    QSignalSpy disconnected(&client, &QTcpSocket::disconnected);
    client.connectToHost(QHostAddress::LocalHost, m_server->serverPort());
    QVERIFY(client.waitForConnected(kTimeout));
    if (!sent.isEmpty())
        client.write(sent);
    QTRY_COMPARE_WITH_TIMEOUT(m_refused->size(), 1, kTimeout);
    QCOMPARE(m_refused->first().at(0).value<RefusalReason>(), RefusalReason::TlsHandshakeTimeout);
    QTRY_VERIFY_WITH_TIMEOUT(!disconnected.isEmpty(), kTimeout);
    QTRY_COMPARE_WITH_TIMEOUT(m_server->connectionCount(), 0, kTimeout);
}

QTEST_GUILESS_MAIN(TestTlsServer)
#include "tst_tls_server.moc"
