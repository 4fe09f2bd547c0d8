#include "cluster/hiredis_connection.h"

#include <QSocketNotifier>

#include <hiredis/async.h>
#include <hiredis/hiredis.h>

#include <vector>

namespace sb::cluster {

namespace {

HiredisConnection *owner(const redisAsyncContext *ctx)
{
    return static_cast<HiredisConnection *>(ctx->data);
}

// A notifier may be dropped from inside its own activation (hiredis frees the context while
// reading): disable it now, delete it once that activation is over.
void retire(QSocketNotifier *&notifier)
{
    if (!notifier)
        return;
    notifier->setEnabled(false);
    notifier->deleteLater();
    notifier = nullptr;
}

} // namespace

HiredisConnection::HiredisConnection(StateCallback stateChanged)
    : m_stateChanged(std::move(stateChanged))
{ }

HiredisConnection::~HiredisConnection()
{
    m_closing = true;
    if (m_ctx) {
        redisAsyncContext *ctx = m_ctx;
        m_ctx = nullptr;
        redisAsyncFree(ctx); // runs the pending callbacks with no reply, then cleanup()
    }
    retire(m_read);
    retire(m_write);
}

bool HiredisConnection::open(const QByteArray &host, int port)
{
    if (m_ctx)
        return true;
    redisAsyncContext *ctx = redisAsyncConnect(host.constData(), port);
    if (!ctx)
        return false;
    if (ctx->err) {
        m_lastError = QByteArray(ctx->errstr);
        redisAsyncFree(ctx);
        return false;
    }
    m_ctx = ctx;
    ctx->data = this;
    ctx->ev.data = this;
    ctx->ev.addRead = &HiredisConnection::addRead;
    ctx->ev.delRead = &HiredisConnection::delRead;
    ctx->ev.addWrite = &HiredisConnection::addWrite;
    ctx->ev.delWrite = &HiredisConnection::delWrite;
    ctx->ev.cleanup = &HiredisConnection::cleanup;
    redisAsyncSetConnectCallback(ctx, &HiredisConnection::connected);
    redisAsyncSetDisconnectCallback(ctx, &HiredisConnection::disconnected);
    // A non-blocking connect reports through writability; hiredis asks for it itself.
    addWrite(this);
    return true;
}

bool HiredisConnection::send(const QList<QByteArray> &args,
    void (*callback)(redisAsyncContext *, void *, void *), void *privdata)
{
    if (!m_ctx || !m_up)
        return false;
    std::vector<const char *> argv;
    std::vector<size_t> lengths;
    argv.reserve(size_t(args.size()));
    lengths.reserve(size_t(args.size()));
    for (const QByteArray &arg : args) {
        argv.push_back(arg.constData());
        lengths.push_back(size_t(arg.size()));
    }
    return redisAsyncCommandArgv(
               m_ctx, callback, privdata, int(argv.size()), argv.data(), lengths.data())
        == REDIS_OK;
}

bool HiredisConnection::command(const QList<QByteArray> &args, ReplyCallback reply)
{
    if (!reply)
        return send(args, nullptr, nullptr);
    auto *pending = new ReplyCallback(std::move(reply));
    if (send(args, &HiredisConnection::replied, pending))
        return true;
    delete pending;
    return false;
}

bool HiredisConnection::subscribeCommand(const QList<QByteArray> &args)
{
    return send(args, &HiredisConnection::pushed, this);
}

void HiredisConnection::connected(const redisAsyncContext *ctx, int status)
{
    HiredisConnection *self = owner(ctx);
    if (!self || self->m_closing)
        return;
    if (status != REDIS_OK) {
        // hiredis frees the context when this returns.
        self->lost(QByteArray(ctx->errstr));
        return;
    }
    self->m_up = true;
    self->m_lastError.clear();
    if (self->m_stateChanged)
        self->m_stateChanged(true);
}

void HiredisConnection::disconnected(const redisAsyncContext *ctx, int status)
{
    HiredisConnection *self = owner(ctx);
    if (!self || self->m_closing)
        return;
    self->lost(status == REDIS_OK ? QByteArray("closed") : QByteArray(ctx->errstr));
}

void HiredisConnection::lost(const QByteArray &why)
{
    m_ctx = nullptr; // freed by hiredis after this callback
    m_lastError = why;
    const bool wasUp = m_up;
    m_up = false;
    Q_UNUSED(wasUp);
    if (m_stateChanged)
        m_stateChanged(false);
}

void HiredisConnection::replied(redisAsyncContext *ctx, void *reply, void *privdata)
{
    auto *callback = static_cast<ReplyCallback *>(privdata);
    HiredisConnection *self = owner(ctx);
    if (self && !self->m_closing && *callback)
        (*callback)(static_cast<const redisReply *>(reply));
    delete callback;
}

void HiredisConnection::pushed(redisAsyncContext *ctx, void *reply, void *)
{
    HiredisConnection *self = owner(ctx);
    if (!reply || !self || self->m_closing || !self->m_push)
        return;
    self->m_push(static_cast<const redisReply *>(reply));
}

void HiredisConnection::addRead(void *data)
{
    auto *self = static_cast<HiredisConnection *>(data);
    if (self->m_read || !self->m_ctx)
        return;
    self->m_read = new QSocketNotifier(self->m_ctx->c.fd, QSocketNotifier::Read);
    QObject::connect(self->m_read, &QSocketNotifier::activated, [self] {
        if (self->m_ctx)
            redisAsyncHandleRead(self->m_ctx);
    });
}

void HiredisConnection::delRead(void *data)
{
    retire(static_cast<HiredisConnection *>(data)->m_read);
}

void HiredisConnection::addWrite(void *data)
{
    auto *self = static_cast<HiredisConnection *>(data);
    if (self->m_write || !self->m_ctx)
        return;
    self->m_write = new QSocketNotifier(self->m_ctx->c.fd, QSocketNotifier::Write);
    QObject::connect(self->m_write, &QSocketNotifier::activated, [self] {
        if (self->m_ctx)
            redisAsyncHandleWrite(self->m_ctx);
    });
}

void HiredisConnection::delWrite(void *data)
{
    retire(static_cast<HiredisConnection *>(data)->m_write);
}

void HiredisConnection::cleanup(void *data)
{
    auto *self = static_cast<HiredisConnection *>(data);
    retire(self->m_read);
    retire(self->m_write);
}

} // namespace sb::cluster
