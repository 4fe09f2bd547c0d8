#pragma once

#include "monitor/monitor_types.h"

#include <QList>
#include <QRandomGenerator>

namespace sb::test {

// Plausible snapshots of a busy chat server, deterministic for a seed: namespaces with rooms,
// sockets that come and go, chat traffic with acks and broadcasts and a binary upload now and
// then, acks in every state, a few failed handshakes. Feeds the screenshots and window tests.
class SampleServer
{
public:
    explicit SampleServer(monitor::EpochMs start, int socketCount = 50, quint32 seed = 7);

    // The next tick (250 ms later). The first one adds every socket.
    monitor::ServerSnapshot next();
    monitor::SocketDetails details(const QByteArray &socketId) const;
    const QList<monitor::SocketRow> &sockets() const { return m_sockets; }
    monitor::EpochMs now() const { return m_now; }

private:
    monitor::SocketRow makeSocket();
    QList<monitor::NamespaceCount> namespaces() const;
    monitor::TrafficRecord record(monitor::Direction direction, const monitor::SocketRow *socket,
                                  const QByteArray &nsp, const QString &event, qint64 ackId,
                                  const QByteArray &json);
    int pick(int n) { return int(m_rng.bounded(quint32(n))); }

    QRandomGenerator m_rng;
    monitor::EpochMs m_now;
    quint64 m_tick = 0;
    quint64 m_recordSeq = 0;
    quint64 m_ackKey = 0;
    qint64 m_nextAckId = 1;
    int m_nextSocket = 0;
    QList<monitor::SocketRow> m_sockets;
    QList<monitor::AckRecord> m_pendingAcks;
    monitor::Totals m_totals;
};

} // namespace sb::test
