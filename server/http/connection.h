#pragma once

#include "common/deadline_service.h"
#include "http/exchange.h"
#include "http/http_server.h"

#include <QHostAddress>
#include <QObject>

#include <http_parser.h>

#include <deque>
#include <memory>

class QTcpSocket;

namespace sb::http {

class CorsPolicy;

// What a Connection needs from the server that accepted it. Implemented by HttpServer's private
// part; an interface so that the connection does not reach into the server's privates.
class ConnectionHost
{
public:
    using RoutePtr = std::shared_ptr<const HttpServer::Route>;

    virtual const ServerOptions &options() const = 0;
    virtual const CorsPolicy &corsPolicy() const = 0;
    // The route serving `path`: exact routes (static files) first, then the longest prefix.
    virtual RoutePtr findRoute(QByteArrayView path) const = 0;
    // The current IMF-fixdate for the Date header, cached per second.
    virtual QByteArray httpDate() = 0;
    virtual void requestRefused(RefusalReason reason, int status, const QHostAddress &remoteAddress,
        const QByteArray &target)
        = 0;
    // Takes `socket` (no parent, no signal connected to the connection) for the WebSocket
    // handshake.
    virtual void handOff(QTcpSocket *socket, Request request, RoutePtr route) = 0;
    // The connection is over (closed or handed off); the host forgets it and deletes it later.
    virtual void connectionFinished(Connection *connection) = 0;

protected:
    ~ConnectionHost() = default;
};

// One accepted TCP connection speaking HTTP/1.1: parses requests with http_parser, dispatches them
// to routes as Exchanges and writes the answers back strictly in request order.
//
// The socket is only ever peek()ed until a request head is complete, and then exactly the bytes the
// parser consumed are skip()ped: nothing past the current message is taken out of the socket. So
// when a head turns out to be a WebSocket upgrade, the socket still holds it untouched and can be
// given to QWebSocketServer::handleConnection (which breaks if any byte of it was read).
class Connection : public QObject
{
    Q_OBJECT
public:
    Connection(QTcpSocket *socket, ConnectionHost &host, QObject *parent = nullptr);
    // Silent: pending exchanges are detached without their abort callbacks (server destruction).
    ~Connection() override;

    // Drops the connection now; pending exchanges get their abort callbacks.
    void abort();

    // Called by Exchange::respond(); writes every answer that is next in line.
    void exchangeAnswered();

private:
    enum class State {
        Head, // waiting for (the rest of) a request head
        Body, // reading the body of the current request
        UpgradeWaiting, // an upgrade head is complete; earlier answers are still pending
        Draining, // no more requests: answer what is queued, then close
        Finished, // closed or handed off
    };
    enum class Timer { None, Head, Body, Idle };
    // What to do with the current request once it is complete.
    enum class Disposition { Handler, NotFound, MethodNotAllowed, Preflight };

    struct Pending
    {
        ExchangePtr exchange;
        bool cors = false;
    };

    void processInput();
    void processAvailable();
    bool readHead();
    bool headComplete(qsizetype consumed);
    bool upgradeHead();
    static bool isWebSocketKey(QByteArrayView key);
    void performUpgrade();
    bool readBody();
    void messageComplete();
    void refuse(RefusalReason reason, int status);
    void enqueue(ExchangePtr exchange, bool cors);
    void flush();
    QByteArray serialize(const Pending &pending, Response response, bool close);
    void arm(Timer timer);
    void timedOut();
    void onDisconnected();
    void finish(bool runAbortCallbacks);
    void resetMessage();

    static int onMessageBegin(http_parser *parser);
    static int onUrl(http_parser *parser, const char *at, size_t length);
    static int onHeaderField(http_parser *parser, const char *at, size_t length);
    static int onHeaderValue(http_parser *parser, const char *at, size_t length);
    static int onHeadersComplete(http_parser *parser);
    static int onBody(http_parser *parser, const char *at, size_t length);
    static int onMessageComplete(http_parser *parser);
    static const http_parser_settings s_settings;

    ConnectionHost &m_host;
    QTcpSocket *m_socket = nullptr; // child of this until handed off
    Deadline m_timer; // the header, body or idle timeout (m_timerKind)
    QHostAddress m_peerAddress;
    quint16 m_peerPort = 0;
    http_parser m_parser{};
    State m_state = State::Head;
    Timer m_timerKind = Timer::None;
    std::deque<Pending> m_queue; // exchanges in request order, answered or not

    // The message being parsed.
    Request m_request;
    ConnectionHost::RoutePtr m_route;
    Disposition m_disposition = Disposition::Handler;
    qsizetype m_fed = 0; // head bytes given to the parser but still in the socket
    qsizetype m_bodyLimit = 0;
    bool m_headerValueLast = false;
    bool m_bodyTooLarge = false;

    bool m_inProcessInput = false;
    bool m_inputPending = false;
    bool m_inFlush = false;
    bool m_tlsFailureReported = false;
};

} // namespace sb::http
