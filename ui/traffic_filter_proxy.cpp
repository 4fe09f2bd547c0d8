#include "ui/traffic_filter_proxy.h"

#include "ui/socket_table_model.h"
#include "ui/traffic_log_model.h"

#include <algorithm>
#include <utility>

namespace sb::ui {

namespace {

char asciiLower(char c)
{
    return (c >= 'A' && c <= 'Z') ? char(c - 'A' + 'a') : c;
}

// Substring search that folds ASCII letters only: no conversion of the (possibly large) payload.
bool containsFolded(QByteArrayView haystack, QByteArrayView lowerNeedle)
{
    if (lowerNeedle.isEmpty())
        return true;
    const qsizetype last = haystack.size() - lowerNeedle.size();
    for (qsizetype i = 0; i <= last; ++i) {
        qsizetype k = 0;
        while (k < lowerNeedle.size() && asciiLower(haystack[i + k]) == lowerNeedle[k])
            ++k;
        if (k == lowerNeedle.size())
            return true;
    }
    return false;
}

} // namespace

TrafficFilterProxy::TrafficFilterProxy(QObject *parent)
    : QAbstractProxyModel(parent)
{ }

void TrafficFilterProxy::setTrafficModel(TrafficLogModel *model)
{
    setSourceModel(model);
}

void TrafficFilterProxy::setSourceModel(QAbstractItemModel *source)
{
    auto *model = qobject_cast<TrafficLogModel *>(source);
    Q_ASSERT(model || !source); // it reads records, not cells
    beginResetModel();
    disconnectSource();
    QAbstractProxyModel::setSourceModel(model);
    m_model = model;
    m_base = 0;
    if (m_model) {
        using M = TrafficLogModel;
        m_sourceConnections = {
            connect(m_model, &M::rowsInserted, this, &TrafficFilterProxy::onRowsInserted),
            connect(m_model, &M::rowsAboutToBeRemoved, this,
                &TrafficFilterProxy::onRowsAboutToBeRemoved),
            connect(m_model, &M::rowsRemoved, this, &TrafficFilterProxy::onRowsRemoved),
            connect(m_model, &M::dataChanged, this, &TrafficFilterProxy::onDataChanged),
            connect(m_model, &M::modelAboutToBeReset, this, &TrafficFilterProxy::beginSourceReset),
            connect(m_model, &M::modelReset, this, &TrafficFilterProxy::endSourceReset),
            connect(
                m_model, &M::layoutAboutToBeChanged, this, &TrafficFilterProxy::beginSourceReset),
            connect(m_model, &M::layoutChanged, this, &TrafficFilterProxy::endSourceReset),
            connect(m_model, &M::headerDataChanged, this, &TrafficFilterProxy::headerDataChanged),
        };
    }
    rebuild();
    endResetModel();
}

void TrafficFilterProxy::disconnectSource()
{
    for (const QMetaObject::Connection &c : std::as_const(m_sourceConnections))
        disconnect(c);
    m_sourceConnections.clear();
}

bool TrafficFilterProxy::accepts(int sourceRow) const
{
    const monitor::TrafficRecord &record = m_model->recordAt(sourceRow);
    if (m_direction == DirectionFilter::In && record.direction != monitor::Direction::In)
        return false;
    if (m_direction == DirectionFilter::Out && record.direction != monitor::Direction::Out)
        return false;
    if (!m_nsp.isEmpty() && record.nsp != m_nsp)
        return false;
    if (!m_socket.isEmpty() && record.socket != m_socket)
        return false;
    if (!m_room.isEmpty() && !matchesRoom(record))
        return false;
    if (!m_eventPattern.isEmpty()
        && (!m_eventRe.isValid() || !m_eventRe.match(record.event).hasMatch()))
        return false;
    if (!m_payloadText.isEmpty() && !matchesPayload(record))
        return false;
    return true;
}

void TrafficFilterProxy::rebuild()
{
    m_rows.clear();
    if (!m_model)
        return;
    const int rows = m_model->rowCount();
    const bool all = !isFiltering();
    m_rows.reserve(all ? rows : 0);
    for (int r = 0; r < rows; ++r) {
        if (all || accepts(r))
            m_rows.append(m_base + r);
    }
}

void TrafficFilterProxy::refilter()
{
    if (!m_model || m_resetting)
        return;
    const QList<qint64> before = m_rows;
    rebuild();
    const QList<qint64> after = std::exchange(m_rows, before);

    // Runs of rows that go (positions in `before`) and that come (positions in `after`).
    struct Run
    {
        int first;
        int last;
    };
    QList<Run> gone;
    QList<Run> come;
    auto extend = [](QList<Run> &runs, int position) {
        if (!runs.isEmpty() && runs.last().last + 1 == position)
            runs.last().last = position;
        else
            runs.append({position, position});
    };
    qsizetype i = 0;
    qsizetype j = 0;
    while (i < before.size() || j < after.size()) {
        if (j == after.size() || (i < before.size() && before[i] < after[j])) {
            extend(gone, int(i++));
        } else if (i == before.size() || after[j] < before[i]) {
            extend(come, int(j++));
        } else {
            ++i;
            ++j;
        }
    }
    if (gone.isEmpty() && come.isEmpty())
        return;
    // Each run costs the views a pass of their own; past a few dozen one reset is cheaper.
    constexpr qsizetype MaxRuns = 64;
    if (gone.size() + come.size() > MaxRuns) {
        beginResetModel();
        m_rows = after;
        endResetModel();
        return;
    }
    // Back to front, so the positions of the runs still to go stay valid.
    for (auto run = gone.crbegin(); run != gone.crend(); ++run) {
        beginRemoveRows({}, run->first, run->last);
        m_rows.remove(run->first, run->last - run->first + 1);
        endRemoveRows();
    }
    // Front to back: everything before a run is already in place.
    for (const Run &run : std::as_const(come)) {
        beginInsertRows({}, run.first, run.last);
        m_rows.insert(run.first, run.last - run.first + 1, 0);
        std::copy(
            after.cbegin() + run.first, after.cbegin() + run.last + 1, m_rows.begin() + run.first);
        endInsertRows();
    }
}

void TrafficFilterProxy::onRowsInserted(const QModelIndex &parent, int first, int last)
{
    if (parent.isValid() || m_resetting)
        return;
    if (first != m_model->rowCount() - (last - first + 1)) {
        // Not an append: the absolute numbers after `first` would all shift.
        beginResetModel();
        m_base = 0;
        rebuild();
        endResetModel();
        return;
    }
    QList<qint64> accepted;
    const bool all = !isFiltering();
    accepted.reserve(all ? last - first + 1 : 0);
    for (int r = first; r <= last; ++r) {
        if (all || accepts(r))
            accepted.append(m_base + r);
    }
    if (accepted.isEmpty())
        return;
    const int at = int(m_rows.size());
    beginInsertRows({}, at, at + int(accepted.size()) - 1);
    m_rows.append(accepted);
    endInsertRows();
}

void TrafficFilterProxy::onRowsAboutToBeRemoved(const QModelIndex &parent, int first, int last)
{
    if (parent.isValid() || m_resetting)
        return;
    if (first != 0) {
        // Only the front is ever trimmed; anything else renumbers what follows.
        beginSourceReset();
        return;
    }
    m_pendingTrim = lowerBound(m_base + last + 1);
    if (m_pendingTrim > 0)
        beginRemoveRows({}, 0, m_pendingTrim - 1);
}

void TrafficFilterProxy::onRowsRemoved(const QModelIndex &parent, int first, int last)
{
    if (parent.isValid())
        return;
    if (m_resetting) {
        endSourceReset();
        return;
    }
    Q_UNUSED(first);
    m_base += last + 1;
    if (m_pendingTrim > 0) {
        m_rows.remove(0, m_pendingTrim);
        m_pendingTrim = 0;
        endRemoveRows();
    }
}

void TrafficFilterProxy::onDataChanged(
    const QModelIndex &topLeft, const QModelIndex &bottomRight, const QList<int> &roles)
{
    if (m_resetting || !topLeft.isValid() || !bottomRight.isValid())
        return;
    // Records do not change once logged; pass a change on for the visible rows it covers.
    const int first = lowerBound(m_base + topLeft.row());
    const int end = lowerBound(m_base + bottomRight.row() + 1);
    if (first < end) {
        Q_EMIT dataChanged(
            index(first, topLeft.column()), index(end - 1, bottomRight.column()), roles);
    }
}

void TrafficFilterProxy::beginSourceReset()
{
    if (m_resetting)
        return;
    m_resetting = true;
    beginResetModel();
}

void TrafficFilterProxy::endSourceReset()
{
    if (!m_resetting)
        return;
    m_base = 0;
    rebuild();
    m_resetting = false;
    endResetModel();
}

int TrafficFilterProxy::lowerBound(qint64 absolute) const
{
    return int(std::lower_bound(m_rows.cbegin(), m_rows.cend(), absolute) - m_rows.cbegin());
}

QModelIndex TrafficFilterProxy::index(int row, int column, const QModelIndex &parent) const
{
    if (parent.isValid() || row < 0 || row >= m_rows.size() || column < 0
        || column >= TrafficLogModel::ColumnCount)
        return {};
    return createIndex(row, column);
}

QModelIndex TrafficFilterProxy::parent(const QModelIndex &) const
{
    return {};
}

QModelIndex TrafficFilterProxy::sibling(int row, int column, const QModelIndex &) const
{
    return index(row, column);
}

int TrafficFilterProxy::rowCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : int(m_rows.size());
}

