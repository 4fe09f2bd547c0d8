#pragma once

// A Socket.IO server on an Engine.IO server whose clients are played on fake transports: no
// sockets, no threads, everything synchronous except timers. Shared by the tst_io_* units.

#include "engine/engine_server.h"
#include "fake_transport.h"
#include "io/in_memory_adapter.h"
#include "io/server.h"

#include <QCoreApplication>
#include <QEvent>
#include <QHash>
#include <QJsonDocument>
#include <QJsonObject>
#include <QPointer>

namespace sb::test {

// Everything the engine wrote to each session, kept after the session (and its fake transport)
// is gone.
class WireLog final : public eio::EngineObserver
{
public:
    void packetSent(const eio::Session &session, const eio::Packet &packet) override
    {
        sent[session.id()].append(packet);
    }
    void sessionClosed(const eio::Session &session, eio::CloseReason reason) override
    {
        closed.insert(session.id(), reason);
    }

    QHash<eio::SessionId, QList<eio::Packet>> sent;
    QHash<eio::SessionId, eio::CloseReason> closed;
};

struct IoHarness
{
    explicit IoHarness(io::ServerOptions options = {}, eio::EngineOptions engineOptions = {})
        : engine(std::move(engineOptions))
        , server(std::move(options), engine)
    {
        engine.addObserver(&log);
    }
    ~IoHarness()
    {
        // Closed connections and sockets are deleted later: let that happen before the server
        // goes, or LeakSanitizer reports them.
        QCoreApplication::sendPostedEvents(nullptr, QEvent::DeferredDelete);
    }
    IoHarness(const IoHarness &) = delete;
    IoHarness &operator=(const IoHarness &) = delete;

    io::InMemoryAdapter &adapter(const QByteArray &nsp = "/")
    {
        return static_cast<io::InMemoryAdapter &>(server.of(nsp).adapter());
    }

    WireLog log; // first: outlives the engine
    eio::EngineServer engine;
    io::Server server;
};

// One client: an engine session on a fake transport. What it is sent stays readable after the
// session is gone.
class Client
{
public:
    explicit Client(IoHarness &harness, eio::TransportKind kind = eio::TransportKind::WebSocket,
        bool writable = true, const http::Request &request = {})
        : m_harness(&harness)
    {
        auto transport = std::make_unique<FakeTransport>(kind, writable);
        m_fake = transport.get();
        m_session = harness.engine.createSession(request, std::move(transport));
        m_id = m_session->id();
    }

    const eio::SessionId &sessionId() const { return m_id; }
    eio::Session *session() const { return m_session; }
    // The transport lives as long as its session.
    FakeTransport *fake() const { return m_session ? m_fake : nullptr; }
    bool isClosed() const { return m_harness->log.closed.contains(m_id); }
    std::optional<eio::CloseReason> closeReason() const
    {
        const auto it = m_harness->log.closed.constFind(m_id);
        return it == m_harness->log.closed.cend() ? std::nullopt : std::optional(*it);
    }

    // Plays the client sending one Engine.IO message (a Socket.IO text frame or an attachment).
    // Sending on a closed session is a test bug: false then.
    bool send(const QByteArray &text)
    {
        if (!fake())
            return false;
        fake()->deliver(eio::Packet::message(text));
        return true;
    }
    bool sendBinary(const QByteArray &bytes)
    {
        if (!fake())
            return false;
        fake()->deliver(eio::Packet::binaryMessage(bytes));
        return true;
    }
    void closeTransport()
    {
        if (fake())
            fake()->closeByPeer();
    }

    QList<eio::Packet> sent() const { return m_harness->log.sent.value(m_id); }
    // The Socket.IO text frames the server wrote, in order.
    QByteArrayList texts() const
    {
        QByteArrayList result;
        for (const eio::Packet &packet : sent()) {
            if (packet.type == eio::PacketType::Message && !packet.binary)
                result.append(packet.data);
        }
        return result;
    }
    // The binary frames (attachments), in order.
    QByteArrayList binaries() const
    {
        QByteArrayList result;
        for (const eio::Packet &packet : sent()) {
            if (packet.type == eio::PacketType::Message && packet.binary)
                result.append(packet.data);
        }
        return result;
    }
    // Text frames starting with `prefix`.
    QByteArrayList textsStartingWith(const QByteArray &prefix) const
    {
        QByteArrayList result;
        for (const QByteArray &text : texts()) {
            if (text.startsWith(prefix))
                result.append(text);
        }
        return result;
    }
    // Forgets what was sent so far (the next checks see only what comes after).
    void clearSent() { m_harness->log.sent.remove(m_id); }

