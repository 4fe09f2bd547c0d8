#pragma once

#include "monitor/monitor_types.h"

#include <QAbstractTableModel>
#include <QHash>
#include <QList>

namespace sb::ui {

// The socket table: one row per namespace socket, kept in arrival order and changed only by
// SocketDelta. Costs per snapshot follow the delta: added rows are appended in one insertion,
// updates emit dataChanged for exactly the cells that changed, removals use as few ranges as the
// removed rows allow. Cells are formatted when a view asks for them (visible rows only).
//
// Roles:
//   Qt::DisplayRole        formatted text (numbers as numbers where the view can format them)
//   Qt::TextAlignmentRole  numbers right-aligned
//   Qt::ToolTipRole        the full rooms list, the session id
//   Role::Sort             a value that sorts naturally (numbers as numbers, not as text)
//   Role::SocketId         QByteArray, the socket id (every column)
//   Role::Namespace        QByteArray
//   Role::Rooms            QStringList
class SocketTableModel : public QAbstractTableModel
{
    Q_OBJECT
public:
    enum class Column {
        Id,
        Namespace,
        User,
        Address,
        Transport,
        Rooms,
        ConnectedSince,
        EventsIn,
        EventsOut,
        BytesIn,
        BytesOut,
        Rtt,
        PendingAcks,
        Count
    };
    enum class Role { Sort = Qt::UserRole + 1, SocketId, Namespace, Rooms };
    static constexpr int ColumnCount = int(Column::Count);

    explicit SocketTableModel(QObject *parent = nullptr);

    // Figures the source lacks show as "n/a" rather than as zeros.
    void setCapabilities(monitor::Capabilities capabilities);
    void applyDelta(const monitor::SocketDelta &delta);
    void clear();

    const monitor::SocketRow &rowAt(int row) const { return m_rows.at(row); }
    int rowOf(const QByteArray &socketId) const { return m_index.value(socketId, -1); }
    const monitor::SocketRow *find(const QByteArray &socketId) const;
    // Column-wise order of two rows, the same as Role::Sort gives (the proxy's fast path).
    static bool lessThan(const monitor::SocketRow &a, const monitor::SocketRow &b, int column);

    int rowCount(const QModelIndex &parent = {}) const override;
    int columnCount(const QModelIndex &parent = {}) const override;
    QVariant data(const QModelIndex &index, int role = Qt::DisplayRole) const override;
    QVariant headerData(
        int section, Qt::Orientation orientation, int role = Qt::DisplayRole) const override;

private:
    // Bit i set: column i differs between the two rows.
    static quint32 changedColumns(const monitor::SocketRow &a, const monitor::SocketRow &b);
    void appendRows(const QList<monitor::SocketRow> &rows);
    void removeIds(const QList<QByteArray> &ids);
    struct ChangedRow
    {
        int row;
        quint32 mask;
    };
    void storeRow(int row, const monitor::SocketRow &value, QList<ChangedRow> &changed);
    void announceChanged(QList<ChangedRow> &changed);
    QVariant display(const monitor::SocketRow &row, Column column) const;
    static QVariant sortKey(const monitor::SocketRow &row, Column column);

    QList<monitor::SocketRow> m_rows;
    QHash<QByteArray, int> m_index; // socket id → row
    monitor::Capabilities m_capabilities = ~monitor::Capabilities();
};

} // namespace sb::ui
