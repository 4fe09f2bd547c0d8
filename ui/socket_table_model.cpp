#include "ui/socket_table_model.h"

#include "ui/column_runs.h"
#include "ui/display_format.h"

#include <algorithm>
#include <tuple>

using namespace Qt::StringLiterals;
using sb::monitor::Capability;
using sb::monitor::SocketRow;

namespace sb::ui {

namespace {

constexpr quint32 bit(SocketTableModel::Column column)
{
    return 1u << int(column);
}

template <typename T>
int compare3(const T &a, const T &b)
{
    return a < b ? -1 : (b < a ? 1 : 0);
}

} // namespace

SocketTableModel::SocketTableModel(QObject *parent)
    : QAbstractTableModel(parent)
{ }

void SocketTableModel::setCapabilities(monitor::Capabilities capabilities)
{
    if (m_capabilities == capabilities)
        return;
    m_capabilities = capabilities;
    if (!m_rows.isEmpty())
        Q_EMIT dataChanged(index(0, 0), index(int(m_rows.size()) - 1, ColumnCount - 1));
    Q_EMIT headerDataChanged(Qt::Horizontal, 0, ColumnCount - 1);
}

void SocketTableModel::applyDelta(const monitor::SocketDelta &delta)
{
    if (delta.reset)
        clear();
    if (!delta.removed.isEmpty())
        removeIds(delta.removed);

    // Rows are written first and announced afterwards, merged: at 10,000 sockets under load
    // nearly every row changes every tick, and one dataChanged per row (each mapped by the
    // proxy and the view) cost the GUI thread more than everything else in a tick together.
    QList<ChangedRow> changed;
    changed.reserve(delta.added.size() + delta.updated.size());
    QList<SocketRow> fresh;
    for (const SocketRow &row : delta.added) {
        const int existing = rowOf(row.id);
        if (existing >= 0)
            storeRow(existing, row, changed); // a source may resend a row it sent before
        else
            fresh.append(row);
    }

    QList<SocketRow> unknown;
    for (const SocketRow &row : delta.updated) {
        const int existing = rowOf(row.id);
        if (existing >= 0)
            storeRow(existing, row, changed);
        else
            unknown.append(row); // we missed its addition (e.g. a capped first tick): show it
    }
    announceChanged(changed);
    fresh.append(unknown);
    appendRows(fresh);
}

void SocketTableModel::clear()
{
    if (m_rows.isEmpty())
        return;
    beginResetModel();
    m_rows.clear();
    m_index.clear();
    endResetModel();
}

const SocketRow *SocketTableModel::find(const QByteArray &socketId) const
{
    const int row = rowOf(socketId);
    return row < 0 ? nullptr : &m_rows.at(row);
}

void SocketTableModel::appendRows(const QList<SocketRow> &rows)
{
    if (rows.isEmpty())
        return;
    // Duplicates inside one batch would break the id → row hash: keep the last of each.
    QHash<QByteArray, int> batchIndex;
    QList<SocketRow> unique;
    unique.reserve(rows.size());
    for (const SocketRow &row : rows) {
        const auto it = batchIndex.constFind(row.id);
        if (it != batchIndex.constEnd()) {
            unique[it.value()] = row;
        } else {
            batchIndex.insert(row.id, int(unique.size()));
            unique.append(row);
        }
    }
    const int first = int(m_rows.size());
    beginInsertRows({}, first, first + int(unique.size()) - 1);
    m_rows.append(unique);
    for (int i = first; i < m_rows.size(); ++i)
        m_index.insert(m_rows.at(i).id, i);
    endInsertRows();
}

void SocketTableModel::removeIds(const QList<QByteArray> &ids)
{
    QList<int> rows;
    rows.reserve(ids.size());
    for (const QByteArray &id : ids) {
        const int row = rowOf(id);
        if (row >= 0)
            rows.append(row);
    }
    if (rows.isEmpty())
        return;
    std::sort(rows.begin(), rows.end());
    rows.erase(std::unique(rows.begin(), rows.end()), rows.end());
    // From the bottom up, one removal per run of adjacent rows, so earlier rows keep their numbers.
    qsizetype end = rows.size();
    while (end > 0) {
        qsizetype begin = end - 1;
        while (begin > 0 && rows.at(begin - 1) == rows.at(begin) - 1)
            --begin;
        const int first = rows.at(begin);
        const int last = rows.at(end - 1);
        beginRemoveRows({}, first, last);
        for (int r = first; r <= last; ++r)
            m_index.remove(m_rows.at(r).id);
        m_rows.remove(first, last - first + 1);
        endRemoveRows();
        end = begin;
    }
    // Rows below the first removed one moved up: only they need new numbers.
    for (int r = rows.first(); r < m_rows.size(); ++r)
        m_index[m_rows.at(r).id] = r;
}

quint32 SocketTableModel::changedColumns(const SocketRow &a, const SocketRow &b)
{
    quint32 mask = 0;
    if (a.id != b.id)
        mask |= bit(Column::Id);
    if (a.nsp != b.nsp)
        mask |= bit(Column::Namespace);
    if (a.user != b.user)
        mask |= bit(Column::User);
    if (a.address != b.address)
        mask |= bit(Column::Address);
    if (a.transport != b.transport || a.upgraded != b.upgraded || a.upgrading != b.upgrading)
        mask |= bit(Column::Transport);
    if (a.rooms != b.rooms)
        mask |= bit(Column::Rooms);
    if (a.connectedAt != b.connectedAt)
        mask |= bit(Column::ConnectedSince);
    if (a.eventsIn != b.eventsIn)
        mask |= bit(Column::EventsIn);
    if (a.eventsOut != b.eventsOut)
        mask |= bit(Column::EventsOut);
    if (a.bytesIn != b.bytesIn)
        mask |= bit(Column::BytesIn);
    if (a.bytesOut != b.bytesOut)
        mask |= bit(Column::BytesOut);
    if (a.rttUs != b.rttUs)
        mask |= bit(Column::Rtt);
    if (a.pendingAcks != b.pendingAcks)
        mask |= bit(Column::PendingAcks);
    return mask;
}

void SocketTableModel::storeRow(int row, const SocketRow &value, QList<ChangedRow> &changed)
{
    const quint32 mask = changedColumns(m_rows.at(row), value);
    m_rows[row] = value;
    if (mask)
        changed.append({row, mask});
}

void SocketTableModel::announceChanged(QList<ChangedRow> &changed)
{
    if (changed.isEmpty())
        return;
    std::sort(changed.begin(), changed.end(),
        [](const ChangedRow &a, const ChangedRow &b) { return a.row < b.row; });
    // A row updated twice in one delta changed in the union of both masks.
    qsizetype out = 0;
    for (qsizetype i = 0; i < changed.size(); ++i) {
        if (out > 0 && changed[out - 1].row == changed[i].row)
            changed[out - 1].mask |= changed[i].mask;
        else
            changed[out++] = changed[i];
    }
    changed.resize(out);
    // Still exactly the changed cells: only adjacent rows with the same changed columns share a
    // signal, one per run of adjacent changed columns.
    qsizetype begin = 0;
    while (begin < changed.size()) {
        qsizetype end = begin + 1;
        while (end < changed.size() && changed[end].mask == changed[begin].mask
            && changed[end].row == changed[end - 1].row + 1)
            ++end;
        const int firstRow = changed[begin].row;
        const int lastRow = changed[end - 1].row;
        const quint32 mask = changed[begin].mask;
        forEachColumnRun(mask, ColumnCount, [&](int first, int last) {
            Q_EMIT dataChanged(index(firstRow, first), index(lastRow, last));
        });
        begin = end;
    }
}

int SocketTableModel::rowCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : int(m_rows.size());
}

