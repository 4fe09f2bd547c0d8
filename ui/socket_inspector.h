#pragma once

#include "monitor/monitor_types.h"
#include "ui/secret_masker.h"
#include "ui/traffic_filter_proxy.h"

#include <QWidget>

class QLabel;
class QLineEdit;
class QListWidget;
class QPlainTextEdit;
class QSplitter;
class QStackedWidget;
class QTableView;
class QTabWidget;
class QTreeWidget;

namespace sb::monitor {
class MonitorSource;
}

namespace sb::ui {

class TrafficLogModel;

// The selected socket in detail: asks the source (requestSocketDetails) and shows the answer —
// handshake (address, time, url, headers, query), the auth payload and socket data pretty-printed
// with secret keys masked, rooms — and its recent traffic, a filtered view of the shared log.
// The masked keys are a setting ("inspector/maskedKeys", default token and password).
class SocketInspector : public QWidget
{
    Q_OBJECT
public:
    SocketInspector(monitor::MonitorSource &source, TrafficLogModel &traffic,
                    QWidget *parent = nullptr);

    void inspect(const QByteArray &socketId); // empty: nothing selected
    void refresh();
    QByteArray socketId() const { return m_socketId; }

    void setMaskedKeys(const QStringList &keys); // also saved in the settings
    QStringList maskedKeys() const { return m_masker.keys(); }

    QString authText() const;
    QString dataText() const;
    QStringList rooms() const;
    QSplitter *splitter() const { return m_splitter; }
    TrafficFilterProxy &trafficProxy() { return m_traffic; }

Q_SIGNALS:
    void detailsShown(const QByteArray &socketId);

private:
    void showDetails(const monitor::SocketDetails &details);
    void render();

    monitor::MonitorSource &m_source;
    SecretMasker m_masker;
    TrafficFilterProxy m_traffic;
    QByteArray m_socketId;
    monitor::SocketDetails m_details;
    bool m_haveDetails = false;

    QStackedWidget *m_stack = nullptr;
    QLabel *m_placeholder = nullptr;
    QLabel *m_title = nullptr;
    QSplitter *m_splitter = nullptr;
    QTabWidget *m_tabs = nullptr;
    QTreeWidget *m_handshake = nullptr;
    QPlainTextEdit *m_auth = nullptr;
    QPlainTextEdit *m_data = nullptr;
    QListWidget *m_rooms = nullptr;
    QTableView *m_trafficView = nullptr;
    QLineEdit *m_maskedKeys = nullptr;
};

} // namespace sb::ui
