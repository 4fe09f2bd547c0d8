#pragma once

#include "common/deadline_service.h"
#include "engine/transport.h"
#include "http/exchange.h"

namespace sb::eio {

// HTTP long-polling (spec: "HTTP long-polling"): a GET stays pending until there is something to
// send; a POST carries a payload of client packets and is answered "ok" at once.
class PollingTransport final : public Transport
{
public:
    PollingTransport(TransportListener *listener, const EngineOptions &options);
    ~PollingTransport() override;

    TransportKind kind() const override { return TransportKind::Polling; }
    bool isWritable() const override;
    void send(const QList<Packet> &packets) override;

    // A GET or POST with this session's id.
    void handleRequest(const http::ExchangePtr &exchange);
    // The client's CLOSE came in a POST while none of its GETs was pending.
    bool closedBeforeItsGet() const { return m_closedBeforeItsGet; }

protected:
    void doClose() override;

private:
    static http::Response methodNotAllowed();
    bool m_closedBeforeItsGet = false;
    void handlePoll(const http::ExchangePtr &exchange);
    void handleData(const http::ExchangePtr &exchange);
    http::Response respondHeaders(http::Response response) const;

    const EngineOptions &m_options;
    http::ExchangePtr m_poll; // the pending GET, if any
    bool m_closeOnNextPoll = false;
    // Ends a close that waits for a GET which never comes.
    Deadline m_closeDeadline;
};

} // namespace sb::eio
