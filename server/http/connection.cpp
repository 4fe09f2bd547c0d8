#include "http/connection.h"

#include "http/compression.h"
#include "http/cors.h"
#include "http/logging.h"

#include <QSslSocket>
#include <QTcpSocket>

#include <limits>

namespace sb::http {

namespace {

// Requests parsed ahead of their answers (pipelining). Beyond this the connection stops reading, so
// TCP flow control, not our memory, holds back a client that pipelines without reading.
constexpr std::size_t kMaxPipelined = 16;
// Largest slice of a body peeked at once.
constexpr qint64 kBodyChunk = 64 * 1024;

Connection *connectionOf(http_parser *parser)
{
    return static_cast<Connection *>(parser->data);
}

bool isOneOf(QByteArrayView name, std::initializer_list<QByteArrayView> names)
{
    for (QByteArrayView candidate : names) {
        if (name.compare(candidate, Qt::CaseInsensitive) == 0)
            return true;
    }
    return false;
}

bool hasHeader(const Headers &headers, QByteArrayView name)
{
    for (const Header &header : headers) {
        if (name.compare(header.first, Qt::CaseInsensitive) == 0)
            return true;
    }
    return false;
}

Response refusalResponse(int status)
{
    Response response = Response::text(status, reasonPhrase(status) + '\n');
    response.close = true;
    return response;
}

} // namespace

const http_parser_settings Connection::s_settings = [] {
    http_parser_settings settings{};
    settings.on_message_begin = &Connection::onMessageBegin;
    settings.on_url = &Connection::onUrl;
    settings.on_header_field = &Connection::onHeaderField;
    settings.on_header_value = &Connection::onHeaderValue;
    settings.on_headers_complete = &Connection::onHeadersComplete;
    settings.on_body = &Connection::onBody;
    settings.on_message_complete = &Connection::onMessageComplete;
    return settings;
}();

Connection::Connection(QTcpSocket *socket, ConnectionHost &host, QObject *parent)
    : QObject(parent)
    , m_host(host)
    , m_socket(socket)
    , m_timer([this] { timedOut(); })
    , m_peerAddress(socket->peerAddress())
    , m_peerPort(socket->peerPort())
{
    m_socket->setParent(this);
    // Bounds what Qt buffers for us; must hold a whole head for peek(). Reset before a hand-off.
    m_socket->setReadBufferSize(std::max<qint64>(host.options().maxHeaderSize + 1, kBodyChunk));
    http_parser_init(&m_parser, HTTP_REQUEST);
    m_parser.data = this;
    connect(m_socket, &QTcpSocket::readyRead, this, &Connection::processInput);
    connect(m_socket, &QTcpSocket::disconnected, this, &Connection::onDisconnected);
    if (auto *tls = qobject_cast<QSslSocket *>(m_socket)) {
        // Qt aborts the socket itself after a failed handshake (a plain-HTTP client, or one that
        // does not trust our certificate); `disconnected` then ends the connection.
        connect(
            tls, &QSslSocket::errorOccurred, this, [this, tls](QAbstractSocket::SocketError error) {
                // A bare connect and close (a port probe) is not a refusal, as on a plain port.
                if (error != QAbstractSocket::RemoteHostClosedError && !tls->isEncrypted()
                    && m_state == State::Head && !m_tlsFailureReported) {
                    m_tlsFailureReported = true;
                    qCDebug(lcHttp)
                        << "TLS handshake failed with" << m_peerAddress << tls->errorString();
                    m_host.requestRefused(RefusalReason::TlsHandshakeFailed, 0, m_peerAddress, {});
                }
            });
    }
    // A client that connects and says nothing is a slow head.
    arm(Timer::Head);
    if (m_socket->state() != QAbstractSocket::ConnectedState)
        QMetaObject::invokeMethod(this, &Connection::onDisconnected, Qt::QueuedConnection);
    else if (m_socket->bytesAvailable() > 0)
        QMetaObject::invokeMethod(this, &Connection::processInput, Qt::QueuedConnection);
}

Connection::~Connection()
{
    for (const Pending &pending : m_queue)
        pending.exchange->attach(nullptr);
    if (m_socket)
        m_socket->disconnect(this);
}

void Connection::abort()
{
    if (m_state == State::Finished)
        return;
    if (m_socket) {
        m_socket->disconnect(this);
        m_socket->abort();
    }
    finish(true);
}

void Connection::exchangeAnswered()
{
    flush();
}

// --- input -------------------------------------------------------------------------------------

void Connection::processInput()
{
    // Handlers run inside processAvailable() and may answer at once, which flushes and may want to
    // resume reading: that becomes another turn of this loop instead of recursion.
    if (m_inProcessInput) {
        m_inputPending = true;
        return;
    }
    m_inProcessInput = true;
    do {
        m_inputPending = false;
        processAvailable();
    } while (m_inputPending && m_state != State::Finished);
    m_inProcessInput = false;
}

void Connection::processAvailable()
{
    for (;;) {
        if (!m_socket)
            return;
        switch (m_state) {
        case State::Finished:
        case State::UpgradeWaiting:
            return;
        case State::Draining:
            // Nothing after the last request is ever parsed; do not let it pile up either.
            m_socket->skip(m_socket->bytesAvailable());
            return;
        case State::Head:
            if (!readHead())
                return;
            break;
        case State::Body:
            if (!readBody())
                return;
            break;
        }
    }
}

bool Connection::readHead()
{
    if (m_queue.size() >= kMaxPipelined)
        return false;
    const qint64 available = m_socket->bytesAvailable();
    if (available <= m_fed)
        return false;
    if (m_fed == 0 && m_timerKind != Timer::Head)
        arm(Timer::Head); // the first byte of a request
    const qsizetype maxHeaderSize = m_host.options().maxHeaderSize;
    // One byte more than allowed is enough to know the head is too large.
    const QByteArray data = m_socket->peek(std::min<qint64>(available, maxHeaderSize + 1));
    if (data.size() <= m_fed) {
        refuse(RefusalReason::HeaderTooLarge, 431);
        return true;
    }
    const size_t parsed = http_parser_execute(
        &m_parser, &s_settings, data.constData() + m_fed, size_t(data.size() - m_fed));
    const http_errno error = HTTP_PARSER_ERRNO(&m_parser);
    if (error == HPE_PAUSED) {
        // Paused in on_headers_complete, on the head's final LF, which is not counted in `parsed`.
        const qsizetype consumed = m_fed + qsizetype(parsed);
        if (consumed + 1 > maxHeaderSize) {
            refuse(RefusalReason::HeaderTooLarge, 431);
            return true;
        }
        return headComplete(consumed);
    }
    if (error != HPE_OK) {
        qCDebug(lcHttp) << "malformed request from" << m_peerAddress << http_errno_name(error);
        if (error == HPE_HEADER_OVERFLOW)
            refuse(RefusalReason::HeaderTooLarge, 431);
        else
            refuse(RefusalReason::MalformedRequest, 400);
        return true;
    }
    m_fed = data.size();
    if (m_fed >= maxHeaderSize) {
        // Still no end of head, and it needs at least one more byte.
        refuse(RefusalReason::HeaderTooLarge, 431);
        return true;
    }
    return false;
}

bool Connection::headComplete(qsizetype consumed)
{
    arm(Timer::None);
    const QByteArray &target = m_request.target;
    const qsizetype question = target.indexOf('?');
    m_request.path = question < 0 ? target : target.first(question);
    m_request.query = question < 0 ? QByteArray() : target.sliced(question + 1);
    m_request.method = http_method_str(http_method(m_parser.method));
    m_request.remoteAddress = m_peerAddress;
    m_request.remotePort = m_peerPort;
    m_request.keepAlive = http_should_keep_alive(&m_parser) != 0;
    m_request.upgrade = m_parser.upgrade
        && m_request.header("upgrade").compare("websocket", Qt::CaseInsensitive) == 0;
    m_route = m_host.findRoute(m_request.path);

    if (m_parser.http_major != 1) {
        refuse(RefusalReason::MalformedRequest, 505);
        return true;
    }
    if (m_parser.upgrade)
        return upgradeHead();

    m_socket->skip(consumed);
    m_fed = 0;
    http_parser_pause(&m_parser, 0);

    m_bodyLimit = m_route && m_route->maxBodySize >= 0 ? m_route->maxBodySize
                                                       : m_host.options().maxBodySize;
    if (m_parser.content_length != std::numeric_limits<uint64_t>::max()
        && m_parser.content_length > uint64_t(m_bodyLimit)) {
        refuse(RefusalReason::BodyTooLarge, 413);
        return true;
    }

    const bool cors = m_route && m_route->cors && m_host.corsPolicy().isEnabled();
    if (!m_route)
        m_disposition = Disposition::NotFound;
    else if (cors && m_request.method == "OPTIONS")
        m_disposition = Disposition::Preflight;
    else if (!m_route->methods.contains(m_request.method) || !m_route->handler)
        m_disposition = Disposition::MethodNotAllowed;
    else
        m_disposition = Disposition::Handler;

    // curl and others wait for this before sending a large body; only sent when it cannot overtake
    // an earlier answer.
    if (m_disposition == Disposition::Handler && m_queue.empty()
        && m_request.header("expect").compare("100-continue", Qt::CaseInsensitive) == 0)
        m_socket->write(QByteArrayLiteral("HTTP/1.1 100 Continue\r\n\r\n"));

    m_state = State::Body;
    return true;
}

// 16 bytes in base64: 22 characters of the alphabet and "==" (what ws checks, too).
bool Connection::isWebSocketKey(QByteArrayView key)
{
    if (key.size() != 24 || !key.endsWith("=="))
        return false;
    for (qsizetype i = 0; i < 22; ++i) {
        const char c = key.at(i);
        const bool ok = (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9')
            || c == '+' || c == '/';
        if (!ok)
            return false;
    }
    return true;
}

bool Connection::upgradeHead()
{
    const HttpServer::Route *route = m_route.get();
    if (!route || !route->upgradeCheck || !route->webSocketHandler) {
        refuse(RefusalReason::NotFound, 404);
        return true;
    }
    // RFC 6455 §4.2.1: a handshake without a valid key (the base64 of a 16-byte nonce) or of
    // another version than 13 is not one. Qt would drop it without a word; the client deserves
    // the 400 (as Node's ws sends).
    if (!m_request.upgrade || m_request.method != "GET"
        || !isWebSocketKey(m_request.header("sec-websocket-key").trimmed())
        || m_request.header("sec-websocket-version").trimmed() != "13") {
        refuse(RefusalReason::MalformedRequest, 400);
        return true;
    }
    m_state = State::UpgradeWaiting;
    // The hand-off gives the socket away: earlier answers must be written first.
    if (m_queue.empty())
        performUpgrade();
    return true;
}

void Connection::performUpgrade()
{
    if (m_state != State::UpgradeWaiting || !m_queue.empty())
        return;
    const ConnectionHost::RoutePtr route = m_route;
    if (std::optional<Response> refusal = route->upgradeCheck(m_request)) {
        if (m_state != State::UpgradeWaiting)
            return; // the check closed the server
        m_host.requestRefused(
            RefusalReason::UpgradeRefused, refusal->status, m_peerAddress, m_request.target);
        m_state = State::Draining;
        refusal->close = true;
        auto exchange = std::make_shared<Exchange>(std::move(m_request));
        resetMessage();
        enqueue(exchange, false);
        exchange->respond(std::move(*refusal));
        processInput(); // discards what the client sent after the head
        return;
    }
    if (m_state != State::UpgradeWaiting)
        return;
    arm(Timer::None);
    QTcpSocket *socket = m_socket;
    m_socket = nullptr;
    m_state = State::Finished;
    socket->disconnect(this);
    socket->setParent(nullptr);
    // QWebSocket reads whole frames: a bounded read buffer could stall one larger than the bound.
    socket->setReadBufferSize(0);
    Request request = std::move(m_request);
    resetMessage();
    m_host.handOff(socket, std::move(request), route);
    m_host.connectionFinished(this);
}

bool Connection::readBody()
{
    const qint64 available = m_socket->bytesAvailable();
    if (available <= 0) {
        arm(Timer::Body);
        return false;
    }
    const QByteArray data = m_socket->peek(std::min(available, kBodyChunk));
    const size_t parsed
        = http_parser_execute(&m_parser, &s_settings, data.constData(), size_t(data.size()));
    const http_errno error = HTTP_PARSER_ERRNO(&m_parser);
    if (m_bodyTooLarge) {
        refuse(RefusalReason::BodyTooLarge, 413);
        return true;
    }
    if (error == HPE_PAUSED) {
        m_socket->skip(qint64(parsed));
        http_parser_pause(&m_parser, 0);
        messageComplete();
        return true;
    }
    if (error != HPE_OK) {
        qCDebug(lcHttp) << "malformed body from" << m_peerAddress << http_errno_name(error);
        refuse(RefusalReason::MalformedRequest, 400);
        return true;
    }
    m_socket->skip(qint64(parsed));
    return true;
}

void Connection::messageComplete()
{
    arm(Timer::None);
    const ConnectionHost::RoutePtr route = std::move(m_route);
    const Disposition disposition = m_disposition;
    auto exchange = std::make_shared<Exchange>(std::move(m_request));
    resetMessage();
    const Request &request = exchange->request();
    m_state = request.keepAlive ? State::Head : State::Draining;
    const bool cors = route && route->cors && m_host.corsPolicy().isEnabled();
    enqueue(exchange, cors);

    switch (disposition) {
    case Disposition::NotFound:
        m_host.requestRefused(RefusalReason::NotFound, 404, m_peerAddress, request.target);
        exchange->respond(Response::text(404, reasonPhrase(404) + '\n'));
        break;
    case Disposition::MethodNotAllowed: {
        m_host.requestRefused(RefusalReason::MethodNotAllowed, 405, m_peerAddress, request.target);
        Response response = Response::text(405, reasonPhrase(405) + '\n');
        QByteArray allow = route->methods.join(", ");
        if (cors && !route->methods.contains("OPTIONS"))
            allow += allow.isEmpty() ? "OPTIONS" : ", OPTIONS";
        response.headers.append({QByteArrayLiteral("Allow"), allow});
        exchange->respond(std::move(response));
        break;
    }
    case Disposition::Preflight:
        exchange->respond(m_host.corsPolicy().preflight(request));
        break;
    case Disposition::Handler:
        route->handler(exchange);
        break;
    }
}

void Connection::resetMessage()
{
    m_request = Request();
    m_route.reset();
    m_disposition = Disposition::Handler;
    m_fed = 0;
    m_bodyLimit = 0;
    m_headerValueLast = false;
    m_bodyTooLarge = false;
}

void Connection::refuse(RefusalReason reason, int status)
{
    arm(Timer::None);
    m_host.requestRefused(reason, status, m_peerAddress, m_request.target);
    m_state = State::Draining;
    // The parser may be in an error state: it is never used again on this connection.
    auto exchange = std::make_shared<Exchange>(std::move(m_request));
    resetMessage();
    enqueue(exchange, false);
    exchange->respond(refusalResponse(status));
}

// --- output ------------------------------------------------------------------------------------

void Connection::enqueue(ExchangePtr exchange, bool cors)
{
    exchange->attach(this);
    m_queue.push_back({std::move(exchange), cors});
}

void Connection::flush()
{
    if (m_inFlush)
        return; // the outer call's loop picks this answer up
    m_inFlush = true;
    bool closing = false;
    while (m_socket && !m_queue.empty() && m_queue.front().exchange->responded()) {
        Pending pending = std::move(m_queue.front());
        m_queue.pop_front();
        pending.exchange->attach(nullptr);
        std::optional<Response> response = pending.exchange->takeResponse();
        if (!response)
            response = Response::empty(500);
        const bool close = response->close || !pending.exchange->request().keepAlive
            || (m_state == State::Draining && m_queue.empty());
        m_socket->write(serialize(pending, std::move(*response), close));
        if (close) {
            closing = true;
            break;
        }
    }
    m_inFlush = false;
    if (m_state == State::Finished || !m_socket)
        return;
    if (closing) {
        // Anything queued behind a closing answer is dropped with the connection.
        m_state = State::Draining;
        arm(Timer::None);
        m_socket->disconnectFromHost();
        return;
    }
    if (!m_queue.empty())
        return;
    if (m_state == State::UpgradeWaiting) {
        QMetaObject::invokeMethod(this, &Connection::performUpgrade, Qt::QueuedConnection);
        return;
    }
    if (m_state == State::Head && m_fed == 0 && m_timerKind != Timer::Head)
        arm(Timer::Idle);
    if (m_state == State::Head && m_socket->bytesAvailable() > m_fed)
        processInput(); // reading may have stopped at the pipelining limit
}

QByteArray Connection::serialize(const Pending &pending, Response response, bool close)
{
    const Request &request = pending.exchange->request();
    const ServerOptions &options = m_host.options();
    const int status = response.status;
    // RFC 9110 §6.4.1: these never carry content (and 1xx, 204 no Content-Length, §8.6).
    const bool noContent = (status >= 100 && status < 200) || status == 204 || status == 304;

    Headers extra;
    if (pending.cors && !hasHeader(response.headers, "access-control-allow-origin"))
        extra = m_host.corsPolicy().responseHeaders(request.header("origin"));

    if (response.compressible && options.compression && !noContent
        && response.body.size() >= options.compressionThreshold
        && !hasHeader(response.headers, "content-encoding")) {
        extra.append({QByteArrayLiteral("Vary"), QByteArrayLiteral("Accept-Encoding")});
        const ContentCoding coding = negotiateContentCoding(request.header("accept-encoding"));
        if (coding != ContentCoding::Identity) {
            if (auto compressed = compress(response.body, coding)) {
                response.body = std::move(*compressed);
                extra.append({QByteArrayLiteral("Content-Encoding"), contentCodingName(coding)});
            } else {
                qCWarning(lcHttp) << "compression failed; sending the body as is";
            }
        }
    }

    QByteArray out;
    out.reserve(256 + (noContent ? 0 : response.body.size()));
    out += "HTTP/1.1 " + QByteArray::number(status) + ' ' + reasonPhrase(status) + "\r\n";
    for (const Headers *list : {&response.headers, &extra}) {
        for (const Header &header : *list) {
            // Framing is ours to decide.
            if (isOneOf(
                    header.first, {"content-length", "connection", "transfer-encoding", "date"}))
                continue;
            out += header.first + ": " + header.second + "\r\n";
        }
    }
    if (!noContent)
        out += "Content-Length: " + QByteArray::number(response.body.size()) + "\r\n";
    out += close ? "Connection: close\r\n" : "Connection: keep-alive\r\n";
    out += "Date: " + m_host.httpDate() + "\r\n\r\n";
    if (!noContent && request.method != "HEAD")
        out += response.body;
    return out;
}

// --- timers and teardown -----------------------------------------------------------------------

void Connection::arm(Timer timer)
{
    m_timerKind = timer;
    const ServerOptions &options = m_host.options();
    switch (timer) {
    case Timer::None:
        m_timer.stop();
        return;
    case Timer::Head:
        m_timer.start(options.headerTimeout);
        return;
    case Timer::Body:
    case Timer::Idle:
        m_timer.start(options.idleTimeout);
        return;
    }
}

void Connection::timedOut()
{
    const Timer kind = m_timerKind;
    m_timerKind = Timer::None;
    if (m_state == State::Finished || !m_socket)
        return;
    if (kind == Timer::Idle) {
        qCDebug(lcHttp) << "idle keep-alive connection closed" << m_peerAddress;
        m_state = State::Draining;
        m_socket->disconnectFromHost();
        return;
    }
    if (auto *tls = qobject_cast<QSslSocket *>(m_socket); tls && !tls->isEncrypted()) {
        // Nothing can be said to a client that never finished the handshake.
        m_host.requestRefused(RefusalReason::TlsHandshakeTimeout, 0, m_peerAddress, {});
        abort();
        return;
    }
    const RefusalReason reason
        = kind == Timer::Head ? RefusalReason::HeaderTimeout : RefusalReason::BodyTimeout;
    if (m_queue.empty()) {
        refuse(reason, 408);
        return;
    }
    // A 408 would have to wait behind unanswered exchanges: drop the client now.
    m_host.requestRefused(reason, 0, m_peerAddress, m_request.target);
    abort();
}

void Connection::onDisconnected()
{
    finish(true);
}

void Connection::finish(bool runAbortCallbacks)
{
    if (m_state == State::Finished)
        return;
    m_state = State::Finished;
    m_timer.stop();
    m_timerKind = Timer::None;
    std::deque<Pending> queue = std::move(m_queue);
    m_queue.clear();
    for (const Pending &pending : queue) {
        pending.exchange->attach(nullptr);
        if (runAbortCallbacks)
            pending.exchange->abort();
    }
    m_host.connectionFinished(this);
}

// --- http_parser callbacks ---------------------------------------------------------------------

int Connection::onMessageBegin(http_parser *parser)
{
    Connection *self = connectionOf(parser);
    self->m_request = Request();
    self->m_headerValueLast = false;
    return 0;
}

int Connection::onUrl(http_parser *parser, const char *at, size_t length)
{
    connectionOf(parser)->m_request.target.append(at, qsizetype(length));
    return 0;
}

int Connection::onHeaderField(http_parser *parser, const char *at, size_t length)
{
    Connection *self = connectionOf(parser);
    Headers &headers = self->m_request.headers;
    if (self->m_headerValueLast || headers.isEmpty()) {
        headers.append({QByteArray(), QByteArray("", 0)});
        self->m_headerValueLast = false;
    }
    headers.last().first.append(QByteArray(at, qsizetype(length)).toLower());
    return 0;
}

int Connection::onHeaderValue(http_parser *parser, const char *at, size_t length)
{
    Connection *self = connectionOf(parser);
    if (self->m_request.headers.isEmpty())
        return 0;
    self->m_request.headers.last().second.append(at, qsizetype(length));
    self->m_headerValueLast = true;
    return 0;
}

int Connection::onHeadersComplete(http_parser *parser)
{
    Connection *self = connectionOf(parser);
    for (Header &header : self->m_request.headers) {
        // http_parser drops leading whitespace of a value but keeps trailing whitespace.
        const QByteArray trimmed = header.second.trimmed();
        header.second = trimmed.isEmpty() ? QByteArray("", 0) : trimmed;
    }
    // Lets the connection look at the complete head before any byte is taken from the socket.
    http_parser_pause(parser, 1);
    return 0;
}

int Connection::onBody(http_parser *parser, const char *at, size_t length)
{
    Connection *self = connectionOf(parser);
    if (self->m_request.body.size() + qsizetype(length) > self->m_bodyLimit) {
        self->m_bodyTooLarge = true;
        return 1; // stops the parser (HPE_CB_body)
    }
    self->m_request.body.append(at, qsizetype(length));
    return 0;
}

int Connection::onMessageComplete(http_parser *parser)
{
    // Nothing of the next message is consumed before this one is dispatched.
    http_parser_pause(parser, 1);
    return 0;
}

} // namespace sb::http
