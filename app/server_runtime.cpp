#include "server_runtime.h"

#include "token_middleware.h"

#include <QElapsedTimer>
#include <QFile>
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
    sb::io::ServerOptions ioOptions = m_config.io;
    if (m_config.redis) {
        // Before the server: every namespace's adapter talks through it.
        m_redis = std::make_unique<sb::cluster::RedisLink>(*m_config.redis);
        m_redis->start();
        sb::cluster::RedisAdapterOptions clusterOptions;
        clusterOptions.key = m_config.redisKey;
        ioOptions.adapterFactory = sb::cluster::redisAdapterFactory(*m_redis, clusterOptions);
    }
    m_io = std::make_unique<sb::io::Server>(ioOptions, *m_engine);
    if (!m_config.jwtSecret.isEmpty()) {
        sb::io::Middleware tokens = tokenMiddleware(m_config.jwtSecret);
        if (m_config.admin) {
            // The admin UI cannot carry a sign-in token: its namespace has a login of its own.
            tokens = [tokens, adminNamespace = m_config.admin->namespaceName](
                         sb::io::Socket &socket, const sb::io::NextFunction &next) {
                if (socket.nsp().name() == adminNamespace)
                    next(std::nullopt);
                else
                    tokens(socket, next);
            };
        }
        m_io->use(std::move(tokens));
    }
    if (m_config.monitored)
        m_monitor = std::make_unique<sb::monitor::Monitor>(*m_io, m_config.monitor);
    // Before the services: it sees their namespaces made, and its connection handlers run first.
    if (m_config.admin)
        m_admin = std::make_unique<sb::admin::AdminServer>(*m_io, *m_config.admin);
    if (m_config.service == QLatin1String("echo")) {
        const QList<QByteArray> namespaces
            = m_config.serviceNamespaces.isEmpty() && m_config.serviceNamespacePatterns.isEmpty()
            ? QList<QByteArray>{QByteArrayLiteral("/")}
            : m_config.serviceNamespaces;
        m_echo
            = std::make_unique<EchoService>(*m_io, namespaces, m_config.serviceNamespacePatterns);
    }
    if (m_config.service == QLatin1String("chat")) {
        m_chat = std::make_unique<ChatService>(*m_io, m_config.chat);
        serveChatPage();
    }
    serveClientBundle();
    if (!m_config.rawEnginePath.isEmpty()) {
        m_rawEngine = std::make_unique<sb::eio::EngineServer>(m_config.engine);
        m_rawEngine->setHandler(&m_rawEcho);
        m_rawEngine->attach(*m_http, m_config.rawEnginePath);
    }
}

ServerRuntime::~ServerRuntime()
{
    // Sessions before the front door: their pending exchanges belong to its connections.
    m_monitor.reset();
    m_admin.reset();
    m_echo.reset();
    m_chat.reset();
    m_io.reset();
    m_redis.reset(); // after the adapters that use it
    m_engine.reset();
    m_rawEngine.reset();
    m_http.reset();
}

void ServerRuntime::serveClientBundle()
{
    // The official socket.io-client browser builds, embedded at build time (resources/client.qrc).
    static const struct
    {
        const char *name;
        const char *contentType;
    } files[] = {
        {"socket.io.js", "application/javascript; charset=utf-8"},
        {"socket.io.min.js", "application/javascript; charset=utf-8"},
        {"socket.io.js.map", "application/json"},
        {"socket.io.min.js.map", "application/json"},
        {"socket.io.esm.min.js", "application/javascript; charset=utf-8"},
        {"socket.io.esm.min.js.map", "application/json"},
        {"socket.io.msgpack.min.js", "application/javascript; charset=utf-8"},
        {"socket.io.msgpack.min.js.map", "application/json"},
    };
    for (const auto &file : files) {
        if (!m_config.serveClient) {
            // Not found, rather than the engine's "Transport unknown" for a path under it.
            sb::http::HttpServer::Route route;
            route.pathPrefix = m_config.path + file.name;
            route.methods = {"GET", "HEAD"};
            route.handler = [](const sb::http::ExchangePtr &exchange) {
                exchange->respond(sb::http::Response::text(404, "Not Found"));
            };
            m_http->addRoute(std::move(route));
            continue;
        }
        QFile resource(QStringLiteral(":/client/") + QLatin1String(file.name));
        if (!resource.open(QIODevice::ReadOnly))
            continue;
        m_http->addStaticFile(m_config.path + file.name, file.contentType, resource.readAll());
    }
}

