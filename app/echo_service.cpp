#include "echo_service.h"

#include "protocol/json_scan.h"
#include "protocol/json_text.h"

#include <QCoreApplication>
#include <QJsonArray>
#include <QJsonObject>
#include <QRandomGenerator>

#include <algorithm>
#include <cmath>

using namespace sb;
using io::Args;

namespace {

// Member `key` of argument `index` (an object), as Args of one element with its exact bytes and
// the attachments it refers to; nullopt when absent.
std::optional<Args> member(const Args &args, qsizetype index, QStringView key)
{
    if (index >= args.size() || args.type(index) != sio::JsonType::Object)
        return std::nullopt;
    const QByteArray object = args.raw(index);
    const auto span = sio::findObjectMember(object, key);
    if (!span)
        return std::nullopt;
    const QByteArray wrapped = '[' + object.mid(span->offset, span->length) + ']';
    auto payload = Args::fromJson(wrapped, args.attachments());
    if (!payload)
        return std::nullopt;
    return *payload;
}

// The elements of an array member spread as arguments (the `args` of ask/ask-room).
Args spread(const std::optional<Args> &array)
{
    if (!array || array->isEmpty() || array->type(0) != sio::JsonType::Array)
        return {};
    auto payload = Args::fromJson(array->raw(0), array->attachments());
    return payload ? *payload : Args();
}

QString stringMember(const Args &args, qsizetype index, QStringView key)
{
    const auto value = member(args, index, key);
    return value && value->type(0) == sio::JsonType::String ? value->string(0) : QString();
}

constexpr std::chrono::milliseconds DefaultAskTimeout{5000};

bool isReserved(const QString &event)
{
    static const QStringList reserved{QStringLiteral("connect"), QStringLiteral("connect_error"),
        QStringLiteral("disconnect"), QStringLiteral("disconnecting"),
        QStringLiteral("newListener"), QStringLiteral("removeListener")};
    return reserved.contains(event);
}

// A room name or a list of them; absent is the empty list; nullopt when malformed.
std::optional<QSet<io::Room>> roomList(const std::optional<Args> &value)
{
    if (!value || value->type(0) == sio::JsonType::Null)
        return QSet<io::Room>{};
    QSet<io::Room> rooms;
    const QJsonValue json = value->toJson(0);
    const QJsonArray list = json.isArray() ? json.toArray() : QJsonArray{json};
    for (const QJsonValue &room : list) {
        if (!room.isString() || room.toString().isEmpty())
            return std::nullopt;
        rooms.insert(room.toString());
    }
    return rooms;
}

std::optional<QSet<io::Room>> roomArgument(const Args &args)
{
    if (args.isEmpty())
        return QSet<io::Room>{};
    return roomList(args.sliced(0, 1));
}

struct Question
{
    QString event;
    Args args;
    std::chrono::milliseconds timeout = DefaultAskTimeout;
};

// {event, args?, timeout?} of ask and ask-room; nullopt when malformed.
std::optional<Question> parseQuestion(const Args &args)
{
    if (args.isEmpty() || args.type(0) != sio::JsonType::Object)
        return std::nullopt;
    Question question;
    question.event = stringMember(args, 0, u"event");
    if (question.event.isEmpty() || isReserved(question.event))
        return std::nullopt;
    const auto values = member(args, 0, u"args");
    if (values && values->type(0) == sio::JsonType::Array)
        question.args = spread(values);
    else if (values)
        question.args = *values; // one argument
    if (const auto timeout = member(args, 0, u"timeout")) {
        const double ms
            = timeout->type(0) == sio::JsonType::Number ? timeout->toJson(0).toDouble() : -1;
        if (!(ms > 0) || ms > 3'600'000)
            return std::nullopt;
        question.timeout = std::chrono::milliseconds(qint64(std::ceil(ms)));
    }
    return question;
}

// The id this process answers sb:ping with (server-side-ping): unique per process.
const QString &nodeId()
{
    static const QString id
        = QStringLiteral("switchboard-%1-%2")
              .arg(QCoreApplication::applicationPid())
              .arg(QRandomGenerator::system()->generate(), 8, 16, QLatin1Char('0'));
    return id;
}

// `target` of the cluster events: a room or a socket id (every socket has a room of its id);
// absent or null: every socket.
std::optional<QSet<io::Room>> targetRooms(const Args &args)
{
    if (args.isEmpty() || args.type(0) != sio::JsonType::Object)
        return std::nullopt;
    return roomList(member(args, 0, u"target"));
}

void badRequest(const io::Ack &ack)
{
    ack(sio::PayloadBuilder().appendRaw("{\"error\":\"bad request\"}").build());
}

} // namespace

