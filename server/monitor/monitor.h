#pragma once

#include "monitor/loop_lag_probe.h"
#include "monitor/monitor_types.h"
#include "monitor/process_health.h"
#include "monitor/traffic_tap.h"

#include "engine/engine_observer.h"
#include "io/io_observer.h"
#include "io/socket.h"

#include <QBasicTimer>
#include <QElapsedTimer>
#include <QHash>
#include <QObject>
#include <QPointer>
#include <QRegularExpression>

#include <deque>

namespace sb::io {
class Server;
} // namespace sb::io

namespace sb::monitor {

struct MonitorOptions
{
    std::chrono::milliseconds interval{250}; // one snapshot per interval
    qsizetype tapCapacity = 4'000; // traffic records kept between two snapshots
    qsizetype acksPerTick = 4'000; // ack records (new or changed) per snapshot
    qsizetype pendingAcksKept = 50'000; // acks tracked while pending, both directions together
    qsizetype socketsAddedPerTick = 2'000; // new rows per snapshot; the rest follow next ticks
    // Rows whose only change is counters (events, bytes, RTT, pending acks) per snapshot, the
    // longest unsent first; a change of rooms or transport is always sent at once. Bounds the
    // GUI's cost per tick whatever the number of busy sockets (at 10,000 a row's counters are
    // then at most a few ticks old).
    qsizetype counterUpdatesPerTick = 1'000;
    qsizetype failuresPerTick = 500;
    int fdSampleEvery = 4; // ticks between two counts of open descriptors
};

// The observer of one server's engine and io layers, on the server thread. Hooks only bump
// counters, mark sockets dirty and append to bounded stores; a timer turns them into one
// immutable ServerSnapshot per interval (emitted; connect it queued to the GUI). Memory is
// bounded by the options whatever the message rate.
class Monitor final : public QObject, private eio::EngineObserver, private io::IoObserver
{
    Q_OBJECT
public:
    Monitor(io::Server &server, MonitorOptions options = {}, QObject *parent = nullptr);
    ~Monitor() override;

    const MonitorOptions &options() const { return m_options; }
    void setTitle(const QString &title) { m_title = title; }
    void setUrls(const QList<QUrl> &urls) { m_urls = urls; }
    void setState(SourceState state) { m_state = state; }

    // Starts ticking (the first snapshot lists every socket already connected).
    void start();
    // Builds and emits a snapshot now (also used by the timer).
    void tick();

    void setTapEnabled(bool enabled);
    bool tapEnabled() const { return m_tapEnabled; }
    void setTapFilter(const TapFilter &filter);
    SocketDetails socketDetails(const QByteArray &socketId) const;
    // Detaches from the server (its observers) and stops ticking; a last snapshot may follow.
    void detach();

    // Operator actions, on the server thread. broadcast answers through the signals below;
    // the others return what they did.
    void broadcast(const BroadcastRequest &request);
    ActionResult disconnectSockets(const QList<QByteArray> &socketIds, bool closeConnection);
    ActionResult joinRooms(const QList<QByteArray> &socketIds, const QStringList &rooms);
    ActionResult leaveRooms(const QList<QByteArray> &socketIds, const QStringList &rooms);
    ActionResult disconnectRoom(const QByteArray &nsp, const QString &room, bool closeConnection);

    // Validates a composed argument list into Socket.IO arguments; an error text when it is not.
    static std::optional<QString> buildArguments(
        const QList<ComposedArgument> &arguments, io::Args &result);

Q_SIGNALS:
    void snapshotReady(const sb::monitor::SnapshotPtr &snapshot);
    void broadcastAnswered(const sb::monitor::BroadcastAnswer &answer);
    void broadcastFinished(const sb::monitor::BroadcastSummary &summary);

protected:
    void timerEvent(QTimerEvent *event) override;

private:
    // What the last snapshot said of a socket's changing values: compared each tick without
    // building the row.
    struct Signature
    {
        io::SocketStats stats;
        qint64 rttUs = -1;
        int pendingAcks = 0;
        int transport = 0;
        quint32 roomsVersion = 0;
        friend bool operator==(const Signature &, const Signature &) = default;
    };
    struct Tracked
    {
        QPointer<io::Socket> socket;
        QByteArray nsp;
        EpochMs connectedAt = 0;
        bool sent = false; // the GUI has its row
        quint32 roomsVersion = 0;
        int clientAcksPending = 0;
        Signature last;
        quint64 lastSentTick = 0; // the snapshot that last carried its row
    };
    struct NamespaceState
    {
        int sockets = 0;
        QHash<QString, int> rooms; // without the sockets' own rooms
    };

