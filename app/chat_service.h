#pragma once

#include "io/server.h"

#include <QHash>
#include <QJsonObject>
#include <QList>
#include <QObject>
#include <QString>

#include <deque>
#include <optional>

struct ChatOptions
{
    qsizetype maxTextLength = 2000; // characters of one chat message
    qsizetype historySize = 50; // recent messages per room sent to a socket that joins; 0: none
};

// The LAN chat (README, "The chat service"): rooms, presence, typing, acks with message ids and a
// short history per room, on the namespace "/". Written on the public API of server/io only, as an
// application of the library would be.
//
// A socket's chat name and room are kept in its data (`username`, `room`) and the chat room is a
// real room of the socket, so the console shows both. When a sign-in middleware already put a
// `username` in the socket's data (a verified token), that name is used and the one the client
// sends is ignored.
class ChatService final : public QObject
{
    Q_OBJECT
public:
    ChatService(sb::io::Server &server, ChatOptions options);

    // Why a name is refused, for the client (empty when valid).
    static QString usernameProblem(const QString &name);
    static QString roomProblem(const QString &room);

private:
    struct Member
    {
        sb::io::SocketId id;
        QString username;
        bool typing = false;
    };
    struct RoomState
    {
        QList<Member> members; // in the order they joined
        std::deque<QJsonObject> history;
        quint64 lastActivity = 0; // a counter, for evicting the history of idle empty rooms
    };

    void serve(sb::io::Socket &socket);
    void joinRoom(sb::io::Socket &socket, const sb::io::Args &args, const sb::io::Ack &ack);
    void chatMessage(sb::io::Socket &socket, const sb::io::Args &args, const sb::io::Ack &ack);
    void typing(sb::io::Socket &socket, const sb::io::Args &args);
    // Takes the socket out of its chat room with the notices there (also when it disconnected).
    void leaveRoom(sb::io::Namespace &nsp, const sb::io::SocketId &id, bool stillConnected,
        sb::io::Socket *socket);
    void sendRoomUsers(sb::io::Namespace &nsp, const QString &room) const;
    void remember(const QString &room, const QJsonObject &message);
    void evictIdleHistories();
    QString nextMessageId();

    ChatOptions m_options;
    QHash<QString, RoomState> m_rooms;
    QHash<sb::io::SocketId, QString> m_roomOf; // socket → its chat room
    QString m_idPrefix; // random per run, so ids stay unique across restarts too
    quint64 m_messageCount = 0;
    quint64 m_activity = 0;
};
