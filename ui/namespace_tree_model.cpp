#include "ui/namespace_tree_model.h"

#include <QSet>

#include <algorithm>

using sb::monitor::NamespaceCount;
using sb::monitor::RoomCount;

namespace sb::ui {

namespace {

template<typename T>
void sortUniqueByName(QList<T> &list)
{
    std::stable_sort(list.begin(), list.end(),
                     [](const T &a, const T &b) { return a.name < b.name; });
    list.erase(std::unique(list.begin(), list.end(),
                           [](const T &a, const T &b) { return a.name == b.name; }),
               list.end());
}

// Runs of adjacent rows in `rows` (ascending), last run first: the order removals must go in.
template<typename F>
void forRunsFromBottom(const QList<int> &rows, F removeRange)
{
    qsizetype end = rows.size();
    while (end > 0) {
        qsizetype begin = end - 1;
        while (begin > 0 && rows.at(begin - 1) == rows.at(begin) - 1)
            --begin;
        removeRange(rows.at(begin), rows.at(end - 1));
        end = begin;
    }
}

} // namespace

NamespaceTreeModel::NamespaceTreeModel(QObject *parent)
    : QAbstractItemModel(parent)
{
}

NamespaceTreeModel::~NamespaceTreeModel() = default;

void NamespaceTreeModel::clear()
{
    if (m_namespaces.empty())
        return;
    beginResetModel();
    m_namespaces.clear();
    endResetModel();
}

void NamespaceTreeModel::renumber(int from)
{
    for (int i = from; i < int(m_namespaces.size()); ++i)
        m_namespaces[i]->row = i;
}

void NamespaceTreeModel::applyNamespaces(const QList<NamespaceCount> &input)
{
    QList<NamespaceCount> fresh = input;
    sortUniqueByName(fresh);

    // 1. Namespaces that are gone.
    QSet<QByteArray> freshNames;
    for (const NamespaceCount &n : fresh)
        freshNames.insert(n.name);
    QList<int> gone;
    for (int i = 0; i < int(m_namespaces.size()); ++i) {
        if (!freshNames.contains(m_namespaces[i]->name))
            gone.append(i);
    }
    forRunsFromBottom(gone, [this](int first, int last) {
        beginRemoveRows({}, first, last);
        m_namespaces.erase(m_namespaces.begin() + first, m_namespaces.begin() + last + 1);
        renumber(first);
        endRemoveRows();
    });

    // 2. New namespaces: what is left is a subsequence of `fresh`, so a name that differs at
    // position i is new; adjacent new ones go in with one insertion.
    int i = 0;
    while (i < fresh.size()) {
        const bool known = i < int(m_namespaces.size()) && m_namespaces[i]->name == fresh.at(i).name;
        if (known) {
            ++i;
            continue;
        }
        int end = i;
        while (end < fresh.size()
               && !(i < int(m_namespaces.size()) && m_namespaces[i]->name == fresh.at(end).name))
            ++end;
        beginInsertRows({}, i, end - 1);
        for (int k = i; k < end; ++k) {
            auto node = std::make_unique<NamespaceNode>();
            node->name = fresh.at(k).name;
            node->sockets = fresh.at(k).sockets;
            m_namespaces.insert(m_namespaces.begin() + k, std::move(node));
        }
        renumber(i);
        endInsertRows();
        // Their rooms arrive through the merge below, as insertions under the new parent.
        i = end;
    }

    // 3. Counts and rooms of every namespace.
    for (int k = 0; k < fresh.size(); ++k) {
        NamespaceNode &node = *m_namespaces[k];
        if (node.sockets != fresh.at(k).sockets) {
            node.sockets = fresh.at(k).sockets;
            const QModelIndex cell = index(k, int(Column::Members));
            Q_EMIT dataChanged(cell, cell);
        }
        mergeRooms(node, fresh.at(k).rooms);
    }
}

void NamespaceTreeModel::mergeRooms(NamespaceNode &node, QList<RoomCount> fresh)
{
    sortUniqueByName(fresh);
    if (node.rooms == fresh)
        return;
    const QModelIndex parentIndex = index(node.row, 0);

    QSet<QString> freshNames;
    for (const RoomCount &r : fresh)
        freshNames.insert(r.name);
    QList<int> gone;
    for (int i = 0; i < node.rooms.size(); ++i) {
        if (!freshNames.contains(node.rooms.at(i).name))
            gone.append(i);
    }
    forRunsFromBottom(gone, [&](int first, int last) {
        beginRemoveRows(parentIndex, first, last);
        node.rooms.remove(first, last - first + 1);
        endRemoveRows();
    });

    int i = 0;
    while (i < fresh.size()) {
        const bool known = i < node.rooms.size() && node.rooms.at(i).name == fresh.at(i).name;
        if (known) {
            ++i;
            continue;
        }
        int end = i;
        while (end < fresh.size()
               && !(i < node.rooms.size() && node.rooms.at(i).name == fresh.at(end).name))
            ++end;
        beginInsertRows(parentIndex, i, end - 1);
        for (int k = i; k < end; ++k)
            node.rooms.insert(k, fresh.at(k));
        endInsertRows();
        i = end;
    }

    for (int k = 0; k < fresh.size(); ++k) {
        if (node.rooms.at(k).members != fresh.at(k).members) {
            node.rooms[k].members = fresh.at(k).members;
            const QModelIndex cell = index(k, int(Column::Members), parentIndex);
            Q_EMIT dataChanged(cell, cell);
        }
    }
}

QModelIndex NamespaceTreeModel::namespaceIndex(const QByteArray &nsp, int column) const
{
    for (const auto &node : m_namespaces) {
        if (node->name == nsp)
            return index(node->row, column);
    }
    return {};
}

QModelIndex NamespaceTreeModel::roomIndex(const QByteArray &nsp, const QString &room,
                                          int column) const
{
    const QModelIndex parentIndex = namespaceIndex(nsp);
    if (!parentIndex.isValid())
        return {};
    const QList<RoomCount> &rooms = m_namespaces[parentIndex.row()]->rooms;
    for (int i = 0; i < rooms.size(); ++i) {
        if (rooms.at(i).name == room)
            return index(i, column, parentIndex);
    }
    return {};
}

NamespaceTreeModel::NamespaceNode *NamespaceTreeModel::nodeOf(const QModelIndex &roomIndex) const
{
    return static_cast<NamespaceNode *>(roomIndex.internalPointer());
}

QModelIndex NamespaceTreeModel::index(int row, int column, const QModelIndex &parent) const
{
    if (row < 0 || column < 0 || column >= int(Column::Count))
        return {};
    if (!parent.isValid()) {
        if (row >= int(m_namespaces.size()))
            return {};
        return createIndex(row, column, nullptr);
    }
    if (nodeOf(parent) || parent.row() >= int(m_namespaces.size()))
        return {}; // rooms have no children
    NamespaceNode *node = m_namespaces[parent.row()].get();
    if (row >= node->rooms.size())
        return {};
    return createIndex(row, column, node);
}

QModelIndex NamespaceTreeModel::parent(const QModelIndex &child) const
{
    if (!child.isValid())
        return {};
    const NamespaceNode *node = nodeOf(child);
    if (!node)
        return {};
    return createIndex(node->row, 0, nullptr);
}

int NamespaceTreeModel::rowCount(const QModelIndex &parent) const
{
    if (!parent.isValid())
        return int(m_namespaces.size());
    if (parent.column() != 0 || nodeOf(parent) || parent.row() >= int(m_namespaces.size()))
        return 0;
    return int(m_namespaces[parent.row()]->rooms.size());
}

int NamespaceTreeModel::columnCount(const QModelIndex &) const
{
    return int(Column::Count);
}

QVariant NamespaceTreeModel::data(const QModelIndex &index, int role) const
{
    if (!index.isValid())
        return {};
    const NamespaceNode *roomParent = nodeOf(index);
    if (!roomParent) {
        if (index.row() >= int(m_namespaces.size()))
            return {};
        const NamespaceNode &node = *m_namespaces[index.row()];
        switch (role) {
        case Qt::DisplayRole:
            return index.column() == 0 ? QVariant(QString::fromUtf8(node.name)) : QVariant(node.sockets);
        case Qt::ToolTipRole:
            return tr("sockets: %1, rooms: %2").arg(node.sockets).arg(node.rooms.size());
        case Qt::TextAlignmentRole:
            return index.column() == 1 ? QVariant::fromValue(Qt::Alignment(Qt::AlignRight | Qt::AlignVCenter)) : QVariant();
        case int(Role::Namespace):
            return node.name;
        case int(Role::Room):
            return QString();
        case int(Role::Members):
            return node.sockets;
        case int(Role::IsRoom):
            return false;
        default:
            return {};
        }
    }
    if (index.row() >= roomParent->rooms.size())
        return {};
    const RoomCount &room = roomParent->rooms.at(index.row());
    switch (role) {
    case Qt::DisplayRole:
        return index.column() == 0 ? QVariant(room.name) : QVariant(room.members);
    case Qt::ToolTipRole:
        return tr("Room %1 in %2 — members: %3")
            .arg(room.name, QString::fromUtf8(roomParent->name))
            .arg(room.members);
    case Qt::TextAlignmentRole:
        return index.column() == 1 ? QVariant::fromValue(Qt::Alignment(Qt::AlignRight | Qt::AlignVCenter)) : QVariant();
    case int(Role::Namespace):
        return roomParent->name;
    case int(Role::Room):
        return room.name;
    case int(Role::Members):
        return room.members;
    case int(Role::IsRoom):
        return true;
    default:
        return {};
    }
}

QVariant NamespaceTreeModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (orientation != Qt::Horizontal || role != Qt::DisplayRole)
        return {};
    return section == 0 ? tr("Namespace / room") : tr("Members");
}

} // namespace sb::ui