    // eio::EngineObserver
    void handshakeRefused(const eio::Refusal &refusal, const http::Request &request) override;
    void sessionOpened(const eio::Session &session) override;

    // io::IoObserver
    void socketConnected(const io::Socket &socket) override;
    void socketDisconnected(const io::Socket &socket, io::DisconnectReason reason) override;
    void namespaceCreated(const QByteArray &nsp) override;
    void namespaceRemoved(const QByteArray &nsp) override;
    void roomJoined(const QByteArray &nsp, const io::Room &room, const io::SocketId &id) override;
    void roomLeft(const QByteArray &nsp, const io::Room &room, const io::SocketId &id) override;
    void packet(const io::PacketRecord &record) override;
    void ackRequested(const QByteArray &nsp, const io::SocketId &id, quint64 ackId,
        const QString &event, std::optional<std::chrono::milliseconds> timeout) override;
    void ackAnswered(const QByteArray &nsp, const io::SocketId &id, quint64 ackId,
        std::chrono::milliseconds latency, const io::Args &args) override;
    void ackTimedOut(const QByteArray &nsp, const io::SocketId &id, quint64 ackId) override;
    void ackDisconnected(const QByteArray &nsp, const io::SocketId &id, quint64 ackId) override;
    void connectRefused(
        const io::Connection &connection, const QByteArray &nsp, const io::ConnectError &) override;

    bool tapAccepts(const io::PacketRecord &record) const;
    io::Socket *trackedSocket(const QByteArray &id) const;
    template <typename F>
    ActionResult forEachSocket(ActionResult::Kind kind, const QList<QByteArray> &ids, F &&action);
    void trackClientAck(const io::PacketRecord &record);
    void settleClientAck(const io::PacketRecord &record);
    void settle(const QByteArray &key, AckRecord::State state, const QByteArray &answer = {});
    void pushAck(const AckRecord &record);
    void pushFailure(ConnectionFailure failure);
    void dropClientAcks(const QByteArray &socketId);
    SocketRow rowFor(const QByteArray &id, const Tracked &tracked) const;
    Signature signatureOf(const Tracked &tracked) const;
    void fillSocketDelta(ServerSnapshot &snapshot);
    QList<NamespaceCount> namespaceCounts() const;
    void fillRtt(RttHistogram &histogram) const;

    io::Server *m_server;
    MonitorOptions m_options;
    QString m_title;
    QList<QUrl> m_urls;
    SourceState m_state = SourceState::Running;
    QBasicTimer m_timer;
    QElapsedTimer m_sinceTick;
    quint64 m_seq = 0;
    bool m_attached = false;

    Totals m_totals;
    Totals m_lastTotals; // at the previous tick, for the rates
    ProcessHealth m_health;
    Health m_lastHealth;
    LoopLagProbe m_lag;

    bool m_tapEnabled = true;
    TapFilter m_filter;
    QRegularExpression m_eventPattern; // compiled m_filter.eventPattern
    TrafficTap m_tap;
    quint64 m_tapDroppedReported = 0;

    QHash<QByteArray, Tracked> m_sockets;
    quint64 m_deltaTick = 0; // snapshots built
    std::deque<QByteArray> m_toAdd; // connected sockets the GUI has no row for yet, oldest first
    QList<QByteArray> m_removed; // since the last tick, of rows the GUI has
    QHash<QByteArray, NamespaceState> m_namespaces;
    bool m_namespacesDirty = true;

    // Pending acks by key ("s"/"c", socket id, ack id): the record as last reported.
    QHash<QByteArray, AckRecord> m_pendingAcks;
    QList<AckRecord> m_ackChanges; // since the last tick
    quint64 m_nextAckKey = 1;
    QList<ConnectionFailure> m_failures; // since the last tick
    int *m_broadcastRecipients = nullptr; // while broadcast() emits: counts what the hooks see
};

} // namespace sb::monitor
