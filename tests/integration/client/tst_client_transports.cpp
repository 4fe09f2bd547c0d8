// The real client transports (QNetworkAccessManager polling, QWebSocket) against scripted
// servers on loopback that answer with whatever a test row says: every malformed server answer
// ends the session with "transport error" and a description, never a crash or a hang.

#include "client/engine_client.h"

#include <QSignalSpy>
#include <QTcpServer>
#include <QTcpSocket>
#include <QTest>
#include <QUrlQuery>
#include <QWebSocket>
#include <QWebSocketServer>

#include <functional>

using namespace sb;
using namespace sb::client;
using namespace Qt::StringLiterals;

namespace {

constexpr int Generous = 30'000;
const QByteArray GoodHandshake
    = R"(0{"sid":"abc","upgrades":[],"pingInterval":25000,"pingTimeout":20000,"maxPayload":1000})";

struct Reply
{
    int status = 200;
    QByteArray body;
    bool truncate = false; // announce more bytes than are sent, then hang up
};

// HTTP/1.1 with one exchange per connection: reads a request (headers and Content-Length body),
// asks the script for the reply to that request, sends it, closes.
class ScriptedHttpServer : public QObject
{
public:
    std::function<Reply(const QByteArray &method, const QByteArray &target, int index)> script;
    QList<QByteArray> requests; // "METHOD target"
    QList<QByteArray> heads; // the whole request head
    QList<QByteArray> bodies;

    bool listen()
    {
        connect(&m_server, &QTcpServer::newConnection, this, [this] {
            while (QTcpSocket *socket = m_server.nextPendingConnection()) {
                socket->setParent(this);
                connect(socket, &QTcpSocket::readyRead, this, [this, socket] { onData(socket); });
            }
        });
        return m_server.listen(QHostAddress::LocalHost, 0);
    }
    QUrl url() const { return QUrl(u"http://127.0.0.1:%1"_s.arg(m_server.serverPort())); }

private:
    void onData(QTcpSocket *socket)
    {
        QByteArray &buffer = m_buffers[socket];
        buffer += socket->readAll();
        const qsizetype end = buffer.indexOf("\r\n\r\n");
        if (end < 0)
            return;
        const QByteArray head = buffer.left(end);
        qsizetype length = 0;
        for (const QByteArray &line : head.split('\n')) {
            if (line.toLower().startsWith("content-length:"))
                length = line.mid(15).trimmed().toLongLong();
        }
        if (buffer.size() < end + 4 + length)
            return;
        const QList<QByteArray> requestLine = head.left(head.indexOf('\r')).split(' ');
        const QByteArray method = requestLine.value(0);
        const QByteArray target = requestLine.value(1);
        requests.append(method + ' ' + target);
        heads.append(head);
        bodies.append(buffer.mid(end + 4, length));
        m_buffers.remove(socket);
        const Reply reply = script(method, target, int(requests.size()) - 1);
        QByteArray response = "HTTP/1.1 " + QByteArray::number(reply.status)
            + " Whatever\r\nContent-Type: text/plain; charset=UTF-8\r\nContent-Length: "
            + QByteArray::number(reply.body.size() + (reply.truncate ? 100 : 0))
            + "\r\nConnection: close\r\n\r\n" + reply.body;
        socket->write(response);
        socket->disconnectFromHost();
    }

    QTcpServer m_server;
    QHash<QTcpSocket *, QByteArray> m_buffers;
};

} // namespace
Q_DECLARE_METATYPE(Reply)
namespace {

EngineClientOptions optionsFor(const QUrl &url, const QString &transport)
{
    EngineClientOptions options;
    options.target.url = url;
    options.transports = {transport};
    return options;
}

} // namespace

class TestClientTransports : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void pollingSession();
    void pollingBadAnswers_data();
    void pollingBadAnswers();
    void pollingRefusedHandshake();
    void pollingNobodyListening();
    void websocketSession();
    void websocketBadFrames_data();
    void websocketBadFrames();
    void pathQueryAndHeaders();
};

