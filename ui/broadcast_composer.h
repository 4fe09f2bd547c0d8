#pragma once

#include "monitor/monitor_source.h"
#include "ui/broadcast_answer_model.h"
#include "ui/composer_history.h"

#include <QWidget>

#include <functional>

class QCheckBox;
class QComboBox;
class QFormLayout;
class QHBoxLayout;
class QLabel;
class QLineEdit;
class QPushButton;
class QSpinBox;
class QTableView;

namespace sb::ui {

class ArgumentListEditor;

// The broadcast composer (a dock's content): whom to send to, the event and its arguments, the
// flags, and whether to wait for acks; then the acks as they come, one row per recipient, and a
// summary. Sends through MonitorSource::broadcast only. Send is disabled, with the reason next to
// it, while the input is invalid or the source takes no actions. Sent messages and named
// templates are kept (ComposerHistory) to send again in one click.
class BroadcastComposer : public QWidget
{
    Q_OBJECT
public:
    enum class TargetChoice { Everyone, Namespace, Rooms, Socket, Selection };

    explicit BroadcastComposer(monitor::MonitorSource &source, QWidget *parent = nullptr);

    // Where "the sockets selected in the table" come from (the window's socket view).
    void setSelectionProvider(std::function<QList<QByteArray>()> provider);

    ComposerDraft draft() const;
    void setDraft(const ComposerDraft &draft);
    // Empty when the message can be sent; otherwise why not (as shown next to Send).
    QString blockedReason() const;
    // The request the current input makes (valid only when blockedReason() is empty).
    monitor::BroadcastRequest request() const;
    // Sends what the form says; false (and nothing sent) when blocked.
    bool send();
    // Loads the history entry (0 = most recent) and sends it.
    bool resend(int historyIndex);
    void saveTemplate(const QString &name);
    bool loadTemplate(const QString &name);

    ComposerHistory &history() { return m_history; }
    BroadcastAnswerModel &answerModel() { return m_answers; }
    ArgumentListEditor *argumentEditor() const { return m_arguments; }
    QPushButton *sendButton() const { return m_send; }
    QLabel *reasonLabel() const { return m_reason; }
    QLabel *summaryLabel() const { return m_summary; }
    QTableView *answerView() const { return m_answerView; }
    QLineEdit *eventEdit() const { return m_event; }
    quint64 currentRequest() const { return m_current; }

public Q_SLOTS:
    // Checks the input again (the selection or the source's state changed).
    void revalidate();

Q_SIGNALS:
    void sent(quint64 requestId);
    void finished(const sb::monitor::BroadcastSummary &summary);

private:
    void buildForm();
    QHBoxLayout *buildHistoryRow();
    void updateTargetRows();
    void refreshHistoryMenus();
    void onSnapshot(const monitor::SnapshotPtr &snapshot);
    void onAnswered(const monitor::BroadcastAnswer &answer);
    void onFinished(const monitor::BroadcastSummary &summary);
    TargetChoice targetChoice() const;
    QList<QByteArray> targetSockets() const;

    monitor::MonitorSource &m_source;
    ComposerHistory m_history;
    BroadcastAnswerModel m_answers;
    std::function<QList<QByteArray>()> m_selection;
    quint64 m_nextId = 1;
    quint64 m_current = 0;
    bool m_currentAck = false;

    QFormLayout *m_form = nullptr;
    QComboBox *m_target = nullptr;
    QComboBox *m_namespace = nullptr;
    QLineEdit *m_rooms = nullptr;
    QLineEdit *m_socket = nullptr;
    QLineEdit *m_except = nullptr;
    QLineEdit *m_event = nullptr;
    QCheckBox *m_volatile = nullptr;
    QCheckBox *m_local = nullptr;
    QCheckBox *m_compress = nullptr;
    ArgumentListEditor *m_arguments = nullptr;
    QCheckBox *m_ack = nullptr;
    QSpinBox *m_ackTimeout = nullptr;
    QPushButton *m_send = nullptr;
    QLabel *m_reason = nullptr;
    QTableView *m_answerView = nullptr;
    QLabel *m_summary = nullptr;
    QComboBox *m_recent = nullptr;
    QPushButton *m_resend = nullptr;
    QComboBox *m_templates = nullptr;
};

} // namespace sb::ui
