#include "ui/ack_model.h"

#include "ui/column_runs.h"
#include "ui/display_format.h"

#include <QDateTime>
#include <QGuiApplication>

#include <algorithm>

using namespace Qt::StringLiterals;
using sb::monitor::AckRecord;

namespace sb::ui {

namespace {

constexpr quint32 bit(AckModel::Column column)
{
    return 1u << int(column);
}

QString answerPreview(const AckRecord &record)
{
    QString text = QString::fromUtf8(
        QByteArrayView(record.answer).first(std::min<qsizetype>(record.answer.size(), 400)));
    for (QChar &c : text) {
        if (c == u'\n' || c == u'\r' || c == u'\t')
            c = u' ';
    }
    if (record.answerTruncated || record.answer.size() > 400)
        text += u'…';
    return text;
}

} // namespace

AckModel::AckModel(qsizetype settledCapacity, QObject *parent)
    : QAbstractTableModel(parent)
    , m_settledCapacity(std::max<qsizetype>(1, settledCapacity))
    , m_clock([] { return QDateTime::currentMSecsSinceEpoch(); })
{
    m_countdown.setInterval(250);
    connect(&m_countdown, &QTimer::timeout, this, &AckModel::refreshCountdowns);
}

void AckModel::setClock(std::function<monitor::EpochMs()> clock)
{
    m_clock = std::move(clock);
}

void AckModel::clear()
{
    beginResetModel();
    m_records.clear();
    m_index.clear();
    m_pending.clear();
    m_settledOrder.clear();
    endResetModel();
    m_countdown.stop();
}

void AckModel::trackState(const AckRecord &record)
{
    if (!record.isSettled()) {
        if (record.timeoutMs)
            m_pending.insert(record.key);
        return;
    }
    m_pending.remove(record.key);
    m_settledOrder.push_back(record.key);
}

quint32 AckModel::changedColumns(const AckRecord &a, const AckRecord &b)
{
    quint32 mask = 0;
    if (a.state != b.state || a.timeoutMs != b.timeoutMs || a.requestedAt != b.requestedAt)
        mask |= bit(Column::State);
    if (a.kind != b.kind)
        mask |= bit(Column::Direction);
    if (a.nsp != b.nsp)
        mask |= bit(Column::Namespace);
    if (a.socket != b.socket)
        mask |= bit(Column::Socket);
    if (a.event != b.event)
        mask |= bit(Column::Event);
    if (a.ackId != b.ackId)
        mask |= bit(Column::AckId);
    if (a.latencyUs != b.latencyUs || a.state != b.state)
        mask |= bit(Column::Latency);
    if (a.answer != b.answer || a.answerTruncated != b.answerTruncated)
        mask |= bit(Column::Answer);
    return mask;
}

void AckModel::apply(const QList<AckRecord> &records)
{
    QList<AckRecord> fresh;
    for (const AckRecord &record : records) {
        const int row = rowOf(record.key);
        if (row < 0) {
            // A key repeated within one snapshot: the later record wins.
            auto it = std::find_if(fresh.begin(), fresh.end(),
                [&](const AckRecord &r) { return r.key == record.key; });
            if (it != fresh.end())
                *it = record;
            else
                fresh.append(record);
            continue;
        }
        const AckRecord &old = m_records.at(row);
        const quint32 mask = changedColumns(old, record);
        const bool settledNow = !old.isSettled() && record.isSettled();
        m_records[row] = record;
        if (settledNow || !record.isSettled())
            trackState(record);
        forEachColumnRun(mask, ColumnCount,
            [&](int first, int last) { Q_EMIT dataChanged(index(row, first), index(row, last)); });
    }
    if (!fresh.isEmpty()) {
        const int first = int(m_records.size());
        beginInsertRows({}, first, first + int(fresh.size()) - 1);
        for (const AckRecord &record : fresh) {
            m_index.insert(record.key, int(m_records.size()));
            m_records.append(record);
            trackState(record);
        }
        endInsertRows();
    }
    dropOldestSettled();
    if (m_pending.isEmpty())
        m_countdown.stop();
    else if (!m_countdown.isActive())
        m_countdown.start();
}

void AckModel::dropOldestSettled()
{
    // Some slack above the bound, so that the removal (which renumbers the rows below) runs once
    // per many settled acks rather than on every snapshot.
    const qsizetype slack = std::max<qsizetype>(1, m_settledCapacity / 10);
    if (qsizetype(m_settledOrder.size()) <= m_settledCapacity + slack - 1)
        return;
    const qsizetype excess = qsizetype(m_settledOrder.size()) - m_settledCapacity;
    QList<int> rows;
    rows.reserve(excess);
    for (qsizetype i = 0; i < excess; ++i) {
        const int row = rowOf(m_settledOrder.front());
        m_settledOrder.pop_front();
        if (row >= 0)
            rows.append(row);
    }
    m_dropped += quint64(rows.size());
    std::sort(rows.begin(), rows.end());
    qsizetype end = rows.size();
    while (end > 0) {
        qsizetype begin = end - 1;
        while (begin > 0 && rows.at(begin - 1) == rows.at(begin) - 1)
            --begin;
        const int first = rows.at(begin);
        const int last = rows.at(end - 1);
        beginRemoveRows({}, first, last);
        for (int r = first; r <= last; ++r)
            m_index.remove(m_records.at(r).key);
        m_records.remove(first, last - first + 1);
        endRemoveRows();
        end = begin;
    }
    if (!rows.isEmpty()) {
        for (int r = rows.first(); r < m_records.size(); ++r)
            m_index[m_records.at(r).key] = r;
    }
}

void AckModel::refreshCountdowns()
{
    int first = -1;
    int last = -1;
    for (const quint64 key : std::as_const(m_pending)) {
        const int row = rowOf(key);
        if (row < 0)
            continue;
        first = first < 0 ? row : std::min(first, row);
        last = std::max(last, row);
    }
    if (first >= 0)
        Q_EMIT dataChanged(
            index(first, int(Column::State)), index(last, int(Column::State)), {Qt::DisplayRole});
}

QString AckModel::stateText(const AckRecord &record) const
{
    switch (record.state) {
    case AckRecord::State::Pending: {
        if (!record.timeoutMs)
            return tr("pending");
        const qint64 left = record.requestedAt + *record.timeoutMs - m_clock();
        if (left >= 0)
            return tr("pending · %1 left").arg(fmt::seconds(double(left) / 1000.0));
        return tr("pending · overdue %1").arg(fmt::seconds(double(-left) / 1000.0));
    }
    case AckRecord::State::Answered:
        return tr("answered");
    case AckRecord::State::TimedOut:
        return tr("timed out");
    case AckRecord::State::Disconnected:
        return tr("disconnected");
    }
    return {};
}

int AckModel::rowCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : int(m_records.size());
}

