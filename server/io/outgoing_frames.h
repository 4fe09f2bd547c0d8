#pragma once

#include "engine/packet.h"
#include "protocol/packet.h"

#include <QList>
#include <QString>

namespace sb::io {

// A Socket.IO packet encoded once into its Engine.IO frames (the text frame, then one binary frame
// per attachment), ready to be written to any number of sessions: every recipient gets the same
// implicitly shared bytes, and the WebSocket text is converted once.
struct OutgoingFrames
{
    sio::Packet packet;
    QList<eio::Packet> frames;
    QString event; // event name, empty for other packet types
    qsizetype size = 0;

    // compress: socket.io's flag, kept on every frame for the polling transport.
    static OutgoingFrames encode(const sio::Packet &packet, bool compress = true);
};

} // namespace sb::io