int SocketTableModel::columnCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : ColumnCount;
}

QVariant SocketTableModel::display(const SocketRow &row, Column column) const
{
    const bool counters = m_capabilities.testFlag(Capability::SocketCounters);
    switch (column) {
    case Column::Id:
        return QString::fromLatin1(row.id);
    case Column::Namespace:
        return QString::fromUtf8(row.nsp);
    case Column::User:
        return row.user;
    case Column::Address:
        return row.address;
    case Column::Transport:
        return fmt::transport(row);
    case Column::Rooms:
        return row.rooms.join(u", "_s);
    case Column::ConnectedSince:
        return fmt::timeOfDay(row.connectedAt);
    case Column::EventsIn:
        return counters ? QVariant(row.eventsIn) : QVariant(tr("n/a"));
    case Column::EventsOut:
        return counters ? QVariant(row.eventsOut) : QVariant(tr("n/a"));
    case Column::BytesIn:
        return counters ? fmt::bytes(row.bytesIn) : tr("n/a");
    case Column::BytesOut:
        return counters ? fmt::bytes(row.bytesOut) : tr("n/a");
    case Column::Rtt:
        return m_capabilities.testFlag(Capability::Rtt) ? fmt::microseconds(row.rttUs) : tr("n/a");
    case Column::PendingAcks:
        return m_capabilities.testFlag(Capability::Acks) ? QVariant(row.pendingAcks)
                                                         : QVariant(tr("n/a"));
    case Column::Count:
        break;
    }
    return {};
}

