#include "settings_bridge.h"

#include <algorithm>
#include <limits>

namespace settings_bridge {

using sb::ui::ServerSettings;

namespace {

int toMs(std::chrono::milliseconds value)
{
    return int(std::min<qint64>(value.count(), std::numeric_limits<int>::max()));
}

} // namespace

ServerSettings toSettings(const ServerConfig &config)
{
    ServerSettings s;
    s.port = config.port;
    s.bindAddress = config.bindAddress == QHostAddress(QHostAddress::Any)
        ? QString()
        : config.bindAddress.toString();
    s.path = QString::fromUtf8(config.path);
    s.rawEnginePath = QString::fromUtf8(config.rawEnginePath);
    s.serveClient = config.serveClient;
    s.allowPolling = config.engine.allowPolling;
    s.allowWebSocket = config.engine.allowWebSocket;
    s.compression = config.engine.httpCompression && config.http.compression;
    s.corsOrigins = config.http.corsOrigins;
    s.pingIntervalMs = toMs(config.engine.pingInterval);
    s.pingTimeoutMs = toMs(config.engine.pingTimeout);
    s.upgradeTimeoutMs = toMs(config.engine.upgradeTimeout);
    s.connectTimeoutMs = toMs(config.io.connectTimeout);
    s.maxHttpBufferSize = config.engine.maxHttpBufferSize;
    s.recoveryMs = toMs(config.io.recoveryWindow);
    s.service = config.service;
    for (const QByteArray &nsp : config.serviceNamespaces)
        s.namespaces.append(QString::fromUtf8(nsp));
    for (const QRegularExpression &pattern : config.serviceNamespacePatterns)
        s.namespacePatterns.append(pattern.pattern());
    s.monitorIntervalMs = toMs(config.monitor.interval);
    s.chatHistory = int(config.chat.historySize);
    s.chatMaxLength = int(config.chat.maxTextLength);
    s.jwtSecret = QString::fromUtf8(config.jwtSecret);
    s.tokenTtlSeconds = int(config.tokenTtl.count());
    s.redisUrl = config.redis ? config.redis->toString() : QString();
    s.redisKey = QString::fromUtf8(config.redisKey);
    return s;
}

ServerConfig toConfig(const ServerSettings &s, ServerConfig config)
{
    config.port = quint16(s.port);
    config.bindAddress
        = s.bindAddress.isEmpty() ? QHostAddress(QHostAddress::Any) : QHostAddress(s.bindAddress);
    config.path = ServerSettings::normalisedPath(s.path).toUtf8();
    config.rawEnginePath = s.rawEnginePath.isEmpty()
        ? QByteArray()
        : ServerSettings::normalisedPath(s.rawEnginePath).toUtf8();
    config.serveClient = s.serveClient;
    config.engine.allowPolling = s.allowPolling;
    config.engine.allowWebSocket = s.allowWebSocket;
    config.engine.httpCompression = s.compression;
    config.http.compression = s.compression;
    config.http.corsOrigins = s.corsOrigins;
    config.engine.pingInterval = std::chrono::milliseconds(s.pingIntervalMs);
    config.engine.pingTimeout = std::chrono::milliseconds(s.pingTimeoutMs);
    config.engine.upgradeTimeout = std::chrono::milliseconds(s.upgradeTimeoutMs);
    config.io.connectTimeout = std::chrono::milliseconds(s.connectTimeoutMs);
    config.engine.maxHttpBufferSize = s.maxHttpBufferSize;
    config.io.recoveryWindow = std::chrono::milliseconds(s.recoveryMs);
    config.service = s.service;
    config.serviceNamespaces.clear();
    for (const QString &nsp : s.namespaces)
        config.serviceNamespaces.append(nsp.toUtf8());
    config.serviceNamespacePatterns.clear();
    for (const QString &pattern : s.namespacePatterns)
        config.serviceNamespacePatterns.append(QRegularExpression(pattern));
    config.monitor.interval = std::chrono::milliseconds(s.monitorIntervalMs);
    config.chat.historySize = s.chatHistory;
    config.chat.maxTextLength = s.chatMaxLength;
    config.jwtSecret = s.jwtSecret.toUtf8();
    config.tokenTtl = std::chrono::seconds(s.tokenTtlSeconds);
    // validate() accepted the URL by the same rules as the cluster layer's parser.
    config.redis
        = s.redisUrl.isEmpty() ? std::nullopt : sb::cluster::RedisAddress::parse(s.redisUrl);
    config.redisKey = s.redisKey.toUtf8();
    return config;
}

QList<ServerSettings::Option> lockedOptions(const QStringList &givenOptions)
{
    QList<ServerSettings::Option> locked;
    for (const QString &name : givenOptions) {
        ServerSettings::Option option;
        if (ServerSettings::optionForCommandLine(name, &option) && !locked.contains(option))
            locked.append(option);
    }
    return locked;
}

ServerSettings effective(const ServerSettings &saved, const ServerConfig &commandLine,
    const QList<ServerSettings::Option> &locked)
{
    ServerSettings result = saved;
    const ServerSettings given = toSettings(commandLine);
    for (ServerSettings::Option option : locked)
        result.copyOption(option, given);
    return result;
}

} // namespace settings_bridge
