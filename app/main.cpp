#include "chat_preview.h"
#include "chat_service.h"
#include "command_line.h"
#include "display_check.h"
#include "host_lifecycle.h"
#include "jwt.h"
#include "qr_text.h"
#include "self_signed_certificate.h"
#include "server_host.h"
#include "settings_bridge.h"
#include "status_line.h"
#include "tls_setup.h"
#include "unix_signals.h"

#include "monitor/server_controller.h"
#include "ui/main_window.h"
#include "ui/share_panel.h"
#include "ui/translation.h"

#include <QApplication>
#include <QCoreApplication>
#include <QDockWidget>
#include <QHostAddress>
#include <QSettings>

#include <unistd.h>

#include <cstdio>
#include <cstring>
#include <memory>

namespace {

void setNames()
{
    QCoreApplication::setApplicationName(QStringLiteral("switchboard"));
    QCoreApplication::setApplicationVersion(QStringLiteral(SWITCHBOARD_VERSION));
    QCoreApplication::setOrganizationName(QStringLiteral("Switchboard"));
}

bool asksForHeadless(int argc, char *argv[])
{
    for (int i = 1; i < argc; ++i) {
        if (std::strcmp(argv[i], "--headless") == 0 || std::strcmp(argv[i], "--help") == 0
            || std::strncmp(argv[i], "--mint-token", 12) == 0 || std::strcmp(argv[i], "-h") == 0
            || std::strcmp(argv[i], "--version") == 0 || std::strcmp(argv[i], "-v") == 0)
            return true;
    }
    return false;
}

// The URL to hand out: the first one a phone on the LAN can reach (loopback only as a last resort).
QUrl mainUrl(const QList<QUrl> &urls)
{
    for (const QUrl &url : urls) {
        if (!QHostAddress(url.host()).isLoopback())
            return url;
    }
    return urls.value(0);
}

void printUrls(const ServerHost &host, const ServerConfig &config, const TlsSetup &tls)
{
    for (const QUrl &url : host.urls())
        std::printf("listening on %s\n", qPrintable(url.toString()));
    if (tls.enabled) {
        std::printf("TLS certificate: %s%s\n", qPrintable(tls.certificateFile),
            !tls.selfSigned   ? ""
                : tls.created ? " (self-signed, made now)"
                              : " (self-signed)");
        // What LAN users compare with the one their browser shows before they trust it.
        std::printf("TLS certificate SHA-256 fingerprint: %s\n", qPrintable(tls.fingerprint));
    }
    if (config.service == QLatin1String("chat")) {
        const QUrl url = mainUrl(host.urls());
        std::printf("chat page: %s\n", qPrintable(url.toString()));
        // The QR code only for a person at a terminal, not for scripts reading the output.
        if (::isatty(STDOUT_FILENO))
            std::fputs(qrTerminalText(url.toString().toUtf8()).toUtf8().constData(), stdout);
    }
    std::printf("Socket.IO endpoint: path %s\n", config.path.constData());
    if (!config.rawEnginePath.isEmpty())
        std::printf("raw Engine.IO echo endpoint: path %s\n", config.rawEnginePath.constData());
    std::fflush(stdout);
}

// The QR code and the token form of the run the host has (again) started. The console cannot
// sign tokens itself (ui does not depend on app, and the secret stays here): it is handed a
// function that does, with this run's secret.
void updateSharePanel(sb::ui::SharePanel &panel, const ServerHost &host)
{
    panel.setUrl(mainUrl(host.urls()));
    const QByteArray secret = host.config().jwtSecret;
    if (secret.isEmpty()) {
        panel.setTokenMinter({});
        return;
    }
    panel.setTokenMinter([secret](const QString &name, std::chrono::seconds ttl) {
        return ChatService::usernameProblem(name).isEmpty() ? Jwt::mint(name, ttl, secret)
                                                            : QByteArray();
    });
}

sb::ui::SharePanel *addShareDock(
    QMainWindow &window, const ServerHost &host, const QString &tlsFingerprint)
{
    auto *panel = new sb::ui::SharePanel;
    panel->setTlsFingerprint(tlsFingerprint);
    updateSharePanel(*panel, host);
    panel->setValidity(host.config().tokenTtl);
    auto *dock = new QDockWidget(QCoreApplication::translate("main", "Share"), &window);
    dock->setObjectName(QStringLiteral("shareDock"));
    dock->setWidget(panel);
    window.addDockWidget(Qt::RightDockWidgetArea, dock);
    return panel;
}

} // namespace

