#pragma once

#include "engine/engine_observer.h"
#include "engine/engine_options.h"
#include "engine/session.h"
#include "http/http_server.h"

#include <QHash>

#include <QObject>
#include <chrono>

class QWebSocket;

namespace sb::eio {

// The Engine.IO v4 server: verifies requests and handshakes (with Node's error codes), owns the
// sessions and routes each request or WebSocket to its session. Knows nothing of namespaces or
// rooms. Lives on the server thread.
class EngineServer final : public QObject
{
    Q_OBJECT
public:
    explicit EngineServer(EngineOptions options, QObject *parent = nullptr);
    ~EngineServer() override;

    // Serves Engine.IO under path (a trailing '/' is added if missing) on the front door.
    void attach(http::HttpServer &server, QByteArray path);
    QByteArray path() const { return m_path; }

    void setHandler(SessionHandler *handler) { m_handler = handler; }
    void addObserver(EngineObserver *observer);
    void removeObserver(EngineObserver *observer);

    const EngineOptions &options() const { return m_options; }
    Session *session(const SessionId &id) const { return m_sessions.value(id); }
    qsizetype sessionCount() const { return m_sessions.size(); }
    QList<Session *> sessions() const { return m_sessions.values(); }
    // Closes every session ("forced close").
    void closeAll();
    // While draining, handshakes are refused (403, code 4 "Forbidden", detail SHUTTING_DOWN);
    // open sessions go on.
    void setAcceptingSessions(bool accepting) { m_acceptingSessions = accepting; }
    bool isAcceptingSessions() const { return m_acceptingSessions; }

    // For Session.
    bool hasObservers() const { return !m_observers.isEmpty(); }
    template <typename F>
    void forEachObserver(F &&f) const
    {
        for (EngineObserver *observer : m_observers)
            f(*observer);
    }
    void deliverMessage(Session &session, const Packet &packet);
    void sessionFinished(Session &session, CloseReason reason);
    // A polling client's POST carried CLOSE while none of its GETs was pending: the GET it may have
    // sent at the same moment on another connection is answered with a noop, not an error.
    void expectLateGet(const SessionId &id);

    // Registers and starts a session on a transport (the server's own requests, and tests with a
    // fake transport).
    Session *createSession(const http::Request &request, std::unique_ptr<Transport> transport);

    // Exposed for tests: a fresh unguessable id (120 random bits, URL-safe base64, 20 characters).
    static SessionId generateId();

private:
    void handleRequest(const http::ExchangePtr &exchange);
    std::optional<http::Response> checkUpgrade(const http::Request &request);
    void handleWebSocket(QWebSocket *socket, const http::Request &request);
    std::optional<Refusal> verify(const http::Request &request, bool upgrade) const;
    void refused(const Refusal &refusal, const http::Request &request);

    EngineOptions m_options;
    QByteArray m_path;
    SessionHandler *m_handler = nullptr;
    QList<EngineObserver *> m_observers;
    QHash<SessionId, Session *> m_sessions;
    // Sessions closed by expectLateGet(), each forgiving one GET for LateGetWindow.
    QHash<SessionId, std::chrono::steady_clock::time_point> m_lateGets;
    bool m_acceptingSessions = true;
};

} // namespace sb::eio