int TrafficFilterProxy::columnCount(const QModelIndex &parent) const
{
    return parent.isValid() || !m_model ? 0 : TrafficLogModel::ColumnCount;
}

bool TrafficFilterProxy::hasChildren(const QModelIndex &parent) const
{
    return !parent.isValid() && !m_rows.isEmpty() && m_model;
}

QModelIndex TrafficFilterProxy::mapToSource(const QModelIndex &proxyIndex) const
{
    if (!m_model || !proxyIndex.isValid() || proxyIndex.model() != this
        || proxyIndex.row() >= m_rows.size())
        return {};
    return m_model->index(int(m_rows.at(proxyIndex.row()) - m_base), proxyIndex.column());
}

QModelIndex TrafficFilterProxy::mapFromSource(const QModelIndex &sourceIndex) const
{
    if (!m_model || !sourceIndex.isValid() || sourceIndex.model() != m_model)
        return {};
    const qint64 absolute = m_base + sourceIndex.row();
    const int row = lowerBound(absolute);
    if (row >= m_rows.size() || m_rows.at(row) != absolute)
        return {};
    return index(row, sourceIndex.column());
}

void TrafficFilterProxy::setDirectionFilter(DirectionFilter direction)
{
    if (m_direction == direction)
        return;
    m_direction = direction;
    refilter();
}

