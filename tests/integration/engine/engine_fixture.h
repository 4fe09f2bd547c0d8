#pragma once

// In-process Engine.IO server for the integration tests, and the raw clients that talk to it:
// an HttpServer + EngineServer on 127.0.0.1 port 0 with an echo application and a recording
// observer; a raw HTTP/1.1 connection on QTcpSocket; a QWebSocket client; a raw WebSocket that can
// send frames no well-behaved client would. Everything runs on the test's thread, so every wait
// spins the event loop (QTest::qWaitFor) instead of blocking.

#include "engine/engine_observer.h"
#include "engine/engine_options.h"
#include "engine/engine_server.h"
#include "http/http_server.h"

#include <QHash>
#include <QJsonObject>
#include <QList>
#include <QObject>
#include <QTcpSocket>
#include <QUrl>
#include <QWebSocket>

#include <memory>
#include <optional>

namespace sb::test {

// Generous: the machine is slow and shared, and these only bound the wait for something that
// normally happens in milliseconds.
inline constexpr int WaitMs = 10'000;

// The application of the test server: every message goes back unchanged.
class EchoHandler final : public eio::SessionHandler
{
public:
    void sessionOpened(eio::Session &) override { }
    void messageReceived(eio::Session &session, const eio::Packet &packet) override;
    void sessionClosed(eio::Session &, eio::CloseReason) override { }
};

// Records every observer hook, and re-emits them as signals for QSignalSpy.
class RecordingObserver final : public QObject, public eio::EngineObserver
{
    Q_OBJECT
public:
    struct RefusalRecord
    {
        int code = -1;
        QString message;
        QByteArray detail;
        QByteArray method;
        QByteArray target;
    };

    void handshakeRefused(const eio::Refusal &refusal, const http::Request &request) override;
    void sessionOpened(const eio::Session &session) override;
    void sessionUpgraded(const eio::Session &session) override;
    void sessionClosed(const eio::Session &session, eio::CloseReason reason) override;

    QList<RefusalRecord> refusals;
    QList<QByteArray> openedIds;
    QList<QByteArray> upgradedIds;
    QHash<QByteArray, QString> closeReasons; // session id → closeReasonText
    // The reason a session closed with; empty while it has not closed.
    QString closeReason(const QByteArray &sid) const { return closeReasons.value(sid); }

Q_SIGNALS:
    void refused(int code);
    void opened(const QByteArray &sid);
    void upgraded(const QByteArray &sid);
    void closed(const QByteArray &sid, const QString &reason);
};

struct HttpReply
{
    int status = 0;
    QList<std::pair<QByteArray, QByteArray>> headers; // names lower-cased
    QByteArray body;

    QByteArray header(QByteArrayView name) const; // null when absent
    bool hasHeader(QByteArrayView name) const { return !header(name).isNull(); }
    // "400 {"code":3,...}" for failure messages.
    QByteArray describe() const;
};

// One raw client TCP connection speaking HTTP/1.1 by hand. Responses are parsed as they arrive.
class RawHttpConnection final : public QObject
{
    Q_OBJECT
public:
    explicit RawHttpConnection(quint16 port, QObject *parent = nullptr);

    bool isConnected() const { return m_socket.state() == QAbstractSocket::ConnectedState; }
    void write(const QByteArray &bytes);
    // Sends a request with Host and Content-Length (when there is a body) added.
    void sendRequest(const QByteArray &method, const QByteArray &target,
        const QByteArray &body = {}, const QList<std::pair<QByteArray, QByteArray>> &headers = {});
    // The next complete response; std::nullopt when none came in time or the server closed first.
    std::optional<HttpReply> waitReply(int timeoutMs = WaitMs);
    bool hasReply() const { return !m_replies.isEmpty(); }
    // True once the server closed the connection (or it was aborted).
    bool waitDisconnected(int timeoutMs = WaitMs);
    bool isDisconnected() const { return m_disconnected; }
    void abort() { m_socket.abort(); }
    const QByteArray &received() const { return m_received; }

private:
    void readAvailable();
    bool parseOne(bool atEnd);

    QTcpSocket m_socket;
    QByteArray m_buffer; // unparsed
    QByteArray m_received; // everything, for diagnostics
    QList<HttpReply> m_replies;
    bool m_disconnected = false;
};

// A QWebSocket client whose messages (text and binary, in order) are queued for the test.
class WsClient final : public QObject
{
    Q_OBJECT
public:
    struct Message
    {
        bool binary = false;
        QByteArray data; // UTF-8 for text
    };

