#pragma once

#include "http/response.h"

#include <functional>
#include <memory>
#include <optional>

namespace sb::http {

class Connection;

// One request and, later, its response. A handler may answer at once or keep the exchange and
// answer when it has something to say (long-polling). If the client goes away first, the abort
// callback runs once and respond() becomes a no-op. Lives on the server thread.
class Exchange
{
public:
    explicit Exchange(Request request);

    const Request &request() const { return m_request; }

    // Answers the request; only the first call counts. Responses on one connection go out in
    // request order (HTTP/1.1 pipelining): an early answer waits for the ones before it.
    void respond(Response response);
    bool responded() const { return m_responded; }
    // The connection is still there and nothing was answered yet.
    bool isPending() const { return !m_responded && !m_aborted; }

    // Called once when the connection closes before respond(); replaces any earlier callback.
    void onAborted(std::function<void()> callback) { m_onAborted = std::move(callback); }

    // For the connection that owns the exchange.
    void attach(Connection *connection) { m_connection = connection; }
    void abort();
    std::optional<Response> takeResponse();

private:
    Request m_request;
    Connection *m_connection = nullptr;
    std::optional<Response> m_response;
    std::function<void()> m_onAborted;
    bool m_responded = false;
    bool m_aborted = false;
};

using ExchangePtr = std::shared_ptr<Exchange>;

} // namespace sb::http
