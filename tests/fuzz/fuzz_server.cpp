#include "fuzz_server.h"

#include "engine/engine_server.h"
#include "http/http_server.h"
#include "io/server.h"
#include "io/socket.h"

#include <QCoreApplication>
#include <QElapsedTimer>

#include <arpa/inet.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

#include <cerrno>
#include <chrono>

using namespace std::chrono_literals;

namespace sb::fuzz {

struct FuzzServer::Parts
{
    std::unique_ptr<QCoreApplication> app;
    std::unique_ptr<http::HttpServer> http;
    std::unique_ptr<eio::EngineServer> engine;
    std::unique_ptr<io::Server> io;
    quint16 port = 0;
};

namespace {

void serve(io::Socket &socket)
{
    socket.on(QStringLiteral("echo"), [&socket](const io::Args &args, const io::Ack &ack) {
        socket.emit(QStringLiteral("echo"), args);
        ack(args);
    });
    socket.on(QStringLiteral("join"), [&socket](const io::Args &args, const io::Ack &ack) {
        if (!args.isEmpty() && args.type(0) == sio::JsonType::String)
            socket.join(args.string(0));
        ack();
    });
}

} // namespace

FuzzServer &FuzzServer::instance()
{
    static FuzzServer server;
    return server;
}

FuzzServer::FuzzServer()
    : m_parts(new Parts)
{
    static int argc = 1;
    static char name[] = "fuzz";
    static char *argv[] = {name, nullptr};
    m_parts->app = std::make_unique<QCoreApplication>(argc, argv);

    http::ServerOptions httpOptions;
    httpOptions.headerTimeout = 200ms;
    httpOptions.idleTimeout = 200ms;
    httpOptions.handshakeTimeout = 200ms;
    httpOptions.corsOrigins = {QStringLiteral("*")};
    m_parts->http = std::make_unique<http::HttpServer>(httpOptions);

    eio::EngineOptions engineOptions;
    engineOptions.pingInterval = 100ms;
    engineOptions.pingTimeout = 100ms;
    engineOptions.upgradeTimeout = 100ms;
    m_parts->engine = std::make_unique<eio::EngineServer>(engineOptions);
    m_parts->engine->attach(*m_parts->http, "/socket.io/");

    io::ServerOptions ioOptions;
    ioOptions.connectTimeout = 200ms;
    m_parts->io = std::make_unique<io::Server>(ioOptions, *m_parts->engine);
    m_parts->io->of("/").onConnection(serve);
    m_parts->io->of("/chat").onConnection(serve);

    if (!m_parts->http->listen(QHostAddress::LocalHost, 0))
        qFatal("fuzz server: %s", qPrintable(m_parts->http->errorString()));
    m_parts->port = m_parts->http->serverPort();
}

void FuzzServer::exchange(const QByteArray &bytes)
{
    const int fd = ::socket(AF_INET, SOCK_STREAM, 0);
    if (fd < 0)
        qFatal("fuzz client: socket: %d", errno);
    sockaddr_in address{};
    address.sin_family = AF_INET;
    address.sin_port = htons(m_parts->port);
    address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    // Loopback connects complete in the kernel's backlog, before the server accepts. Thousands of
    // connections a second use up the ephemeral ports: wait for some to come free.
    int attempts = 0;
    while (::connect(fd, reinterpret_cast<sockaddr *>(&address), sizeof address) != 0) {
        if ((errno != EADDRNOTAVAIL && errno != EAGAIN) || ++attempts > 1000)
            qFatal("fuzz client: connect: %d", errno);
        m_parts->app->processEvents(QEventLoop::AllEvents, 5);
    }
    ::fcntl(fd, F_SETFL, ::fcntl(fd, F_GETFL) | O_NONBLOCK);

    qsizetype sent = 0;
    bool closedByServer = false;
    QElapsedTimer clock;
    clock.start();
    // 300 ms covers every timeout above: the server has closed or timed out what it got by then.
    while (clock.elapsed() < 300) {
        if (sent < bytes.size()) {
            const ssize_t n
                = ::send(fd, bytes.constData() + sent, size_t(bytes.size() - sent), MSG_NOSIGNAL);
            if (n > 0)
                sent += n;
            else if (n < 0 && errno != EAGAIN && errno != EWOULDBLOCK)
                sent = bytes.size(); // the server is gone: nothing more to say
            if (sent == bytes.size())
                ::shutdown(fd, SHUT_WR);
        }
        m_parts->app->processEvents(QEventLoop::AllEvents, 5);
        char sink[4096];
        ssize_t n;
        while ((n = ::recv(fd, sink, sizeof sink, 0)) > 0) { }
        if (n == 0 || (n < 0 && errno != EAGAIN && errno != EWOULDBLOCK)) {
            closedByServer = true;
            break;
        }
    }
    // A reset instead of a FIN: no TIME_WAIT is left behind on either side to hold the port.
    const linger reset{1, 0};
    ::setsockopt(fd, SOL_SOCKET, SO_LINGER, &reset, sizeof reset);
    ::close(fd);
    // Let the server see the end of a connection it had not closed itself.
    for (int i = 0; i < (closedByServer ? 1 : 5); ++i)
        m_parts->app->processEvents(QEventLoop::AllEvents, 2);
}

} // namespace sb::fuzz
