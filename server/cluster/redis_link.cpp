#include "cluster/redis_link.h"

#include "cluster/cluster_log.h"

#include <hiredis/hiredis.h>

Q_LOGGING_CATEGORY(lcCluster, "sb.cluster")

namespace sb::cluster {

namespace {

constexpr int FirstBackoffMs = 100;
constexpr int LastBackoffMs = 5000;

QByteArray text(const redisReply *reply)
{
    return reply && reply->str ? QByteArray(reply->str, qsizetype(reply->len)) : QByteArray();
}

} // namespace

RedisLink::RedisLink(RedisAddress address, QObject *parent)
    : QObject(parent)
    , m_address(std::move(address))
{
    m_pub = std::make_unique<HiredisConnection>([this](bool) { connectionChanged(); });
    m_sub = std::make_unique<HiredisConnection>([this](bool up) {
        if (up)
            subscribeAll();
        connectionChanged();
    });
    m_sub->setPushHandler([this](const redisReply *reply) { handlePush(reply); });
    m_retry.setSingleShot(true);
    connect(&m_retry, &QTimer::timeout, this, [this] {
        ++m_reconnects;
        reopen(*m_pub);
        reopen(*m_sub);
    });
}

RedisLink::~RedisLink()
{
    // The connections go first: their callbacks reach into this object.
    m_pub.reset();
    m_sub.reset();
}

void RedisLink::start()
{
    reopen(*m_pub);
    reopen(*m_sub);
}

void RedisLink::reopen(HiredisConnection &connection)
{
    if (connection.isOpen())
        return;
    if (!connection.open(m_address.host.toUtf8(), m_address.port))
        scheduleReconnect();
}

void RedisLink::scheduleReconnect()
{
    if (m_retry.isActive())
        return;
    m_retry.start(m_backoffMs);
    m_backoffMs = std::min(m_backoffMs * 2, LastBackoffMs);
}

void RedisLink::connectionChanged()
{
    State state = State::Connecting;
    if (m_pub->isUp() && m_sub->isUp()) {
        state = State::Up;
        m_backoffMs = FirstBackoffMs;
        if (m_address.db != 0)
            m_pub->command({"SELECT", QByteArray::number(m_address.db)});
    } else if (m_wasUp || (!m_pub->isOpen() || !m_sub->isOpen())) {
        state = State::Down;
    }
    if (!m_pub->isOpen() || !m_sub->isOpen())
        scheduleReconnect();
    if (state == m_state)
        return;
    if (state == State::Up) {
        qCInfo(lcCluster) << "Redis link up:" << m_address.toString()
                          << "- unpublished while down:" << m_unpublished;
        m_wasUp = true;
    } else if (state == State::Down) {
        qCWarning(lcCluster) << "Redis link down:" << m_address.toString()
                             << (m_pub->lastError().isEmpty() ? m_sub->lastError()
                                                              : m_pub->lastError())
                             << "- retrying; unpublished so far:" << m_unpublished;
    }
    m_state = state;
    Q_EMIT stateChanged(state);
}

bool RedisLink::publish(const QByteArray &channel, const QByteArray &message)
{
    if (m_pub->command({"PUBLISH", channel, message}))
        return true;
    ++m_unpublished;
    return false;
}

void RedisLink::numSub(const QByteArray &channel, std::function<void(std::optional<int>)> done)
{
    const bool sent
        = m_pub->command({"PUBSUB", "NUMSUB", channel}, [done](const redisReply *reply) {
              // [channel, count]
              if (!reply || reply->type != REDIS_REPLY_ARRAY || reply->elements < 2
                  || reply->element[1]->type != REDIS_REPLY_INTEGER) {
                  done(std::nullopt);
                  return;
              }
              done(int(reply->element[1]->integer));
          });
    if (!sent)
        done(std::nullopt);
}

void RedisLink::subscribe(const QByteArray &channel, MessageHandler handler)
{
    m_channels.insert(channel, std::move(handler));
    m_sub->subscribeCommand({"SUBSCRIBE", channel});
}

void RedisLink::unsubscribe(const QByteArray &channel)
{
    if (m_channels.remove(channel) > 0)
        m_sub->subscribeCommand({"UNSUBSCRIBE", channel});
}

void RedisLink::psubscribe(const QByteArray &pattern, MessageHandler handler)
{
    m_patterns.insert(pattern, std::move(handler));
    m_sub->subscribeCommand({"PSUBSCRIBE", pattern});
}

void RedisLink::punsubscribe(const QByteArray &pattern)
{
    if (m_patterns.remove(pattern) > 0)
        m_sub->subscribeCommand({"PUNSUBSCRIBE", pattern});
}

void RedisLink::subscribeAll()
{
    for (auto it = m_channels.cbegin(); it != m_channels.cend(); ++it)
        m_sub->subscribeCommand({"SUBSCRIBE", it.key()});
    for (auto it = m_patterns.cbegin(); it != m_patterns.cend(); ++it)
        m_sub->subscribeCommand({"PSUBSCRIBE", it.key()});
}

void RedisLink::handlePush(const redisReply *reply)
{
    if (reply->type != REDIS_REPLY_ARRAY || reply->elements < 3)
        return;
    const QByteArray kind = text(reply->element[0]);
    if ((kind == "message") && reply->elements >= 3) {
        const QByteArray channel = text(reply->element[1]);
        const auto it = m_channels.constFind(channel);
        if (it != m_channels.cend()) {
            const MessageHandler handler = *it; // may unsubscribe while running
            handler(channel, text(reply->element[2]));
        }
    } else if (kind == "pmessage" && reply->elements >= 4) {
        const auto it = m_patterns.constFind(text(reply->element[1]));
        if (it != m_patterns.cend()) {
            const MessageHandler handler = *it;
            handler(text(reply->element[2]), text(reply->element[3]));
        }
    }
}

} // namespace sb::cluster
