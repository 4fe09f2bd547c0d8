#include "server_runtime.h"

#include <QEventLoop>
#include <QTimer>

#include <chrono>

namespace {
constexpr std::chrono::milliseconds ShutdownGrace{300};
} // namespace

ServerRuntime::ServerRuntime(ServerConfig config)
    : m_config(std::move(config))
{
    sb::http::ServerOptions httpOptions = m_config.http;
    m_http = std::make_unique<sb::http::HttpServer>(httpOptions);
    m_engine = std::make_unique<sb::eio::EngineServer>(m_config.engine);
    m_engine->attach(*m_http, m_config.path);
    if (!m_config.rawEnginePath.isEmpty()) {
        m_rawEngine = std::make_unique<sb::eio::EngineServer>(m_config.engine);
        m_rawEngine->setHandler(&m_rawEcho);
        m_rawEngine->attach(*m_http, m_config.rawEnginePath);
    }
}

ServerRuntime::~ServerRuntime() = default;

bool ServerRuntime::listen(QString *error)
{
    if (m_http->listen(m_config.bindAddress, m_config.port))
        return true;
    if (error)
        *error = m_http->errorString();
    return false;
}

void ServerRuntime::shutdown()
{
    m_http->close();
    m_engine->closeAll();
    if (m_rawEngine)
        m_rawEngine->closeAll();
    // Give the CLOSE packets and closing handshakes a moment to leave; nobody waits for answers.
    QEventLoop loop;
    QTimer::singleShot(ShutdownGrace, &loop, &QEventLoop::quit);
    loop.exec();
}
