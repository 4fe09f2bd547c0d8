#pragma once

#include <QSortFilterProxyModel>

namespace sb::ui {

class AckModel;

// The ack inspector's filter over AckModel: namespace (exact), socket (substring) and event
// (substring, any case); empty matches everything. Timed-out and disconnected rows are tinted
// across the whole row (AckModel tints only the state cell).
class AckFilterProxy : public QSortFilterProxyModel
{
    Q_OBJECT
public:
    explicit AckFilterProxy(QObject *parent = nullptr);

    void setAckModel(AckModel *model);
    AckModel *ackModel() const { return m_model; }
    void setNamespaceFilter(const QString &nsp);
    void setSocketFilter(const QString &text);
    void setEventFilter(const QString &text);
    bool isFiltering() const;

    QVariant data(const QModelIndex &index, int role = Qt::DisplayRole) const override;

protected:
    bool filterAcceptsRow(int sourceRow, const QModelIndex &sourceParent) const override;

private:
    AckModel *m_model = nullptr;
    QString m_nsp;
    QString m_socket;
    QString m_event;
};

} // namespace sb::ui
