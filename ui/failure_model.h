#pragma once

#include "monitor/monitor_types.h"

#include <QAbstractTableModel>
#include <QList>

namespace sb::ui {

// Failed handshakes (refused by the engine) and refused connections (CONNECT_ERROR from the io
// layer), newest last, bounded: the oldest go first and are counted.
//
// Columns: time, kind, address, origin, code, message, detail, namespace.
// Roles:
//   Qt::DisplayRole    text (code "—" for a refused CONNECT, which has none)
//   Qt::ToolTipRole    the user agent (every column)
//   Role::Kind         int (ConnectionFailure::Kind)
class FailureModel : public QAbstractTableModel
{
    Q_OBJECT
public:
    enum class Column { Time, Kind, Address, Origin, Code, Message, Detail, Namespace, Count };
    enum class Role { Kind = Qt::UserRole + 1 };
    static constexpr int ColumnCount = int(Column::Count);
    static constexpr qsizetype DefaultCapacity = 5'000;

    explicit FailureModel(qsizetype capacity = DefaultCapacity, QObject *parent = nullptr);

    void append(const QList<monitor::ConnectionFailure> &failures);
    void clear();
    quint64 droppedByBound() const { return m_dropped; }
    const monitor::ConnectionFailure &failureAt(int row) const { return m_failures.at(row); }

    int rowCount(const QModelIndex &parent = {}) const override;
    int columnCount(const QModelIndex &parent = {}) const override;
    QVariant data(const QModelIndex &index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation,
                        int role = Qt::DisplayRole) const override;

    // Names of the Engine.IO error codes (engine.io's Server.errorMessages).
    static QString engineCodeName(int code);

private:
    QList<monitor::ConnectionFailure> m_failures;
    qsizetype m_capacity;
    quint64 m_dropped = 0;
};

} // namespace sb::ui
