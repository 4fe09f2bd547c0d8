#include "engine/transport.h"

namespace sb::eio {

const char *transportName(TransportKind kind)
{
    return kind == TransportKind::Polling ? "polling" : "websocket";
}

void Transport::close()
{
    if (m_state != State::Open)
        return;
    m_state = State::Closing;
    doClose();
}

void Transport::finishClose()
{
    if (m_state == State::Closed)
        return;
    m_state = State::Closed;
    if (m_listener)
        m_listener->transportClosed(*this);
}

} // namespace sb::eio