EchoService::EchoService(io::Server &server, const QList<QByteArray> &namespaces,
    const QList<QRegularExpression> &patterns)
{
    for (const QByteArray &name : namespaces)
        mount(server.of(name));
    for (const QRegularExpression &pattern : patterns)
        mount(server.of(pattern));
    // socket.io always has "/": when the service is not mounted there, it is refused like any
    // namespace that does not exist.
    if (!namespaces.contains(QByteArrayLiteral("/"))) {
        server.main().use([](io::Socket &, const io::NextFunction &next) {
            next(io::ConnectError{QStringLiteral("Invalid namespace"), {}});
        });
    }
}

void EchoService::mount(io::Namespace &nsp)
{
    // A client asks to be refused, to test its connect_error handling with data.
    nsp.use([](io::Socket &socket, const io::NextFunction &next) {
        if (socket.handshake().authObject().value(QStringLiteral("reject")).toBool())
            next(io::ConnectError{
                QStringLiteral("rejected"), QByteArrayLiteral("{\"reason\":\"asked\"}")});
        else
            next(std::nullopt);
    });
    nsp.onConnection([](io::Socket &socket) { serve(socket); });
    // server-side-ping of another server of the cluster: answer with this node's id.
    nsp.onServerSideEmit(
        QStringLiteral("sb:ping"), [](const Args &, const io::Namespace::ServerSideReply &reply) {
            if (reply)
                reply(io::makeArgs(nodeId()));
        });
}

void EchoService::serveCluster(io::Socket &socket)
{
    // Cluster-wide operations (README, "The echo service"); on a single server they see it alone.
    io::Socket *self = &socket;
    socket.on(QStringLiteral("fetch-sockets"), [self](const Args &args, const io::Ack &ack) {
        const auto rooms = roomArgument(args);
        if (!rooms)
            return badRequest(ack);
        self->nsp().broadcastOperator().to(*rooms).fetchSockets(
            [ack](const QList<io::SocketInfo> &found, const QString &error) {
                QJsonArray list;
                for (const io::SocketInfo &info : found) {
                    QStringList names(info.rooms.cbegin(), info.rooms.cend());
                    std::sort(names.begin(), names.end());
                    list.append(QJsonObject{{QStringLiteral("id"), QString::fromLatin1(info.id)},
                        {QStringLiteral("rooms"), QJsonArray::fromStringList(names)}});
                }
                if (error.isEmpty())
                    ack(io::makeArgs(list));
                else
                    ack(io::makeArgs(QJsonObject{
                        {QStringLiteral("error"), error}, {QStringLiteral("sockets"), list}}));
            });
    });
    socket.on(QStringLiteral("server-count"), [self](const Args &, const io::Ack &ack) {
        self->nsp().adapter().fetchServerCount([ack](int count) { ack(io::makeArgs(count)); });
    });
    const auto joinOrLeave = [self](bool join) {
        return [self, join](const Args &args, const io::Ack &ack) {
            const auto target = targetRooms(args);
            const auto room = target ? roomList(member(args, 0, u"room")) : std::nullopt;
            if (!target || !room || room->isEmpty())
                return badRequest(ack);
            const io::BroadcastOperator op = self->nsp().broadcastOperator().to(*target);
            if (join)
                op.socketsJoin(*room);
            else
                op.socketsLeave(*room);
            ack();
        };
    };
    socket.on(QStringLiteral("sockets-join"), joinOrLeave(true));
    socket.on(QStringLiteral("sockets-leave"), joinOrLeave(false));
    socket.on(QStringLiteral("disconnect-sockets"), [self](const Args &args, const io::Ack &ack) {
        const auto target = targetRooms(args);
        if (!target)
            return badRequest(ack);
        const auto close = member(args, 0, u"close");
        const bool closeAll
            = close && close->type(0) == sio::JsonType::Bool && close->toJson(0).toBool();
        // The answer first: the asker may be one of the sockets that go.
        ack();
        self->nsp().broadcastOperator().to(*target).disconnectSockets(closeAll);
    });
    socket.on(QStringLiteral("server-side-ping"), [self](const Args &args, const io::Ack &ack) {
        std::chrono::milliseconds timeout = DefaultAskTimeout;
        if (const auto value = args.isEmpty() ? std::nullopt : member(args, 0, u"timeout")) {
            const double ms
                = value->type(0) == sio::JsonType::Number ? value->toJson(0).toDouble() : -1;
            if (!(ms > 0) || ms > 3'600'000)
                return badRequest(ack);
            timeout = std::chrono::milliseconds(qint64(std::ceil(ms)));
        }
        self->nsp().serverSideEmit(
            QStringLiteral("sb:ping"), {},
            [ack](const QList<Args> &answers, int timedOut) {
                QJsonArray list;
                for (const Args &answer : answers)
                    list.append(answer.isEmpty() ? QJsonValue() : answer.toJson(0));
                ack(io::makeArgs(QJsonObject{
                    {QStringLiteral("answers"), list}, {QStringLiteral("timedOut"), timedOut}}));
            },
            timeout);
    });
}