void TrafficFilterProxy::setNamespaceFilter(const QByteArray &nsp)
{
    if (m_nsp == nsp)
        return;
    m_nsp = nsp;
    refilter();
}

void TrafficFilterProxy::setRoomFilter(const QString &room)
{
    if (m_room == room)
        return;
    m_room = room;
    refilter();
}

void TrafficFilterProxy::setSocketFilter(const QByteArray &socket)
{
    if (m_socket == socket)
        return;
    m_socket = socket;
    refilter();
}

bool TrafficFilterProxy::setEventFilter(const QString &pattern)
{
    if (m_eventPattern != pattern) {
        m_eventPattern = pattern;
        m_eventRe = QRegularExpression(pattern, QRegularExpression::CaseInsensitiveOption);
        refilter();
    }
    return pattern.isEmpty() || m_eventRe.isValid();
}

bool TrafficFilterProxy::setPayloadSearch(const QString &text, bool regularExpression)
{
    m_payloadText = text;
    m_payloadIsRegex = regularExpression;
    m_payloadNeedle = text.toUtf8();
    for (char &c : m_payloadNeedle)
        c = asciiLower(c);
    m_payloadRe = regularExpression
        ? QRegularExpression(text, QRegularExpression::CaseInsensitiveOption)
        : QRegularExpression();
    refilter();
    return !regularExpression || text.isEmpty() || m_payloadRe.isValid();
}

void TrafficFilterProxy::clearFilters()
{
    m_direction = DirectionFilter::Any;
    m_nsp.clear();
    m_room.clear();
    m_socket.clear();
    m_eventPattern.clear();
    m_eventRe = QRegularExpression();
    m_payloadText.clear();
    m_payloadNeedle.clear();
    m_payloadRe = QRegularExpression();
    refilter();
}

bool TrafficFilterProxy::isFiltering() const
{
    return m_direction != DirectionFilter::Any || !m_nsp.isEmpty() || !m_room.isEmpty()
        || !m_socket.isEmpty() || !m_eventPattern.isEmpty() || !m_payloadText.isEmpty();
}

const monitor::TrafficRecord &TrafficFilterProxy::recordAt(int proxyRow) const
{
    return m_model->recordAt(int(m_rows.at(proxyRow) - m_base));
}

QList<monitor::TrafficRecord> TrafficFilterProxy::visibleRecords() const
{
    QList<monitor::TrafficRecord> records;
    if (!m_model)
        return records;
    const int rows = rowCount();
    records.reserve(rows);
    for (int r = 0; r < rows; ++r)
        records.append(recordAt(r));
    return records;
}

int TrafficFilterProxy::findRow(const QString &text, int from, bool forward) const
{
    const int rows = rowCount();
    if (text.isEmpty() || rows == 0 || !m_model)
        return -1;
    QByteArray needle = text.toUtf8();
    for (char &c : needle)
        c = asciiLower(c);
    int row = from;
    for (int step = 0; step < rows; ++step) {
        if (forward)
            row = (row < 0 || row + 1 >= rows) ? 0 : row + 1;
        else
            row = (row <= 0) ? rows - 1 : row - 1;
        const monitor::TrafficRecord &record = recordAt(row);
        if (record.event.contains(text, Qt::CaseInsensitive)
            || containsFolded(record.socket, needle) || containsFolded(record.payload, needle))
            return row;
    }
    return -1;
}

bool TrafficFilterProxy::matchesRoom(const monitor::TrafficRecord &record) const
{
    if (record.isBroadcast())
        return record.rooms.contains(m_room);
    if (!m_sockets)
        return false;
    const monitor::SocketRow *row = m_sockets->find(record.socket);
    return row && row->rooms.contains(m_room);
}

bool TrafficFilterProxy::matchesPayload(const monitor::TrafficRecord &record) const
{
    if (m_payloadIsRegex) {
        if (!m_payloadRe.isValid())
            return false;
        return m_payloadRe.match(QString::fromUtf8(record.payload)).hasMatch();
    }
    return containsFolded(record.payload, m_payloadNeedle);
}

} // namespace sb::ui
