#include "client/websocket_transport.h"

#include <QNetworkRequest>
#include <QTimer>
#include <QWebSocket>

namespace sb::client {

WebSocketTransport::WebSocketTransport(TransportTarget target, QObject *parent)
    : Transport(std::move(target), parent)
    , m_socket(new QWebSocket(QString(), QWebSocketProtocol::VersionLatest, this))
{
    connect(m_socket, &QWebSocket::connected, this, [this] { onOpen(); });
    connect(m_socket, &QWebSocket::textMessageReceived, this, &WebSocketTransport::onText);
    connect(m_socket, &QWebSocket::binaryMessageReceived, this, &WebSocketTransport::onBinary);
    connect(m_socket, qOverload<QAbstractSocket::SocketError>(&QWebSocket::error), this,
        [this](QAbstractSocket::SocketError) {
            m_failed = true;
            if (state() != State::Closed)
                onError(QStringLiteral("websocket error: ") + m_socket->errorString());
        });
    connect(m_socket, &QWebSocket::disconnected, this, [this] {
        if (state() == State::Opening) {
            // Refused or cut off before the WebSocket handshake completed: a failure, whichever
            // of Qt's two signals comes first.
            onError(QStringLiteral("websocket error: ") + m_socket->errorString());
            return;
        }
        QString description = QStringLiteral("websocket connection closed");
        if (m_socket->closeCode() != QWebSocketProtocol::CloseCodeNormal)
            description += QStringLiteral(" (%1)").arg(int(m_socket->closeCode()));
        onClose(description);
    });
}

WebSocketTransport::~WebSocketTransport()
{
    m_socket->disconnect(this);
}

void WebSocketTransport::doOpen()
{
    QUrl url = m_target.url;
    url.setScheme(url.scheme() == QLatin1String("https") || url.scheme() == QLatin1String("wss")
            ? QStringLiteral("wss")
            : QStringLiteral("ws"));
    url.setPath(m_target.path);
    url.setQuery(engineQuery());
    QNetworkRequest request(url);
    for (const auto &[name, value] : m_target.extraHeaders)
        request.setRawHeader(name, value);
    m_socket->open(request);
}

void WebSocketTransport::doClose()
{
    m_socket->disconnect(this);
    // A close frame cannot go over a socket that failed (Qt warns about writing to it).
    if (m_failed || m_socket->state() != QAbstractSocket::ConnectedState)
        m_socket->abort();
    else
        m_socket->close();
}

void WebSocketTransport::doWrite(const QList<eio::Packet> &packets)
{
    setWritable(false);
    for (const eio::Packet &packet : packets) {
        if (packet.binary)
            m_socket->sendBinaryMessage(packet.data);
        else
            m_socket->sendTextMessage(QString::fromUtf8(eio::encodeText(packet)));
    }
    // As engine.io-client: writable again on the next turn of the event loop, so that the owner
    // has recorded what it handed over before drained() arrives.
    QTimer::singleShot(0, this, [this] {
        if (state() == State::Closed)
            return;
        setWritable(true);
        Q_EMIT drained();
    });
}

void WebSocketTransport::onText(const QString &text)
{
    if (state() == State::Closed)
        return;
    const auto packet = eio::decodeText(text.toUtf8());
    if (!packet) {
        onError(QStringLiteral("parse error: ") + eio::describe(packet.error()));
        return;
    }
    onPacket(*packet);
}

void WebSocketTransport::onBinary(const QByteArray &bytes)
{
    if (state() == State::Closed)
        return;
    onPacket(eio::decodeBinaryFrame(bytes));
}

} // namespace sb::client
