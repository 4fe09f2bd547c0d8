#include "ui/server_settings.h"

#include <QHostAddress>
#include <QRegularExpression>
#include <QSettings>
#include <QUrl>
#include <QVariant>

using namespace Qt::StringLiterals;

namespace sb::ui {

namespace {

constexpr int MaxMilliseconds = 24 * 3600 * 1000;
// The command line's bounds (app/command_line.cpp).
constexpr int MaxChatHistory = 10'000;
constexpr int MaxChatLength = 1'000'000;
constexpr int MaxTokenTtl = 10 * 365 * 24 * 3600;

// Why `text` is not a redis://HOST:PORT[/DB] URL (empty when it is). The same rules as the
// cluster layer's parser, which the console does not link.
QString redisProblem(const QString &text)
{
    const QUrl url(text, QUrl::StrictMode);
    if (!url.isValid() || url.scheme() != u"redis"_s || url.host().isEmpty())
        return ServerSettings::tr("The Redis address must look like redis://HOST:PORT/DB, not "
                                  "\"%1\".")
            .arg(text);
    if (url.port(6379) <= 0)
        return ServerSettings::tr("The Redis address \"%1\" has a bad port.").arg(text);
    QString path = url.path();
    if (path.startsWith(u'/'))
        path.remove(0, 1);
    bool ok = true;
    if (!path.isEmpty() && (path.toInt(&ok) < 0 || !ok))
        return ServerSettings::tr("The Redis address \"%1\" has a bad database number.").arg(text);
    return {};
}

// One option as a QVariant: what QSettings stores and what comparing and copying use.
QVariant valueOf(const ServerSettings &s, ServerSettings::Option option)
{
    using O = ServerSettings::Option;
    switch (option) {
    case O::Port:
        return s.port;
    case O::Bind:
        return s.bindAddress;
    case O::Path:
        return s.path;
    case O::RawEnginePath:
        return s.rawEnginePath;
    case O::ServeClient:
        return s.serveClient;
    case O::Transports: {
        QStringList names;
        if (s.allowPolling)
            names.append(u"polling"_s);
        if (s.allowWebSocket)
            names.append(u"websocket"_s);
        return names;
    }
    case O::Compression:
        return s.compression;
    case O::CorsOrigins:
        return s.corsOrigins;
    case O::PingInterval:
        return s.pingIntervalMs;
    case O::PingTimeout:
        return s.pingTimeoutMs;
    case O::UpgradeTimeout:
        return s.upgradeTimeoutMs;
    case O::ConnectTimeout:
        return s.connectTimeoutMs;
    case O::MaxHttpBufferSize:
        return s.maxHttpBufferSize;
    case O::Recovery:
        return s.recoveryMs;
    case O::Service:
        return s.service;
    case O::Namespaces:
        return s.namespaces;
    case O::NamespacePatterns:
        return s.namespacePatterns;
    case O::MonitorInterval:
        return s.monitorIntervalMs;
    case O::ChatHistory:
        return s.chatHistory;
    case O::ChatMaxLength:
        return s.chatMaxLength;
    case O::JwtSecret:
        return s.jwtSecret;
    case O::TokenTtl:
        return s.tokenTtlSeconds;
    case O::Redis:
        return s.redisUrl;
    case O::RedisKey:
        return s.redisKey;
    }
    return {};
}

void setValueOf(ServerSettings &s, ServerSettings::Option option, const QVariant &value)
{
    using O = ServerSettings::Option;
    switch (option) {
    case O::Port:
        s.port = value.toInt();
        break;
    case O::Bind:
        s.bindAddress = value.toString();
        break;
    case O::Path:
        s.path = value.toString();
        break;
    case O::RawEnginePath:
        s.rawEnginePath = value.toString();
        break;
    case O::ServeClient:
        s.serveClient = value.toBool();
        break;
    case O::Transports: {
        const QStringList names = value.toStringList();
        s.allowPolling = names.contains(u"polling"_s);
        s.allowWebSocket = names.contains(u"websocket"_s);
        break;
    }
    case O::Compression:
        s.compression = value.toBool();
        break;
    case O::CorsOrigins:
        s.corsOrigins = value.toStringList();
        break;
    case O::PingInterval:
        s.pingIntervalMs = value.toInt();
        break;
    case O::PingTimeout:
        s.pingTimeoutMs = value.toInt();
        break;
    case O::UpgradeTimeout:
        s.upgradeTimeoutMs = value.toInt();
        break;
    case O::ConnectTimeout:
        s.connectTimeoutMs = value.toInt();
        break;
    case O::MaxHttpBufferSize:
        s.maxHttpBufferSize = value.toLongLong();
        break;
    case O::Recovery:
        s.recoveryMs = value.toInt();
        break;
    case O::Service:
        s.service = value.toString();
        break;
    case O::Namespaces:
        s.namespaces = value.toStringList();
        break;
    case O::NamespacePatterns:
        s.namespacePatterns = value.toStringList();
        break;
    case O::MonitorInterval:
        s.monitorIntervalMs = value.toInt();
        break;
    case O::ChatHistory:
        s.chatHistory = value.toInt();
        break;
    case O::ChatMaxLength:
        s.chatMaxLength = value.toInt();
        break;
    case O::JwtSecret:
        s.jwtSecret = value.toString();
        break;
    case O::TokenTtl:
        s.tokenTtlSeconds = value.toInt();
        break;
    case O::Redis:
        s.redisUrl = value.toString();
        break;
    case O::RedisKey:
        s.redisKey = value.toString();
        break;
    }
}

} // namespace

QList<ServerSettings::Option> ServerSettings::allOptions()
{
    using O = Option;
    return {O::Port, O::Bind, O::Path, O::RawEnginePath, O::ServeClient, O::Transports,
        O::Compression, O::CorsOrigins, O::PingInterval, O::PingTimeout, O::UpgradeTimeout,
        O::ConnectTimeout, O::MaxHttpBufferSize, O::Recovery, O::Service, O::Namespaces,
        O::NamespacePatterns, O::MonitorInterval, O::ChatHistory, O::ChatMaxLength, O::JwtSecret,
        O::TokenTtl, O::Redis, O::RedisKey};
}

QString ServerSettings::key(Option option)
{
    using O = Option;
    switch (option) {
    case O::Port:
        return u"port"_s;
    case O::Bind:
        return u"bind"_s;
    case O::Path:
        return u"path"_s;
    case O::RawEnginePath:
        return u"raw-engine-path"_s;
    case O::ServeClient:
        return u"serve-client"_s;
    case O::Transports:
        return u"transports"_s;
    case O::Compression:
        return u"http-compression"_s;
    case O::CorsOrigins:
        return u"cors-origin"_s;
    case O::PingInterval:
        return u"ping-interval"_s;
    case O::PingTimeout:
        return u"ping-timeout"_s;
    case O::UpgradeTimeout:
        return u"upgrade-timeout"_s;
    case O::ConnectTimeout:
        return u"connect-timeout"_s;
    case O::MaxHttpBufferSize:
        return u"max-http-buffer-size"_s;
    case O::Recovery:
        return u"recovery"_s;
    case O::Service:
        return u"service"_s;
    case O::Namespaces:
        return u"namespace"_s;
    case O::NamespacePatterns:
        return u"namespace-regex"_s;
    case O::MonitorInterval:
        return u"monitor-interval"_s;
    case O::ChatHistory:
        return u"chat-history"_s;
    case O::ChatMaxLength:
        return u"chat-max-length"_s;
    case O::JwtSecret:
        return u"jwt-secret"_s;
    case O::TokenTtl:
        return u"token-ttl"_s;
    case O::Redis:
        return u"redis"_s;
    case O::RedisKey:
        return u"redis-key"_s;
    }
    return {};
}

bool ServerSettings::optionForCommandLine(const QString &name, Option *option)
{
    QString key = name;
    if (name == u"no-serve-client"_s)
        key = u"serve-client"_s;
    else if (name == u"no-http-compression"_s)
        key = u"http-compression"_s;
    for (Option candidate : allOptions()) {
        if (ServerSettings::key(candidate) == key) {
            *option = candidate;
            return true;
        }
    }
    return false;
}

bool ServerSettings::needsRestart(Option option)
{
    return option != Option::TokenTtl;
}

QString ServerSettings::normalisedPath(const QString &path)
{
    QString result = path.trimmed();
    if (!result.startsWith(u'/'))
        result.prepend(u'/');
    if (!result.endsWith(u'/'))
        result.append(u'/');
    return result;
}

QStringList ServerSettings::validate() const
{
    QStringList problems;
    if (port < 0 || port > 65535)
        problems.append(tr("The port must be between 0 and 65535 (0 picks a free one)."));
    if (!bindAddress.isEmpty() && QHostAddress(bindAddress).isNull())
        problems.append(tr("The bind address \"%1\" is not an IP address.").arg(bindAddress));
    if (path.trimmed().isEmpty() || path.contains(u' '))
        problems.append(tr("The Socket.IO path must be non-empty and contain no spaces."));
    if (!rawEnginePath.isEmpty() && normalisedPath(rawEnginePath) == normalisedPath(path))
        problems.append(tr("The raw Engine.IO path must differ from the Socket.IO path."));
    if (!allowPolling && !allowWebSocket)
        problems.append(tr("At least one transport (polling or WebSocket) must be allowed."));
    const auto checkMs = [&problems](int value, const QString &name) {
        if (value < 1 || value > MaxMilliseconds)
            problems.append(tr("%1 must be between 1 and %2 ms.").arg(name).arg(MaxMilliseconds));
    };
    checkMs(pingIntervalMs, tr("The heartbeat interval"));
    checkMs(pingTimeoutMs, tr("The heartbeat timeout"));
    checkMs(upgradeTimeoutMs, tr("The upgrade timeout"));
    checkMs(connectTimeoutMs, tr("The connect timeout"));
    checkMs(monitorIntervalMs, tr("The monitor interval"));
    if (recoveryMs < 0 || recoveryMs > MaxMilliseconds)
        problems.append(
            tr("The recovery window must be between 0 (off) and %1 ms.").arg(MaxMilliseconds));
    if (maxHttpBufferSize < 1 || maxHttpBufferSize > (qint64(1) << 31))
        problems.append(tr("The buffer size must be between 1 and 2147483648 bytes."));
    for (const QString &origin : corsOrigins) {
        if (origin.trimmed().isEmpty() || origin.contains(u' '))
            problems.append(tr("The CORS origin \"%1\" is not valid (no spaces).").arg(origin));
    }
    if (!service.isEmpty() && service != u"echo"_s && service != u"chat"_s)
        problems.append(tr("Unknown service \"%1\" (available: chat, echo).").arg(service));
    if (service != u"echo"_s && (!namespaces.isEmpty() || !namespacePatterns.isEmpty()))
        problems.append(tr(
            "Namespaces and namespace patterns are for the echo service (the chat lives on /)."));
    for (const QString &nsp : namespaces) {
        if (nsp.trimmed().isEmpty() || nsp.contains(u',') || nsp.contains(u' '))
            problems.append(
                tr("The namespace \"%1\" is not valid (no commas or spaces).").arg(nsp));
    }
    for (const QString &pattern : namespacePatterns) {
        const QRegularExpression expression(pattern);
        if (!expression.isValid())
            problems.append(
                tr("The namespace pattern \"%1\" is not a valid regular expression: %2 (at %3).")
                    .arg(pattern, expression.errorString())
                    .arg(expression.patternErrorOffset()));
    }
    if (chatHistory < 0 || chatHistory > MaxChatHistory)
        problems.append(
            tr("The chat history must be between 0 (none) and %1 messages.").arg(MaxChatHistory));
    if (chatMaxLength < 1 || chatMaxLength > MaxChatLength)
        problems.append(
            tr("The longest chat message must be between 1 and %1 characters.").arg(MaxChatLength));
    if (tokenTtlSeconds < 1 || tokenTtlSeconds > MaxTokenTtl)
        problems.append(
            tr("The token lifetime must be between 1 and %1 seconds.").arg(MaxTokenTtl));
    if (!redisUrl.isEmpty()) {
        if (const QString why = redisProblem(redisUrl); !why.isEmpty())
            problems.append(why);
        if (redisKey.isEmpty())
            problems.append(tr("The Redis key prefix may not be empty."));
    }
    return problems;
}

QStringList ServerSettings::warnings() const
{
    QStringList result;
    if (!jwtSecret.isEmpty() && jwtSecret.toUtf8().size() < ShortSecretBytes)
        result.append(tr("The JWT secret is shorter than %1 bytes: it is easier to guess, and "
                         "whoever knows it can sign tokens for any name.")
                          .arg(ShortSecretBytes));
    if (jwtSecret.trimmed() != jwtSecret)
        result.append(tr("The JWT secret starts or ends with a space, which is easily lost when "
                         "it is copied."));
    return result;
}

bool ServerSettings::sameOption(Option option, const ServerSettings &other) const
{
    return valueOf(*this, option) == valueOf(other, option);
}

void ServerSettings::copyOption(Option option, const ServerSettings &from)
{
    setValueOf(*this, option, valueOf(from, option));
}

QList<ServerSettings::Option> ServerSettings::differences(const ServerSettings &other) const
{
    QList<Option> result;
    for (Option option : allOptions()) {
        if (!sameOption(option, other))
            result.append(option);
    }
    return result;
}

ServerSettings ServerSettings::load(QSettings &settings, const ServerSettings &defaults)
{
    ServerSettings result = defaults;
    settings.beginGroup(u"server"_s);
    for (Option option : allOptions()) {
        if (settings.contains(key(option)))
            setValueOf(result, option, settings.value(key(option)));
    }
    settings.endGroup();
    return result;
}

void ServerSettings::save(QSettings &settings, const QList<Option> &except) const
{
    settings.beginGroup(u"server"_s);
    for (Option option : allOptions())
        if (!except.contains(option))
            settings.setValue(key(option), valueOf(*this, option));
    settings.endGroup();
}

} // namespace sb::ui
