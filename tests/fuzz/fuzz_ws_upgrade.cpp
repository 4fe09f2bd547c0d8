// The WebSocket upgrade hand-off and what follows it. The input up to the first empty line is a
// set of header lines added to a fixed upgrade request line; the rest is sent after the request
// as WebSocket frames (a valid seed has a key, the version and masked frames).
#include "fuzz_server.h"

#include <cstdint>

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    const QByteArray input(reinterpret_cast<const char *>(data), qsizetype(size));
    qsizetype split = input.indexOf("\r\n\r\n");
    if (split < 0)
        split = input.size();
    QByteArray request = "GET /socket.io/?EIO=4&transport=websocket HTTP/1.1\r\n"
                         "Host: 127.0.0.1\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n";
    request += input.left(split);
    request += "\r\n\r\n";
    request += input.mid(split + 4);
    sb::fuzz::FuzzServer::instance().exchange(request);
    return 0;
}
