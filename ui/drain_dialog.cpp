#include "ui/drain_dialog.h"

#include "ui/server_lifecycle.h"

#include <QDialogButtonBox>
#include <QFormLayout>
#include <QLabel>
#include <QProgressBar>
#include <QPushButton>
#include <QSpinBox>
#include <QVBoxLayout>

using namespace Qt::StringLiterals;

namespace sb::ui {

DrainDialog::DrainDialog(
    monitor::MonitorSource &source, ServerLifecycle *lifecycle, QWidget *parent)
    : QDialog(parent)
    , m_source(source)
    , m_lifecycle(lifecycle)
{
    setObjectName(u"drainDialog"_s);
    setWindowTitle(tr("Drain and stop the server"));
    auto *layout = new QVBoxLayout(this);
    auto *intro = new QLabel(
        tr("The server stops accepting connections and tells every client to leave. "
           "Connections still open at the deadline are closed. This cannot be cancelled "
           "once it has begun."),
        this);
    intro->setWordWrap(true);
    layout->addWidget(intro);
    auto *form = new QFormLayout;
    m_deadline = new QSpinBox(this);
    m_deadline->setObjectName(u"drainDeadline"_s);
    m_deadline->setRange(0, 3600);
    m_deadline->setValue(10);
    m_deadline->setSuffix(tr(" s"));
    form->addRow(tr("&Deadline:"), m_deadline);
    layout->addLayout(form);
    m_progress = new QProgressBar(this);
    m_progress->setObjectName(u"drainProgress"_s);
    m_progress->setRange(0, 1);
    m_progress->setValue(0);
    m_progress->setFormat(tr("%v of %m connections closed"));
    layout->addWidget(m_progress);
    m_status = new QLabel(this);
    m_status->setObjectName(u"drainStatus"_s);
    m_status->setWordWrap(true);
    layout->addWidget(m_status);

    auto *buttons = new QDialogButtonBox(this);
    m_drain = buttons->addButton(tr("Drain and &stop"), QDialogButtonBox::ActionRole);
    m_drain->setObjectName(u"drainButton"_s);
    m_startAgain = buttons->addButton(tr("Start &again"), QDialogButtonBox::ActionRole);
    m_startAgain->setObjectName(u"startAgainButton"_s);
    m_startAgain->setVisible(false);
    m_close = buttons->addButton(QDialogButtonBox::Close);
    layout->addWidget(buttons);
    connect(m_drain, &QPushButton::clicked, this, &DrainDialog::begin);
    connect(m_close, &QPushButton::clicked, this, &DrainDialog::reject);
    connect(m_startAgain, &QPushButton::clicked, this, [this] {
        if (m_lifecycle)
            m_lifecycle->start();
        accept();
    });
    connect(
        &m_source, &monitor::MonitorSource::stopProgress, this, [this](int remaining, int total) {
            m_total = total;
            m_progress->setRange(0, std::max(total, 1));
            m_progress->setValue(total - remaining);
            m_status->setText(
                tr("Waiting for %1 of %2 connections to leave…").arg(remaining).arg(total));
        });
    connect(&m_source, &monitor::MonitorSource::stateChanged, this, &DrainDialog::onStateChanged);
    connect(
        &m_source, &monitor::MonitorSource::commandFailed, this, [this](const QString &message) {
            if (m_draining && m_source.state() != monitor::SourceState::Stopping) {
                m_draining = false;
                m_status->setText(message);
                m_close->setEnabled(true);
            }
        });
    const bool running = m_source.state() == monitor::SourceState::Running;
    m_drain->setEnabled(running);
    m_status->setText(running ? tr("The server is running.") : tr("The server is not running."));
}

QString DrainDialog::statusText() const
{
    return m_status->text();
}

void DrainDialog::begin()
{
    m_draining = true;
    m_drain->setEnabled(false);
    m_deadline->setEnabled(false);
    m_close->setEnabled(false);
    m_status->setText(tr("Draining…"));
    m_source.drainAndStop(std::chrono::seconds(m_deadline->value()));
}

void DrainDialog::reject()
{
    // No cancel while draining: the dialog closes once the server has stopped.
    if (m_draining)
        return;
    QDialog::reject();
}

void DrainDialog::onStateChanged(monitor::SourceState state)
{
    if (state != monitor::SourceState::Stopped && state != monitor::SourceState::Failed)
        return;
    m_draining = false;
    m_close->setEnabled(true);
    m_drain->setEnabled(false);
    if (m_total >= 0)
        m_progress->setValue(m_progress->maximum());
    m_status->setText(m_total >= 0
            ? tr("Stopped: %1 connections were open when the drain began.").arg(m_total)
            : tr("Stopped."));
    m_startAgain->setVisible(m_lifecycle != nullptr);
    if (m_lifecycle)
        m_startAgain->setFocus();
}

} // namespace sb::ui
