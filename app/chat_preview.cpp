#include "chat_preview.h"

#include "host_lifecycle.h"
#include "server_host.h"

#include "ui/main_window.h"
#include "ui/traffic_log_model.h"

#include <QCoreApplication>
#include <QJsonObject>

using namespace Qt::StringLiterals;
using sb::ui::payload::PreviewContext;
using sb::ui::payload::PreviewFormatters;

namespace chat_preview {

namespace {

struct ChatPreview
{
    Q_DECLARE_TR_FUNCTIONS(ChatPreview)
};

// Who the record's socket is: its chat name when the socket table knows one, else its id.
QString socketName(const PreviewContext &c)
{
    if (c.socket && !c.socket->user.isEmpty())
        return c.socket->user;
    return QString::fromLatin1(c.record.socket);
}

QString roomsText(const QStringList &rooms)
{
    QStringList tagged;
    for (const QString &room : rooms)
        tagged.append(u'#' + room);
    return tagged.join(u", "_s);
}

// Where an outgoing record went: its rooms, everyone, or the one recipient.
QString audience(const PreviewContext &c)
{
    if (!c.record.isBroadcast())
        return socketName(c);
    return c.record.rooms.isEmpty() ? ChatPreview::tr("everyone") : roomsText(c.record.rooms);
}

// The room of an incoming record's socket (the chat keeps each socket in one room).
QString roomOfSender(const PreviewContext &c)
{
    return c.socket ? roomsText(c.socket->rooms) : QString();
}

QString text(const QJsonValue &value)
{
    return value.isString() ? value.toString() : value.toObject().value(u"text"_s).toString();
}

// `message`: the chat's messages and notices going out, or the minimal example client's text
// coming in.
QString message(const PreviewContext &c)
{
    const QJsonValue first = c.arguments.at(0);
    if (!first.isObject() && !first.isString())
        return {};
    const QJsonObject object = first.toObject();
    if (c.record.direction == sb::monitor::Direction::In)
        return ChatPreview::tr("%1 → server: %2").arg(socketName(c), text(first));
    const QString from = object.value(u"username"_s).toString();
    QString line
        = ChatPreview::tr("%1 → %2: %3")
              .arg(from.isEmpty() ? ChatPreview::tr("server") : from, audience(c), text(first));
    if (object.value(u"history"_s).toBool())
        line += u' ' + ChatPreview::tr("(history)");
    return line;
}

QString chatMessage(const PreviewContext &c)
{
    const QJsonValue first = c.arguments.at(0);
    if (!first.isObject())
        return {};
    const QString room = roomOfSender(c);
    return room.isEmpty() ? ChatPreview::tr("%1: %2").arg(socketName(c), text(first))
                          : ChatPreview::tr("%1 → %2: %3").arg(socketName(c), room, text(first));
}

QString joinRoom(const PreviewContext &c)
{
    const QJsonObject object = c.arguments.at(0).toObject();
    const QString room = object.value(u"room"_s).toString();
    if (room.isEmpty())
        return {};
    // A signed-in socket's name is the token's, whatever the client sent.
    const QString asked = object.value(u"username"_s).toString();
    const QString name = c.socket && !c.socket->user.isEmpty() ? c.socket->user
        : asked.isEmpty()                                      ? socketName(c)
                                                               : asked;
    return ChatPreview::tr("%1 joined #%2").arg(name, room);
}

QString typingLine(const QString &name, bool typing)
{
    return typing ? ChatPreview::tr("%1 is typing").arg(name)
                  : ChatPreview::tr("%1 stopped typing").arg(name);
}

QString typing(const PreviewContext &c)
{
    const QJsonValue first = c.arguments.at(0);
    if (!first.isBool())
        return {};
    return typingLine(socketName(c), first.toBool());
}

QString userTyping(const PreviewContext &c)
{
    const QJsonObject object = c.arguments.at(0).toObject();
    const QString name = object.value(u"username"_s).toString();
    if (name.isEmpty() || !object.value(u"isTyping"_s).isBool())
        return {};
    return typingLine(name, object.value(u"isTyping"_s).toBool());
}

QString roomUsers(const PreviewContext &c)
{
    const QJsonValue first = c.arguments.at(0);
    if (!first.isArray())
        return {};
    QStringList names;
    for (const QJsonValue &name : first.toArray())
        names.append(name.toString());
    return ChatPreview::tr("in %1: %2").arg(audience(c), names.join(u", "_s));
}

} // namespace

PreviewFormatters formatters()
{
    return {
        {u"message"_s, message},
        {u"chat-message"_s, chatMessage},
        {u"join-room"_s, joinRoom},
        {u"typing"_s, typing},
        {u"user-typing"_s, userTyping},
        {u"room-users"_s, roomUsers},
    };
}

void install(sb::ui::MainWindow &window, const ServerHost &host, HostLifecycle &lifecycle)
{
    const auto update = [&window, &host] {
        window.trafficModel().setPreviewFormatters(host.config().service == u"chat"_s
                ? formatters()
                : sb::ui::payload::PreviewFormatters{});
    };
    update();
    QObject::connect(&lifecycle, &HostLifecycle::started, &window, update);
}

} // namespace chat_preview
