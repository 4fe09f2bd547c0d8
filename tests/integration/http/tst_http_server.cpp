// The HTTP front door against raw HTTP over QTcpSocket (and a real QWebSocket client), all in this
// process and on this thread: every wait runs the event loop (QTest::qWaitFor, QTRY_*, QSignalSpy)
// so that the server can answer; nothing sleeps.

#include "http/http_server.h"

#include "test_support.h"
#include <QPointer>
#include <QSignalSpy>
#include <QTcpSocket>

#include <QTest>
#include <QWebSocket>

#include <zlib.h>

#include <optional>

using namespace sb::http;
using namespace std::chrono_literals;

namespace {

// Generous: the machine may be slow and busy.
constexpr int kTimeout = 15'000;

struct RawResponse
{
    int status = 0;
    Headers headers; // names lower-cased
    QByteArray body;

    QByteArray header(QByteArrayView name) const
    {
        for (const Header &h : headers) {
            if (h.first == name)
                return h.second;
        }
        return {};
    }
    bool has(QByteArrayView name) const { return !header(name).isNull(); }
    // Every value of a header that may repeat (Vary), joined.
    QByteArray all(QByteArrayView name) const
    {
        QByteArrayList values;
        for (const Header &h : headers) {
            if (h.first == name)
                values.append(h.second);
        }
        return values.join(", ");
    }
};

// A raw HTTP/1.1 client: writes bytes as given, parses responses from the byte stream.
class RawClient
{
public:
    explicit RawClient(quint16 port) { m_socket.connectToHost(QHostAddress::LocalHost, port); }

    bool waitConnected()
    {
        return QTest::qWaitFor(
            [this] { return m_socket.state() == QAbstractSocket::ConnectedState; }, kTimeout);
    }
    void send(const QByteArray &bytes) { m_socket.write(bytes); }
    bool isConnected() const { return m_socket.state() == QAbstractSocket::ConnectedState; }
    bool waitDisconnected(int timeout = kTimeout)
    {
        return QTest::qWaitFor(
            [this] {
                m_buffer += m_socket.readAll();
                return m_socket.state() == QAbstractSocket::UnconnectedState;
            },
            timeout);
    }
    QTcpSocket &socket() { return m_socket; }
    QByteArray &buffer() { return m_buffer; }

    // The next response; headOnly for answers to HEAD (Content-Length without a body).
    std::optional<RawResponse> next(bool headOnly = false)
    {
        std::optional<RawResponse> response;
        [[maybe_unused]] const bool done = QTest::qWaitFor(
            [&] {
                m_buffer += m_socket.readAll();
                response = tryParse(headOnly);
                return response.has_value()
                    || m_socket.state() == QAbstractSocket::UnconnectedState;
            },
            kTimeout);
        if (!response) {
            m_buffer += m_socket.readAll();
            response = tryParse(headOnly);
        }
        return response;
    }

    // Reads bytes (a WebSocket frame) once at least `size` are there.
    QByteArray take(qsizetype size)
    {
        [[maybe_unused]] const bool done = QTest::qWaitFor(
            [&] {
                m_buffer += m_socket.readAll();
                return m_buffer.size() >= size;
            },
            kTimeout);
        const QByteArray bytes = m_buffer.first(std::min(size, m_buffer.size()));
        m_buffer.remove(0, bytes.size());
        return bytes;
    }

private:
    std::optional<RawResponse> tryParse(bool headOnly)
    {
        const qsizetype end = m_buffer.indexOf("\r\n\r\n");
        if (end < 0)
            return std::nullopt;
        const QList<QByteArray> lines = m_buffer.first(end).split('\n');
        RawResponse response;
        const QList<QByteArray> statusLine = lines.first().trimmed().split(' ');
        if (statusLine.size() < 2 || !statusLine.first().startsWith("HTTP/1.1"))
            return RawResponse{-1, {}, m_buffer};
        response.status = statusLine.at(1).toInt();
        for (qsizetype i = 1; i < lines.size(); ++i) {
            const QByteArray line = lines.at(i).trimmed();
            const qsizetype colon = line.indexOf(':');
            if (colon > 0)
                response.headers.append(
                    {line.first(colon).toLower(), line.sliced(colon + 1).trimmed()});
        }
        qsizetype length = 0;
        if (!headOnly && response.status != 204 && response.status != 304 && response.status >= 200)
            length = response.header("content-length").toLongLong();
        if (m_buffer.size() < end + 4 + length)
            return std::nullopt;
        response.body = m_buffer.sliced(end + 4, length);
        m_buffer.remove(0, end + 4 + length);
        return response;
    }

    QTcpSocket m_socket;
    QByteArray m_buffer;
};

QByteArray compressibleText(qsizetype size)
{
    QByteArray text;
    while (text.size() < size)
        text += "the quick brown fox jumps over the lazy dog ";
    text.truncate(size);
    return text;
}

QByteArray chunked(const QByteArray &body, qsizetype chunkSize)
{
    QByteArray out;
    for (qsizetype i = 0; i < body.size(); i += chunkSize) {
        const QByteArray part = body.mid(i, chunkSize);
        out += QByteArray::number(part.size(), 16) + "\r\n" + part + "\r\n";
    }
    return out + "0\r\n\r\n";
}

const QByteArray kStaticBody = compressibleText(3000);
const QByteArray kUpgradeHeaders = "Upgrade: websocket\r\nConnection: Upgrade\r\n"
                                   "Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\n"
                                   "Sec-WebSocket-Version: 13\r\n";

struct Refusal
{
    RefusalReason reason;
    int status;
    QByteArray target;
};

} // namespace

class TestHttpServer : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void init();
    void cleanup();

    void keepAliveSeveralRequests();
    void http10ClosesUnlessKeepAlive();
    void connectionCloseHeader();
    void headHasNoBody();
    void pipelinedAnswersKeepRequestOrder();
    void contentLengthBody();
    void chunkedBody();
    void expectContinue();
    void headerSizeLimit_data();
    void headerSizeLimit();
    void headWithoutEndOverLimit();
    void bodySizeLimit_data();
    void bodySizeLimit();
    void headerTimeout_data();
    void headerTimeout();
    void bodyTimeout();
    void idleTimeout();
    void pendingExchangeKeepsConnection();
    void notFound();
    void methodNotAllowed();
    void malformed_data();
    void malformed();
    void corsAllowedOrigin();
    void corsRefusedOrigin();
    void corsWildcard();
    void corsPreflight();
    void corsWithoutOrigins();
    void compression_data();
    void compression();
    void compressionOff();
    void compressedHead();
    void staticFile();
    void staticFileCompressed();
    void abortCallbackWhenClientDrops();
    void answeredExchangeIsNotAborted();
    void webSocketHandOff();
    void webSocketAfterPipelinedRequest();
    void upgradeRefusedByCheck();
    void upgradeOnPlainRoute();
    void upgradeNeedsAValidKeyAndVersion_data();
    void upgradeNeedsAValidKeyAndVersion();
    void handshakeTimeout();
    void urls();

