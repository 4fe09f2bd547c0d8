#pragma once

#include "monitor/monitor_source.h"

#include <QDialog>

class QLabel;
class QProgressBar;
class QPushButton;
class QSpinBox;

namespace sb::ui {

class ServerLifecycle;

// Drain and stop: the operator picks a deadline; the server stops accepting, tells every client
// and closes what is left at the deadline. Progress follows stopProgress. Once begun there is no
// cancel: the dialog ends in the stopped state, offering "Start again" when a lifecycle is given.
class DrainDialog : public QDialog
{
    Q_OBJECT
public:
    DrainDialog(
        monitor::MonitorSource &source, ServerLifecycle *lifecycle, QWidget *parent = nullptr);

    QSpinBox *deadlineEdit() const { return m_deadline; }
    QPushButton *drainButton() const { return m_drain; }
    QPushButton *startAgainButton() const { return m_startAgain; }
    QProgressBar *progress() const { return m_progress; }
    QString statusText() const;

protected:
    void reject() override;

private:
    void begin();
    void onStateChanged(monitor::SourceState state);

    monitor::MonitorSource &m_source;
    ServerLifecycle *m_lifecycle = nullptr;
    bool m_draining = false;
    int m_total = -1;
    QSpinBox *m_deadline = nullptr;
    QProgressBar *m_progress = nullptr;
    QLabel *m_status = nullptr;
    QPushButton *m_drain = nullptr;
    QPushButton *m_close = nullptr;
    QPushButton *m_startAgain = nullptr;
};

} // namespace sb::ui
