#include "admin/admin_server.h"

#include "admin/admin_log.h"
#include "admin/socket_serializer.h"

#include "engine/engine_server.h"
#include "engine/session.h"
#include "io/connection.h"
#include "protocol/payload_builder.h"

#include <QCoreApplication>
#include <QDateTime>
#include <QJsonArray>
#include <QRandomGenerator>
#include <QSysInfo>

#include <memory>

Q_LOGGING_CATEGORY(lcAdmin, "sb.admin", QtWarningMsg)

namespace sb::admin {

namespace {

// Read at program start (static initialisation): `uptime` is the process's, as Node's
// process.uptime().
const QElapsedTimer processClock = [] {
    QElapsedTimer clock;
    clock.start();
    return clock;
}();

// Password checks waiting for a worker; more are refused at once, so that a flood of logins
// cannot queue unbounded work.
constexpr int MaxPendingPasswordChecks = 32;

const QString InvalidCredentials = QStringLiteral("invalid credentials");

QByteArray jsonText(const QString &text)
{
    return sio::toJsonText(QJsonValue(text));
}

// [name, nsp, id, [event, ...args], timestamp]: the event's own arguments are copied byte for
// byte, binary attachments included (their placeholders keep their numbers: the attachments and
// their order are the same).
io::Args eventRecord(const QString &name, const QByteArray &nsp, const io::SocketId &id,
    const QString &event, const io::Args &args)
{
    QByteArray json = '[' + jsonText(name) + ',' + jsonText(QString::fromUtf8(nsp)) + ','
        + jsonText(QString::fromLatin1(id)) + ",[" + jsonText(event);
    const QByteArray array = args.json().trimmed();
    const QByteArray inner = array.mid(1, array.size() - 2).trimmed();
    if (!inner.isEmpty())
        json += ',' + inner;
    json += "]," + jsonText(adminTimestamp()) + ']';
    // One more level of nesting than the event had.
    auto payload = io::Args::fromJson(json, args.attachments(), 64);
    if (payload)
        return payload->sliced(1);
    qCWarning(lcAdmin) << "could not relay an event to the admin UI:" << payload.error();
    return io::makeArgs(QString::fromUtf8(nsp), QString::fromLatin1(id),
        QJsonArray{QJsonValue(event)}, adminTimestamp());
}

QString newSessionId()
{
    // 8 random bytes in hex, as the Node side makes them.
    quint32 words[2];
    QRandomGenerator::system()->fillRange(words);
    return QString::fromLatin1(
        QByteArray(reinterpret_cast<const char *>(words), sizeof(words)).toHex());
}

// The optional filter argument of an action: a room or a socket id; empty means every socket.
std::optional<QString> filterArgument(const io::Args &args, qsizetype index)
{
    if (index >= args.size())
        return QString();
    switch (args.type(index)) {
    case sio::JsonType::String:
        return args.string(index);
    case sio::JsonType::Null:
        return QString();
    default:
        return std::nullopt;
    }
}

} // namespace

QString adminTimestamp()
{
    return QDateTime::currentDateTimeUtc().toString(Qt::ISODateWithMs);
}

AdminServer::AdminServer(io::Server &io, AdminOptions options, QObject *parent)
    : QObject(parent)
    , m_io(io)
    , m_options(std::move(options))
    , m_nsp(&io.of(m_options.namespaceName))
    , m_verbose(m_options.mode == AdminMode::Development)
{
    m_passwordChecks.setMaxThreadCount(1);
    if (m_options.auth) {
        m_nsp->use([this](io::Socket &socket, const io::NextFunction &next) {
            authenticate(socket, next);
        });
    } else {
        qCWarning(lcAdmin) << "the admin UI needs no password: anyone who reaches"
                           << m_options.namespaceName << "may watch and act";
    }
    if (!m_options.readonly) {
        // Every action, and its many-sockets forms (this server has socketsJoin, socketsLeave
        // and disconnectSockets).
        m_features = {QStringLiteral("EMIT"), QStringLiteral("JOIN"), QStringLiteral("LEAVE"),
            QStringLiteral("DISCONNECT"), QStringLiteral("MJOIN"), QStringLiteral("MLEAVE"),
            QStringLiteral("MDISCONNECT")};
    }
    m_features.append(QStringLiteral("AGGREGATED_EVENTS"));
    if (m_verbose) {
        m_features.append(QStringLiteral("ALL_EVENTS"));
        // The admin namespace is watched too, before its own connection handler runs, as on the
        // Node side.
        const QList<io::Namespace *> existing = m_io.namespaces();
        for (io::Namespace *nsp : existing)
            watchNamespace(*nsp);
        QPointer<AdminServer> self(this);
        m_io.onNewNamespace([self](io::Namespace &nsp) {
            if (self)
                self->watchNamespace(nsp);
        });
        m_io.addObserver(this);
    }
    m_nsp->onConnection([this](io::Socket &socket) { adminConnected(socket); });
    m_io.engine().addObserver(this);
    m_statsTimer.setInterval(m_options.statsInterval);
    connect(&m_statsTimer, &QTimer::timeout, this, &AdminServer::emitStats);
    m_statsTimer.start();
    emitStats();
}

AdminServer::~AdminServer()
{
    // A check still running posts its answer to this object: wait for it, so that the answer is
    // dropped with the object's other posted events.
    m_passwordChecks.clear();
    m_passwordChecks.waitForDone();
    m_io.engine().removeObserver(this);
    m_io.removeObserver(this);
}

QString AdminServer::serverId() const
{
    return m_options.serverId.isEmpty() ? QSysInfo::machineHostName() : m_options.serverId;
}

void AdminServer::emitToUi(const QString &event, const io::Args &args)
{
    // Through the adapter: with a cluster adapter every server's admin UI hears it.
    m_nsp->emit(event, args);
}

void AdminServer::authenticate(io::Socket &socket, const io::NextFunction &next)
{
    const QJsonObject auth = socket.handshake().authObject();
    const QJsonValue sessionId = auth.value(QLatin1String("sessionId"));
    if (sessionId.isString() && m_sessionIds.contains(sessionId.toString().toUtf8())) {
        qCDebug(lcAdmin) << "admin UI login with a known session";
        next(std::nullopt);
        return;
    }
    const QJsonValue username = auth.value(QLatin1String("username"));
    const QJsonValue password = auth.value(QLatin1String("password"));
    if (!username.isString() || username.toString() != m_options.auth->username
        || !password.isString()) {
        qCInfo(lcAdmin) << "admin UI login refused: unknown user or no password";
        next(io::ConnectError{InvalidCredentials, {}});
        return;
    }
    if (m_passwordChecks.activeThreadCount() + m_pendingChecks.size() >= MaxPendingPasswordChecks) {
        qCWarning(lcAdmin) << "admin UI login refused: too many password checks pending";
        next(io::ConnectError{InvalidCredentials, {}});
        return;
    }
    const quint64 ticket = ++m_lastTicket;
    m_pendingChecks.insert(ticket, {QPointer<io::Socket>(&socket), next});
    const BcryptHash hash = m_options.auth->passwordHash;
    const QByteArray key = password.toString().toUtf8();
    // Only values cross: the worker never touches the socket or the continuation.
    m_passwordChecks.start([this, ticket, hash, key] {
        const bool matched = hash.matches(key);
        QMetaObject::invokeMethod(
            this, [this, ticket, matched] { passwordChecked(ticket, matched); },
            Qt::QueuedConnection);
    });
}

void AdminServer::passwordChecked(quint64 ticket, bool matched)
{
    const PendingCheck pending = m_pendingChecks.take(ticket);
    if (!pending.socket || !pending.next)
        return; // the client went away meanwhile
    if (!matched) {
        qCInfo(lcAdmin) << "admin UI login refused: wrong password";
        pending.next(io::ConnectError{InvalidCredentials, {}});
        return;
    }
    const QString sessionId = newSessionId();
    m_sessionIds.insert(sessionId.toUtf8());
    // Sent once the socket is connected (adminConnected): before its CONNECT the client would
    // hold it back and hand it over before the UI listens for it.
    m_newSessions.insert(pending.socket->id(), sessionId.toUtf8());
    qCInfo(lcAdmin) << "admin UI login with valid credentials";
    pending.next(std::nullopt);
    if (pending.socket)
        m_newSessions.remove(pending.socket->id()); // refused by a later middleware
}

void AdminServer::adminConnected(io::Socket &socket)
{
    const QByteArray sessionId = m_newSessions.take(socket.id());
    if (!sessionId.isEmpty())
        socket.emit(QStringLiteral("session"), io::makeArgs(QString::fromUtf8(sessionId)));
    if (!m_options.readonly)
        registerActions(socket);
    socket.emit(QStringLiteral("config"),
        io::makeArgs(QJsonObject{
            {QStringLiteral("supportedFeatures"), QJsonArray::fromStringList(m_features)}}));
    if (m_verbose)
        sendAllSockets(QPointer<io::Socket>(&socket));
}

void AdminServer::registerActions(io::Socket &socket)
{
    // The namespace an action names: ours, or, in a cluster, one only other servers may have
    // (the adapter reaches their sockets), made on demand as the Node side does.
    const auto target = [this](const io::Args &args) -> io::Namespace * {
        if (args.type(0) != sio::JsonType::String)
            return nullptr;
        const QByteArray name = args.string(0).toUtf8();
        if (io::Namespace *nsp = m_io.findNamespace(name))
            return nsp->isParent() ? nullptr : nsp;
        if (name.startsWith('/') && m_nsp->adapter().serverCount() > 1)
            return &m_io.of(name);
        return nullptr;
    };
    const auto refuse = [](const char *action) {
        qCInfo(lcAdmin) << "admin UI action" << action << "ignored: malformed arguments";
    };
    socket.on(QStringLiteral("emit"), [target, refuse](const io::Args &args, const io::Ack &) {
        io::Namespace *nsp = target(args);
        const std::optional<QString> filter = filterArgument(args, 1);
        const std::optional<QString> event
            = args.size() > 2 ? args.sliced(2).eventName() : std::nullopt;
        if (!nsp || !filter || !event || event->isEmpty()) {
            refuse("emit");
            return;
        }
        qCDebug(lcAdmin) << "admin UI emits" << *event << "to" << nsp->name() << *filter;
        const io::Args rest = args.sliced(3);
        if (filter->isEmpty())
            nsp->emit(*event, rest);
        else
            nsp->in(*filter).emit(*event, rest);
    });
    const auto roomAction = [target, refuse](const char *name, bool join) {
        return [target, refuse, name, join](const io::Args &args, const io::Ack &) {
            io::Namespace *nsp = target(args);
            const std::optional<QString> filter = filterArgument(args, 2);
            if (!nsp || args.type(1) != sio::JsonType::String || !filter) {
                refuse(name);
                return;
            }
            const io::BroadcastOperator targets
                = filter->isEmpty() ? nsp->broadcastOperator() : nsp->in(*filter);
            const QSet<io::Room> rooms{args.string(1)};
            qCDebug(lcAdmin) << "admin UI" << name << args.string(1) << "for" << nsp->name()
                             << *filter;
            if (join)
                targets.socketsJoin(rooms);
            else
                targets.socketsLeave(rooms);
        };
    };
    socket.on(QStringLiteral("join"), roomAction("join", true));
    socket.on(QStringLiteral("leave"), roomAction("leave", false));
    socket.on(
        QStringLiteral("_disconnect"), [target, refuse](const io::Args &args, const io::Ack &) {
            io::Namespace *nsp = target(args);
            const std::optional<QString> filter = filterArgument(args, 2);
            const sio::JsonType closeType = args.type(1);
            if (!nsp || !filter
                || (closeType != sio::JsonType::Bool && closeType != sio::JsonType::Null)) {
                refuse("_disconnect");
                return;
            }
            const bool close = closeType == sio::JsonType::Bool && args.toJson(1).toBool();
            qCDebug(lcAdmin) << "admin UI disconnects" << nsp->name() << *filter << close;
            if (filter->isEmpty())
                nsp->disconnectSockets(close);
            else
                nsp->in(*filter).disconnectSockets(close);
        });
}

void AdminServer::watchNamespace(io::Namespace &nsp)
{
    if (nsp.isParent())
        return; // no sockets of its own: its children are watched
    QPointer<AdminServer> self(this);
    nsp.onConnection([self](io::Socket &socket) {
        if (self)
            self->socketConnected(socket);
    });
}

void AdminServer::socketConnected(io::Socket &socket)
{
    const eio::Session *session = socket.connection().session();
    const QByteArray sessionId = socket.connection().sessionId();
    socket.data().insert(AdminDataKey,
        QVariantMap{{QStringLiteral("clientId"), QString::fromLatin1(sessionId.left(12))},
            {QStringLiteral("transport"),
                QLatin1String(session ? eio::transportName(session->transportKind()) : "")}});
    const QByteArray nsp = socket.nsp().name();
    const io::SocketId id = socket.id();
    m_sockets[nsp].insert(id, {QPointer<io::Socket>(&socket), socket.data()});
    m_bySession[sessionId].append(QPointer<io::Socket>(&socket));
    emitToUi(QStringLiteral("socket_connected"),
        io::makeArgs(serializeSocket(socket.info()), adminTimestamp()));
    QPointer<AdminServer> self(this);
    if (&socket.nsp() != m_nsp) {
        socket.onAny([self, nsp, id](const QString &event, const io::Args &args) {
            if (self)
                self->emitToUi(QStringLiteral("event_received"),
                    eventRecord(QStringLiteral("event_received"), nsp, id, event, args));
        });
        socket.onAnyOutgoing([self, nsp, id](const QString &event, const io::Args &args) {
            if (self)
                self->emitToUi(QStringLiteral("event_sent"),
                    eventRecord(QStringLiteral("event_sent"), nsp, id, event, args));
        });
    }
    QPointer<io::Socket> guard(&socket);
    socket.onDisconnect([self, guard, nsp, id, sessionId](io::DisconnectReason reason) {
        if (!self)
            return;
        self->m_sockets[nsp].remove(id);
        if (self->m_sockets[nsp].isEmpty())
            self->m_sockets.remove(nsp);
        auto it = self->m_bySession.find(sessionId);
        if (it != self->m_bySession.end()) {
            it->removeIf([&](const QPointer<io::Socket> &s) { return !s || s == guard; });
            if (it->isEmpty())
                self->m_bySession.erase(it);
        }
        self->emitToUi(QStringLiteral("socket_disconnected"),
            io::makeArgs(QString::fromUtf8(nsp), QString::fromLatin1(id),
                QLatin1String(io::disconnectReasonText(reason)), adminTimestamp()));
    });
}

void AdminServer::sendAllSockets(QPointer<io::Socket> admin)
{
    struct Gathering
    {
        int remaining = 0;
        QJsonArray sockets;
    };
    QList<io::Namespace *> namespaces = m_io.namespaces();
    namespaces.removeIf([](io::Namespace *nsp) { return nsp->isParent(); });
    auto gathering = std::make_shared<Gathering>();
    gathering->remaining = int(namespaces.size());
    for (io::Namespace *nsp : namespaces) {
        // Cluster-wide: the other servers' sockets come with their data and handshake.
        nsp->fetchSockets(io::FetchSocketsCallback(
            [admin, gathering](QList<io::SocketInfo> sockets, const QString &error) {
                if (!error.isEmpty())
                    qCInfo(lcAdmin) << "all_sockets without some servers:" << error;
                for (const io::SocketInfo &socket : sockets)
                    gathering->sockets.append(serializeSocket(socket));
                if (--gathering->remaining == 0 && admin && admin->connected())
                    admin->emit(QStringLiteral("all_sockets"), io::makeArgs(gathering->sockets));
            }));
    }
}

void AdminServer::checkDataChanges()
{
    for (auto nsp = m_sockets.begin(); nsp != m_sockets.end(); ++nsp) {
        for (auto it = nsp->begin(); it != nsp->end(); ++it) {
            io::Socket *socket = it->socket;
            if (!socket)
                continue;
            QVariantMap &data = socket->data();
            // The application may have replaced the whole map.
            if (!data.contains(AdminDataKey))
                data.insert(AdminDataKey, it->lastData.value(AdminDataKey));
            if (data == it->lastData)
                continue;
            it->lastData = data;
            emitToUi(QStringLiteral("socket_updated"),
                io::makeArgs(QJsonObject{{QStringLiteral("id"), QString::fromLatin1(it.key())},
                    {QStringLiteral("nsp"), QString::fromUtf8(nsp.key())},
                    {QStringLiteral("data"), serializeData(data)}}));
        }
    }
}

void AdminServer::emitStats()
{
    if (m_verbose)
        checkDataChanges(); // the io API has no data-changed hook: compared at each report
    const eio::EngineServer &engine = m_io.engine();
    int polling = 0;
    const QList<eio::Session *> sessions = engine.sessions();
    for (const eio::Session *session : sessions) {
        if (session->transportKind() == eio::TransportKind::Polling)
            ++polling;
    }
    QJsonArray namespaces;
    const QList<io::Namespace *> all = m_io.namespaces();
    for (const io::Namespace *nsp : all) {
        if (nsp->isParent())
            continue;
        namespaces.append(QJsonObject{{QStringLiteral("name"), QString::fromUtf8(nsp->name())},
            {QStringLiteral("socketsCount"), qint64(nsp->sockets().size())}});
    }
    const QJsonObject stats{{QStringLiteral("serverId"), serverId()},
        {QStringLiteral("hostname"), QSysInfo::machineHostName()},
        {QStringLiteral("pid"), QCoreApplication::applicationPid()},
        {QStringLiteral("uptime"), double(processClock.elapsed()) / 1000.0},
        {QStringLiteral("clientsCount"), qint64(engine.sessionCount())},
        {QStringLiteral("pollingClientsCount"), polling},
        {QStringLiteral("aggregatedEvents"), m_events.take()},
        {QStringLiteral("namespaces"), namespaces}};
    emitToUi(QStringLiteral("server_stats"), io::makeArgs(stats));
}

void AdminServer::sessionOpened(const eio::Session &)
{
    m_events.add(AggregatedEvents::Type::RawConnection, 1, QDateTime::currentMSecsSinceEpoch());
}

void AdminServer::sessionUpgraded(const eio::Session &session)
{
    if (!m_verbose)
        return;
    const auto it = m_bySession.constFind(session.id());
    if (it == m_bySession.cend())
        return;
    const QString transport = QLatin1String(eio::transportName(session.transportKind()));
    for (const QPointer<io::Socket> &socket : *it) {
        if (!socket)
            continue;
        QVariantMap admin = socket->data().value(AdminDataKey).toMap();
        admin.insert(QStringLiteral("transport"), transport);
        socket->data().insert(AdminDataKey, admin);
        // Not a data change for the UI: only the transport is sent.
        auto tracked = m_sockets[socket->nsp().name()].find(socket->id());
        if (tracked != m_sockets[socket->nsp().name()].end())
            tracked->lastData = socket->data();
        emitToUi(QStringLiteral("socket_updated"),
            io::makeArgs(QJsonObject{{QStringLiteral("id"), QString::fromLatin1(socket->id())},
                {QStringLiteral("nsp"), QString::fromUtf8(socket->nsp().name())},
                {QStringLiteral("transport"), transport}}));
    }
}

void AdminServer::sessionClosed(const eio::Session &, eio::CloseReason reason)
{
    m_events.add(AggregatedEvents::Type::RawDisconnection, 1, QDateTime::currentMSecsSinceEpoch(),
        QLatin1String(eio::closeReasonText(reason)));
}

void AdminServer::packetReceived(const eio::Session &, const eio::Packet &packet)
{
    if (packet.data.isEmpty())
        return;
    const qint64 now = QDateTime::currentMSecsSinceEpoch();
    m_events.add(AggregatedEvents::Type::PacketsIn, 1, now);
    m_events.add(AggregatedEvents::Type::BytesIn, packet.data.size(), now);
}

void AdminServer::packetSent(const eio::Session &, const eio::Packet &packet)
{
    if (packet.data.isEmpty())
        return;
    const qint64 now = QDateTime::currentMSecsSinceEpoch();
    m_events.add(AggregatedEvents::Type::PacketsOut, 1, now);
    m_events.add(AggregatedEvents::Type::BytesOut, packet.data.size(), now);
}

void AdminServer::roomJoined(const QByteArray &nsp, const io::Room &room, const io::SocketId &id)
{
    emitToUi(QStringLiteral("room_joined"),
        io::makeArgs(QString::fromUtf8(nsp), room, QString::fromLatin1(id), adminTimestamp()));
}

void AdminServer::roomLeft(const QByteArray &nsp, const io::Room &room, const io::SocketId &id)
{
    // A turn later, as on the Node side: a disconnecting socket's `socket_disconnected` comes
    // first, and the adapter is not re-entered while it is removing the socket.
    const io::Args args
        = io::makeArgs(QString::fromUtf8(nsp), room, QString::fromLatin1(id), adminTimestamp());
    QMetaObject::invokeMethod(
        this, [this, args] { emitToUi(QStringLiteral("room_left"), args); }, Qt::QueuedConnection);
}

} // namespace sb::admin
