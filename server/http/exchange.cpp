#include "http/exchange.h"

#include "http/connection.h"

namespace sb::http {

Exchange::Exchange(Request request)
    : m_request(std::move(request))
{ }

void Exchange::respond(Response response)
{
    if (m_responded || m_aborted)
        return;
    m_responded = true;
    m_response = std::move(response);
    if (m_connection)
        m_connection->exchangeAnswered();
}

void Exchange::abort()
{
    if (m_responded || m_aborted)
        return;
    m_aborted = true;
    m_connection = nullptr;
    // Moved out first: the callback may drop the last reference to whatever owns it.
    auto callback = std::move(m_onAborted);
    m_onAborted = nullptr;
    if (callback)
        callback();
}

std::optional<Response> Exchange::takeResponse()
{
    std::optional<Response> response = std::move(m_response);
    m_response.reset();
    return response;
}

} // namespace sb::http
