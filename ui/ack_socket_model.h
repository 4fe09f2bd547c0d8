#pragma once

#include "monitor/monitor_types.h"

#include <QAbstractTableModel>
#include <QHash>
#include <QList>

namespace sb::ui {

// Pending acks per socket (both directions), from the same ack records AckModel gets: a row per
// socket with at least one pending ack, added when its first becomes pending and removed when
// its last settles. Columns: socket, namespace, pending. Sorted by arrival.
class AckSocketModel : public QAbstractTableModel
{
    Q_OBJECT
public:
    enum class Column { Socket, Namespace, Pending, Count };
    static constexpr int ColumnCount = int(Column::Count);

    using QAbstractTableModel::QAbstractTableModel;

    void apply(const QList<monitor::AckRecord> &records);
    void clear();
    int pendingOf(const QByteArray &socket) const;
    int rowOf(const QByteArray &socket) const;

    int rowCount(const QModelIndex &parent = {}) const override;
    int columnCount(const QModelIndex &parent = {}) const override;
    QVariant data(const QModelIndex &index, int role = Qt::DisplayRole) const override;
    QVariant headerData(
        int section, Qt::Orientation orientation, int role = Qt::DisplayRole) const override;

private:
    struct Row
    {
        QByteArray socket;
        QByteArray nsp;
        int pending = 0;
    };
    QHash<quint64, QByteArray> m_pendingKeys; // pending ack key → its socket
    QList<Row> m_rows;
};

} // namespace sb::ui
