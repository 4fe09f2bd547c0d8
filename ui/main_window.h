#pragma once

#include "monitor/loop_lag_probe.h"
#include "monitor/monitor_source.h"
#include "monitor/monitor_types.h"
#include "ui/ack_model.h"
#include "ui/failure_model.h"
#include "ui/namespace_tree_model.h"
#include "ui/socket_filter_proxy.h"
#include "ui/socket_table_model.h"
#include "ui/traffic_exporter.h"
#include "ui/traffic_log_model.h"

#include <QMainWindow>
#include <QUrl>

class QAction;
class QDockWidget;
class QLabel;
class QLineEdit;
class QMenu;
class QMessageBox;
class QSettings;
class QStackedWidget;
class QTableView;
class QTimer;
class QToolButton;
class QTreeView;

namespace sb::ui {

class AckInspector;
class BroadcastComposer;
class ChartsPanel;
class DrainDialog;
class RoomDialog;
class ServerLifecycle;
class SettingsDialog;
class SocketInspector;
class TrafficPane;
class TrafficRecordDialog;

// The operator console's window. It is fed only through a MonitorSource (snapshots in, commands
// out) and never holds anything of the server: the embedded server's controller and a remote
// server watched through the admin-UI protocol drive it alike.
//
// applySnapshot() is the one entry point for a tick: it fans the snapshot out to the models and
// times itself (applyTimes()). The source's snapshotReady is connected to it by the constructor.
class MainWindow : public QMainWindow
{
    Q_OBJECT
public:
    // How many changed rows make a snapshot a burst: then the socket table is sorted and
    // filtered once after the update instead of row by row.
    static constexpr qsizetype BulkUpdateThreshold = 200;

    explicit MainWindow(monitor::MonitorSource &source, QWidget *parent = nullptr);
    ~MainWindow() override;

    void applySnapshot(const monitor::SnapshotPtr &snapshot);
    // Wall time applySnapshot took, over the last 240 snapshots (one minute at 4 Hz).
    monitor::DurationSummary applyTimes() const { return m_applyTimes.summary(); }
    quint64 snapshotsApplied() const { return m_snapshotsApplied; }
    // The GUI thread's own event-loop lag, measured by the window's LoopLagProbe.
    monitor::DurationSummary guiLoopLag() const { return m_loopLag.summary(); }

    // Writes exactly the records the (filtered) traffic log shows. File > Export asks for the
    // name and calls this.
    bool exportTraffic(
        const QString &fileName, TrafficExporter::Format format, QString *error = nullptr) const;
    TrafficRecordDialog *openTrafficRecord(const monitor::TrafficRecord &record);

    // Docks, geometry, header and splitter states. The constructor restores from QSettings()
    // and closing saves there; these take any settings object (tests use a temporary file).
    void saveWindowState(QSettings &settings) const;
    void restoreWindowState(QSettings &settings);

    monitor::MonitorSource &source() const { return m_source; }
    NamespaceTreeModel &namespaceModel() { return m_namespaces; }
    SocketTableModel &socketModel() { return m_sockets; }
    SocketFilterProxy &socketProxy() { return m_socketProxy; }
    TrafficLogModel &trafficModel() { return m_traffic; }
    AckModel &ackModel() { return m_acks; }
    FailureModel &failureModel() { return m_failures; }
    TrafficPane &trafficPane() const { return *m_trafficPane; }
    SocketInspector &inspector() const { return *m_inspector; }
    ChartsPanel &charts() const { return *m_charts; }
    monitor::LoopLagProbe &loopLagProbe() { return m_loopLag; }
    QTreeView *namespaceView() const { return m_tree; }
    QTableView *socketView() const { return m_socketView; }
    QTableView *ackView() const { return m_ackView; }
    QTableView *failureView() const { return m_failureView; }

    QAction *pauseAction() const { return m_pauseAction; }
    QAction *tapAction() const { return m_tapAction; }
    QAction *stopAction() const { return m_stopAction; }
    QAction *exportAction() const { return m_exportAction; }
    QAction *findAction() const { return m_findAction; }
    QAction *clearAction() const { return m_clearAction; }
    QAction *kickAction() const { return m_kickAction; }
    QAction *closeConnectionAction() const { return m_closeConnectionAction; }
    QAction *joinRoomAction() const { return m_joinRoomAction; }
    QAction *leaveRoomAction() const { return m_leaveRoomAction; }
    QAction *disconnectRoomAction() const { return m_disconnectRoomAction; }
    QAction *closeRoomAction() const { return m_closeRoomAction; }
    QAction *drainAction() const { return m_drainAction; }
    QAction *startAction() const { return m_startAction; }
    QAction *settingsAction() const { return m_settingsAction; }

    // Settings and "Start again" need the owner of the server; without one they are disabled.
    // Not owned; must outlive the window.
    void setLifecycle(ServerLifecycle *lifecycle);
    // The SHA-256 fingerprint of the embedded server's TLS certificate, shown in the URL's
    // tooltip for LAN users to compare; empty: no TLS.
    void setTlsFingerprint(const QString &fingerprint);

