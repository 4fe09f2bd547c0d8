#include "ui/socket_inspector.h"

#include "monitor/monitor_source.h"
#include "ui/display_format.h"
#include "ui/traffic_log_model.h"

#include <QFontDatabase>
#include <QFormLayout>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QLabel>
#include <QLineEdit>
#include <QListWidget>
#include <QPlainTextEdit>
#include <QPushButton>
#include <QSettings>
#include <QSplitter>
#include <QStackedWidget>
#include <QTabWidget>
#include <QTableView>
#include <QTreeWidget>
#include <QVBoxLayout>

using namespace Qt::StringLiterals;

namespace sb::ui {

namespace {

const QString MaskedKeysSetting = u"inspector/maskedKeys"_s;

} // namespace

SocketInspector::SocketInspector(monitor::MonitorSource &source, TrafficLogModel &traffic,
                                 QWidget *parent)
    : QWidget(parent)
    , m_source(source)
{
    const QSettings settings;
    m_masker.setKeys(settings.value(MaskedKeysSetting, SecretMasker::defaultKeys()).toStringList());
    m_traffic.setTrafficModel(&traffic);
    m_traffic.setSocketFilter("\x01"); // matches nothing until a socket is chosen

    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(2, 2, 2, 2);
    m_stack = new QStackedWidget(this);
    m_placeholder = new QLabel(tr("Select a socket in the table to inspect it."), m_stack);
    m_placeholder->setObjectName(u"inspectorPlaceholder"_s);
    m_placeholder->setAlignment(Qt::AlignCenter);
    m_placeholder->setWordWrap(true);
    m_stack->addWidget(m_placeholder);

    auto *page = new QWidget(m_stack);
    auto *pageLayout = new QVBoxLayout(page);
    pageLayout->setContentsMargins(0, 0, 0, 0);
    auto *titleRow = new QHBoxLayout;
    m_title = new QLabel(page);
    m_title->setTextInteractionFlags(Qt::TextSelectableByMouse);
    m_title->setWordWrap(true);
    titleRow->addWidget(m_title, 1);
    auto *refreshButton = new QPushButton(tr("Refresh"), page);
    connect(refreshButton, &QPushButton::clicked, this, &SocketInspector::refresh);
    titleRow->addWidget(refreshButton);
    pageLayout->addLayout(titleRow);

    const QFont mono = QFontDatabase::systemFont(QFontDatabase::FixedFont);
    m_splitter = new QSplitter(Qt::Vertical, page);
    m_splitter->setObjectName(u"inspectorSplitter"_s);
    m_tabs = new QTabWidget(m_splitter);
    m_handshake = new QTreeWidget(m_tabs);
    m_handshake->setColumnCount(2);
    m_handshake->setHeaderLabels({tr("Field"), tr("Value")});
    m_handshake->setRootIsDecorated(true);
    m_handshake->setUniformRowHeights(true);
    m_tabs->addTab(m_handshake, tr("Handshake"));
    m_auth = new QPlainTextEdit(m_tabs);
    m_auth->setObjectName(u"inspectorAuth"_s);
    m_auth->setReadOnly(true);
    m_auth->setFont(mono);
    m_tabs->addTab(m_auth, tr("Auth"));
    m_data = new QPlainTextEdit(m_tabs);
    m_data->setReadOnly(true);
    m_data->setFont(mono);
    m_tabs->addTab(m_data, tr("Data"));
    m_rooms = new QListWidget(m_tabs);
    m_tabs->addTab(m_rooms, tr("Rooms"));
    m_splitter->addWidget(m_tabs);

    auto *trafficBox = new QWidget(m_splitter);
    auto *trafficLayout = new QVBoxLayout(trafficBox);
    trafficLayout->setContentsMargins(0, 0, 0, 0);
    trafficLayout->addWidget(new QLabel(tr("Recent traffic of this socket"), trafficBox));
    m_trafficView = new QTableView(trafficBox);
    m_trafficView->setModel(&m_traffic);
    m_trafficView->setWordWrap(false);
    m_trafficView->setSelectionBehavior(QAbstractItemView::SelectRows);
    m_trafficView->verticalHeader()->hide();
    m_trafficView->verticalHeader()->setSectionResizeMode(QHeaderView::Fixed);
    m_trafficView->verticalHeader()->setDefaultSectionSize(m_trafficView->fontMetrics().height() + 6);
    m_trafficView->horizontalHeader()->setStretchLastSection(true);
    for (const auto column : {TrafficLogModel::Column::Socket, TrafficLogModel::Column::Namespace,
                              TrafficLogModel::Column::AckId})
        m_trafficView->hideColumn(int(column));
    trafficLayout->addWidget(m_trafficView);
    m_splitter->addWidget(trafficBox);
    pageLayout->addWidget(m_splitter, 1);
    m_stack->addWidget(page);
    layout->addWidget(m_stack, 1);

    auto *keysRow = new QFormLayout;
    m_maskedKeys = new QLineEdit(m_masker.keys().join(u", "_s), this);
    m_maskedKeys->setObjectName(u"inspectorMaskedKeys"_s);
    m_maskedKeys->setToolTip(tr("Keys whose values are hidden in auth and data, at any depth"));
    keysRow->addRow(tr("Masked keys:"), m_maskedKeys);
    layout->addLayout(keysRow);
    connect(m_maskedKeys, &QLineEdit::editingFinished, this,
            [this] { setMaskedKeys(SecretMasker::parseKeys(m_maskedKeys->text())); });

    connect(&m_source, &monitor::MonitorSource::socketDetailsReady, this, &SocketInspector::showDetails);
}

void SocketInspector::inspect(const QByteArray &socketId)
{
    if (socketId == m_socketId)
        return;
    m_socketId = socketId;
    m_haveDetails = false;
    m_traffic.setSocketFilter(socketId.isEmpty() ? QByteArray("\x01") : socketId);
    if (socketId.isEmpty()) {
        m_stack->setCurrentWidget(m_placeholder);
        return;
    }
    m_title->setText(tr("Socket %1 — waiting for details…").arg(QString::fromLatin1(socketId)));
    m_stack->setCurrentIndex(1);
    m_source.requestSocketDetails(socketId);
}

void SocketInspector::refresh()
{
    if (!m_socketId.isEmpty())
        m_source.requestSocketDetails(m_socketId);
}

void SocketInspector::setMaskedKeys(const QStringList &keys)
{
    m_masker.setKeys(keys);
    QSettings().setValue(MaskedKeysSetting, m_masker.keys());
    m_maskedKeys->setText(m_masker.keys().join(u", "_s));
    if (m_haveDetails)
        render();
}

void SocketInspector::showDetails(const monitor::SocketDetails &details)
{
    if (details.id != m_socketId || m_socketId.isEmpty())
        return; // an answer to an earlier selection
    m_details = details;
    m_haveDetails = true;
    render();
    Q_EMIT detailsShown(details.id);
}

void SocketInspector::render()
{
    const monitor::SocketDetails &d = m_details;
    if (!d.found) {
        m_title->setText(tr("Socket %1 is gone.").arg(QString::fromLatin1(m_socketId)));
        m_handshake->clear();
        m_auth->clear();
        m_data->clear();
        m_rooms->clear();
        return;
    }
    m_title->setText(tr("Socket <b>%1</b> in <b>%2</b>")
                         .arg(QString::fromLatin1(d.id).toHtmlEscaped(),
                              QString::fromUtf8(d.nsp).toHtmlEscaped()));
    m_handshake->clear();
    const auto item = [this](QTreeWidgetItem *parent, const QString &field, const QString &value) {
        auto *it = parent ? new QTreeWidgetItem(parent) : new QTreeWidgetItem(m_handshake);
        it->setText(0, field);
        it->setText(1, value);
        it->setToolTip(1, value);
        return it;
    };
    item(nullptr, tr("Address"), d.address);
    item(nullptr, tr("Time"), fmt::timeOfDayMs(d.handshakeTime) + u"  "_s + fmt::isoTime(d.handshakeTime));
    item(nullptr, tr("URL"), QString::fromUtf8(d.url));
    item(nullptr, tr("Transport"), d.transport);
    item(nullptr, tr("Session"), QString::fromLatin1(d.sessionId));
    item(nullptr, tr("Secure"), d.secure ? tr("yes") : tr("no"));
    item(nullptr, tr("Recovered"), d.recovered ? tr("yes") : tr("no"));
    QTreeWidgetItem *headers = item(nullptr, tr("Headers"), QString::number(d.headers.size()));
    for (const auto &[name, value] : d.headers) {
        // Cookies and authorisation headers carry secrets like the auth payload does.
        const bool secret = name == "cookie" || name == "authorization"
            || m_masker.isSecret(QString::fromLatin1(name));
        item(headers, QString::fromLatin1(name), secret ? SecretMasker::maskText() : QString::fromUtf8(value));
    }
    QTreeWidgetItem *query = item(nullptr, tr("Query"), QString::number(d.query.size()));
    for (const auto &[name, value] : d.query) {
        const bool secret = m_masker.isSecret(QString::fromUtf8(name));
        item(query, QString::fromUtf8(name), secret ? SecretMasker::maskText() : QString::fromUtf8(value));
    }
    m_handshake->expandAll();
    m_handshake->resizeColumnToContents(0);

    m_auth->setPlainText(m_masker.maskedPretty(d.auth.isEmpty() ? QByteArray("{}") : d.auth));
    m_data->setPlainText(d.data.isEmpty() ? tr("(no data)") : m_masker.maskedPretty(d.data));
    m_rooms->clear();
    m_rooms->addItems(d.rooms);
    if (d.rooms.isEmpty())
        m_rooms->addItem(tr("(only its own room)"));
}

QString SocketInspector::authText() const
{
    return m_auth->toPlainText();
}

QString SocketInspector::dataText() const
{
    return m_data->toPlainText();
}

QStringList SocketInspector::rooms() const
{
    QStringList result;
    for (int i = 0; i < m_rooms->count(); ++i)
        result.append(m_rooms->item(i)->text());
    return result;
}

} // namespace sb::ui
