#pragma once

#include "monitor/monitor_types.h"

#include <QAbstractItemModel>

#include <memory>
#include <vector>

namespace sb::ui {

// Namespaces and their rooms with live member counts: two levels, namespaces at the top (sorted
// by name), rooms below them (sorted by name). Each snapshot that changes the namespaces is
// merged in place: rows are inserted and removed for namespaces and rooms that came and went,
// counts change with dataChanged on the count cell only, so selection and expansion survive.
//
// Columns: 0 name, 1 members (sockets of a namespace, members of a room).
// Roles:
//   Qt::DisplayRole    name / count
//   Role::Namespace    QByteArray, the namespace (namespace and room rows)
//   Role::Room         QString, the room (empty on namespace rows)
//   Role::Members      int
//   Role::IsRoom       bool
class NamespaceTreeModel : public QAbstractItemModel
{
    Q_OBJECT
public:
    enum class Column { Name, Members, Count };
    enum class Role { Namespace = Qt::UserRole + 1, Room, Members, IsRoom };

    explicit NamespaceTreeModel(QObject *parent = nullptr);
    ~NamespaceTreeModel() override;

    void applyNamespaces(const QList<monitor::NamespaceCount> &namespaces);
    void clear();

    QModelIndex namespaceIndex(const QByteArray &nsp, int column = 0) const;
    QModelIndex roomIndex(const QByteArray &nsp, const QString &room, int column = 0) const;

    QModelIndex index(int row, int column, const QModelIndex &parent = {}) const override;
    QModelIndex parent(const QModelIndex &child) const override;
    int rowCount(const QModelIndex &parent = {}) const override;
    int columnCount(const QModelIndex &parent = {}) const override;
    QVariant data(const QModelIndex &index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation,
                        int role = Qt::DisplayRole) const override;

private:
    struct NamespaceNode
    {
        QByteArray name;
        int sockets = 0;
        QList<monitor::RoomCount> rooms;
        int row = 0; // position among namespaces, kept current for parent()
    };

    void mergeRooms(NamespaceNode &node, QList<monitor::RoomCount> rooms);
    void renumber(int from);
    NamespaceNode *nodeOf(const QModelIndex &roomIndex) const;

    // Nodes stay put while rows move: a room index points at its namespace's node.
    std::vector<std::unique_ptr<NamespaceNode>> m_namespaces;
};

} // namespace sb::ui
