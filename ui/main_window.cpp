#include "ui/main_window.h"

#include "ui/ack_inspector.h"
#include "ui/broadcast_composer.h"
#include "ui/charts_panel.h"
#include "ui/display_format.h"
#include "ui/drain_dialog.h"
#include "ui/room_dialog.h"
#include "ui/server_lifecycle.h"
#include "ui/settings_dialog.h"
#include "ui/socket_inspector.h"
#include "ui/traffic_pane.h"
#include "ui/traffic_record_dialog.h"
#include "ui/translation.h"
#include "ui/ui_log.h"
#include "ui/view_setup.h"

#include <QAction>
#include <QApplication>
#include <QClipboard>
#include <QCloseEvent>
#include <QDateTime>
#include <QDockWidget>
#include <QElapsedTimer>
#include <QFileDialog>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QItemSelectionModel>
#include <QLabel>
#include <QLineEdit>
#include <QMenu>
#include <QMenuBar>
#include <QMessageBox>
#include <QPushButton>
#include <QSet>
#include <QSettings>
#include <QSplitter>
#include <QStackedWidget>
#include <QStatusBar>
#include <QTableView>
#include <QTimer>
#include <QToolBar>
#include <QToolButton>
#include <QTreeView>
#include <QVBoxLayout>

#include <algorithm>

using namespace Qt::StringLiterals;
using sb::monitor::Capability;

