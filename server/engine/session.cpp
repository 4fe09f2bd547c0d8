#include "engine/session.h"

#include "engine/engine_log.h"
#include "engine/engine_server.h"
#include "engine/polling_transport.h"
#include "engine/websocket_transport.h"

namespace sb::eio {

namespace {
constexpr std::chrono::milliseconds UpgradeNoopInterval{100};

QByteArray openPayload(const SessionId &id, const EngineOptions &options, TransportKind kind)
{
    // Key order as Node writes it; clients do not care, people reading captures do.
    QByteArray json
        = QByteArrayLiteral("{\"sid\":\"") + id + QByteArrayLiteral("\",\"upgrades\":[");
    if (kind == TransportKind::Polling && options.allowUpgrades && options.allowWebSocket)
        json += QByteArrayLiteral("\"websocket\"");
    json += QByteArrayLiteral("],\"pingInterval\":")
        + QByteArray::number(options.pingInterval.count()) + QByteArrayLiteral(",\"pingTimeout\":")
        + QByteArray::number(options.pingTimeout.count()) + QByteArrayLiteral(",\"maxPayload\":")
        + QByteArray::number(options.maxHttpBufferSize) + '}';
    return json;
}
} // namespace

Session::Session(SessionId id, EngineServer &server, http::Request handshake,
    std::unique_ptr<Transport> transport)
    : m_id(std::move(id))
    , m_server(server)
    , m_request(std::move(handshake))
    , m_transport(std::move(transport))
    , m_openedAt(std::chrono::steady_clock::now())
    // Deadlines, not Qt timers: Qt's per-thread timer list costs O(timers) per arm, and a server
    // has three of these per session. They are as precise as Qt::PreciseTimer (clients judge the
    // ping timeout to within a few milliseconds).
    , m_heartbeat([this] { heartbeatDue(); })
    , m_upgradeTimeout([this] { upgradeTimedOut(); })
    , m_upgradeNoop([this] { upgradeNoopDue(); })
{
    m_transport->setListener(this);
}

Session::~Session()
{
    if (m_transport)
        m_transport->setListener(nullptr);
    if (m_probe)
        m_probe->setListener(nullptr);
}

bool Session::isWritable() const
{
    return m_state == State::Open && m_transport->isWritable();
}

void Session::start()
{
    send(Packet::of(PacketType::Open, openPayload(m_id, m_server.options(), m_transport->kind())));
    m_heartbeat.start(m_server.options().pingInterval);
}

void Session::send(const Packet &packet)
{
    if (m_state != State::Open)
        return;
    m_writeBuffer.append(packet);
    flush();
}

void Session::send(const QList<Packet> &packets)
{
    if (m_state != State::Open)
        return;
    m_writeBuffer.append(packets);
    flush();
}

void Session::flush()
{
    if (m_state == State::Closed || m_writeBuffer.isEmpty() || !m_transport->isWritable())
        return;
    const QList<Packet> packets = std::exchange(m_writeBuffer, {});
    m_stats.packetsOut += quint64(packets.size());
    for (const Packet &packet : packets) {
        m_stats.bytesOut += quint64(webSocketSize(packet));
        if (packet.type == PacketType::Ping && !m_pingInFlight) {
            m_pingInFlight = true;
            m_pingWrittenAt = std::chrono::steady_clock::now();
        }
    }
    if (m_server.hasObservers()) {
        for (const Packet &packet : packets)
            m_server.forEachObserver([&](EngineObserver &o) { o.packetSent(*this, packet); });
    }
    m_transport->send(packets);
    if (m_closeWhenFlushed && m_state == State::Closing) {
        m_closeWhenFlushed = false;
        m_transport->close();
    }
}

void Session::close()
{
    if (m_state != State::Open)
        return;
    m_state = State::Closing;
    cancelUpgrade();
    flush();
    // What is still queued (a polling transport without a pending GET) goes out first, and the
    // CLOSE packet in a response of its own, as Node does: socket.io-client handles packets a tick
    // later but a CLOSE at once, so a CLOSE in the same payload would overtake them. The heartbeat
    // still ends a session whose client never polls again.
    if (!m_writeBuffer.isEmpty()) {
        m_closeWhenFlushed = true;
        return;
    }
    m_transport->close();
}

void Session::handlePollingRequest(const http::ExchangePtr &exchange)
{
    auto *polling = m_transport->kind() == TransportKind::Polling
        ? static_cast<PollingTransport *>(m_transport.get())
        : nullptr;
    if (!polling) {
        exchange->respond(http::Response::empty(400));
        return;
    }
    polling->handleRequest(exchange);
}

void Session::probeUpgrade(std::unique_ptr<Transport> transport)
{
    m_probe = std::move(transport);
    m_probe->setListener(this);
    m_upgradeTimeout.start(m_server.options().upgradeTimeout);
}

void Session::heartbeatDue()
{
    if (m_awaitingPong) {
        finish(CloseReason::PingTimeout);
        return;
    }
    // The timeout runs from the moment the ping is queued, as in Node.
    m_awaitingPong = true;
    m_heartbeat.start(m_server.options().pingTimeout);
    send(Packet::of(PacketType::Ping));
}

void Session::upgradeTimedOut()
{
    qCDebug(lcEngine) << "session" << m_id << "did not complete its upgrade in time";
    cancelUpgrade();
}

void Session::upgradeNoopDue()
{
    // Every 100 ms until the probe ends (a deadline is single-shot, unlike the QBasicTimer it
    // replaced).
    m_upgradeNoop.start(UpgradeNoopInterval);
    if (m_transport->kind() == TransportKind::Polling && m_transport->isWritable())
        m_transport->send({Packet::of(PacketType::Noop)});
}

void Session::transportPacket(Transport &transport, const Packet &packet)
{
    if (&transport == m_probe.get())
        handleProbePacket(packet);
    else if (&transport == m_transport.get())
        handlePacket(packet);
}

void Session::handlePacket(const Packet &packet)
{
    if (m_state != State::Open)
        return;
    ++m_stats.packetsIn;
    m_stats.bytesIn += quint64(webSocketSize(packet));
    if (m_server.hasObservers())
        m_server.forEachObserver([&](EngineObserver &o) { o.packetReceived(*this, packet); });
    switch (packet.type) {
    case PacketType::Pong:
        // Also an unsolicited pong postpones the next ping, as in Node.
        m_awaitingPong = false;
        if (m_pingInFlight) {
            m_pingInFlight = false;
            m_stats.rtt = std::chrono::duration_cast<std::chrono::microseconds>(
                std::chrono::steady_clock::now() - m_pingWrittenAt);
            ++m_stats.rttSamples;
            if (m_server.hasObservers())
                m_server.forEachObserver(
                    [&](EngineObserver &o) { o.roundTripMeasured(*this, m_stats.rtt); });
        }
        m_heartbeat.start(m_server.options().pingInterval);
        break;
    case PacketType::Ping:
        // v4 reversed the heartbeat: a client ping outside an upgrade probe is a protocol error.
        finish(CloseReason::TransportError);
        break;
    case PacketType::Message:
        m_server.deliverMessage(*this, packet);
        break;
    case PacketType::Close:
        // Node ignores a CLOSE over WebSocket; the spec says it closes the transport.
        finish(CloseReason::TransportClose);
        break;
    case PacketType::Open:
    case PacketType::Upgrade:
    case PacketType::Noop:
        break; // meaningless here; Node ignores them too
    }
}

void Session::handleProbePacket(const Packet &packet)
{
    if (packet.type == PacketType::Ping && packet.data == "probe") {
        m_probe->send({Packet::of(PacketType::Pong, QByteArrayLiteral("probe"))});
        // Release a pending GET now and every 100 ms, so the client can pause polling quickly.
        if (m_transport->kind() == TransportKind::Polling && m_transport->isWritable())
            m_transport->send({Packet::of(PacketType::Noop)});
        m_upgradeNoop.start(UpgradeNoopInterval);
    } else if (packet.type == PacketType::Upgrade && m_state != State::Closed) {
        completeUpgrade();
    } else {
        cancelUpgrade();
    }
}

void Session::completeUpgrade()
{
    m_upgradeTimeout.stop();
    m_upgradeNoop.stop();
    std::unique_ptr<Transport> old = std::exchange(m_transport, std::move(m_probe));
    old->discard();
    old->close();
    old->setListener(nullptr);
    retire(std::move(old));
    m_upgraded = true;
    if (m_server.hasObservers())
        m_server.forEachObserver([&](EngineObserver &o) { o.sessionUpgraded(*this); });
    flush();
    if (m_state == State::Closing)
        m_transport->close();
}

void Session::cancelUpgrade()
{
    m_upgradeTimeout.stop();
    m_upgradeNoop.stop();
    if (!m_probe)
        return;
    std::unique_ptr<Transport> probe = std::move(m_probe);
    probe->setListener(nullptr);
    probe->close();
    retire(std::move(probe));
}

void Session::retire(std::unique_ptr<Transport> transport)
{
    // Never delete a transport inside one of its own callbacks: a queued call, not a zero timer
    // (which would be one more entry in Qt's timer list).
    QMetaObject::invokeMethod(
        this, [t = std::shared_ptr<Transport>(std::move(transport))] {}, Qt::QueuedConnection);
}

void Session::transportParseError(Transport &transport)
{
    if (&transport == m_probe.get())
        cancelUpgrade();
    else if (&transport == m_transport.get())
        finish(CloseReason::ParseError);
}

void Session::transportReady(Transport &transport)
{
    if (&transport == m_transport.get())
        flush();
}

void Session::transportError(Transport &transport, const QString &description)
{
    if (&transport == m_probe.get()) {
        cancelUpgrade();
        return;
    }
    if (&transport != m_transport.get())
        return;
    qCDebug(lcEngine) << "session" << m_id << "transport error:" << description;
    finish(CloseReason::TransportError);
}

void Session::transportClosed(Transport &transport)
{
    if (&transport == m_probe.get()) {
        cancelUpgrade();
        return;
    }
    if (&transport != m_transport.get())
        return;
    if (const auto *polling = dynamic_cast<const PollingTransport *>(&transport);
        polling && polling->closedBeforeItsGet())
        m_server.expectLateGet(m_id);
    finish(m_state == State::Closing ? CloseReason::ForcedClose : CloseReason::TransportClose);
}

void Session::finish(CloseReason reason)
{
    if (m_state == State::Closed)
        return;
    m_state = State::Closed;
    m_heartbeat.stop();
    cancelUpgrade();
    m_writeBuffer.clear();
    // A pending GET gets the CLOSE packet; a WebSocket its closing handshake.
    m_transport->close();
    m_server.sessionFinished(*this, reason);
}

} // namespace sb::eio
