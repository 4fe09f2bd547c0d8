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

// Edits every server option. Options given on the command line (or, for the JWT secret, by
// SWITCHBOARD_JWT_SECRET) are shown with their value, read-only, with the note "set on the
// command line"; a locked secret stays masked. Changes take effect with a restart of the server
// (the token lifetime at once), which the dialog says as soon as something differs from the
// running settings. Each editor's objectName is its option's key ("port", "ping-interval", …);
// the JWT secret's parts are "jwt-secret-enabled", "jwt-secret-value" and "jwt-secret-show".
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
    QStringList warnings() const { return m_warnings; }
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
    QStringList m_warnings;
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
    QSpinBox *m_chatHistory = nullptr;
    QSpinBox *m_chatMaxLength = nullptr;
    QCheckBox *m_tokens = nullptr;
    QLineEdit *m_jwtSecret = nullptr;
    QCheckBox *m_showSecret = nullptr;
    QSpinBox *m_tokenTtl = nullptr;
    QLineEdit *m_redis = nullptr;
    QLineEdit *m_redisKey = nullptr;
    QLabel *m_warningsLabel = nullptr;
    QLabel *m_restartNote = nullptr;
    QLabel *m_problemsLabel = nullptr;
    QPushButton *m_save = nullptr;
    QPushButton *m_saveAndRestart = nullptr;
};

} // namespace sb::ui
