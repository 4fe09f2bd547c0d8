#include "http/http_server.h"

#include "common/deadline_service.h"
#include "http/connection.h"
#include "http/cors.h"
#include "http/logging.h"
#include "http/static_file.h"

#include <QDateTime>
#include <QHash>
#include <QNetworkInterface>
#include <QPointer>
#include <QSslSocket>
#include <QTcpServer>
#include <QTcpSocket>
#include <QWebSocket>
#include <QWebSocketServer>

#include <unordered_map>
#include <unordered_set>

#include <unistd.h>

namespace sb::http {

namespace {

// IMF-fixdate (RFC 9110 §5.6.7), built by hand: strftime and QDateTime names follow the locale.
QByteArray imfFixdate(const QDateTime &utc)
{
    static constexpr const char *days[] = {"Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"};
    static constexpr const char *months[]
        = {"Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"};
    const QDate date = utc.date();
    const QTime time = utc.time();
    return QByteArray(days[date.dayOfWeek() - 1]) + ", "
        + QByteArray::number(date.day()).rightJustified(2, '0') + ' ' + months[date.month() - 1]
        + ' ' + QByteArray::number(date.year()) + ' '
        + QByteArray::number(time.hour()).rightJustified(2, '0') + ':'
        + QByteArray::number(time.minute()).rightJustified(2, '0') + ':'
        + QByteArray::number(time.second()).rightJustified(2, '0') + " GMT";
}

QByteArray peerKey(const QHostAddress &address, quint16 port)
{
    return address.toString().toLatin1() + '#' + QByteArray::number(port);
}

// With TLS every accepted descriptor becomes a QSslSocket whose server handshake starts at once.
// It is handed out right away (not once encrypted, as QSslServer does): the Connection's header
// deadline then bounds the handshake too, and a client that stalls it cannot pile up sockets
// nobody times out. Until the handshake is done the socket reports no bytes, so the HTTP parser
// only ever sees plaintext.
class Listener final : public QTcpServer
{
public:
    using QTcpServer::QTcpServer;
    std::optional<QSslConfiguration> tls;

protected:
    void incomingConnection(qintptr descriptor) override
    {
        if (!tls) {
            QTcpServer::incomingConnection(descriptor);
            return;
        }
        auto *socket = new QSslSocket(this);
        if (!socket->setSocketDescriptor(descriptor)) {
            qCWarning(lcHttp) << "cannot adopt an accepted socket:" << socket->errorString();
            delete socket;
            ::close(int(descriptor));
            return;
        }
        socket->setSslConfiguration(*tls);
        socket->startServerEncryption();
        addPendingConnection(socket);
    }
};

} // namespace

class HttpServer::Private final : public ConnectionHost
{
public:
    struct PendingUpgrade
    {
        quint64 id = 0;
        QPointer<QTcpSocket> socket;
        Request request;
        RoutePtr route;
        // QWebSocketServer's own handshake timeout ignores handleConnection() sockets.
        Deadline handshakeTimeout;
    };

    explicit Private(HttpServer *owner)
        : q(owner)
        , cors(owner->m_options.corsOrigins)
        // The mode only decides the scheme of the accepted sockets' request URLs (wss://): the
        // TLS handshake is ours, done before the hand-off.
        , webSocketServer(QStringLiteral("Switchboard"),
              owner->m_options.tls ? QWebSocketServer::SecureMode : QWebSocketServer::NonSecureMode)
    { }

    const ServerOptions &options() const override { return q->m_options; }
    const CorsPolicy &corsPolicy() const override { return cors; }

    RoutePtr findRoute(QByteArrayView path) const override
    {
        const auto exact = exactRoutes.constFind(path.toByteArray());
        if (exact != exactRoutes.constEnd())
            return *exact;
        RoutePtr best;
        for (const RoutePtr &route : prefixRoutes) {
            if (path.startsWith(route->pathPrefix)
                && (!best || route->pathPrefix.size() > best->pathPrefix.size()))
                best = route;
        }
        return best;
    }

    QByteArray httpDate() override
    {
        const QDateTime now = QDateTime::currentDateTimeUtc();
        const qint64 second = now.toSecsSinceEpoch();
        if (second != dateSecond) {
            dateSecond = second;
            date = imfFixdate(now);
        }
        return date;
    }

