#include "chat_service.h"

#include <QDateTime>
#include <QJsonArray>
#include <QPointer>
#include <QRandomGenerator>

using namespace sb;
using io::Args;

namespace {

constexpr qsizetype MaxUsernameLength = 32;
constexpr qsizetype MaxRoomLength = 64;
// Empty rooms keep their history (someone joining later still sees it) up to this many rooms.
constexpr qsizetype MaxRoomsWithHistory = 256;

const QString SystemName = QStringLiteral("System");

QString timestamp()
{
    return QDateTime::currentDateTimeUtc().toString(Qt::ISODateWithMs);
}

QJsonObject systemMessage(const QString &text)
{
    return QJsonObject{{QStringLiteral("username"), SystemName}, {QStringLiteral("text"), text},
        {QStringLiteral("timestamp"), timestamp()}};
}

void emitMessage(io::Socket &socket, const QJsonObject &message)
{
    socket.emit(QStringLiteral("message"), io::makeArgs(message));
}

void answer(const io::Ack &ack, const QJsonObject &reply)
{
    if (ack.isRequested())
        ack(io::makeArgs(reply));
}

QJsonObject errorReply(const QString &message)
{
    return QJsonObject{
        {QStringLiteral("status"), QStringLiteral("error")}, {QStringLiteral("message"), message}};
}

// Control characters, and the bidirectional overrides that would let a name rewrite the text
// around it on the page.
bool hasControlCharacters(const QString &text)
{
    for (const QChar c : text) {
        const char16_t u = c.unicode();
        if (c.category() == QChar::Other_Control || (u >= 0x202A && u <= 0x202E)
            || (u >= 0x2066 && u <= 0x2069) || u == 0x2028 || u == 0x2029)
            return true;
    }
    return false;
}

QString nameProblem(const QString &what, const QString &value, qsizetype maxLength)
{
    if (value.trimmed().isEmpty())
        return QObject::tr("%1 must not be empty").arg(what);
    if (value.size() > maxLength)
        return QObject::tr("%1 must be at most %2 characters").arg(what).arg(maxLength);
    if (hasControlCharacters(value))
        return QObject::tr("%1 must not contain control characters").arg(what);
    return {};
}

// The first argument as an object, or an empty object.
QJsonObject objectArgument(const Args &args)
{
    if (args.isEmpty() || args.type(0) != sio::JsonType::Object)
        return {};
    return args.toJson(0).toObject();
}

} // namespace

ChatService::ChatService(io::Server &server, ChatOptions options)
    : m_options(options)
    , m_idPrefix(QString::number(QRandomGenerator::global()->generate(), 36))
{
    server.main().onConnection([self = QPointer(this)](io::Socket &socket) {
        if (self)
            self->serve(socket);
    });
}

QString ChatService::usernameProblem(const QString &name)
{
    const QString problem = nameProblem(tr("username"), name, MaxUsernameLength);
    if (!problem.isEmpty())
        return problem;
    if (name.trimmed().compare(SystemName, Qt::CaseInsensitive) == 0)
        return tr("username \"%1\" is reserved").arg(SystemName);
    return {};
}

QString ChatService::roomProblem(const QString &room)
{
    return nameProblem(tr("room name"), room, MaxRoomLength);
}