void EchoService::serve(io::Socket &socket)
{
    serveCluster(socket);
    io::Socket *self = &socket;
    socket.emit(
        QStringLiteral("auth"), sio::PayloadBuilder().appendRaw(socket.handshake().auth).build());

    socket.on(QStringLiteral("message"), [self](const Args &args, const io::Ack &) {
        self->emit(QStringLiteral("message-back"), args);
    });
    const auto echoAck = [](const Args &args, const io::Ack &ack) { ack(args); };
    socket.on(QStringLiteral("message-with-ack"), echoAck);
    socket.on(QStringLiteral("echo"), echoAck);
    socket.on(QStringLiteral("join"), [self](const Args &args, const io::Ack &ack) {
        const auto rooms = roomArgument(args);
        if (!rooms || rooms->isEmpty())
            return badRequest(ack);
        self->join(*rooms);
        ack();
    });
    socket.on(QStringLiteral("leave"), [self](const Args &args, const io::Ack &ack) {
        const auto rooms = roomArgument(args);
        if (!rooms || rooms->isEmpty())
            return badRequest(ack);
        for (const io::Room &room : *rooms)
            self->leave(room);
        ack();
    });
    socket.on(QStringLiteral("broadcast"), [self](const Args &args, const io::Ack &ack) {
        if (args.isEmpty() || args.type(0) != sio::JsonType::Object)
            return badRequest(ack);
        const auto rooms = roomList(member(args, 0, u"room"));
        const auto except = roomList(member(args, 0, u"except"));
        if (!rooms || !except)
            return badRequest(ack);
        const auto data = member(args, 0, u"data");
        self->nsp().broadcastOperator().to(*rooms).except(*except).emit(
            QStringLiteral("msg"), data ? *data : sio::PayloadBuilder().appendNull().build());
        ack();
    });
    socket.on(QStringLiteral("ask"), [self](const Args &args, const io::Ack &ack) {
        const auto question = parseQuestion(args);
        if (!question)
            return badRequest(ack);
        self->timeout(question->timeout)
            .emit(question->event, question->args, [ack](const io::AckResult &result) {
                if (!result.answered()) {
                    ack(sio::PayloadBuilder().appendRaw("{\"error\":\"timeout\"}").build());
                    return;
                }
                // Wrapped so that binary answers keep their attachments (placeholders stay valid).
                auto reply = Args::fromJson(QByteArray("[{\"answer\":" + result.args.json() + "}]"),
                    result.args.attachments());
                ack(reply ? *reply : Args());
            });
    });
    socket.on(QStringLiteral("ask-room"), [self](const Args &args, const io::Ack &ack) {
        const auto question = parseQuestion(args);
        const auto rooms = question ? roomList(member(args, 0, u"room")) : std::nullopt;
        if (!question || !rooms)
            return badRequest(ack);
        self->nsp()
            .broadcastOperator()
            .to(*rooms)
            .timeout(question->timeout)
            .emitWithAck(
                question->event, question->args, [ack](const io::BroadcastAckResult &result) {
                    // Answers with binary arguments would need their attachments renumbered into
                    // one payload; the echo service sends their JSON text only (see README).
                    QByteArray answers = "{\"answers\":[";
                    for (qsizetype i = 0; i < result.answers.size(); ++i) {
                        if (i)
                            answers += ',';
                        answers += result.answers[i].second.json();
                    }
                    answers += "],\"timedOut\":" + QByteArray::number(result.unanswered()) + '}';
                    ack(sio::PayloadBuilder().appendRaw(answers).build());
                });
    });
    socket.on(QStringLiteral("disconnect-me"), [self](const Args &args, const io::Ack &) {
        const bool close
            = !args.isEmpty() && args.type(0) == sio::JsonType::Bool && args.toJson(0).toBool();
        self->disconnect(close);
    });
    socket.on(QStringLiteral("volatile-burst"), [self](const Args &args, const io::Ack &ack) {
        const double count = !args.isEmpty() && args.type(0) == sio::JsonType::Number
            ? args.toJson(0).toDouble()
            : -1;
        if (count < 0 || count > 100'000 || count != std::floor(count))
            return badRequest(ack);
        for (int i = 0; i < int(count); ++i)
            self->asVolatile().emit(QStringLiteral("v"), io::makeArgs(i));
        ack();
    });
    socket.on(QStringLiteral("server-rooms"), [self](const Args &, const io::Ack &ack) {
        QStringList rooms(self->rooms().cbegin(), self->rooms().cend());
        std::sort(rooms.begin(), rooms.end());
        ack(io::makeArgs(QJsonArray::fromStringList(rooms)));
    });
}