int main(int argc, char *argv[])
{
    // Debian's Qt defaults to the glib dispatcher, which finds socket notifiers by linear search:
    // with many connections the Unix dispatcher is several times faster (stack-notes.md).
    qputenv("QT_NO_GLIB", "1");
    const bool wantsWindow = !asksForHeadless(argc, argv);
    const bool window = wantsWindow && displayAvailable();
    std::unique_ptr<QCoreApplication> app = window ? std::make_unique<QApplication>(argc, argv)
                                                   : std::make_unique<QCoreApplication>(argc, argv);
    setNames();
    if (window) // before any widget: they are built in the chosen language
        sb::ui::installTranslations(*app, sb::ui::savedLanguage());

    int exitCode = -1;
    CommandLine commandLine = parseCommandLine(QCoreApplication::arguments(), exitCode);
    if (exitCode >= 0)
        return exitCode;
    if (!commandLine.mintTokenName.isEmpty()) {
        // For scripts: the token alone on one line.
        const QByteArray token = Jwt::mint(
            commandLine.mintTokenName, commandLine.server.tokenTtl, commandLine.server.jwtSecret);
        std::printf("%s\n", token.constData());
        return 0;
    }
    const auto tls = setUpTls(commandLine.server, SelfSignedCertificate::defaultDirectory());
    if (!tls) {
        std::fprintf(stderr, "switchboard: %s\n", qPrintable(tls.error()));
        return 2;
    }
    if (!tls->replacedBecause.isEmpty())
        std::fprintf(stderr, "switchboard: made a new self-signed certificate: %s\n",
            qPrintable(tls->replacedBecause));
    if (wantsWindow && !window) {
        std::fprintf(stderr,
            "switchboard: no display available (DISPLAY, WAYLAND_DISPLAY and QT_QPA_PLATFORM are "
            "unset); running headless.\n");
    }
    // The status line: every 5 s headless by default; with a window only when asked for.
    const int statusSeconds = commandLine.statusInterval.value_or(window ? 0 : 5);
    commandLine.server.monitored = window || statusSeconds > 0;
    // With a window the settings saved from the console apply, except where the command line
    // says otherwise; headless runs follow the command line alone (scripts rely on that).
    const QList<sb::ui::ServerSettings::Option> locked
        = settings_bridge::lockedOptions(commandLine.givenOptions);
    sb::ui::ServerSettings settings = settings_bridge::toSettings(commandLine.server);
    if (window) {
        QSettings stored;
        settings = settings_bridge::effective(
            sb::ui::ServerSettings::load(stored, settings_bridge::toSettings(ServerConfig{})),
            commandLine.server, locked);
        if (const QStringList problems = settings.validate(); !problems.isEmpty()) {
            std::fprintf(stderr, "switchboard: ignoring the saved settings: %s\n",
                qPrintable(problems.join(QLatin1Char(' '))));
            settings = settings_bridge::toSettings(commandLine.server);
        }
        commandLine.server = settings_bridge::toConfig(settings, commandLine.server);
    }

    ServerHost host(commandLine.server);
    // Before the server listens: whoever reads "listening on" may signal at once (a signal that
    // comes before the handler kills the process, uncleanly).
    UnixSignalWatcher signals;
    bool quitting = false;
    QObject::connect(
        &signals, &UnixSignalWatcher::terminationRequested, app.get(), [&](int number) {
            std::printf("signal %d: shutting down\n", number);
            std::fflush(stdout);
            quitting = true;
            if (host.isRunning())
                host.stopAsync();
            else
                QCoreApplication::quit();
        });
    QString error;
    if (!host.start(&error)) {
        std::fprintf(stderr, "switchboard: cannot listen on port %u: %s\n",
            unsigned(commandLine.server.port), qPrintable(error));
        return 1;
    }
    printUrls(host, commandLine.server, *tls);

    HostLifecycle lifecycle(host, settings, locked);
    std::unique_ptr<sb::ui::MainWindow> mainWindow;
    if (window) {
        mainWindow = std::make_unique<sb::ui::MainWindow>(host.controller());
        chat_preview::install(*mainWindow, host, lifecycle);
        if (commandLine.server.service == QLatin1String("chat")) {
            sb::ui::SharePanel *panel = addShareDock(*mainWindow, host, tls->fingerprint);
            // A start with new settings may bring a new port or secret; the token lifetime
            // applies as soon as it is saved.
            QObject::connect(&lifecycle, &HostLifecycle::started, panel,
                [&host, panel] { updateSharePanel(*panel, host); });
            QObject::connect(
                &lifecycle, &HostLifecycle::settingsChanged, panel, [&lifecycle, panel] {
                    panel->setValidity(std::chrono::seconds(lifecycle.settings().tokenTtlSeconds));
                });
        }
        mainWindow->setTlsFingerprint(tls->fingerprint);
        mainWindow->setLifecycle(&lifecycle);
        mainWindow->show();
    }
    std::unique_ptr<StatusLine> status;
    if (statusSeconds > 0) {
        status
            = std::make_unique<StatusLine>(host.controller(), std::chrono::seconds(statusSeconds),
                window ? QStringLiteral("gui") : QStringLiteral("main"));
    }

    // Headless, or a signal: the process ends with the server. With a window, a server stopped
    // from the console leaves the window open (it shows the stopped state).
    QObject::connect(&host, &ServerHost::stopped, app.get(), [&] {
        if (!window || quitting)
            QCoreApplication::quit();
    });
    if (window) {
        // Closing the window stops the server first, asynchronously.
        QApplication::setQuitOnLastWindowClosed(false);
        QObject::connect(qApp, &QGuiApplication::lastWindowClosed, app.get(), [&] {
            quitting = true;
            if (host.isRunning())
                host.stopAsync();
            else
                QCoreApplication::quit();
        });
    }
    return QCoreApplication::exec();
}