int AckModel::columnCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : ColumnCount;
}

QVariant AckModel::data(const QModelIndex &index, int role) const
{
    if (!index.isValid() || index.row() >= m_records.size() || index.column() >= ColumnCount)
        return {};
    const AckRecord &record = m_records.at(index.row());
    const auto column = Column(index.column());
    switch (role) {
    case Qt::DisplayRole:
        switch (column) {
        case Column::State:
            return stateText(record);
        case Column::Direction:
            return record.kind == AckRecord::Kind::ServerToClient ? tr("server → client")
                                                                  : tr("client → server");
        case Column::Namespace:
            return QString::fromUtf8(record.nsp);
        case Column::Socket:
            return QString::fromLatin1(record.socket);
        case Column::Event:
            return record.event;
        case Column::AckId:
            return record.ackId;
        case Column::Latency:
            return record.isSettled() ? fmt::microseconds(record.latencyUs) : QString();
        case Column::Answer:
            return answerPreview(record);
        case Column::Count:
            break;
        }
        return {};
    case Qt::BackgroundRole: {
        if (column != Column::State)
            return {};
        const QPalette palette = QGuiApplication::palette();
        switch (record.state) {
        case AckRecord::State::Pending:
            return fmt::tint(palette, QColor(0x3d, 0x7e, 0xe0), 0.18);
        case AckRecord::State::Answered:
            return fmt::tint(palette, QColor(0x2f, 0xa8, 0x4f));
        case AckRecord::State::TimedOut:
            return fmt::tint(palette, QColor(0xe0, 0x44, 0x3a), 0.38);
        case AckRecord::State::Disconnected:
            return fmt::tint(palette, QColor(0xd0, 0x90, 0x20));
        }
        return {};
    }
    case Qt::ToolTipRole:
        if (column == Column::Answer && !record.answer.isEmpty())
            return QString::fromUtf8(record.answer.left(4000));
        if (column == Column::State)
            return tr("requested %1").arg(fmt::timeOfDayMs(record.requestedAt));
        return {};
    case Qt::TextAlignmentRole:
        if (column == Column::AckId || column == Column::Latency)
            return QVariant::fromValue(Qt::Alignment(Qt::AlignRight | Qt::AlignVCenter));
        return {};
    case int(Role::Key):
        return record.key;
    case int(Role::State):
        return int(record.state);
    default:
        return {};
    }
}

QVariant AckModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (orientation != Qt::Horizontal || role != Qt::DisplayRole)
        return {};
    switch (Column(section)) {
    case Column::State:
        return tr("State");
    case Column::Direction:
        return tr("Direction");
    case Column::Namespace:
        return tr("Namespace");
    case Column::Socket:
        return tr("Socket");
    case Column::Event:
        return tr("Event");
    case Column::AckId:
        return tr("Ack id");
    case Column::Latency:
        return tr("Latency");
    case Column::Answer:
        return tr("Answer");
    case Column::Count:
        break;
    }
    return {};
}

} // namespace sb::ui
