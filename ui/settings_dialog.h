#pragma once

#include "ui/server_settings.h"

#include <QDialog>
#include <QHash>

class QCheckBox;
class QComboBox;
class QLabel;
class QLineEdit;
class QPlainTextEdit;
class QPushButton;
class QSpinBox;

namespace sb::ui {

// Edits every server option. Options given on the command line are shown with their value,
// read-only, with the note "set on the command line". Every change takes effect with a restart
// of the server, which the dialog says as soon as something differs from the running settings.
// Each editor's objectName is its option's key ("port", "ping-interval", …).
class SettingsDialog : public QDialog
{
    Q_OBJECT
public:
    SettingsDialog(const ServerSettings &current, const QList<ServerSettings::Option> &locked,
        bool serverRunning, QWidget *parent = nullptr);

    ServerSettings settings() const;
    // True when the dialog was accepted with "Save and restart" / "Save and start".
    bool restartRequested() const { return m_restart; }
    QStringList problems() const { return m_problems; }
    bool isLocked(ServerSettings::Option option) const { return m_locked.contains(option); }
    QWidget *editor(ServerSettings::Option option) const { return m_editors.value(option); }
    QPushButton *saveButton() const { return m_save; }
    QPushButton *restartButton() const { return m_saveAndRestart; }

private:
    QWidget *row(ServerSettings::Option option, QWidget *editor);
    void load(const ServerSettings &settings);
    void revalidate();

    ServerSettings m_current;
    QList<ServerSettings::Option> m_locked;
    bool m_running = false;
    bool m_restart = false;
    QStringList m_problems;
    QHash<ServerSettings::Option, QWidget *> m_editors;

    QSpinBox *m_port = nullptr;
    QLineEdit *m_bind = nullptr;
    QLineEdit *m_path = nullptr;
    QLineEdit *m_rawEnginePath = nullptr;
    QCheckBox *m_serveClient = nullptr;
    QCheckBox *m_polling = nullptr;
    QCheckBox *m_webSocket = nullptr;
    QCheckBox *m_compression = nullptr;
    QPlainTextEdit *m_cors = nullptr;
    QSpinBox *m_pingInterval = nullptr;
    QSpinBox *m_pingTimeout = nullptr;
    QSpinBox *m_upgradeTimeout = nullptr;
    QSpinBox *m_connectTimeout = nullptr;
    QSpinBox *m_maxBuffer = nullptr;
    QSpinBox *m_recovery = nullptr;
    QComboBox *m_service = nullptr;
    QPlainTextEdit *m_namespaces = nullptr;
    QPlainTextEdit *m_patterns = nullptr;
    QSpinBox *m_monitorInterval = nullptr;
    QLabel *m_restartNote = nullptr;
    QLabel *m_problemsLabel = nullptr;
    QPushButton *m_save = nullptr;
    QPushButton *m_saveAndRestart = nullptr;
};

} // namespace sb::ui
