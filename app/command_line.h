#pragma once

#include "server_config.h"

#include <QStringList>

struct CommandLine
{
    ServerConfig server;
    bool headless = false;
};

// Parses the arguments. On --help/--version it prints and sets exitCode to 0; on a bad option it
// prints the problem and sets exitCode to 2. Otherwise exitCode stays -1 and the result is usable.
CommandLine parseCommandLine(const QStringList &arguments, int &exitCode);
