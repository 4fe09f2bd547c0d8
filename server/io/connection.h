#pragma once

#include "common/deadline_service.h"
#include "engine/session.h"
#include "io/io_types.h"
#include "io/outgoing_frames.h"
#include "protocol/parser.h"

#include <memory>

#include <QHash>
#include <QObject>
#include <QPointer>

namespace sb::io {

class Server;
class Socket;

// One Engine.IO session's Socket.IO side: decodes its packets, multiplexes them to the sockets of
// its namespaces, and writes theirs. Closes with "parse error" on any malformed packet.
class Connection final : public QObject
{
    Q_OBJECT
public:
    Connection(Server &server, eio::Session &session);
    ~Connection() override;

    eio::Session *session() const { return m_session; }
    const eio::SessionId &sessionId() const { return m_sessionId; }
    bool isWritable() const { return m_session && m_session->isWritable(); }
    const QHash<QByteArray, Socket *> &sockets() const { return m_sockets; }

    void handleMessage(const eio::Packet &packet);
    void handleClosed(eio::CloseReason reason);

    void write(const OutgoingFrames &frames);
    void writePacket(const sio::Packet &packet);
    // Closes the engine session (every socket gets `reason` first).
    void close(DisconnectReason reason = DisconnectReason::ForcedServerClose);

    // For namespaces.
    void socketConnecting(const QByteArray &nsp) { m_connecting.insert(nsp); }
    void socketRefused(const QByteArray &nsp) { m_connecting.remove(nsp); }
    void socketConnected(Socket &socket);
    void socketRemoved(Socket &socket);

private:
    void connectTimedOut();
    void handlePacket(const sio::Packet &packet);
    void handleConnect(const sio::Packet &packet);
    void failParse(sio::DecodeError error);
    void closeSockets(DisconnectReason reason);

    Server &m_server;
    QPointer<eio::Session> m_session;
    eio::SessionId m_sessionId;
    std::unique_ptr<sio::PacketDecoder> m_decoder;
    QHash<QByteArray, Socket *> m_sockets; // namespace → socket
    QSet<QByteArray> m_connecting; // namespaces whose middleware is still running
    Deadline m_connectTimeout;
    bool m_closed = false;
};

} // namespace sb::io
