#include "client/transport.h"

#include "client/polling_transport.h"
#include "client/websocket_transport.h"

namespace sb::client {

void Transport::open()
{
    if (m_state != State::Closed)
        return;
    m_state = State::Opening;
    doOpen();
}

void Transport::send(const QList<eio::Packet> &packets)
{
    if (m_state != State::Open && m_state != State::Pausing && m_state != State::Paused)
        return;
    doWrite(packets);
}

void Transport::pause(std::function<void()> onPaused)
{
    m_state = State::Paused;
    onPaused();
}

void Transport::close()
{
    if (m_state == State::Closed)
        return;
    doClose();
    onClose(QStringLiteral("closed by the client"));
}

void Transport::onOpen()
{
    m_state = State::Open;
    m_writable = true;
    Q_EMIT opened();
}

void Transport::onPacket(const eio::Packet &packet)
{
    Q_EMIT packetReceived(packet);
}

void Transport::onError(const QString &description)
{
    Q_EMIT failed(description);
}

void Transport::onClose(const QString &description)
{
    if (m_state == State::Closed)
        return;
    m_state = State::Closed;
    m_writable = false;
    Q_EMIT closed(description);
}

QUrlQuery Transport::engineQuery() const
{
    QUrlQuery query = m_target.query;
    query.removeAllQueryItems(QStringLiteral("EIO"));
    query.removeAllQueryItems(QStringLiteral("transport"));
    query.removeAllQueryItems(QStringLiteral("sid"));
    query.addQueryItem(QStringLiteral("EIO"), QStringLiteral("4"));
    query.addQueryItem(QStringLiteral("transport"), name());
    if (!m_sessionId.isEmpty())
        query.addQueryItem(QStringLiteral("sid"), QString::fromLatin1(m_sessionId));
    return query;
}

TransportFactory defaultTransportFactory()
{
    return [](const QString &name, const TransportTarget &target) -> Transport * {
        if (name == QLatin1String("polling"))
            return new PollingTransport(target);
        if (name == QLatin1String("websocket"))
            return new WebSocketTransport(target);
        return nullptr;
    };
}

} // namespace sb::client
