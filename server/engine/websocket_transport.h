#pragma once

#include "engine/transport.h"

#include <QPointer>

class QWebSocket;

namespace sb::eio {

// One Engine.IO packet per WebSocket frame (spec: "WebSocket"): text frames carry the text form,
// binary frames are binary messages as they are.
class WebSocketTransport final : public Transport
{
public:
    // Takes ownership of the socket. Incoming messages over maxMessageSize close it with 1009.
    WebSocketTransport(TransportListener *listener, QWebSocket *socket, qint64 maxMessageSize);
    ~WebSocketTransport() override;

    TransportKind kind() const override { return TransportKind::WebSocket; }
    bool isWritable() const override;
    void send(const QList<Packet> &packets) override;
    qint64 bytesToWrite() const;

protected:
    void doClose() override;

private:
    QPointer<QWebSocket> m_socket;
};

} // namespace sb::eio
