#pragma once

#include "chat_service.h"
#include "echo_service.h"
#include "raw_echo.h"
#include "server_config.h"

#include "admin/admin_server.h"
#include "cluster/redis_adapter.h"
#include "engine/engine_server.h"
#include "http/http_server.h"
#include "monitor/monitor.h"

#include <QObject>

#include <functional>
#include <memory>

// Everything that lives on the server thread: the front door, the engines behind it and the
// monitor that watches them.
class ServerRuntime final : public QObject
{
    Q_OBJECT
public:
    explicit ServerRuntime(ServerConfig config);
    ~ServerRuntime() override;

    bool listen(QString *error);
    // Disconnects every socket ("server shutting down"), gives the goodbyes a moment to leave,
    // then stops listening and calls done. Returns at once: no nested event loop.
    void shutdown(std::function<void()> done);
    // Drains, then shuts down: stops accepting new sessions (handshakes get 403), tells every
    // client (a namespace disconnect: socket.io-client closes its connection once its last socket
    // is gone), reports the sessions left every 100 ms, and force-closes what is left at the
    // deadline.
    void drain(std::chrono::milliseconds deadline,
        std::function<void(int remaining, int total)> progress, std::function<void()> done);
    sb::io::Server &io() { return *m_io; }
    sb::monitor::Monitor *monitor() const { return m_monitor.get(); }
    QList<QUrl> urls() const { return m_http->urls(); }
    quint16 port() const { return m_http->serverPort(); }

private:
    void serveClientBundle();
    void serveChatPage();

    ServerConfig m_config;
    std::unique_ptr<sb::http::HttpServer> m_http;
    std::unique_ptr<sb::eio::EngineServer> m_engine;
    std::unique_ptr<sb::cluster::RedisLink> m_redis; // with --redis only
    std::unique_ptr<sb::io::Server> m_io;
    std::unique_ptr<sb::monitor::Monitor> m_monitor;
    std::unique_ptr<sb::admin::AdminServer> m_admin; // with --admin-ui only
    std::unique_ptr<EchoService> m_echo;
    std::unique_ptr<ChatService> m_chat;
    std::unique_ptr<sb::eio::EngineServer> m_rawEngine;
    RawEcho m_rawEcho;
    int sessionCount() const;

    bool m_shuttingDown = false;
    bool m_draining = false;
};
