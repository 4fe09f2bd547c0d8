#include "command_line.h"
#include "display_check.h"
#include "host_lifecycle.h"
#include "server_host.h"
#include "settings_bridge.h"
#include "status_line.h"
#include "unix_signals.h"

#include "monitor/server_controller.h"
#include "ui/main_window.h"

#include <QApplication>
#include <QCoreApplication>
#include <QSettings>

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
            || std::strcmp(argv[i], "-h") == 0 || std::strcmp(argv[i], "--version") == 0
            || std::strcmp(argv[i], "-v") == 0)
            return true;
    }
    return false;
}

void printUrls(const ServerHost &host, const ServerConfig &config)
{
    for (const QUrl &url : host.urls())
        std::printf("listening on %s\n", qPrintable(url.toString()));
    std::printf("Socket.IO endpoint: path %s\n", config.path.constData());
    if (!config.rawEnginePath.isEmpty())
        std::printf("raw Engine.IO echo endpoint: path %s\n", config.rawEnginePath.constData());
    std::fflush(stdout);
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

    int exitCode = -1;
    CommandLine commandLine = parseCommandLine(QCoreApplication::arguments(), exitCode);
    if (exitCode >= 0)
        return exitCode;
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
    printUrls(host, commandLine.server);

    HostLifecycle lifecycle(host, settings, locked);
    std::unique_ptr<sb::ui::MainWindow> mainWindow;
    if (window) {
        mainWindow = std::make_unique<sb::ui::MainWindow>(host.controller());
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