void ServerRuntime::serveChatPage()
{
    // The chat page (resources/public/), embedded at build time; "/" is its index.
    static const struct
    {
        const char *path;
        const char *resource;
        const char *contentType;
    } files[] = {
        {"/", "index.html", "text/html; charset=utf-8"},
        {"/index.html", "index.html", "text/html; charset=utf-8"},
        {"/chat.css", "chat.css", "text/css; charset=utf-8"},
        {"/chat.js", "chat.js", "application/javascript; charset=utf-8"},
        {"/favicon.svg", "favicon.svg", "image/svg+xml"},
    };
    for (const auto &file : files) {
        QFile resource(QStringLiteral(":/public/") + QLatin1String(file.resource));
        if (resource.open(QIODevice::ReadOnly))
            m_http->addStaticFile(file.path, file.contentType, resource.readAll());
    }
}

int ServerRuntime::sessionCount() const
{
    return int(m_engine->sessionCount() + (m_rawEngine ? m_rawEngine->sessionCount() : 0));
}

void ServerRuntime::drain(std::chrono::milliseconds deadline,
    std::function<void(int remaining, int total)> progress, std::function<void()> done)
{
    if (m_shuttingDown || m_draining)
        return;
    m_draining = true;
    // New sessions are refused, but the listener stays open: a polling client needs a new TCP
    // connection for its goodbye (the CLOSE packet in a POST) and its last polls.
    m_engine->setAcceptingSessions(false);
    if (m_rawEngine)
        m_rawEngine->setAcceptingSessions(false);
    if (m_monitor)
        m_monitor->setState(sb::monitor::SourceState::Stopping);
    for (sb::io::Namespace *nsp : m_io->namespaces())
        nsp->disconnectSockets(false);
    const int total = sessionCount();
    progress(total, total);
    auto *timer = new QTimer(this); // one for the whole drain
    QElapsedTimer clock;
    clock.start();
    connect(timer, &QTimer::timeout, this,
        [this, timer, clock, deadline, total, progress = std::move(progress),
            done = std::move(done)]() mutable {
            const int remaining = sessionCount();
            progress(remaining, total);
            if (remaining > 0 && clock.elapsed() < deadline.count())
                return;
            timer->stop();
            timer->deleteLater();
            shutdown(std::move(done)); // whatever is left is closed now
        });
    timer->start(100);
}

bool ServerRuntime::listen(QString *error)
{
    if (m_http->listen(m_config.bindAddress, m_config.port)) {
        if (m_monitor) {
            m_monitor->setUrls(m_http->urls());
            m_monitor->setTitle(QStringLiteral("embedded :%1").arg(m_http->serverPort()));
            m_monitor->start();
        }
        return true;
    }
    if (error)
        *error = m_http->errorString();
    return false;
}

void ServerRuntime::shutdown(std::function<void()> done)
{
    if (m_shuttingDown)
        return;
    m_shuttingDown = true;
    if (m_monitor)
        m_monitor->setState(sb::monitor::SourceState::Stopping);
    m_io->close(); // every socket: "server shutting down"
    m_engine->closeAll();
    if (m_rawEngine)
        m_rawEngine->closeAll();
    if (m_monitor)
        m_monitor->tick(); // the console sees everyone leave
    // Give the CLOSE packets and closing handshakes a moment to leave; nobody waits for answers.
    QTimer::singleShot(ShutdownGrace, this, [this, done = std::move(done)] {
        m_http->close();
        if (m_monitor) {
            m_monitor->setState(sb::monitor::SourceState::Stopped);
            m_monitor->tick();
            m_monitor->detach();
        }
        if (done)
            done();
    });
}