private:
    void start(ServerOptions options = {});
    RawClient *client();
    QList<Refusal> refusals() const;

    std::unique_ptr<HttpServer> m_server;
    std::unique_ptr<QSignalSpy> m_refusedSpy;
    QList<ExchangePtr> m_deferred;
    int m_echoCount = 0;
    QList<QWebSocket *> m_webSockets; // accepted by the server, owned by the test
    QList<Request> m_webSocketRequests;
    std::vector<std::unique_ptr<RawClient>> m_clients;
};

void TestHttpServer::init()
{
    ServerOptions options;
    options.maxBodySize = 200;
    start(options);
}

void TestHttpServer::cleanup()
{
    m_clients.clear();
    qDeleteAll(m_webSockets);
    m_webSockets.clear();
    m_webSocketRequests.clear();
    m_refusedSpy.reset();
    m_server.reset();
    m_deferred.clear();
    m_echoCount = 0;
}

void TestHttpServer::start(ServerOptions options)
{
    m_clients.clear();
    m_refusedSpy.reset();
    m_server.reset();
    m_server = std::make_unique<HttpServer>(std::move(options));

    HttpServer::Route echo;
    echo.pathPrefix = "/echo";
    echo.methods = {"GET", "POST", "HEAD"};
    echo.handler = [this](const ExchangePtr &exchange) {
        ++m_echoCount;
        const Request &r = exchange->request();
        exchange->respond(Response::text(200,
            "method=" + r.method + "\npath=" + r.path + "\nquery=" + r.query + "\nbody=" + r.body));
    };
    m_server->addRoute(echo);

    HttpServer::Route limited;
    limited.pathPrefix = "/limited";
    limited.methods = {"POST"};
    limited.maxBodySize = 100;
    limited.handler = [](const ExchangePtr &exchange) {
        exchange->respond(Response::text(200, QByteArray::number(exchange->request().body.size())));
    };
    m_server->addRoute(limited);

    HttpServer::Route deferred;
    deferred.pathPrefix = "/deferred";
    deferred.methods = {"GET", "POST"};
    deferred.handler = [this](const ExchangePtr &exchange) { m_deferred.append(exchange); };
    m_server->addRoute(deferred);

    HttpServer::Route sized; // "/sized?n=1500": n compressible bytes
    sized.pathPrefix = "/sized";
    sized.methods = {"GET", "HEAD"};
    sized.handler = [](const ExchangePtr &exchange) {
        Response response = Response::text(
            200, compressibleText(exchange->request().queryValue("n").toLongLong()));
        response.compressible = exchange->request().queryValue("compressible") != "no";
        exchange->respond(std::move(response));
    };
    m_server->addRoute(sized);

    HttpServer::Route cors;
    cors.pathPrefix = "/cors";
    cors.methods = {"GET", "POST"};
    cors.cors = true;
    cors.handler
        = [](const ExchangePtr &exchange) { exchange->respond(Response::text(200, "ok")); };
    m_server->addRoute(cors);

    HttpServer::Route ws;
    ws.pathPrefix = "/ws/";
    ws.methods = {"GET"};
    ws.handler = [](const ExchangePtr &exchange) {
        exchange->respond(Response::text(200, "not an upgrade"));
    };
    ws.upgradeCheck = [](const Request &request) -> std::optional<Response> {
        if (request.hasQueryValue("deny"))
            return Response::text(403, "denied");
        return std::nullopt;
    };
    ws.webSocketHandler = [this](QWebSocket *socket, const Request &request) {
        m_webSockets.append(socket);
        m_webSocketRequests.append(request);
        connect(socket, &QWebSocket::textMessageReceived, socket, [socket](const QString &message) {
            socket->sendTextMessage(QStringLiteral("echo:") + message);
        });
        socket->sendTextMessage(QStringLiteral("welcome"));
    };
    m_server->addRoute(ws);

    m_server->addStaticFile("/index.html", "text/html; charset=UTF-8", kStaticBody);
    m_server->addStaticFile("/tiny.txt", "text/plain", "tiny");

    m_refusedSpy = std::make_unique<QSignalSpy>(m_server.get(), &HttpServer::requestRefused);
    QVERIFY(m_server->listen(QHostAddress::LocalHost, 0));
    QVERIFY(m_server->serverPort() != 0);
}

RawClient *TestHttpServer::client()
{
    m_clients.push_back(std::make_unique<RawClient>(m_server->serverPort()));
    RawClient *raw = m_clients.back().get();
    if (!raw->waitConnected())
        return nullptr;
    return raw;
}

QList<Refusal> TestHttpServer::refusals() const
{
    QList<Refusal> list;
    for (const QList<QVariant> &args : *m_refusedSpy) {
        list.append(
            {args.at(0).value<RefusalReason>(), args.at(1).toInt(), args.at(3).toByteArray()});
        if (args.at(2).value<QHostAddress>() != QHostAddress(QHostAddress::LocalHost))
            qWarning() << "unexpected remote address" << args.at(2);
    }
    return list;
}

#define REFUSED(expectedReason, expectedStatus)                                                    \
    do {                                                                                           \
        QTRY_COMPARE_WITH_TIMEOUT(m_refusedSpy->size(), 1, kTimeout);                              \
        const Refusal refusal = refusals().constFirst();                                           \
        QCOMPARE(refusal.reason, expectedReason);                                                  \
        QCOMPARE(refusal.status, expectedStatus);                                                  \
    } while (false)

// --- keep-alive, pipelining, bodies --------------------------------------------------------------

void TestHttpServer::keepAliveSeveralRequests()
{
    RawClient *c = client();
    QVERIFY(c);
    for (int i = 0; i < 3; ++i) {
        c->send("GET /echo?i=" + QByteArray::number(i) + " HTTP/1.1\r\nHost: x\r\n\r\n");
        const auto response = c->next();
        QVERIFY(response);
        QCOMPARE(response->status, 200);
        QCOMPARE(
            response->body, "method=GET\npath=/echo\nquery=i=" + QByteArray::number(i) + "\nbody=");
        QCOMPARE(response->header("connection"), QByteArray("keep-alive"));
        QCOMPARE(response->header("content-length"), QByteArray::number(response->body.size()));
        QCOMPARE(response->header("content-type"), QByteArray("text/plain; charset=UTF-8"));
        QVERIFY(response->header("date").endsWith(" GMT"));
        QVERIFY(c->isConnected());
        QCOMPARE(m_server->connectionCount(), 1);
    }
    QCOMPARE(m_echoCount, 3);
    QCOMPARE(m_refusedSpy->size(), 0);
}

void TestHttpServer::http10ClosesUnlessKeepAlive()
{
    RawClient *c = client();
    QVERIFY(c);
    c->send("GET /echo HTTP/1.0\r\nConnection: keep-alive\r\n\r\n");
    auto response = c->next();
    QVERIFY(response);
    QCOMPARE(response->status, 200);
    QCOMPARE(response->header("connection"), QByteArray("keep-alive"));
    c->send("GET /echo HTTP/1.0\r\n\r\n");
    response = c->next();
    QVERIFY(response);
    QCOMPARE(response->status, 200);
    QCOMPARE(response->header("connection"), QByteArray("close"));
    QVERIFY(c->waitDisconnected());
    QTRY_COMPARE_WITH_TIMEOUT(m_server->connectionCount(), 0, kTimeout);
}