QVariant SocketTableModel::sortKey(const SocketRow &row, Column column)
{
    switch (column) {
    case Column::Id:
        return row.id;
    case Column::Namespace:
        return row.nsp;
    case Column::User:
        return row.user;
    case Column::Address:
        return row.address;
    case Column::Transport:
        return fmt::transport(row);
    case Column::Rooms:
        return row.rooms.join(u',');
    case Column::ConnectedSince:
        return row.connectedAt;
    case Column::EventsIn:
        return row.eventsIn;
    case Column::EventsOut:
        return row.eventsOut;
    case Column::BytesIn:
        return row.bytesIn;
    case Column::BytesOut:
        return row.bytesOut;
    case Column::Rtt:
        return row.rttUs;
    case Column::PendingAcks:
        return row.pendingAcks;
    case Column::Count:
        break;
    }
    return {};
}

bool SocketTableModel::lessThan(const SocketRow &a, const SocketRow &b, int column)
{
    int c = 0;
    switch (Column(column)) {
    case Column::Id:
        c = compare3(a.id, b.id);
        break;
    case Column::Namespace:
        c = compare3(a.nsp, b.nsp);
        break;
    case Column::User:
        c = a.user.compare(b.user, Qt::CaseInsensitive);
        break;
    case Column::Address:
        c = compare3(a.address, b.address);
        break;
    case Column::Transport:
        c = compare3(std::tuple(a.transport, a.upgraded, a.upgrading),
            std::tuple(b.transport, b.upgraded, b.upgrading));
        break;
    case Column::Rooms:
        c = compare3(a.rooms, b.rooms);
        break;
    case Column::ConnectedSince:
        c = compare3(a.connectedAt, b.connectedAt);
        break;
    case Column::EventsIn:
        c = compare3(a.eventsIn, b.eventsIn);
        break;
    case Column::EventsOut:
        c = compare3(a.eventsOut, b.eventsOut);
        break;
    case Column::BytesIn:
        c = compare3(a.bytesIn, b.bytesIn);
        break;
    case Column::BytesOut:
        c = compare3(a.bytesOut, b.bytesOut);
        break;
    case Column::Rtt:
        c = compare3(a.rttUs, b.rttUs);
        break;
    case Column::PendingAcks:
        c = compare3(a.pendingAcks, b.pendingAcks);
        break;
    case Column::Count:
        break;
    }
    // Ties fall back to the id so that equal values keep one stable order between sorts.
    return c != 0 ? c < 0 : a.id < b.id;
}

QVariant SocketTableModel::data(const QModelIndex &index, int role) const
{
    if (!index.isValid() || index.row() >= m_rows.size() || index.column() >= ColumnCount)
        return {};
    const SocketRow &row = m_rows.at(index.row());
    const auto column = Column(index.column());
    switch (role) {
    case Qt::DisplayRole:
        return display(row, column);
    case Qt::TextAlignmentRole:
        if (column >= Column::EventsIn)
            return QVariant::fromValue(Qt::Alignment(Qt::AlignRight | Qt::AlignVCenter));
        return {};
    case Qt::ToolTipRole:
        if (column == Column::Rooms && !row.rooms.isEmpty())
            return row.rooms.join(u'\n');
        if (column == Column::Id)
            return tr("Session %1").arg(QString::fromLatin1(row.sessionId));
        return {};
    case int(Role::Sort):
        return sortKey(row, column);
    case int(Role::SocketId):
        return row.id;
    case int(Role::Namespace):
        return row.nsp;
    case int(Role::Rooms):
        return row.rooms;
    default:
        return {};
    }
}

QVariant SocketTableModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (orientation != Qt::Horizontal || section < 0 || section >= ColumnCount)
        return {};
    const auto column = Column(section);
    if (role == Qt::ToolTipRole) {
        if (column >= Column::EventsIn && column <= Column::BytesOut
            && !m_capabilities.testFlag(Capability::SocketCounters))
            return tr("This server does not report per-socket counters");
        if (column == Column::Rtt && !m_capabilities.testFlag(Capability::Rtt))
            return tr("This server does not report round-trip times");
        if (column == Column::PendingAcks && !m_capabilities.testFlag(Capability::Acks))
            return tr("This server does not report acks");
        return {};
    }
    if (role != Qt::DisplayRole)
        return {};
    switch (column) {
    case Column::Id:
        return tr("Socket");
    case Column::Namespace:
        return tr("Namespace");
    case Column::User:
        return tr("User");
    case Column::Address:
        return tr("Address");
    case Column::Transport:
        return tr("Transport");
    case Column::Rooms:
        return tr("Rooms");
    case Column::ConnectedSince:
        return tr("Connected");
    case Column::EventsIn:
        return tr("Events in");
    case Column::EventsOut:
        return tr("Events out");
    case Column::BytesIn:
        return tr("Bytes in");
    case Column::BytesOut:
        return tr("Bytes out");
    case Column::Rtt:
        return tr("RTT");
    case Column::PendingAcks:
        return tr("Pending acks");
    case Column::Count:
        break;
    }
    return {};
}

} // namespace sb::ui
