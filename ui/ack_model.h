#pragma once

#include "monitor/monitor_types.h"

#include <QAbstractTableModel>
#include <QHash>
#include <QSet>
#include <QTimer>

#include <deque>
#include <functional>

namespace sb::ui {

// Acks in both directions, keyed by AckRecord::key: a new key is a new row (appended, one
// insertion per snapshot), a known key updates its row in place (dataChanged for the changed
// cells). Pending rows are never dropped; of the settled ones the `settledCapacity` most recently
// settled are kept, older ones are removed and counted (droppedByBound).
//
// Pending server→client acks with a timeout show a live countdown: a timer refreshes the state
// cells of the pending rows only (one dataChanged over their span), never the whole table.
//
// Columns: state, direction, namespace, socket, event, ack id, latency, answer.
// Roles:
//   Qt::DisplayRole      text ("pending · 3.2 s left", "answered", ...)
//   Qt::BackgroundRole   the state's tint of the palette's base colour (state column)
//   Role::Key            quint64
//   Role::State          int (AckRecord::State)
class AckModel : public QAbstractTableModel
{
    Q_OBJECT
public:
    enum class Column { State, Direction, Namespace, Socket, Event, AckId, Latency, Answer, Count };
    enum class Role { Key = Qt::UserRole + 1, State };
    static constexpr int ColumnCount = int(Column::Count);
    static constexpr qsizetype DefaultSettledCapacity = 20'000;

    explicit AckModel(qsizetype settledCapacity = DefaultSettledCapacity, QObject *parent = nullptr);

    void apply(const QList<monitor::AckRecord> &records);
    void clear();
    // What "now" is for countdowns (tests give a fixed clock).
    void setClock(std::function<monitor::EpochMs()> clock);
    // Emits dataChanged for the state cells of pending rows with a deadline (the timer calls it).
    void refreshCountdowns();

    quint64 droppedByBound() const { return m_dropped; }
    int pendingCount() const { return int(m_pending.size()); }
    int rowOf(quint64 key) const { return m_index.value(key, -1); }
    const monitor::AckRecord &recordAt(int row) const { return m_records.at(row); }

    int rowCount(const QModelIndex &parent = {}) const override;
    int columnCount(const QModelIndex &parent = {}) const override;
    QVariant data(const QModelIndex &index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation,
                        int role = Qt::DisplayRole) const override;

    QString stateText(const monitor::AckRecord &record) const;

private:
    static quint32 changedColumns(const monitor::AckRecord &a, const monitor::AckRecord &b);
    void trackState(const monitor::AckRecord &record);
    void dropOldestSettled();

    QList<monitor::AckRecord> m_records;
    QHash<quint64, int> m_index; // key → row
    QSet<quint64> m_pending; // pending keys with a deadline: the rows the countdown repaints
    std::deque<quint64> m_settledOrder; // settled keys, in the order they settled
    qsizetype m_settledCapacity;
    quint64 m_dropped = 0;
    std::function<monitor::EpochMs()> m_clock;
    QTimer m_countdown;
};

} // namespace sb::ui
