#pragma once

#include "client/transport.h"

class QWebSocket;

namespace sb::client {

// One WebSocket (spec: "Transports", "WebSocket"): one Engine.IO packet per frame, text packets in
// text frames, binary messages as binary frames without a type.
class WebSocketTransport final : public Transport
{
    Q_OBJECT
public:
    explicit WebSocketTransport(TransportTarget target, QObject *parent = nullptr);
    ~WebSocketTransport() override;

    QString name() const override { return QStringLiteral("websocket"); }

protected:
    void doOpen() override;
    void doClose() override;
    void doWrite(const QList<eio::Packet> &packets) override;

private:
    void onText(const QString &text);
    void onBinary(const QByteArray &bytes);

    QWebSocket *m_socket;
    bool m_failed = false;
};

} // namespace sb::client
