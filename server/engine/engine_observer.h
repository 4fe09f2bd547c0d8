#pragma once

#include "engine/engine_errors.h"
#include "engine/packet.h"
#include "http/request.h"

#include <chrono>

namespace sb::eio {

class Session;

// Hooks for the monitor. Called on the server thread, synchronously: implementations must be cheap
// (bump a counter, append to a bounded ring). With no observer registered each hook costs a branch.
class EngineObserver
{
public:
    virtual ~EngineObserver() = default;
    virtual void handshakeRefused(const Refusal &, const http::Request &) { }
    virtual void sessionOpened(const Session &) { }
    virtual void sessionUpgraded(const Session &) { }
    virtual void sessionClosed(const Session &, CloseReason) { }
    virtual void packetReceived(const Session &, const Packet &) { }
    virtual void packetSent(const Session &, const Packet &) { }
    // A heartbeat PONG answered the PING written `rtt` ago (Session::stats().rtt).
    virtual void roundTripMeasured(const Session &, std::chrono::microseconds /*rtt*/) { }
};

// The layer above (Socket.IO, or the raw echo endpoint). One per engine.
class SessionHandler
{
public:
    virtual ~SessionHandler() = default;
    virtual void sessionOpened(Session &session) = 0;
    // Only message packets; the engine handles every other type itself.
    virtual void messageReceived(Session &session, const Packet &packet) = 0;
    // The session is gone from the engine's table; it is deleted right after this returns
    // (the handler must drop every pointer to it).
    virtual void sessionClosed(Session &session, CloseReason reason) = 0;
};

} // namespace sb::eio