    // The sockets selected in the table (ids), in table order.
    QList<QByteArray> selectedSocketIds() const;
    // The actions' dialogs, opened window-modal without a nested event loop (tests drive them).
    // Kicks ask for confirmation first; the returned box carries out the kick when accepted.
    QMessageBox *confirmDisconnect(const QList<QByteArray> &socketIds, bool closeConnection);
    RoomDialog *askRoom(const QList<QByteArray> &socketIds, bool join);
    QMessageBox *confirmDisconnectRoom(
        const QByteArray &nsp, const QString &room, bool closeConnection);
    SettingsDialog *openSettingsDialog();
    DrainDialog *openDrainDialog();

    QDockWidget *namespaceDock() const { return m_namespaceDock; }
    QDockWidget *trafficDock() const { return m_trafficDock; }
    QDockWidget *chartsDock() const { return m_chartsDock; }
    QDockWidget *inspectorDock() const { return m_inspectorDock; }
    QDockWidget *ackDock() const { return m_ackDock; }
    QDockWidget *composerDock() const { return m_composerDock; }
    AckInspector &ackInspector() const { return *m_ackInspector; }
    BroadcastComposer &composer() const { return *m_composer; }
    QAction *composerAction() const { return m_composerAction; }
    QDockWidget *failureDock() const { return m_failureDock; }

Q_SIGNALS:
    void snapshotApplied(quint64 seq);

protected:
    void closeEvent(QCloseEvent *event) override;

private:
    void buildCentre();
    void buildDocks();
    void buildActions();
    void buildStatusBar();
    void applyCapabilities();
    void updateStatus(const monitor::ServerSnapshot &snapshot);

    void updateUrls(const QList<QUrl> &urls);
    void updateGuiLag();
    void updateScopeLabel();
    void onSourceStateChanged(monitor::SourceState state);
    void onNamespaceSelected(const QModelIndex &index);
    void onSocketSelected(const QModelIndex &index);
    void exportTrafficWithDialog();
    void buildActionMenu();
    void updateActionsEnabled();
    void showActionResult(const monitor::ActionResult &result);
    void disconnectSelectedRoom(bool closeConnection);
    QStringList roomsOffered(const QList<QByteArray> &socketIds) const;
    void copyUrl(const QUrl &url);
    QDockWidget *addDock(
        const QString &objectName, const QString &title, QWidget *widget, Qt::DockWidgetArea area);

    monitor::MonitorSource &m_source;
    NamespaceTreeModel m_namespaces;
    SocketTableModel m_sockets;
    SocketFilterProxy m_socketProxy;
    TrafficLogModel m_traffic;
    AckModel m_acks;
    FailureModel m_failures;
    monitor::LoopLagProbe m_loopLag{std::chrono::milliseconds(50), 100};
    monitor::DurationWindow m_applyTimes{240};
    quint64 m_snapshotsApplied = 0;
    QList<QUrl> m_urls;

    QTreeView *m_tree = nullptr;
    QTableView *m_socketView = nullptr;
    QLineEdit *m_socketFilter = nullptr;
    QLabel *m_scopeLabel = nullptr;
    TrafficPane *m_trafficPane = nullptr;
    SocketInspector *m_inspector = nullptr;
    ChartsPanel *m_charts = nullptr;
    QTableView *m_ackView = nullptr;
    QTableView *m_failureView = nullptr;
    AckInspector *m_ackInspector = nullptr;
    BroadcastComposer *m_composer = nullptr;
    QDockWidget *m_composerDock = nullptr;
    QAction *m_composerAction = nullptr;
    QStackedWidget *m_failureStack = nullptr;
    QLabel *m_failureCounts = nullptr;

    QDockWidget *m_namespaceDock = nullptr;
    QDockWidget *m_trafficDock = nullptr;
    QDockWidget *m_chartsDock = nullptr;
    QDockWidget *m_inspectorDock = nullptr;
    QDockWidget *m_ackDock = nullptr;
    QDockWidget *m_failureDock = nullptr;

    QAction *m_pauseAction = nullptr;
    QAction *m_tapAction = nullptr;
    QAction *m_stopAction = nullptr;
    QAction *m_exportAction = nullptr;
    QAction *m_findAction = nullptr;
    QAction *m_clearAction = nullptr;
    QAction *m_kickAction = nullptr;
    QAction *m_closeConnectionAction = nullptr;
    QAction *m_joinRoomAction = nullptr;
    QAction *m_leaveRoomAction = nullptr;
    QAction *m_disconnectRoomAction = nullptr;
    QAction *m_closeRoomAction = nullptr;
    QAction *m_drainAction = nullptr;
    QAction *m_startAction = nullptr;
    QAction *m_settingsAction = nullptr;
    QMenu *m_viewMenu = nullptr;
    ServerLifecycle *m_lifecycle = nullptr;

    QToolButton *m_urlButton = nullptr;
    QMenu *m_urlMenu = nullptr;
    QLabel *m_socketsLabel = nullptr;
    QLabel *m_ratesLabel = nullptr;
    QLabel *m_healthLabel = nullptr;
    QLabel *m_guiLagLabel = nullptr;
    QLabel *m_stateLabel = nullptr;
    QTimer *m_statusTimer = nullptr;
};

} // namespace sb::ui
