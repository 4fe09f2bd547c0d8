#pragma once

#include "server_config.h"

class QCommandLineParser;

// The admin UI's options (--admin-ui and --admin-*), kept apart from the rest of the command line.
void addAdminOptions(QCommandLineParser &parser);
// Fills config.admin when --admin-ui is given; false with the problem in `error` otherwise.
bool readAdminOptions(const QCommandLineParser &parser, ServerConfig &config, QString *error);