    void requestRefused(RefusalReason reason, int status, const QHostAddress &remoteAddress,
        const QByteArray &target) override
    {
        qCDebug(lcHttp) << "refused" << status << target << "from" << remoteAddress;
        Q_EMIT q->requestRefused(reason, status, remoteAddress, target);
    }

    void handOff(QTcpSocket *socket, Request request, RoutePtr route) override
    {
        const QByteArray key = peerKey(socket->peerAddress(), socket->peerPort());
        const quint64 id = ++nextUpgradeId;
        // Replaces a hand-off from the same peer whose socket is gone (its deadline with it).
        const auto slot = pendingUpgrades.try_emplace(key).first;
        PendingUpgrade &pending = slot->second;
        pending.id = id;
        pending.socket = socket;
        pending.request = std::move(request);
        pending.route = std::move(route);
        // The map's nodes never move: the key's address identifies the entry as long as it lives.
        pending.handshakeTimeout.setCallback(
            [this, entryKey = &slot->first] { handshakeTimedOut(*entryKey); });
        pending.handshakeTimeout.start(q->m_options.handshakeTimeout);
        // Qt deletes the socket itself when the handshake fails (disconnected -> deleteLater).
        QObject::connect(
            socket, &QObject::destroyed, q, [this, key, id] { forgetUpgrade(key, id); });
        webSocketServer.handleConnection(socket);
    }

    void handshakeTimedOut(const QByteArray &key)
    {
        const auto it = pendingUpgrades.find(key);
        if (it == pendingUpgrades.end())
            return;
        // Out of the map first (the running deadline goes with this node, at the end).
        const auto node = pendingUpgrades.extract(it);
        const PendingUpgrade &pending = node.mapped();
        requestRefused(RefusalReason::HandshakeTimeout, 0, pending.request.remoteAddress,
            pending.request.target);
        if (pending.socket)
            pending.socket->abort();
    }

    void forgetUpgrade(const QByteArray &key, quint64 id)
    {
        const auto it = pendingUpgrades.find(key);
        if (it != pendingUpgrades.end() && it->second.id == id)
            pendingUpgrades.erase(it);
    }

    void connectionFinished(Connection *connection) override
    {
        if (connections.erase(connection))
            connection->deleteLater();
    }

    void acceptConnections()
    {
        while (QTcpSocket *socket = tcpServer->nextPendingConnection()) {
            socket->setSocketOption(QAbstractSocket::LowDelayOption, 1);
            connections.insert(new Connection(socket, *this, q));
        }
    }

    void acceptWebSockets()
    {
        while (QWebSocket *webSocket = webSocketServer.nextPendingConnection()) {
            webSocket->setParent(nullptr);
            const QByteArray key = peerKey(webSocket->peerAddress(), webSocket->peerPort());
            const auto it = pendingUpgrades.find(key);
            if (it == pendingUpgrades.end()) {
                // Timed out in the same event-loop turn; nobody wants it any more.
                webSocket->abort();
                webSocket->deleteLater();
                continue;
            }
            auto node = pendingUpgrades.extract(it);
            PendingUpgrade &pending = node.mapped();
            pending.handshakeTimeout.stop();
            if (pending.socket) {
                // QWebSocketServer deletes this QTcpSocket (which the QWebSocket uses but does not
                // own) from a slot on its `disconnected` that calls sender(), which scans every
                // connection the server receives: with 10,000 WebSockets, closing them all was
                // quadratic. The same deletion, connected to the socket itself.
                QTcpSocket *tcp = pending.socket.data();
                QObject::disconnect(tcp, nullptr, &webSocketServer, nullptr);
                QObject::disconnect(tcp, &QObject::destroyed, q, nullptr);
                QObject::connect(tcp, &QTcpSocket::disconnected, tcp, &QObject::deleteLater);
            }
            pending.route->webSocketHandler(webSocket, pending.request);
        }
    }

    void closeConnections()
    {
        // Abort callbacks may close more; iterate over a copy.
        const std::vector<Connection *> open(connections.begin(), connections.end());
        for (Connection *connection : open) {
            if (connections.count(connection))
                connection->abort();
        }
        auto pending = std::exchange(pendingUpgrades, {});
        for (auto &[key, upgrade] : pending) {
            upgrade.handshakeTimeout.stop();
            if (upgrade.socket)
                upgrade.socket->abort();
        }
    }

