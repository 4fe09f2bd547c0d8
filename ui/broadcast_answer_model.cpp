#include "ui/broadcast_answer_model.h"

#include "ui/display_format.h"

#include <QGuiApplication>
#include <QPalette>

using sb::monitor::AckRecord;

namespace sb::ui {

void BroadcastAnswerModel::append(const monitor::BroadcastAnswer &answer)
{
    const int row = int(m_answers.size());
    beginInsertRows({}, row, row);
    m_answers.append(answer);
    endInsertRows();
}

void BroadcastAnswerModel::clear()
{
    if (m_answers.isEmpty())
        return;
    beginResetModel();
    m_answers.clear();
    endResetModel();
}

int BroadcastAnswerModel::rowOf(const QByteArray &socket) const
{
    for (int row = 0; row < m_answers.size(); ++row) {
        if (m_answers.at(row).socket == socket)
            return row;
    }
    return -1;
}

int BroadcastAnswerModel::rowCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : int(m_answers.size());
}

int BroadcastAnswerModel::columnCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : ColumnCount;
}

QVariant BroadcastAnswerModel::data(const QModelIndex &index, int role) const
{
    if (!index.isValid() || index.row() >= m_answers.size() || index.column() >= ColumnCount)
        return {};
    const monitor::BroadcastAnswer &answer = m_answers.at(index.row());
    const auto column = Column(index.column());
    switch (role) {
    case Qt::DisplayRole:
        switch (column) {
        case Column::Socket:
            return QString::fromLatin1(answer.socket);
        case Column::Namespace:
            return QString::fromUtf8(answer.nsp);
        case Column::State:
            switch (answer.state) {
            case AckRecord::State::Pending:
                return tr("pending");
            case AckRecord::State::Answered:
                return tr("answered");
            case AckRecord::State::TimedOut:
                return tr("timed out");
            case AckRecord::State::Disconnected:
                return tr("disconnected");
            }
            return {};
        case Column::Answer:
            return QString::fromUtf8(answer.answer.left(400));
        case Column::Latency:
            return answer.state == AckRecord::State::Answered ? fmt::microseconds(answer.latencyUs)
                                                              : QString();
        case Column::Count:
            break;
        }
        return {};
    case Qt::ToolTipRole:
        if (column == Column::Answer && !answer.answer.isEmpty())
            return QString::fromUtf8(answer.answer.left(4000));
        return {};
    case Qt::BackgroundRole: {
        if (column != Column::State)
            return {};
        const QPalette palette = QGuiApplication::palette();
        switch (answer.state) {
        case AckRecord::State::Pending:
            return {};
        case AckRecord::State::Answered:
            return fmt::tint(palette, QColor(0x2f, 0xa8, 0x4f));
        case AckRecord::State::TimedOut:
            return fmt::tint(palette, QColor(0xe0, 0x44, 0x3a), 0.38);
        case AckRecord::State::Disconnected:
            return fmt::tint(palette, QColor(0xd0, 0x90, 0x20));
        }
        return {};
    }
    case Qt::TextAlignmentRole:
        if (column == Column::Latency)
            return QVariant::fromValue(Qt::Alignment(Qt::AlignRight | Qt::AlignVCenter));
        return {};
    case int(Role::State):
        return int(answer.state);
    default:
        return {};
    }
}

QVariant BroadcastAnswerModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (orientation != Qt::Horizontal || role != Qt::DisplayRole)
        return {};
    switch (Column(section)) {
    case Column::Socket:
        return tr("Socket");
    case Column::Namespace:
        return tr("Namespace");
    case Column::State:
        return tr("State");
    case Column::Answer:
        return tr("Answer");
    case Column::Latency:
        return tr("Latency");
    case Column::Count:
        break;
    }
    return {};
}

} // namespace sb::ui
