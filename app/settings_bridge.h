#pragma once

#include "server_config.h"

#include "ui/server_settings.h"

// The console's plain ServerSettings and the app's ServerConfig, both ways.
namespace settings_bridge {

sb::ui::ServerSettings toSettings(const ServerConfig &config);
// `base` keeps what the settings do not cover (monitor on/off, HTTP details).
ServerConfig toConfig(const sb::ui::ServerSettings &settings, ServerConfig base);
// The settings options named by the command line's given options (CommandLine::givenOptions).
QList<sb::ui::ServerSettings::Option> lockedOptions(const QStringList &givenOptions);
// What a run uses: the saved settings, except where the command line said otherwise.
sb::ui::ServerSettings effective(const sb::ui::ServerSettings &saved,
    const ServerConfig &commandLine, const QList<sb::ui::ServerSettings::Option> &locked);

} // namespace settings_bridge
