#include "ui/traffic_pane.h"

#include "ui/socket_table_model.h"
#include "ui/traffic_log_model.h"
#include "ui/view_setup.h"

#include <QAction>
#include <QCheckBox>
#include <QComboBox>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QKeySequence>
#include <QLabel>
#include <QLineEdit>
#include <QLocale>
#include <QScrollBar>
#include <QShortcut>
#include <QStackedLayout>
#include <QTableView>
#include <QTimer>
#include <QToolBar>
#include <QToolButton>
#include <QVBoxLayout>

using namespace Qt::StringLiterals;

namespace sb::ui {

namespace {

QLineEdit *filterEdit(QWidget *parent, const QString &placeholder, int width)
{
    auto *edit = new QLineEdit(parent);
    edit->setPlaceholderText(placeholder);
    edit->setClearButtonEnabled(true);
    edit->setMaximumWidth(width);
    return edit;
}

} // namespace

TrafficPane::TrafficPane(TrafficLogModel &model, const SocketTableModel &sockets, QWidget *parent)
    : QWidget(parent)
    , m_model(model)
{
    m_proxy.setTrafficModel(&model);
    m_proxy.setSocketModel(&sockets);

    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(2, 2, 2, 2);
    layout->setSpacing(2);

    m_toolBar = new QToolBar(this);
    m_toolBar->setIconSize(QSize(16, 16));
    m_toolBar->setToolButtonStyle(Qt::ToolButtonTextOnly);
    m_direction = new QComboBox(this);
    m_direction->addItem(tr("in and out"), int(TrafficFilterProxy::DirectionFilter::Any));
    m_direction->addItem(tr("↓ in only"), int(TrafficFilterProxy::DirectionFilter::In));
    m_direction->addItem(tr("↑ out only"), int(TrafficFilterProxy::DirectionFilter::Out));
    m_direction->setObjectName(u"trafficDirection"_s);
    m_toolBar->addWidget(m_direction);
    m_nsp = filterEdit(this, tr("namespace"), 110);
    m_room = filterEdit(this, tr("room"), 110);
    m_socket = filterEdit(this, tr("socket id"), 150);
    m_event = filterEdit(this, tr("event (regex)"), 140);
    m_search = filterEdit(this, tr("search payload"), 220);
    m_search->setObjectName(u"trafficSearch"_s);
    m_regex = new QCheckBox(tr("regex"), this);
    m_regex->setToolTip(tr("Search the payload with a regular expression instead of plain text"));
    for (QWidget *w : {static_cast<QWidget *>(m_nsp), static_cast<QWidget *>(m_room),
                       static_cast<QWidget *>(m_socket), static_cast<QWidget *>(m_event),
                       static_cast<QWidget *>(m_search), static_cast<QWidget *>(m_regex)})
        m_toolBar->addWidget(w);
    m_toolBar->addSeparator();
    layout->addWidget(m_toolBar);

    // Refiltering 50,000 rows on every keystroke would stall typing: wait for a pause in it.
    m_filterDelay = new QTimer(this);
    m_filterDelay->setSingleShot(true);
    m_filterDelay->setInterval(200);
    connect(m_filterDelay, &QTimer::timeout, this, &TrafficPane::applyTextFilters);
    for (QLineEdit *edit : {m_nsp, m_room, m_socket, m_event, m_search})
        connect(edit, &QLineEdit::textChanged, m_filterDelay, qOverload<>(&QTimer::start));
    connect(m_regex, &QCheckBox::toggled, this, &TrafficPane::applyTextFilters);
    connect(m_direction, &QComboBox::currentIndexChanged, this, [this] {
        m_proxy.setDirectionFilter(
            TrafficFilterProxy::DirectionFilter(m_direction->currentData().toInt()));
        updateCounts();
    });

    m_findBar = new QWidget(this);
    auto *findLayout = new QHBoxLayout(m_findBar);
    findLayout->setContentsMargins(0, 0, 0, 0);
    findLayout->addWidget(new QLabel(tr("Find:"), m_findBar));
    m_findText = new QLineEdit(m_findBar);
    m_findText->setObjectName(u"trafficFind"_s);
    m_findText->setPlaceholderText(tr("event, socket or payload text"));
    findLayout->addWidget(m_findText, 1);
    auto *previous = new QToolButton(m_findBar);
    previous->setText(tr("Previous"));
    previous->setToolTip(tr("Previous match (Shift+F3)"));
    auto *next = new QToolButton(m_findBar);
    next->setText(tr("Next"));
    next->setToolTip(tr("Next match (F3, Enter)"));
    auto *close = new QToolButton(m_findBar);
    close->setText(tr("Close"));
    m_findStatus = new QLabel(m_findBar);
    findLayout->addWidget(previous);
    findLayout->addWidget(next);
    findLayout->addWidget(m_findStatus);
    findLayout->addWidget(close);
    m_findBar->hide();
    connect(m_findText, &QLineEdit::returnPressed, this, &TrafficPane::findNext);
    connect(next, &QToolButton::clicked, this, &TrafficPane::findNext);
    connect(previous, &QToolButton::clicked, this, &TrafficPane::findPrevious);
    connect(close, &QToolButton::clicked, m_findBar, &QWidget::hide);
    auto *f3 = new QShortcut(QKeySequence::FindNext, this, this, &TrafficPane::findNext,
                             Qt::WidgetWithChildrenShortcut);
    auto *shiftF3 = new QShortcut(QKeySequence::FindPrevious, this, this,
                                  &TrafficPane::findPrevious, Qt::WidgetWithChildrenShortcut);
    Q_UNUSED(f3);
    Q_UNUSED(shiftF3);
    layout->addWidget(m_findBar);

    auto *stackHost = new QWidget(this);
    auto *stack = new QStackedLayout(stackHost);
    m_view = new QTableView(stackHost);
    m_view->setObjectName(u"trafficView"_s);
    m_view->setModel(&m_proxy);
    views::setUpTable(m_view);
    m_view->setSelectionMode(QAbstractItemView::ExtendedSelection);
    m_view->setTextElideMode(Qt::ElideRight);
    m_view->horizontalHeader()->setStretchLastSection(true);
    views::fitColumns(m_view, {u"00:00:00.000"_s, u"↑ out ⇶ → 1234"_s, u"nXw3Y0Jk1rG8aB9cAAAB"_s,
                               u"/game-42"_s, u"message-back"_s, u"12345"_s, u"123.4 KiB"_s});
    stack->addWidget(m_view);
    m_placeholder = new QLabel(tr("This server does not report traffic."), stackHost);
    m_placeholder->setObjectName(u"trafficPlaceholder"_s);
    m_placeholder->setAlignment(Qt::AlignCenter);
    m_placeholder->setWordWrap(true);
    stack->addWidget(m_placeholder);
    layout->addWidget(stackHost, 1);

    m_counts = new QLabel(this);
    m_counts->setObjectName(u"trafficCounts"_s);
    layout->addWidget(m_counts);

    connect(m_view, &QTableView::activated, this, [this](const QModelIndex &index) {
        if (index.isValid())
            Q_EMIT recordActivated(m_proxy.recordAt(index.row()));
    });
    connect(&m_model, &TrafficLogModel::countsChanged, this, &TrafficPane::updateCounts);
    connect(&m_model, &TrafficLogModel::pausedChanged, this, &TrafficPane::updateCounts);
    views::followTail(m_view);
    updateCounts();
}

void TrafficPane::applyTextFilters()
{
    m_filterDelay->stop();
    m_proxy.setNamespaceFilter(m_nsp->text().trimmed().toUtf8());
    m_proxy.setRoomFilter(m_room->text().trimmed());
    m_proxy.setSocketFilter(m_socket->text().trimmed().toLatin1());
    const bool eventOk = m_proxy.setEventFilter(m_event->text().trimmed());
    const bool searchOk = m_proxy.setPayloadSearch(m_search->text(), m_regex->isChecked());
    m_event->setToolTip(eventOk ? QString() : tr("Not a valid regular expression"));
    m_search->setToolTip(searchOk ? QString() : tr("Not a valid regular expression"));
    updateCounts();
}

void TrafficPane::setTapDropped(quint64 dropped)
{
    if (m_tapDropped == dropped)
        return;
    m_tapDropped = dropped;
    updateCounts();
}

void TrafficPane::setTrafficAvailable(bool available)
{
    auto *stack = static_cast<QStackedLayout *>(m_view->parentWidget()->layout());
    stack->setCurrentWidget(available ? static_cast<QWidget *>(m_view) : m_placeholder);
}

void TrafficPane::updateCounts()
{
    const QLocale locale;
    QString text = tr("%1 dropped by the server's tap · %2 dropped by the log's bound (%3)")
                       .arg(locale.toString(m_tapDropped), locale.toString(m_model.droppedByBound()),
                            locale.toString(m_model.capacity()));
    if (m_model.isPaused())
        text += u" · "_s + tr("paused, held: %1").arg(locale.toString(m_model.heldCount()));
    if (m_proxy.isFiltering())
        text += u" · "_s + tr("showing %1 of %2").arg(locale.toString(m_proxy.rowCount()), locale.toString(m_model.rowCount()));
    else
        text += u" · "_s + tr("records: %1").arg(locale.toString(m_model.rowCount()));
    m_counts->setText(text);
}

void TrafficPane::showFindBar()
{
    m_findBar->show();
    m_findText->setFocus();
    m_findText->selectAll();
}

void TrafficPane::setFindText(const QString &text)
{
    m_findText->setText(text);
}

bool TrafficPane::findNext()
{
    return find(true);
}

bool TrafficPane::findPrevious()
{
    return find(false);
}

bool TrafficPane::find(bool forward)
{
    const QModelIndex current = m_view->currentIndex();
    const int row = m_proxy.findRow(m_findText->text(), current.isValid() ? current.row() : -1, forward);
    if (row < 0) {
        m_findStatus->setText(m_findText->text().isEmpty() ? QString() : tr("no match"));
        return false;
    }
    m_findStatus->clear();
    const QModelIndex match = m_proxy.index(row, int(TrafficLogModel::Column::Payload));
    m_view->selectionModel()->setCurrentIndex(
        match, QItemSelectionModel::ClearAndSelect | QItemSelectionModel::Rows);
    m_view->scrollTo(match, QAbstractItemView::PositionAtCenter);
    return true;
}

} // namespace sb::ui
