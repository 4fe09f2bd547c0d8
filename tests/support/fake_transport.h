#pragma once

#include "engine/transport.h"

#include <QList>

namespace sb::test {

// An Engine.IO transport without sockets: records what the session sends, and lets a test play
// the client (deliver packets, become writable, close).
class FakeTransport final : public eio::Transport
{
public:
    explicit FakeTransport(eio::TransportKind kind, bool writable = true, bool *destroyed = nullptr)
        : Transport(nullptr)
        , m_kind(kind)
        , m_writable(writable)
        , m_destroyed(destroyed)
    { }
    ~FakeTransport() override
    {
        if (m_destroyed)
            *m_destroyed = true;
    }

    eio::TransportKind kind() const override { return m_kind; }
    bool isWritable() const override { return m_writable && m_state == State::Open; }
    void send(const QList<eio::Packet> &packets) override
    {
        sent += packets;
        ++sendCalls;
        if (m_kind == eio::TransportKind::Polling)
            m_writable = false; // one response per GET
    }

    // The client side.
    void deliver(const eio::Packet &packet) { m_listener->transportPacket(*this, packet); }
    void deliverGarbage() { m_listener->transportParseError(*this); }
    void becomeWritable()
    {
        m_writable = true;
        m_listener->transportReady(*this);
    }
    void fail() { m_listener->transportError(*this, QStringLiteral("fake failure")); }
    void closeByPeer() { finishClose(); }

    QList<eio::Packet> sent;
    int sendCalls = 0;
    bool closeRequested = false;

protected:
    void doClose() override
    {
        closeRequested = true;
        finishClose();
    }

private:
    eio::TransportKind m_kind;
    bool m_writable;
    bool *m_destroyed;
};

} // namespace sb::test
