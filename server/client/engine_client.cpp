#include "client/engine_client.h"

#include "client/client_log.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>

#include <cmath>

Q_LOGGING_CATEGORY(lcClient, "sb.client", QtWarningMsg)

namespace sb::client {

namespace {

// Durations beyond a day are no heartbeat anyone means; they would also overflow QTimer's int.
constexpr double MaxDurationMs = 24.0 * 3600 * 1000;

std::optional<std::chrono::milliseconds> duration(const QJsonValue &value)
{
    if (!value.isDouble())
        return std::nullopt;
    const double ms = value.toDouble();
    if (!(ms > 0) || ms > MaxDurationMs || std::floor(ms) != ms)
        return std::nullopt;
    return std::chrono::milliseconds(qint64(ms));
}

} // namespace

Result<Handshake, QString> parseHandshake(const QByteArray &json)
{
    QJsonParseError error;
    const QJsonDocument document = QJsonDocument::fromJson(json, &error);
    if (error.error != QJsonParseError::NoError || !document.isObject())
        return fail(QStringLiteral("the handshake is not a JSON object"));
    const QJsonObject object = document.object();
    Handshake handshake;
    const QJsonValue sid = object.value(QLatin1String("sid"));
    if (!sid.isString() || sid.toString().isEmpty())
        return fail(QStringLiteral("the handshake has no session id"));
    handshake.sid = sid.toString().toUtf8();
    const QJsonValue upgrades = object.value(QLatin1String("upgrades"));
    if (!upgrades.isUndefined()) {
        if (!upgrades.isArray())
            return fail(QStringLiteral("the handshake's upgrades are not a list"));
        for (const QJsonValue &name : upgrades.toArray()) {
            if (!name.isString())
                return fail(QStringLiteral("the handshake's upgrades are not a list of names"));
            handshake.upgrades.append(name.toString());
        }
    }
    const auto interval = duration(object.value(QLatin1String("pingInterval")));
    const auto timeout = duration(object.value(QLatin1String("pingTimeout")));
    if (!interval || !timeout)
        return fail(QStringLiteral("the handshake has no usable pingInterval and pingTimeout"));
    handshake.pingInterval = *interval;
    handshake.pingTimeout = *timeout;
    const QJsonValue maxPayload = object.value(QLatin1String("maxPayload"));
    if (!maxPayload.isUndefined()) {
        const double bytes = maxPayload.toDouble(-1);
        if (!maxPayload.isDouble() || bytes < 0 || std::floor(bytes) != bytes || bytes > 1e15)
            return fail(QStringLiteral("the handshake's maxPayload is not a size"));
        handshake.maxPayload = qint64(bytes);
    }
    return handshake;
}

EngineClient::EngineClient(EngineClientOptions options, QObject *parent)
    : QObject(parent)
    , m_options(std::move(options))
    , m_factory(defaultTransportFactory())
{
    // Servers judge the heartbeat to within milliseconds; a coarse timer could fire too late.
    m_pingTimer.setTimerType(Qt::PreciseTimer);
    m_pingTimer.setSingleShot(true);
    connect(
        &m_pingTimer, &QTimer::timeout, this, [this] { onClose(QStringLiteral("ping timeout")); });
}

EngineClient::~EngineClient()
{
    for (Transport *transport : {m_probe.data(), m_transport.data()}) {
        if (transport) {
            transport->disconnect(this);
            transport->close();
            delete transport;
        }
    }
}

QString EngineClient::transportName() const
{
    return m_transport ? m_transport->name() : QString();
}

bool EngineClient::isTransportWritable() const
{
    return m_transport && m_transport->isWritable();
}

Transport *EngineClient::createTransport(const QString &name)
{
    Transport *transport = m_factory ? m_factory(name, m_options.target) : nullptr;
    if (transport) {
        transport->setParent(this);
        if (!m_handshake.sid.isEmpty())
            transport->setSessionId(m_handshake.sid);
    }
    return transport;
}

void EngineClient::open()
{
    if (m_state != State::Closed)
        return;
    m_handshake = {};
    m_closeWhenDone = false;
    m_state = State::Opening;
    if (m_options.transports.isEmpty()) {
        QTimer::singleShot(0, this, [this] { onError(QStringLiteral("No transports available")); });
        return;
    }
    Transport *transport = createTransport(m_options.transports.first());
    if (!transport) {
        const QString name = m_options.transports.first();
        QTimer::singleShot(0, this,
            [this, name] { onError(QStringLiteral("unknown transport \"%1\"").arg(name)); });
        return;
    }
    setTransport(transport);
    transport->open();
}

void EngineClient::setTransport(Transport *transport)
{
    if (m_transport) {
        // The transport we upgraded from: paused, and the session lives on, so it is not closed
        // (closing a polling transport would tell the server to end the session).
        m_transport->disconnect(this);
        m_transport->dispose();
    }
    m_transport = transport;
    connect(transport, &Transport::drained, this, &EngineClient::onDrain);
    connect(transport, &Transport::packetReceived, this, &EngineClient::onPacket);
    connect(transport, &Transport::failed, this, &EngineClient::onError);
    connect(transport, &Transport::closed, this, [this](const QString &description) {
        onClose(QStringLiteral("transport close"), description);
    });
}

void EngineClient::releaseTransport(Transport *transport)
{
    transport->disconnect(this);
    transport->close();
    transport->dispose();
}

void EngineClient::onPacket(const eio::Packet &packet)
{
    if (m_state == State::Closed)
        return;
    if (m_state == State::Opening) {
        // Nothing may come before the handshake (spec: "Handshake").
        if (packet.type != eio::PacketType::Open) {
            onError(QStringLiteral("expected the handshake, got a %1 packet")
                        .arg(QLatin1String(eio::packetTypeName(packet.type))));
            return;
        }
        onHandshake(packet);
        return;
    }
    switch (packet.type) {
    case eio::PacketType::Open:
        onError(QStringLiteral("a second handshake on an open session"));
        return;
    case eio::PacketType::Ping:
        resetPingTimeout();
        sendPacket(eio::Packet::of(eio::PacketType::Pong));
        Q_EMIT pinged();
        return;
    case eio::PacketType::Message:
        Q_EMIT messageReceived(packet);
        return;
    case eio::PacketType::Close:
        onClose(
            QStringLiteral("transport close"), QStringLiteral("transport closed by the server"));
        return;
    case eio::PacketType::Noop:
        return;
    case eio::PacketType::Pong:
    case eio::PacketType::Upgrade:
        // Client-to-server types (a pong only answers a probe, on the probe transport).
        onError(QStringLiteral("unexpected %1 packet from the server")
                    .arg(QLatin1String(eio::packetTypeName(packet.type))));
        return;
    }
}

void EngineClient::onHandshake(const eio::Packet &packet)
{
    auto handshake = parseHandshake(packet.data);
    if (!handshake) {
        onError(handshake.error());
        return;
    }
    m_handshake = *handshake;
    m_transport->setSessionId(m_handshake.sid);
    QStringList upgrades;
    for (const QString &name : std::as_const(m_handshake.upgrades)) {
        if (m_options.transports.contains(name) && name != m_transport->name())
            upgrades.append(name);
    }
    m_handshake.upgrades = upgrades;
    qCDebug(lcClient) << "session" << m_handshake.sid << "open over" << m_transport->name();
    onOpen();
    if (m_state == State::Closed)
        return;
    resetPingTimeout();
}

void EngineClient::onOpen()
{
    m_state = State::Open;
    QPointer<EngineClient> self(this);
    Q_EMIT opened();
    if (!self)
        return;
    flush();
    if (m_state == State::Open && m_options.upgrade && !m_handshake.upgrades.isEmpty())
        probe(m_handshake.upgrades.first());
}

// Spec "Upgrade": a second transport on the same session sends `2probe`; `3probe` back means it
// works. The first transport is paused (its pending GET released by the server's noop), then
// `5` over the new one completes the upgrade. Until then every write waits in the buffer.
void EngineClient::probe(const QString &name)
{
    Transport *probe = createTransport(name);
    if (!probe)
        return;
    m_probe = probe;
    connect(probe, &Transport::opened, this, [this, probe] {
        probe->send({eio::Packet::of(eio::PacketType::Ping, QByteArrayLiteral("probe"))});
    });
    connect(probe, &Transport::packetReceived, this, [this, probe](const eio::Packet &packet) {
        if (probe != m_probe || m_upgrading)
            return;
        if (packet.type != eio::PacketType::Pong || packet.data != "probe") {
            freezeProbe(QStringLiteral("probe error"));
            return;
        }
        m_upgrading = true;
        Q_EMIT upgrading(probe->name());
        m_transport->pause([this, probe] {
            if (m_state == State::Closed || probe != m_probe)
                return;
            probe->disconnect(this);
            m_probe = nullptr;
            setTransport(probe);
            probe->send({eio::Packet::of(eio::PacketType::Upgrade)});
            m_upgrading = false;
            qCDebug(lcClient) << "session" << m_handshake.sid << "upgraded to" << probe->name();
            QPointer<EngineClient> self(this);
            Q_EMIT upgraded(probe->name());
            if (!self)
                return;
            if (m_closeWhenDone && m_writeBuffer.isEmpty()) {
                finishClose();
                return;
            }
            flush();
        });
    });
    connect(probe, &Transport::failed, this,
        [this](const QString &error) { freezeProbe(QStringLiteral("probe error: ") + error); });
    connect(probe, &Transport::closed, this,
        [this] { freezeProbe(QStringLiteral("probe error: transport closed")); });
    probe->open();
}

void EngineClient::freezeProbe(const QString &error)
{
    if (!m_probe)
        return;
    Transport *probe = m_probe;
    m_probe = nullptr;
    releaseTransport(probe);
    const bool wasUpgrading = std::exchange(m_upgrading, false);
    qCDebug(lcClient) << "session" << m_handshake.sid << error;
    QPointer<EngineClient> self(this);
    Q_EMIT upgradeFailed(error);
    if (!self || m_state == State::Closed)
        return;
    if (m_closeWhenDone) {
        finishClose();
        return;
    }
    // A pause that had already begun leaves the old transport idle: resume it. This only happens
    // when the probe dies after its pong, which the official client does not handle either.
    if (wasUpgrading)
        onError(QStringLiteral("the upgrade failed after the probe"));
}

void EngineClient::resetPingTimeout()
{
    const auto delay = m_handshake.pingInterval + m_handshake.pingTimeout;
    m_pingDeadline = QDeadlineTimer(delay, Qt::PreciseTimer);
    m_pingTimer.start(delay);
}

bool EngineClient::hasPingExpired()
{
    if (m_state != State::Open)
        return true;
    if (!m_pingDeadline.hasExpired())
        return false;
    m_pingDeadline = QDeadlineTimer(QDeadlineTimer::Forever);
    QTimer::singleShot(0, this, [this] { onClose(QStringLiteral("ping timeout")); });
    return true;
}

void EngineClient::sendText(const QByteArray &text)
{
    sendPacket(eio::Packet::message(text));
}

void EngineClient::sendBinary(const QByteArray &bytes)
{
    sendPacket(eio::Packet::binaryMessage(bytes));
}

void EngineClient::sendPacket(eio::Packet packet)
{
    if (m_state == State::Closing || m_state == State::Closed)
        return;
    m_writeBuffer.append(std::move(packet));
    flush();
}

void EngineClient::flush()
{
    if (m_state == State::Closed || !m_transport || !m_transport->isWritable() || m_upgrading
        || m_writeBuffer.isEmpty() || m_inFlight > 0)
        return;
    const QList<eio::Packet> packets = writablePackets();
    m_inFlight = packets.size();
    m_transport->send(packets);
}

// Over polling one POST carries as many packets as fit in the server's maxPayload (at least one:
// the server refuses a larger one, which is the application's problem, as with the JS client).
QList<eio::Packet> EngineClient::writablePackets() const
{
    if (m_handshake.maxPayload <= 0 || m_transport->name() != QLatin1String("polling")
        || m_writeBuffer.size() < 2)
        return m_writeBuffer;
    qint64 size = 0;
    for (qsizetype i = 0; i < m_writeBuffer.size(); ++i) {
        size += eio::encodeText(m_writeBuffer.at(i)).size() + (i > 0 ? 1 : 0);
        if (i > 0 && size > m_handshake.maxPayload)
            return m_writeBuffer.first(i);
    }
    return m_writeBuffer;
}

void EngineClient::onDrain()
{
    m_writeBuffer.remove(0, std::min(m_inFlight, m_writeBuffer.size()));
    m_inFlight = 0;
    if (!m_writeBuffer.isEmpty()) {
        flush();
        return;
    }
    QPointer<EngineClient> self(this);
    Q_EMIT drained();
    if (self && m_closeWhenDone && !m_upgrading)
        finishClose();
}

void EngineClient::close()
{
    if (m_state != State::Opening && m_state != State::Open)
        return;
    m_state = State::Closing;
    m_closeWhenDone = true;
    if (!m_writeBuffer.isEmpty() || m_upgrading)
        return; // onDrain, or the end of the upgrade, finishes it
    finishClose();
}

void EngineClient::finishClose()
{
    onClose(QStringLiteral("forced close"));
}

void EngineClient::onError(const QString &error)
{
    if (m_state == State::Closed)
        return;
    qCDebug(lcClient) << "session" << m_handshake.sid << "error:" << error;
    QPointer<EngineClient> self(this);
    Q_EMIT errorOccurred(error);
    if (self)
        onClose(QStringLiteral("transport error"), error);
}

void EngineClient::onClose(const QString &reason, const QString &description)
{
    if (m_state == State::Closed)
        return;
    m_pingTimer.stop();
    m_pingDeadline = QDeadlineTimer(QDeadlineTimer::Forever);
    if (m_probe) {
        Transport *probe = m_probe;
        m_probe = nullptr;
        releaseTransport(probe);
    }
    if (m_transport) {
        Transport *transport = m_transport;
        m_transport = nullptr;
        releaseTransport(transport);
    }
    m_state = State::Closed;
    m_upgrading = false;
    m_closeWhenDone = false;
    m_writeBuffer.clear();
    m_inFlight = 0;
    qCDebug(lcClient) << "session" << m_handshake.sid << "closed:" << reason << description;
    m_handshake.sid.clear();
    Q_EMIT closed(reason, description);
}

} // namespace sb::client
