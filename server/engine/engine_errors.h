#pragma once

#include <QByteArray>
#include <QString>

namespace sb::eio {

// Handshake and request errors, with Node's engine.io codes: they are on the wire as
// {"code":N,"message":"..."} and clients may test them.
enum class ErrorCode : int {
    UnknownTransport = 0,
    UnknownSid = 1,
    BadHandshakeMethod = 2,
    BadRequest = 3,
    Forbidden = 4,
    UnsupportedProtocolVersion = 5,
};

QString defaultMessage(ErrorCode code);
// Forbidden answers 403, every other code 400 (over polling; upgrades always answer 400).
int httpStatus(ErrorCode code);

// A refused request: the code, the message the client sees, and a detail for operators and logs
// (e.g. "TRANSPORT_MISMATCH"), as Node passes in its connection_error context.
struct Refusal
{
    ErrorCode code = ErrorCode::BadRequest;
    QString message; // empty: defaultMessage(code)
    QByteArray detail;

    QString effectiveMessage() const { return message.isEmpty() ? defaultMessage(code) : message; }
};

// Why a session ended, with socket.io's exact strings (closeReasonText) on the wire and in the UI.
enum class CloseReason {
    TransportClose, // the client closed the transport or sent a CLOSE packet
    PingTimeout, // no pong within pingTimeout of a ping
    ParseError, // a packet that could not be decoded
    ForcedClose, // the server closed the session
    TransportError, // the transport failed (dropped poll, overlap, over-size frame, ...)
};

const char *closeReasonText(CloseReason reason);

} // namespace sb::eio
