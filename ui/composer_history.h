#pragma once

#include "monitor/monitor_types.h"
#include "ui/argument_list_editor.h"

#include <QJsonObject>
#include <QList>
#include <QObject>
#include <QStringList>

#include <optional>

namespace sb::ui {

// Everything the operator set in the composer, as it can be saved and sent again. Arguments
// loaded from a file are kept as base64, so that resending does not depend on the file.
struct ComposerDraft
{
    monitor::BroadcastRequest::Target target = monitor::BroadcastRequest::Target::Namespace;
    bool selectedSockets = false; // Target::Sockets from the table's selection
    QString nsp = QStringLiteral("/");
    QStringList rooms;
    QStringList except;
    QString socket;
    QString event;
    QList<DraftArgument> arguments;
    bool isVolatile = false;
    bool local = false;
    bool compress = true;
    bool ack = false;
    int ackTimeoutMs = 5000;

    QJsonObject toJson() const;
    static ComposerDraft fromJson(const QJsonObject &object);
    // One line for menus: "chat → room lobby (2 arguments, ack)".
    QString summary() const;
    friend bool operator==(const ComposerDraft &, const ComposerDraft &) = default;
};

// The messages sent from the composer (most recent first, at most HistoryLimit) and the named
// templates, persisted in QSettings under "composer/" as they change.
class ComposerHistory : public QObject
{
    Q_OBJECT
public:
    static constexpr int HistoryLimit = 30;

    explicit ComposerHistory(QObject *parent = nullptr);

    const QList<ComposerDraft> &recent() const { return m_recent; }
    // A repeat of the most recent one moves it to the top instead of adding a copy.
    void addSent(const ComposerDraft &draft);
    void clearRecent();

    QStringList templateNames() const; // sorted
    std::optional<ComposerDraft> templateDraft(const QString &name) const;
    void saveTemplate(const QString &name, const ComposerDraft &draft);
    void removeTemplate(const QString &name);

    void reload();

Q_SIGNALS:
    void changed();

private:
    void save() const;

    QList<ComposerDraft> m_recent;
    QList<std::pair<QString, ComposerDraft>> m_templates;
};

} // namespace sb::ui
