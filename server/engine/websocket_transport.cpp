#include "engine/websocket_transport.h"

#include "common/deadline_service.h"

#include <QWebSocket>

#include <chrono>

namespace sb::eio {

namespace {
// How long a closed WebSocket may take to finish its closing handshake before it is aborted.
constexpr std::chrono::seconds LingerTimeout{5};
} // namespace

WebSocketTransport::WebSocketTransport(
    TransportListener *listener, QWebSocket *socket, qint64 maxMessageSize)
    : Transport(listener)
    , m_socket(socket)
{
    socket->setMaxAllowedIncomingMessageSize(quint64(maxMessageSize));
    socket->setMaxAllowedIncomingFrameSize(quint64(maxMessageSize));
    QObject::connect(socket, &QWebSocket::textMessageReceived, socket, [this](const QString &text) {
        if (m_state != State::Open || !m_listener)
            return;
        auto packet = decodeText(text.toUtf8());
        if (!packet)
            m_listener->transportParseError(*this);
        else
            m_listener->transportPacket(*this, *packet);
    });
    QObject::connect(
        socket, &QWebSocket::binaryMessageReceived, socket, [this](const QByteArray &data) {
            if (m_state == State::Open && m_listener)
                m_listener->transportPacket(*this, decodeBinaryFrame(data));
        });
    QObject::connect(socket, &QWebSocket::disconnected, socket, [this] {
        // A frame over the size limit (1009), a protocol violation (1002) or invalid UTF-8 in a
        // text frame (1007): Qt closes the WebSocket itself. For the session that is a transport
        // error, as in Node's ws, not the client's orderly close.
        const auto code = m_socket->closeCode();
        if (m_state == State::Open && m_listener
            && (code == QWebSocketProtocol::CloseCodeTooMuchData
                || code == QWebSocketProtocol::CloseCodeProtocolError
                || code == QWebSocketProtocol::CloseCodeWrongDatatype
                || code == QWebSocketProtocol::CloseCodeDatatypeNotSupported)) {
            m_state = State::Closed;
            m_listener->transportError(
                *this, QStringLiteral("WebSocket closed by a protocol error: %1").arg(int(code)));
            return;
        }
        finishClose();
    });
}

WebSocketTransport::~WebSocketTransport()
{
    if (!m_socket)
        return;
    QWebSocket *socket = m_socket;
    QObject::disconnect(socket, nullptr, socket, nullptr);
    if (socket->state() == QAbstractSocket::UnconnectedState) {
        socket->deleteLater();
        return;
    }
    // Let the closing handshake finish on its own; never wait for a peer that does not answer.
    // The linger deadline outlives this transport and lives exactly as long as the socket (a
    // deadline rather than a single-shot QTimer: no QObject, no entry in Qt's timer list).
    QObject::connect(socket, &QWebSocket::disconnected, socket, &QObject::deleteLater);
    auto *linger = new Deadline([socket] {
        socket->abort();
        socket->deleteLater();
    });
    QObject::connect(socket, &QObject::destroyed, [linger] { delete linger; });
    linger->start(LingerTimeout);
    if (m_state == State::Open)
        socket->close();
}

bool WebSocketTransport::isWritable() const
{
    return m_state == State::Open && m_socket
        && m_socket->state() == QAbstractSocket::ConnectedState;
}

qint64 WebSocketTransport::bytesToWrite() const
{
    return m_socket ? m_socket->bytesToWrite() : 0;
}

void WebSocketTransport::send(const QList<Packet> &packets)
{
    if (!isWritable())
        return;
    for (const Packet &packet : packets) {
        if (packet.binary)
            m_socket->sendBinaryMessage(packet.data);
        else if (!packet.webSocketText.isNull())
            m_socket->sendTextMessage(packet.webSocketText);
        else
            m_socket->sendTextMessage(QString::fromUtf8(encodeText(packet)));
    }
}

void WebSocketTransport::doClose()
{
    if (m_socket)
        m_socket->close();
    // As Node: the transport counts as closed at once; the closing handshake finishes on its own.
    finishClose();
}

} // namespace sb::eio
