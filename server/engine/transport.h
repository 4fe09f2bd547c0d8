#pragma once

#include "engine/engine_options.h"
#include "engine/packet.h"

namespace sb::eio {

class Transport;

// What a transport reports to the session that owns it (or to the upgrade probe that owns it
// before the session adopts it). Called on the server thread.
class TransportListener
{
public:
    virtual ~TransportListener() = default;
    virtual void transportPacket(Transport &transport, const Packet &packet) = 0;
    virtual void transportParseError(Transport &transport) = 0;
    // The transport can take a send() now (a long-poll GET arrived; a WebSocket is always ready).
    virtual void transportReady(Transport &transport) = 0;
    virtual void transportError(Transport &transport, const QString &description) = 0;
    // The transport is closed (by the peer, or after close()); it sends nothing more.
    virtual void transportClosed(Transport &transport) = 0;
};

// A small transport base with an explicit ready state: open → closing → closed.
class Transport
{
public:
    enum class State { Open, Closing, Closed };

    explicit Transport(TransportListener *listener)
        : m_listener(listener)
    { }
    virtual ~Transport() = default;
    Transport(const Transport &) = delete;
    Transport &operator=(const Transport &) = delete;

    virtual TransportKind kind() const = 0;
    // send() may be called now.
    virtual bool isWritable() const = 0;
    // Sends the packets, in order; only when isWritable().
    virtual void send(const QList<Packet> &packets) = 0;
    // Closes gracefully: a polling transport answers (or waits for) a GET with a CLOSE packet.
    void close();
    // The transport is being replaced by an upgrade: close without waiting for the client.
    void discard() { m_discarded = true; }

    State state() const { return m_state; }
    void setListener(TransportListener *listener) { m_listener = listener; }

protected:
    virtual void doClose() = 0;
    // Marks the transport closed and tells the listener (once).
    void finishClose();

    TransportListener *m_listener;
    State m_state = State::Open;
    bool m_discarded = false;
};

} // namespace sb::eio
