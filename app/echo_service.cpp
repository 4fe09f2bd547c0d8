#include "echo_service.h"

#include "protocol/json_scan.h"
#include "protocol/json_text.h"

#include <QJsonArray>
#include <QJsonObject>

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
}

void EchoService::serve(io::Socket &socket)
{
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
