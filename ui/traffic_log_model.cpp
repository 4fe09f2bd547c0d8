#include "ui/traffic_log_model.h"

#include "ui/display_format.h"
#include "ui/payload_format.h"
#include "ui/socket_table_model.h"

#include <algorithm>

using namespace Qt::StringLiterals;
using sb::monitor::Direction;
using sb::monitor::TrafficRecord;

namespace sb::ui {

TrafficLogModel::TrafficLogModel(qsizetype capacity, QObject *parent)
    : QAbstractTableModel(parent)
    , m_capacity(std::max<qsizetype>(1, capacity))
{ }

void TrafficLogModel::append(const QList<TrafficRecord> &records)
{
    if (records.isEmpty())
        return;
    if (m_paused) {
        m_held.append(records);
        if (m_held.size() > m_capacity) {
            const qsizetype excess = m_held.size() - m_capacity;
            m_held.remove(0, excess);
            m_dropped += quint64(excess);
        }
        Q_EMIT countsChanged();
        return;
    }
    insertBatch(records);
}

void TrafficLogModel::insertBatch(QList<TrafficRecord> records)
{
    if (records.isEmpty())
        return;
    quint64 dropped = 0;
    if (records.size() > m_capacity) {
        // Rows that would be removed again by this very batch never become rows.
        const qsizetype excess = records.size() - m_capacity;
        records.remove(0, excess);
        dropped += quint64(excess);
    }
    const qsizetype overflow = m_records.size() + records.size() - m_capacity;
    if (overflow > 0) {
        dropped += quint64(overflow);
        trimFront(overflow);
    }
    const int first = int(m_records.size());
    beginInsertRows({}, first, first + int(records.size()) - 1);
    m_records.append(records);
    endInsertRows();
    m_dropped += dropped;
    Q_EMIT countsChanged(); // the record count changed too, not only the drops
}

void TrafficLogModel::trimFront(qsizetype count)
{
    count = std::min(count, m_records.size());
    if (count <= 0)
        return;
    beginRemoveRows({}, 0, int(count) - 1);
    // QList keeps free space at the front: dropping the head costs the destructors, not a move.
    m_records.remove(0, count);
    endRemoveRows();
}

void TrafficLogModel::clear()
{
    m_held.clear();
    if (!m_records.isEmpty()) {
        beginResetModel();
        m_records.clear();
        m_previews.clear();
        endResetModel();
    }
    Q_EMIT countsChanged();
}

void TrafficLogModel::setPaused(bool paused)
{
    if (m_paused == paused)
        return;
    m_paused = paused;
    if (!paused) {
        QList<TrafficRecord> held;
        held.swap(m_held);
        insertBatch(std::move(held));
        Q_EMIT countsChanged();
    }
    Q_EMIT pausedChanged(paused);
}

void TrafficLogModel::setCapacity(qsizetype capacity)
{
    m_capacity = std::max<qsizetype>(1, capacity);
    if (m_records.size() > m_capacity) {
        const qsizetype excess = m_records.size() - m_capacity;
        trimFront(excess);
        m_dropped += quint64(excess);
        Q_EMIT countsChanged();
    }
}

void TrafficLogModel::setPreviewFormatters(payload::PreviewFormatters formatters)
{
    m_formatters = std::move(formatters);
    m_previews.clear();
    if (!m_records.isEmpty())
        Q_EMIT dataChanged(index(0, int(Column::Payload)),
            index(int(m_records.size()) - 1, int(Column::Payload)), {Qt::DisplayRole});
}

int TrafficLogModel::rowCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : int(m_records.size());
}

int TrafficLogModel::columnCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : ColumnCount;
}

QString TrafficLogModel::directionText(const TrafficRecord &record)
{
    if (record.direction == Direction::In)
        return tr("↓ in");
    if (record.isBroadcast())
        return tr("↑ out ⇶ → %1").arg(record.recipients);
    return tr("↑ out");
}

QVariant TrafficLogModel::data(const QModelIndex &index, int role) const
{
    if (!index.isValid() || index.row() >= m_records.size() || index.column() >= ColumnCount)
        return {};
    const TrafficRecord &record = m_records.at(index.row());
    const auto column = Column(index.column());
    switch (role) {
    case Qt::DisplayRole:
        switch (column) {
        case Column::Time:
            return fmt::timeOfDayMs(record.time);
        case Column::Direction:
            return directionText(record);
        case Column::Socket:
            if (record.isBroadcast()) {
                if (record.rooms.isEmpty())
                    return tr("(broadcast)");
                return tr("(rooms %1)").arg(record.rooms.join(u", "_s));
            }
            return QString::fromLatin1(record.socket);
        case Column::Namespace:
            return QString::fromUtf8(record.nsp);
        case Column::Event:
            return record.event;
        case Column::AckId:
            return record.ackId >= 0 ? QVariant(record.ackId) : QVariant();
        case Column::Size:
            return fmt::bytes(quint64(std::max<qint64>(0, record.size)));
        case Column::Payload: {
            if (const QString *cached = m_previews.object(record.seq))
                return *cached;
            const QString text = m_formatters.isEmpty()
                ? payload::preview(record)
                : payload::preview(record, m_formatters,
                    m_sockets && !record.isBroadcast() ? m_sockets->find(record.socket) : nullptr);
            m_previews.insert(record.seq, new QString(text));
            return text;
        }
        case Column::Count:
            break;
        }
        return {};
    case Qt::ToolTipRole:
        if (column == Column::Socket && record.isBroadcast()) {
            QString tip = tr("Broadcast — recipients: %1").arg(record.recipients);
            if (!record.rooms.isEmpty())
                tip += u'\n' + tr("rooms: %1").arg(record.rooms.join(u", "_s));
            if (!record.except.isEmpty())
                tip += u'\n' + tr("except: %1").arg(record.except.join(u", "_s));
            return tip;
        }
        if (column == Column::Payload)
            return payload::preview(record, 1000);
        return {};
    case Qt::TextAlignmentRole:
        if (column == Column::AckId || column == Column::Size)
            return QVariant::fromValue(Qt::Alignment(Qt::AlignRight | Qt::AlignVCenter));
        return {};
    case int(Role::Seq):
        return record.seq;
    case int(Role::Direction):
        return int(record.direction);
    case int(Role::Socket):
        return record.socket;
    case int(Role::Namespace):
        return record.nsp;
    case int(Role::Event):
        return record.event;
    case int(Role::RawPayload):
        return record.payload;
    default:
        return {};
    }
}

QVariant TrafficLogModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (orientation != Qt::Horizontal || role != Qt::DisplayRole)
        return {};
    switch (Column(section)) {
    case Column::Time:
        return tr("Time");
    case Column::Direction:
        return tr("Direction");
    case Column::Socket:
        return tr("Socket");
    case Column::Namespace:
        return tr("Namespace");
    case Column::Event:
        return tr("Event");
    case Column::AckId:
        return tr("Ack");
    case Column::Size:
        return tr("Size");
    case Column::Payload:
        return tr("Payload");
    case Column::Count:
        break;
    }
    return {};
}

} // namespace sb::ui
