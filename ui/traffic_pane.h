#pragma once

#include "ui/traffic_filter_proxy.h"

#include <QWidget>

class QCheckBox;
class QComboBox;
class QLabel;
class QLineEdit;
class QTableView;
class QTimer;
class QToolBar;

namespace sb::ui {

class SocketTableModel;
class TrafficLogModel;

// The traffic log pane: filter bar, the table (through TrafficFilterProxy), a find bar (Ctrl+F:
// next/previous, the match selected) and the counts of what is not shown: dropped by the server's
// tap, dropped by the log's bound, held while paused. The window adds its actions (pause, clear,
// export) to toolBar().
class TrafficPane : public QWidget
{
    Q_OBJECT
public:
    TrafficPane(TrafficLogModel &model, const SocketTableModel &sockets, QWidget *parent = nullptr);

    TrafficFilterProxy &proxy() { return m_proxy; }
    QTableView *view() const { return m_view; }
    QToolBar *toolBar() const { return m_toolBar; }

    void setTapDropped(quint64 dropped);
    void setTrafficAvailable(bool available); // false: a placeholder instead of an empty table
    void updateCounts();

    void showFindBar();
    // Moves the selection to the next/previous visible match of the find text; false if none.
    bool findNext();
    bool findPrevious();
    void setFindText(const QString &text);

Q_SIGNALS:
    void recordActivated(const sb::monitor::TrafficRecord &record);

private:
    bool find(bool forward);
    void applyTextFilters();

    TrafficLogModel &m_model;
    TrafficFilterProxy m_proxy;
    QToolBar *m_toolBar = nullptr;
    QTableView *m_view = nullptr;
    QLabel *m_placeholder = nullptr;
    QComboBox *m_direction = nullptr;
    QLineEdit *m_nsp = nullptr;
    QLineEdit *m_room = nullptr;
    QLineEdit *m_socket = nullptr;
    QLineEdit *m_event = nullptr;
    QLineEdit *m_search = nullptr;
    QCheckBox *m_regex = nullptr;
    QWidget *m_findBar = nullptr;
    QLineEdit *m_findText = nullptr;
    QLabel *m_findStatus = nullptr;
    QLabel *m_counts = nullptr;
    QTimer *m_filterDelay = nullptr;
    quint64 m_tapDropped = 0;
};

} // namespace sb::ui
