#include "host_lifecycle.h"

#include "server_host.h"
#include "settings_bridge.h"

#include <QSettings>

HostLifecycle::HostLifecycle(ServerHost &host, sb::ui::ServerSettings settings,
    QList<sb::ui::ServerSettings::Option> locked, QObject *parent)
    : sb::ui::ServerLifecycle(parent)
    , m_host(host)
    , m_settings(std::move(settings))
    , m_locked(std::move(locked))
{
    connect(&m_host, &ServerHost::stopped, this, [this] {
        if (std::exchange(m_restartPending, false))
            startNow();
    });
}

bool HostLifecycle::isRunning() const
{
    return m_host.isRunning();
}

void HostLifecycle::setSettings(const sb::ui::ServerSettings &settings)
{
    m_settings = settings;
    QSettings stored;
    settings.save(stored, m_locked);
    Q_EMIT settingsChanged();
}

void HostLifecycle::start()
{
    if (m_host.isRunning()) {
        // Restart: once the running server has stopped (every client told), start anew.
        m_restartPending = true;
        m_host.stopAsync();
        return;
    }
    startNow();
}

void HostLifecycle::startNow()
{
    m_host.setConfig(settings_bridge::toConfig(m_settings, m_host.config()));
    QString error;
    if (m_host.start(&error))
        Q_EMIT started();
    else
        Q_EMIT startFailed(error);
}
