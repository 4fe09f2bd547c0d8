#include "command_line.h"

#include "admin_command_line.h"
#include "chat_service.h"

#include <QCommandLineParser>
#include <QCoreApplication>

#include <cstdio>

namespace {

void printError(const QString &message)
{
    std::fprintf(stderr, "switchboard: %s\n", qPrintable(message));
}

// Reads a positive duration in milliseconds; false (with a message) if the value is not one.
bool readMilliseconds(
    const QCommandLineParser &parser, const QString &name, std::chrono::milliseconds &target)
{
    if (!parser.isSet(name))
        return true;
    bool ok = false;
    const qlonglong value = parser.value(name).toLongLong(&ok);
    if (!ok || value <= 0 || value > 24LL * 3600 * 1000) {
        printError(
            QStringLiteral("--%1 needs a number of milliseconds between 1 and 86400000").arg(name));
        return false;
    }
    target = std::chrono::milliseconds(value);
    return true;
}

QByteArray normalisedPath(QString path)
{
    if (!path.startsWith(QLatin1Char('/')))
        path.prepend(QLatin1Char('/'));
    if (!path.endsWith(QLatin1Char('/')))
        path.append(QLatin1Char('/'));
    return path.toUtf8();
}

} // namespace

CommandLine parseCommandLine(const QStringList &arguments, int &exitCode)
{
    exitCode = -1;
    CommandLine result;
    QCommandLineParser parser;
    parser.setApplicationDescription(QCoreApplication::translate("main",
        "Socket.IO server with an operator console. Browsers and socket.io clients connect to "
        "http://ADDRESS:PORT/socket.io/ (https:// with TLS)."));
    parser.addHelpOption();
    parser.addVersionOption();
    const auto opt
        = [&](const QString &name, const QString &description, const QString &value = {}) {
              parser.addOption(QCommandLineOption(name, description, value));
          };
    opt(QStringLiteral("headless"),
        QStringLiteral("Run without a window: print the listening URLs "
                       "and serve until SIGINT or SIGTERM."));
    opt(QStringLiteral("port"),
        QStringLiteral("TCP port to listen on (default 3000; 0 picks a free port)."),
        QStringLiteral("N"));
    opt(QStringLiteral("bind"), QStringLiteral("Address to listen on (default: all interfaces)."),
        QStringLiteral("ADDRESS"));
    opt(QStringLiteral("path"),
        QStringLiteral("Path of the Socket.IO endpoint (default /socket.io/)."),
        QStringLiteral("PATH"));
    opt(QStringLiteral("ping-interval"),
        QStringLiteral("Milliseconds between heartbeat pings (default 25000)."),
        QStringLiteral("MS"));
    opt(QStringLiteral("ping-timeout"),
        QStringLiteral("Milliseconds to wait for a pong before closing (default 20000)."),
        QStringLiteral("MS"));
    opt(QStringLiteral("upgrade-timeout"),
        QStringLiteral("Milliseconds a transport upgrade may take (default 10000)."),
        QStringLiteral("MS"));
    opt(QStringLiteral("max-http-buffer-size"),
        QStringLiteral("Largest message or POST body in bytes (default 1000000)."),
        QStringLiteral("BYTES"));
    opt(QStringLiteral("cors-origin"),
        QStringLiteral("Origin allowed to connect cross-origin; repeatable; * allows any "
                       "(default: none, same-origin only)."),
        QStringLiteral("ORIGIN"));
    opt(QStringLiteral("transports"),
        QStringLiteral("Comma-separated transports to accept: polling, websocket (default both)."),
        QStringLiteral("LIST"));
    opt(QStringLiteral("no-http-compression"),
        QStringLiteral("Do not gzip/deflate long-polling responses."));
    opt(QStringLiteral("raw-engine-path"),
        QStringLiteral("Also serve a bare Engine.IO endpoint at PATH that echoes every message "
                       "back unchanged (a diagnostic for Engine.IO-only clients)."),
        QStringLiteral("PATH"));

    opt(QStringLiteral("tls-cert"),
        QStringLiteral("Serve HTTPS and WSS with this PEM certificate (chain after it); needs "
                       "--tls-key."),
        QStringLiteral("FILE"));
    opt(QStringLiteral("tls-key"),
        QStringLiteral("Unencrypted PEM private key of the --tls-cert certificate."),
        QStringLiteral("FILE"));
    opt(QStringLiteral("tls-self-signed"),
        QStringLiteral("Serve HTTPS and WSS with a self-signed certificate for this machine's "
                       "names and addresses, made once and kept; its fingerprint is printed."));

    opt(QStringLiteral("service"),
        QStringLiteral("Built-in service on the Socket.IO endpoint: chat (the default: the chat "
                       "page at /) or echo (see README)."),
        QStringLiteral("NAME"));
    opt(QStringLiteral("chat-history"),
        QStringLiteral("Recent messages per room the chat sends to whoever joins (default 50; "
                       "0 = none)."),
        QStringLiteral("N"));
    opt(QStringLiteral("chat-max-length"),
        QStringLiteral("Longest chat message in characters (default 2000)."), QStringLiteral("N"));
    opt(QStringLiteral("jwt-secret"),
        QStringLiteral("Require sign-in tokens: every connection must carry auth {token} with an "
                       "HS256 JWT signed with SECRET (also read from SWITCHBOARD_JWT_SECRET)."),
        QStringLiteral("SECRET"));
    opt(QStringLiteral("mint-token"),
        QStringLiteral("Print a sign-in token for the chat name NAME and exit (needs the JWT "
                       "secret)."),
        QStringLiteral("NAME"));
    opt(QStringLiteral("token-ttl"),
        QStringLiteral("Seconds a token made with --mint-token stays valid (default 86400)."),
        QStringLiteral("SECONDS"));
    opt(QStringLiteral("namespace"),
        QStringLiteral("Namespace the service is mounted on; repeatable (default /)."),
        QStringLiteral("NSP"));
    opt(QStringLiteral("namespace-regex"),
        QStringLiteral("Mount the service on every namespace matching this regular expression "
                       "(dynamic namespaces, created on demand); repeatable."),
        QStringLiteral("REGEX"));
    opt(QStringLiteral("redis"),
        QStringLiteral("Join a cluster of servers sharing this Redis (compatible with the "
                       "@socket.io/redis-adapter of Node.js servers)."),
        QStringLiteral("redis://HOST:PORT[/DB]"));
    opt(QStringLiteral("redis-key"),
        QStringLiteral("Prefix of the cluster's Redis channels (default socket.io)."),
        QStringLiteral("PREFIX"));
    opt(QStringLiteral("connect-timeout"),
        QStringLiteral("Milliseconds a connection may take to join a namespace (default 45000)."),
        QStringLiteral("MS"));
    opt(QStringLiteral("recovery"),
        QStringLiteral("Turn on connection state recovery: a client that reconnects within MS "
                       "milliseconds gets its id, rooms and missed events back (default off)."),
        QStringLiteral("MS"));
    opt(QStringLiteral("parser"),
        QStringLiteral("Wire encoding of Socket.IO packets: default (socket.io-parser) or msgpack "
                       "(socket.io-msgpack-parser); every client must use the same."),
        QStringLiteral("NAME"));
    opt(QStringLiteral("no-serve-client"),
        QStringLiteral("Do not serve the socket.io-client browser bundle under the path."));
    opt(QStringLiteral("status-interval"),
        QStringLiteral("Seconds between one-line status reports on stdout: sockets, events/s, "
                       "handshakes/s, event-loop lag, memory (default 5 headless, 0 = off; "
                       "off with a window unless given)."),
        QStringLiteral("SECONDS"));
    opt(QStringLiteral("monitor-interval"),
        QStringLiteral("Milliseconds between two snapshots of the monitor that feeds the console "
                       "and the status line (default 250)."),
        QStringLiteral("MS"));
    addAdminOptions(parser);

    if (!parser.parse(arguments)) {
        printError(parser.errorText());
        exitCode = 2;
        return result;
    }
    if (parser.isSet(QStringLiteral("help"))) {
        std::fputs(qPrintable(parser.helpText()), stdout);
        exitCode = 0;
        return result;
    }
    if (parser.isSet(QStringLiteral("version"))) {
        std::printf("%s %s\n", qPrintable(QCoreApplication::applicationName()),
            qPrintable(QCoreApplication::applicationVersion()));
        exitCode = 0;
        return result;
    }
    if (!parser.positionalArguments().isEmpty()) {
        printError(
            QStringLiteral("unexpected argument: %1").arg(parser.positionalArguments().first()));
        exitCode = 2;
        return result;
    }

    ServerConfig &config = result.server;
    result.givenOptions = parser.optionNames();
    result.headless = parser.isSet(QStringLiteral("headless"));
    if (parser.isSet(QStringLiteral("port"))) {
        bool ok = false;
        const uint port = parser.value(QStringLiteral("port")).toUInt(&ok);
        if (!ok || port > 65535) {
            printError(QStringLiteral("--port needs a number between 0 and 65535"));
            exitCode = 2;
            return result;
        }
        config.port = quint16(port);
    }
    if (parser.isSet(QStringLiteral("bind"))) {
        const QString value = parser.value(QStringLiteral("bind"));
        if (!config.bindAddress.setAddress(value)) {
            printError(QStringLiteral("--bind needs an IP address, not %1").arg(value));
            exitCode = 2;
            return result;
        }
    }
    if (parser.isSet(QStringLiteral("path")))
        config.path = normalisedPath(parser.value(QStringLiteral("path")));
    if (parser.isSet(QStringLiteral("raw-engine-path")))
        config.rawEnginePath = normalisedPath(parser.value(QStringLiteral("raw-engine-path")));
    if (!config.rawEnginePath.isEmpty() && config.rawEnginePath == config.path) {
        printError(QStringLiteral("--raw-engine-path must differ from --path"));
        exitCode = 2;
        return result;
    }
    if (!readMilliseconds(parser, QStringLiteral("ping-interval"), config.engine.pingInterval)
        || !readMilliseconds(parser, QStringLiteral("ping-timeout"), config.engine.pingTimeout)
        || !readMilliseconds(
            parser, QStringLiteral("upgrade-timeout"), config.engine.upgradeTimeout)) {
        exitCode = 2;
        return result;
    }
    if (parser.isSet(QStringLiteral("max-http-buffer-size"))) {
        bool ok = false;
        const qlonglong size = parser.value(QStringLiteral("max-http-buffer-size")).toLongLong(&ok);
        if (!ok || size < 1 || size > qlonglong(1) << 31) {
            printError(QStringLiteral(
                "--max-http-buffer-size needs a number of bytes between 1 and 2147483648"));
            exitCode = 2;
            return result;
        }
        config.engine.maxHttpBufferSize = size;
    }
    config.http.corsOrigins = parser.values(QStringLiteral("cors-origin"));
    if (parser.isSet(QStringLiteral("transports"))) {
        config.engine.allowPolling = false;
        config.engine.allowWebSocket = false;
        const QStringList names = parser.value(QStringLiteral("transports"))
                                      .split(QLatin1Char(','), Qt::SkipEmptyParts);
        for (const QString &raw : names) {
            const QString name = raw.trimmed();
            if (name == QLatin1String("polling")) {
                config.engine.allowPolling = true;
            } else if (name == QLatin1String("websocket")) {
                config.engine.allowWebSocket = true;
            } else {
                printError(
                    QStringLiteral("unknown transport %1 (use polling, websocket)").arg(name));
                exitCode = 2;
                return result;
            }
        }
        if (!config.engine.allowPolling && !config.engine.allowWebSocket) {
            printError(QStringLiteral("--transports needs at least one transport"));
            exitCode = 2;
            return result;
        }
    }
    if (parser.isSet(QStringLiteral("no-http-compression"))) {
        config.engine.httpCompression = false;
        config.http.compression = false;
    }
    if (!readMilliseconds(parser, QStringLiteral("connect-timeout"), config.io.connectTimeout)
        || !readMilliseconds(parser, QStringLiteral("recovery"), config.io.recoveryWindow)) {
        exitCode = 2;
        return result;
    }
    config.tlsCertificateFile = parser.value(QStringLiteral("tls-cert"));
    config.tlsKeyFile = parser.value(QStringLiteral("tls-key"));
    config.tlsSelfSigned = parser.isSet(QStringLiteral("tls-self-signed"));
    if (parser.isSet(QStringLiteral("tls-cert")) != parser.isSet(QStringLiteral("tls-key"))
        || (parser.isSet(QStringLiteral("tls-cert"))
            && (config.tlsCertificateFile.isEmpty() || config.tlsKeyFile.isEmpty()))) {
        printError(QStringLiteral("--tls-cert and --tls-key go together, each with a file"));
        exitCode = 2;
        return result;
    }
    if (config.tlsSelfSigned && !config.tlsCertificateFile.isEmpty()) {
        printError(QStringLiteral("--tls-self-signed and --tls-cert exclude each other"));
        exitCode = 2;
        return result;
    }
    if (parser.isSet(QStringLiteral("parser"))) {
        const QString name = parser.value(QStringLiteral("parser"));
        const std::optional<sb::sio::ParserKind> kind = sb::sio::parserFromName(name);
        if (!kind) {
            printError(QStringLiteral("unknown parser %1 (available: default, msgpack)").arg(name));
            exitCode = 2;
            return result;
        }
        config.io.parser = *kind;
    }
    config.serveClient = !parser.isSet(QStringLiteral("no-serve-client"));
    if (parser.isSet(QStringLiteral("status-interval"))) {
        bool ok = false;
        const int seconds = parser.value(QStringLiteral("status-interval")).toInt(&ok);
        if (!ok || seconds < 0 || seconds > 86400) {
            printError(
                QStringLiteral("--status-interval needs a number of seconds between 0 and 86400"));
            exitCode = 2;
            return result;
        }
        result.statusInterval = seconds;
    }
    if (!readMilliseconds(parser, QStringLiteral("monitor-interval"), config.monitor.interval)) {
        exitCode = 2;
        return result;
    }
    config.service = QStringLiteral("chat");
    if (parser.isSet(QStringLiteral("service"))) {
        config.service = parser.value(QStringLiteral("service"));
        if (config.service != QLatin1String("echo") && config.service != QLatin1String("chat")) {
            printError(
                QStringLiteral("unknown service %1 (available: chat, echo)").arg(config.service));
            exitCode = 2;
            return result;
        }
    }
    const auto readCount
        = [&](const QString &name, qsizetype low, qsizetype high, qsizetype &target) {
              if (!parser.isSet(name))
                  return true;
              bool ok = false;
              const qlonglong value = parser.value(name).toLongLong(&ok);
              if (!ok || value < low || value > high) {
                  printError(QStringLiteral("--%1 needs a number between %2 and %3")
                                 .arg(name)
                                 .arg(low)
                                 .arg(high));
                  return false;
              }
              target = qsizetype(value);
              return true;
          };
    if (!readCount(QStringLiteral("chat-history"), 0, 10'000, config.chat.historySize)
        || !readCount(QStringLiteral("chat-max-length"), 1, 1'000'000, config.chat.maxTextLength)) {
        exitCode = 2;
        return result;
    }
    config.jwtSecret = parser.isSet(QStringLiteral("jwt-secret"))
        ? parser.value(QStringLiteral("jwt-secret")).toUtf8()
        : qgetenv("SWITCHBOARD_JWT_SECRET");
    if (parser.isSet(QStringLiteral("jwt-secret")) && config.jwtSecret.isEmpty()) {
        printError(QStringLiteral("--jwt-secret needs a non-empty secret"));
        exitCode = 2;
        return result;
    }
    // A secret from the environment fixes the option for this run as the command line would.
    if (!parser.isSet(QStringLiteral("jwt-secret")) && !config.jwtSecret.isEmpty())
        result.givenOptions.append(QStringLiteral("jwt-secret"));
    qsizetype ttl = qsizetype(config.tokenTtl.count());
    if (!readCount(QStringLiteral("token-ttl"), 1, 10LL * 365 * 24 * 3600, ttl)) {
        exitCode = 2;
        return result;
    }
    config.tokenTtl = std::chrono::seconds(ttl);
    if (parser.isSet(QStringLiteral("mint-token"))) {
        result.mintTokenName = parser.value(QStringLiteral("mint-token"));
        if (config.jwtSecret.isEmpty()) {
            printError(QStringLiteral("--mint-token needs the secret the server checks tokens "
                                      "with: give --jwt-secret SECRET (or set "
                                      "SWITCHBOARD_JWT_SECRET)"));
            exitCode = 2;
            return result;
        }
        const QString problem = ChatService::usernameProblem(result.mintTokenName);
        if (!problem.isEmpty()) {
            printError(QStringLiteral("--mint-token: %1").arg(problem));
            exitCode = 2;
            return result;
        }
    }
    for (const QString &name : parser.values(QStringLiteral("namespace"))) {
        const QByteArray nsp
            = name.startsWith(QLatin1Char('/')) ? name.toUtf8() : '/' + name.toUtf8();
        if (nsp.contains(',')) {
            printError(QStringLiteral("a namespace may not contain a comma: %1").arg(name));
            exitCode = 2;
            return result;
        }
        config.serviceNamespaces.append(nsp);
    }
    for (const QString &pattern : parser.values(QStringLiteral("namespace-regex"))) {
        QRegularExpression expression(pattern);
        if (!expression.isValid()) {
            printError(QStringLiteral("invalid --namespace-regex %1: %2")
                           .arg(pattern, expression.errorString()));
            exitCode = 2;
            return result;
        }
        config.serviceNamespacePatterns.append(expression);
    }
    if (parser.isSet(QStringLiteral("redis"))) {
        QString why;
        config.redis
            = sb::cluster::RedisAddress::parse(parser.value(QStringLiteral("redis")), &why);
        if (!config.redis) {
            printError(QStringLiteral("invalid --redis: %1").arg(why));
            exitCode = 2;
            return result;
        }
    }
    if (parser.isSet(QStringLiteral("redis-key"))) {
        config.redisKey = parser.value(QStringLiteral("redis-key")).toUtf8();
        if (config.redisKey.isEmpty() || !config.redis) {
            printError(QStringLiteral("--redis-key needs a non-empty PREFIX and --redis"));
            exitCode = 2;
            return result;
        }
    }
    if ((!config.serviceNamespaces.isEmpty() || !config.serviceNamespacePatterns.isEmpty())
        && config.service != QLatin1String("echo")) {
        printError(QStringLiteral("--namespace and --namespace-regex need --service echo (the "
                                  "chat lives on /)"));
        exitCode = 2;
        return result;
    }
    if (QString why; !readAdminOptions(parser, config, &why)) {
        printError(why);
        exitCode = 2;
        return result;
    }
    return result;
}
