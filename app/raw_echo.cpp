#include "raw_echo.h"

#include "engine/session.h"

void RawEcho::messageReceived(sb::eio::Session &session, const sb::eio::Packet &packet)
{
    session.send(packet);
}
