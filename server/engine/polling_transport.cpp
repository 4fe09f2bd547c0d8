#include "engine/polling_transport.h"

#include "engine/engine_log.h"

#include <algorithm>

namespace sb::eio {

PollingTransport::PollingTransport(TransportListener *listener, const EngineOptions &options)
    : Transport(listener)
    , m_options(options)
    , m_closeDeadline([this] {
        m_closeOnNextPoll = false;
        finishClose();
    })
{ }

PollingTransport::~PollingTransport()
{
    if (m_poll)
        m_poll->onAborted(nullptr);
}

bool PollingTransport::isWritable() const
{
    return m_poll && m_poll->isPending();
}

// Only GET and POST carry a session's data. Node answers anything else with a bare 500; a 405
// that says what is allowed (RFC 9110 §15.5.6) tells the client more, and the session goes on.
http::Response PollingTransport::methodNotAllowed()
{
    http::Response response = http::Response::empty(405);
    response.headers.append({QByteArrayLiteral("Allow"), QByteArrayLiteral("GET, POST")});
    return response;
}

void PollingTransport::handleRequest(const http::ExchangePtr &exchange)
{
    if (exchange->request().method == "GET")
        handlePoll(exchange);
    else if (exchange->request().method == "POST")
        handleData(exchange);
    else
        exchange->respond(methodNotAllowed());
}

void PollingTransport::handlePoll(const http::ExchangePtr &exchange)
{
    if (m_poll && m_poll->isPending()) {
        // Spec: a client must not have two GETs pending; the newcomer is refused and the session
        // ends (Node: "overlap from client").
        exchange->respond(http::Response::empty(400));
        if (m_listener)
            m_listener->transportError(*this, QStringLiteral("overlap from client"));
        return;
    }
    if (m_state == State::Closed) {
        exchange->respond(http::Response::empty(400));
        return;
    }
    m_poll = exchange;
    exchange->onAborted([this] {
        m_poll.reset();
        if (m_listener)
            m_listener->transportError(*this, QStringLiteral("poll connection closed prematurely"));
    });
    if (m_listener)
        m_listener->transportReady(*this);
    // Closing was asked while no GET was pending: answer this one with the CLOSE packet.
    if (isWritable() && m_closeOnNextPoll)
        send({Packet::of(PacketType::Noop)});
}

void PollingTransport::handleData(const http::ExchangePtr &exchange)
{
    const http::Request &request = exchange->request();
    // Engine.IO v4 sends binary as base64 text: an octet-stream body is a v3 client or a broken
    // one.
    if (request.header("content-type") == "application/octet-stream") {
        exchange->respond(http::Response::empty(400));
        if (m_listener)
            m_listener->transportError(*this, QStringLiteral("invalid content"));
        return;
    }
    const DecodedPayload payload = decodePayload(request.body);
    // Answer first: a packet may close the session, and the client is owed its "ok" regardless.
    http::Response ok = http::Response::text(200, QByteArrayLiteral("ok"), "text/html");
    exchange->respond(respondHeaders(std::move(ok)));
    for (const Packet &packet : payload.packets) {
        if (m_state == State::Closed || !m_listener)
            return;
        if (packet.type == PacketType::Close) {
            if (isWritable())
                send({Packet::of(PacketType::Noop)});
            else
                m_closedBeforeItsGet = true;
            finishClose();
            return;
        }
        m_listener->transportPacket(*this, packet);
    }
    if (payload.error && m_state != State::Closed && m_listener)
        m_listener->transportParseError(*this);
}

void PollingTransport::send(const QList<Packet> &packets)
{
    if (!isWritable())
        return;
    QList<Packet> toSend = packets;
    const bool closing = m_closeOnNextPoll;
    if (closing)
        toSend.append(Packet::of(PacketType::Close));
    http::Response response = http::Response::text(200, encodePayload(toSend));
    response.compressible = m_options.httpCompression
        && std::any_of(toSend.cbegin(), toSend.cend(), [](const Packet &p) { return p.compress; });
    http::ExchangePtr poll = std::move(m_poll);
    poll->onAborted(nullptr);
    poll->respond(respondHeaders(std::move(response)));
    if (closing) {
        m_closeOnNextPoll = false;
        m_closeDeadline.stop();
        finishClose();
    }
}

void PollingTransport::doClose()
{
    if (isWritable()) {
        send({Packet::of(PacketType::Close)});
        finishClose();
    } else if (m_discarded) {
        finishClose();
    } else {
        m_closeOnNextPoll = true;
        m_closeDeadline.start(m_options.pollingCloseTimeout);
    }
}

http::Response PollingTransport::respondHeaders(http::Response response) const
{
    response.headers.append({QByteArrayLiteral("Cache-Control"), QByteArrayLiteral("no-store")});
    return response;
}

} // namespace sb::eio