void ChatService::serve(io::Socket &socket)
{
    const QPointer<ChatService> self(this);
    io::Socket *s = &socket;
    socket.on(QStringLiteral("join-room"), [self, s](const Args &args, const io::Ack &ack) {
        if (self)
            self->joinRoom(*s, args, ack);
    });
    socket.on(QStringLiteral("chat-message"), [self, s](const Args &args, const io::Ack &ack) {
        if (self)
            self->chatMessage(*s, args, ack);
    });
    socket.on(QStringLiteral("typing"), [self, s](const Args &args, const io::Ack &) {
        if (self)
            self->typing(*s, args);
    });
    // What the minimal socket.io example client sends, before any room.
    socket.on(QStringLiteral("message"), [self, s](const Args &args, const io::Ack &ack) {
        if (!self)
            return;
        QString text;
        if (!args.isEmpty() && args.type(0) == sio::JsonType::String)
            text = args.string(0);
        else
            text = objectArgument(args).value(QStringLiteral("text")).toString();
        if (text.size() > self->m_options.maxTextLength) {
            answer(ack,
                errorReply(
                    tr("text must be at most %1 characters").arg(self->m_options.maxTextLength)));
            return;
        }
        emitMessage(*s,
            QJsonObject{
                {QStringLiteral("text"), QString(QStringLiteral("Server received: ") + text)},
                {QStringLiteral("timestamp"), timestamp()}});
        answer(ack, QJsonObject{{QStringLiteral("status"), QStringLiteral("ok")}});
    });
    const io::SocketId id = socket.id();
    io::Namespace *nsp = &socket.nsp();
    socket.onDisconnect([self, nsp, id](io::DisconnectReason) {
        if (self)
            self->leaveRoom(*nsp, id, false, nullptr);
    });
}

void ChatService::joinRoom(io::Socket &socket, const Args &args, const io::Ack &ack)
{
    const QJsonObject request = objectArgument(args);
    // A verified token's name wins over whatever the client says.
    const QString verified = socket.data().value(QStringLiteral("verifiedUsername")).toString();
    const QString username = verified.isEmpty()
        ? request.value(QStringLiteral("username")).toString().trimmed()
        : verified;
    const QString room = request.value(QStringLiteral("room")).toString().trimmed();
    QString problem = verified.isEmpty() ? usernameProblem(username) : QString();
    if (problem.isEmpty())
        problem = roomProblem(room);
    // A room named after a socket id would receive that socket's own messages.
    if (problem.isEmpty() && socket.nsp().socket(room.toLatin1()) != nullptr)
        problem = tr("room name \"%1\" is not available").arg(room);
    if (!problem.isEmpty()) {
        socket.emit(QStringLiteral("chat-error"),
            io::makeArgs(QJsonObject{{QStringLiteral("message"), problem}}));
        answer(ack, errorReply(problem));
        return;
    }

    if (m_roomOf.contains(socket.id()))
        leaveRoom(socket.nsp(), socket.id(), true, &socket);
    socket.data().insert(QStringLiteral("username"), username);
    socket.data().insert(QStringLiteral("room"), room);
    socket.join(room);
    RoomState &state = m_rooms[room];
    state.members.append(Member{socket.id(), username, false});
    state.lastActivity = ++m_activity;
    m_roomOf.insert(socket.id(), room);

    for (const QJsonObject &old : state.history) {
        QJsonObject replay = old;
        replay.insert(QStringLiteral("history"), true);
        emitMessage(socket, replay);
    }
    emitMessage(socket, systemMessage(tr("Welcome %1 to room %2!").arg(username, room)));
    socket.to(room).emit(QStringLiteral("message"),
        io::makeArgs(systemMessage(tr("%1 joined the room").arg(username))));
    sendRoomUsers(socket.nsp(), room);
    answer(ack,
        QJsonObject{{QStringLiteral("status"), QStringLiteral("ok")},
            {QStringLiteral("username"), username}, {QStringLiteral("room"), room}});
}

void ChatService::chatMessage(io::Socket &socket, const Args &args, const io::Ack &ack)
{
    const auto roomIt = m_roomOf.constFind(socket.id());
    if (roomIt == m_roomOf.cend()) {
        answer(ack, errorReply(tr("join a room before sending messages")));
        return;
    }
    const QString room = *roomIt;
    const QJsonValue textValue = objectArgument(args).value(QStringLiteral("text"));
    const QString text = textValue.toString();
    if (!textValue.isString() || text.trimmed().isEmpty()) {
        answer(ack, errorReply(tr("a message needs a non-empty text")));
        return;
    }
    if (text.size() > m_options.maxTextLength) {
        answer(
            ack, errorReply(tr("text must be at most %1 characters").arg(m_options.maxTextLength)));
        return;
    }
    const QString messageId = nextMessageId();
    const QJsonObject message{
        {QStringLiteral("username"), socket.data().value(QStringLiteral("username")).toString()},
        {QStringLiteral("text"), text}, {QStringLiteral("timestamp"), timestamp()},
        {QStringLiteral("messageId"), messageId}};
    socket.nsp().to(room).emit(QStringLiteral("message"), io::makeArgs(message));
    remember(room, message);
    answer(ack,
        QJsonObject{{QStringLiteral("status"), QStringLiteral("ok")},
            {QStringLiteral("messageId"), messageId}});
}

