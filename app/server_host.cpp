#include "server_host.h"

#include "server_runtime.h"

#include "common/epoll_event_dispatcher.h"
#include "monitor/server_controller.h"

#include <QPointer>

#include <openssl/crypto.h>

namespace {

// The server thread runs on epoll (Qt's Unix dispatcher polls every socket on every wakeup).
// SB_EVENT_DISPATCHER=qt keeps Qt's, to compare. Set before each start: a finished QThread
// deletes its dispatcher.
void installDispatcher(QThread &thread)
{
    if (thread.eventDispatcher() || qEnvironmentVariable("SB_EVENT_DISPATCHER") == u"qt")
        return;
    auto dispatcher = std::make_unique<sb::EpollEventDispatcher>();
    if (dispatcher->isValid())
        thread.setEventDispatcher(dispatcher.release());
}

} // namespace

ServerHost::ServerHost(ServerConfig config, QObject *parent)
    : QObject(parent)
    , m_config(std::move(config))
    , m_controller(std::make_unique<sb::monitor::ServerController>())
{
    m_thread.setObjectName(QStringLiteral("server"));
    connect(m_controller.get(), &sb::monitor::ServerController::stopRequested, this,
        &ServerHost::stopAsync);
    connect(m_controller.get(), &sb::monitor::ServerController::drainRequested, this,
        &ServerHost::drainAsync);
    connect(this, &ServerHost::drainProgress, m_controller.get(),
        &sb::monitor::MonitorSource::stopProgress);
    connect(&m_thread, &QThread::finished, this, [this] {
        m_stopping = false;
        m_controller->detach();
        m_controller->setState(sb::monitor::SourceState::Stopped);
        Q_EMIT stopped();
    });
    // OpenSSL keeps per-thread state (its random generators) that it frees from a pthread key
    // destructor after the thread function returns, which QThread::wait() does not wait for:
    // the process could exit and run OpenSSL's global cleanup first, freeing the same state
    // twice. Freed here instead, on the server thread, before wait() returns.
    connect(
        &m_thread, &QThread::finished, &m_thread, [] { OPENSSL_thread_stop(); },
        Qt::DirectConnection);
}

ServerHost::~ServerHost()
{
    stop();
    // isRunning() is already false while the thread runs its finished() handlers.
    m_thread.wait();
}

bool ServerHost::start(QString *error)
{
    // Started again from a stopped() handler: the thread has emitted finished() but may not
    // have quite ended yet; nothing runs on it any more, so this wait is short.
    if (m_thread.isRunning() && !m_runtime && !m_stopping)
        m_thread.wait();
    if (m_thread.isRunning()) {
        if (error)
            *error = QStringLiteral("the server is already running");
        return false;
    }
    // An anchor on the server thread: work posted to it runs there, so the runtime and every
    // socket and timer it makes belong to that thread.
    m_anchor = new QObject;
    m_anchor->moveToThread(&m_thread);
    connect(&m_thread, &QThread::finished, m_anchor, &QObject::deleteLater);
    m_controller->setState(sb::monitor::SourceState::Starting);
    installDispatcher(m_thread);
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
        m_controller->setState(sb::monitor::SourceState::Failed);
        return false;
    }
    if (sb::monitor::Monitor *monitor = m_runtime->monitor())
        m_controller->attach(monitor, QStringLiteral("embedded :%1").arg(m_port));
    else
        m_controller->setState(sb::monitor::SourceState::Running);
    return true;
}

void ServerHost::requestShutdown(std::optional<std::chrono::milliseconds> drainDeadline)
{
    if (!m_runtime || m_stopping)
        return;
    m_stopping = true;
    m_controller->setState(sb::monitor::SourceState::Stopping);
    ServerRuntime *runtime = std::exchange(m_runtime, nullptr);
    QThread *thread = &m_thread;
    QPointer<ServerHost> self(this);
    // Everything below runs on the server thread; the last step ends it.
    QMetaObject::invokeMethod(
        runtime,
        [runtime, thread, drainDeadline, self] {
            auto finish = [runtime, thread] {
                // Not from inside the runtime's own timer callback: delete it a moment later.
                runtime->deleteLater();
                QObject::connect(
                    runtime, &QObject::destroyed, thread, [thread] { thread->quit(); },
                    Qt::DirectConnection);
            };
            if (!drainDeadline) {
                runtime->shutdown(std::move(finish));
                return;
            }
            runtime->drain(
                *drainDeadline,
                [self](int remaining, int total) {
                    // Reported on the host's thread, queued.
                    QMetaObject::invokeMethod(
                        self.data(),
                        [self, remaining, total] {
                            if (self)
                                Q_EMIT self->drainProgress(remaining, total);
                        },
                        Qt::QueuedConnection);
                },
                std::move(finish));
        },
        Qt::QueuedConnection);
}

void ServerHost::drainAsync(std::chrono::milliseconds deadline)
{
    if (!m_thread.isRunning())
        return;
    requestShutdown(deadline);
}

void ServerHost::stopAsync()
{
    if (!m_thread.isRunning())
        return;
    if (!m_runtime && !m_stopping) {
        m_thread.quit();
        return;
    }
    requestShutdown();
}

void ServerHost::stop()
{
    if (!m_thread.isRunning())
        return;
    if (m_runtime)
        requestShutdown();
    else if (!m_stopping)
        m_thread.quit();
    m_thread.wait();
    // The finished() handler runs queued on this thread; settle the state now for callers that
    // read it right after stop().
    m_controller->detach();
    m_controller->setState(sb::monitor::SourceState::Stopped);
}
