#pragma once

#include "client/transport.h"

#include <QPointer>

class QNetworkAccessManager;
class QNetworkReply;
class QNetworkRequest;

namespace sb::client {

// HTTP long-polling (spec: "Transports", "HTTP long-polling"): one GET at a time waits for the
// server's packets; writes go in POSTs, one at a time, as `\x1e`-joined payloads. Binary messages
// travel as `b` + base64.
class PollingTransport final : public Transport
{
    Q_OBJECT
public:
    explicit PollingTransport(TransportTarget target, QObject *parent = nullptr);
    ~PollingTransport() override;

    QString name() const override { return QStringLiteral("polling"); }
    void pause(std::function<void()> onPaused) override;
    void dispose() override;

protected:
    void doOpen() override;
    void doClose() override;
    void doWrite(const QList<eio::Packet> &packets) override;

private:
    QNetworkRequest request() const;
    void poll();
    void onPollFinished(QNetworkReply *reply);
    void onPostFinished(QNetworkReply *reply);
    void onData(const QByteArray &body);
    void releaseWhenIdle();

    QNetworkAccessManager *m_network;
    QPointer<QNetworkReply> m_poll;
    QPointer<QNetworkReply> m_post;
    bool m_disposed = false;
    std::function<void()> m_onPaused;
};

} // namespace sb::client