    HttpServer *q;
    CorsPolicy cors;
    QWebSocketServer webSocketServer;
    Listener *tcpServer = nullptr;
    QHash<QByteArray, RoutePtr> exactRoutes;
    std::vector<RoutePtr> prefixRoutes;
    std::unordered_set<Connection *> connections;
    std::unordered_map<QByteArray, PendingUpgrade> pendingUpgrades; // by peer address and port
    quint64 nextUpgradeId = 0;
    QByteArray date;
    qint64 dateSecond = -1;
};

HttpServer::HttpServer(ServerOptions options, QObject *parent)
    : QObject(parent)
    , m_options(std::move(options))
    , d(std::make_unique<Private>(this))
{
    d->tcpServer = new Listener(this);
    d->tcpServer->tls = m_options.tls;
    connect(d->tcpServer, &QTcpServer::newConnection, this, [this] { d->acceptConnections(); });
    connect(&d->webSocketServer, &QWebSocketServer::newConnection, this,
        [this] { d->acceptWebSockets(); });
}

HttpServer::~HttpServer()
{
    // Quietly: the server's users may already be gone, so no abort callback and no signal.
    const std::vector<Connection *> open(d->connections.begin(), d->connections.end());
    d->connections.clear();
    for (Connection *connection : open)
        delete connection;
    for (const auto &[key, upgrade] : d->pendingUpgrades) {
        if (upgrade.socket) {
            upgrade.socket->disconnect(); // QWebSocketServer's connections too: it goes next
            delete upgrade.socket.data();
        }
    }
    d->pendingUpgrades.clear();
}

void HttpServer::addRoute(Route route)
{
    d->prefixRoutes.push_back(std::make_shared<const Route>(std::move(route)));
}

void HttpServer::addStaticFile(QByteArray path, QByteArray contentType, QByteArray body)
{
    const bool precompress = m_options.compression && body.size() >= m_options.compressionThreshold;
    auto file = std::make_shared<const StaticFile>(std::move(contentType), body, precompress);
    Route route;
    route.pathPrefix = path;
    route.methods = {QByteArrayLiteral("GET"), QByteArrayLiteral("HEAD")};
    route.handler = [file](const ExchangePtr &exchange) {
        exchange->respond(file->respond(exchange->request()));
    };
    d->exactRoutes.insert(path, std::make_shared<const Route>(std::move(route)));
}

bool HttpServer::listen(const QHostAddress &address, quint16 port)
{
    d->tcpServer->setListenBacklogSize(m_options.listenBacklog);
    return d->tcpServer->listen(address, port);
}

void HttpServer::close()
{
    d->tcpServer->close();
    d->closeConnections();
}

void HttpServer::stopListening()
{
    d->tcpServer->close();
}

bool HttpServer::isListening() const
{
    return d->tcpServer->isListening();
}

quint16 HttpServer::serverPort() const
{
    return d->tcpServer->serverPort();
}

QHostAddress HttpServer::serverAddress() const
{
    return d->tcpServer->serverAddress();
}

QString HttpServer::errorString() const
{
    return d->tcpServer->errorString();
}

QList<QUrl> HttpServer::urls() const
{
    const auto urlFor = [this](const QHostAddress &address) {
        QUrl url;
        url.setScheme(m_options.tls ? QStringLiteral("https") : QStringLiteral("http"));
        url.setHost(address.toString());
        url.setPort(serverPort());
        url.setPath(QStringLiteral("/"));
        return url;
    };
    QList<QUrl> result;
    if (!isListening())
        return result;
    const QHostAddress bound = serverAddress();
    if (bound != QHostAddress(QHostAddress::Any) && bound != QHostAddress(QHostAddress::AnyIPv4)
        && bound != QHostAddress(QHostAddress::AnyIPv6)) {
        result.append(urlFor(bound));
        return result;
    }
    for (const QHostAddress &address : QNetworkInterface::allAddresses()) {
        if (address.protocol() == QAbstractSocket::IPv4Protocol && !address.isLoopback())
            result.append(urlFor(address));
    }
    result.append(urlFor(QHostAddress(QHostAddress::LocalHost)));
    return result;
}

int HttpServer::connectionCount() const
{
    return int(d->connections.size());
}

} // namespace sb::http
