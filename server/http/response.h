#pragma once

#include "http/request.h"

namespace sb::http {

// What a handler answers. The front door adds Content-Length, Connection, Date, the CORS headers
// of the route, and Content-Encoding when it compresses the body.
struct Response
{
    int status = 200;
    Headers headers; // e.g. {"Content-Type", "text/plain; charset=UTF-8"}
    QByteArray body;
    // Compress the body (gzip or deflate, per the request's Accept-Encoding) when it is at least
    // the server's compression threshold and compression is on.
    bool compressible = false;
    // Close the connection after this response even if the client asked for keep-alive.
    bool close = false;

    static Response text(
        int status, QByteArray body, QByteArray contentType = "text/plain; charset=UTF-8");
    static Response empty(int status);
};

// Standard reason phrase of a status code ("Not Found"); "Unknown" for codes we never send.
QByteArray reasonPhrase(int status);

} // namespace sb::http
