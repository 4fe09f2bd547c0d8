#pragma once

#include "server_config.h"

#include <QObject>
#include <QThread>
#include <QUrl>

#include <memory>

class ServerRuntime;
namespace sb::monitor {
class ServerController;
}

// Runs the server on its own thread. Every network object lives on that thread and is created
// there; the caller's thread only starts and stops it, and watches it through the controller.
class ServerHost final : public QObject
{
    Q_OBJECT
public:
    explicit ServerHost(ServerConfig config, QObject *parent = nullptr);
    ~ServerHost() override;

    // Starts the thread and listens (again after a stop: the controller stays the same object);
    // blocks until the listener is up or has failed (a bind is
    // quick: no handshake or I/O is waited for).
    bool start(QString *error);
    // Stops asynchronously: every socket is told, the listener closes, the thread ends, then
    // stopped() is emitted. Never blocks the calling thread.
    void stopAsync();
    // Drains first (see ServerRuntime::drain), reporting drainProgress, then stops as stopAsync.
    void drainAsync(std::chrono::milliseconds deadline);
    // Stops and waits for the thread to end (at exit, headless).
    void stop();
    bool isRunning() const { return m_thread.isRunning(); }

    QList<QUrl> urls() const { return m_urls; }
    quint16 port() const { return m_port; }
    const ServerConfig &config() const { return m_config; }
    // The configuration the next start() uses; a running server keeps its own until restarted.
    void setConfig(ServerConfig config) { m_config = std::move(config); }
    // The embedded server's MonitorSource (GUI thread). Valid for the host's lifetime; attached
    // while the server runs with a monitor (config.monitored).
    sb::monitor::ServerController &controller() const { return *m_controller; }

Q_SIGNALS:
    void stopped();
    void drainProgress(int remaining, int total);

private:
    void requestShutdown(std::optional<std::chrono::milliseconds> drainDeadline = std::nullopt);

    ServerConfig m_config;
    QThread m_thread;
    QObject *m_anchor = nullptr; // lives on m_thread
    ServerRuntime *m_runtime = nullptr; // lives on m_thread
    std::unique_ptr<sb::monitor::ServerController> m_controller;
    QList<QUrl> m_urls;
    quint16 m_port = 0;
    bool m_stopping = false;
};
