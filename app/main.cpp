#include "command_line.h"
#include "server_host.h"
#include "unix_signals.h"

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
    const CommandLine commandLine = parseCommandLine(QCoreApplication::arguments(), exitCode);
    if (exitCode >= 0)
        return exitCode;
    if (!commandLine.headless) {
        std::fprintf(
            stderr, "switchboard: the operator console is not built yet; running headless.\n");
    }

    ServerHost host(commandLine.server);
    // Before the server listens: whoever reads "listening on" may signal at once (a signal that
    // comes before the handler kills the process, uncleanly).
    UnixSignalWatcher signals;
    QObject::connect(&signals, &UnixSignalWatcher::terminationRequested, &app, [&](int number) {
        std::printf("signal %d: shutting down\n", number);
        std::fflush(stdout);
        host.stop();
        QCoreApplication::quit();
    });
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

    return QCoreApplication::exec();
}
