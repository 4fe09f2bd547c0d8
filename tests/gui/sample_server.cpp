#include "sample_server.h"

#include <QMap>
#include <QSet>

#include <algorithm>
#include <cmath>

using namespace Qt::StringLiterals;
using namespace sb::monitor;

namespace sb::test {

namespace {

const QList<QByteArray> Namespaces = {"/", "/chat", "/game-42", "/admin"};

QStringList roomsOf(const QByteArray &nsp)
{
    if (nsp == "/chat")
        return {u"general"_s, u"lobby"_s, u"random"_s, u"運営"_s};
    if (nsp == "/game-42")
        return {u"spectators"_s, u"table-1"_s, u"table-2"_s};
    if (nsp == "/admin")
        return {u"ops"_s};
    return {};
}

const QStringList Users = {u"alice"_s, u"bob"_s, u"carol"_s, u"dave"_s, u"erin"_s, u"frank"_s,
                           u"grace"_s, u"李雷"_s, u"Zoë"_s, u"mallory"_s, u"oscar"_s, u"peggy"_s,
                           u"trent"_s, u"victor"_s, u"walter"_s, u"韩梅梅"_s};

const QStringList Texts = {u"hello everyone"_s, u"anyone up for a game?"_s, u"brb"_s,
                           u"the build is green again, thanks"_s, u"👍"_s,
                           u"see \"release notes\", section 3"_s, u"大家好"_s,
                           u"meeting moved to 15:30, same room"_s};

} // namespace

SampleServer::SampleServer(EpochMs start, int socketCount, quint32 seed)
    : m_rng(seed)
    , m_now(start)
{
    for (int i = 0; i < socketCount; ++i)
        m_sockets.append(makeSocket());
}

SocketRow SampleServer::makeSocket()
{
    static const char alphabet[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789_-";
    SocketRow row;
    for (int i = 0; i < 20; ++i)
        row.id += alphabet[pick(64)];
    row.sessionId = row.id.left(12) + "sess";
    const int n = m_nextSocket++;
    // Most sockets chat; a few play, one or two administer.
    row.nsp = n % 10 == 9 ? "/admin" : (n % 4 == 3 ? "/game-42" : (n % 7 == 5 ? "/" : "/chat"));
    row.user = Users.at(n % Users.size());
    row.address = n % 6 == 0 ? u"::ffff:10.0.0.%1"_s.arg(20 + n % 200)
                             : u"192.168.1.%1"_s.arg(10 + n % 240);
    row.transport = n % 9 == 4 ? u"polling"_s : u"websocket"_s;
    row.upgraded = row.transport == u"websocket"_s && n % 3 != 0;
    row.upgrading = n == 13;
    const QStringList rooms = roomsOf(row.nsp);
    for (const QString &room : rooms) {
        if (pick(3) == 0 || room == rooms.value(n % std::max<int>(1, int(rooms.size()))))
            row.rooms.append(room);
    }
    std::sort(row.rooms.begin(), row.rooms.end());
    row.connectedAt = m_now - pick(3'600'000);
    row.rttUs = 400 + pick(4000) + (n % 11 == 0 ? 80'000 : 0);
    return row;
}

QList<NamespaceCount> SampleServer::namespaces() const
{
    QList<NamespaceCount> result;
    for (const QByteArray &nsp : Namespaces) {
        NamespaceCount count;
        count.name = nsp;
        QMap<QString, int> members;
        for (const SocketRow &row : m_sockets) {
            if (row.nsp != nsp)
                continue;
            ++count.sockets;
            for (const QString &room : row.rooms)
                ++members[room];
        }
        for (auto it = members.cbegin(); it != members.cend(); ++it)
            count.rooms.append({it.key(), it.value()});
        result.append(count);
    }
    return result;
}

TrafficRecord SampleServer::record(Direction direction, const SocketRow *socket,
                                   const QByteArray &nsp, const QString &event, qint64 ackId,
                                   const QByteArray &json)
{
    TrafficRecord r;
    r.seq = ++m_recordSeq;
    r.time = m_now - 250 + pick(250);
    r.direction = direction;
    r.socket = socket ? socket->id : QByteArray();
    r.nsp = nsp;
    r.event = event;
    r.ackId = ackId;
    r.packetType = event.isEmpty() ? 3 : 2;
    QByteArray frame = QByteArray::number(r.packetType);
    if (nsp != "/")
        frame += nsp + ',';
    if (ackId >= 0)
        frame += QByteArray::number(ackId);
    frame += json;
    r.payload = frame;
    r.size = frame.size();
    return r;
}

ServerSnapshot SampleServer::next()
{
    ServerSnapshot s;
    ++m_tick;
    m_now += 250;
    s.seq = m_tick;
    s.time = m_now;
    s.title = u"embedded server :3000"_s;
    s.urls = {QUrl(u"http://192.168.1.20:3000/"_s), QUrl(u"http://10.0.0.5:3000/"_s),
              QUrl(u"http://127.0.0.1:3000/"_s)};

    QSet<QByteArray> touched;
    if (m_tick == 1) {
        s.socketDelta.added = m_sockets;
        s.namespacesChanged = true;
    } else if (m_tick % 40 == 0 && !m_sockets.isEmpty()) {
        // One leaves, one arrives.
        const int gone = pick(int(m_sockets.size()));
        s.socketDelta.removed.append(m_sockets.at(gone).id);
        static const QStringList reasons = {u"transport close"_s, u"client namespace disconnect"_s,
                                            u"ping timeout"_s, u"transport close"_s};
        ++m_totals.disconnectsByReason[reasons.at(pick(int(reasons.size())))];
        m_sockets.removeAt(gone);
        m_sockets.append(makeSocket());
        m_sockets.last().connectedAt = m_now;
        s.socketDelta.added.append(m_sockets.last());
        s.namespacesChanged = true;
    } else if (m_tick % 23 == 0 && !m_sockets.isEmpty()) {
        // Someone joins or leaves a room.
        SocketRow &row = m_sockets[pick(int(m_sockets.size()))];
        const QStringList rooms = roomsOf(row.nsp);
        if (!rooms.isEmpty()) {
            const QString room = rooms.at(pick(int(rooms.size())));
            if (row.rooms.contains(room))
                row.rooms.removeAll(room);
            else
                row.rooms.append(room);
            std::sort(row.rooms.begin(), row.rooms.end());
            touched.insert(row.id);
            s.namespacesChanged = true;
        }
    }
    if (s.namespacesChanged)
        s.namespaces = namespaces();

    // Traffic: the tap keeps a share of what the counters count.
    const double wave = 1.0 + 0.45 * std::sin(double(m_tick) / 37.0) + 0.2 * std::sin(double(m_tick) / 7.0);
    const int records = 8 + pick(16);
    for (int i = 0; i < records && !m_sockets.isEmpty(); ++i) {
        const int who = pick(int(m_sockets.size()));
        SocketRow &row = m_sockets[who];
        const int kind = pick(100);
        const QString text = Texts.at(pick(int(Texts.size())));
        const QString room = row.rooms.isEmpty() ? u"lobby"_s : row.rooms.first();
        TrafficRecord r;
        if (kind < 38) {
            const qint64 ack = pick(3) == 0 ? m_nextAckId++ : -1;
            const QByteArray json = R"(["message",{"room":")" + room.toUtf8() + R"(","text":")"
                + QByteArray(text.toUtf8()).replace("\"", "\\\"") + R"(","from":")" + row.user.toUtf8() + R"("}])";
            r = record(Direction::In, &row, row.nsp, u"message"_s, ack, json);
            ++row.eventsIn;
            row.bytesIn += quint64(r.size);
            if (ack >= 0) {
                AckRecord a;
                a.key = ++m_ackKey;
                a.kind = AckRecord::Kind::ClientToServer;
                a.state = AckRecord::State::Answered;
                a.nsp = row.nsp;
                a.socket = row.id;
                a.ackId = quint64(ack);
                a.event = u"message"_s;
                a.requestedAt = m_now - 200;
                a.settledAt = m_now - 199;
                a.latencyUs = 150 + pick(900);
                a.answer = R"([{"ok":true,"id":)" + QByteArray::number(pick(100000)) + "}]";
                s.acks.append(a);
                s.traffic.append(r);
                r = record(Direction::Out, &row, row.nsp, {}, ack, a.answer);
                ++row.eventsOut;
                row.bytesOut += quint64(r.size);
            }
        } else if (kind < 50) {
            r = record(Direction::In, &row, row.nsp, u"typing"_s, -1, R"(["typing",true])");
            ++row.eventsIn;
            row.bytesIn += quint64(r.size);
        } else if (kind < 75) {
            r = record(Direction::Out, nullptr, row.nsp, u"message"_s, -1,
                       R"(["message",{"room":")" + room.toUtf8() + R"(","text":")"
                           + QByteArray(text.toUtf8()).replace("\"", "\\\"") + R"(","from":")"
                           + row.user.toUtf8() + R"(","at":)" + QByteArray::number(m_now) + "}]");
            r.rooms = {room};
            if (pick(4) == 0)
                r.except = {u"muted"_s};
            r.recipients = 0;
            for (const SocketRow &other : std::as_const(m_sockets)) {
                if (other.nsp == row.nsp && other.rooms.contains(room)) {
                    ++r.recipients;
                    touched.insert(other.id);
                }
            }
            r.recipients = std::max(1, r.recipients);
        } else if (kind < 85) {
            // The server asks the client something and waits for the answer.
            const qint64 ack = m_nextAckId++;
            r = record(Direction::Out, &row, row.nsp, u"confirm"_s, ack,
                       R"(["confirm",{"question":"still there?","deadline":5000}])");
            ++row.eventsOut;
            row.bytesOut += quint64(r.size);
            ++row.pendingAcks;
            AckRecord a;
            a.key = ++m_ackKey;
            a.kind = AckRecord::Kind::ServerToClient;
            a.nsp = row.nsp;
            a.socket = row.id;
            a.ackId = quint64(ack);
            a.event = u"confirm"_s;
            a.requestedAt = m_now;
            a.timeoutMs = pick(2) ? 5000 : 10000;
            s.acks.append(a);
            m_pendingAcks.append(a);
        } else if (kind < 91) {
            r = record(Direction::In, &row, row.nsp, u"upload"_s, -1,
                       R"(["upload",{"name":"photo.png","size":20480},{"_placeholder":true,"num":0}])");
            r.packetType = 5;
            r.attachments = 1;
            r.payload = "51-" + r.payload.mid(1);
            r.size = r.payload.size() + 20480;
            ++row.eventsIn;
            row.bytesIn += quint64(r.size);
        } else {
            r = record(Direction::In, &row, row.nsp, u"move"_s, -1,
                       R"(["move",{"x":)" + QByteArray::number(pick(800)) + R"(,"y":)"
                           + QByteArray::number(pick(600)) + R"(,"piece":"knight"}])");
            ++row.eventsIn;
            row.bytesIn += quint64(r.size);
        }
        s.traffic.append(r);
        touched.insert(row.id);
    }

    // Settle some pending acks: most are answered, some run out of time, a few lose their socket.
    for (qsizetype i = m_pendingAcks.size() - 1; i >= 0; --i) {
        AckRecord &a = m_pendingAcks[i];
        const qint64 age = m_now - a.requestedAt;
        const int fate = pick(100);
        if (age > *a.timeoutMs) {
            a.state = fate < 85 ? AckRecord::State::TimedOut : AckRecord::State::Disconnected;
        } else if (age > 500 && fate < 6) {
            a.state = AckRecord::State::Answered;
            a.answer = R"([{"answer":"yes","at":)" + QByteArray::number(m_now) + "}]";
        } else {
            continue;
        }
        a.settledAt = m_now;
        a.latencyUs = age * 1000;
        if (a.state == AckRecord::State::Answered)
            ++m_totals.acksAnswered;
        else if (a.state == AckRecord::State::TimedOut)
            ++m_totals.acksTimedOut;
        else
            ++m_totals.acksDisconnected;
        for (SocketRow &row : m_sockets) {
            if (row.id == a.socket) {
                row.pendingAcks = std::max(0, row.pendingAcks - 1);
                touched.insert(row.id);
            }
        }
        s.acks.append(a);
        m_pendingAcks.removeAt(i);
    }

    // Heartbeats refresh a few round trips.
    for (int i = 0; i < 3 && !m_sockets.isEmpty(); ++i) {
        SocketRow &row = m_sockets[pick(int(m_sockets.size()))];
        row.rttUs = std::max<qint64>(200, row.rttUs + pick(600) - 300);
        touched.insert(row.id);
    }
    for (const SocketRow &row : std::as_const(m_sockets)) {
        if (touched.contains(row.id) && !s.socketDelta.added.contains(row))
            s.socketDelta.updated.append(row);
    }
    if (m_tick == 1)
        s.socketDelta.updated.clear();

    if (m_tick % 29 == 7) {
        ConnectionFailure f;
        f.time = m_now - 100;
        const int which = pick(4);
        if (which < 3) {
            f.kind = ConnectionFailure::Kind::Handshake;
            f.code = which == 0 ? 1 : (which == 1 ? 3 : 0);
            f.message = which == 0 ? u"Session ID unknown"_s : (which == 1 ? u"Bad request"_s : u"Transport unknown"_s);
            f.detail = which == 1 ? "TRANSPORT_MISMATCH" : (which == 0 ? "" : "transport=flash");
            ++m_totals.failedHandshakes;
            ++m_totals.failedHandshakesByCode[f.code];
        } else {
            f.kind = ConnectionFailure::Kind::Connect;
            f.message = u"unauthorized"_s;
            f.detail = R"({"reason":"bad token"})";
            f.nsp = "/admin";
            ++m_totals.refusedConnects;
        }
        f.address = u"203.0.113.%1"_s.arg(10 + pick(200));
        f.origin = pick(2) ? u"https://chat.example.com"_s : u"http://localhost:5173"_s;
        f.userAgent = u"Mozilla/5.0 (X11; Linux x86_64) Firefox/128.0"_s;
        s.failures.append(f);
    }

    s.rates.eventsIn = 1800 * wave + pick(200);
    s.rates.eventsOut = 5200 * wave + pick(400);
    s.rates.bytesIn = s.rates.eventsIn * 92;
    s.rates.bytesOut = s.rates.eventsOut * 118;
    m_totals.eventsIn += quint64(s.rates.eventsIn / 4);
    m_totals.eventsOut += quint64(s.rates.eventsOut / 4);
    m_totals.bytesIn += quint64(s.rates.bytesIn / 4);
    m_totals.bytesOut += quint64(s.rates.bytesOut / 4);
    m_totals.trafficDropped += quint64((s.rates.eventsIn + s.rates.eventsOut) / 4) - quint64(s.traffic.size());
    m_totals.handshakes = quint64(m_nextSocket) + m_totals.failedHandshakes;
    s.totals = m_totals;
    s.sockets = int(m_sockets.size());
    s.connections = int(m_sockets.size()) * 4 / 5;
    s.health.cpuPercent = 9 + 6 * wave;
    s.health.rssBytes = 88 * 1024 * 1024 + qint64(m_tick) * 4096;
    s.health.openFds = 70;
    s.health.threads = 6;
    s.health.serverLoop = {0.4, 1.6 + wave, 3.8, true};
    QList<qint64> rtts;
    for (const SocketRow &row : std::as_const(m_sockets)) {
        ++s.rtt.counts[RttHistogram::bucketFor(row.rttUs)];
        rtts.append(row.rttUs);
    }
    std::sort(rtts.begin(), rtts.end());
    s.rtt.samples = quint64(rtts.size());
    if (!rtts.isEmpty()) {
        s.rtt.p50Us = rtts.at(rtts.size() / 2);
        s.rtt.p99Us = rtts.at(std::min<qsizetype>(rtts.size() - 1, rtts.size() * 99 / 100));
    }
    return s;
}

