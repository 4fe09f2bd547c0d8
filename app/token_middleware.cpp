#include "token_middleware.h"

#include "chat_service.h"
#include "jwt.h"

#include "io/socket.h"

#include <QCoreApplication>
#include <QJsonValue>

sb::io::Middleware tokenMiddleware(QByteArray secret)
{
    return [secret = std::move(secret)](sb::io::Socket &socket, const sb::io::NextFunction &next) {
        const auto refuse = [&](const QString &message) {
            next(sb::io::ConnectError{message, {}});
        };
        const QJsonValue token = socket.handshake().authObject().value(QStringLiteral("token"));
        if (token.isUndefined() || token.isNull() || token.toString().isEmpty())
            return refuse(jwtErrorText(token.isString() || token.isUndefined() || token.isNull()
                    ? JwtError::Missing
                    : JwtError::Malformed));
        const auto claims = Jwt::verify(token.toString().toUtf8(), secret);
        if (!claims)
            return refuse(jwtErrorText(claims.error()));
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
