#include "ui/failure_model.h"

#include "ui/display_format.h"

#include <algorithm>

using namespace Qt::StringLiterals;
using sb::monitor::ConnectionFailure;

namespace sb::ui {

FailureModel::FailureModel(qsizetype capacity, QObject *parent)
    : QAbstractTableModel(parent)
    , m_capacity(std::max<qsizetype>(1, capacity))
{
}

void FailureModel::append(const QList<ConnectionFailure> &input)
{
    if (input.isEmpty())
        return;
    QList<ConnectionFailure> failures = input;
    if (failures.size() > m_capacity) {
        m_dropped += quint64(failures.size() - m_capacity);
        failures.remove(0, failures.size() - m_capacity);
    }
    const qsizetype overflow = m_failures.size() + failures.size() - m_capacity;
    if (overflow > 0) {
        beginRemoveRows({}, 0, int(overflow) - 1);
        m_failures.remove(0, overflow);
        endRemoveRows();
        m_dropped += quint64(overflow);
    }
    const int first = int(m_failures.size());
    beginInsertRows({}, first, first + int(failures.size()) - 1);
    m_failures.append(failures);
    endInsertRows();
}

void FailureModel::clear()
{
    beginResetModel();
    m_failures.clear();
    endResetModel();
}

QString FailureModel::engineCodeName(int code)
{
    switch (code) {
    case 0:
        return tr("Transport unknown");
    case 1:
        return tr("Session ID unknown");
    case 2:
        return tr("Bad handshake method");
    case 3:
        return tr("Bad request");
    case 4:
        return tr("Forbidden");
    case 5:
        return tr("Unsupported protocol version");
    default:
        return tr("code %1").arg(code);
    }
}

int FailureModel::rowCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : int(m_failures.size());
}

int FailureModel::columnCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : ColumnCount;
}

QVariant FailureModel::data(const QModelIndex &index, int role) const
{
    if (!index.isValid() || index.row() >= m_failures.size() || index.column() >= ColumnCount)
        return {};
    const ConnectionFailure &failure = m_failures.at(index.row());
    const bool handshake = failure.kind == ConnectionFailure::Kind::Handshake;
    switch (role) {
    case Qt::DisplayRole:
        switch (Column(index.column())) {
        case Column::Time:
            return fmt::timeOfDayMs(failure.time);
        case Column::Kind:
            return handshake ? tr("handshake refused") : tr("connect refused");
        case Column::Address:
            return failure.address;
        case Column::Origin:
            return failure.origin;
        case Column::Code:
            return handshake && failure.code >= 0 ? QVariant(failure.code) : QVariant(u"—"_s);
        case Column::Message:
            return failure.message;
        case Column::Detail:
            return QString::fromUtf8(failure.detail);
        case Column::Namespace:
            return QString::fromUtf8(failure.nsp);
        case Column::Count:
            break;
        }
        return {};
    case Qt::ToolTipRole:
        if (Column(index.column()) == Column::Code && handshake)
            return engineCodeName(failure.code);
        return failure.userAgent.isEmpty() ? QVariant() : QVariant(tr("User agent: %1").arg(failure.userAgent));
    case int(Role::Kind):
        return int(failure.kind);
    default:
        return {};
    }
}

QVariant FailureModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (orientation != Qt::Horizontal || role != Qt::DisplayRole)
        return {};
    switch (Column(section)) {
    case Column::Time:
        return tr("Time");
    case Column::Kind:
        return tr("Kind");
    case Column::Address:
        return tr("Address");
    case Column::Origin:
        return tr("Origin");
    case Column::Code:
        return tr("Code");
    case Column::Message:
        return tr("Message");
    case Column::Detail:
        return tr("Detail");
    case Column::Namespace:
        return tr("Namespace");
    case Column::Count:
        break;
    }
    return {};
}

} // namespace sb::ui