SocketDetails SampleServer::details(const QByteArray &socketId) const
{
    SocketDetails d;
    d.id = socketId;
    for (const SocketRow &row : m_sockets) {
        if (row.id != socketId)
            continue;
        d.found = true;
        d.nsp = row.nsp;
        d.sessionId = row.sessionId;
        d.address = row.address;
        d.handshakeTime = row.connectedAt;
        d.url = "/socket.io/?EIO=4&transport=polling&t=P" + row.id.left(6);
        d.headers = {{"host", "192.168.1.20:3000"},
                     {"user-agent", "Mozilla/5.0 (X11; Linux x86_64; rv:128.0) Gecko/20100101 Firefox/128.0"},
                     {"accept-language", "en-GB,en;q=0.7,zh-CN;q=0.3"},
                     {"origin", "https://chat.example.com"},
                     {"cookie", "io=" + row.sessionId + "; session=s3cr3t"}};
        d.query = {{"EIO", "4"}, {"transport", "polling"}, {"t", "P" + row.id.left(6)}};
        d.auth = R"({"token":"eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiI0MiJ9.c2lnbmF0dXJl","user":{"name":")"
            + row.user.toUtf8() + R"(","password":"hunter2","prefs":{"theme":"dark"}},"room":"lobby"})";
        d.data = R"({"username":")" + row.user.toUtf8() + R"(","role":"member"})";
        d.rooms = row.rooms;
        d.transport = row.transport;
        d.secure = false;
    }
    return d;
}

} // namespace sb::test