void TestClientTransports::pollingSession()
{
    ScriptedHttpServer server;
    server.script = [](const QByteArray &method, const QByteArray &, int index) -> Reply {
        if (method == "POST")
            return {200, "ok"};
        if (index == 0)
            return {200, GoodHandshake};
        if (index == 1)
            return {200,
                "4one\x1e"
                "bAAE=\x1e"
                "2"};
        return {200, "1"}; // the server closes
    };
    QVERIFY(server.listen());
    EngineClient engine(optionsFor(server.url(), u"polling"_s));
    QSignalSpy messages(&engine, &EngineClient::messageReceived);
    QSignalSpy closed(&engine, &EngineClient::closed);
    engine.open();
    QVERIFY(closed.wait(Generous));
    QCOMPARE(closed.first().first().toString(), u"transport close"_s);
    QCOMPARE(messages.size(), 2);
    QCOMPARE(messages.at(0).first().value<eio::Packet>().data, QByteArray("one"));
    QCOMPARE(messages.at(1).first().value<eio::Packet>().data, QByteArray("\x00\x01", 2));
    const QByteArray first = server.requests.first();
    QVERIFY2(first.startsWith("GET /engine.io/?EIO=4&transport=polling&t="), first.constData());
    QVERIFY(server.requests.at(1).contains("sid=abc"));
    // The ping was answered with a pong in a POST.
    QTRY_VERIFY_WITH_TIMEOUT(server.bodies.contains("3"), Generous);
}

void TestClientTransports::pollingBadAnswers_data()
{
    QTest::addColumn<Reply>("handshake");
    QTest::addColumn<Reply>("poll");
    QTest::addColumn<QString>("expected");
    const Reply good{200, GoodHandshake};
    QTest::newRow("empty first body") << Reply{200, ""} << good << u"parse error"_s;
    QTest::newRow("no open packet first") << Reply{200, "4hello"} << good << u"handshake"_s;
    QTest::newRow("bad handshake json") << Reply{200, "0{\"sid\":"} << good << u"JSON"_s;
    QTest::newRow("unknown type first") << Reply{200, "9"} << good << u"parse error"_s;
    QTest::newRow("truncated handshake") << Reply{200, "0{", true} << good << u"xhr poll error"_s;
    QTest::newRow("unknown type") << good << Reply{200, "9x"} << u"unknown packet type"_s;
    QTest::newRow("empty record") << good << Reply{200, "4a\x1e"} << u"empty packet"_s;
    QTest::newRow("empty body") << good << Reply{200, ""} << u"empty packet"_s;
    QTest::newRow("bad base64") << good << Reply{200, "b@@@"} << u"base64"_s;
    QTest::newRow("second handshake") << good << Reply{200, GoodHandshake} << u"second handshake"_s;
    QTest::newRow("pong from the server") << good << Reply{200, "3"} << u"pong"_s;
    QTest::newRow("http error") << good
                                << Reply{400, R"({"code":1,"message":"Session ID unknown"})"}
                                << u"HTTP 400"_s;
    QTest::newRow("cut off") << good << Reply{200, "4abc", true} << u"xhr poll error"_s;
}

void TestClientTransports::pollingBadAnswers()
{
    QFETCH(Reply, handshake);
    QFETCH(Reply, poll);
    QFETCH(QString, expected);
    ScriptedHttpServer server;
    server.script = [&](const QByteArray &method, const QByteArray &, int index) -> Reply {
        if (method == "POST")
            return {200, "ok"};
        return index == 0 ? handshake : poll;
    };
    QVERIFY(server.listen());
    EngineClient engine(optionsFor(server.url(), u"polling"_s));
    QSignalSpy errors(&engine, &EngineClient::errorOccurred);
    QSignalSpy closed(&engine, &EngineClient::closed);
    engine.open();
    QVERIFY(closed.wait(Generous));
    QCOMPARE(closed.first().first().toString(), u"transport error"_s);
    QCOMPARE(errors.size(), 1);
    const QString error = errors.first().first().toString();
    QVERIFY2(error.contains(expected, Qt::CaseInsensitive), qPrintable(error));
    QCOMPARE(engine.state(), EngineClient::State::Closed);
}

