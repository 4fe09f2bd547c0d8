#include "server_host.h"

#include "server_runtime.h"

ServerHost::ServerHost(ServerConfig config, QObject *parent)
    : QObject(parent)
    , m_config(std::move(config))
{
    m_thread.setObjectName(QStringLiteral("server"));
}

ServerHost::~ServerHost()
{
    stop();
}

bool ServerHost::start(QString *error)
{
    // An anchor on the server thread: work posted to it runs there, so the runtime and every
    // socket and timer it makes belong to that thread.
    m_anchor = new QObject;
    m_anchor->moveToThread(&m_thread);
    connect(&m_thread, &QThread::finished, m_anchor, &QObject::deleteLater);
    m_thread.start();
    bool ok = false;
    QString failure;
    QMetaObject::invokeMethod(
        m_anchor,
        [&] {
            m_runtime = new ServerRuntime(m_config);
            ok = m_runtime->listen(&failure);
            if (ok) {
                m_urls = m_runtime->urls();
                m_port = m_runtime->port();
            }
        },
        Qt::BlockingQueuedConnection);
    if (!ok) {
        if (error)
            *error = failure;
        stop();
    }
    return ok;
}

void ServerHost::stop()
{
    if (!m_thread.isRunning())
        return;
    if (m_runtime) {
        ServerRuntime *runtime = std::exchange(m_runtime, nullptr);
        QMetaObject::invokeMethod(
            runtime,
            [runtime] {
                runtime->shutdown();
                delete runtime;
            },
            Qt::BlockingQueuedConnection);
    }
    m_thread.quit();
    m_thread.wait();
}
