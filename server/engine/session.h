#pragma once

#include "common/deadline_service.h"
#include "engine/engine_errors.h"
#include "engine/engine_options.h"
#include "engine/packet.h"
#include "engine/transport.h"
#include "http/exchange.h"

#include <QObject>

#include <chrono>
#include <memory>

namespace sb::eio {

class EngineServer;

using SessionId = QByteArray;

struct SessionStats
{
    quint64 bytesIn = 0;
    quint64 bytesOut = 0;
    quint64 packetsIn = 0;
    quint64 packetsOut = 0;
    // The last heartbeat round trip: a PING written to the transport until its PONG arrived
    // (zero until the first one). Over polling it includes the wait for the client's next GET.
    std::chrono::microseconds rtt{0};
    quint32 rttSamples = 0;
};

// One Engine.IO session: its current transport, at most one upgrade probe, the write buffer and
// the heartbeat (spec: "Handshake", "Heartbeat", "Upgrade"). States: open → closing → closed.
// Created and owned by the EngineServer, deleted (deleteLater) once closed.
class Session final : public QObject, private TransportListener
{
    Q_OBJECT
public:
    enum class State { Open, Closing, Closed };

    Session(SessionId id, EngineServer &server, http::Request handshake,
        std::unique_ptr<Transport> transport);
    ~Session() override;

    const SessionId &id() const { return m_id; }
    State state() const { return m_state; }
    const http::Request &request() const { return m_request; }
    QHostAddress remoteAddress() const { return m_request.remoteAddress; }
    TransportKind transportKind() const { return m_transport->kind(); }
    bool isUpgrading() const { return m_probe != nullptr; }
    bool isUpgraded() const { return m_upgraded; }
    const SessionStats &stats() const { return m_stats; }
    std::chrono::steady_clock::time_point openedAt() const { return m_openedAt; }
    // The transport can take a packet now without buffering (volatile emits use it).
    bool isWritable() const;

    // Queues packets and writes them as soon as the transport can. Ignored once closing.
    void send(const Packet &packet);
    void send(const QList<Packet> &packets);
    // Closes from the server side ("forced close"): what is queued still goes out first.
    void close();

    // For the EngineServer.
    void start();
    void handlePollingRequest(const http::ExchangePtr &exchange);
    // A WebSocket with this session's id: probe it and switch to it when the client confirms.
    void probeUpgrade(std::unique_ptr<Transport> transport);

private:
    void transportPacket(Transport &transport, const Packet &packet) override;
    void transportParseError(Transport &transport) override;
    void transportReady(Transport &transport) override;
    void transportError(Transport &transport, const QString &description) override;
    void transportClosed(Transport &transport) override;

    void handlePacket(const Packet &packet);
    void handleProbePacket(const Packet &packet);
    void completeUpgrade();
    void cancelUpgrade();
    void flush();
    void finish(CloseReason reason);
    void retire(std::unique_ptr<Transport> transport);
    void heartbeatDue();
    void upgradeTimedOut();
    void upgradeNoopDue();

    SessionId m_id;
    EngineServer &m_server;
    http::Request m_request;
    std::unique_ptr<Transport> m_transport;
    std::unique_ptr<Transport> m_probe; // a WebSocket being probed for an upgrade
    QList<Packet> m_writeBuffer;
    SessionStats m_stats;
    std::chrono::steady_clock::time_point m_openedAt;
    std::chrono::steady_clock::time_point m_pingWrittenAt; // valid while m_pingInFlight
    Deadline m_heartbeat; // ping interval, then ping timeout
    Deadline m_upgradeTimeout;
    Deadline m_upgradeNoop; // releases a pending GET every 100 ms while probing
    State m_state = State::Open;
    bool m_awaitingPong = false;
    bool m_pingInFlight = false; // a PING went to the transport, its PONG has not come yet
    bool m_upgraded = false;
    bool m_closeWhenFlushed = false; // close() waits for the queue to go out first
};

} // namespace sb::eio
