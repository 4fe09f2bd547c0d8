#include "admin_command_line.h"

#include <QCommandLineParser>

void addAdminOptions(QCommandLineParser &parser)
{
    const auto opt
        = [&](const QString &name, const QString &description, const QString &value = {}) {
              parser.addOption(QCommandLineOption(name, description, value));
          };
    opt(QStringLiteral("admin-ui"),
        QStringLiteral("Serve the protocol of the Socket.IO admin UI (@socket.io/admin-ui, or "
                       "https://admin.socket.io with --cors-origin https://admin.socket.io); "
                       "needs --admin-user and --admin-password-hash, or --admin-no-auth."));
    opt(QStringLiteral("admin-namespace"),
        QStringLiteral("Namespace of the admin UI (default /admin)."), QStringLiteral("NSP"));
    opt(QStringLiteral("admin-user"), QStringLiteral("User name the admin UI logs in with."),
        QStringLiteral("NAME"));
    opt(QStringLiteral("admin-password-hash"),
        QStringLiteral("bcrypt hash ($2a$, $2b$ or $2y$) of the admin UI's password (also read "
                       "from SWITCHBOARD_ADMIN_PASSWORD_HASH)."),
        QStringLiteral("HASH"));
    opt(QStringLiteral("admin-no-auth"),
        QStringLiteral("Let the admin UI in without a password (anyone who reaches the server "
                       "may watch and act)."));
    opt(QStringLiteral("admin-readonly"),
        QStringLiteral("The admin UI may only watch: no emit, join, leave or disconnect."));
    opt(QStringLiteral("admin-mode"),
        QStringLiteral("development (every socket and event, the default) or production (only "
                       "the server statistics)."),
        QStringLiteral("MODE"));
    opt(QStringLiteral("admin-server-id"),
        QStringLiteral("Name of this server in the admin UI (default: the host name)."),
        QStringLiteral("ID"));
}

bool readAdminOptions(const QCommandLineParser &parser, ServerConfig &config, QString *error)
{
    const QStringList names = {QStringLiteral("admin-namespace"), QStringLiteral("admin-user"),
        QStringLiteral("admin-password-hash"), QStringLiteral("admin-no-auth"),
        QStringLiteral("admin-readonly"), QStringLiteral("admin-mode"),
        QStringLiteral("admin-server-id")};
    if (!parser.isSet(QStringLiteral("admin-ui"))) {
        for (const QString &name : names) {
            if (parser.isSet(name)) {
                *error = QStringLiteral("--%1 needs --admin-ui").arg(name);
                return false;
            }
        }
        return true;
    }
    sb::admin::AdminOptions options;
    if (parser.isSet(QStringLiteral("admin-namespace"))) {
        const QString name = parser.value(QStringLiteral("admin-namespace"));
        options.namespaceName
            = name.startsWith(QLatin1Char('/')) ? name.toUtf8() : '/' + name.toUtf8();
        if (options.namespaceName == "/" || options.namespaceName.contains(',')) {
            *error = QStringLiteral(
                "--admin-namespace needs a namespace other than / and without a comma");
            return false;
        }
    }
    const bool noAuth = parser.isSet(QStringLiteral("admin-no-auth"));
    const QString user = parser.value(QStringLiteral("admin-user"));
    const QByteArray hash = parser.isSet(QStringLiteral("admin-password-hash"))
        ? parser.value(QStringLiteral("admin-password-hash")).toUtf8()
        : qgetenv("SWITCHBOARD_ADMIN_PASSWORD_HASH");
    if (noAuth) {
        if (parser.isSet(QStringLiteral("admin-user"))
            || parser.isSet(QStringLiteral("admin-password-hash"))) {
            *error = QStringLiteral(
                "--admin-no-auth cannot go with --admin-user or --admin-password-hash");
            return false;
        }
    } else {
        if (user.isEmpty() || hash.isEmpty()) {
            *error = QStringLiteral("--admin-ui needs --admin-user NAME and "
                                    "--admin-password-hash HASH (a bcrypt hash), or "
                                    "--admin-no-auth to let anyone in");
            return false;
        }
        const std::optional<sb::admin::BcryptHash> parsed = sb::admin::BcryptHash::parse(hash);
        if (!parsed) {
            *error = QStringLiteral("--admin-password-hash needs a bcrypt hash ($2a$, $2b$ or "
                                    "$2y$, cost 04 to 31, 60 characters)");
            return false;
        }
        options.auth = sb::admin::BasicAuth{user, *parsed};
    }
    options.readonly = parser.isSet(QStringLiteral("admin-readonly"));
    if (parser.isSet(QStringLiteral("admin-mode"))) {
        const QString mode = parser.value(QStringLiteral("admin-mode"));
        if (mode == QLatin1String("production")) {
            options.mode = sb::admin::AdminMode::Production;
        } else if (mode != QLatin1String("development")) {
            *error = QStringLiteral("unknown --admin-mode %1 (use development or production)")
                         .arg(mode);
            return false;
        }
    }
    options.serverId = parser.value(QStringLiteral("admin-server-id"));
    config.admin = options;
    return true;
}
