#include "ui/ack_socket_model.h"

namespace sb::ui {

int AckSocketModel::rowOf(const QByteArray &socket) const
{
    for (int row = 0; row < m_rows.size(); ++row) {
        if (m_rows.at(row).socket == socket)
            return row;
    }
    return -1;
}

int AckSocketModel::pendingOf(const QByteArray &socket) const
{
    const int row = rowOf(socket);
    return row < 0 ? 0 : m_rows.at(row).pending;
}

void AckSocketModel::apply(const QList<monitor::AckRecord> &records)
{
    for (const monitor::AckRecord &record : records) {
        const bool known = m_pendingKeys.contains(record.key);
        if (!record.isSettled() && !known) {
            m_pendingKeys.insert(record.key, record.socket);
            const int row = rowOf(record.socket);
            if (row >= 0) {
                ++m_rows[row].pending;
                Q_EMIT dataChanged(
                    index(row, int(Column::Pending)), index(row, int(Column::Pending)));
            } else {
                const int end = int(m_rows.size());
                beginInsertRows({}, end, end);
                m_rows.append({record.socket, record.nsp, 1});
                endInsertRows();
            }
        } else if (record.isSettled() && known) {
            const QByteArray socket = m_pendingKeys.take(record.key);
            const int row = rowOf(socket);
            if (row < 0)
                continue;
            if (--m_rows[row].pending > 0) {
                Q_EMIT dataChanged(
                    index(row, int(Column::Pending)), index(row, int(Column::Pending)));
            } else {
                beginRemoveRows({}, row, row);
                m_rows.removeAt(row);
                endRemoveRows();
            }
        }
    }
}

void AckSocketModel::clear()
{
    beginResetModel();
    m_rows.clear();
    m_pendingKeys.clear();
    endResetModel();
}

int AckSocketModel::rowCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : int(m_rows.size());
}

int AckSocketModel::columnCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : ColumnCount;
}

QVariant AckSocketModel::data(const QModelIndex &index, int role) const
{
    if (!index.isValid() || index.row() >= m_rows.size() || index.column() >= ColumnCount)
        return {};
    const Row &row = m_rows.at(index.row());
    if (role == Qt::DisplayRole) {
        switch (Column(index.column())) {
        case Column::Socket:
            return QString::fromLatin1(row.socket);
        case Column::Namespace:
            return QString::fromUtf8(row.nsp);
        case Column::Pending:
            return row.pending;
        case Column::Count:
            break;
        }
    }
    if (role == Qt::TextAlignmentRole && Column(index.column()) == Column::Pending)
        return QVariant::fromValue(Qt::Alignment(Qt::AlignRight | Qt::AlignVCenter));
    return {};
}

QVariant AckSocketModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (orientation != Qt::Horizontal || role != Qt::DisplayRole)
        return {};
    switch (Column(section)) {
    case Column::Socket:
        return tr("Socket");
    case Column::Namespace:
        return tr("Namespace");
    case Column::Pending:
        return tr("Pending");
    case Column::Count:
        break;
    }
    return {};
}

} // namespace sb::ui
