#pragma once

#include "monitor/monitor_types.h"

#include <QAbstractProxyModel>
#include <QByteArray>
#include <QList>
#include <QRegularExpression>

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
//
// The log only grows at the end and loses rows at the front, a tick's worth at a time, and it holds
// tens of thousands of rows. A QSortFilterProxyModel renumbers its whole mapping on every removal
// from the front; this proxy keeps the visible records as ascending absolute numbers (source row +
// the count of rows ever trimmed), so a trim drops a prefix and an append judges only the new rows.
// A filter change moves rows in as few runs as it can (a reset when that would take many).
class TrafficFilterProxy : public QAbstractProxyModel
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

    void setSourceModel(QAbstractItemModel *source) override;
    QModelIndex index(int row, int column, const QModelIndex &parent = {}) const override;
    QModelIndex parent(const QModelIndex &child) const override;
    QModelIndex sibling(int row, int column, const QModelIndex &index) const override;
    int rowCount(const QModelIndex &parent = {}) const override;
    int columnCount(const QModelIndex &parent = {}) const override;
    bool hasChildren(const QModelIndex &parent = {}) const override;
    QModelIndex mapToSource(const QModelIndex &proxyIndex) const override;
    QModelIndex mapFromSource(const QModelIndex &sourceIndex) const override;

private:
    bool accepts(int sourceRow) const;
    void refilter();
    void rebuild(); // m_rows from scratch, no signals
    void disconnectSource();
    void onRowsInserted(const QModelIndex &parent, int first, int last);
    void onRowsAboutToBeRemoved(const QModelIndex &parent, int first, int last);
    void onRowsRemoved(const QModelIndex &parent, int first, int last);
    void onDataChanged(
        const QModelIndex &topLeft, const QModelIndex &bottomRight, const QList<int> &roles);
    void beginSourceReset();
    void endSourceReset();
    // The first visible position whose absolute number is not below `absolute`.
    int lowerBound(qint64 absolute) const;

    bool matchesRoom(const monitor::TrafficRecord &record) const;
    bool matchesPayload(const monitor::TrafficRecord &record) const;

    TrafficLogModel *m_model = nullptr;
    QList<QMetaObject::Connection> m_sourceConnections;
    // Absolute numbers of the visible records, ascending; source row = absolute - m_base.
    QList<qint64> m_rows;
    qint64 m_base = 0;
    // A source removal that is not a trim of the front, or a reset, is under way.
    bool m_resetting = false;
    int m_pendingTrim = 0; // visible rows the source is about to drop from the front
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
