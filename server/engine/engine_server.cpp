#include "engine/engine_server.h"

#include "engine/engine_log.h"
#include "engine/polling_transport.h"
#include "engine/websocket_transport.h"

#include <QJsonDocument>
#include <QJsonObject>
#include <QRandomGenerator>
#include <QWebSocket>

Q_LOGGING_CATEGORY(lcEngine, "sb.engine", QtWarningMsg)

namespace sb::eio {

namespace {

std::optional<TransportKind> parseTransport(const QByteArray &name)
{
    if (name == "polling")
        return TransportKind::Polling;
    if (name == "websocket")
        return TransportKind::WebSocket;
    return std::nullopt;
}

// Node's check on the Origin header: only visible ASCII, tabs and obs-text are allowed.
bool hasInvalidHeaderChar(const QByteArray &value)
{
    for (char c : value) {
        const auto u = static_cast<unsigned char>(c);
        if (u != '\t' && (u < 0x20 || u == 0x7f))
            return true;
    }
    return false;
}

} // namespace

EngineServer::EngineServer(EngineOptions options, QObject *parent)
    : QObject(parent)
    , m_options(std::move(options))
{ }

EngineServer::~EngineServer()
{
    // Sessions go first, while this is still an EngineServer: nobody hears of them any more, and
    // the WebSockets (our children too) are deleted only after no transport listens to them.
    m_handler = nullptr;
    m_observers.clear();
    const QList<Session *> sessions = m_sessions.values();
    m_sessions.clear();
    qDeleteAll(sessions);
}

void EngineServer::attach(http::HttpServer &server, QByteArray path)
{
    if (!path.endsWith('/'))
        path.append('/');
    m_path = path;
    http::HttpServer::Route route;
    route.pathPrefix = path;
    // Engine.IO answers wrong methods itself, with its own codes, as Node does.
    route.methods = {"GET", "POST", "PUT", "DELETE", "PATCH", "HEAD"};
    route.handler = [this](const http::ExchangePtr &exchange) { handleRequest(exchange); };
    route.maxBodySize = m_options.maxHttpBufferSize;
    route.cors = true;
    if (m_options.allowWebSocket) {
        route.upgradeCheck = [this](const http::Request &request) { return checkUpgrade(request); };
        route.webSocketHandler = [this](QWebSocket *socket, const http::Request &request) {
            handleWebSocket(socket, request);
        };
    }
    server.addRoute(std::move(route));
}

void EngineServer::addObserver(EngineObserver *observer)
{
    if (!m_observers.contains(observer))
        m_observers.append(observer);
}

void EngineServer::removeObserver(EngineObserver *observer)
{
    m_observers.removeAll(observer);
}

void EngineServer::closeAll()
{
    const QList<Session *> all = m_sessions.values();
    for (Session *session : all)
        session->close();
}

SessionId EngineServer::generateId()
{
    quint32 words[4];
    QRandomGenerator::system()->fillRange(words);
    const QByteArray bytes(reinterpret_cast<const char *>(words), 15);
    return bytes.toBase64(QByteArray::Base64UrlEncoding | QByteArray::OmitTrailingEquals);
}

std::optional<Refusal> EngineServer::verify(const http::Request &request, bool upgrade) const
{
    // The order of the checks is Node's, so that a request with several faults gets the same code.
    const QByteArray transportParam = request.queryValue("transport");
    const auto transport = parseTransport(transportParam);
    if (!transport || (*transport == TransportKind::Polling && !m_options.allowPolling)
        || (*transport == TransportKind::WebSocket && !m_options.allowWebSocket))
        return Refusal{ErrorCode::UnknownTransport, {}, "UNKNOWN_TRANSPORT"};
    if (hasInvalidHeaderChar(request.header("origin")))
        return Refusal{ErrorCode::BadRequest, {}, "INVALID_ORIGIN"};
    const QByteArray sid = request.queryValue("sid");
    if (!sid.isNull()) {
        Session *session = m_sessions.value(sid);
        if (!session)
            return Refusal{ErrorCode::UnknownSid, {}, "UNKNOWN_SID"};
        if (!upgrade && session->transportKind() != *transport)
            return Refusal{ErrorCode::BadRequest, {}, "TRANSPORT_MISMATCH"};
        return std::nullopt;
    }
    if (request.method != "GET")
        return Refusal{ErrorCode::BadHandshakeMethod, {}, "BAD_HANDSHAKE_METHOD"};
    if (!m_acceptingSessions)
        return Refusal{
            ErrorCode::Forbidden, QStringLiteral("Server is shutting down"), "SHUTTING_DOWN"};
    if (*transport == TransportKind::WebSocket && !upgrade)
        return Refusal{ErrorCode::BadRequest, {}, "TRANSPORT_HANDSHAKE_ERROR"};
    if (m_options.allowRequest) {
        if (auto veto = m_options.allowRequest(request)) {
            if (veto->detail.isEmpty())
                veto->detail = "ALLOW_REQUEST";
            return veto;
        }
    }
    // Node checks the version last, when it creates the session: so do we.
    if (request.queryValue("EIO") != "4")
        return Refusal{ErrorCode::UnsupportedProtocolVersion, {}, "UNSUPPORTED_PROTOCOL_VERSION"};
    return std::nullopt;
}

void EngineServer::refused(const Refusal &refusal, const http::Request &request)
{
    qCDebug(lcEngine) << "refused" << request.method << request.target << refusal.detail;
    forEachObserver([&](EngineObserver &o) { o.handshakeRefused(refusal, request); });
}

namespace {

// A client sends its GET and the POST with CLOSE at once, on two connections: the order in which
// they are read here is the kernel's, so the GET may come a few milliseconds after the session
// ended. Long enough for that, short enough that a GET sent later still learns the session is gone.
constexpr auto LateGetWindow = std::chrono::seconds(2);
constexpr qsizetype MaxLateGets = 4096;

} // namespace

void EngineServer::expectLateGet(const SessionId &id)
{
    const auto now = std::chrono::steady_clock::now();
    if (m_lateGets.size() >= MaxLateGets) {
        m_lateGets.removeIf([&](const auto &entry) { return now - entry.value() > LateGetWindow; });
        if (m_lateGets.size() >= MaxLateGets)
            m_lateGets.clear(); // a flood of closes: forgiving none is still correct
    }
    m_lateGets.insert(id, now);
}

void EngineServer::handleRequest(const http::ExchangePtr &exchange)
{
    const http::Request &request = exchange->request();
    if (!m_lateGets.isEmpty() && request.method == "GET") {
        const auto late = m_lateGets.constFind(request.queryValue("sid"));
        if (late != m_lateGets.cend()) {
            const bool inTime = std::chrono::steady_clock::now() - late.value() <= LateGetWindow;
            m_lateGets.erase(late);
            if (inTime && !m_sessions.contains(request.queryValue("sid"))
                && request.queryValue("transport") == "polling") {
                // What the GET would have got had it been read first: the session's last poll.
                http::Response noop = http::Response::text(200, QByteArrayLiteral("6"));
                noop.headers.append(
                    {QByteArrayLiteral("Cache-Control"), QByteArrayLiteral("no-store")});
                exchange->respond(std::move(noop));
                return;
            }
        }
    }
    if (auto refusal = verify(request, false)) {
        refused(*refusal, request);
        const QJsonObject body{{QStringLiteral("code"), int(refusal->code)},
            {QStringLiteral("message"), refusal->effectiveMessage()}};
        exchange->respond(http::Response::text(httpStatus(refusal->code),
            QJsonDocument(body).toJson(QJsonDocument::Compact), "application/json"));
        return;
    }
    const QByteArray sid = request.queryValue("sid");
    if (!sid.isNull()) {
        m_sessions.value(sid)->handlePollingRequest(exchange);
        return;
    }
    Session *session
        = createSession(request, std::make_unique<PollingTransport>(nullptr, m_options));
    session->handlePollingRequest(exchange);
}

std::optional<http::Response> EngineServer::checkUpgrade(const http::Request &request)
{
    auto refusal = verify(request, true);
    if (!refusal)
        return std::nullopt;
    refused(*refusal, request);
    // Node answers every refused upgrade with a 400 and the bare message as text/html.
    http::Response response
        = http::Response::text(400, refusal->effectiveMessage().toUtf8(), "text/html");
    response.close = true;
    return response;
}

void EngineServer::handleWebSocket(QWebSocket *socket, const http::Request &request)
{
    // Ours from now on: a WebSocket that lingers in its closing handshake after its transport is
    // gone still goes with the engine, never leaks past it.
    socket->setParent(this);
    auto transport
        = std::make_unique<WebSocketTransport>(nullptr, socket, m_options.maxHttpBufferSize);
    const QByteArray sid = request.queryValue("sid");
    if (sid.isNull()) {
        createSession(request, std::move(transport));
        return;
    }
    Session *session = m_sessions.value(sid);
    // The session may have ended since the upgrade check, or be on WebSocket already: Node accepts
    // the WebSocket and closes it at once.
    if (!session || session->state() != Session::State::Open || session->isUpgrading()
        || session->isUpgraded() || session->transportKind() != TransportKind::Polling) {
        qCDebug(lcEngine) << "closing a redundant WebSocket for session" << sid;
        transport->close();
        return; // the transport's destructor lets the closing handshake finish
    }
    session->probeUpgrade(std::move(transport));
}

Session *EngineServer::createSession(
    const http::Request &request, std::unique_ptr<Transport> transport)
{
    SessionId id;
    do {
        id = generateId();
    } while (m_sessions.contains(id));
    auto *session = new Session(id, *this, request, std::move(transport));
    session->setParent(this);
    m_sessions.insert(id, session);
    session->start();
    forEachObserver([&](EngineObserver &o) { o.sessionOpened(*session); });
    if (m_handler)
        m_handler->sessionOpened(*session);
    return session;
}

void EngineServer::deliverMessage(Session &session, const Packet &packet)
{
    if (m_handler)
        m_handler->messageReceived(session, packet);
}

void EngineServer::sessionFinished(Session &session, CloseReason reason)
{
    if (m_sessions.remove(session.id()) == 0)
        return;
    forEachObserver([&](EngineObserver &o) { o.sessionClosed(session, reason); });
    if (m_handler)
        m_handler->sessionClosed(session, reason);
    session.deleteLater();
}

} // namespace sb::eio