void ChatService::typing(io::Socket &socket, const Args &args)
{
    const auto roomIt = m_roomOf.constFind(socket.id());
    if (roomIt == m_roomOf.cend() || args.isEmpty() || args.type(0) != sio::JsonType::Bool)
        return;
    const bool isTyping = args.toJson(0).toBool();
    RoomState &state = m_rooms[*roomIt];
    QString username;
    for (Member &member : state.members) {
        if (member.id == socket.id()) {
            member.typing = isTyping;
            username = member.username;
        }
    }
    socket.to(*roomIt).emit(QStringLiteral("user-typing"),
        io::makeArgs(QJsonObject{
            {QStringLiteral("username"), username}, {QStringLiteral("isTyping"), isTyping}}));
}

void ChatService::leaveRoom(
    io::Namespace &nsp, const io::SocketId &id, bool stillConnected, io::Socket *socket)
{
    const QString room = m_roomOf.take(id);
    if (room.isNull())
        return;
    RoomState &state = m_rooms[room];
    QString username;
    bool wasTyping = false;
    for (qsizetype i = 0; i < state.members.size(); ++i) {
        if (state.members[i].id == id) {
            username = state.members[i].username;
            wasTyping = state.members[i].typing;
            state.members.removeAt(i);
            break;
        }
    }
    state.lastActivity = ++m_activity;
    if (stillConnected && socket) {
        socket->leave(room);
        socket->data().remove(QStringLiteral("room"));
    }
    if (wasTyping) {
        nsp.to(room).emit(QStringLiteral("user-typing"),
            io::makeArgs(QJsonObject{
                {QStringLiteral("username"), username}, {QStringLiteral("isTyping"), false}}));
    }
    nsp.to(room).emit(QStringLiteral("message"),
        io::makeArgs(systemMessage(tr("%1 left the room").arg(username))));
    sendRoomUsers(nsp, room);
    if (state.members.isEmpty() && state.history.empty())
        m_rooms.remove(room);
    evictIdleHistories();
}

void ChatService::sendRoomUsers(io::Namespace &nsp, const QString &room) const
{
    QJsonArray users;
    const auto it = m_rooms.constFind(room);
    if (it != m_rooms.cend()) {
        for (const Member &member : it->members)
            users.append(member.username);
    }
    if (!users.isEmpty())
        nsp.to(room).emit(QStringLiteral("room-users"), io::makeArgs(users));
}

void ChatService::remember(const QString &room, const QJsonObject &message)
{
    if (m_options.historySize <= 0)
        return;
    RoomState &state = m_rooms[room];
    state.history.push_back(message);
    while (qsizetype(state.history.size()) > m_options.historySize)
        state.history.pop_front();
    state.lastActivity = ++m_activity;
}

void ChatService::evictIdleHistories()
{
    // Bounded memory whatever the number of rooms clients make up: the oldest empty ones go.
    while (m_rooms.size() > MaxRoomsWithHistory) {
        auto oldest = m_rooms.end();
        for (auto it = m_rooms.begin(); it != m_rooms.end(); ++it) {
            if (it->members.isEmpty()
                && (oldest == m_rooms.end() || it->lastActivity < oldest->lastActivity))
                oldest = it;
        }
        if (oldest == m_rooms.end())
            return; // every room is in use
        m_rooms.erase(oldest);
    }
}

QString ChatService::nextMessageId()
{
    return m_idPrefix + QLatin1Char('-') + QString::number(++m_messageCount);
}
