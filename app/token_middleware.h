#pragma once

#include "io/namespace.h"

#include <QByteArray>

// Server-wide connection middleware for sign-in tokens: a CONNECT must carry auth {token} with an
// HS256 JWT signed with `secret` and valid now; otherwise CONNECT_ERROR {message} says why
// (jwtErrorText). The token's name (`name`, else `userId`) goes into the socket's data as
// `username` and `verifiedUsername`: the chat uses it instead of what the client says.
sb::io::Middleware tokenMiddleware(QByteArray secret);
