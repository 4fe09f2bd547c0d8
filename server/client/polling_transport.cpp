#include "client/polling_transport.h"

#include "client/client_log.h"

#include <QNetworkAccessManager>
#include <QNetworkReply>
#include <QNetworkRequest>
#include <QRandomGenerator>

namespace sb::client {

namespace {

// engine.io-client's `t` parameter: any value that differs between requests will do.
QString timestamp()
{
    static constexpr char Alphabet[]
        = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz-_";
    QString text;
    quint64 value = QRandomGenerator::global()->generate64();
    for (int i = 0; i < 8; ++i, value >>= 6)
        text += QLatin1Char(Alphabet[value & 63]);
    return text;
}

QString httpFailure(QNetworkReply *reply)
{
    const int status = reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt();
    if (status != 0) {
        const QByteArray body = reply->readAll().left(200);
        return QStringLiteral("HTTP %1 %2").arg(status).arg(QString::fromUtf8(body));
    }
    return reply->errorString();
}

} // namespace

PollingTransport::PollingTransport(TransportTarget target, QObject *parent)
    : Transport(std::move(target), parent)
    , m_network(new QNetworkAccessManager(this))
{ }

PollingTransport::~PollingTransport()
{
    // Children would abort them anyway; this keeps their finished() from reaching a half-destroyed
    // object.
    for (QNetworkReply *reply : {m_poll.data(), m_post.data()}) {
        if (reply) {
            reply->disconnect(this);
            reply->abort();
        }
    }
}

QNetworkRequest PollingTransport::request() const
{
    QUrl url = m_target.url;
    url.setPath(m_target.path);
    QUrlQuery query = engineQuery();
    if (m_target.timestampRequests)
        query.addQueryItem(QStringLiteral("t"), timestamp());
    url.setQuery(query);
    QNetworkRequest request(url);
    for (const auto &[name, value] : m_target.extraHeaders)
        request.setRawHeader(name, value);
    // Long-polls must not wait behind each other on one HTTP/2 stream or a pipelined connection.
    request.setAttribute(QNetworkRequest::Http2AllowedAttribute, false);
    request.setAttribute(
        QNetworkRequest::CacheLoadControlAttribute, QNetworkRequest::AlwaysNetwork);
    return request;
}

void PollingTransport::doOpen()
{
    poll();
}

void PollingTransport::poll()
{
    m_poll = m_network->get(request());
    QNetworkReply *reply = m_poll;
    connect(reply, &QNetworkReply::finished, this, [this, reply] { onPollFinished(reply); });
}

void PollingTransport::onPollFinished(QNetworkReply *reply)
{
    reply->deleteLater();
    if (reply == m_poll)
        m_poll = nullptr;
    if (state() == State::Closed)
        return;
    if (reply->error() != QNetworkReply::NoError) {
        onError(QStringLiteral("xhr poll error: ") + httpFailure(reply));
        return;
    }
    onData(reply->readAll());
}

void PollingTransport::onData(const QByteArray &body)
{
    const eio::DecodedPayload payload = eio::decodePayload(body);
    for (const eio::Packet &packet : payload.packets) {
        if (state() == State::Opening && packet.type == eio::PacketType::Open)
            onOpen();
        if (packet.type == eio::PacketType::Close) {
            onClose(QStringLiteral("transport closed by the server"));
            return;
        }
        onPacket(packet);
        if (state() == State::Closed)
            return;
    }
    if (payload.error) {
        onError(QStringLiteral("parse error: ") + eio::describe(*payload.error));
        return;
    }
    if (state() == State::Opening) {
        // The first response must open the session (spec: "Handshake").
        onError(QStringLiteral("parse error: the first response has no open packet"));
        return;
    }
    Q_EMIT pollCompleted();
    if (state() == State::Pausing && !m_post && m_onPaused) {
        setState(State::Paused);
        std::exchange(m_onPaused, nullptr)();
        return;
    }
    if (state() == State::Open)
        poll();
}

void PollingTransport::doWrite(const QList<eio::Packet> &packets)
{
    setWritable(false);
    QNetworkRequest post = request();
    post.setHeader(
        QNetworkRequest::ContentTypeHeader, QByteArrayLiteral("text/plain;charset=UTF-8"));
    m_post = m_network->post(post, eio::encodePayload(packets));
    QNetworkReply *reply = m_post;
    connect(reply, &QNetworkReply::finished, this, [this, reply] { onPostFinished(reply); });
}

void PollingTransport::onPostFinished(QNetworkReply *reply)
{
    reply->deleteLater();
    if (reply == m_post)
        m_post = nullptr;
    if (m_disposed) {
        releaseWhenIdle();
        return;
    }
    if (state() == State::Closed)
        return;
    if (reply->error() != QNetworkReply::NoError) {
        onError(QStringLiteral("xhr post error: ") + httpFailure(reply));
        return;
    }
    setWritable(true);
    Q_EMIT drained();
    if (state() == State::Pausing && !m_poll && m_onPaused) {
        setState(State::Paused);
        std::exchange(m_onPaused, nullptr)();
    }
}

void PollingTransport::pause(std::function<void()> onPaused)
{
    setState(State::Pausing);
    if (!m_poll && !m_post) {
        setState(State::Paused);
        onPaused();
        return;
    }
    m_onPaused = std::move(onPaused);
}

void PollingTransport::doClose()
{
    m_onPaused = nullptr;
    // A session the server knows about is told (spec: "Transport close"); a handshake still in
    // flight is simply abandoned.
    const bool known
        = state() == State::Open || state() == State::Pausing || state() == State::Paused;
    if (known)
        doWrite({eio::Packet::of(eio::PacketType::Close)});
    if (m_poll) {
        // Aborted only once the close request is through (releaseWhenIdle), so that the server
        // sees a close rather than a dropped long-poll.
        m_poll->disconnect(this);
        connect(m_poll, &QNetworkReply::finished, m_poll, &QObject::deleteLater);
        if (!known)
            m_poll->abort();
    }
}

void PollingTransport::dispose()
{
    m_disposed = true;
    releaseWhenIdle();
}

void PollingTransport::releaseWhenIdle()
{
    if (m_post)
        return;
    if (m_poll)
        m_poll->abort();
    deleteLater();
}

} // namespace sb::client
