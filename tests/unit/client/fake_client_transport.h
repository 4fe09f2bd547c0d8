#pragma once

// A client-side transport with no network: the test plays the server, delivering packets and
// failures, and reads what the client wrote. Header-only, for the client unit tests.

#include "client/transport.h"

#include <QList>
#include <QPointer>

namespace sb::test {

class FakeClientTransport final : public client::Transport
{
public:
    FakeClientTransport(QString name, client::TransportTarget target)
        : Transport(std::move(target))
        , m_name(std::move(name))
    { }

    QString name() const override { return m_name; }

    // Writes complete at once unless the test drains them itself.
    bool autoDrain = true;
    // pause() completes at once unless the test calls finishPause().
    bool autoPause = true;
    bool opened = false;
    bool closedByClient = false;
    QList<eio::Packet> sent;
    QList<QList<eio::Packet>> writes; // one entry per send(), as a polling POST would carry it

    // The WebSocket opened / the first polling response arrived.
    void serverAccepts() { onOpen(); }
    void receive(const eio::Packet &packet) { onPacket(packet); }
    void receiveText(const QByteArray &text) { onPacket(eio::Packet::message(text)); }
    void receiveBinary(const QByteArray &bytes) { onPacket(eio::Packet::binaryMessage(bytes)); }
    // What a server's open packet looks like, with this session id and heartbeat.
    void receiveHandshake(const QByteArray &json)
    {
        if (state() == State::Opening)
            onOpen();
        onPacket(eio::Packet::of(eio::PacketType::Open, json));
    }
    void fail(const QString &description) { onError(description); }
    void serverCloses() { onClose(QStringLiteral("closed by the server")); }
    void drain()
    {
        setWritable(true);
        Q_EMIT drained();
    }
    void finishPause()
    {
        if (m_onPaused) {
            setState(State::Paused);
            std::exchange(m_onPaused, nullptr)();
        }
    }
    QList<QByteArray> sentTexts() const
    {
        QList<QByteArray> texts;
        for (const eio::Packet &packet : sent)
            texts.append(eio::encodeText(packet));
        return texts;
    }

    void pause(std::function<void()> onPaused) override
    {
        setState(State::Pausing);
        m_onPaused = std::move(onPaused);
        if (autoPause)
            finishPause();
    }

protected:
    void doOpen() override { opened = true; }
    void doClose() override { closedByClient = true; }
    void doWrite(const QList<eio::Packet> &packets) override
    {
        setWritable(false);
        sent += packets;
        writes.append(packets);
        if (autoDrain)
            drain();
    }

private:
    QString m_name;
    std::function<void()> m_onPaused;
};

// Makes fake transports and remembers each, in order.
struct FakeTransports
{
    QList<QPointer<FakeClientTransport>> made;
    QList<client::TransportTarget> targets;

    client::TransportFactory factory()
    {
        return [this](const QString &name, const client::TransportTarget &target) {
            auto *transport = new FakeClientTransport(name, target);
            made.append(transport);
            targets.append(target);
            return transport;
        };
    }
    FakeClientTransport *last() const { return made.isEmpty() ? nullptr : made.last().data(); }
};

} // namespace sb::test