namespace sb::ui {

namespace {

constexpr int WindowStateVersion = 1;

QLabel *placeholder(const QString &text, QWidget *parent, const QString &objectName)
{
    auto *label = new QLabel(text, parent);
    label->setObjectName(objectName);
    label->setAlignment(Qt::AlignCenter);
    label->setWordWrap(true);
    return label;
}

} // namespace

MainWindow::MainWindow(monitor::MonitorSource &source, QWidget *parent)
    : QMainWindow(parent)
    , m_source(source)
{
    setObjectName(u"switchboardMainWindow"_s);
    setWindowTitle(tr("Switchboard — %1").arg(source.title()));
    setDockOptions(AnimatedDocks | AllowTabbedDocks | AllowNestedDocks);
    setCorner(Qt::BottomLeftCorner, Qt::BottomDockWidgetArea);
    setCorner(Qt::BottomRightCorner, Qt::BottomDockWidgetArea);

    m_socketProxy.setSocketModel(&m_sockets);
    m_traffic.setSocketTable(&m_sockets);
    buildCentre();
    buildDocks();
    buildActions();
    buildStatusBar();
    applyCapabilities();

    connect(&m_source, &monitor::MonitorSource::snapshotReady, this, &MainWindow::applySnapshot);
    connect(
        &m_source, &monitor::MonitorSource::stateChanged, this, &MainWindow::onSourceStateChanged);
    connect(&m_source, &monitor::MonitorSource::commandFailed, this,
        [this](const QString &message) { statusBar()->showMessage(message, 8000); });
    connect(
        &m_source, &monitor::MonitorSource::actionFinished, this, &MainWindow::showActionResult);
    onSourceStateChanged(m_source.state());

    resize(1600, 1000);
    QSettings settings;
    restoreWindowState(settings);
    m_loopLag.start();
}

MainWindow::~MainWindow()
{
    m_loopLag.stop();
    // The views and their proxies go before the models they show: the models are members and
    // would otherwise be destroyed first, under widgets that still point at them.
    const QList<QDockWidget *> docks = findChildren<QDockWidget *>(Qt::FindDirectChildrenOnly);
    qDeleteAll(docks);
    delete takeCentralWidget();
}

void MainWindow::buildCentre()
{
    auto *centre = new QWidget(this);
    auto *layout = new QVBoxLayout(centre);
    layout->setContentsMargins(4, 4, 4, 0);
    layout->setSpacing(2);
    auto *filterRow = new QHBoxLayout;
    m_scopeLabel = new QLabel(centre);
    m_scopeLabel->setObjectName(u"socketScope"_s);
    filterRow->addWidget(m_scopeLabel, 1);
    m_socketFilter = new QLineEdit(centre);
    m_socketFilter->setObjectName(u"socketFilter"_s);
    m_socketFilter->setPlaceholderText(tr("Filter sockets: id, user, address, room"));
    m_socketFilter->setClearButtonEnabled(true);
    m_socketFilter->setMinimumWidth(320);
    filterRow->addWidget(m_socketFilter);
    layout->addLayout(filterRow);

    m_socketView = new QTableView(centre);
    m_socketView->setObjectName(u"socketView"_s);
    m_socketView->setModel(&m_socketProxy);
    views::setUpTable(m_socketView);
    // Several sockets can be kicked or moved between rooms at once.
    m_socketView->setSelectionMode(QAbstractItemView::ExtendedSelection);
    m_socketView->setContextMenuPolicy(Qt::CustomContextMenu);
    // Arrival order until the operator picks a column.
    m_socketView->horizontalHeader()->setSortIndicator(-1, Qt::AscendingOrder);
    m_socketView->setSortingEnabled(true);
    m_socketView->horizontalHeader()->setStretchLastSection(true);
    views::fitColumns(m_socketView,
        {u"nXw3Y0Jk1rG8aB9cAA"_s, u"/game-42"_s, u"mallory"_s, u"::ffff:10.0.0.200"_s,
            u"polling → websocket"_s, u"general, lobby, x"_s, u"00:00:00"_s, u"12,345"_s,
            u"12,345"_s, u"123.4 KiB"_s, u"123.4 KiB"_s, u"12.34 ms"_s, u"0"_s});
    layout->addWidget(m_socketView, 1);
    setCentralWidget(centre);

    connect(m_socketFilter, &QLineEdit::textChanged, this, [this](const QString &text) {
        m_socketProxy.setText(text.trimmed());
        updateScopeLabel();
    });
    connect(m_socketView->selectionModel(), &QItemSelectionModel::currentRowChanged, this,
        &MainWindow::onSocketSelected);
    connect(&m_socketProxy, &QAbstractItemModel::rowsInserted, this, &MainWindow::updateScopeLabel);
    connect(&m_socketProxy, &QAbstractItemModel::rowsRemoved, this, &MainWindow::updateScopeLabel);
    connect(&m_socketProxy, &QAbstractItemModel::modelReset, this, &MainWindow::updateScopeLabel);
    connect(
        &m_socketProxy, &QAbstractItemModel::layoutChanged, this, &MainWindow::updateScopeLabel);
    updateScopeLabel();
}

QDockWidget *MainWindow::addDock(
    const QString &objectName, const QString &title, QWidget *widget, Qt::DockWidgetArea area)
{
    auto *dock = new QDockWidget(title, this);
    dock->setObjectName(objectName);
    dock->setWidget(widget);
    addDockWidget(area, dock);
    return dock;
}

void MainWindow::buildDocks()
{
    // Namespaces and rooms.
    auto *treeHost = new QWidget(this);
    auto *treeLayout = new QVBoxLayout(treeHost);
    treeLayout->setContentsMargins(2, 2, 2, 2);
    m_tree = new QTreeView(treeHost);
    m_tree->setObjectName(u"namespaceView"_s);
    m_tree->setModel(&m_namespaces);
    m_tree->setUniformRowHeights(true);
    m_tree->setAlternatingRowColors(true);
    m_tree->header()->setStretchLastSection(false);
    m_tree->header()->setSectionResizeMode(0, QHeaderView::Stretch);
    m_tree->header()->setSectionResizeMode(1, QHeaderView::Fixed);
    m_tree->header()->resizeSection(1, m_tree->fontMetrics().horizontalAdvance(u"Members__"_s) + 8);
    treeLayout->addWidget(m_tree, 1);
    auto *allButton = new QPushButton(tr("Show all sockets"), treeHost);
    allButton->setObjectName(u"showAllSockets"_s);
    treeLayout->addWidget(allButton);
    connect(allButton, &QPushButton::clicked, this, [this] {
        m_tree->selectionModel()->clear();
        m_socketProxy.setScope({});
        updateScopeLabel();
    });
    connect(m_tree->selectionModel(), &QItemSelectionModel::currentChanged, this,
        &MainWindow::onNamespaceSelected);
    // New namespaces open so that their rooms show without a click.
    connect(&m_namespaces, &QAbstractItemModel::rowsInserted, this,
        [this](const QModelIndex &parent, int first, int last) {
            if (parent.isValid())
                return;
            for (int r = first; r <= last; ++r)
                m_tree->expand(m_namespaces.index(r, 0));
        });
    m_namespaceDock
        = addDock(u"namespaceDock"_s, tr("Namespaces and rooms"), treeHost, Qt::LeftDockWidgetArea);

    // Traffic log, acks, failures: tabs at the bottom.
    m_trafficPane = new TrafficPane(m_traffic, m_sockets, this);
    m_trafficDock
        = addDock(u"trafficDock"_s, tr("Traffic"), m_trafficPane, Qt::BottomDockWidgetArea);
    connect(m_trafficPane, &TrafficPane::recordActivated, this,
        [this](const monitor::TrafficRecord &record) { openTrafficRecord(record); });

    m_ackInspector = new AckInspector(m_acks, this);
    m_ackView = m_ackInspector->view();
    m_ackDock = addDock(u"ackDock"_s, tr("Acks"), m_ackInspector, Qt::BottomDockWidgetArea);

    auto *failureHost = new QWidget(this);
    auto *failureLayout = new QVBoxLayout(failureHost);
    failureLayout->setContentsMargins(2, 2, 2, 2);
    m_failureStack = new QStackedWidget(failureHost);
    m_failureView = new QTableView(m_failureStack);
    m_failureView->setObjectName(u"failureView"_s);
    m_failureView->setModel(&m_failures);
    views::setUpTable(m_failureView);
    m_failureView->horizontalHeader()->setStretchLastSection(true);
    views::fitColumns(m_failureView,
        {u"00:00:00.000"_s, u"handshake refused"_s, u"::ffff:203.0.113.200"_s,
            u"https://chat.example.com"_s, u"0"_s, u"Unsupported protocol version"_s,
            u"TRANSPORT_MISMATCH"_s, u"/admin"_s});
    views::followTail(m_failureView);
    m_failureStack->addWidget(m_failureView);
    m_failureStack->addWidget(
        placeholder(tr("This server does not report failed handshakes or refused connections."),
            m_failureStack, u"failurePlaceholder"_s));
    failureLayout->addWidget(m_failureStack, 1);
    m_failureCounts = new QLabel(failureHost);
    m_failureCounts->setObjectName(u"failureCounts"_s);
    failureLayout->addWidget(m_failureCounts);
    m_failureDock = addDock(u"failureDock"_s, tr("Failed handshakes and refused connections"),
        failureHost, Qt::BottomDockWidgetArea);
    tabifyDockWidget(m_trafficDock, m_ackDock);
    tabifyDockWidget(m_ackDock, m_failureDock);
    m_trafficDock->raise();

    // Charts and the inspector: tabs on the right.
    m_charts = new ChartsPanel(this);
    m_chartsDock = addDock(u"chartsDock"_s, tr("Charts"), m_charts, Qt::RightDockWidgetArea);
    m_inspector = new SocketInspector(m_source, m_traffic, this);
    m_inspectorDock
        = addDock(u"inspectorDock"_s, tr("Socket inspector"), m_inspector, Qt::RightDockWidgetArea);
    tabifyDockWidget(m_chartsDock, m_inspectorDock);
    m_composer = new BroadcastComposer(m_source, this);
    m_composer->setSelectionProvider([this] {
        QList<QByteArray> ids;
        for (const QModelIndex &row : m_socketView->selectionModel()->selectedRows())
            ids.append(row.data(int(SocketTableModel::Role::SocketId)).toByteArray());
        return ids;
    });
    connect(m_socketView->selectionModel(), &QItemSelectionModel::selectionChanged, m_composer,
        &BroadcastComposer::revalidate);
    m_composerDock
        = addDock(u"composerDock"_s, tr("Broadcast composer"), m_composer, Qt::RightDockWidgetArea);
    tabifyDockWidget(m_inspectorDock, m_composerDock);
    m_chartsDock->raise();

    resizeDocks({m_namespaceDock, m_chartsDock}, {230, 430}, Qt::Horizontal);
    resizeDocks({m_trafficDock}, {380}, Qt::Vertical);
}

void MainWindow::buildActions()
{
    QMenu *file = menuBar()->addMenu(tr("&File"));
    m_exportAction
        = file->addAction(tr("&Export traffic…"), this, &MainWindow::exportTrafficWithDialog);
    m_exportAction->setShortcut(QKeySequence(tr("Ctrl+E")));
    m_exportAction->setToolTip(
        tr("Write the records the traffic log shows (filters applied) to JSON Lines or CSV"));
    file->addSeparator();
    QAction *quit = file->addAction(tr("&Quit"), this, &QWidget::close);
    quit->setShortcut(QKeySequence::Quit);

    m_viewMenu = menuBar()->addMenu(tr("&View"));
    // The docks' own titles carry no mnemonics; their menu entries do.
    const std::pair<QDockWidget *, QString> dockEntries[] = {
        {m_namespaceDock, tr("&Namespaces and rooms")}, {m_trafficDock, tr("&Traffic")},
        {m_ackDock, tr("&Acks")}, {m_failureDock, tr("Failed &handshakes and refused connections")},
        {m_chartsDock, tr("&Charts")}, {m_inspectorDock, tr("Socket &inspector")},
        {m_composerDock, tr("Broadcast c&omposer")}};
    for (const auto &[dock, text] : dockEntries) {
        dock->toggleViewAction()->setText(text);
        m_viewMenu->addAction(dock->toggleViewAction());
    }
    m_composerAction = m_viewMenu->addAction(tr("Compose a &broadcast…"), this, [this] {
        m_composerDock->show();
        m_composerDock->raise();
        m_composer->eventEdit()->setFocus();
    });
    m_composerAction->setShortcut(QKeySequence(tr("Ctrl+B")));
    m_viewMenu->addSeparator();
    m_pauseAction = m_viewMenu->addAction(tr("&Pause traffic"));
    m_pauseAction->setCheckable(true);
    m_pauseAction->setShortcuts({QKeySequence(Qt::Key_Space), QKeySequence(tr("Ctrl+P"))});
    m_pauseAction->setToolTip(
        tr("Hold new traffic records (counters keep running); resume shows them"));
    connect(m_pauseAction, &QAction::toggled, &m_traffic, &TrafficLogModel::setPaused);
    connect(&m_traffic, &TrafficLogModel::pausedChanged, m_pauseAction, &QAction::setChecked);
    m_findAction = m_viewMenu->addAction(tr("&Find in traffic…"), this, [this] {
        m_trafficDock->show();
        m_trafficDock->raise();
        m_trafficPane->showFindBar();
    });
    m_findAction->setShortcut(QKeySequence::Find);
    m_clearAction
        = m_viewMenu->addAction(tr("C&lear traffic"), &m_traffic, &TrafficLogModel::clear);
    m_clearAction->setShortcut(QKeySequence(tr("Ctrl+L")));
    m_viewMenu->addSeparator();
    m_viewMenu->addMenu(makeLanguageMenu(
        this, [this](const QString &notice) { statusBar()->showMessage(notice, 8000); }));

    QMenu *server = menuBar()->addMenu(tr("&Server"));
    m_tapAction = server->addAction(tr("Traffic &tap"));
    m_tapAction->setCheckable(true);
    m_tapAction->setChecked(true);
    m_tapAction->setToolTip(tr("Off: the server keeps no traffic records (counters still run)"));
    connect(
        m_tapAction, &QAction::triggered, this, [this](bool on) { m_source.setTapEnabled(on); });
    server->addSeparator();
    m_settingsAction = server->addAction(tr("S&ettings…"), this, [this] { openSettingsDialog(); });
    m_settingsAction->setShortcut(QKeySequence(tr("Ctrl+,")));
    m_settingsAction->setToolTip(
        tr("Every server option; changes are applied with a restart of the server"));
    m_drainAction = server->addAction(tr("&Drain and stop…"), this, [this] { openDrainDialog(); });
    m_drainAction->setShortcut(QKeySequence(tr("Ctrl+Shift+D")));
    m_drainAction->setToolTip(
        tr("Stop accepting, tell every client, close what is left at a deadline"));
    m_stopAction = server->addAction(tr("&Stop server"), this, [this] { m_source.stopServer(); });
    m_startAction = server->addAction(tr("Start &again"), this, [this] {
        if (m_lifecycle)
            m_lifecycle->start();
    });
    m_startAction->setShortcut(QKeySequence(tr("Ctrl+Shift+R")));
    m_startAction->setToolTip(tr("Start the stopped server again with the current settings"));
    buildActionMenu();

    for (QAction *action : {m_pauseAction, m_clearAction, m_exportAction})
        m_trafficPane->toolBar()->addAction(action);
    m_trafficPane->toolBar()->addAction(m_tapAction);
}

void MainWindow::buildStatusBar()
{
    QStatusBar *bar = statusBar();
    m_urlButton = new QToolButton(bar);
    m_urlButton->setObjectName(u"urlButton"_s);
    m_urlButton->setAutoRaise(true);
    m_urlButton->setPopupMode(QToolButton::MenuButtonPopup);
    setTlsFingerprint({});
    m_urlMenu = new QMenu(m_urlButton);
    m_urlButton->setMenu(m_urlMenu);
    connect(m_urlButton, &QToolButton::clicked, this, [this] {
        if (!m_urls.isEmpty())
            copyUrl(m_urls.first());
    });
    bar->addWidget(m_urlButton);
    m_socketsLabel = new QLabel(bar);
    m_socketsLabel->setObjectName(u"socketsStatus"_s);
    m_ratesLabel = new QLabel(bar);
    m_ratesLabel->setObjectName(u"ratesStatus"_s);
    m_healthLabel = new QLabel(bar);
    m_healthLabel->setObjectName(u"healthStatus"_s);
    m_guiLagLabel = new QLabel(bar);
    m_guiLagLabel->setObjectName(u"guiLagStatus"_s);
    m_stateLabel = new QLabel(bar);
    m_stateLabel->setObjectName(u"stateStatus"_s);
    for (QLabel *label : {m_socketsLabel, m_ratesLabel, m_healthLabel, m_guiLagLabel})
        bar->addPermanentWidget(label);
    bar->addPermanentWidget(m_stateLabel);
    updateUrls({});
    m_socketsLabel->setText(tr("no snapshot yet"));

    m_statusTimer = new QTimer(this);
    m_statusTimer->setInterval(1000);
    connect(m_statusTimer, &QTimer::timeout, this, &MainWindow::updateGuiLag);
    m_statusTimer->start();
    updateGuiLag();
}

void MainWindow::applyCapabilities()
{
    const monitor::Capabilities caps = m_source.capabilities();
    m_sockets.setCapabilities(caps);
    m_charts->setCapabilities(caps);
    m_trafficPane->setTrafficAvailable(caps.testFlag(Capability::Traffic));
    m_ackInspector->setAvailable(caps.testFlag(Capability::Acks));
    m_failureStack->setCurrentIndex(caps.testFlag(Capability::FailedHandshakes) ? 0 : 1);
    const bool canStop = caps.testFlag(Capability::StopServer);
    m_stopAction->setEnabled(canStop);
    m_stopAction->setToolTip(canStop ? tr("Stop the server: every connection is closed")
                                     : tr("This server cannot be stopped from here"));
    if (!caps.testFlag(Capability::Health))
        m_healthLabel->setText(tr("server health: not reported"));
}

void MainWindow::applySnapshot(const monitor::SnapshotPtr &snapshot)
{
    if (!snapshot)
        return;
    QElapsedTimer timer;
    timer.start();
    const monitor::ServerSnapshot &s = *snapshot;

    if (s.namespacesChanged)
        m_namespaces.applyNamespaces(s.namespaces);

    const monitor::SocketDelta &delta = s.socketDelta;
    if (!delta.isEmpty()) {
        const bool ordered = m_socketProxy.sortColumn() >= 0 || m_socketProxy.isFiltering();
        const bool bulk = ordered
            && (delta.reset || delta.added.size() + delta.updated.size() > BulkUpdateThreshold);
        if (bulk)
            m_socketProxy.beginBulkUpdate();
        m_sockets.applyDelta(delta);
        if (bulk)
            m_socketProxy.endBulkUpdate();
    }

    m_traffic.append(s.traffic);
    m_trafficPane->setTapDropped(s.totals.trafficDropped);
    m_ackInspector->apply(s.acks);
    if (!s.failures.isEmpty())
        m_failures.append(s.failures);
    m_charts->apply(s);
    updateStatus(s);

    m_applyTimes.add(double(timer.nsecsElapsed()) / 1e6);
    ++m_snapshotsApplied;
    Q_EMIT snapshotApplied(s.seq);
}

void MainWindow::updateStatus(const monitor::ServerSnapshot &s)
{
    const monitor::Capabilities caps = m_source.capabilities();
    if (s.urls != m_urls)
        updateUrls(s.urls);
    m_socketsLabel->setText(tr("sockets %1 · connections %2").arg(s.sockets).arg(s.connections));
    m_ratesLabel->setText(
        tr("events/s ↓ %1 ↑ %2").arg(fmt::count(s.rates.eventsIn), fmt::count(s.rates.eventsOut)));
    m_ratesLabel->setToolTip(
        tr("bytes/s ↓ %1 ↑ %2")
            .arg(fmt::bytesPerSecond(s.rates.bytesIn), fmt::bytesPerSecond(s.rates.bytesOut)));
    if (caps.testFlag(Capability::Health)) {
        const monitor::Health &h = s.health;
        QString text
            = tr("server CPU %1 · RSS %2")
                  .arg(h.cpuPercent < 0 ? u"?"_s : QString::number(h.cpuPercent, 'f', 0) + u'%',
                      h.rssBytes < 0 ? u"?"_s : fmt::bytes(quint64(h.rssBytes)));
        if (h.serverLoop.known)
            text += u" · "_s + tr("loop p99 %1 ms").arg(h.serverLoop.p99Ms, 0, 'f', 1);
        m_healthLabel->setText(text);
        m_healthLabel->setToolTip(
            tr("%1 descriptors, %2 threads; server loop lag p50 %3 ms, max %4 ms")
                .arg(h.openFds)
                .arg(h.threads)
                .arg(h.serverLoop.p50Ms, 0, 'f', 1)
                .arg(h.serverLoop.maxMs, 0, 'f', 1));
    }
    m_stateLabel->setText(fmt::sourceState(s.state));
    if (m_tapAction->isChecked() != s.tapEnabled)
        m_tapAction->setChecked(s.tapEnabled);
    m_ackInspector->setTotals(s.totals);
    m_failureCounts->setText(tr("%1 failed handshakes · %2 refused connects · %3 dropped by the "
                                "server · %4 dropped by this view's bound")
                                 .arg(s.totals.failedHandshakes)
                                 .arg(s.totals.refusedConnects)
                                 .arg(s.totals.failuresDropped)
                                 .arg(m_failures.droppedByBound()));
}

void MainWindow::setTlsFingerprint(const QString &fingerprint)
{
    QString tip = tr("Click to copy the URL; the arrow lists every address");
    if (!fingerprint.isEmpty())
        tip += u'\n' + tr("TLS certificate SHA-256 fingerprint: %1").arg(fingerprint);
    m_urlButton->setToolTip(tip);
}

void MainWindow::updateUrls(const QList<QUrl> &urls)
{
    m_urls = urls;
    m_urlMenu->clear();
    if (urls.isEmpty()) {
        m_urlButton->setText(tr("no URL yet"));
        m_urlButton->setEnabled(false);
        return;
    }
    m_urlButton->setEnabled(true);
    m_urlButton->setText(urls.first().toString());
    for (const QUrl &url : urls) {
        m_urlMenu->addAction(
            tr("Copy %1").arg(url.toString()), this, [this, url] { copyUrl(url); });
    }
}

void MainWindow::copyUrl(const QUrl &url)
{
    QApplication::clipboard()->setText(url.toString());
    statusBar()->showMessage(tr("Copied %1").arg(url.toString()), 4000);
}

void MainWindow::updateGuiLag()
{
    const monitor::DurationSummary lag = m_loopLag.summary();
    const monitor::DurationSummary apply = m_applyTimes.summary();
    m_guiLagLabel->setText(lag.samples == 0 ? tr("GUI loop: measuring…")
                                            : tr("GUI loop p99 %1 ms").arg(lag.p99Ms, 0, 'f', 1));
    m_guiLagLabel->setToolTip(
        tr("GUI event-loop lag over the last %1 s: p50 %2 ms, p99 %3 ms, max %4 ms\n"
           "Applying a snapshot: p50 %5 ms, p99 %6 ms over %7 snapshots")
            .arg(double(lag.samples) * double(m_loopLag.period().count()) / 1000.0, 0, 'f', 0)
            .arg(lag.p50Ms, 0, 'f', 2)
            .arg(lag.p99Ms, 0, 'f', 2)
            .arg(lag.maxMs, 0, 'f', 2)
            .arg(apply.p50Ms, 0, 'f', 2)
            .arg(apply.p99Ms, 0, 'f', 2)
            .arg(apply.samples));
}

void MainWindow::updateScopeLabel()
{
    QString scope;
    if (m_socketProxy.namespaceFilter().isEmpty())
        scope = tr("All namespaces");
    else if (m_socketProxy.roomFilter().isEmpty())
        scope = tr("Namespace %1").arg(QString::fromUtf8(m_socketProxy.namespaceFilter()));
    else
        scope = tr("Room %1 in %2")
                    .arg(m_socketProxy.roomFilter(),
                        QString::fromUtf8(m_socketProxy.namespaceFilter()));
    m_scopeLabel->setText(tr("%1 — sockets shown: %2 of %3")
                              .arg(scope)
                              .arg(m_socketProxy.rowCount())
                              .arg(m_sockets.rowCount()));
}

void MainWindow::onSourceStateChanged(monitor::SourceState state)
{
    m_stateLabel->setText(fmt::sourceState(state));
    const bool running
        = state == monitor::SourceState::Running || state == monitor::SourceState::Starting;
    m_stopAction->setEnabled(running && m_source.capabilities().testFlag(Capability::StopServer));
    m_tapAction->setEnabled(running);
    if (state == monitor::SourceState::Running)
        setWindowTitle(tr("Switchboard — %1").arg(m_source.title()));
    // A stopped server has no sockets: its rows would only mislead, and a new run starts afresh.
    if (state == monitor::SourceState::Stopped || state == monitor::SourceState::Failed
        || state == monitor::SourceState::Starting) {
        m_sockets.clear();
        m_namespaces.clear();
        updateScopeLabel();
    }
    updateActionsEnabled();
}

void MainWindow::buildActionMenu()
{
    QMenu *actions = menuBar()->addMenu(tr("&Actions"));
    m_kickAction = actions->addAction(
        tr("&Kick socket(s)…"), this, [this] { confirmDisconnect(selectedSocketIds(), false); });
    m_kickAction->setShortcut(QKeySequence(tr("Ctrl+K")));
    m_kickAction->setToolTip(tr("Disconnect the selected sockets from their namespace (the client "
                                "sees \"io server disconnect\")"));
    m_closeConnectionAction = actions->addAction(tr("&Close connection(s)…"), this,
        [this] { confirmDisconnect(selectedSocketIds(), true); });
    m_closeConnectionAction->setShortcut(QKeySequence(tr("Ctrl+Shift+K")));
    m_closeConnectionAction->setToolTip(tr("Close the whole connection of each selected socket "
                                           "(the client sees \"transport close\")"));
    actions->addSeparator();
    m_joinRoomAction = actions->addAction(
        tr("&Join room…"), this, [this] { askRoom(selectedSocketIds(), true); });
    m_joinRoomAction->setShortcut(QKeySequence(tr("Ctrl+J")));
    m_leaveRoomAction = actions->addAction(
        tr("&Leave room…"), this, [this] { askRoom(selectedSocketIds(), false); });
    m_leaveRoomAction->setShortcut(QKeySequence(tr("Ctrl+Shift+J")));
    actions->addSeparator();
    m_disconnectRoomAction = actions->addAction(tr("Disconnect every socket of the &room…"), this,
        [this] { disconnectSelectedRoom(false); });
    m_disconnectRoomAction->setToolTip(tr("Kick every socket of the room selected in the tree"));
    m_closeRoomAction = actions->addAction(
        tr("Close the co&nnections of the room…"), this, [this] { disconnectSelectedRoom(true); });
    m_closeRoomAction->setToolTip(
        tr("Close the connection of every socket of the room selected in the tree"));

    connect(m_socketView, &QWidget::customContextMenuRequested, this, [this](const QPoint &pos) {
        QMenu menu(this);
        menu.addActions({m_kickAction, m_closeConnectionAction});
        menu.addSeparator();
        menu.addActions({m_joinRoomAction, m_leaveRoomAction});
        menu.exec(m_socketView->viewport()->mapToGlobal(pos));
    });
    m_tree->setContextMenuPolicy(Qt::CustomContextMenu);
    connect(m_tree, &QWidget::customContextMenuRequested, this, [this](const QPoint &pos) {
        QMenu menu(this);
        menu.addActions({m_disconnectRoomAction, m_closeRoomAction});
        menu.exec(m_tree->viewport()->mapToGlobal(pos));
    });
    connect(m_socketView->selectionModel(), &QItemSelectionModel::selectionChanged, this,
        &MainWindow::updateActionsEnabled);
    connect(m_tree->selectionModel(), &QItemSelectionModel::currentChanged, this,
        &MainWindow::updateActionsEnabled);
}

void MainWindow::setLifecycle(ServerLifecycle *lifecycle)
{
    if (m_lifecycle)
        disconnect(m_lifecycle, nullptr, this, nullptr);
    m_lifecycle = lifecycle;
    if (m_lifecycle) {
        connect(m_lifecycle, &ServerLifecycle::started, this, [this] {
            statusBar()->showMessage(tr("Server started: %1").arg(m_source.title()), 8000);
        });
        connect(m_lifecycle, &ServerLifecycle::startFailed, this, [this](const QString &error) {
            statusBar()->showMessage(tr("The server could not start: %1").arg(error), 15000);
        });
    }
    updateActionsEnabled();
}

void MainWindow::updateActionsEnabled()
{
    if (!m_kickAction)
        return;
    const monitor::SourceState state = m_source.state();
    const bool running = state == monitor::SourceState::Running;
    const bool canAct = running && m_source.capabilities().testFlag(Capability::Actions);
    const bool selected = m_socketView->selectionModel()->hasSelection();
    for (QAction *action :
        {m_kickAction, m_closeConnectionAction, m_joinRoomAction, m_leaveRoomAction})
        action->setEnabled(canAct && selected);
    const QModelIndex room = m_tree->currentIndex();
    const bool roomSelected
        = room.isValid() && room.data(int(NamespaceTreeModel::Role::IsRoom)).toBool();
    m_disconnectRoomAction->setEnabled(canAct && roomSelected);
    m_closeRoomAction->setEnabled(canAct && roomSelected);
    m_drainAction->setEnabled(running && m_source.capabilities().testFlag(Capability::StopServer));
    const bool stopped
        = state == monitor::SourceState::Stopped || state == monitor::SourceState::Failed;
    m_startAction->setEnabled(m_lifecycle && stopped);
    m_settingsAction->setEnabled(m_lifecycle != nullptr);
}

QList<QByteArray> MainWindow::selectedSocketIds() const
{
    QList<QByteArray> ids;
    QModelIndexList rows = m_socketView->selectionModel()->selectedRows();
    std::sort(rows.begin(), rows.end(),
        [](const QModelIndex &a, const QModelIndex &b) { return a.row() < b.row(); });
    for (const QModelIndex &index : rows)
        ids.append(index.data(int(SocketTableModel::Role::SocketId)).toByteArray());
    return ids;
}

QMessageBox *MainWindow::confirmDisconnect(const QList<QByteArray> &socketIds, bool closeConnection)
{
    if (socketIds.isEmpty())
        return nullptr;
    const int count = int(socketIds.size());
    const QString text = closeConnection
        ? tr("Close the connection of %n socket(s)? Each client sees \"transport close\"; "
             "its other namespaces on that connection go too.",
            nullptr, count)
        : tr("Kick %n socket(s) from their namespace? Each client sees \"io server disconnect\" "
             "and does not reconnect by itself.",
            nullptr, count);
    auto *box = new QMessageBox(QMessageBox::Question,
        closeConnection ? tr("Close connections") : tr("Kick sockets"), text,
        QMessageBox::Ok | QMessageBox::Cancel, this);
    box->setObjectName(u"confirmDisconnect"_s);
    box->setAttribute(Qt::WA_DeleteOnClose);
    box->button(QMessageBox::Ok)
        ->setText(closeConnection ? tr("&Close %n connection(s)", nullptr, count)
                                  : tr("&Kick %n socket(s)", nullptr, count));
    connect(box, &QMessageBox::accepted, this, [this, socketIds, closeConnection] {
        m_source.disconnectSockets(socketIds, closeConnection);
    });
    box->open();
    return box;
}

QStringList MainWindow::roomsOffered(const QList<QByteArray> &socketIds) const
{
    // The rooms of the selected sockets' namespaces, as the last snapshot told them.
    QSet<QByteArray> namespaces;
    for (const QByteArray &id : socketIds) {
        if (const monitor::SocketRow *row = m_sockets.find(id))
            namespaces.insert(row->nsp);
    }
    QStringList rooms;
    for (const QByteArray &nsp : namespaces) {
        const QModelIndex parent = m_namespaces.namespaceIndex(nsp);
        for (int r = 0; r < m_namespaces.rowCount(parent); ++r)
            rooms.append(m_namespaces.index(r, 0, parent)
                             .data(int(NamespaceTreeModel::Role::Room))
                             .toString());
    }
    rooms.removeDuplicates();
    rooms.sort();
    return rooms;
}

RoomDialog *MainWindow::askRoom(const QList<QByteArray> &socketIds, bool join)
{
    if (socketIds.isEmpty())
        return nullptr;
    const int count = int(socketIds.size());
    auto *dialog = new RoomDialog(join ? tr("Join a room") : tr("Leave a room"),
        join ? tr("Room for %n socket(s) to &join:", nullptr, count)
             : tr("Room for %n socket(s) to &leave:", nullptr, count),
        roomsOffered(socketIds), this);
    dialog->setAttribute(Qt::WA_DeleteOnClose);
    connect(dialog, &QDialog::accepted, this, [this, dialog, socketIds, join] {
        const QStringList rooms{dialog->room()};
        if (join)
            m_source.joinRooms(socketIds, rooms);
        else
            m_source.leaveRooms(socketIds, rooms);
    });
    dialog->open();
    return dialog;
}

void MainWindow::disconnectSelectedRoom(bool closeConnection)
{
    const QModelIndex index = m_tree->currentIndex();
    if (!index.isValid() || !index.data(int(NamespaceTreeModel::Role::IsRoom)).toBool())
        return;
    confirmDisconnectRoom(index.data(int(NamespaceTreeModel::Role::Namespace)).toByteArray(),
        index.data(int(NamespaceTreeModel::Role::Room)).toString(), closeConnection);
}

QMessageBox *MainWindow::confirmDisconnectRoom(
    const QByteArray &nsp, const QString &room, bool closeConnection)
{
    const QModelIndex members = m_namespaces.roomIndex(nsp, room, 1);
    const int count
        = members.isValid() ? members.data(int(NamespaceTreeModel::Role::Members)).toInt() : 0;
    const QString where = tr("room %1 in %2").arg(room, QString::fromUtf8(nsp));
    const QString text = closeConnection
        ? tr("Close the connections of the %n socket(s) of %1? Each client sees \"transport "
             "close\".",
            nullptr, count)
              .arg(where)
        : tr("Kick the %n socket(s) of %1? Each client sees \"io server disconnect\".", nullptr,
            count)
              .arg(where);
    auto *box = new QMessageBox(QMessageBox::Question, tr("Disconnect a room"), text,
        QMessageBox::Ok | QMessageBox::Cancel, this);
    box->setObjectName(u"confirmDisconnectRoom"_s);
    box->setAttribute(Qt::WA_DeleteOnClose);
    connect(box, &QMessageBox::accepted, this, [this, nsp, room, closeConnection] {
        m_source.disconnectRoom(nsp, room, closeConnection);
    });
    box->open();
    return box;
}

void MainWindow::showActionResult(const monitor::ActionResult &result)
{
    using Kind = monitor::ActionResult::Kind;
    QString text;
    if (!result.error.isEmpty()) {
        text = tr("Action failed: %1").arg(result.error);
    } else {
        switch (result.kind) {
        case Kind::Disconnect:
            text = tr("Disconnected %n socket(s)", nullptr, result.affected);
            break;
        case Kind::Join:
            text = tr("%n socket(s) joined the room", nullptr, result.affected);
            break;
        case Kind::Leave:
            text = tr("%n socket(s) left the room", nullptr, result.affected);
            break;
        case Kind::DisconnectRoom:
            text = tr("Disconnected the room's %n socket(s)", nullptr, result.affected);
            break;
        }
        if (result.missing > 0)
            text += u" · "_s + tr("%n already gone", nullptr, result.missing);
    }
    statusBar()->showMessage(text, 10000);
}

SettingsDialog *MainWindow::openSettingsDialog()
{
    if (!m_lifecycle)
        return nullptr;
    auto *dialog = new SettingsDialog(
        m_lifecycle->settings(), m_lifecycle->commandLineOptions(), m_lifecycle->isRunning(), this);
    dialog->setAttribute(Qt::WA_DeleteOnClose);
    connect(dialog, &QDialog::accepted, this, [this, dialog] {
        if (!m_lifecycle)
            return;
        m_lifecycle->setSettings(dialog->settings());
        if (dialog->restartRequested())
            m_lifecycle->start();
        else
            statusBar()->showMessage(
                tr("Settings saved; they apply when the server starts again."), 8000);
    });
    dialog->open();
    return dialog;
}

DrainDialog *MainWindow::openDrainDialog()
{
    auto *dialog = new DrainDialog(m_source, m_lifecycle, this);
    dialog->setAttribute(Qt::WA_DeleteOnClose);
    dialog->open();
    return dialog;
}

void MainWindow::onNamespaceSelected(const QModelIndex &index)
{
    if (!index.isValid()) {
        m_socketProxy.setScope({});
    } else {
        m_socketProxy.setScope(index.data(int(NamespaceTreeModel::Role::Namespace)).toByteArray(),
            index.data(int(NamespaceTreeModel::Role::Room)).toString());
    }
    updateScopeLabel();
}

void MainWindow::onSocketSelected(const QModelIndex &index)
{
    if (!index.isValid())
        return;
    m_inspector->inspect(index.data(int(SocketTableModel::Role::SocketId)).toByteArray());
}

bool MainWindow::exportTraffic(
    const QString &fileName, TrafficExporter::Format format, QString *error) const
{
    return TrafficExporter::writeFile(
        m_trafficPane->proxy().visibleRecords(), format, fileName, error);
}

void MainWindow::exportTrafficWithDialog()
{
    const QString jsonl = tr("JSON Lines (*.jsonl)");
    const QString csv = tr("CSV (*.csv)");
    QString filter = jsonl;
    const QString suggested
        = u"traffic-"_s + QDateTime::currentDateTime().toString(u"yyyyMMdd-hhmmss"_s) + u".jsonl"_s;
    QString fileName = QFileDialog::getSaveFileName(
        this, tr("Export traffic"), suggested, jsonl + u";;"_s + csv, &filter);
    if (fileName.isEmpty())
        return;
    TrafficExporter::Format format = TrafficExporter::formatForFileName(fileName);
    if (filter == csv && format != TrafficExporter::Format::Csv) {
        format = TrafficExporter::Format::Csv;
        if (!fileName.contains(u'.'))
            fileName += u".csv"_s;
    }
    QString error;
    const int count = m_trafficPane->proxy().rowCount();
    if (exportTraffic(fileName, format, &error))
        statusBar()->showMessage(tr("Exported to %1 (records: %2)").arg(fileName).arg(count), 8000);
    else
        statusBar()->showMessage(tr("Export failed: %1").arg(error), 8000);
}

TrafficRecordDialog *MainWindow::openTrafficRecord(const monitor::TrafficRecord &record)
{
    auto *dialog = new TrafficRecordDialog(record, this);
    dialog->setAttribute(Qt::WA_DeleteOnClose);
    dialog->show();
    return dialog;
}

void MainWindow::saveWindowState(QSettings &settings) const
{
    settings.beginGroup(u"window"_s);
    settings.setValue(u"geometry"_s, saveGeometry());
    settings.setValue(u"state"_s, saveState(WindowStateVersion));
    settings.setValue(u"socketHeader"_s, m_socketView->horizontalHeader()->saveState());
    settings.setValue(u"trafficHeader"_s, m_trafficPane->view()->horizontalHeader()->saveState());
    settings.setValue(u"ackHeader"_s, m_ackView->horizontalHeader()->saveState());
    settings.setValue(u"failureHeader"_s, m_failureView->horizontalHeader()->saveState());
    settings.setValue(u"namespaceHeader"_s, m_tree->header()->saveState());
    settings.setValue(u"inspectorSplitter"_s, m_inspector->splitter()->saveState());
    settings.endGroup();
}

void MainWindow::restoreWindowState(QSettings &settings)
{
    settings.beginGroup(u"window"_s);
    if (settings.contains(u"geometry"_s))
        restoreGeometry(settings.value(u"geometry"_s).toByteArray());
    if (settings.contains(u"state"_s))
        restoreState(settings.value(u"state"_s).toByteArray(), WindowStateVersion);
    const auto restoreHeader = [&settings](const QString &key, QHeaderView *header) {
        if (settings.contains(key))
            header->restoreState(settings.value(key).toByteArray());
    };
    restoreHeader(u"socketHeader"_s, m_socketView->horizontalHeader());
    restoreHeader(u"trafficHeader"_s, m_trafficPane->view()->horizontalHeader());
    restoreHeader(u"ackHeader"_s, m_ackView->horizontalHeader());
    restoreHeader(u"failureHeader"_s, m_failureView->horizontalHeader());
    restoreHeader(u"namespaceHeader"_s, m_tree->header());
    if (settings.contains(u"inspectorSplitter"_s))
        m_inspector->splitter()->restoreState(settings.value(u"inspectorSplitter"_s).toByteArray());
    settings.endGroup();
}

void MainWindow::closeEvent(QCloseEvent *event)
{
    QSettings settings;
    saveWindowState(settings);
    QMainWindow::closeEvent(event);
}

} // namespace sb::ui
