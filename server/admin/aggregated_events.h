#pragma once

#include <QJsonArray>
#include <QString>

#include <array>
#include <map>
#include <tuple>

namespace sb::admin {

// What `server_stats` carries as `aggregatedEvents`: counts of engine-level events per second of
// wall-clock time, each `{timestamp, type, subType?, count}` with the timestamp in milliseconds
// truncated to the second (the admin UI adds them up into its own 10 s bars). Emptied by every
// take(), so each event is reported once.
class AggregatedEvents
{
public:
    enum class Type {
        RawConnection,
        RawDisconnection, // with the Engine.IO close reason as subType
        PacketsIn,
        PacketsOut,
        BytesIn,
        BytesOut,
    };
    static const char *typeName(Type type);

    // Cheap for the per-packet types (no subType): a counter of the current second.
    void add(Type type, qint64 count, qint64 nowMs, const QString &subType = {});
    QJsonArray take();
    bool isEmpty() const;

private:
    void flushCurrent();

    using Key = std::tuple<qint64, int, QString>; // second (ms), type, subType
    std::map<Key, qint64> m_counts;
    qint64 m_currentSecond = -1;
    std::array<qint64, 6> m_current{};
};

} // namespace sb::admin
