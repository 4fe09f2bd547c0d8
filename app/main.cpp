#include "command_line.h"
#include "server_host.h"
#include "status_line.h"
#include "unix_signals.h"

#include "monitor/server_controller.h"

#include <QCoreApplication>

#include <cstdio>

int main(int argc, char *argv[])
{
    // Debian's Qt defaults to the glib dispatcher, which finds socket notifiers by linear search:
    // with many connections the Unix dispatcher is several times faster (stack-notes.md).
    qputenv("QT_NO_GLIB", "1");
    QCoreApplication app(argc, argv);
    QCoreApplication::setApplicationName(QStringLiteral("switchboard"));
    QCoreApplication::setApplicationVersion(QStringLiteral(SWITCHBOARD_VERSION));
    QCoreApplication::setOrganizationName(QStringLiteral("Switchboard"));

    int exitCode = -1;
    CommandLine commandLine = parseCommandLine(QCoreApplication::arguments(), exitCode);
    if (exitCode >= 0)
        return exitCode;
    if (!commandLine.headless) {
        std::fprintf(
            stderr, "switchboard: the operator console is not built yet; running headless.\n");
    }
    const int statusSeconds = commandLine.statusInterval.value_or(5);
    commandLine.server.monitored = statusSeconds > 0;

    ServerHost host(commandLine.server);
    QString error;
    if (!host.start(&error)) {
        std::fprintf(stderr, "switchboard: cannot listen on port %u: %s\n",
            unsigned(commandLine.server.port), qPrintable(error));
        return 1;
    }
    for (const QUrl &url : host.urls())
        std::printf("listening on %s\n", qPrintable(url.toString()));
    std::printf("Socket.IO endpoint: path %s\n", commandLine.server.path.constData());
    if (!commandLine.server.rawEnginePath.isEmpty())
        std::printf(
            "raw Engine.IO echo endpoint: path %s\n", commandLine.server.rawEnginePath.constData());
    std::fflush(stdout);

    std::unique_ptr<StatusLine> status;
    if (statusSeconds > 0) {
        status = std::make_unique<StatusLine>(
            host.controller(), std::chrono::seconds(statusSeconds), QStringLiteral("main"));
    }

    UnixSignalWatcher signals;
    QObject::connect(&signals, &UnixSignalWatcher::terminationRequested, &app, [&](int number) {
        std::printf("signal %d: shutting down\n", number);
        std::fflush(stdout);
        host.stopAsync();
    });
    QObject::connect(&host, &ServerHost::stopped, &app, &QCoreApplication::quit);
    return QCoreApplication::exec();
}
