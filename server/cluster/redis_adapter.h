#pragma once

#include "cluster/redis_link.h"
#include "common/deadline_service.h"
#include "io/in_memory_adapter.h"

#include <QHash>
#include <QJsonObject>

#include <memory>

namespace sb::cluster {

struct RedisAdapterOptions
{
    QByteArray key = "socket.io"; // the channel prefix (the Node adapter's `key`)
    // How long fetchSockets waits for the other servers (serverSideEmit takes its own timeout).
    std::chrono::milliseconds requestsTimeout{5000};
    // Answer on `key-response#nsp#uid#` instead of `key-response#nsp#`.
    bool publishOnSpecificResponseChannel = false;
};

// The adapter of one namespace in a cluster of servers sharing a Redis, wire-compatible with
// @socket.io/redis-adapter 8.x (its RedisAdapter class): the same channels, the msgpack
// broadcast message [uid, packet, {rooms, except, flags}], the same JSON/msgpack requests and
// responses, the server count through PUBSUB NUMSUB of the request channel. Rooms are kept by
// the in-memory adapter underneath; local sockets are reached through LocalSockets.
class RedisAdapter final : public io::InMemoryAdapter
{
public:
    RedisAdapter(io::Namespace &nsp, RedisLink &link, RedisAdapterOptions options);
    ~RedisAdapter() override;

    // The Node adapter's request types (RequestType).
    enum class RequestType {
        Sockets = 0,
        AllRooms = 1,
        RemoteJoin = 2,
        RemoteLeave = 3,
        RemoteDisconnect = 4,
        RemoteFetch = 5,
        ServerSideEmit = 6,
        Broadcast = 7,
        BroadcastClientCount = 8,
        BroadcastAck = 9,
    };

    const QByteArray &uid() const { return m_uid; }
    const QByteArray &channel() const { return m_channel; }
    const QByteArray &requestChannel() const { return m_requestChannel; }

    void broadcast(sio::Packet packet, const io::BroadcastOptions &options) override;
    void broadcastWithAck(sio::Packet packet, const io::BroadcastOptions &options,
        const std::function<void(int)> &sent,
        const std::function<io::AckCallback(const io::SocketId &)> &ackFor) override;
    void fetchSockets(
        const io::BroadcastOptions &options, const io::FetchSocketsCallback &done) override;
    void addSockets(const io::BroadcastOptions &options, const QSet<io::Room> &rooms) override;
    void delSockets(const io::BroadcastOptions &options, const QSet<io::Room> &rooms) override;
    void disconnectSockets(const io::BroadcastOptions &options, bool close) override;
    void serverSideEmit(const io::Args &eventAndArgs, const io::ServerSideEmitCallback &done,
        std::chrono::milliseconds timeout) override;
    int serverCount() const override { return m_lastServerCount; }
    void fetchServerCount(const std::function<void(int)> &done) override;

private:
    struct Request
    {
        RequestType type;
        int numSub = 0;
        int msgCount = 1; // this server counts as answered
        QList<io::SocketInfo> sockets;
        QList<io::Args> responses;
        io::FetchSocketsCallback fetchDone;
        io::ServerSideEmitCallback emitDone;
        Deadline timeout;
    };
    struct AckRequest
    {
        std::function<void(int)> sent;
        std::function<io::AckCallback(const io::SocketId &)> ackFor;
        Deadline expiry;
    };

    void onBroadcastMessage(const QByteArray &channel, const QByteArray &message);
    void onRequest(const QByteArray &message);
    void onResponse(const QByteArray &message);
    void publishResponse(const QJsonObject &request, const QByteArray &response);
    // Publishes a request for every server (this one included, as the Node adapter does);
    // false when Redis is down.
    bool publishRequest(const QJsonObject &request);
    QJsonObject optsJson(const io::BroadcastOptions &options, bool withFlags) const;
    static io::BroadcastOptions optsFrom(const QJsonObject &opts);
    QByteArray newRequestId() const;
    void finishFetch(const QByteArray &requestId, const QString &error);
    void finishServerSideEmit(const QByteArray &requestId);

    RedisLink &m_link;
    RedisAdapterOptions m_options;
    QByteArray m_uid;
    QByteArray m_channel; // key#nsp#
    QByteArray m_requestChannel; // key-request#nsp#
    QByteArray m_responseChannel; // key-response#nsp#
    QByteArray m_specificResponseChannel; // key-response#nsp#uid#
    QHash<QByteArray, std::shared_ptr<Request>> m_requests;
    QHash<QByteArray, std::shared_ptr<AckRequest>> m_ackRequests;
    int m_lastServerCount = 1;
    std::shared_ptr<int> m_life = std::make_shared<int>(0); // callbacks check it is still there
};

// Makes a RedisAdapter for every namespace (ServerOptions::adapterFactory).
io::AdapterFactory redisAdapterFactory(RedisLink &link, RedisAdapterOptions options);

} // namespace sb::cluster
