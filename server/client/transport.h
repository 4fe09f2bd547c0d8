#pragma once

// The client side of one Engine.IO transport (polling or WebSocket): a small base with an explicit
// state, as engine.io-client's Transport has it, so that the EngineClient state machine can be
// driven by fake transports in tests.

#include "engine/packet.h"

#include <QByteArray>
#include <QList>
#include <QObject>
#include <QPair>
#include <QString>
#include <QUrl>
#include <QUrlQuery>

#include <functional>

namespace sb::client {

// Where and how a transport connects: everything but the transport name and the session id.
struct TransportTarget
{
    QUrl url; // scheme http or https, host, port; the path is `path`
    QString path = QStringLiteral("/engine.io/");
    QUrlQuery query; // the caller's own parameters, sent with every request
    QList<QPair<QByteArray, QByteArray>> extraHeaders;
    bool timestampRequests = true; // a `t` parameter that defeats caches on polling requests
};

class Transport : public QObject
{
    Q_OBJECT
public:
    enum class State { Closed, Opening, Open, Pausing, Paused };

    explicit Transport(TransportTarget target, QObject *parent = nullptr)
        : QObject(parent)
        , m_target(std::move(target))
    { }

    virtual QString name() const = 0;
    State state() const { return m_state; }
    bool isWritable() const { return m_writable; }
    QByteArray sessionId() const { return m_sessionId; }
    // Before open(): the session this transport joins (upgrade probes, polling after the
    // handshake).
    void setSessionId(const QByteArray &sid) { m_sessionId = sid; }

    void open();
    // Ignored unless open; the transport is not writable until drained() follows.
    void send(const QList<eio::Packet> &packets);
    // Stops as soon as nothing is in flight, then calls onPaused (polling waits for its pending
    // GET and POST; others pause at once).
    virtual void pause(std::function<void()> onPaused);
    void close();
    // Called once the owner lets go of a closed transport: it deletes itself when whatever it
    // still has in flight (a polling close request) is done.
    virtual void dispose() { deleteLater(); }

Q_SIGNALS:
    void opened();
    void packetReceived(const sb::eio::Packet &packet);
    void drained();
    // A network or protocol failure; the owner closes the session with "transport error".
    void failed(const QString &description);
    // The peer closed (or the transport was closed): "transport close".
    void closed(const QString &description);
    void pollCompleted(); // polling only

protected:
    virtual void doOpen() = 0;
    virtual void doClose() = 0;
    virtual void doWrite(const QList<eio::Packet> &packets) = 0;

    void setState(State state) { m_state = state; }
    void setWritable(bool writable) { m_writable = writable; }
    void onOpen();
    void onPacket(const eio::Packet &packet);
    void onError(const QString &description);
    void onClose(const QString &description);
    // The Engine.IO query of every request: EIO=4, transport, sid, and the caller's parameters.
    QUrlQuery engineQuery() const;

    TransportTarget m_target;

private:
    State m_state = State::Closed;
    bool m_writable = false;
    QByteArray m_sessionId;
};

// Makes the transport of that name ("polling", "websocket"); nullptr for an unknown name.
using TransportFactory = std::function<Transport *(const QString &name, const TransportTarget &)>;
// The real transports (QNetworkAccessManager polling, QWebSocket).
TransportFactory defaultTransportFactory();

} // namespace sb::client
