#pragma once

#include "ui/server_lifecycle.h"

class ServerHost;

// The console's ServerLifecycle for the embedded server: keeps the settings (saving them with
// QSettings, except what the command line fixed) and starts the host again with them. The host's
// controller is the same object across restarts, so the window keeps following it.
class HostLifecycle final : public sb::ui::ServerLifecycle
{
    Q_OBJECT
public:
    // `settings` is what the host was configured with; `locked` what the command line set.
    HostLifecycle(ServerHost &host, sb::ui::ServerSettings settings,
        QList<sb::ui::ServerSettings::Option> locked, QObject *parent = nullptr);

    sb::ui::ServerSettings settings() const override { return m_settings; }
    QList<sb::ui::ServerSettings::Option> commandLineOptions() const override { return m_locked; }
    bool isRunning() const override;
    void setSettings(const sb::ui::ServerSettings &settings) override;
    void start() override;

private:
    void startNow();

    ServerHost &m_host;
    sb::ui::ServerSettings m_settings;
    QList<sb::ui::ServerSettings::Option> m_locked;
    bool m_restartPending = false;
};
