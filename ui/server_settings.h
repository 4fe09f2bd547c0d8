#pragma once

#include <QCoreApplication>
#include <QList>
#include <QString>
#include <QStringList>

class QSettings;

namespace sb::ui {

// Every server option the command line has, as plain values the settings dialog edits and
// QSettings keeps. The app converts it to and from its ServerConfig (app/settings_bridge.*); the
// console knows nothing of the server's own option types.
struct ServerSettings
{
    Q_DECLARE_TR_FUNCTIONS(ServerSettings)
public:
    // One per command-line option; key() is both the QSettings key and the option's name.
    enum class Option {
        Port,
        Bind,
        Path,
        RawEnginePath,
        ServeClient,
        Transports,
        Compression,
        CorsOrigins,
        PingInterval,
        PingTimeout,
        UpgradeTimeout,
        ConnectTimeout,
        MaxHttpBufferSize,
        Recovery,
        Service,
        Namespaces,
        NamespacePatterns,
        MonitorInterval,
        ChatHistory,
        ChatMaxLength,
        JwtSecret,
        TokenTtl,
        Redis,
        RedisKey,
    };
    static QList<Option> allOptions();
    // "port", "ping-interval", … (the command line's spelling, without the dashes).
    static QString key(Option option);
    // The option whose command-line name is `name` ("no-serve-client" → ServeClient); false if
    // none.
    static bool optionForCommandLine(const QString &name, Option *option);
    // False for the options a running server picks up at once (the lifetime of new sign-in
    // links); every other one is applied by a restart.
    static bool needsRestart(Option option);

    int port = 3000;
    QString bindAddress; // empty: every interface
    QString path = QStringLiteral("/socket.io/");
    QString rawEnginePath; // empty: none
    bool serveClient = true;
    bool allowPolling = true;
    bool allowWebSocket = true;
    bool compression = true;
    QStringList corsOrigins;
    int pingIntervalMs = 25'000;
    int pingTimeoutMs = 20'000;
    int upgradeTimeoutMs = 10'000;
    int connectTimeoutMs = 45'000;
    qint64 maxHttpBufferSize = 1'000'000;
    int recoveryMs = 0; // 0: off
    QString service; // empty: none; "echo"
    QStringList namespaces; // the service's; empty: "/"
    QStringList namespacePatterns; // regular expressions
    int monitorIntervalMs = 250;
    int chatHistory = 50; // recent messages per room sent to whoever joins; 0: none
    int chatMaxLength = 2000; // characters
    QString jwtSecret; // empty: no sign-in tokens needed
    int tokenTtlSeconds = 24 * 3600; // lifetime of the sign-in links the console makes
    QString redisUrl; // empty: no cluster; redis://HOST:PORT[/DB]
    QString redisKey = QStringLiteral("socket.io");

    // Secrets shorter than this are accepted with a warning: HS256 wants 32 bytes or more.
    static constexpr int ShortSecretBytes = 32;

    // Problems a server could not start with, one sentence each; empty when the settings are
    // usable.
    QStringList validate() const;
    // What a server can start with but the operator should know (a short secret), one sentence
    // each.
    QStringList warnings() const;
    // "/path/" from "path", as the command line does.
    static QString normalisedPath(const QString &path);

    bool sameOption(Option option, const ServerSettings &other) const;
    void copyOption(Option option, const ServerSettings &from);
    // The options whose values differ.
    QList<Option> differences(const ServerSettings &other) const;

    // Group "server"; keys missing from the settings keep the values of `defaults`.
    static ServerSettings load(QSettings &settings, const ServerSettings &defaults);
    // Writes every option but those in `except` (e.g. the ones the command line fixed this run).
    void save(QSettings &settings, const QList<Option> &except = {}) const;

    friend bool operator==(const ServerSettings &, const ServerSettings &) = default;
};

} // namespace sb::ui
