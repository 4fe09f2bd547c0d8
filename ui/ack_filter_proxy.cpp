#include "ui/ack_filter_proxy.h"

#include "ui/ack_model.h"
#include "ui/display_format.h"

#include <QGuiApplication>
#include <QPalette>

using sb::monitor::AckRecord;

namespace sb::ui {

AckFilterProxy::AckFilterProxy(QObject *parent)
    : QSortFilterProxyModel(parent)
{ }

void AckFilterProxy::setAckModel(AckModel *model)
{
    m_model = model;
    setSourceModel(model);
}

void AckFilterProxy::setNamespaceFilter(const QString &nsp)
{
    if (m_nsp == nsp)
        return;
    m_nsp = nsp;
    invalidateRowsFilter();
}

void AckFilterProxy::setSocketFilter(const QString &text)
{
    if (m_socket == text.trimmed())
        return;
    m_socket = text.trimmed();
    invalidateRowsFilter();
}

void AckFilterProxy::setEventFilter(const QString &text)
{
    if (m_event == text.trimmed())
        return;
    m_event = text.trimmed();
    invalidateRowsFilter();
}

bool AckFilterProxy::isFiltering() const
{
    return !m_nsp.isEmpty() || !m_socket.isEmpty() || !m_event.isEmpty();
}

bool AckFilterProxy::filterAcceptsRow(int sourceRow, const QModelIndex &sourceParent) const
{
    if (!m_model || sourceParent.isValid())
        return true;
    const AckRecord &record = m_model->recordAt(sourceRow);
    if (!m_nsp.isEmpty() && QString::fromUtf8(record.nsp) != m_nsp)
        return false;
    if (!m_socket.isEmpty()
        && !QString::fromLatin1(record.socket).contains(m_socket, Qt::CaseInsensitive))
        return false;
    if (!m_event.isEmpty() && !record.event.contains(m_event, Qt::CaseInsensitive))
        return false;
    return true;
}

QVariant AckFilterProxy::data(const QModelIndex &index, int role) const
{
    if (role == Qt::BackgroundRole && m_model && index.isValid()
        && index.column() != int(AckModel::Column::State)) {
        const auto state = AckRecord::State(
            QSortFilterProxyModel::data(index, int(AckModel::Role::State)).toInt());
        const QPalette palette = QGuiApplication::palette();
        if (state == AckRecord::State::TimedOut)
            return fmt::tint(palette, QColor(0xe0, 0x44, 0x3a), 0.16);
        if (state == AckRecord::State::Disconnected)
            return fmt::tint(palette, QColor(0xd0, 0x90, 0x20), 0.16);
    }
    return QSortFilterProxyModel::data(index, role);
}

} // namespace sb::ui
