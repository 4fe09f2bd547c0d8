#include "cluster/redis_adapter.h"

#include "cluster/cluster_log.h"
#include "cluster/msgpack_codec.h"
#include "io/namespace.h"
#include "io/server.h"
#include "protocol/encoder.h"

#include <QCoreApplication>
#include <QJsonArray>
#include <QJsonDocument>
#include <QRandomGenerator>

namespace sb::cluster {

namespace {

// Event packets travel as socket.io's packet objects: {type: 2, data: [...], nsp}.
constexpr int EventPacketType = 2;

QByteArray randomId(int bytes)
{
    // uid2(6) in the Node adapter: URL-safe random text.
    static const char alphabet[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";
    QByteArray id;
    id.reserve(bytes);
    for (int i = 0; i < bytes; ++i)
        id.append(alphabet[QRandomGenerator::global()->bounded(62)]);
    return id;
}

QJsonArray roomsJson(const QSet<io::Room> &rooms)
{
    QJsonArray array;
    for (const io::Room &room : rooms)
        array.append(room);
    return array;
}

QSet<io::Room> roomsFrom(const QJsonValue &value)
{
    QSet<io::Room> rooms;
    for (const QJsonValue &room : value.toArray()) {
        // Node rooms may be numbers; socket ids and names are strings.
        rooms.insert(room.isString() ? room.toString() : room.toVariant().toString());
    }
    return rooms;
}

QByteArray json(const QJsonObject &object)
{
    return QJsonDocument(object).toJson(QJsonDocument::Compact);
}

// Requests and responses are JSON text, or msgpack when they carry a packet: the Node adapter
// tells them apart by the first byte ('{').
std::optional<MsgValue> parseMessage(const QByteArray &message)
{
    if (message.startsWith('{')) {
        QJsonParseError error{};
        const QJsonDocument document = QJsonDocument::fromJson(message, &error);
        if (error.error != QJsonParseError::NoError || !document.isObject())
            return std::nullopt;
        return MsgValue{document.object(), {}};
    }
    std::optional<MsgValue> decoded = decodeMsgpack(message);
    if (!decoded || !decoded->value.isObject())
        return std::nullopt;
    return decoded;
}

QJsonObject socketJson(const io::SocketInfo &info)
{
    return {{QStringLiteral("id"), QString::fromLatin1(info.id)},
        {QStringLiteral("handshake"), info.handshake},
        {QStringLiteral("rooms"), roomsJson(info.rooms)},
        {QStringLiteral("data"), QJsonObject::fromVariantMap(info.data)}};
}

io::SocketInfo socketFrom(const QJsonObject &object, const QByteArray &nsp)
{
    io::SocketInfo info;
    info.id = object.value(QLatin1String("id")).toString().toUtf8();
    info.nsp = nsp;
    info.rooms = roomsFrom(object.value(QLatin1String("rooms")));
    info.data = object.value(QLatin1String("data")).toObject().toVariantMap();
    info.handshake = object.value(QLatin1String("handshake")).toObject();
    return info;
}

} // namespace

RedisAdapter::RedisAdapter(io::Namespace &nsp, RedisLink &link, RedisAdapterOptions options)
    : InMemoryAdapter(nsp, nsp.server().options().recoveryWindow)
    , m_link(link)
    , m_options(std::move(options))
    , m_uid(randomId(6))
{
    const QByteArray &name = nsp.name();
    m_channel = m_options.key + '#' + name + '#';
    m_requestChannel = m_options.key + "-request#" + name + '#';
    m_responseChannel = m_options.key + "-response#" + name + '#';
    m_specificResponseChannel = m_responseChannel + m_uid + '#';
    m_link.psubscribe(m_channel + '*', [this](const QByteArray &channel, const QByteArray &msg) {
        onBroadcastMessage(channel, msg);
    });
    m_link.subscribe(
        m_requestChannel, [this](const QByteArray &, const QByteArray &msg) { onRequest(msg); });
    m_link.subscribe(
        m_responseChannel, [this](const QByteArray &, const QByteArray &msg) { onResponse(msg); });
    m_link.subscribe(m_specificResponseChannel,
        [this](const QByteArray &, const QByteArray &msg) { onResponse(msg); });
}

RedisAdapter::~RedisAdapter()
{
    m_link.punsubscribe(m_channel + '*');
    m_link.unsubscribe(m_requestChannel);
    m_link.unsubscribe(m_responseChannel);
    m_link.unsubscribe(m_specificResponseChannel);
}

QByteArray RedisAdapter::newRequestId() const
{
    return randomId(6);
}

QJsonObject RedisAdapter::optsJson(const io::BroadcastOptions &options, bool withFlags) const
{
    QJsonObject opts{{QStringLiteral("rooms"), roomsJson(options.rooms)},
        {QStringLiteral("except"), roomsJson(options.except)}};
    if (withFlags) {
        QJsonObject flags;
        if (options.flags.isVolatile)
            flags.insert(QStringLiteral("volatile"), true);
        if (!options.flags.compress)
            flags.insert(QStringLiteral("compress"), false);
        if (options.flags.timeout)
            flags.insert(QStringLiteral("timeout"), qint64(options.flags.timeout->count()));
        opts.insert(QStringLiteral("flags"), flags);
    }
    return opts;
}

io::BroadcastOptions RedisAdapter::optsFrom(const QJsonObject &opts)
{
    io::BroadcastOptions options;
    options.rooms = roomsFrom(opts.value(QLatin1String("rooms")));
    options.except = roomsFrom(opts.value(QLatin1String("except")));
    const QJsonObject flags = opts.value(QLatin1String("flags")).toObject();
    options.flags.isVolatile = flags.value(QLatin1String("volatile")).toBool(false);
    options.flags.compress = flags.value(QLatin1String("compress")).toBool(true);
    const QJsonValue timeout = flags.value(QLatin1String("timeout"));
    if (timeout.isDouble())
        options.flags.timeout = std::chrono::milliseconds(timeout.toInteger());
    return options;
}

bool RedisAdapter::publishRequest(const QJsonObject &request)
{
    return m_link.publish(m_requestChannel, json(request));
}

void RedisAdapter::publishResponse(const QJsonObject &request, const QByteArray &response)
{
    const QByteArray channel = m_options.publishOnSpecificResponseChannel
        ? m_responseChannel + request.value(QLatin1String("uid")).toString().toUtf8() + '#'
        : m_responseChannel;
    m_link.publish(channel, response);
}

// ---- broadcasts ----

void RedisAdapter::broadcast(sio::Packet packet, const io::BroadcastOptions &options)
{
    if (!options.flags.local) {
        const io::Args args = io::Args::fromPacket(packet);
        const QJsonObject packetJson{{QStringLiteral("type"), EventPacketType},
            {QStringLiteral("data"), argsToJson(args)},
            {QStringLiteral("nsp"), QString::fromUtf8(m_nsp.name())}};
        const QJsonArray message{QString::fromLatin1(m_uid), packetJson, optsJson(options, true)};
        QByteArray channel = m_channel;
        if (options.rooms.size() == 1)
            channel += options.rooms.cbegin()->toUtf8() + '#';
        m_link.publish(channel, encodeMsgpack(message, args.attachments()));
    }
    InMemoryAdapter::broadcast(std::move(packet), options);
}

void RedisAdapter::onBroadcastMessage(const QByteArray &channel, const QByteArray &message)
{
    if (!channel.startsWith(m_channel))
        return;
    // key#nsp#room# for a broadcast to one room, key#nsp# otherwise.
    const QByteArray rest = channel.mid(m_channel.size());
    const QString room = QString::fromUtf8(rest.isEmpty() ? rest : rest.chopped(1));
    if (!room.isEmpty() && !rooms().contains(room))
        return; // nobody here is in that room
    const std::optional<MsgValue> decoded = decodeMsgpack(message);
    if (!decoded || !decoded->value.isArray())
        return;
    const QJsonArray parts = decoded->value.toArray();
    if (parts.size() < 3 || parts.at(0).toString().toUtf8() == m_uid)
        return; // our own: delivered locally already
    const QJsonObject packet = parts.at(1).toObject();
    const QString nsp = packet.value(QLatin1String("nsp")).toString(QStringLiteral("/"));
    if (nsp.toUtf8() != m_nsp.name())
        return;
    const std::optional<io::Args> args
        = argsFromJson(packet.value(QLatin1String("data")).toArray(), decoded->attachments);
    if (!args || args->isEmpty())
        return;
    io::BroadcastOptions options = optsFrom(parts.at(2).toObject());
    options.flags.local = true;
    InMemoryAdapter::broadcast(sio::makeEvent(m_nsp.name(), *args), options);
}

void RedisAdapter::broadcastWithAck(sio::Packet packet, const io::BroadcastOptions &options,
    const std::function<void(int)> &sent,
    const std::function<io::AckCallback(const io::SocketId &)> &ackFor)
{
    if (!options.flags.local) {
        const QByteArray requestId = newRequestId();
        const io::Args args = io::Args::fromPacket(packet);
        const QJsonObject packetJson{{QStringLiteral("type"), EventPacketType},
            {QStringLiteral("data"), argsToJson(args)},
            {QStringLiteral("nsp"), QString::fromUtf8(m_nsp.name())}};
        const QJsonObject request{{QStringLiteral("uid"), QString::fromLatin1(m_uid)},
            {QStringLiteral("requestId"), QString::fromLatin1(requestId)},
            {QStringLiteral("type"), int(RequestType::Broadcast)},
            {QStringLiteral("packet"), packetJson},
            {QStringLiteral("opts"), optsJson(options, true)}};
        auto pending = std::make_shared<AckRequest>();
        pending->sent = sent;
        pending->ackFor = ackFor;
        // Answers are taken until the timeout (the Node adapter forgets the request then), a
        // little longer so that answers racing the deadline still count.
        const auto keep = options.flags.timeout.value_or(m_options.requestsTimeout)
            + std::chrono::milliseconds(500);
        pending->expiry.setCallback([this, requestId] {
            // Held until this callback returns: the deadline running it belongs to the request.
            const std::shared_ptr<AckRequest> expired = m_ackRequests.take(QByteArray(requestId));
        });
        pending->expiry.start(keep);
        m_ackRequests.insert(requestId, pending);
        m_link.publish(m_requestChannel, encodeMsgpack(request, args.attachments()));
    }
    InMemoryAdapter::broadcastWithAck(std::move(packet), options, sent, ackFor);
}

// ---- cluster operations ----

void RedisAdapter::fetchServerCount(const std::function<void(int)> &done)
{
    std::weak_ptr<int> alive = m_life;
    m_link.numSub(m_requestChannel, [this, alive, done](std::optional<int> count) {
        if (alive.expired())
            return;
        // Redis away: this server is all it can reach.
        m_lastServerCount = count ? std::max(*count, 1) : 1;
        done(m_lastServerCount);
    });
}

void RedisAdapter::fetchSockets(
    const io::BroadcastOptions &options, const io::FetchSocketsCallback &done)
{
    QList<io::SocketInfo> local = localSockets().describe(recipients(options));
    if (options.flags.local) {
        done(local, {});
        return;
    }
    std::weak_ptr<int> alive = m_life;
    fetchServerCount([this, alive, options, local, done](int numSub) {
        if (alive.expired())
            return;
        if (numSub <= 1) {
            done(local, {});
            return;
        }
        const QByteArray requestId = newRequestId();
        auto request = std::make_shared<Request>();
        request->type = RequestType::RemoteFetch;
        request->numSub = numSub;
        request->sockets = local;
        request->fetchDone = done;
        request->timeout.setCallback([this, requestId] {
            finishFetch(requestId,
                QCoreApplication::translate(
                    "RedisAdapter", "timeout reached while waiting for fetchSockets response"));
        });
        request->timeout.start(m_options.requestsTimeout);
        m_requests.insert(requestId, request);
        if (!publishRequest({{QStringLiteral("uid"), QString::fromLatin1(m_uid)},
                {QStringLiteral("requestId"), QString::fromLatin1(requestId)},
                {QStringLiteral("type"), int(RequestType::RemoteFetch)},
                {QStringLiteral("opts"), optsJson(options, false)}}))
            finishFetch(
                requestId, QCoreApplication::translate("RedisAdapter", "Redis is unreachable"));
    });
}

void RedisAdapter::finishFetch(const QByteArray &requestId, const QString &error)
{
    const std::shared_ptr<Request> request = m_requests.take(requestId);
    if (!request)
        return;
    request->timeout.stop();
    request->fetchDone(request->sockets, error);
}

void RedisAdapter::addSockets(const io::BroadcastOptions &options, const QSet<io::Room> &rooms)
{
    // The Node adapter applies these when its own request comes back from Redis, like every
    // other server; with Redis away, this server applies it at once.
    if (options.flags.local
        || !publishRequest({{QStringLiteral("uid"), QString::fromLatin1(m_uid)},
            {QStringLiteral("type"), int(RequestType::RemoteJoin)},
            {QStringLiteral("opts"), optsJson(options, false)},
            {QStringLiteral("rooms"), roomsJson(rooms)}}))
        InMemoryAdapter::addSockets(options, rooms);
}

void RedisAdapter::delSockets(const io::BroadcastOptions &options, const QSet<io::Room> &rooms)
{
    if (options.flags.local
        || !publishRequest({{QStringLiteral("uid"), QString::fromLatin1(m_uid)},
            {QStringLiteral("type"), int(RequestType::RemoteLeave)},
            {QStringLiteral("opts"), optsJson(options, false)},
            {QStringLiteral("rooms"), roomsJson(rooms)}}))
        InMemoryAdapter::delSockets(options, rooms);
}

void RedisAdapter::disconnectSockets(const io::BroadcastOptions &options, bool close)
{
    if (options.flags.local
        || !publishRequest({{QStringLiteral("uid"), QString::fromLatin1(m_uid)},
            {QStringLiteral("type"), int(RequestType::RemoteDisconnect)},
            {QStringLiteral("opts"), optsJson(options, false)}, {QStringLiteral("close"), close}}))
        InMemoryAdapter::disconnectSockets(options, close);
}

void RedisAdapter::serverSideEmit(const io::Args &eventAndArgs,
    const io::ServerSideEmitCallback &done, std::chrono::milliseconds timeout)
{
    const QJsonArray data = argsToJson(eventAndArgs);
    if (!done) {
        publishRequest({{QStringLiteral("uid"), QString::fromLatin1(m_uid)},
            {QStringLiteral("type"), int(RequestType::ServerSideEmit)},
            {QStringLiteral("data"), data}});
        return;
    }
    std::weak_ptr<int> alive = m_life;
    fetchServerCount([this, alive, data, done, timeout](int servers) {
        if (alive.expired())
            return;
        const int numSub = servers - 1; // not this one
        if (numSub <= 0) {
            done({}, 0);
            return;
        }
        const QByteArray requestId = newRequestId();
        auto request = std::make_shared<Request>();
        request->type = RequestType::ServerSideEmit;
        request->numSub = numSub;
        request->emitDone = done;
        request->timeout.setCallback([this, requestId] { finishServerSideEmit(requestId); });
        request->timeout.start(timeout);
        m_requests.insert(requestId, request);
        if (!publishRequest({{QStringLiteral("uid"), QString::fromLatin1(m_uid)},
                {QStringLiteral("requestId"), QString::fromLatin1(requestId)},
                {QStringLiteral("type"), int(RequestType::ServerSideEmit)},
                {QStringLiteral("data"), data}}))
            finishServerSideEmit(requestId);
    });
}

void RedisAdapter::finishServerSideEmit(const QByteArray &requestId)
{
    const std::shared_ptr<Request> request = m_requests.take(requestId);
    if (!request)
        return;
    request->timeout.stop();
    request->emitDone(request->responses, request->numSub - int(request->responses.size()));
}

// ---- what other servers ask ----

void RedisAdapter::onRequest(const QByteArray &message)
{
    const std::optional<MsgValue> parsed = parseMessage(message);
    if (!parsed)
        return;
    const QJsonObject request = parsed->value.toObject();
    const QByteArray requestId = request.value(QLatin1String("requestId")).toString().toUtf8();
    const QJsonObject opts = request.value(QLatin1String("opts")).toObject();
    const auto type = RequestType(request.value(QLatin1String("type")).toInt(-1));
    switch (type) {
    case RequestType::Sockets: {
        if (m_requests.contains(requestId))
            return;
        QJsonArray ids;
        for (const io::SocketId &id : sockets(roomsFrom(request.value(QLatin1String("rooms")))))
            ids.append(QString::fromLatin1(id));
        publishResponse(request,
            json({{QStringLiteral("requestId"), QString::fromLatin1(requestId)},
                {QStringLiteral("sockets"), ids}}));
        return;
    }
    case RequestType::AllRooms: {
        if (m_requests.contains(requestId))
            return;
        QJsonArray names;
        for (auto it = rooms().cbegin(); it != rooms().cend(); ++it)
            names.append(it.key());
        publishResponse(request,
            json({{QStringLiteral("requestId"), QString::fromLatin1(requestId)},
                {QStringLiteral("rooms"), names}}));
        return;
    }
    case RequestType::RemoteJoin:
    case RequestType::RemoteLeave:
    case RequestType::RemoteDisconnect: {
        // Applied by every server, the one that published it included.
        if (!request.contains(QLatin1String("opts"))) {
            // The older form: one socket by id, answered.
            const io::SocketId sid = request.value(QLatin1String("sid")).toString().toUtf8();
            if (!m_nsp.socket(sid))
                return;
            const QSet<io::Room> room{request.value(QLatin1String("room")).toString()};
            if (type == RequestType::RemoteJoin)
                localSockets().joinIds({sid}, room);
            else if (type == RequestType::RemoteLeave)
                localSockets().leaveIds({sid}, room);
            else
                localSockets().disconnectIds({sid}, request.value(QLatin1String("close")).toBool());
            publishResponse(
                request, json({{QStringLiteral("requestId"), QString::fromLatin1(requestId)}}));
            return;
        }
        const io::BroadcastOptions options = optsFrom(opts);
        if (type == RequestType::RemoteJoin)
            InMemoryAdapter::addSockets(options, roomsFrom(request.value(QLatin1String("rooms"))));
        else if (type == RequestType::RemoteLeave)
            InMemoryAdapter::delSockets(options, roomsFrom(request.value(QLatin1String("rooms"))));
        else
            InMemoryAdapter::disconnectSockets(
                options, request.value(QLatin1String("close")).toBool());
        return;
    }
    case RequestType::RemoteFetch: {
        if (m_requests.contains(requestId))
            return;
        QJsonArray found;
        for (const io::SocketInfo &info : localSockets().describe(recipients(optsFrom(opts))))
            found.append(socketJson(info));
        publishResponse(request,
            json({{QStringLiteral("requestId"), QString::fromLatin1(requestId)},
                {QStringLiteral("sockets"), found}}));
        return;
    }
    case RequestType::ServerSideEmit: {
        if (request.value(QLatin1String("uid")).toString().toUtf8() == m_uid)
            return;
        const std::optional<io::Args> data
            = argsFromJson(request.value(QLatin1String("data")).toArray(), parsed->attachments);
        if (!data)
            return;
        io::Namespace::ServerSideReply reply;
        if (request.contains(QLatin1String("requestId"))) {
            std::weak_ptr<int> alive = m_life;
            reply = [this, alive, requestId](const io::Args &answer) {
                if (alive.expired())
                    return;
                // Only one argument travels back.
                const QJsonArray values = argsToJson(answer);
                m_link.publish(m_responseChannel,
                    json({{QStringLiteral("type"), int(RequestType::ServerSideEmit)},
                        {QStringLiteral("requestId"), QString::fromLatin1(requestId)},
                        {QStringLiteral("data"),
                            values.isEmpty() ? QJsonValue(QJsonValue::Null) : values.at(0)}}));
            };
        }
        m_nsp.serverSideEmitReceived(*data, reply);
        return;
    }
    case RequestType::Broadcast: {
        if (m_ackRequests.contains(requestId))
            return; // our own
        const QJsonObject packet = request.value(QLatin1String("packet")).toObject();
        const std::optional<io::Args> args
            = argsFromJson(packet.value(QLatin1String("data")).toArray(), parsed->attachments);
        if (!args || args->isEmpty())
            return;
        io::BroadcastOptions options = optsFrom(opts);
        options.flags.local = true;
        std::weak_ptr<int> alive = m_life;
        InMemoryAdapter::broadcastWithAck(
            sio::makeEvent(m_nsp.name(), *args, m_nsp.nextAckId()), options,
            [this, alive, request, requestId](int clientCount) {
                if (alive.expired())
                    return;
                publishResponse(request,
                    json({{QStringLiteral("type"), int(RequestType::BroadcastClientCount)},
                        {QStringLiteral("requestId"), QString::fromLatin1(requestId)},
                        {QStringLiteral("clientCount"), clientCount}}));
            },
            [this, alive, request, requestId](const io::SocketId &) -> io::AckCallback {
                return [this, alive, request, requestId](const io::AckResult &ack) {
                    if (alive.expired() || !ack.answered())
                        return;
                    const QJsonArray values = argsToJson(ack.args);
                    const QJsonObject response{
                        {QStringLiteral("type"), int(RequestType::BroadcastAck)},
                        {QStringLiteral("requestId"), QString::fromLatin1(requestId)},
                        {QStringLiteral("packet"),
                            values.isEmpty() ? QJsonValue(QJsonValue::Null) : values.at(0)}};
                    publishResponse(request, encodeMsgpack(response, ack.args.attachments()));
                };
            });
        return;
    }
    case RequestType::BroadcastClientCount:
    case RequestType::BroadcastAck:
        return;
    }
}

void RedisAdapter::onResponse(const QByteArray &message)
{
    const std::optional<MsgValue> parsed = parseMessage(message);
    if (!parsed)
        return;
    const QJsonObject response = parsed->value.toObject();
    const QByteArray requestId = response.value(QLatin1String("requestId")).toString().toUtf8();
    if (const auto ack = m_ackRequests.value(requestId)) {
        const auto type = RequestType(response.value(QLatin1String("type")).toInt(-1));
        if (type == RequestType::BroadcastClientCount) {
            ack->sent(response.value(QLatin1String("clientCount")).toInt());
        } else if (type == RequestType::BroadcastAck) {
            const std::optional<io::Args> args = argsFromJson(
                QJsonArray{response.value(QLatin1String("packet"))}, parsed->attachments);
            if (args)
                ack->ackFor({})({io::AckResult::Status::Answered, *args, {}});
        }
        return;
    }
    const std::shared_ptr<Request> request = m_requests.value(requestId);
    if (!request)
        return;
    switch (request->type) {
    case RequestType::RemoteFetch: {
        ++request->msgCount;
        const QJsonValue sockets = response.value(QLatin1String("sockets"));
        if (!sockets.isArray())
            return;
        for (const QJsonValue &socket : sockets.toArray())
            request->sockets.append(socketFrom(socket.toObject(), m_nsp.name()));
        if (request->msgCount >= request->numSub)
            finishFetch(requestId, {});
        return;
    }
    case RequestType::ServerSideEmit: {
        const std::optional<io::Args> answer
            = argsFromJson(QJsonArray{response.value(QLatin1String("data"))}, parsed->attachments);
        request->responses.append(answer.value_or(io::Args()));
        if (int(request->responses.size()) >= request->numSub)
            finishServerSideEmit(requestId);
        return;
    }
    default:
        return;
    }
}

io::AdapterFactory redisAdapterFactory(RedisLink &link, RedisAdapterOptions options)
{
    return [&link, options](io::Namespace &nsp) -> std::unique_ptr<io::Adapter> {
        return std::make_unique<RedisAdapter>(nsp, link, options);
    };
}

} // namespace sb::cluster
