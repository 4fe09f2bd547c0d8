#include "admin/aggregated_events.h"

#include <QJsonObject>

namespace sb::admin {

const char *AggregatedEvents::typeName(Type type)
{
    switch (type) {
    case Type::RawConnection:
        return "rawConnection";
    case Type::RawDisconnection:
        return "rawDisconnection";
    case Type::PacketsIn:
        return "packetsIn";
    case Type::PacketsOut:
        return "packetsOut";
    case Type::BytesIn:
        return "bytesIn";
    case Type::BytesOut:
        return "bytesOut";
    }
    return "";
}

void AggregatedEvents::add(Type type, qint64 count, qint64 nowMs, const QString &subType)
{
    // Floor, also for times before 1970 (a clock set wrong must not merge two seconds).
    const qint64 second = nowMs - (((nowMs % 1000) + 1000) % 1000);
    if (subType.isEmpty()) {
        if (second != m_currentSecond) {
            flushCurrent();
            m_currentSecond = second;
        }
        m_current[std::size_t(type)] += count;
        return;
    }
    m_counts[Key{second, int(type), subType}] += count;
}

void AggregatedEvents::flushCurrent()
{
    for (std::size_t i = 0; i < m_current.size(); ++i) {
        if (m_current[i] != 0)
            m_counts[Key{m_currentSecond, int(i), QString()}] += m_current[i];
        m_current[i] = 0;
    }
}

bool AggregatedEvents::isEmpty() const
{
    if (!m_counts.empty())
        return false;
    for (qint64 count : m_current) {
        if (count != 0)
            return false;
    }
    return true;
}

QJsonArray AggregatedEvents::take()
{
    flushCurrent();
    QJsonArray values;
    for (const auto &[key, count] : m_counts) {
        const auto &[second, type, subType] = key;
        QJsonObject value{{QStringLiteral("timestamp"), second},
            {QStringLiteral("type"), QLatin1String(typeName(Type(type)))},
            {QStringLiteral("count"), count}};
        // Absent rather than null, as JSON.stringify drops an undefined subType.
        if (!subType.isEmpty())
            value.insert(QStringLiteral("subType"), subType);
        values.append(value);
    }
    m_counts.clear();
    return values;
}

} // namespace sb::admin
