#pragma once

#include <QByteArray>
#include <QList>

#include <functional>

struct redisAsyncContext;
struct redisReply;
class QSocketNotifier;

namespace sb::cluster {

// One asynchronous hiredis connection driven by the Qt event loop of the thread that opens it
// (QSocketNotifiers on its file descriptor). hiredis owns and frees the context when the link
// breaks; this object only learns of it (stateChanged(false)) and may open() again.
class HiredisConnection
{
public:
    using ReplyCallback = std::function<void(const redisReply *reply)>; // nullptr: no reply
    using StateCallback = std::function<void(bool up)>;

    explicit HiredisConnection(StateCallback stateChanged);
    ~HiredisConnection();
    HiredisConnection(const HiredisConnection &) = delete;
    HiredisConnection &operator=(const HiredisConnection &) = delete;

    // Starts connecting; false if that failed at once (stateChanged(false) is not called then).
    bool open(const QByteArray &host, int port);
    bool isUp() const { return m_up; }
    bool isOpen() const { return m_ctx != nullptr; }
    QByteArray lastError() const { return m_lastError; }

    // Sends a command; the callback, when given, runs once with its reply (nullptr when the
    // connection went away first). False when not connected.
    bool command(const QList<QByteArray> &args, ReplyCallback reply = {});
    // For SUBSCRIBE/PSUBSCRIBE/UNSUBSCRIBE...: every message of the subscription goes to `push`.
    bool subscribeCommand(const QList<QByteArray> &args);
    void setPushHandler(std::function<void(const redisReply *reply)> push)
    {
        m_push = std::move(push);
    }

private:
    bool send(const QList<QByteArray> &args, void (*callback)(redisAsyncContext *, void *, void *),
        void *privdata);
    static void connected(const redisAsyncContext *ctx, int status);
    static void disconnected(const redisAsyncContext *ctx, int status);
    static void replied(redisAsyncContext *ctx, void *reply, void *privdata);
    static void pushed(redisAsyncContext *ctx, void *reply, void *privdata);
    static void addRead(void *self);
    static void delRead(void *self);
    static void addWrite(void *self);
    static void delWrite(void *self);
    static void cleanup(void *self);
    void lost(const QByteArray &why);

    StateCallback m_stateChanged;
    std::function<void(const redisReply *)> m_push;
    redisAsyncContext *m_ctx = nullptr;
    QSocketNotifier *m_read = nullptr;
    QSocketNotifier *m_write = nullptr;
    QByteArray m_lastError;
    bool m_up = false;
    bool m_closing = false; // in the destructor: callbacks are not run
};

} // namespace sb::cluster
