#pragma once

#include <QByteArray>
#include <QSortFilterProxyModel>
#include <QString>

namespace sb::ui {

class SocketTableModel;

// Sorting and filtering of the socket table. Sorts with SocketTableModel::Role::Sort (numbers as
// numbers) through a fast path that compares the rows themselves; filters by namespace, room
// (within the namespace) and free text (id, user, address, rooms; case-insensitive).
//
// A snapshot that updates many rows would make a dynamically sorted proxy move rows one by one:
// beginBulkUpdate()/endBulkUpdate() around it turn that into one sort (and one refilter) at the end.
class SocketFilterProxy : public QSortFilterProxyModel
{
    Q_OBJECT
public:
    explicit SocketFilterProxy(QObject *parent = nullptr);

    void setSocketModel(SocketTableModel *model);
    SocketTableModel *socketModel() const { return m_model; }

    // An empty namespace shows every namespace; a room needs its namespace.
    void setScope(const QByteArray &nsp, const QString &room = {});
    QByteArray namespaceFilter() const { return m_nsp; }
    QString roomFilter() const { return m_room; }
    void setText(const QString &text);
    QString text() const { return m_text; }
    bool isFiltering() const { return !m_nsp.isEmpty() || !m_room.isEmpty() || !m_text.isEmpty(); }

    void beginBulkUpdate();
    void endBulkUpdate();
    bool inBulkUpdate() const { return m_bulk; }

protected:
    bool filterAcceptsRow(int sourceRow, const QModelIndex &sourceParent) const override;
    bool lessThan(const QModelIndex &left, const QModelIndex &right) const override;

private:
    SocketTableModel *m_model = nullptr;
    QByteArray m_nsp;
    QString m_room;
    QString m_text;
    bool m_bulk = false;
};

} // namespace sb::ui
