#include "engine/engine_errors.h"

namespace sb::eio {

QString defaultMessage(ErrorCode code)
{
    switch (code) {
    case ErrorCode::UnknownTransport:
        return QStringLiteral("Transport unknown");
    case ErrorCode::UnknownSid:
        return QStringLiteral("Session ID unknown");
    case ErrorCode::BadHandshakeMethod:
        return QStringLiteral("Bad handshake method");
    case ErrorCode::BadRequest:
        return QStringLiteral("Bad request");
    case ErrorCode::Forbidden:
        return QStringLiteral("Forbidden");
    case ErrorCode::UnsupportedProtocolVersion:
        return QStringLiteral("Unsupported protocol version");
    }
    return QStringLiteral("Bad request");
}

int httpStatus(ErrorCode code)
{
    return code == ErrorCode::Forbidden ? 403 : 400;
}

const char *closeReasonText(CloseReason reason)
{
    switch (reason) {
    case CloseReason::TransportClose:
        return "transport close";
    case CloseReason::PingTimeout:
        return "ping timeout";
    case CloseReason::ParseError:
        return "parse error";
    case CloseReason::ForcedClose:
        return "forced close";
    case CloseReason::TransportError:
        return "transport error";
    }
    return "transport error";
}

} // namespace sb::eio
