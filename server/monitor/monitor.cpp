#include "monitor/monitor.h"

#include "monitor/monitor_log.h"

#include "engine/engine_server.h"
#include "engine/session.h"
#include "io/broadcast_operator.h"
#include "io/connection.h"
#include "io/namespace.h"
#include "io/server.h"
#include "io/socket.h"

#include <QDateTime>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QTimerEvent>
#include <QUrlQuery>

#include <algorithm>

Q_LOGGING_CATEGORY(lcMonitor, "sb.monitor", QtWarningMsg)

namespace sb::monitor {

namespace {
constexpr qsizetype MaxAnswerKept = 16 * 1024;
constexpr int SioAck = 3; // sio::PacketType::Ack
constexpr int SioBinaryAck = 6;
constexpr int SioEvent = 2;
constexpr int SioBinaryEvent = 5;

EpochMs now()
{
    return QDateTime::currentMSecsSinceEpoch();
}

bool isEvent(int type)
{
    return type == SioEvent || type == SioBinaryEvent;
}

bool isAck(int type)
{
    return type == SioAck || type == SioBinaryAck;
}

QByteArray ackKey(char kind, const QByteArray &socket, quint64 id)
{
    return kind + socket + ':' + QByteArray::number(id);
}

// The text frame of an incoming packet, as the client sent it (spec "Packet encoding"): type,
// attachment count, namespace unless "/", ack id, then the data.
QByteArray incomingFrame(const io::PacketRecord &record)
{
    QByteArray frame;
    frame.reserve(record.bytes.size() + record.nsp.size() + 24);
    frame += char('0' + record.type);
    if (record.type == SioBinaryEvent || record.type == SioBinaryAck)
        frame += QByteArray::number(record.attachments) + '-';
    if (record.nsp != "/")
        frame += record.nsp + ',';
    if (record.ackId)
        frame += QByteArray::number(*record.ackId);
    frame += record.bytes;
    return frame;
}

// Transport as one small number for the change signature: kind, upgraded, upgrading.
int transportCode(const eio::Session *session)
{
    if (!session)
        return 0;
    return (session->transportKind() == eio::TransportKind::WebSocket ? 1 : 2)
        | (session->isUpgraded() ? 4 : 0) | (session->isUpgrading() ? 8 : 0);
}

// Who a socket belongs to, for the table: what the application stored, else what the client
// said in its CONNECT payload.
QString userOf(const io::Socket &socket)
{
    static const char *const keys[] = {"username", "name", "user", "userId"};
    for (const char *key : keys) {
        const QVariant value = socket.data().value(QLatin1String(key));
        if (value.isValid() && !value.toString().isEmpty())
            return value.toString();
    }
    const QByteArray &auth = socket.handshake().auth;
    if (auth.size() <= 2)
        return {};
    const QJsonObject object = QJsonDocument::fromJson(auth).object();
    for (const char *key : keys) {
        const QJsonValue value = object.value(QLatin1String(key));
        if (value.isString())
            return value.toString();
        if (value.isDouble())
            return QString::number(value.toDouble());
    }
    return {};
}
} // namespace

Monitor::Monitor(io::Server &server, MonitorOptions options, QObject *parent)
    : QObject(parent)
    , m_server(&server)
    , m_options(options)
    , m_tap(options.tapCapacity)
{
    registerMetaTypes();
    server.addObserver(this);
    server.engine().addObserver(this);
    m_attached = true;
    // Sockets and namespaces that exist already (a monitor attached to a running server).
    for (io::Namespace *nsp : server.namespaces()) {
        namespaceCreated(nsp->name());
        for (io::Socket *socket : nsp->sockets()) {
            socketConnected(*socket);
            for (const io::Room &room : socket->rooms())
                roomJoined(nsp->name(), room, socket->id());
        }
    }
}

Monitor::~Monitor()
{
    detach();
}

void Monitor::detach()
{
    m_timer.stop();
    m_lag.stop();
    if (!m_attached)
        return;
    m_attached = false;
    m_server->removeObserver(this);
    m_server->engine().removeObserver(this);
}

void Monitor::start()
{
    m_sinceTick.start();
    m_health.sample(m_lastHealth, true);
    m_lag.start();
    m_timer.start(int(m_options.interval.count()), Qt::PreciseTimer, this); // one per server
}

void Monitor::timerEvent(QTimerEvent *event)
{
    if (event->timerId() == m_timer.timerId())
        tick();
    else
        QObject::timerEvent(event);
}

void Monitor::setTapEnabled(bool enabled)
{
    m_tapEnabled = enabled;
}

void Monitor::setTapFilter(const TapFilter &filter)
{
    m_filter = filter;
    m_eventPattern = QRegularExpression(filter.eventPattern);
    if (!m_eventPattern.isValid())
        m_eventPattern = QRegularExpression(QRegularExpression::escape(filter.eventPattern));
}

// --- engine hooks ------------------------------------------------------------------------------

void Monitor::handshakeRefused(const eio::Refusal &refusal, const http::Request &request)
{
    ++m_totals.failedHandshakes;
    ++m_totals.failedHandshakesByCode[int(refusal.code)];
    ConnectionFailure failure;
    failure.time = now();
    failure.kind = ConnectionFailure::Kind::Handshake;
    failure.address = request.remoteAddress.toString();
    failure.origin = QString::fromUtf8(request.header("origin"));
    failure.userAgent = QString::fromUtf8(request.header("user-agent"));
    failure.code = int(refusal.code);
    failure.message = refusal.effectiveMessage();
    failure.detail = refusal.detail;
    pushFailure(std::move(failure));
}

void Monitor::sessionOpened(const eio::Session &)
{
    ++m_totals.handshakes;
}

// --- io hooks ----------------------------------------------------------------------------------

void Monitor::socketConnected(const io::Socket &socket)
{
    Tracked tracked;
    tracked.socket = const_cast<io::Socket *>(&socket); // QPointer wants non-const; never written
    tracked.nsp = socket.nsp().name();
    tracked.connectedAt
        = socket.handshake().time.isValid() ? socket.handshake().time.toMSecsSinceEpoch() : now();
    m_sockets.insert(socket.id(), tracked);
    m_toAdd.push_back(socket.id());
    ++m_namespaces[tracked.nsp].sockets;
    m_namespacesDirty = true;
}

void Monitor::socketDisconnected(const io::Socket &socket, io::DisconnectReason reason)
{
    ++m_totals.disconnectsByReason[QString::fromLatin1(io::disconnectReasonText(reason))];
    const auto it = m_sockets.find(socket.id());
    if (it == m_sockets.end())
        return;
    if (it->sent)
        m_removed.append(socket.id());
    // An unsent socket stays in m_toAdd; fillSocketDelta skips ids no longer tracked.
    auto nsp = m_namespaces.find(it->nsp);
    if (nsp != m_namespaces.end()) {
        --nsp->sockets;
        m_namespacesDirty = true;
    }
    m_sockets.erase(it);
    dropClientAcks(socket.id());
}

void Monitor::namespaceCreated(const QByteArray &nsp)
{
    m_namespaces[nsp];
    m_namespacesDirty = true;
}

void Monitor::namespaceRemoved(const QByteArray &nsp)
{
    m_namespaces.remove(nsp);
    m_namespacesDirty = true;
}

void Monitor::roomJoined(const QByteArray &nsp, const io::Room &room, const io::SocketId &id)
{
    if (room.size() == id.size() && room == QLatin1String(id))
        return; // the socket's own room
    ++m_namespaces[nsp].rooms[room];
    m_namespacesDirty = true;
    const auto it = m_sockets.find(id);
    if (it != m_sockets.end())
        ++it->roomsVersion;
}

void Monitor::roomLeft(const QByteArray &nsp, const io::Room &room, const io::SocketId &id)
{
    if (room.size() == id.size() && room == QLatin1String(id))
        return;
    auto state = m_namespaces.find(nsp);
    if (state != m_namespaces.end()) {
        auto count = state->rooms.find(room);
        if (count != state->rooms.end() && --*count <= 0)
            state->rooms.erase(count);
        m_namespacesDirty = true;
    }
    const auto it = m_sockets.find(id);
    if (it != m_sockets.end())
        ++it->roomsVersion;
}

void Monitor::packet(const io::PacketRecord &record)
{
    const bool event = isEvent(record.type);
    if (record.direction == io::Direction::In) {
        if (event) {
            ++m_totals.eventsIn;
            m_totals.bytesIn += quint64(record.size);
            if (record.ackId)
                trackClientAck(record);
        }
    } else {
        if (event && m_broadcastRecipients)
            *m_broadcastRecipients += record.recipients;
        if (event) {
            m_totals.eventsOut += quint64(record.recipients);
            m_totals.bytesOut += quint64(record.size) * quint64(record.recipients);
        } else if (isAck(record.type) && record.ackId && !record.isBroadcast()) {
            settleClientAck(record);
        }
    }
    if (!m_tapEnabled || !tapAccepts(record))
        return;
    TrafficRecord kept;
    kept.time = now();
    kept.direction = record.direction == io::Direction::In ? Direction::In : Direction::Out;
    kept.socket = record.socket;
    kept.nsp = record.nsp;
    kept.event = record.event;
    kept.ackId = record.ackId ? qint64(*record.ackId) : -1;
    kept.packetType = record.type;
    kept.size = record.size;
    kept.attachments = record.attachments;
    kept.recipients = record.recipients;
    kept.rooms = record.rooms;
    kept.except = record.except;
    // Outgoing records carry the encoded frame; incoming ones the packet's JSON data only: give
    // the log the frame in both directions.
    const QByteArray frame
        = record.direction == io::Direction::In ? incomingFrame(record) : record.bytes;
    if (frame.size() > TrafficRecord::MaxPayloadKept) {
        // A copy of the prefix: sharing would keep the whole (maybe megabyte) frame alive.
        kept.payload = QByteArray(frame.constData(), TrafficRecord::MaxPayloadKept);
        kept.truncated = true;
    } else {
        kept.payload = frame;
    }
    m_tap.append(std::move(kept));
}

bool Monitor::tapAccepts(const io::PacketRecord &record) const
{
    const bool in = record.direction == io::Direction::In;
    if ((in && !m_filter.in) || (!in && !m_filter.out))
        return false;
    if (!m_filter.includeAcks && isAck(record.type))
        return false;
    if (!m_filter.includeBroadcasts && record.isBroadcast())
        return false;
    if (!m_filter.nsp.isEmpty() && record.nsp != m_filter.nsp)
        return false;
    if (!m_filter.socket.isEmpty() && record.socket != m_filter.socket)
        return false;
    if (!m_filter.eventPattern.isEmpty() && !m_eventPattern.match(record.event).hasMatch())
        return false;
    return true;
}

// --- acks --------------------------------------------------------------------------------------

void Monitor::pushAck(const AckRecord &record)
{
    if (m_ackChanges.size() >= m_options.acksPerTick) {
        ++m_totals.acksDropped;
        return;
    }
    m_ackChanges.append(record);
}

void Monitor::ackRequested(const QByteArray &nsp, const io::SocketId &id, quint64 ackId,
    const QString &event, std::optional<std::chrono::milliseconds> timeout)
{
    if (m_pendingAcks.size() >= m_options.pendingAcksKept) {
        ++m_totals.acksDropped;
        return;
    }
    AckRecord record;
    record.key = m_nextAckKey++;
    record.kind = AckRecord::Kind::ServerToClient;
    record.nsp = nsp;
    record.socket = id;
    record.ackId = ackId;
    record.event = event;
    record.requestedAt = now();
    if (timeout)
        record.timeoutMs = timeout->count();
    m_pendingAcks.insert(ackKey('s', id, ackId), record);
    pushAck(record);
}

void Monitor::settle(const QByteArray &key, AckRecord::State state, const QByteArray &answer)
{
    const auto it = m_pendingAcks.find(key);
    if (it == m_pendingAcks.end())
        return; // not tracked (the store was full when it was asked)
    AckRecord record = std::move(*it);
    m_pendingAcks.erase(it);
    record.state = state;
    record.settledAt = now();
    record.latencyUs = (record.settledAt - record.requestedAt) * 1000;
    if (answer.size() > MaxAnswerKept) {
        record.answer = answer.left(MaxAnswerKept);
        record.answerTruncated = true;
    } else {
        record.answer = answer;
    }
    switch (state) {
    case AckRecord::State::Answered:
        ++m_totals.acksAnswered;
        break;
    case AckRecord::State::TimedOut:
        ++m_totals.acksTimedOut;
        break;
    case AckRecord::State::Disconnected:
        ++m_totals.acksDisconnected;
        break;
    case AckRecord::State::Pending:
        break;
    }
    if (record.kind == AckRecord::Kind::ClientToServer) {
        const auto socket = m_sockets.find(record.socket);
        if (socket != m_sockets.end())
            --socket->clientAcksPending;
    }
    pushAck(record);
}

void Monitor::ackAnswered(const QByteArray &, const io::SocketId &id, quint64 ackId,
    std::chrono::milliseconds latency, const io::Args &args)
{
    const QByteArray key = ackKey('s', id, ackId);
    const auto it = m_pendingAcks.find(key);
    if (it != m_pendingAcks.end()) {
        // The io layer measured it on a monotonic clock: better than two wall-clock readings.
        settle(key, AckRecord::State::Answered, args.json());
        if (!m_ackChanges.isEmpty() && m_ackChanges.last().socket == id
            && m_ackChanges.last().ackId == ackId)
            m_ackChanges.last().latencyUs = qint64(latency.count()) * 1000;
    }
}

void Monitor::ackTimedOut(const QByteArray &, const io::SocketId &id, quint64 ackId)
{
    settle(ackKey('s', id, ackId), AckRecord::State::TimedOut);
}

void Monitor::ackDisconnected(const QByteArray &, const io::SocketId &id, quint64 ackId)
{
    settle(ackKey('s', id, ackId), AckRecord::State::Disconnected);
}

void Monitor::trackClientAck(const io::PacketRecord &record)
{
    if (m_pendingAcks.size() >= m_options.pendingAcksKept) {
        ++m_totals.acksDropped;
        return;
    }
    AckRecord ack;
    ack.key = m_nextAckKey++;
    ack.kind = AckRecord::Kind::ClientToServer;
    ack.nsp = record.nsp;
    ack.socket = record.socket;
    ack.ackId = *record.ackId;
    ack.event = record.event;
    ack.requestedAt = now();
    m_pendingAcks.insert(ackKey('c', record.socket, *record.ackId), ack);
    const auto socket = m_sockets.find(record.socket);
    if (socket != m_sockets.end())
        ++socket->clientAcksPending;
    pushAck(ack);
}

void Monitor::settleClientAck(const io::PacketRecord &record)
{
    // The ACK packet's JSON is the answer: strip "3/nsp,<id>" to keep the arguments only.
    QByteArray answer = record.bytes;
    const qsizetype open = answer.indexOf('[');
    answer = open >= 0 ? answer.mid(open) : QByteArray();
    settle(ackKey('c', record.socket, *record.ackId), AckRecord::State::Answered, answer);
}

void Monitor::dropClientAcks(const QByteArray &socketId)
{
    // Events of this socket our handlers never answered: nobody will now.
    QList<QByteArray> keys;
    for (auto it = m_pendingAcks.cbegin(); it != m_pendingAcks.cend(); ++it) {
        if (it->kind == AckRecord::Kind::ClientToServer && it->socket == socketId)
            keys.append(it.key());
    }
    for (const QByteArray &key : keys)
        settle(key, AckRecord::State::Disconnected);
}

// --- failures ----------------------------------------------------------------------------------

void Monitor::pushFailure(ConnectionFailure failure)
{
    if (m_failures.size() >= m_options.failuresPerTick) {
        ++m_totals.failuresDropped;
        return;
    }
    m_failures.append(std::move(failure));
}

void Monitor::connectRefused(
    const io::Connection &connection, const QByteArray &nsp, const io::ConnectError &error)
{
    ++m_totals.refusedConnects;
    ConnectionFailure failure;
    failure.time = now();
    failure.kind = ConnectionFailure::Kind::Connect;
    if (const eio::Session *session = connection.session()) {
        const http::Request &request = session->request();
        failure.address = request.remoteAddress.toString();
        failure.origin = QString::fromUtf8(request.header("origin"));
        failure.userAgent = QString::fromUtf8(request.header("user-agent"));
    }
    failure.message = error.message;
    failure.detail = error.data;
    failure.nsp = nsp;
    pushFailure(std::move(failure));
}

// --- snapshots ---------------------------------------------------------------------------------

Monitor::Signature Monitor::signatureOf(const Tracked &tracked) const
{
    Signature signature;
    const io::Socket *socket = tracked.socket.data();
    if (!socket)
        return signature;
    signature.stats = socket->stats();
    const eio::Session *session = socket->connection().session();
    signature.rttUs
        = session && session->stats().rttSamples > 0 ? session->stats().rtt.count() : -1;
    signature.pendingAcks = socket->pendingAckCount() + tracked.clientAcksPending;
    signature.transport = transportCode(session);
    signature.roomsVersion = tracked.roomsVersion;
    return signature;
}

SocketRow Monitor::rowFor(const QByteArray &id, const Tracked &tracked) const
{
    SocketRow row;
    row.id = id;
    row.nsp = tracked.nsp;
    row.connectedAt = tracked.connectedAt;
    const io::Socket *socket = tracked.socket.data();
    if (!socket)
        return row;
    const eio::Session *session = socket->connection().session();
    row.sessionId = socket->connection().sessionId();
    row.user = userOf(*socket);
    row.address = socket->handshake().address();
    if (session) {
        row.transport = session->transportKind() == eio::TransportKind::WebSocket
            ? QStringLiteral("websocket")
            : QStringLiteral("polling");
        row.upgraded = session->isUpgraded();
        row.upgrading = session->isUpgrading();
        if (session->stats().rttSamples > 0)
            row.rttUs = session->stats().rtt.count();
    }
    const QString own = socket->ownRoom();
    for (const io::Room &room : socket->rooms()) {
        if (room != own)
            row.rooms.append(room);
    }
    std::sort(row.rooms.begin(), row.rooms.end());
    const io::SocketStats &stats = socket->stats();
    row.eventsIn = stats.eventsIn;
    row.eventsOut = stats.eventsOut;
    row.bytesIn = stats.bytesIn;
    row.bytesOut = stats.bytesOut;
    row.pendingAcks = socket->pendingAckCount() + tracked.clientAcksPending;
    return row;
}

void Monitor::fillSocketDelta(ServerSnapshot &snapshot)
{
    SocketDelta &delta = snapshot.socketDelta;
    delta.removed = std::exchange(m_removed, {});
    ++m_deltaTick;
    // Changed rows first (cheap comparison of counters; a row is built only when it is sent).
    // Counter-only changes wait for the budget, the longest unsent first, so none starves.
    struct Waiting
    {
        quint64 lastSentTick;
        QHash<QByteArray, Tracked>::iterator it;
        Signature signature;
    };
    std::vector<Waiting> waiting;
    for (auto it = m_sockets.begin(); it != m_sockets.end(); ++it) {
        if (!it->sent)
            continue;
        const Signature signature = signatureOf(*it);
        if (signature == it->last)
            continue;
        const bool structural = signature.transport != it->last.transport
            || signature.roomsVersion != it->last.roomsVersion;
        if (!structural) {
            waiting.push_back({it->lastSentTick, it, signature});
            continue;
        }
        it->last = signature;
        it->lastSentTick = m_deltaTick;
        delta.updated.append(rowFor(it.key(), *it));
    }
    const auto budget = size_t(std::max<qsizetype>(0, m_options.counterUpdatesPerTick));
    if (waiting.size() > budget) {
        std::nth_element(waiting.begin(), waiting.begin() + qsizetype(budget), waiting.end(),
            [](const Waiting &a, const Waiting &b) { return a.lastSentTick < b.lastSentTick; });
        waiting.resize(budget);
    }
    for (Waiting &w : waiting) {
        w.it->last = w.signature;
        w.it->lastSentTick = m_deltaTick;
        delta.updated.append(rowFor(w.it.key(), *w.it));
    }
    while (!m_toAdd.empty() && delta.added.size() < m_options.socketsAddedPerTick) {
        const QByteArray id = std::move(m_toAdd.front());
        m_toAdd.pop_front();
        const auto it = m_sockets.find(id);
        if (it == m_sockets.end() || it->sent)
            continue; // gone before its row was sent
        it->sent = true;
        it->last = signatureOf(*it);
        it->lastSentTick = m_deltaTick;
        delta.added.append(rowFor(id, *it));
    }
}

QList<NamespaceCount> Monitor::namespaceCounts() const
{
    QList<NamespaceCount> result;
    result.reserve(m_namespaces.size());
    for (auto it = m_namespaces.cbegin(); it != m_namespaces.cend(); ++it) {
        NamespaceCount count;
        count.name = it.key();
        count.sockets = it->sockets;
        count.rooms.reserve(it->rooms.size());
        for (auto room = it->rooms.cbegin(); room != it->rooms.cend(); ++room)
            count.rooms.append({room.key(), room.value()});
        std::sort(count.rooms.begin(), count.rooms.end(),
            [](const RoomCount &a, const RoomCount &b) { return a.name < b.name; });
        result.append(std::move(count));
    }
    std::sort(result.begin(), result.end(),
        [](const NamespaceCount &a, const NamespaceCount &b) { return a.name < b.name; });
    return result;
}

void Monitor::fillRtt(RttHistogram &histogram) const
{
    std::vector<qint64> samples;
    samples.reserve(size_t(m_server->engine().sessionCount()));
    for (const eio::Session *session : m_server->engine().sessions()) {
        if (session->stats().rttSamples == 0)
            continue;
        const qint64 us = session->stats().rtt.count();
        samples.push_back(us);
        ++histogram.counts[RttHistogram::bucketFor(us)];
    }
    histogram.samples = quint64(samples.size());
    if (samples.empty())
        return;
    const auto at = [&](double q) {
        const size_t index = std::min(samples.size() - 1, size_t(q * double(samples.size() - 1)));
        std::nth_element(samples.begin(), samples.begin() + qsizetype(index), samples.end());
        return samples[index];
    };
    histogram.p50Us = at(0.50);
    histogram.p99Us = at(0.99);
}

void Monitor::tick()
{
    auto snapshot = std::make_shared<ServerSnapshot>();
    const qint64 elapsedMs = std::max<qint64>(1, m_sinceTick.restart());
    snapshot->seq = ++m_seq;
    snapshot->time = now();
    snapshot->interval = std::chrono::milliseconds(elapsedMs);
    snapshot->state = m_state;
    snapshot->title = m_title;
    snapshot->urls = m_urls;
    snapshot->sockets = int(m_sockets.size());
    snapshot->connections = int(m_server->engine().sessionCount());
    snapshot->tapEnabled = m_tapEnabled;

    m_totals.trafficDropped = m_tap.dropped();
    snapshot->totals = m_totals;
    const double seconds = double(elapsedMs) / 1000.0;
    const auto rate = [&](quint64 now, quint64 before) { return double(now - before) / seconds; };
    snapshot->rates.eventsIn = rate(m_totals.eventsIn, m_lastTotals.eventsIn);
    snapshot->rates.eventsOut = rate(m_totals.eventsOut, m_lastTotals.eventsOut);
    snapshot->rates.bytesIn = rate(m_totals.bytesIn, m_lastTotals.bytesIn);
    snapshot->rates.bytesOut = rate(m_totals.bytesOut, m_lastTotals.bytesOut);
    snapshot->rates.handshakes = rate(m_totals.handshakes, m_lastTotals.handshakes);
    snapshot->rates.failedHandshakes
        = rate(m_totals.failedHandshakes, m_lastTotals.failedHandshakes);
    m_lastTotals = m_totals;

    m_health.sample(m_lastHealth,
        m_options.fdSampleEvery <= 1 || m_seq % quint64(m_options.fdSampleEvery) == 1);
    m_lastHealth.serverLoop = m_lag.lag();
    snapshot->health = m_lastHealth;
    fillRtt(snapshot->rtt);

    if (m_namespacesDirty) {
        snapshot->namespacesChanged = true;
        snapshot->namespaces = namespaceCounts();
        m_namespacesDirty = false;
    }
    fillSocketDelta(*snapshot);
    snapshot->traffic = m_tap.drain();
    snapshot->acks = std::exchange(m_ackChanges, {});
    snapshot->failures = std::exchange(m_failures, {});
    Q_EMIT snapshotReady(std::move(snapshot));
}

SocketDetails Monitor::socketDetails(const QByteArray &socketId) const
{
    SocketDetails details;
    details.id = socketId;
    const auto it = m_sockets.constFind(socketId);
    if (it == m_sockets.cend() || !it->socket)
        return details;
    const io::Socket &socket = *it->socket;
    const io::Handshake &handshake = socket.handshake();
    details.found = true;
    details.nsp = socket.nsp().name();
    details.sessionId = socket.connection().sessionId();
    details.address = handshake.address();
    details.handshakeTime = handshake.issued();
    details.url = handshake.url();
    details.headers = handshake.request.headers;
    const QUrlQuery query(QString::fromUtf8(handshake.request.query));
    for (const auto &[key, value] : query.queryItems(QUrl::FullyDecoded))
        details.query.append({key.toUtf8(), value.toUtf8()});
    details.auth = handshake.auth;
    details.data
        = QJsonDocument(QJsonObject::fromVariantMap(socket.data())).toJson(QJsonDocument::Compact);
    const QString own = socket.ownRoom();
    for (const io::Room &room : socket.rooms()) {
        if (room != own)
            details.rooms.append(room);
    }
    std::sort(details.rooms.begin(), details.rooms.end());
    if (const eio::Session *session = socket.connection().session())
        details.transport = session->transportKind() == eio::TransportKind::WebSocket
            ? QStringLiteral("websocket")
            : QStringLiteral("polling");
    details.recovered = socket.recovered();
    details.secure = handshake.secure();
    return details;
}

// --- operator actions --------------------------------------------------------------------------

std::optional<QString> Monitor::buildArguments(
    const QList<ComposedArgument> &arguments, io::Args &result)
{
    sio::PayloadBuilder builder;
    for (qsizetype i = 0; i < arguments.size(); ++i) {
        const ComposedArgument &argument = arguments.at(i);
        if (argument.binary) {
            builder.appendBinary(argument.data);
            continue;
        }
        const QByteArray text = argument.data.trimmed();
        // A scalar is valid JSON too: parse it as the element of an array.
        QJsonParseError error;
        const QJsonDocument document = QJsonDocument::fromJson('[' + text + ']', &error);
        if (text.isEmpty() || error.error != QJsonParseError::NoError || !document.isArray()
            || document.array().size() != 1) {
            return tr("argument %1 is not one JSON value").arg(i + 1);
        }
        // The client would take such an object for an attachment it never gets.
        if (text.contains("\"_placeholder\""))
            return tr("argument %1 uses the reserved key _placeholder").arg(i + 1);
        builder.appendRaw(text); // exact text: big integers and key order as typed
    }
    result = builder.build();
    return std::nullopt;
}

void Monitor::broadcast(const BroadcastRequest &request)
{
    BroadcastSummary summary;
    summary.requestId = request.id;
    const auto refuse = [&](const QString &why) {
        summary.error = why;
        Q_EMIT broadcastFinished(summary);
    };
    static const QStringList reserved = {QStringLiteral("connect"), QStringLiteral("connect_error"),
        QStringLiteral("disconnect"), QStringLiteral("disconnecting"),
        QStringLiteral("newListener"), QStringLiteral("removeListener")};
    if (request.event.isEmpty())
        return refuse(tr("an event name is needed"));
    if (reserved.contains(request.event))
        return refuse(tr("%1 is a reserved event name").arg(request.event));
    io::Args args;
    if (const auto error = buildArguments(request.arguments, args))
        return refuse(*error);

    // Who: a list of (namespace, options) to broadcast through the adapter.
    QList<std::pair<io::Namespace *, io::BroadcastOptions>> targets;
    io::BroadcastOptions options;
    options.except = QSet<io::Room>(request.except.cbegin(), request.except.cend());
    options.flags.isVolatile = request.isVolatile;
    options.flags.local = request.local;
    options.flags.compress = request.compress;
    if (request.ackTimeoutMs)
        options.flags.timeout = std::chrono::milliseconds(*request.ackTimeoutMs);
    switch (request.target) {
    case BroadcastRequest::Target::Everyone:
        for (io::Namespace *nsp : m_server->namespaces())
            targets.append({nsp, options});
        break;
    case BroadcastRequest::Target::Namespace:
    case BroadcastRequest::Target::Rooms: {
        io::Namespace *nsp = m_server->findNamespace(request.nsp);
        if (!nsp)
            return refuse(tr("no namespace %1").arg(QString::fromUtf8(request.nsp)));
        if (request.target == BroadcastRequest::Target::Rooms) {
            if (request.rooms.isEmpty())
                return refuse(tr("no room chosen"));
            options.rooms = QSet<io::Room>(request.rooms.cbegin(), request.rooms.cend());
        }
        targets.append({nsp, options});
        break;
    }
    case BroadcastRequest::Target::Sockets: {
        // Each socket is in its own room: one broadcast per namespace to those rooms.
        QHash<io::Namespace *, QSet<io::Room>> byNamespace;
        for (const QByteArray &id : request.sockets) {
            if (io::Socket *socket = trackedSocket(id))
                byNamespace[&socket->nsp()].insert(socket->ownRoom());
        }
        if (byNamespace.isEmpty())
            return refuse(tr("none of the chosen sockets is connected"));
        for (auto it = byNamespace.cbegin(); it != byNamespace.cend(); ++it) {
            io::BroadcastOptions perNamespace = options;
            perNamespace.rooms = it.value();
            targets.append({it.key(), perNamespace});
        }
        break;
    }
    }

    int recipients = 0;
    m_broadcastRecipients = &recipients;
    if (!request.ackTimeoutMs) {
        for (const auto &[nsp, targetOptions] : targets)
            io::BroadcastOperator(*nsp, targetOptions).emit(request.event, args);
        m_broadcastRecipients = nullptr;
        summary.ok = true;
        summary.recipients = recipients;
        Q_EMIT broadcastFinished(summary);
        return;
    }
    // With acks: every recipient's end as it comes, then the summary once all have ended.
    struct Pending
    {
        BroadcastSummary summary;
        int namespacesLeft = 0;
    };
    auto pending = std::make_shared<Pending>();
    pending->summary = summary;
    pending->summary.ok = true;
    pending->namespacesLeft = int(targets.size());
    QPointer<Monitor> self(this);
    for (const auto &[nsp, targetOptions] : targets) {
        const QByteArray nspName = nsp->name();
        io::BroadcastOperator(*nsp, targetOptions)
            .emitWithAck(
                request.event, args,
                [self, pending](const io::BroadcastAckResult &result) {
                    pending->summary.recipients += result.expected;
                    pending->summary.answered += int(result.answers.size());
                    pending->summary.timedOut += int(result.timedOut.size());
                    pending->summary.disconnected += int(result.disconnected.size());
                    if (--pending->namespacesLeft == 0 && self)
                        Q_EMIT self->broadcastFinished(pending->summary);
                },
                [self, id = request.id, nspName](
                    const io::SocketId &socket, const io::AckResult &ack) {
                    if (!self)
                        return;
                    BroadcastAnswer answer;
                    answer.requestId = id;
                    answer.socket = socket;
                    answer.nsp = nspName;
                    answer.latencyUs = qint64(ack.latency.count()) * 1000;
                    switch (ack.status) {
                    case io::AckResult::Status::Answered:
                        answer.state = AckRecord::State::Answered;
                        answer.answer = ack.args.json();
                        break;
                    case io::AckResult::Status::TimedOut:
                        answer.state = AckRecord::State::TimedOut;
                        break;
                    case io::AckResult::Status::Disconnected:
                        answer.state = AckRecord::State::Disconnected;
                        break;
                    }
                    Q_EMIT self->broadcastAnswered(answer);
                });
    }
    m_broadcastRecipients = nullptr;
}

namespace {
// A namespace kick sends DISCONNECT (the client sees "io server disconnect"); a connection kick
// closes the session without one, so the client sees "transport close" and may reconnect.
std::function<void(io::Socket &)> disconnector(bool closeConnection)
{
    if (closeConnection)
        return [](io::Socket &socket) {
            socket.connection().close(io::DisconnectReason::ForcedServerClose);
        };
    return [](io::Socket &socket) { socket.disconnect(false); };
}
} // namespace

io::Socket *Monitor::trackedSocket(const QByteArray &id) const
{
    const auto it = m_sockets.constFind(id);
    return it == m_sockets.cend() ? nullptr : it->socket.data();
}

template <typename F>
ActionResult Monitor::forEachSocket(
    ActionResult::Kind kind, const QList<QByteArray> &ids, F &&action)
{
    ActionResult result;
    result.kind = kind;
    // Pointers first: an action may disconnect sockets and so change the table.
    QList<QPointer<io::Socket>> sockets;
    for (const QByteArray &id : ids) {
        if (io::Socket *socket = trackedSocket(id))
            sockets.append(socket);
        else
            ++result.missing;
    }
    for (const QPointer<io::Socket> &socket : sockets) {
        if (socket && socket->connected()) {
            action(*socket);
            ++result.affected;
        }
    }
    return result;
}

ActionResult Monitor::disconnectSockets(const QList<QByteArray> &socketIds, bool closeConnection)
{
    return forEachSocket(ActionResult::Kind::Disconnect, socketIds, disconnector(closeConnection));
}

ActionResult Monitor::joinRooms(const QList<QByteArray> &socketIds, const QStringList &rooms)
{
    const QSet<io::Room> set(rooms.cbegin(), rooms.cend());
    if (set.isEmpty())
        return {ActionResult::Kind::Join, 0, 0, tr("no room given")};
    return forEachSocket(
        ActionResult::Kind::Join, socketIds, [&set](io::Socket &socket) { socket.join(set); });
}

ActionResult Monitor::leaveRooms(const QList<QByteArray> &socketIds, const QStringList &rooms)
{
    if (rooms.isEmpty())
        return {ActionResult::Kind::Leave, 0, 0, tr("no room given")};
    return forEachSocket(ActionResult::Kind::Leave, socketIds, [&rooms](io::Socket &socket) {
        for (const QString &room : rooms)
            socket.leave(room);
    });
}

ActionResult Monitor::disconnectRoom(
    const QByteArray &nsp, const QString &room, bool closeConnection)
{
    io::Namespace *target = m_server->findNamespace(nsp);
    if (!target)
        return {ActionResult::Kind::DisconnectRoom, 0, 0,
            tr("no namespace %1").arg(QString::fromUtf8(nsp))};
    const QSet<io::SocketId> members = target->adapter().sockets({room});
    return forEachSocket(ActionResult::Kind::DisconnectRoom,
        QList<QByteArray>(members.cbegin(), members.cend()), disconnector(closeConnection));
}

} // namespace sb::monitor