void TestHttpServer::connectionCloseHeader()
{
    RawClient *c = client();
    QVERIFY(c);
    // A request pipelined after "Connection: close" is never answered.
    c->send("GET /echo HTTP/1.1\r\nConnection: close\r\n\r\nGET /echo HTTP/1.1\r\n\r\n");
    const auto response = c->next();
    QVERIFY(response);
    QCOMPARE(response->status, 200);
    QCOMPARE(response->header("connection"), QByteArray("close"));
    QVERIFY(c->waitDisconnected());
    QVERIFY(c->buffer().isEmpty());
    QCOMPARE(m_echoCount, 1);
}

void TestHttpServer::headHasNoBody()
{
    RawClient *c = client();
    QVERIFY(c);
    // If HEAD's answer carried a body, the GET answer behind it would not parse.
    c->send("HEAD /echo HTTP/1.1\r\n\r\nGET /echo HTTP/1.1\r\n\r\n");
    const auto head = c->next(true);
    QVERIFY(head);
    QCOMPARE(head->status, 200);
    const QByteArray getBody = "method=GET\npath=/echo\nquery=\nbody=";
    QCOMPARE(head->header("content-length").toInt(), getBody.size() + 1); // "HEAD" is one longer
    const auto get = c->next();
    QVERIFY(get);
    QCOMPARE(get->status, 200);
    QCOMPARE(get->body, getBody);
}

void TestHttpServer::pipelinedAnswersKeepRequestOrder()
{
    RawClient *c = client();
    QVERIFY(c);
    c->send("GET /deferred?id=1 HTTP/1.1\r\n\r\n"
            "POST /deferred?id=2 HTTP/1.1\r\nContent-Length: 3\r\n\r\nabc"
            "GET /echo?id=3 HTTP/1.1\r\n\r\n");
    QTRY_COMPARE_WITH_TIMEOUT(m_deferred.size(), 2, kTimeout);
    QTRY_COMPARE_WITH_TIMEOUT(m_echoCount, 1, kTimeout); // answered at once, but must wait its turn
    QCOMPARE(m_deferred.at(0)->request().queryValue("id"), QByteArray("1"));
    QCOMPARE(m_deferred.at(1)->request().body, QByteArray("abc"));
    // Answered in the order 3, 2, 1; they must arrive as 1, 2, 3.
    m_deferred.at(1)->respond(Response::text(200, "second"));
    QVERIFY(m_deferred.at(1)->responded());
    QVERIFY(!m_deferred.at(1)->isPending());
    QVERIFY(m_deferred.at(0)->isPending());
    m_deferred.at(0)->respond(Response::text(200, "first"));
    m_deferred.at(0)->respond(Response::text(500, "ignored: only the first answer counts"));

    const auto first = c->next();
    const auto second = c->next();
    const auto third = c->next();
    QVERIFY(first && second && third);
    QCOMPARE(first->body, QByteArray("first"));
    QCOMPARE(second->body, QByteArray("second"));
    QCOMPARE(third->body, QByteArray("method=GET\npath=/echo\nquery=id=3\nbody="));
    QVERIFY(c->isConnected());
}

