#pragma once

#include "monitor/monitor_types.h"

#include <QAbstractTableModel>
#include <QList>

namespace sb::ui {

// The acks of the composer's last emit, one row per recipient as its end arrives (appended).
// Columns: socket, namespace, state, answer, latency.
// Roles: Qt::DisplayRole text, Qt::BackgroundRole the state's tint (state column),
// Role::State int (AckRecord::State).
class BroadcastAnswerModel : public QAbstractTableModel
{
    Q_OBJECT
public:
    enum class Column { Socket, Namespace, State, Answer, Latency, Count };
    enum class Role { State = Qt::UserRole + 1 };
    static constexpr int ColumnCount = int(Column::Count);

    using QAbstractTableModel::QAbstractTableModel;

    void append(const monitor::BroadcastAnswer &answer);
    void clear();
    const monitor::BroadcastAnswer &answerAt(int row) const { return m_answers.at(row); }
    int rowOf(const QByteArray &socket) const;

    int rowCount(const QModelIndex &parent = {}) const override;
    int columnCount(const QModelIndex &parent = {}) const override;
    QVariant data(const QModelIndex &index, int role = Qt::DisplayRole) const override;
    QVariant headerData(
        int section, Qt::Orientation orientation, int role = Qt::DisplayRole) const override;

private:
    QList<monitor::BroadcastAnswer> m_answers;
};

} // namespace sb::ui
