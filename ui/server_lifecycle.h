#pragma once

#include "ui/server_settings.h"

#include <QObject>

namespace sb::ui {

// What the console may ask of whoever owns the embedded server: its settings, and starting it
// again after a stop (possibly with changed settings). Implemented in app/ (HostLifecycle); the
// window never sees the host. The MonitorSource stays the same object across restarts, so the
// views keep following it.
class ServerLifecycle : public QObject
{
    Q_OBJECT
public:
    using QObject::QObject;
    ~ServerLifecycle() override = default;

    // The settings the server runs (or last ran) with.
    virtual ServerSettings settings() const = 0;
    // Options given on the command line: they win over saved ones for this run and the dialog
    // shows them read-only.
    virtual QList<ServerSettings::Option> commandLineOptions() const = 0;
    virtual bool isRunning() const = 0;
    // Keeps `settings` for the next start and saves the options not fixed by the command line.
    virtual void setSettings(const ServerSettings &settings) = 0;
    // Starts the server with the current settings; a running one is stopped first. Answered by
    // started() or startFailed().
    virtual void start() = 0;

Q_SIGNALS:
    void started();
    void startFailed(const QString &error);
    // setSettings() kept new settings (what applies without a restart may follow at once).
    void settingsChanged();
};

} // namespace sb::ui
