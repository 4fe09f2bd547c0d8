#pragma once

#include "io/io_types.h"
#include "protocol/packet.h"

namespace sb::io {

class Connection;
class Socket;

enum class Direction { In, Out };

// One packet seen by the io layer, for the monitor's traffic log. `bytes` is the encoded text frame
// (implicitly shared with what went on the wire: keeping it costs nothing unless it is kept).
// A broadcast is one record for all its recipients: `socket` empty, `recipients` the number of
// sockets it was written to, `rooms`/`except` as the emitter gave them.
struct PacketRecord
{
    Direction direction = Direction::In;
    SocketId socket; // empty for a broadcast
    QByteArray nsp;
    QString event; // empty for acks and control packets
    std::optional<quint64> ackId;
    int type = 0; // sio::PacketType
    qsizetype size = 0; // text frame plus attachments, in bytes (per recipient)
    QByteArray bytes;
    int recipients = 1;
    QList<Room> rooms; // broadcasts only
    QList<Room> except; // broadcasts only
    int attachments = 0;

    bool isBroadcast() const { return socket.isEmpty(); }

    static PacketRecord of(Direction direction, SocketId socket, QByteArray nsp, QString event,
        const sio::Packet &packet, qsizetype size, QByteArray bytes)
    {
        PacketRecord record;
        record.direction = direction;
        record.socket = std::move(socket);
        record.nsp = std::move(nsp);
        record.event = std::move(event);
        record.ackId = packet.id;
        record.type = int(packet.type);
        record.size = size;
        record.bytes = std::move(bytes);
        record.attachments = int(packet.attachments.size());
        return record;
    }
};

// Hooks for the monitor, called on the server thread. Cheap when nobody listens: with no observer
// each hook costs a branch.
class IoObserver
{
public:
    virtual ~IoObserver() = default;
    virtual void socketConnected(const Socket &) { }
    virtual void socketDisconnected(const Socket &, DisconnectReason) { }
    virtual void namespaceCreated(const QByteArray &) { }
    virtual void namespaceRemoved(const QByteArray &) { }
    virtual void roomCreated(const QByteArray & /*nsp*/, const Room &) { }
    virtual void roomDeleted(const QByteArray & /*nsp*/, const Room &) { }
    virtual void roomJoined(const QByteArray & /*nsp*/, const Room &, const SocketId &) { }
    virtual void roomLeft(const QByteArray & /*nsp*/, const Room &, const SocketId &) { }
    virtual void packet(const PacketRecord &) { }
    // An emit to this socket asked for an ack (timeout: none means it waits until the socket goes).
    virtual void ackRequested(const QByteArray & /*nsp*/, const SocketId &, quint64 /*id*/,
        const QString & /*event*/, std::optional<std::chrono::milliseconds> /*timeout*/)
    { }
    virtual void ackAnswered(const QByteArray & /*nsp*/, const SocketId &, quint64 /*id*/,
        std::chrono::milliseconds /*latency*/, const Args &)
    { }
    virtual void ackTimedOut(const QByteArray & /*nsp*/, const SocketId &, quint64 /*id*/) { }
    // The socket left (or its connection closed) before the client answered.
    virtual void ackDisconnected(const QByteArray & /*nsp*/, const SocketId &, quint64 /*id*/) { }
    // Every emit that asked for an ack ends in exactly one of ackAnswered, ackTimedOut and
    // ackDisconnected, each after its ackRequested.
    // A CONNECT refused (unknown namespace, or a middleware's next(error)); the connection's
    // session gives the client's address and headers.
    virtual void connectRefused(
        const Connection &, const QByteArray & /*nsp*/, const ConnectError &)
    { }
};

} // namespace sb::io
