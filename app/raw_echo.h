#pragma once

#include "engine/engine_observer.h"

// The application of the raw Engine.IO endpoint: every message goes back to its session unchanged
// (text stays text, binary stays binary). A diagnostic for clients that speak only Engine.IO.
class RawEcho final : public sb::eio::SessionHandler
{
public:
    void sessionOpened(sb::eio::Session &) override { }
    void messageReceived(sb::eio::Session &session, const sb::eio::Packet &packet) override;
    void sessionClosed(sb::eio::Session &, sb::eio::CloseReason) override { }
};
