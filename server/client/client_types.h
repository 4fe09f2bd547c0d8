#pragma once

#include "protocol/payload.h"
#include "protocol/payload_builder.h"

#include <QJsonValue>
#include <QPointer>
#include <QString>

#include <chrono>
#include <functional>
#include <memory>

namespace sb::client {

class Socket;

// The arguments of an event or an ack: the exact JSON bytes and the binary attachments, parsed
// only when asked (Payload::toJson, string, binary).
using Args = sio::Payload;

inline void appendArg(sio::PayloadBuilder &builder, const QByteArray &bytes)
{
    builder.appendBinary(bytes);
}
template <typename T>
void appendArg(sio::PayloadBuilder &builder, const T &value)
{
    builder.append(value);
}

// makeArgs(QStringLiteral("hi"), 42, QJsonObject{...}, QByteArray(...)): QByteArray values become
// binary attachments, everything else JSON.
template <typename... T>
Args makeArgs(const T &...values)
{
    sio::PayloadBuilder builder;
    (appendArg(builder, values), ...);
    return builder.build();
}

// How an emit that asked for an ack ended; every such emit ends exactly once.
struct AckResult
{
    enum class Status { Answered, TimedOut, Disconnected };
    Status status = Status::Answered;
    Args args; // the server's answer (Answered only)

    bool answered() const { return status == Status::Answered; }
    // socket.io-client's error messages: "operation has timed out", "socket has been disconnected".
    QString errorMessage() const;
};
using AckCallback = std::function<void(const AckResult &)>;

// A refused namespace connection (CONNECT_ERROR), or a failure of the connection underneath.
struct ConnectError
{
    enum class Kind {
        Refused, // the server's CONNECT_ERROR (a middleware, an unknown namespace)
        Connection, // the Engine.IO connection failed (network, HTTP status, bad input)
        Timeout, // no handshake within ManagerOptions::timeout
        NotSocketIo, // a CONNECT reply without sid: no Socket.IO v5 server
    };
    QString message;
    QJsonValue data = QJsonValue(QJsonValue::Undefined); // the server's `data` (Refused only)
    Kind kind = Kind::Refused;
};

// Answers an event the server sent with an ack id. Only the first call sends anything; an Ack
// the server did not ask for ignores every call.
class Ack
{
public:
    Ack() = default;
    Ack(Socket *socket, quint64 id);

    bool isRequested() const { return m_state != nullptr; }
    bool isAnswered() const { return m_state && m_state->answered; }
    void operator()(const Args &args = {}) const;

private:
    struct State
    {
        QPointer<Socket> socket;
        quint64 id = 0;
        bool answered = false;
    };
    std::shared_ptr<State> m_state;
};

using EventHandler = std::function<void(const Args &args, const Ack &ack)>;
using AnyHandler = std::function<void(const QString &event, const Args &args)>;

// socket.io-client's disconnect reasons, exactly.
namespace reason {
inline constexpr QLatin1StringView IoServerDisconnect("io server disconnect");
inline constexpr QLatin1StringView IoClientDisconnect("io client disconnect");
inline constexpr QLatin1StringView TransportClose("transport close");
inline constexpr QLatin1StringView TransportError("transport error");
inline constexpr QLatin1StringView PingTimeout("ping timeout");
inline constexpr QLatin1StringView ParseError("parse error");
inline constexpr QLatin1StringView ForcedClose("forced close");
} // namespace reason

} // namespace sb::client
