#pragma once

#include <QByteArray>

namespace sb::fuzz {

// The whole server stack (front door, Engine.IO, Socket.IO with an echo on "/" and "/chat") on
// 127.0.0.1, in this process and on this thread, with short heartbeats and timeouts so that what
// one input opens is gone a moment later. Made on first use.
class FuzzServer
{
public:
    static FuzzServer &instance();

    // Sends `bytes` on a new TCP connection, half-closes it, and runs the event loop until the
    // server has closed it or a short budget has passed (then the client side is closed).
    void exchange(const QByteArray &bytes);

private:
    FuzzServer();
    struct Parts;
    Parts *m_parts; // never freed: the server lives as long as the fuzzing process
};

} // namespace sb::fuzz