void TestClientTransports::pollingRefusedHandshake()
{
    ScriptedHttpServer server;
    server.script = [](const QByteArray &, const QByteArray &, int) -> Reply {
        return {400, R"({"code":5,"message":"Unsupported protocol version"})"};
    };
    QVERIFY(server.listen());
    EngineClient engine(optionsFor(server.url(), u"polling"_s));
    QSignalSpy errors(&engine, &EngineClient::errorOccurred);
    engine.open();
    QVERIFY(errors.wait(Generous));
    QVERIFY(errors.first().first().toString().contains(u"Unsupported protocol version"_s));
}

void TestClientTransports::pollingNobodyListening()
{
    quint16 port = 0;
    {
        QTcpServer probe;
        QVERIFY(probe.listen(QHostAddress::LocalHost, 0));
        port = probe.serverPort();
    }
    for (const QString &transport : {u"polling"_s, u"websocket"_s}) {
        EngineClient engine(optionsFor(QUrl(u"http://127.0.0.1:%1"_s.arg(port)), transport));
        QSignalSpy closed(&engine, &EngineClient::closed);
        engine.open();
        QVERIFY(closed.wait(Generous));
        QCOMPARE(closed.first().first().toString(), u"transport error"_s);
    }
}

namespace {

// A WebSocket server that sends the given frames to whoever connects.
struct ScriptedWebSocketServer
{
    QWebSocketServer server{u"test"_s, QWebSocketServer::NonSecureMode};
    QList<QWebSocket *> sockets;
    QStringList received;
    QString requestPath;
    QByteArray headerValue; // of X-Test

    bool listen(const std::function<void(QWebSocket *)> &onConnection)
    {
        QObject::connect(&server, &QWebSocketServer::newConnection, &server, [this, onConnection] {
            QWebSocket *socket = server.nextPendingConnection();
            socket->setParent(&server);
            sockets.append(socket);
            requestPath = socket->requestUrl().toString(QUrl::RemoveScheme | QUrl::RemoveAuthority);
            headerValue = socket->request().rawHeader("X-Test");
            QObject::connect(socket, &QWebSocket::textMessageReceived, &server,
                [this](const QString &text) { received.append(text); });
            onConnection(socket);
        });
        return server.listen(QHostAddress::LocalHost, 0);
    }
    QUrl url() const { return QUrl(u"http://127.0.0.1:%1"_s.arg(server.serverPort())); }
};

} // namespace

void TestClientTransports::websocketSession()
{
    ScriptedWebSocketServer ws;
    QVERIFY(ws.listen([](QWebSocket *socket) {
        socket->sendTextMessage(QString::fromUtf8(GoodHandshake));
        socket->sendTextMessage(u"4text"_s);
        socket->sendBinaryMessage(QByteArray("\x00\x02", 2));
        socket->sendTextMessage(u"2"_s);
    }));
    EngineClient engine(optionsFor(ws.url(), u"websocket"_s));
    QSignalSpy messages(&engine, &EngineClient::messageReceived);
    engine.open();
    QTRY_COMPARE_WITH_TIMEOUT(messages.size(), 2, Generous);
    QCOMPARE(messages.at(1).first().value<eio::Packet>().binary, true);
    QTRY_VERIFY_WITH_TIMEOUT(ws.received.contains(u"3"_s), Generous);
    QVERIFY2(ws.requestPath.startsWith(u"/engine.io/?EIO=4&transport=websocket"_s),
        qPrintable(ws.requestPath));
    engine.sendText("up");
    engine.sendBinary("bin");
    QTRY_VERIFY_WITH_TIMEOUT(ws.received.contains(u"4up"_s), Generous);
    QSignalSpy closed(&engine, &EngineClient::closed);
    ws.sockets.first()->close(QWebSocketProtocol::CloseCodeGoingAway);
    QVERIFY(closed.wait(Generous));
    QCOMPARE(closed.first().first().toString(), u"transport close"_s);
}

