#include "ui/socket_filter_proxy.h"

#include "ui/socket_table_model.h"

namespace sb::ui {

SocketFilterProxy::SocketFilterProxy(QObject *parent)
    : QSortFilterProxyModel(parent)
{
    setSortRole(int(SocketTableModel::Role::Sort));
    setDynamicSortFilter(true);
}

void SocketFilterProxy::setSocketModel(SocketTableModel *model)
{
    m_model = model;
    setSourceModel(model);
}

void SocketFilterProxy::setScope(const QByteArray &nsp, const QString &room)
{
    if (m_nsp == nsp && m_room == room)
        return;
    m_nsp = nsp;
    m_room = room;
    invalidateFilter();
}

void SocketFilterProxy::setText(const QString &text)
{
    if (m_text == text)
        return;
    m_text = text;
    invalidateFilter();
}

void SocketFilterProxy::beginBulkUpdate()
{
    if (m_bulk)
        return;
    m_bulk = true;
    setDynamicSortFilter(false);
}

void SocketFilterProxy::endBulkUpdate()
{
    if (!m_bulk)
        return;
    m_bulk = false;
    // Without dynamic filtering, changed rows kept their old acceptance: refilter once.
    if (isFiltering())
        invalidateFilter();
    setDynamicSortFilter(true); // sorts once
}

bool SocketFilterProxy::filterAcceptsRow(int sourceRow, const QModelIndex &sourceParent) const
{
    if (!m_model || sourceParent.isValid())
        return true;
    const monitor::SocketRow &row = m_model->rowAt(sourceRow);
    if (!m_nsp.isEmpty() && row.nsp != m_nsp)
        return false;
    if (!m_room.isEmpty() && !row.rooms.contains(m_room))
        return false;
    if (m_text.isEmpty())
        return true;
    if (QLatin1StringView(row.id).contains(m_text, Qt::CaseInsensitive)
        || row.user.contains(m_text, Qt::CaseInsensitive)
        || row.address.contains(m_text, Qt::CaseInsensitive))
        return true;
    for (const QString &room : row.rooms) {
        if (room.contains(m_text, Qt::CaseInsensitive))
            return true;
    }
    return false;
}

bool SocketFilterProxy::lessThan(const QModelIndex &left, const QModelIndex &right) const
{
    if (!m_model || sortRole() != int(SocketTableModel::Role::Sort))
        return QSortFilterProxyModel::lessThan(left, right);
    return SocketTableModel::lessThan(m_model->rowAt(left.row()), m_model->rowAt(right.row()),
                                      left.column());
}

} // namespace sb::ui