    // The JSON object of the first CONNECT reply for `nsp` (empty if none).
    QJsonObject connectReply(const QByteArray &nsp = "/") const
    {
        const QByteArray prefix = nsp == "/" ? QByteArray("0") : "0" + nsp + ',';
        for (const QByteArray &text : texts()) {
            if (text.startsWith(prefix) && text.size() > prefix.size()
                && text.at(prefix.size()) == '{')
                return QJsonDocument::fromJson(text.mid(prefix.size())).object();
        }
        return {};
    }
    // Sends CONNECT for `nsp` (with an auth object when given) and returns the sid of the reply,
    // empty when none came (synchronously).
    QByteArray connect(const QByteArray &nsp = "/", const QByteArray &auth = {})
    {
        QByteArray frame = "0";
        if (nsp != "/")
            frame += nsp + ',';
        frame += auth;
        send(frame);
        return connectReply(nsp).value(QStringLiteral("sid")).toString().toLatin1();
    }

private:
    IoHarness *m_harness;
    FakeTransport *m_fake = nullptr;
    QPointer<eio::Session> m_session;
    eio::SessionId m_id;
};

// Records the IoObserver hooks as readable lines ("roomCreated / a").
class ObserverLog final : public io::IoObserver
{
public:
    void socketConnected(const io::Socket &socket) override
    {
        lines.append("socketConnected " + socket.nsp().name() + ' ' + socket.id());
    }
    void socketDisconnected(const io::Socket &socket, io::DisconnectReason reason) override
    {
        lines.append("socketDisconnected " + socket.nsp().name() + ' ' + socket.id() + ' '
            + io::disconnectReasonText(reason));
    }
    void namespaceCreated(const QByteArray &nsp) override
    {
        lines.append("namespaceCreated " + nsp);
    }
    void roomCreated(const QByteArray &nsp, const io::Room &room) override
    {
        lines.append("roomCreated " + nsp + ' ' + room.toUtf8());
    }
    void roomDeleted(const QByteArray &nsp, const io::Room &room) override
    {
        lines.append("roomDeleted " + nsp + ' ' + room.toUtf8());
    }
    void roomJoined(const QByteArray &nsp, const io::Room &room, const io::SocketId &id) override
    {
        lines.append("roomJoined " + nsp + ' ' + room.toUtf8() + ' ' + id);
    }
    void roomLeft(const QByteArray &nsp, const io::Room &room, const io::SocketId &id) override
    {
        lines.append("roomLeft " + nsp + ' ' + room.toUtf8() + ' ' + id);
    }
    void ackRequested(const QByteArray &nsp, const io::SocketId &id, quint64 ackId,
        const QString &event, std::optional<std::chrono::milliseconds>) override
    {
        lines.append("ackRequested " + nsp + ' ' + id + ' ' + QByteArray::number(ackId) + ' '
            + event.toUtf8());
    }
    void ackAnswered(const QByteArray &nsp, const io::SocketId &id, quint64 ackId,
        std::chrono::milliseconds, const io::Args &args) override
    {
        lines.append(
            "ackAnswered " + nsp + ' ' + id + ' ' + QByteArray::number(ackId) + ' ' + args.json());
    }
    void ackTimedOut(const QByteArray &nsp, const io::SocketId &id, quint64 ackId) override
    {
        lines.append("ackTimedOut " + nsp + ' ' + id + ' ' + QByteArray::number(ackId));
    }
    void ackDisconnected(const QByteArray &nsp, const io::SocketId &id, quint64 ackId) override
    {
        lines.append("ackDisconnected " + nsp + ' ' + id + ' ' + QByteArray::number(ackId));
    }
    void connectRefused(
        const io::Connection &, const QByteArray &nsp, const io::ConnectError &error) override
    {
        lines.append("connectRefused " + nsp + ' ' + error.message.toUtf8());
    }

    QByteArrayList matching(const QByteArray &prefix) const
    {
        QByteArrayList result;
        for (const QByteArray &line : lines) {
            if (line.startsWith(prefix))
                result.append(line);
        }
        return result;
    }

    QByteArrayList lines;
};

// Registers an observer for the lifetime of this guard.
class ObserverGuard
{
public:
    ObserverGuard(io::Server &server, io::IoObserver &observer)
        : m_server(server)
        , m_observer(observer)
    {
        m_server.addObserver(&m_observer);
    }
    ~ObserverGuard() { m_server.removeObserver(&m_observer); }

private:
    io::Server &m_server;
    io::IoObserver &m_observer;
};

inline QSet<io::Room> roomSet(const QStringList &rooms)
{
    return QSet<io::Room>(rooms.cbegin(), rooms.cend());
}

} // namespace sb::test
