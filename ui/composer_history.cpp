#include "ui/composer_history.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QSettings>

#include <algorithm>

using namespace Qt::StringLiterals;
using sb::monitor::BroadcastRequest;

namespace sb::ui {

namespace {

QString targetName(BroadcastRequest::Target target, bool selected)
{
    if (selected)
        return u"selection"_s;
    switch (target) {
    case BroadcastRequest::Target::Everyone:
        return u"everyone"_s;
    case BroadcastRequest::Target::Namespace:
        return u"namespace"_s;
    case BroadcastRequest::Target::Rooms:
        return u"rooms"_s;
    case BroadcastRequest::Target::Sockets:
        return u"socket"_s;
    }
    return {};
}

QString kindName(ArgumentKind kind)
{
    switch (kind) {
    case ArgumentKind::Json:
        return u"json"_s;
    case ArgumentKind::Hex:
        return u"hex"_s;
    case ArgumentKind::Base64:
    case ArgumentKind::File:
        return u"base64"_s;
    }
    return {};
}

QJsonArray strings(const QStringList &list)
{
    return QJsonArray::fromStringList(list);
}

QStringList strings(const QJsonValue &value)
{
    QStringList result;
    for (const QJsonValue &item : value.toArray())
        result.append(item.toString());
    return result;
}

} // namespace

QJsonObject ComposerDraft::toJson() const
{
    QJsonArray args;
    for (const DraftArgument &argument : arguments) {
        QString text = argument.text;
        if (argument.kind == ArgumentKind::File) {
            const ArgumentCheck check = checkArgument(argument);
            text = QString::fromLatin1(check.argument.data.toBase64());
        }
        args.append(QJsonObject{{u"kind"_s, kindName(argument.kind)}, {u"text"_s, text}});
    }
    return {{u"target"_s, targetName(target, selectedSockets)}, {u"nsp"_s, nsp},
        {u"rooms"_s, strings(rooms)}, {u"except"_s, strings(except)}, {u"socket"_s, socket},
        {u"event"_s, event}, {u"arguments"_s, args}, {u"volatile"_s, isVolatile},
        {u"local"_s, local}, {u"compress"_s, compress}, {u"ack"_s, ack},
        {u"ackTimeoutMs"_s, ackTimeoutMs}};
}

ComposerDraft ComposerDraft::fromJson(const QJsonObject &object)
{
    ComposerDraft draft;
    const QString target = object.value(u"target"_s).toString();
    if (target == u"everyone")
        draft.target = BroadcastRequest::Target::Everyone;
    else if (target == u"rooms")
        draft.target = BroadcastRequest::Target::Rooms;
    else if (target == u"socket" || target == u"selection")
        draft.target = BroadcastRequest::Target::Sockets;
    draft.selectedSockets = target == u"selection";
    draft.nsp = object.value(u"nsp"_s).toString(u"/"_s);
    draft.rooms = strings(object.value(u"rooms"_s));
    draft.except = strings(object.value(u"except"_s));
    draft.socket = object.value(u"socket"_s).toString();
    draft.event = object.value(u"event"_s).toString();
    for (const QJsonValue &value : object.value(u"arguments"_s).toArray()) {
        const QJsonObject argument = value.toObject();
        const QString kind = argument.value(u"kind"_s).toString();
        draft.arguments.append({kind == u"hex" ? ArgumentKind::Hex
                : kind == u"base64"            ? ArgumentKind::Base64
                                               : ArgumentKind::Json,
            argument.value(u"text"_s).toString()});
    }
    draft.isVolatile = object.value(u"volatile"_s).toBool();
    draft.local = object.value(u"local"_s).toBool();
    draft.compress = object.value(u"compress"_s).toBool(true);
    draft.ack = object.value(u"ack"_s).toBool();
    draft.ackTimeoutMs = object.value(u"ackTimeoutMs"_s).toInt(5000);
    return draft;
}

QString ComposerDraft::summary() const
{
    QString to;
    if (selectedSockets) {
        to = ComposerHistory::tr("selected sockets");
    } else {
        switch (target) {
        case BroadcastRequest::Target::Everyone:
            to = ComposerHistory::tr("everyone");
            break;
        case BroadcastRequest::Target::Namespace:
            to = nsp;
            break;
        case BroadcastRequest::Target::Rooms:
            to = ComposerHistory::tr("%1 rooms %2").arg(nsp, rooms.join(u", "_s));
            break;
        case BroadcastRequest::Target::Sockets:
            to = ComposerHistory::tr("socket %1").arg(socket);
            break;
        }
    }
    if (!except.isEmpty())
        to += u' ' + ComposerHistory::tr("except %1").arg(except.join(u", "_s));
    QString text
        = ComposerHistory::tr("%1 → %2 (arguments: %3").arg(event, to).arg(arguments.size());
    if (ack)
        text += ComposerHistory::tr(", ack");
    return text + u')';
}

ComposerHistory::ComposerHistory(QObject *parent)
    : QObject(parent)
{
    reload();
}

void ComposerHistory::reload()
{
    m_recent.clear();
    m_templates.clear();
    QSettings settings;
    const QJsonArray recent
        = QJsonDocument::fromJson(settings.value(u"composer/history"_s).toByteArray()).array();
    for (const QJsonValue &value : recent)
        m_recent.append(ComposerDraft::fromJson(value.toObject()));
    const QJsonObject templates
        = QJsonDocument::fromJson(settings.value(u"composer/templates"_s).toByteArray()).object();
    for (auto it = templates.begin(); it != templates.end(); ++it)
        m_templates.append({it.key(), ComposerDraft::fromJson(it.value().toObject())});
    Q_EMIT changed();
}

void ComposerHistory::save() const
{
    QJsonArray recent;
    for (const ComposerDraft &draft : m_recent)
        recent.append(draft.toJson());
    QJsonObject templates;
    for (const auto &[name, draft] : m_templates)
        templates.insert(name, draft.toJson());
    QSettings settings;
    settings.setValue(u"composer/history"_s, QJsonDocument(recent).toJson(QJsonDocument::Compact));
    settings.setValue(
        u"composer/templates"_s, QJsonDocument(templates).toJson(QJsonDocument::Compact));
}

void ComposerHistory::addSent(const ComposerDraft &draft)
{
    // Compare as saved: a file argument is kept by its bytes.
    const ComposerDraft saved = ComposerDraft::fromJson(draft.toJson());
    m_recent.removeIf([&](const ComposerDraft &d) { return d == saved; });
    m_recent.prepend(saved);
    while (m_recent.size() > HistoryLimit)
        m_recent.removeLast();
    save();
    Q_EMIT changed();
}

void ComposerHistory::clearRecent()
{
    m_recent.clear();
    save();
    Q_EMIT changed();
}

QStringList ComposerHistory::templateNames() const
{
    QStringList names;
    for (const auto &entry : m_templates)
        names.append(entry.first);
    names.sort(Qt::CaseInsensitive);
    return names;
}

std::optional<ComposerDraft> ComposerHistory::templateDraft(const QString &name) const
{
    for (const auto &[key, draft] : m_templates) {
        if (key == name)
            return draft;
    }
    return std::nullopt;
}

void ComposerHistory::saveTemplate(const QString &name, const ComposerDraft &draft)
{
    const QString key = name.trimmed();
    if (key.isEmpty())
        return;
    removeTemplate(key);
    m_templates.append({key, ComposerDraft::fromJson(draft.toJson())});
    save();
    Q_EMIT changed();
}

void ComposerHistory::removeTemplate(const QString &name)
{
    const qsizetype removed
        = m_templates.removeIf([&](const auto &entry) { return entry.first == name; });
    if (!removed)
        return;
    save();
    Q_EMIT changed();
}

} // namespace sb::ui
