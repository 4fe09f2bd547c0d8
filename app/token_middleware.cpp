#include "token_middleware.h"

#include "chat_service.h"
#include "jwt.h"

#include "io/socket.h"

#include <QCoreApplication>
#include <QJsonValue>

sb::io::Middleware tokenMiddleware(QByteArray secret)
{
    return [secret = std::move(secret)](sb::io::Socket &socket, const sb::io::NextFunction &next) {
        // The code lets a page explain the refusal in its own words: missing, expired, or any
        // other fault of the token (the message says which).
        const auto refuse = [&](const QString &message, const char *code = "token-invalid") {
            next(sb::io::ConnectError{message, QByteArray(R"({"code":")") + code + "\"}"});
        };
        const QJsonValue token = socket.handshake().authObject().value(QStringLiteral("token"));
        if (token.isUndefined() || token.isNull() || token.toString().isEmpty()) {
            const bool missing = token.isString() || token.isUndefined() || token.isNull();
            return refuse(jwtErrorText(missing ? JwtError::Missing : JwtError::Malformed),
                missing ? "token-missing" : "token-invalid");
        }
        const auto claims = Jwt::verify(token.toString().toUtf8(), secret);
        if (!claims)
            return refuse(jwtErrorText(claims.error()),
                claims.error() == JwtError::Expired ? "token-expired" : "token-invalid");
        const auto name = Jwt::nameOf(*claims);
        if (!name)
            return refuse(jwtErrorText(name.error()));
        const QString problem = ChatService::usernameProblem(*name);
        if (!problem.isEmpty())
            return refuse(
                QCoreApplication::translate("Jwt", "the token's name is refused: %1").arg(problem));
        socket.data().insert(QStringLiteral("username"), *name);
        socket.data().insert(QStringLiteral("verifiedUsername"), *name);
        next(std::nullopt);
    };
}
