#pragma once

#include "cluster/hiredis_connection.h"
#include "cluster/redis_address.h"

#include <QHash>
#include <QObject>
#include <QTimer>

#include <functional>
#include <memory>
#include <optional>

namespace sb::cluster {

// The node's two Redis connections (one publishes and asks, one listens), kept up for the life
// of the process: when Redis goes away they reconnect with a growing back-off (100 ms doubling
// to 5 s) and the listening one subscribes again to everything it had. Publishing while the
// link is down drops the message and counts it. Lives on the server thread.
class RedisLink final : public QObject
{
    Q_OBJECT
public:
    enum class State { Connecting, Up, Down };
    // A message on a channel (for a pattern subscription: the channel it was published on).
    using MessageHandler
        = std::function<void(const QByteArray &channel, const QByteArray &message)>;

    explicit RedisLink(RedisAddress address, QObject *parent = nullptr);
    ~RedisLink() override;

    void start();
    State state() const { return m_state; }
    const RedisAddress &address() const { return m_address; }
    // Messages that could not be published because the link was down.
    quint64 unpublishedCount() const { return m_unpublished; }
    int reconnects() const { return m_reconnects; }

    bool publish(const QByteArray &channel, const QByteArray &message);
    // PUBSUB NUMSUB: subscribers of `channel`; nullopt when Redis did not answer.
    void numSub(const QByteArray &channel, std::function<void(std::optional<int>)> done);

    void subscribe(const QByteArray &channel, MessageHandler handler);
    void unsubscribe(const QByteArray &channel);
    void psubscribe(const QByteArray &pattern, MessageHandler handler);
    void punsubscribe(const QByteArray &pattern);

Q_SIGNALS:
    void stateChanged(sb::cluster::RedisLink::State state);

private:
    void connectionChanged();
    void reopen(HiredisConnection &connection);
    void scheduleReconnect();
    void subscribeAll();
    void handlePush(const redisReply *reply);

    RedisAddress m_address;
    std::unique_ptr<HiredisConnection> m_pub;
    std::unique_ptr<HiredisConnection> m_sub;
    QHash<QByteArray, MessageHandler> m_channels;
    QHash<QByteArray, MessageHandler> m_patterns;
    QTimer m_retry;
    int m_backoffMs = 100;
    State m_state = State::Connecting;
    quint64 m_unpublished = 0;
    int m_reconnects = 0;
    bool m_wasUp = false;
};

} // namespace sb::cluster
