#pragma once

#include "http/exchange.h"

#include <QHostAddress>
#include <QObject>
#include <QSslConfiguration>
#include <QStringList>
#include <QUrl>

#include <chrono>
#include <functional>
#include <optional>

class QTcpServer;
class QWebSocket;
class QWebSocketServer;

namespace sb::http {

// Why the front door refused a request on its own (before any handler saw it). Reported through
// HttpServer::requestRefused so that the monitor can show it; the status code is what the client
// got.
enum class RefusalReason {
    MalformedRequest, // 400
    HeaderTooLarge, // 431
    BodyTooLarge, // 413
    NotFound, // 404
    MethodNotAllowed, // 405
    HeaderTimeout, // connection dropped: headers not complete in time
    HandshakeTimeout, // connection dropped: WebSocket handshake not complete in time
    UpgradeRefused, // an upgrade check answered with an HTTP error
    BodyTimeout, // connection dropped: request body stalled longer than the idle timeout
    TlsHandshakeFailed, // connection dropped: not TLS, or the client gave up on our certificate
    TlsHandshakeTimeout, // connection dropped: TLS handshake not complete within headerTimeout
};

struct ServerOptions
{
    qsizetype maxHeaderSize = 16 * 1024; // request line + headers; beyond: 431 and close
    qsizetype maxBodySize = 1'000'000; // default for routes that set none; beyond: 413 and close
    std::chrono::milliseconds headerTimeout{10'000}; // first byte to end of headers
    std::chrono::milliseconds idleTimeout{5'000}; // keep-alive connection without a request
    // WebSocket hand-off until QWebSocketServer has answered 101 (our own timer: Qt's
    // setHandshakeTimeout does not apply to handleConnection()).
    std::chrono::milliseconds handshakeTimeout{10'000};
    int listenBacklog = 1024;
    // Origins allowed for cross-origin requests on CORS-enabled routes; "*" allows any. Empty:
    // no CORS headers at all (same-origin only).
    QStringList corsOrigins;
    bool compression = true;
    qsizetype compressionThreshold = 1024;
    // Set: every connection is TLS (HTTPS and WSS on the one port), with this server
    // configuration (local certificate, its chain and private key). The handshake counts against
    // headerTimeout.
    std::optional<QSslConfiguration> tls;
};

// The one listener of the process: HTTP/1.1 with keep-alive and pipelining, chunked bodies, CORS,
// static resources, and the hand-off of WebSocket upgrades to a non-listening QWebSocketServer.
// Knows nothing of Engine.IO. Lives on (and must be used from) the server thread.
class HttpServer : public QObject
{
    Q_OBJECT
public:
    using Handler = std::function<void(const ExchangePtr &)>;
    // Inspects an upgrade request before the hand-off: std::nullopt accepts it, a Response refuses
    // it (sent as is, then the connection closes).
    using UpgradeCheck = std::function<std::optional<Response>(const Request &)>;
    // Receives an accepted WebSocket (parented to nobody; the callee owns it) and its request.
    // No size limit is set on it: the callee must call setMaxAllowedIncomingMessageSize() and
    // setMaxAllowedIncomingFrameSize() (Qt's default is about 2 GiB).
    using WebSocketHandler = std::function<void(QWebSocket *, const Request &)>;

    struct Route
    {
        QByteArray pathPrefix; // matched against the request path; the longest match wins
        QList<QByteArray> methods; // e.g. {"GET", "POST"}; others: 405 (OPTIONS handled for CORS)
        Handler handler;
        qsizetype maxBodySize = -1; // -1: ServerOptions::maxBodySize
        bool cors = false;
        UpgradeCheck upgradeCheck; // set both to accept WebSocket upgrades on this route
        WebSocketHandler webSocketHandler;
    };

    explicit HttpServer(ServerOptions options, QObject *parent = nullptr);
    // Drops every connection quietly: no abort callback runs, no signal is emitted (the handlers'
    // owners may already be gone). Call close() first for a shutdown that tells them.
    ~HttpServer() override;

    void addRoute(Route route);
    // Serves fixed bytes (e.g. a Qt resource read at start-up) with GET and HEAD, ETag and 304.
    void addStaticFile(QByteArray path, QByteArray contentType, QByteArray body);

    bool listen(const QHostAddress &address, quint16 port);
    // Stops listening and aborts every open HTTP connection (unanswered exchanges get their abort
    // callbacks) and every unfinished WebSocket hand-off. Accepted QWebSockets belong to their
    // handlers and are not touched.
    void close();
    // Stops accepting new TCP connections only: open ones are served until they end (draining).
    void stopListening();
    bool isListening() const;
    quint16 serverPort() const;
    QHostAddress serverAddress() const;
    QString errorString() const;
    // http:// (https:// with TLS) URLs a browser on the LAN can use (every local address when
    // bound to "any").
    QList<QUrl> urls() const;

    const ServerOptions &options() const { return m_options; }
    int connectionCount() const;

Q_SIGNALS:
    void requestRefused(sb::http::RefusalReason reason, int status,
        const QHostAddress &remoteAddress, const QByteArray &target);

private:
    class Private;
    ServerOptions m_options;
    std::unique_ptr<Private> d;
};

} // namespace sb::http
