#pragma once

#include "monitor/monitor_types.h"

#include <QByteArray>
#include <QRegularExpression>
#include <QSortFilterProxyModel>

namespace sb::ui {

class SocketTableModel;
class TrafficLogModel;

// The traffic log's filters; every set filter must match (empty ones match everything):
//   direction   in / out / any
//   namespace   exact
//   room        a broadcast that targets the room, or a record of a socket that is in the room now
//               (read from the socket table; records are judged when they arrive or the filter
//               changes, not again when memberships change)
//   socket      exact id
//   event       a regular expression on the event name (case-insensitive)
//   payload     plain text (case-insensitive for ASCII) or a regular expression, over the frame
// Rows stay in log order (no sorting).
class TrafficFilterProxy : public QSortFilterProxyModel
{
    Q_OBJECT
public:
    enum class DirectionFilter { Any, In, Out };

    explicit TrafficFilterProxy(QObject *parent = nullptr);

    void setTrafficModel(TrafficLogModel *model);
    TrafficLogModel *trafficModel() const { return m_model; }
    void setSocketModel(const SocketTableModel *sockets) { m_sockets = sockets; }

    void setDirectionFilter(DirectionFilter direction);
    void setNamespaceFilter(const QByteArray &nsp);
    void setRoomFilter(const QString &room);
    void setSocketFilter(const QByteArray &socket);
    // False when the pattern is not a valid expression (then nothing matches until it is).
    bool setEventFilter(const QString &pattern);
    bool setPayloadSearch(const QString &text, bool regularExpression);
    void clearFilters();
    bool isFiltering() const;

    DirectionFilter directionFilter() const { return m_direction; }
    QByteArray namespaceFilter() const { return m_nsp; }
    QString roomFilter() const { return m_room; }
    QByteArray socketFilter() const { return m_socket; }

    // The record of a visible row.
    const monitor::TrafficRecord &recordAt(int proxyRow) const;
    // Exactly the visible records, in order (what an export writes).
    QList<monitor::TrafficRecord> visibleRecords() const;
    // The next visible row after (or before) `from` whose event, socket or payload contains
    // `text` (case-insensitive), wrapping around; -1 when none. `from` -1 starts at an end.
    int findRow(const QString &text, int from, bool forward) const;

protected:
    bool filterAcceptsRow(int sourceRow, const QModelIndex &sourceParent) const override;

private:
    bool matchesRoom(const monitor::TrafficRecord &record) const;
    bool matchesPayload(const monitor::TrafficRecord &record) const;

    TrafficLogModel *m_model = nullptr;
    const SocketTableModel *m_sockets = nullptr;
    DirectionFilter m_direction = DirectionFilter::Any;
    QByteArray m_nsp;
    QString m_room;
    QByteArray m_socket;
    QString m_eventPattern;
    QRegularExpression m_eventRe;
    QString m_payloadText;
    bool m_payloadIsRegex = false;
    QByteArray m_payloadNeedle; // lower-case UTF-8 of a plain search
    QRegularExpression m_payloadRe;
};

} // namespace sb::ui
