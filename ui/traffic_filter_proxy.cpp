#include "ui/traffic_filter_proxy.h"

#include "ui/socket_table_model.h"
#include "ui/traffic_log_model.h"

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
    : QSortFilterProxyModel(parent)
{
    setDynamicSortFilter(true);
}

void TrafficFilterProxy::setTrafficModel(TrafficLogModel *model)
{
    m_model = model;
    setSourceModel(model);
}

void TrafficFilterProxy::setDirectionFilter(DirectionFilter direction)
{
    if (m_direction == direction)
        return;
    m_direction = direction;
    invalidateFilter();
}

void TrafficFilterProxy::setNamespaceFilter(const QByteArray &nsp)
{
    if (m_nsp == nsp)
        return;
    m_nsp = nsp;
    invalidateFilter();
}

void TrafficFilterProxy::setRoomFilter(const QString &room)
{
    if (m_room == room)
        return;
    m_room = room;
    invalidateFilter();
}

void TrafficFilterProxy::setSocketFilter(const QByteArray &socket)
{
    if (m_socket == socket)
        return;
    m_socket = socket;
    invalidateFilter();
}

bool TrafficFilterProxy::setEventFilter(const QString &pattern)
{
    if (m_eventPattern != pattern) {
        m_eventPattern = pattern;
        m_eventRe = QRegularExpression(pattern, QRegularExpression::CaseInsensitiveOption);
        invalidateFilter();
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
    invalidateFilter();
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
    invalidateFilter();
}

bool TrafficFilterProxy::isFiltering() const
{
    return m_direction != DirectionFilter::Any || !m_nsp.isEmpty() || !m_room.isEmpty()
        || !m_socket.isEmpty() || !m_eventPattern.isEmpty() || !m_payloadText.isEmpty();
}

const monitor::TrafficRecord &TrafficFilterProxy::recordAt(int proxyRow) const
{
    return m_model->recordAt(mapToSource(index(proxyRow, 0)).row());
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

bool TrafficFilterProxy::filterAcceptsRow(int sourceRow, const QModelIndex &sourceParent) const
{
    if (!m_model || sourceParent.isValid())
        return true;
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

} // namespace sb::ui
