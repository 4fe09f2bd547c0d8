#pragma once

#include "common/result.h"

#include <QByteArray>
#include <QDateTime>
#include <QJsonObject>
#include <QString>

#include <chrono>

// Why a sign-in token was refused. Each has one message for the client (jwtErrorText).
enum class JwtError {
    Missing,
    Malformed, // not three non-empty dot-separated parts
    BadEncoding, // a part is not unpadded base64url
    BadHeader, // the header is not a JSON object
    UnsupportedAlgorithm, // anything but HS256 ("none" included)
    BadSignature,
    BadPayload, // the payload is not a JSON object
    BadClaim, // exp, nbf or iat present but not a number
    Expired,
    NotYetValid,
    NoName, // neither a `name` nor a `userId` claim usable as a chat name
};
QString jwtErrorText(JwtError error);

// JSON Web Tokens signed with HMAC-SHA256 (RFC 7519, RFC 7515 compact form), as the `jsonwebtoken`
// npm package makes them: the sign-in tokens of the chat. Nothing else (no other algorithm, no
// keys, no JWE) is supported, on purpose.
class Jwt final
{
public:
    // header.payload.signature for these claims, with the header {"alg":"HS256","typ":"JWT"}.
    static QByteArray sign(const QJsonObject &claims, const QByteArray &secret);
    // A token for a chat name: {name, iat, exp = iat + ttl}.
    static QByteArray mint(const QString &name, std::chrono::seconds ttl, const QByteArray &secret,
        const QDateTime &now = QDateTime::currentDateTimeUtc());
    // The claims of a token signed with `secret` and valid at `now` (exp and nbf, when present,
    // are checked; exp is exclusive as in jsonwebtoken).
    static sb::Result<QJsonObject, JwtError> verify(QByteArrayView token, const QByteArray &secret,
        const QDateTime &now = QDateTime::currentDateTimeUtc());
    // The chat name a token's claims give: `name`, else `userId` (a string or an integer).
    static sb::Result<QString, JwtError> nameOf(const QJsonObject &claims);
};
