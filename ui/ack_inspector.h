#pragma once

#include "monitor/monitor_types.h"
#include "ui/ack_filter_proxy.h"
#include "ui/ack_socket_model.h"

#include <QWidget>

class QLabel;
class QLineEdit;
class QPlainTextEdit;
class QSplitter;
class QStackedWidget;
class QTableView;

namespace sb::ui {

class AckModel;

// The ack inspector (a dock's content): every ack in flight or settled, both directions, with a
// filter by namespace, socket and event; the chosen ack in detail (its answer pretty-printed);
// pending acks per socket; the counts, including what the bounds dropped. Fed by apply() with
// each snapshot's ack records, which go to the window's AckModel too.
class AckInspector : public QWidget
{
    Q_OBJECT
public:
    explicit AckInspector(AckModel &model, QWidget *parent = nullptr);

    void apply(const QList<monitor::AckRecord> &records);
    void setTotals(const monitor::Totals &totals);
    // Off: the source reports no acks, and a placeholder says so.
    void setAvailable(bool available);

    AckModel &model() const { return m_model; }
    AckFilterProxy &proxy() { return m_proxy; }
    AckSocketModel &socketModel() { return m_sockets; }
    QTableView *view() const { return m_view; }
    QTableView *socketView() const { return m_socketView; }
    QPlainTextEdit *detail() const { return m_detail; }
    QLabel *countsLabel() const { return m_counts; }
    QLineEdit *namespaceFilter() const { return m_nspFilter; }
    QLineEdit *socketFilter() const { return m_socketFilter; }
    QLineEdit *eventFilter() const { return m_eventFilter; }
    QSplitter *splitter() const { return m_splitter; }
    // The detail text of one record (what the detail view shows for it).
    static QString detailText(const monitor::AckRecord &record, const QString &stateText);

private:
    void updateDetail();
    void updateCounts();

    AckModel &m_model;
    AckFilterProxy m_proxy;
    AckSocketModel m_sockets;
    monitor::Totals m_totals;
    quint64 m_detailKey = 0;

    QStackedWidget *m_stack = nullptr;
    QLineEdit *m_nspFilter = nullptr;
    QLineEdit *m_socketFilter = nullptr;
    QLineEdit *m_eventFilter = nullptr;
    QSplitter *m_splitter = nullptr;
    QTableView *m_view = nullptr;
    QTableView *m_socketView = nullptr;
    QPlainTextEdit *m_detail = nullptr;
    QLabel *m_counts = nullptr;
};

} // namespace sb::ui
