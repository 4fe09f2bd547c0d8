#pragma once

#include "engine/packet.h"
#include "protocol/packet.h"

#include <QList>
#include <QString>

namespace sb::sio {
class Parser;
}

namespace sb::io {

// A Socket.IO packet encoded once into its Engine.IO frames (with the default parser the text
// frame, then one binary frame per attachment; with msgpack one binary frame), ready to be
// written to any number of sessions: every recipient gets the same implicitly shared bytes, and
// the WebSocket text is converted once.
struct OutgoingFrames
{
    sio::Packet packet;
    QList<eio::Packet> frames;
    // The packet's text frame in the default encoding, whatever the parser: what the traffic log
    // shows (shared with frames[0] when that is the parser in use).
    QByteArray text;
    QString event; // event name, empty for other packet types
    qsizetype size = 0; // on the wire, every frame

    // compress: socket.io's flag, kept on every frame for the polling transport.
    static OutgoingFrames encode(
        const sio::Parser &parser, const sio::Packet &packet, bool compress = true);
};

} // namespace sb::io
