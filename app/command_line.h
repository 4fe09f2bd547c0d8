#pragma once

#include "server_config.h"

#include <QStringList>

#include <chrono>
#include <optional>

struct CommandLine
{
    ServerConfig server;
    bool headless = false;
    // Seconds between two one-line status reports on stdout; nullopt: the default (5 headless,
    // off with a window); 0: off.
    std::optional<int> statusInterval;
    // --mint-token NAME: print a sign-in token for NAME and exit (needs the JWT secret).
    QString mintTokenName;
    // The names of the options given (without dashes: "port", "no-serve-client"), so that the
    // console can show them as fixed for this run.
    QStringList givenOptions;
};

// Parses the arguments. On --help/--version it prints and sets exitCode to 0; on a bad option it
// prints the problem and sets exitCode to 2. Otherwise exitCode stays -1 and the result is usable.
CommandLine parseCommandLine(const QStringList &arguments, int &exitCode);
