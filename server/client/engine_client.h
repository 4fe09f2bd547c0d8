#pragma once

// The client side of Engine.IO v4 (spec: docs/engine.io-protocol/v4-current.md), behaving as
// engine.io-client 6.x: handshake on the first transport, probe-upgrade to WebSocket, heartbeat
// (answer every ping; no ping within pingInterval + pingTimeout means the connection is lost), a
// write buffer flushed in batches within the server's maxPayload, and close reasons with the
// official client's strings.

#include "client/transport.h"

#include <QDeadlineTimer>
#include <QObject>
#include <QPointer>
#include <QStringList>
#include <QTimer>

#include <chrono>

namespace sb::client {

struct EngineClientOptions
{
    TransportTarget target;
    // Tried in this order for the handshake (the first one); later ones are upgrade candidates.
    QStringList transports{QStringLiteral("polling"), QStringLiteral("websocket")};
    bool upgrade = true;
};

// What the server said in its open packet (spec: "Handshake").
struct Handshake
{
    QByteArray sid;
    QStringList upgrades;
    std::chrono::milliseconds pingInterval{0};
    std::chrono::milliseconds pingTimeout{0};
    qint64 maxPayload = 0; // 0: none given
};

// The open packet's JSON, validated; an error text when it is not a usable handshake.
Result<Handshake, QString> parseHandshake(const QByteArray &json);

class EngineClient final : public QObject
{
    Q_OBJECT
public:
    enum class State { Closed, Opening, Open, Closing };

    explicit EngineClient(EngineClientOptions options, QObject *parent = nullptr);
    ~EngineClient() override;

    // Tests hand in fake transports; the default makes the real ones.
    void setTransportFactory(TransportFactory factory) { m_factory = std::move(factory); }

    void open();
    // Sends what is buffered first, waits for an upgrade in progress, then closes ("forced close").
    void close();
    // Queued while the transport is busy or an upgrade is under way; dropped when closing or
    // closed, as engine.io-client does.
    void sendText(const QByteArray &text);
    void sendBinary(const QByteArray &bytes);

    State state() const { return m_state; }
    QByteArray sessionId() const { return m_handshake.sid; }
    const Handshake &handshake() const { return m_handshake; }
    // The transport in use ("polling", "websocket"), empty before open().
    QString transportName() const;
    bool isUpgrading() const { return m_upgrading; }
    bool isTransportWritable() const;
    // The heartbeat deadline passed without a ping (the timer may not have fired yet, e.g. after a
    // suspend): emits closed("ping timeout") on the next turn and answers true.
    bool hasPingExpired();
    qsizetype bufferedPackets() const { return m_writeBuffer.size(); }

Q_SIGNALS:
    void opened(); // the handshake arrived
    void messageReceived(const sb::eio::Packet &packet); // text or binary message
    void pinged();
    void upgrading(const QString &transport);
    void upgraded(const QString &transport);
    void upgradeFailed(const QString &error);
    void drained();
    // Before closed() with "transport error": what went wrong.
    void errorOccurred(const QString &error);
    // reason: "transport close", "transport error", "ping timeout", "forced close".
    void closed(const QString &reason, const QString &description);

private:
    Transport *createTransport(const QString &name);
    void setTransport(Transport *transport);
    void onPacket(const eio::Packet &packet);
    void onHandshake(const eio::Packet &packet);
    void onOpen();
    void probe(const QString &name);
    void freezeProbe(const QString &error);
    void resetPingTimeout();
    void sendPacket(eio::Packet packet);
    void flush();
    QList<eio::Packet> writablePackets() const;
    void onDrain();
    void onError(const QString &error);
    void onClose(const QString &reason, const QString &description = {});
    void finishClose();
    void releaseTransport(Transport *transport);

    EngineClientOptions m_options;
    TransportFactory m_factory;
    State m_state = State::Closed;
    QPointer<Transport> m_transport;
    QPointer<Transport> m_probe;
    bool m_upgrading = false;
    bool m_closeWhenDone = false;
    Handshake m_handshake;
    QList<eio::Packet> m_writeBuffer;
    qsizetype m_inFlight = 0; // packets of m_writeBuffer handed to the transport
    QTimer m_pingTimer;
    QDeadlineTimer m_pingDeadline{QDeadlineTimer::Forever};
};

} // namespace sb::client
