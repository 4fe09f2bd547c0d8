#include "engine_fixture.h"

#include "test_support.h"

#include "engine/session.h"

#include <QJsonDocument>
#include <QTest>

#include <zlib.h>

namespace sb::test {

namespace {

// Spins the event loop until the condition holds or the time is up; callers check the state.
template <typename F>
void waitUntil(F condition, int timeoutMs)
{
    static_cast<void>(QTest::qWaitFor(condition, timeoutMs));
}

bool sameName(QByteArrayView a, QByteArrayView b)
{
    return a.compare(b, Qt::CaseInsensitive) == 0;
}

} // namespace

// --- server side -------------------------------------------------------------------------------

void EchoHandler::messageReceived(eio::Session &session, const eio::Packet &packet)
{
    session.send(packet);
}

void RecordingObserver::handshakeRefused(const eio::Refusal &refusal, const http::Request &request)
{
    refusals.append({int(refusal.code), refusal.effectiveMessage(), refusal.detail, request.method,
        request.target});
    Q_EMIT refused(int(refusal.code));
}

void RecordingObserver::sessionOpened(const eio::Session &session)
{
    openedIds.append(session.id());
    Q_EMIT opened(session.id());
}

void RecordingObserver::sessionUpgraded(const eio::Session &session)
{
    upgradedIds.append(session.id());
    Q_EMIT upgraded(session.id());
}

void RecordingObserver::sessionClosed(const eio::Session &session, eio::CloseReason reason)
{
    const QString text = QString::fromLatin1(eio::closeReasonText(reason));
    closeReasons.insert(session.id(), text);
    Q_EMIT closed(session.id(), text);
}

EngineFixture::EngineFixture(eio::EngineOptions engineOptions, http::ServerOptions httpOptions)
    : m_http(std::make_unique<http::HttpServer>(std::move(httpOptions)))
    , m_engine(std::make_unique<eio::EngineServer>(std::move(engineOptions)))
{
    m_engine->setHandler(&m_echo);
    m_engine->addObserver(&m_observer);
    m_engine->attach(*m_http, Path);
}

EngineFixture::~EngineFixture()
{
    m_engine->removeObserver(&m_observer);
    m_http->close();
    m_engine.reset();
    m_http.reset();
}

bool EngineFixture::listen()
{
    return m_http->listen(QHostAddress::LocalHost, 0);
}

QUrl EngineFixture::webSocketUrl(const QByteArray &query) const
{
    return QUrl(QStringLiteral("ws://127.0.0.1:%1").arg(m_http->serverPort())
        + QString::fromLatin1(target(query)));
}

HttpReply EngineFixture::request(const QByteArray &method, const QByteArray &query,
    const QByteArray &body, const QList<std::pair<QByteArray, QByteArray>> &headers)
{
    RawHttpConnection connection(port());
    connection.sendRequest(method, target(query), body, headers);
    return connection.waitReply().value_or(HttpReply{});
}

QByteArray EngineFixture::pollingHandshake(QJsonObject *open, QString *error)
{
    const HttpReply reply = get("EIO=4&transport=polling");
    const QJsonObject json = parseOpenPacket(reply.body);
    const QByteArray sid = json.value(QStringLiteral("sid")).toString().toLatin1();
    if (reply.status != 200 || sid.isEmpty()) {
        if (error)
            *error = QStringLiteral("polling handshake failed: ")
                + QString::fromLatin1(reply.describe());
        return {};
    }
    if (open)
        *open = json;
    return sid;
}

QByteArray EngineFixture::webSocketHandshake(WsClient &client, QJsonObject *open)
{
    if (!client.open(webSocketUrl("EIO=4&transport=websocket")))
        return {};
    const std::optional<QByteArray> text = client.nextText();
    if (!text)
        return {};
    const QJsonObject json = parseOpenPacket(*text);
    if (open)
        *open = json;
    return json.value(QStringLiteral("sid")).toString().toLatin1();
}

QJsonObject parseOpenPacket(const QByteArray &text)
{
    if (!text.startsWith('0'))
        return {};
    const QJsonDocument document = QJsonDocument::fromJson(text.sliced(1));
    return document.isObject() ? document.object() : QJsonObject{};
}

std::optional<QByteArray> inflateBody(const QByteArray &data, const QByteArray &coding)
{
    // gzip is RFC 1952 (windowBits 15+16); HTTP's "deflate" is the zlib format of RFC 1950.
    return sb::test::inflate(data, coding == "gzip" ? 16 + MAX_WBITS : MAX_WBITS);
}

// --- raw HTTP ----------------------------------------------------------------------------------

QByteArray HttpReply::header(QByteArrayView name) const
{
    for (const auto &[key, value] : headers) {
        if (sameName(key, name))
            return value.isNull() ? QByteArray("", 0) : value;
    }
    return {};
}

QByteArray HttpReply::describe() const
{
    if (status == 0)
        return QByteArrayLiteral("no response");
    QByteArray text = QByteArray::number(status) + ' ';
    text += body.size() > 200 ? body.first(200) + "..." : body;
    return text;
}

RawHttpConnection::RawHttpConnection(quint16 port, QObject *parent)
    : QObject(parent)
{
    connect(&m_socket, &QTcpSocket::readyRead, this, &RawHttpConnection::readAvailable);
    connect(&m_socket, &QTcpSocket::disconnected, this, [this] {
        readAvailable();
        m_disconnected = true;
        while (parseOne(true)) { }
    });
    connect(
        &m_socket, &QTcpSocket::errorOccurred, this, [this](QAbstractSocket::SocketError error) {
            if (error != QAbstractSocket::RemoteHostClosedError && !isConnected())
                m_disconnected = true;
        });
    m_socket.connectToHost(QHostAddress::LocalHost, port);
}

void RawHttpConnection::write(const QByteArray &bytes)
{
    if (!isConnected())
        waitUntil([this] { return isConnected() || m_disconnected; }, WaitMs);
    m_socket.write(bytes);
}

void RawHttpConnection::sendRequest(const QByteArray &method, const QByteArray &target,
    const QByteArray &body, const QList<std::pair<QByteArray, QByteArray>> &headers)
{
    QByteArray head = method + ' ' + target + " HTTP/1.1\r\nHost: 127.0.0.1\r\n";
    bool framed = false;
    for (const auto &[name, value] : headers) {
        head += name + ": " + value + "\r\n";
        framed = framed || sameName(name, "content-length") || sameName(name, "transfer-encoding");
    }
    if (!framed && (!body.isEmpty() || method == "POST"))
        head += "Content-Length: " + QByteArray::number(body.size()) + "\r\n";
    write(head + "\r\n" + body);
}

void RawHttpConnection::readAvailable()
{
    if (!m_socket.isOpen())
        return;
    const QByteArray data = m_socket.readAll();
    m_received += data;
    m_buffer += data;
    while (parseOne(false)) { }
}

bool RawHttpConnection::parseOne(bool atEnd)
{
    const qsizetype headEnd = m_buffer.indexOf("\r\n\r\n");
    if (headEnd < 0)
        return false;
    const QList<QByteArray> lines = m_buffer.first(headEnd).split('\n');
    HttpReply reply;
    const QList<QByteArray> statusLine = lines.value(0).trimmed().split(' ');
    reply.status = statusLine.value(1).toInt();
    for (qsizetype i = 1; i < lines.size(); ++i) {
        const QByteArray line = lines[i].trimmed();
        const qsizetype colon = line.indexOf(':');
        if (colon > 0)
            reply.headers.append(
                {line.first(colon).trimmed().toLower(), line.sliced(colon + 1).trimmed()});
    }
    const qsizetype bodyStart = headEnd + 4;
    const QByteArray length = reply.header("content-length");
    qsizetype bodySize = 0;
    if (!length.isNull()) {
        bodySize = length.toLongLong();
    } else if ((reply.status >= 100 && reply.status < 200) || reply.status == 204
        || reply.status == 304) {
        bodySize = 0;
    } else if (atEnd) {
        bodySize = m_buffer.size() - bodyStart;
    } else {
        return false; // delimited by the close
    }
    if (m_buffer.size() - bodyStart < bodySize)
        return false;
    reply.body = m_buffer.sliced(bodyStart, bodySize);
    m_buffer.remove(0, bodyStart + bodySize);
    if (reply.status != 100)
        m_replies.append(reply);
    return true;
}

std::optional<HttpReply> RawHttpConnection::waitReply(int timeoutMs)
{
    waitUntil([this] { return !m_replies.isEmpty() || m_disconnected; }, timeoutMs);
    if (m_replies.isEmpty())
        return std::nullopt;
    return m_replies.takeFirst();
}

bool RawHttpConnection::waitDisconnected(int timeoutMs)
{
    return QTest::qWaitFor([this] { return m_disconnected; }, timeoutMs);
}

// --- WebSocket ---------------------------------------------------------------------------------

WsClient::WsClient(QObject *parent)
    : QObject(parent)
{
    connect(&m_socket, &QWebSocket::textMessageReceived, this, [this](const QString &text) {
        m_messages.append({false, text.toUtf8()});
    });
    connect(&m_socket, &QWebSocket::binaryMessageReceived, this, [this](const QByteArray &data) {
        m_messages.append({true, data});
    });
    connect(&m_socket, &QWebSocket::connected, this, [this] { m_connected = true; });
    connect(&m_socket, &QWebSocket::disconnected, this, [this] { m_disconnected = true; });
}

WsClient::~WsClient()
{
    m_socket.disconnect(this);
    m_socket.abort();
}

bool WsClient::open(const QUrl &url, int timeoutMs)
{
    m_socket.open(url);
    waitUntil([this] { return m_connected || m_disconnected; }, timeoutMs);
    // The server may accept and close at once (a redundant upgrade): connected is what counts.
    return m_connected;
}

std::optional<WsClient::Message> WsClient::next(int timeoutMs)
{
    waitUntil([this] { return !m_messages.isEmpty() || m_disconnected; }, timeoutMs);
    if (m_messages.isEmpty())
        return std::nullopt;
    return m_messages.takeFirst();
}

std::optional<QByteArray> WsClient::nextText(int timeoutMs)
{
    const std::optional<Message> message = next(timeoutMs);
    if (!message || message->binary)
        return std::nullopt;
    return message->data;
}

bool WsClient::waitDisconnected(int timeoutMs)
{
    return QTest::qWaitFor([this] { return m_disconnected; }, timeoutMs);
}

RawWebSocket::RawWebSocket(quint16 port, QObject *parent)
    : QObject(parent)
{
    connect(&m_socket, &QTcpSocket::readyRead, this, &RawWebSocket::readAvailable);
    connect(&m_socket, &QTcpSocket::disconnected, this, [this] {
        readAvailable();
        m_disconnected = true;
    });
    connect(&m_socket, &QTcpSocket::errorOccurred, this, [this](QAbstractSocket::SocketError) {
        if (m_socket.state() != QAbstractSocket::ConnectedState)
            m_disconnected = true;
    });
    m_socket.connectToHost(QHostAddress::LocalHost, port);
}

bool RawWebSocket::handshake(const QByteArray &target, QByteArray *reply,
    const QList<std::pair<QByteArray, QByteArray>> &extraHeaders, int timeoutMs)
{
    QList<std::pair<QByteArray, QByteArray>> headers{{"Host", "127.0.0.1"},
        {"Upgrade", "websocket"}, {"Connection", "Upgrade"},
        {"Sec-WebSocket-Key", "dGhlIHNhbXBsZSBub25jZQ=="}, {"Sec-WebSocket-Version", "13"}};
    for (const auto &[name, value] : extraHeaders) {
        auto it = std::find_if(headers.begin(), headers.end(),
            [&](const auto &header) { return sameName(header.first, name); });
        if (it == headers.end())
            headers.append({name, value});
        else if (value.isNull())
            headers.erase(it); // a null value removes a default header
        else
            it->second = value;
    }
    QByteArray head = "GET " + target + " HTTP/1.1\r\n";
    for (const auto &[name, value] : headers)
        head += name + ": " + value + "\r\n";
    waitUntil(
        [this] { return m_socket.state() == QAbstractSocket::ConnectedState || m_disconnected; },
        timeoutMs);
    m_socket.write(head + "\r\n");
    waitUntil([this] { return m_buffer.contains("\r\n\r\n") || m_disconnected; }, timeoutMs);
    const qsizetype headEnd = m_buffer.indexOf("\r\n\r\n");
    if (reply)
        *reply = m_buffer;
    if (headEnd < 0 || !m_buffer.startsWith("HTTP/1.1 101"))
        return false;
    m_buffer.remove(0, headEnd + 4);
    m_upgraded = true;
    readAvailable(); // frames that came with the head
    return true;
}

void RawWebSocket::sendFrame(int opcode, const QByteArray &payload, bool fin, bool masked, int rsv)
{
    m_socket.write(encodeFrame(opcode, payload, fin, masked, rsv));
}

QByteArray RawWebSocket::encodeFrame(
    int opcode, const QByteArray &payload, bool fin, bool masked, int rsv)
{
    QByteArray frame;
    frame.append(char((fin ? 0x80 : 0) | ((rsv & 7) << 4) | (opcode & 0x0f)));
    const int maskBit = masked ? 0x80 : 0;
    const qsizetype size = payload.size();
    if (size < 126) {
        frame.append(char(maskBit | int(size)));
    } else if (size < 65536) {
        frame.append(char(maskBit | 126));
        frame.append(char(size >> 8)).append(char(size & 0xff));
    } else {
        frame.append(char(maskBit | 127));
        for (int shift = 56; shift >= 0; shift -= 8)
            frame.append(char((quint64(size) >> shift) & 0xff));
    }
    if (!masked)
        return frame + payload;
    const char key[4] = {0x12, 0x34, 0x56, 0x78};
    frame.append(key, 4);
    QByteArray body = payload;
    for (qsizetype i = 0; i < body.size(); ++i)
        body[i] = char(body[i] ^ key[i % 4]);
    return frame + body;
}

void RawWebSocket::readAvailable()
{
    if (m_socket.isOpen())
        m_buffer += m_socket.readAll();
    if (!m_upgraded)
        return;
    for (;;) {
        if (m_buffer.size() < 2)
            return;
        const auto b0 = quint8(m_buffer[0]);
        const auto b1 = quint8(m_buffer[1]);
        qsizetype offset = 2;
        quint64 length = b1 & 0x7f;
        if (length == 126) {
            if (m_buffer.size() < 4)
                return;
            length = (quint64(quint8(m_buffer[2])) << 8) | quint8(m_buffer[3]);
            offset = 4;
        } else if (length == 127) {
            if (m_buffer.size() < 10)
                return;
            length = 0;
            for (int i = 0; i < 8; ++i)
                length = (length << 8) | quint8(m_buffer[2 + i]);
            offset = 10;
        }
        const bool masked = b1 & 0x80;
        const qsizetype total = offset + (masked ? 4 : 0) + qsizetype(length);
        if (m_buffer.size() < total)
            return;
        Frame frame;
        frame.fin = b0 & 0x80;
        frame.opcode = b0 & 0x0f;
        frame.payload = m_buffer.sliced(total - qsizetype(length), qsizetype(length));
        if (masked) {
            const QByteArray key = m_buffer.sliced(offset, 4);
            for (qsizetype i = 0; i < frame.payload.size(); ++i)
                frame.payload[i] = char(frame.payload[i] ^ key[i % 4]);
        }
        if (frame.opcode == 0x8) {
            if (frame.payload.size() >= 2)
                m_closeCode = (quint8(frame.payload[0]) << 8) | quint8(frame.payload[1]);
            // Complete the closing handshake, as a client must, so the server closes the TCP now.
            if (!m_closeSent) {
                m_closeSent = true;
                sendFrame(0x8, frame.payload.first(std::min<qsizetype>(2, frame.payload.size())));
            }
        }
        m_buffer.remove(0, total);
        m_frames.append(frame);
    }
}

std::optional<RawWebSocket::Frame> RawWebSocket::nextFrame(int timeoutMs)
{
    waitUntil([this] { return !m_frames.isEmpty() || m_disconnected; }, timeoutMs);
    if (m_frames.isEmpty())
        return std::nullopt;
    return m_frames.takeFirst();
}

bool RawWebSocket::waitDisconnected(int timeoutMs)
{
    return QTest::qWaitFor([this] { return m_disconnected; }, timeoutMs);
}

} // namespace sb::test
