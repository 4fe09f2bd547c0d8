#include "io/connection.h"

#include "io/io_log.h"
#include "io/namespace.h"
#include "io/server.h"
#include "io/socket.h"
#include "protocol/decoder.h"
#include "protocol/encoder.h"

namespace sb::io {

namespace {

DisconnectReason fromEngine(eio::CloseReason reason)
{
    switch (reason) {
    case eio::CloseReason::TransportClose:
        return DisconnectReason::TransportClose;
    case eio::CloseReason::PingTimeout:
        return DisconnectReason::PingTimeout;
    case eio::CloseReason::ParseError:
        return DisconnectReason::ParseError;
    case eio::CloseReason::ForcedClose:
        return DisconnectReason::ForcedClose;
    case eio::CloseReason::TransportError:
        return DisconnectReason::TransportError;
    }
    return DisconnectReason::TransportError;
}

} // namespace

Connection::Connection(Server &server, eio::Session &session)
    : m_server(server)
    , m_session(&session)
    , m_sessionId(session.id())
    , m_connectTimeout([this] { connectTimedOut(); })
{
    m_decoder = server.parser().makeDecoder();
    m_decoder->setMaxAttachments(server.options().maxAttachments);
    m_decoder->setMaxDepth(server.options().maxJsonDepth);
    m_connectTimeout.start(server.options().connectTimeout);
}

Connection::~Connection() = default;

void Connection::connectTimedOut()
{
    // socket.io: a connection that joined no namespace in time is closed (one still in a
    // middleware has not joined yet).
    if (m_sockets.isEmpty() && m_session) {
        qCDebug(lcIo) << "connection" << m_sessionId << "joined no namespace in time";
        m_session->close();
    }
}

void Connection::handleMessage(const eio::Packet &packet)
{
    if (m_closed)
        return;
    auto decoded
        = packet.binary ? m_decoder->feedBinary(packet.data) : m_decoder->feedText(packet.data);
    if (!decoded) {
        failParse(decoded.error());
        return;
    }
    if (*decoded)
        handlePacket(**decoded);
}

void Connection::failParse(sio::DecodeError error)
{
    qCDebug(lcIo) << "connection" << m_sessionId << "parse error:" << sio::describe(error);
    close(DisconnectReason::ParseError);
}

void Connection::handlePacket(const sio::Packet &packet)
{
    if (packet.type == sio::PacketType::Connect) {
        handleConnect(packet);
        return;
    }
    Socket *socket = m_sockets.value(packet.nsp);
    if (!socket) {
        // socket.io ignores packets for a namespace the client has not joined; a conforming client
        // never sends them, so we treat them as the protocol error they are.
        failParse(sio::DecodeError::Empty);
        return;
    }
    socket->handlePacket(packet);
}

void Connection::handleConnect(const sio::Packet &packet)
{
    // A second CONNECT for a namespace already joined (or being joined) never makes a second
    // socket: the client is in an invalid state, and socket.io closes such a connection too.
    if (m_sockets.contains(packet.nsp) || m_connecting.contains(packet.nsp)) {
        qCDebug(lcIo) << "connection" << m_sessionId << "sent a second CONNECT for" << packet.nsp;
        close(DisconnectReason::ParseError);
        return;
    }
    const QByteArray auth = packet.data.isEmpty() ? QByteArrayLiteral("{}") : packet.data;
    Namespace *nsp = m_server.resolveNamespace(packet.nsp, auth);
    if (!nsp) {
        const ConnectError error{QStringLiteral("Invalid namespace"), {}};
        writePacket(sio::makeConnectError(packet.nsp, error.message));
        if (m_server.hasObservers())
            m_server.forEachObserver(
                [&](IoObserver &o) { o.connectRefused(*this, packet.nsp, error); });
        return;
    }
    nsp->add(*this, auth);
}

void Connection::socketConnected(Socket &socket)
{
    m_connecting.remove(socket.nsp().name());
    m_sockets.insert(socket.nsp().name(), &socket);
}

void Connection::socketRemoved(Socket &socket)
{
    if (m_sockets.value(socket.nsp().name()) == &socket)
        m_sockets.remove(socket.nsp().name());
}

void Connection::write(const OutgoingFrames &frames)
{
    if (m_session && !m_closed)
        m_session->send(frames.frames);
}

void Connection::writePacket(const sio::Packet &packet)
{
    write(m_server.encode(packet));
}

void Connection::closeSockets(DisconnectReason reason)
{
    const QList<Socket *> sockets = m_sockets.values();
    for (Socket *socket : sockets)
        socket->close(reason);
    m_sockets.clear();
    m_connecting.clear();
}

void Connection::close(DisconnectReason reason)
{
    if (m_closed)
        return;
    if (reason == DisconnectReason::ServerNamespaceDisconnect) {
        // socket.disconnect(true): every socket is told, then the connection goes.
        const QList<Socket *> sockets = m_sockets.values();
        for (Socket *socket : sockets)
            socket->disconnect(false);
    }
    closeSockets(reason);
    m_closed = true;
    m_decoder->reset();
    if (m_session)
        m_session->close();
}

void Connection::handleClosed(eio::CloseReason reason)
{
    m_connectTimeout.stop();
    closeSockets(fromEngine(reason));
    m_closed = true;
    m_session = nullptr;
}

} // namespace sb::io