void TestHttpServer::contentLengthBody()
{
    RawClient *c = client();
    QVERIFY(c);
    c->send("POST /echo HTTP/1.1\r\nContent-Length: 11\r\n\r\nhello");
    QTest::qWait(0);
    c->send(" world");
    auto response = c->next();
    QVERIFY(response);
    QCOMPARE(response->body, QByteArray("method=POST\npath=/echo\nquery=\nbody=hello world"));

    // A large body arrives in many reads (route default limit raised for this one).
    ServerOptions options;
    options.maxBodySize = 1'000'000;
    start(options);
    c = client();
    QVERIFY(c);
    const QByteArray big = compressibleText(300'000);
    c->send("POST /echo HTTP/1.1\r\nContent-Length: 300000\r\n\r\n" + big);
    response = c->next();
    QVERIFY(response);
    QCOMPARE(response->body, "method=POST\npath=/echo\nquery=\nbody=" + big);
}

void TestHttpServer::chunkedBody()
{
    RawClient *c = client();
    QVERIFY(c);
    // What Node's http client sends for a POST without Content-Length, split at awkward places.
    const QByteArray request = "POST /echo?x=1 HTTP/1.1\r\nTransfer-Encoding: chunked\r\n\r\n"
                               "5\r\nhello\r\n6;ext=1\r\n world\r\n0\r\n\r\n";
    for (qsizetype i = 0; i < request.size(); i += 7) {
        c->send(request.mid(i, 7));
        QTest::qWait(0);
    }
    auto response = c->next();
    QVERIFY(response);
    QCOMPARE(response->body, QByteArray("method=POST\npath=/echo\nquery=x=1\nbody=hello world"));
    // With trailers, then a second request on the same connection.
    c->send(
        "POST /echo HTTP/1.1\r\nTransfer-Encoding: chunked\r\n\r\n3\r\nabc\r\n0\r\nX-T: 1\r\n\r\n"
        "GET /echo HTTP/1.1\r\n\r\n");
    response = c->next();
    QVERIFY(response);
    QCOMPARE(response->body, QByteArray("method=POST\npath=/echo\nquery=\nbody=abc"));
    response = c->next();
    QVERIFY(response);
    QCOMPARE(response->body, QByteArray("method=GET\npath=/echo\nquery=\nbody="));
}

void TestHttpServer::expectContinue()
{
    RawClient *c = client();
    QVERIFY(c);
    c->send("POST /echo HTTP/1.1\r\nContent-Length: 3\r\nExpect: 100-continue\r\n\r\n");
    const auto interim = c->next();
    QVERIFY(interim);
    QCOMPARE(interim->status, 100);
    c->send("abc");
    const auto response = c->next();
    QVERIFY(response);
    QCOMPARE(response->status, 200);
    QCOMPARE(response->body, QByteArray("method=POST\npath=/echo\nquery=\nbody=abc"));
}

// --- limits -------------------------------------------------------------------------------------

void TestHttpServer::headerSizeLimit_data()
{
    QTest::addColumn<int>("headSize");
    QTest::addColumn<int>("status");
    QTest::newRow("well under") << 200 << 200;
    QTest::newRow("exactly at the limit") << 1024 << 200;
    QTest::newRow("one byte over") << 1025 << 431;
    QTest::newRow("far over") << 5000 << 431;
}

void TestHttpServer::headerSizeLimit()
{
    QFETCH(int, headSize);
    QFETCH(int, status);
    ServerOptions options;
    options.maxHeaderSize = 1024;
    start(options);

    const QByteArray prefix = "GET /echo HTTP/1.1\r\nX-Pad: ";
    const QByteArray suffix = "\r\n\r\n";
    const QByteArray head
        = prefix + QByteArray(headSize - prefix.size() - suffix.size(), 'p') + suffix;
    QCOMPARE(head.size(), headSize);
    RawClient *c = client();
    QVERIFY(c);
    c->send(head);
    const auto response = c->next();
    QVERIFY(response);
    QCOMPARE(response->status, status);
    if (status == 200) {
        QVERIFY(c->isConnected());
        QCOMPARE(m_refusedSpy->size(), 0);
    } else {
        QCOMPARE(response->header("connection"), QByteArray("close"));
        QVERIFY(c->waitDisconnected());
        REFUSED(RefusalReason::HeaderTooLarge, 431);
    }
}

void TestHttpServer::headWithoutEndOverLimit()
{
    ServerOptions options;
    options.maxHeaderSize = 1024;
    start(options);
    RawClient *c = client();
    QVERIFY(c);
    // Never finishes its head: refused as soon as it is known to be too large, not at a timeout.
    c->send("GET /echo HTTP/1.1\r\n");
    for (int i = 0; i < 20; ++i)
        c->send("X-Header-" + QByteArray::number(i) + ": " + QByteArray(60, 'v') + "\r\n");
    const auto response = c->next();
    QVERIFY(response);
    QCOMPARE(response->status, 431);
    QVERIFY(c->waitDisconnected());
    REFUSED(RefusalReason::HeaderTooLarge, 431);
}

void TestHttpServer::bodySizeLimit_data()
{
    QTest::addColumn<QByteArray>("path");
    QTest::addColumn<bool>("isChunked");
    QTest::addColumn<int>("size");
    QTest::addColumn<int>("status");

    // "/limited" sets 100 itself; "/echo" uses ServerOptions::maxBodySize (200 in these tests).
    QTest::newRow("route limit, length, at") << QByteArray("/limited") << false << 100 << 200;
    QTest::newRow("route limit, length, over") << QByteArray("/limited") << false << 101 << 413;
    QTest::newRow("route limit, chunked, at") << QByteArray("/limited") << true << 100 << 200;
    QTest::newRow("route limit, chunked, over") << QByteArray("/limited") << true << 101 << 413;
    QTest::newRow("default limit, length, at") << QByteArray("/echo") << false << 200 << 200;
    QTest::newRow("default limit, length, over") << QByteArray("/echo") << false << 201 << 413;
    QTest::newRow("default limit, chunked, at") << QByteArray("/echo") << true << 200 << 200;
    QTest::newRow("default limit, chunked, over") << QByteArray("/echo") << true << 201 << 413;
    QTest::newRow("unknown path, length, over") << QByteArray("/nowhere") << false << 201 << 413;
}

void TestHttpServer::bodySizeLimit()
{
    QFETCH(QByteArray, path);
    QFETCH(bool, isChunked);
    QFETCH(int, size);
    QFETCH(int, status);

    const QByteArray body(size, 'b');
    QByteArray request = "POST " + path + " HTTP/1.1\r\n";
    if (isChunked)
        request += "Transfer-Encoding: chunked\r\n\r\n" + chunked(body, 30);
    else
        request += "Content-Length: " + QByteArray::number(size) + "\r\n\r\n" + body;
    RawClient *c = client();
    QVERIFY(c);
    c->send(request);
    const auto response = c->next();
    QVERIFY(response);
    QCOMPARE(response->status, status);
    if (status == 200) {
        QVERIFY(response->body.endsWith(path == "/limited" ? QByteArray::number(size) : body));
        QVERIFY(c->isConnected());
    } else {
        QVERIFY(c->waitDisconnected());
        REFUSED(RefusalReason::BodyTooLarge, 413);
        QCOMPARE(refusals().constFirst().target, path);
    }
}

void TestHttpServer::headerTimeout_data()
{
    QTest::addColumn<QByteArray>("sent");
    QTest::newRow("silent client") << QByteArray();
    QTest::newRow("partial head") << QByteArray("GET /echo HTTP/1.1\r\nHo");
    QTest::newRow("second request stalls") << QByteArray("GET /echo HTTP/1.1\r\n\r\nGET /e");
}

void TestHttpServer::headerTimeout()
{
    QFETCH(QByteArray, sent);
    ServerOptions options;
    options.headerTimeout = 300ms;
    options.idleTimeout = 60s;
    start(options);
    RawClient *c = client();
    QVERIFY(c);
    QSignalSpy disconnected(&c->socket(), &QTcpSocket::disconnected);
    if (!sent.isEmpty())
        c->send(sent);
    if (sent.contains("\r\n\r\n")) {
        const auto first = c->next();
        QVERIFY(first);
        QCOMPARE(first->status, 200);
    }
    QVERIFY(disconnected.wait(kTimeout) || disconnected.size() == 1);
    REFUSED(RefusalReason::HeaderTimeout, 408);
    c->waitDisconnected();
    QVERIFY(c->buffer().startsWith("HTTP/1.1 408 Request Timeout\r\n"));
    QTRY_COMPARE_WITH_TIMEOUT(m_server->connectionCount(), 0, kTimeout);
}

void TestHttpServer::bodyTimeout()
{
    ServerOptions options;
    options.idleTimeout = 300ms;
    start(options);
    RawClient *c = client();
    QVERIFY(c);
    c->send("POST /echo HTTP/1.1\r\nContent-Length: 10\r\n\r\nabc");
    QVERIFY(c->waitDisconnected());
    REFUSED(RefusalReason::BodyTimeout, 408);
    QCOMPARE(m_echoCount, 0);
}

void TestHttpServer::idleTimeout()
{
    ServerOptions options;
    options.idleTimeout = 300ms;
    start(options);
    RawClient *c = client();
    QVERIFY(c);
    c->send("GET /echo HTTP/1.1\r\n\r\n");
    QVERIFY(c->next());
    QVERIFY(c->waitDisconnected());
    QVERIFY(c->buffer().isEmpty()); // no 408 for an idle keep-alive connection: nothing was asked
    QCOMPARE(m_refusedSpy->size(), 0);
}

void TestHttpServer::pendingExchangeKeepsConnection()
{
    ServerOptions options;
    options.idleTimeout = 300ms;
    options.headerTimeout = 300ms;
    start(options);
    RawClient *polling = client();
    QVERIFY(polling);
    polling->send("GET /deferred HTTP/1.1\r\n\r\n");
    QTRY_COMPARE_WITH_TIMEOUT(m_deferred.size(), 1, kTimeout);

    // A second connection, idle from a later moment on, is the clock: once the server has dropped
    // it, the first has been without a request for longer than the idle timeout.
    RawClient *clock = client();
    QVERIFY(clock);
    clock->send("GET /echo HTTP/1.1\r\n\r\n");
    QVERIFY(clock->next());
    QVERIFY(clock->waitDisconnected());
    QVERIFY(polling->isConnected());
    QVERIFY(m_deferred.first()->isPending());

    m_deferred.first()->respond(Response::text(200, "late"));
    const auto response = polling->next();
    QVERIFY(response);
    QCOMPARE(response->body, QByteArray("late"));
    // Now it is idle like any other.
    QVERIFY(polling->waitDisconnected());
}

// --- refusals -----------------------------------------------------------------------------------

void TestHttpServer::notFound()
{
    RawClient *c = client();
    QVERIFY(c);
    c->send("GET /nowhere?x=1 HTTP/1.1\r\n\r\n");
    auto response = c->next();
    QVERIFY(response);
    QCOMPARE(response->status, 404);
    QCOMPARE(response->header("connection"), QByteArray("keep-alive"));
    REFUSED(RefusalReason::NotFound, 404);
    QCOMPARE(refusals().constFirst().target, QByteArray("/nowhere?x=1"));
    // Exact static paths are not prefixes.
    c->send("GET /index.html/x HTTP/1.1\r\n\r\nGET /echo HTTP/1.1\r\n\r\n");
    response = c->next();
    QVERIFY(response);
    QCOMPARE(response->status, 404);
    response = c->next();
    QVERIFY(response);
    QCOMPARE(response->status, 200);
}

void TestHttpServer::methodNotAllowed()
{
    RawClient *c = client();
    QVERIFY(c);
    c->send("DELETE /echo HTTP/1.1\r\n\r\n");
    auto response = c->next();
    QVERIFY(response);
    QCOMPARE(response->status, 405);
    QCOMPARE(response->header("allow"), QByteArray("GET, POST, HEAD"));
    REFUSED(RefusalReason::MethodNotAllowed, 405);
    // The connection stays usable.
    c->send("POST /tiny.txt HTTP/1.1\r\nContent-Length: 1\r\n\r\nx");
    response = c->next();
    QVERIFY(response);
    QCOMPARE(response->status, 405);
    QCOMPARE(response->header("allow"), QByteArray("GET, HEAD"));
}

void TestHttpServer::malformed_data()
{
    QTest::addColumn<QByteArray>("request");
    QTest::addColumn<int>("status");
    QTest::newRow("garbage") << QByteArray("GARBAGE\r\n\r\n") << 400;
    QTest::newRow("tls client hello")
        << QByteArray("\x16\x03\x01\x02\x00\x01\x00\x01\xfc\x03\x03", 11) << 400;
    QTest::newRow("space in target") << QByteArray("GET /a b HTTP/1.1\r\n\r\n") << 400;
    QTest::newRow("bad protocol") << QByteArray("GET / JUNK/1.1\r\n\r\n") << 400;
    QTest::newRow("http/2 preface") << QByteArray("PRI * HTTP/2.0\r\n\r\nSM\r\n\r\n") << 400;
    QTest::newRow("http/2.0 version") << QByteArray("GET /echo HTTP/2.0\r\n\r\n") << 505;
    QTest::newRow("http/0.9 version") << QByteArray("GET /echo HTTP/0.9\r\n\r\n") << 505;
    QTest::newRow("header without colon")
        << QByteArray("GET /echo HTTP/1.1\r\nBad Header\r\n\r\n") << 400;
    QTest::newRow("control byte in value")
        << QByteArray("GET /echo HTTP/1.1\r\nX: a\x01z\r\n\r\n") << 400;
    QTest::newRow("bad content-length")
        << QByteArray("POST /echo HTTP/1.1\r\nContent-Length: abc\r\n\r\n") << 400;
    QTest::newRow("two content-lengths")
        << QByteArray("POST /echo HTTP/1.1\r\nContent-Length: 1\r\nContent-Length: 2\r\n\r\nab")
        << 400;
    QTest::newRow("length and chunked") << QByteArray(
        "POST /echo HTTP/1.1\r\nContent-Length: 3\r\nTransfer-Encoding: chunked\r\n\r\n")
                                        << 400;
    QTest::newRow("bad chunk size")
        << QByteArray("POST /echo HTTP/1.1\r\nTransfer-Encoding: chunked\r\n\r\nzz\r\nabc\r\n")
        << 400;
    QTest::newRow("second request malformed")
        << QByteArray("GET /echo HTTP/1.1\r\n\r\nGET /echo HTTP/1.1\r\n: novalue\r\n\r\n") << 400;
}

void TestHttpServer::malformed()
{
    QFETCH(QByteArray, request);
    QFETCH(int, status);
    RawClient *c = client();
    QVERIFY(c);
    c->send(request);
    auto response = c->next();
    QVERIFY(response);
    if (response->status == 200) // the good request in front
        response = c->next();
    QVERIFY(response);
    QCOMPARE(response->status, status);
    QCOMPARE(response->header("connection"), QByteArray("close"));
    QVERIFY(c->waitDisconnected());
    REFUSED(RefusalReason::MalformedRequest, status);
}

// --- CORS ---------------------------------------------------------------------------------------

void TestHttpServer::corsAllowedOrigin()
{
    ServerOptions options;
    options.corsOrigins
        = {QStringLiteral("http://allowed.test"), QStringLiteral("http://other.test")};
    start(options);
    RawClient *c = client();
    QVERIFY(c);
    c->send("GET /cors HTTP/1.1\r\nOrigin: http://allowed.test\r\n\r\n");
    auto response = c->next();
    QVERIFY(response);
    QCOMPARE(response->status, 200);
    QCOMPARE(response->header("access-control-allow-origin"), QByteArray("http://allowed.test"));
    QCOMPARE(response->header("access-control-allow-credentials"), QByteArray("true"));
    QVERIFY(response->all("vary").contains("Origin"));
    // A route without cors never gets the headers.
    c->send("GET /echo HTTP/1.1\r\nOrigin: http://allowed.test\r\n\r\n");
    response = c->next();
    QVERIFY(response);
    QVERIFY(!response->has("access-control-allow-origin"));
    // Nor does a request without Origin.
    c->send("GET /cors HTTP/1.1\r\n\r\n");
    response = c->next();
    QVERIFY(response);
    QVERIFY(!response->has("access-control-allow-origin"));
}

void TestHttpServer::corsRefusedOrigin()
{
    ServerOptions options;
    options.corsOrigins = {QStringLiteral("http://allowed.test")};
    start(options);
    RawClient *c = client();
    QVERIFY(c);
    c->send("GET /cors HTTP/1.1\r\nOrigin: http://evil.test\r\n\r\n");
    const auto response = c->next();
    QVERIFY(response);
    QCOMPARE(response->status, 200); // the browser, not the server, blocks the page from reading it
    QVERIFY(!response->has("access-control-allow-origin"));
    QVERIFY(!response->has("access-control-allow-credentials"));
}

void TestHttpServer::corsWildcard()
{
    ServerOptions options;
    options.corsOrigins = {QStringLiteral("*")};
    start(options);
    RawClient *c = client();
    QVERIFY(c);
    c->send("GET /cors HTTP/1.1\r\nOrigin: http://anyone.test\r\n\r\n");
    const auto response = c->next();
    QVERIFY(response);
    QCOMPARE(response->header("access-control-allow-origin"), QByteArray("*"));
    QVERIFY(!response->has("access-control-allow-credentials"));
}

void TestHttpServer::corsPreflight()
{
    ServerOptions options;
    options.corsOrigins = {QStringLiteral("http://allowed.test")};
    start(options);
    RawClient *c = client();
    QVERIFY(c);
    c->send("OPTIONS /cors?EIO=4 HTTP/1.1\r\nOrigin: http://allowed.test\r\n"
            "Access-Control-Request-Method: POST\r\n"
            "Access-Control-Request-Headers: content-type, x-custom\r\n\r\n");
    auto response = c->next();
    QVERIFY(response);
    QCOMPARE(response->status, 204);
    QCOMPARE(response->header("access-control-allow-origin"), QByteArray("http://allowed.test"));
    QCOMPARE(response->header("access-control-allow-credentials"), QByteArray("true"));
    QCOMPARE(response->header("access-control-allow-methods"),
        QByteArray("GET,HEAD,PUT,PATCH,POST,DELETE"));
    QCOMPARE(
        response->header("access-control-allow-headers"), QByteArray("content-type, x-custom"));
    QVERIFY(!response->has("content-length"));
    QVERIFY(response->body.isEmpty());
    // The keep-alive connection is still in sync: the 204 carried no body.
    c->send("OPTIONS /cors HTTP/1.1\r\nOrigin: http://evil.test\r\n"
            "Access-Control-Request-Method: GET\r\n\r\n");
    response = c->next();
    QVERIFY(response);
    QCOMPARE(response->status, 204);
    QVERIFY(!response->has("access-control-allow-origin"));
    QVERIFY(!response->has("access-control-allow-headers"));
    QCOMPARE(m_refusedSpy->size(), 0);
}

void TestHttpServer::corsWithoutOrigins()
{
    RawClient *c = client();
    QVERIFY(c);
    c->send("GET /cors HTTP/1.1\r\nOrigin: http://allowed.test\r\n\r\n");
    auto response = c->next();
    QVERIFY(response);
    QCOMPARE(response->status, 200);
    for (const Header &header : response->headers)
        QVERIFY2(!header.first.startsWith("access-control-"), header.first.constData());
    // Like the cors package with `origin: false`: OPTIONS is routed like any method.
    c->send("OPTIONS /cors HTTP/1.1\r\nOrigin: http://allowed.test\r\n"
            "Access-Control-Request-Method: POST\r\n\r\n");
    response = c->next();
    QVERIFY(response);
    QCOMPARE(response->status, 405);
    QCOMPARE(response->header("allow"), QByteArray("GET, POST"));
    QVERIFY(!response->has("access-control-allow-origin"));
}

// --- compression --------------------------------------------------------------------------------

void TestHttpServer::compression_data()
{
    QTest::addColumn<QByteArray>("target");
    QTest::addColumn<QByteArray>("acceptEncoding");
    QTest::addColumn<QByteArray>("expectedEncoding");
    QTest::addColumn<int>("size");

    // The default threshold is 1024 bytes.
    QTest::newRow("gzip preferred")
        << QByteArray("/sized?n=4000") << QByteArray("gzip, deflate, br") << QByteArray("gzip")
        << 4000;
    QTest::newRow("deflate only") << QByteArray("/sized?n=4000") << QByteArray("deflate")
                                  << QByteArray("deflate") << 4000;
    QTest::newRow("gzip refused with q=0")
        << QByteArray("/sized?n=4000") << QByteArray("gzip;q=0, deflate") << QByteArray("deflate")
        << 4000;
    QTest::newRow("everything refused")
        << QByteArray("/sized?n=4000") << QByteArray("gzip;q=0, deflate;q=0") << QByteArray()
        << 4000;
    QTest::newRow("no accept-encoding")
        << QByteArray("/sized?n=4000") << QByteArray() << QByteArray() << 4000;
    QTest::newRow("exactly at threshold")
        << QByteArray("/sized?n=1024") << QByteArray("gzip") << QByteArray("gzip") << 1024;
    QTest::newRow("one below threshold")
        << QByteArray("/sized?n=1023") << QByteArray("gzip") << QByteArray() << 1023;
    QTest::newRow("not compressible") << QByteArray("/sized?n=4000&compressible=no")
                                      << QByteArray("gzip") << QByteArray() << 4000;
}

void TestHttpServer::compression()
{
    QFETCH(QByteArray, target);
    QFETCH(QByteArray, acceptEncoding);
    QFETCH(QByteArray, expectedEncoding);
    QFETCH(int, size);

    RawClient *c = client();
    QVERIFY(c);
    QByteArray request = "GET " + target + " HTTP/1.1\r\n";
    if (!acceptEncoding.isNull())
        request += "Accept-Encoding: " + acceptEncoding + "\r\n";
    c->send(request + "\r\n");
    const auto response = c->next();
    QVERIFY(response);
    QCOMPARE(response->status, 200);
    QCOMPARE(response->header("content-encoding"), expectedEncoding);
    QByteArray body = response->body;
    if (expectedEncoding == "gzip")
        body = sb::test::inflate(body, 15 + 16).value_or("<corrupt>");
    else if (expectedEncoding == "deflate")
        body = sb::test::inflate(body, 15).value_or("<corrupt>");
    if (!expectedEncoding.isNull())
        QVERIFY(response->body.size() < size / 4);
    QCOMPARE(body, compressibleText(size));
    QCOMPARE(
        response->all("vary").contains("Accept-Encoding"), size >= 1024 && !target.contains("=no"));
}

void TestHttpServer::compressionOff()
{
    ServerOptions options;
    options.compression = false;
    start(options);
    RawClient *c = client();
    QVERIFY(c);
    c->send("GET /sized?n=4000 HTTP/1.1\r\nAccept-Encoding: gzip\r\n\r\n"
            "GET /index.html HTTP/1.1\r\nAccept-Encoding: gzip\r\n\r\n");
    for (int i = 0; i < 2; ++i) {
        const auto response = c->next();
        QVERIFY(response);
        QVERIFY(!response->has("content-encoding"));
        QVERIFY(response->body.size() >= 3000);
    }
}

void TestHttpServer::compressedHead()
{
    RawClient *c = client();
    QVERIFY(c);
    c->send("HEAD /sized?n=4000 HTTP/1.1\r\nAccept-Encoding: gzip\r\n\r\n"
            "GET /sized?n=4000 HTTP/1.1\r\nAccept-Encoding: gzip\r\n\r\n");
    const auto head = c->next(true);
    const auto get = c->next();
    QVERIFY(head && get);
    QCOMPARE(head->header("content-encoding"), QByteArray("gzip"));
    QCOMPARE(head->header("content-length"), get->header("content-length"));
    QCOMPARE(sb::test::inflate(get->body, 15 + 16).value_or("<corrupt>"), compressibleText(4000));
}

// --- static files -------------------------------------------------------------------------------

void TestHttpServer::staticFile()
{
    RawClient *c = client();
    QVERIFY(c);
    c->send("GET /index.html HTTP/1.1\r\n\r\n");
    auto response = c->next();
    QVERIFY(response);
    QCOMPARE(response->status, 200);
    QCOMPARE(response->body, kStaticBody);
    QCOMPARE(response->header("content-type"), QByteArray("text/html; charset=UTF-8"));
    QCOMPARE(response->header("cache-control"), QByteArray("public, max-age=0"));
    const QByteArray etag = response->header("etag");
    QVERIFY(etag.size() > 2 && etag.startsWith('"') && etag.endsWith('"'));

    c->send("GET /index.html HTTP/1.1\r\nIf-None-Match: " + etag + "\r\n\r\n");
    response = c->next();
    QVERIFY(response);
    QCOMPARE(response->status, 304);
    QCOMPARE(response->header("etag"), etag);
    QVERIFY(response->body.isEmpty());

    c->send("GET /index.html HTTP/1.1\r\nIf-None-Match: \"x\", W/" + etag + "\r\n\r\n");
    response = c->next();
    QVERIFY(response);
    QCOMPARE(response->status, 304);

    c->send("GET /index.html HTTP/1.1\r\nIf-None-Match: \"other\"\r\n\r\n");
    response = c->next();
    QVERIFY(response);
    QCOMPARE(response->status, 200);
    QCOMPARE(response->body, kStaticBody);

    c->send("HEAD /index.html HTTP/1.1\r\n\r\nGET /tiny.txt HTTP/1.1\r\n\r\n");
    response = c->next(true);
    QVERIFY(response);
    QCOMPARE(response->status, 200);
    QCOMPARE(response->header("content-length").toInt(), kStaticBody.size());
    QCOMPARE(response->header("etag"), etag);
    response = c->next();
    QVERIFY(response);
    QCOMPARE(response->body, QByteArray("tiny"));
    QVERIFY(response->header("etag") != etag);
}

void TestHttpServer::staticFileCompressed()
{
    RawClient *c = client();
    QVERIFY(c);
    c->send("GET /index.html HTTP/1.1\r\n\r\n");
    const auto plain = c->next();
    QVERIFY(plain);
    c->send("GET /index.html HTTP/1.1\r\nAccept-Encoding: gzip, deflate\r\n\r\n");
    auto response = c->next();
    QVERIFY(response);
    QCOMPARE(response->header("content-encoding"), QByteArray("gzip"));
    QVERIFY(response->all("vary").contains("Accept-Encoding"));
    QCOMPARE(sb::test::inflate(response->body, 15 + 16).value_or("<corrupt>"), kStaticBody);
    const QByteArray gzipTag = response->header("etag");
    QVERIFY(gzipTag != plain->header("etag")); // another representation, another strong tag

    c->send("GET /index.html HTTP/1.1\r\nAccept-Encoding: gzip\r\nIf-None-Match: " + gzipTag
        + "\r\n\r\n");
    response = c->next();
    QVERIFY(response);
    QCOMPARE(response->status, 304);

    c->send("GET /index.html HTTP/1.1\r\nAccept-Encoding: deflate\r\n\r\n");
    response = c->next();
    QVERIFY(response);
    QCOMPARE(response->header("content-encoding"), QByteArray("deflate"));
    QCOMPARE(sb::test::inflate(response->body, 15).value_or("<corrupt>"), kStaticBody);
}

// --- exchanges ----------------------------------------------------------------------------------

void TestHttpServer::abortCallbackWhenClientDrops()
{
    RawClient *c = client();
    QVERIFY(c);
    c->send("GET /deferred?transport=polling HTTP/1.1\r\n\r\n");
    QTRY_COMPARE_WITH_TIMEOUT(m_deferred.size(), 1, kTimeout);
    const ExchangePtr exchange = m_deferred.first();
    int aborted = 0;
    exchange->onAborted([&aborted] { ++aborted; });
    QVERIFY(exchange->isPending());
    QCOMPARE(m_server->connectionCount(), 1);

    c->socket().abort();
    QTRY_COMPARE_WITH_TIMEOUT(aborted, 1, kTimeout);
    QVERIFY(!exchange->isPending());
    QVERIFY(!exchange->responded());
    exchange->respond(Response::text(200, "too late")); // a no-op, not a crash
    QVERIFY(!exchange->responded());
    QTRY_COMPARE_WITH_TIMEOUT(m_server->connectionCount(), 0, kTimeout);
    QCOMPARE(aborted, 1);
    // Nothing keeps the connection: only our list holds the exchange.
    m_deferred.clear();
    QCOMPARE(exchange.use_count(), 1);
}

void TestHttpServer::answeredExchangeIsNotAborted()
{
    RawClient *c = client();
    QVERIFY(c);
    c->send("GET /deferred HTTP/1.1\r\n\r\nGET /deferred HTTP/1.1\r\n\r\n");
    QTRY_COMPARE_WITH_TIMEOUT(m_deferred.size(), 2, kTimeout);
    int aborted = 0;
    m_deferred.at(0)->onAborted([&aborted] { aborted += 1; });
    m_deferred.at(1)->onAborted([&aborted] { aborted += 10; });
    // The second is answered but cannot be written before the first: still not "aborted".
    m_deferred.at(1)->respond(Response::text(200, "second"));
    c->socket().abort();
    QTRY_COMPARE_WITH_TIMEOUT(aborted, 1, kTimeout);
    QTRY_COMPARE_WITH_TIMEOUT(m_server->connectionCount(), 0, kTimeout);
    QCOMPARE(aborted, 1);
}

// --- WebSocket hand-off -------------------------------------------------------------------------

void TestHttpServer::webSocketHandOff()
{
    QWebSocket webSocket;
    QSignalSpy connected(&webSocket, &QWebSocket::connected);
    QSignalSpy messages(&webSocket, &QWebSocket::textMessageReceived);
    webSocket.open(QUrl(QStringLiteral("ws://127.0.0.1:%1/ws/?EIO=4&transport=websocket&name=a%20b")
                            .arg(m_server->serverPort())));
    QVERIFY(connected.wait(kTimeout) || connected.size() == 1);
    QTRY_COMPARE_WITH_TIMEOUT(m_webSockets.size(), 1, kTimeout);
    const Request &request = m_webSocketRequests.first();
    QCOMPARE(request.path, QByteArray("/ws/"));
    QCOMPARE(request.method, QByteArray("GET"));
    QVERIFY(request.upgrade);
    QCOMPARE(request.queryValue("transport"), QByteArray("websocket"));
    QCOMPARE(request.queryValue("name"), QByteArray("a b"));
    QCOMPARE(request.remoteAddress, QHostAddress(QHostAddress::LocalHost));
    QCOMPARE(request.remotePort, webSocket.localPort());
    QVERIFY(m_webSockets.first()->parent() == nullptr);

    QTRY_COMPARE_WITH_TIMEOUT(messages.size(), 1, kTimeout);
    QCOMPARE(messages.at(0).at(0).toString(), QStringLiteral("welcome"));
    webSocket.sendTextMessage(QStringLiteral("hello"));
    QTRY_COMPARE_WITH_TIMEOUT(messages.size(), 2, kTimeout);
    QCOMPARE(messages.at(1).at(0).toString(), QStringLiteral("echo:hello"));
    // The HTTP side forgot the connection.
    QTRY_COMPARE_WITH_TIMEOUT(m_server->connectionCount(), 0, kTimeout);
    QCOMPARE(m_refusedSpy->size(), 0);

    // The same route without an upgrade is plain HTTP.
    RawClient *c = client();
    QVERIFY(c);
    c->send("GET /ws/?EIO=4&transport=polling HTTP/1.1\r\n\r\n");
    const auto response = c->next();
    QVERIFY(response);
    QCOMPARE(response->body, QByteArray("not an upgrade"));
    webSocket.close();
}

void TestHttpServer::webSocketAfterPipelinedRequest()
{
    RawClient *c = client();
    QVERIFY(c);
    // The upgrade waits behind an unanswered exchange; its head must stay unread in the socket.
    c->send("GET /deferred HTTP/1.1\r\n\r\nGET /ws/?EIO=4 HTTP/1.1\r\nHost: x\r\n" + kUpgradeHeaders
        + "\r\n");
    QTRY_COMPARE_WITH_TIMEOUT(m_deferred.size(), 1, kTimeout);
    QCOMPARE(m_webSockets.size(), 0);
    m_deferred.first()->respond(Response::text(200, "first"));
    const auto first = c->next();
    QVERIFY(first);
    QCOMPARE(first->body, QByteArray("first"));
    const auto switching = c->next(true);
    QVERIFY(switching);
    QCOMPARE(switching->status, 101);
    // RFC 6455 §1.3's example key and its accept value.
    QCOMPARE(switching->header("sec-websocket-accept"), QByteArray("s3pPLMBiTxaQ9kYGzzhZRbK+xOo="));
    QTRY_COMPARE_WITH_TIMEOUT(m_webSockets.size(), 1, kTimeout);
    // The server's first frame: FIN + text, 7 bytes, unmasked.
    QCOMPARE(c->take(9), QByteArray("\x81\x07welcome"));
}

void TestHttpServer::upgradeRefusedByCheck()
{
    RawClient *c = client();
    QVERIFY(c);
    c->send("GET /ws/?EIO=4&deny=1 HTTP/1.1\r\n" + kUpgradeHeaders + "\r\n");
    const auto response = c->next();
    QVERIFY(response);
    QCOMPARE(response->status, 403);
    QCOMPARE(response->body, QByteArray("denied"));
    QCOMPARE(response->header("connection"), QByteArray("close"));
    QVERIFY(c->waitDisconnected());
    REFUSED(RefusalReason::UpgradeRefused, 403);
    QCOMPARE(m_webSockets.size(), 0);

    // A real client sees the handshake fail.
    QWebSocket webSocket;
    QSignalSpy errors(&webSocket, qOverload<QAbstractSocket::SocketError>(&QWebSocket::error));
    webSocket.open(
        QUrl(QStringLiteral("ws://127.0.0.1:%1/ws/?deny=1").arg(m_server->serverPort())));
    QVERIFY(errors.wait(kTimeout) || errors.size() > 0);
    QCOMPARE(m_webSockets.size(), 0);
}

void TestHttpServer::upgradeOnPlainRoute()
{
    RawClient *c = client();
    QVERIFY(c);
    c->send("GET /echo HTTP/1.1\r\n" + kUpgradeHeaders + "\r\n");
    const auto response = c->next();
    QVERIFY(response);
    QCOMPARE(response->status, 404);
    QVERIFY(c->waitDisconnected());
    REFUSED(RefusalReason::NotFound, 404);
    QCOMPARE(m_echoCount, 0);
}

void TestHttpServer::upgradeNeedsAValidKeyAndVersion_data()
{
    QTest::addColumn<QByteArray>("headers");
    const QByteArray upgrade = "Upgrade: websocket\r\nConnection: Upgrade\r\n";
    const QByteArray v13 = "Sec-WebSocket-Version: 13\r\n";
    const QByteArray key = "Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\n";
    QTest::newRow("no key") << upgrade + v13;
    QTest::newRow("empty key") << upgrade + "Sec-WebSocket-Key: \r\n" + v13;
    QTest::newRow("short key") << upgrade + "Sec-WebSocket-Key: dGhlIHNhbXBsZQ==\r\n" + v13;
    QTest::newRow("long key") << upgrade + "Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZSBub25jZQ==\r\n"
            + v13;
    QTest::newRow("not base64") << upgrade + "Sec-WebSocket-Key: dGhlIHNhbXBsZSBub2!jZQ==\r\n"
            + v13;
    QTest::newRow("no padding") << upgrade + "Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQAA\r\n"
            + v13;
    QTest::newRow("no version") << upgrade + key;
    QTest::newRow("version 8") << upgrade + key + "Sec-WebSocket-Version: 8\r\n";
}

// RFC 6455 §4.2.1: a 400 before the hand-off, reported like every refusal; no WebSocket made.
void TestHttpServer::upgradeNeedsAValidKeyAndVersion()
{
    QFETCH(QByteArray, headers);
    RawClient *c = client();
    QVERIFY(c);
    c->send("GET /ws/?EIO=4 HTTP/1.1\r\nHost: x\r\n" + headers + "\r\n");
    const auto response = c->next();
    QVERIFY(response);
    QCOMPARE(response->status, 400);
    QVERIFY(c->waitDisconnected());
    REFUSED(RefusalReason::MalformedRequest, 400);
    QCOMPARE(m_webSockets.size(), 0);
}

void TestHttpServer::handshakeTimeout()
{
    ServerOptions options;
    options.handshakeTimeout = 300ms;
    start(options);
    RawClient *c = client();
    QVERIFY(c);
    // Bare LF line ends: a complete head for http_parser, but QWebSocketServer waits for
    // "\r\n\r\n" forever. Only our own timer can drop it.
    QByteArray head = "GET /ws/?EIO=4 HTTP/1.1\r\n" + kUpgradeHeaders + "\r\n";
    head.replace("\r\n", "\n");
    c->send(head);
    QVERIFY(c->waitDisconnected());
    QVERIFY(c->buffer().isEmpty());
    REFUSED(RefusalReason::HandshakeTimeout, 0);
    QCOMPARE(m_webSockets.size(), 0);
    QCOMPARE(m_server->connectionCount(), 0);
}

void TestHttpServer::urls()
{
    const QList<QUrl> local = m_server->urls();
    QCOMPARE(local.size(), 1);
    QCOMPARE(local.first().toString(),
        QStringLiteral("http://127.0.0.1:%1/").arg(m_server->serverPort()));

    HttpServer any(ServerOptions{});
    QVERIFY(any.listen(QHostAddress::AnyIPv4, 0));
    const QList<QUrl> all = any.urls();
    QVERIFY(!all.isEmpty());
    QCOMPARE(all.last().host(), QStringLiteral("127.0.0.1"));
    for (const QUrl &url : all) {
        QCOMPARE(url.scheme(), QStringLiteral("http"));
        QCOMPARE(url.port(), int(any.serverPort()));
        QCOMPARE(url.path(), QStringLiteral("/"));
        QVERIFY(QHostAddress(url.host()).protocol() == QAbstractSocket::IPv4Protocol);
    }
    any.close();
    QVERIFY(!any.isListening());
    QVERIFY(any.urls().isEmpty());
}

QTEST_GUILESS_MAIN(TestHttpServer)
#include "tst_http_server.moc"
