#pragma once

#include "admin/bcrypt_hash.h"

#include <QByteArray>
#include <QString>

#include <chrono>
#include <optional>

namespace sb::admin {

// Basic authentication of the admin UI: the username, and a bcrypt hash of the password.
struct BasicAuth
{
    QString username;
    BcryptHash passwordHash;
};

// What the admin UI is told and sent. Development sends every socket and event as it happens
// (`all_sockets`, `socket_*`, `room_*`, `event_*`); production only the periodic server stats.
enum class AdminMode { Development, Production };

// The options of the admin UI's server side, as the Node side's `instrument(io, options)` has them.
struct AdminOptions
{
    QByteArray namespaceName = "/admin";
    // None: anyone may connect (`auth: false`). The command line asks for this explicitly.
    std::optional<BasicAuth> auth;
    // No actions at all (emit, join, leave, disconnect): the UI only watches.
    bool readonly = false;
    AdminMode mode = AdminMode::Development;
    // How the UI names this server among the cluster's; empty: the host name.
    QString serverId;
    std::chrono::milliseconds statsInterval{2000};
};

} // namespace sb::admin
