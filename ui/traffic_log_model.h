#pragma once

#include "monitor/monitor_types.h"
#include "ui/payload_format.h"

#include <QAbstractTableModel>
#include <QCache>
#include <QList>

namespace sb::ui {

class SocketTableModel;

// The traffic log: a bounded store of the tap's records, oldest first. Each snapshot's records go
// in with one insertion at the end; when the bound is reached the oldest rows go first, in one
// removal from the top, and are counted (droppedByBound). While paused, new records are held
// (bounded the same way, overflow counted) and shown in one batch on resume.
//
// Columns: time, direction, socket, namespace, event, ack id, size, payload preview.
// Roles:
//   Qt::DisplayRole       formatted text; the preview is computed for visible cells only and cached
//                         (an installed PreviewFormatter's line for the events it knows)
//   Qt::ToolTipRole       the room targets of a broadcast, a longer preview
//   Role::Seq             quint64, the source's record number
//   Role::Direction       int (monitor::Direction)
//   Role::Socket          QByteArray (empty: broadcast)
//   Role::Namespace       QByteArray
//   Role::Event           QString
//   Role::RawPayload      QByteArray, the frame as the tap kept it
class TrafficLogModel : public QAbstractTableModel
{
    Q_OBJECT
public:
    enum class Column { Time, Direction, Socket, Namespace, Event, AckId, Size, Payload, Count };
    enum class Role { Seq = Qt::UserRole + 1, Direction, Socket, Namespace, Event, RawPayload };
    static constexpr int ColumnCount = int(Column::Count);
    static constexpr qsizetype DefaultCapacity = 50'000;

    explicit TrafficLogModel(qsizetype capacity = DefaultCapacity, QObject *parent = nullptr);

    void append(const QList<monitor::TrafficRecord> &records);
    void clear(); // the log and the held records; the dropped count stays (it is history)

    void setPaused(bool paused);
    bool isPaused() const { return m_paused; }
    qsizetype heldCount() const { return m_held.size(); }

    void setCapacity(qsizetype capacity);
    qsizetype capacity() const { return m_capacity; }
    quint64 droppedByBound() const { return m_dropped; }

    const monitor::TrafficRecord &recordAt(int row) const { return m_records.at(row); }

    // Readable previews of the events the application knows (payload::PreviewFormatters); the
    // socket table tells them who a record's socket is. Either may be changed at any time.
    void setPreviewFormatters(payload::PreviewFormatters formatters);
    void setSocketTable(const SocketTableModel *sockets) { m_sockets = sockets; }

    int rowCount(const QModelIndex &parent = {}) const override;
    int columnCount(const QModelIndex &parent = {}) const override;
    QVariant data(const QModelIndex &index, int role = Qt::DisplayRole) const override;
    QVariant headerData(
        int section, Qt::Orientation orientation, int role = Qt::DisplayRole) const override;

    static QString directionText(const monitor::TrafficRecord &record);

Q_SIGNALS:
    void pausedChanged(bool paused);
    // Held or dropped counts changed (for the pane's labels).
    void countsChanged();

private:
    void insertBatch(QList<monitor::TrafficRecord> records);
    void trimFront(qsizetype count);

    QList<monitor::TrafficRecord> m_records;
    QList<monitor::TrafficRecord> m_held;
    qsizetype m_capacity;
    quint64 m_dropped = 0;
    payload::PreviewFormatters m_formatters;
    const SocketTableModel *m_sockets = nullptr;
    bool m_paused = false;
    // Previews of the rows a view painted recently, by record number: scrolling back and forth and
    // repainting on every tick must not reparse the same payloads.
    mutable QCache<quint64, QString> m_previews{2048};
};

} // namespace sb::ui
