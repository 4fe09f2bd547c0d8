// The HTTP request path: the input is sent as is on one connection to the whole server stack
// (front door, Engine.IO polling and handshakes, Socket.IO behind them).
#include "fuzz_server.h"

#include <cstdint>

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    sb::fuzz::FuzzServer::instance().exchange(
        QByteArray(reinterpret_cast<const char *>(data), qsizetype(size)));
    return 0;
}
