#pragma once

#include "server_config.h"

#include <QObject>
#include <QThread>
#include <QUrl>

#include <memory>

class ServerRuntime;

// Runs the server on its own thread. Every network object lives on that thread and is created
// there; the caller's thread only starts and stops it.
class ServerHost final : public QObject
{
    Q_OBJECT
public:
    explicit ServerHost(ServerConfig config, QObject *parent = nullptr);
    ~ServerHost() override;

    // Starts the thread and listens; blocks until the listener is up or has failed.
    bool start(QString *error);
    // Closes every session, stops listening and joins the thread.
    void stop();

    QList<QUrl> urls() const { return m_urls; }
    quint16 port() const { return m_port; }

private:
    ServerConfig m_config;
    QThread m_thread;
    QObject *m_anchor = nullptr; // lives on m_thread
    ServerRuntime *m_runtime = nullptr; // lives on m_thread
    QList<QUrl> m_urls;
    quint16 m_port = 0;
};