    explicit WsClient(QObject *parent = nullptr);
    ~WsClient() override;
    // Connects; true once the WebSocket handshake succeeded (even if the server closed right
    // after).
    bool open(const QUrl &url, int timeoutMs = WaitMs);
    void sendText(const QByteArray &utf8) { m_socket.sendTextMessage(QString::fromUtf8(utf8)); }
    void sendBinary(const QByteArray &data) { m_socket.sendBinaryMessage(data); }
    std::optional<Message> next(int timeoutMs = WaitMs);
    // The next message, which must be text; empty optional otherwise.
    std::optional<QByteArray> nextText(int timeoutMs = WaitMs);
    bool waitDisconnected(int timeoutMs = WaitMs);
    bool isConnected() const { return m_socket.state() == QAbstractSocket::ConnectedState; }
    bool wasDisconnected() const { return m_disconnected; }
    QWebSocketProtocol::CloseCode closeCode() const { return m_socket.closeCode(); }
    qsizetype pending() const { return m_messages.size(); }
    QWebSocket &socket() { return m_socket; }

private:
    QWebSocket m_socket;
    QList<Message> m_messages;
    bool m_connected = false;
    bool m_disconnected = false;
};

// A WebSocket done by hand on a QTcpSocket, to send frames a real client never would (unknown
// opcodes, unmasked frames, bad UTF-8...). Reads the server's frames too.
class RawWebSocket final : public QObject
{
    Q_OBJECT
public:
    struct Frame
    {
        int opcode = 0;
        bool fin = true;
        QByteArray payload;
    };

    explicit RawWebSocket(quint16 port, QObject *parent = nullptr);
    // Sends the upgrade request and waits for the 101; false (and the reply in *reply) otherwise.
    bool handshake(const QByteArray &target, QByteArray *reply = nullptr,
        const QList<std::pair<QByteArray, QByteArray>> &extraHeaders = {}, int timeoutMs = WaitMs);
    void sendFrame(
        int opcode, const QByteArray &payload, bool fin = true, bool masked = true, int rsv = 0);
    // One frame as a client would put it on the wire (masked unless told otherwise).
    static QByteArray encodeFrame(
        int opcode, const QByteArray &payload, bool fin = true, bool masked = true, int rsv = 0);
    void writeRaw(const QByteArray &bytes) { m_socket.write(bytes); }
    bool wasDisconnected() const { return m_disconnected; }
    std::optional<Frame> nextFrame(int timeoutMs = WaitMs);
    bool waitDisconnected(int timeoutMs = WaitMs);
    // The close code of the server's close frame, if one came (after waitDisconnected()).
    std::optional<int> serverCloseCode() const { return m_closeCode; }

private:
    void readAvailable();
    QTcpSocket m_socket;
    QByteArray m_buffer;
    QList<Frame> m_frames;
    bool m_upgraded = false;
    bool m_disconnected = false;
    bool m_closeSent = false;
    std::optional<int> m_closeCode;
};

// The server under test, on its own port.
class EngineFixture
{
public:
    static inline const QByteArray Path = QByteArrayLiteral("/engine.io/");

    explicit EngineFixture(
        eio::EngineOptions engineOptions = {}, http::ServerOptions httpOptions = {});
    ~EngineFixture();

    bool listen();
    quint16 port() const { return m_http->serverPort(); }
    eio::EngineServer &engine() { return *m_engine; }
    http::HttpServer &http() { return *m_http; }
    RecordingObserver &observer() { return m_observer; }

    static QByteArray target(const QByteArray &query) { return Path + '?' + query; }
    QUrl webSocketUrl(const QByteArray &query) const;

    // One request on a fresh connection; status 0 when no response came.
    HttpReply request(const QByteArray &method, const QByteArray &query,
        const QByteArray &body = {}, const QList<std::pair<QByteArray, QByteArray>> &headers = {});
    HttpReply get(
        const QByteArray &query, const QList<std::pair<QByteArray, QByteArray>> &headers = {})
    {
        return request("GET", query, {}, headers);
    }
    HttpReply post(const QByteArray &query, const QByteArray &body,
        const QList<std::pair<QByteArray, QByteArray>> &headers
        = {{"Content-Type", "text/plain;charset=UTF-8"}})
    {
        return request("POST", query, body, headers);
    }

    // A polling handshake; returns the session id (empty on failure, with the reason in *error)
    // and the parsed open packet in *open.
    QByteArray pollingHandshake(QJsonObject *open = nullptr, QString *error = nullptr);
    // A WebSocket-only handshake on the given client; returns the session id (empty on failure).
    QByteArray webSocketHandshake(WsClient &client, QJsonObject *open = nullptr);
    static QByteArray sidQuery(const QByteArray &sid, const QByteArray &transport = "polling")
    {
        return "EIO=4&transport=" + transport + "&sid=" + sid;
    }

private:
    std::unique_ptr<http::HttpServer> m_http;
    std::unique_ptr<eio::EngineServer> m_engine;
    EchoHandler m_echo;
    RecordingObserver m_observer;
};

// Parses `0{...}` (an open packet) into its JSON object; empty object when it is not one.
QJsonObject parseOpenPacket(const QByteArray &text);
// Decodes a whole body sent with Content-Encoding gzip or deflate; std::nullopt when invalid.
std::optional<QByteArray> inflateBody(const QByteArray &data, const QByteArray &coding);

} // namespace sb::test