void TestClientTransports::websocketBadFrames_data()
{
    QTest::addColumn<QString>("frame");
    QTest::addColumn<QString>("expected");
    QTest::newRow("empty frame") << QString() << u"empty packet"_s;
    QTest::newRow("unknown type") << u"7"_s << u"unknown packet type"_s;
    QTest::newRow("bad base64") << u"b***"_s << u"base64"_s;
    QTest::newRow("upgrade from the server") << u"5"_s << u"upgrade"_s;
    QTest::newRow("second handshake") << QString::fromUtf8(GoodHandshake) << u"second handshake"_s;
}

void TestClientTransports::websocketBadFrames()
{
    QFETCH(QString, frame);
    QFETCH(QString, expected);
    ScriptedWebSocketServer ws;
    QVERIFY(ws.listen([frame](QWebSocket *socket) {
        socket->sendTextMessage(QString::fromUtf8(GoodHandshake));
        socket->sendTextMessage(frame);
    }));
    EngineClient engine(optionsFor(ws.url(), u"websocket"_s));
    QSignalSpy errors(&engine, &EngineClient::errorOccurred);
    QSignalSpy closed(&engine, &EngineClient::closed);
    engine.open();
    QVERIFY(closed.wait(Generous));
    QCOMPARE(closed.first().first().toString(), u"transport error"_s);
    const QString error = errors.value(0).value(0).toString();
    QVERIFY2(error.contains(expected, Qt::CaseInsensitive), qPrintable(error));
}

void TestClientTransports::pathQueryAndHeaders()
{
    auto configure = [](EngineClientOptions &options) {
        options.target.path = u"/custom/"_s;
        options.target.query.addQueryItem(u"room"_s, u"r 1"_s);
        options.target.extraHeaders.append(qMakePair(QByteArray("X-Test"), QByteArray("yes")));
    };
    ScriptedHttpServer http;
    http.script = [](const QByteArray &, const QByteArray &, int) -> Reply {
        return {200, GoodHandshake};
    };
    QVERIFY(http.listen());
    EngineClientOptions polling = optionsFor(http.url(), u"polling"_s);
    configure(polling);
    EngineClient viaPolling(polling);
    QSignalSpy opened(&viaPolling, &EngineClient::opened);
    viaPolling.open();
    QVERIFY(opened.wait(Generous));
    const QByteArray request = http.requests.first();
    QVERIFY2(request.startsWith("GET /custom/?"), request.constData());
    QVERIFY2(request.contains("room=r%201") && request.contains("EIO=4"), request.constData());
    QVERIFY(http.heads.first().contains("X-Test: yes"));

    ScriptedWebSocketServer ws;
    QVERIFY(ws.listen(
        [](QWebSocket *socket) { socket->sendTextMessage(QString::fromUtf8(GoodHandshake)); }));
    EngineClientOptions websocket = optionsFor(ws.url(), u"websocket"_s);
    configure(websocket);
    EngineClient viaWebSocket(websocket);
    QSignalSpy wsOpened(&viaWebSocket, &EngineClient::opened);
    viaWebSocket.open();
    QVERIFY(wsOpened.wait(Generous));
    QVERIFY2(ws.requestPath.startsWith(u"/custom/?"_s), qPrintable(ws.requestPath));
    const QUrlQuery query(QUrl(ws.requestPath).query());
    QCOMPARE(query.queryItemValue(u"room"_s), u"r 1"_s);
    QCOMPARE(ws.headerValue, QByteArray("yes"));
}

QTEST_GUILESS_MAIN(TestClientTransports)
#include "tst_client_transports.moc"
