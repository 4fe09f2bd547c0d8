#include "ui/ack_inspector.h"

#include "ui/ack_model.h"
#include "ui/display_format.h"
#include "ui/view_setup.h"

#include <QFontDatabase>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QItemSelectionModel>
#include <QJsonDocument>
#include <QLabel>
#include <QLineEdit>
#include <QPlainTextEdit>
#include <QSplitter>
#include <QStackedWidget>
#include <QTableView>
#include <QVBoxLayout>

using namespace Qt::StringLiterals;
using sb::monitor::AckRecord;

namespace sb::ui {

AckInspector::AckInspector(AckModel &model, QWidget *parent)
    : QWidget(parent)
    , m_model(model)
    , m_proxy(this)
    , m_sockets(this)
{
    setObjectName(u"ackInspector"_s);
    m_proxy.setAckModel(&m_model);
    auto *outer = new QVBoxLayout(this);
    outer->setContentsMargins(2, 2, 2, 2);
    m_stack = new QStackedWidget(this);
    outer->addWidget(m_stack);

    auto *page = new QWidget(m_stack);
    auto *layout = new QVBoxLayout(page);
    layout->setContentsMargins(0, 0, 0, 0);
    auto *filters = new QHBoxLayout;
    m_nspFilter = new QLineEdit(page);
    m_nspFilter->setObjectName(u"ackNamespaceFilter"_s);
    m_nspFilter->setPlaceholderText(tr("namespace (exact)"));
    m_socketFilter = new QLineEdit(page);
    m_socketFilter->setObjectName(u"ackSocketFilter"_s);
    m_socketFilter->setPlaceholderText(tr("socket id contains"));
    m_eventFilter = new QLineEdit(page);
    m_eventFilter->setObjectName(u"ackEventFilter"_s);
    m_eventFilter->setPlaceholderText(tr("event contains"));
    for (QLineEdit *edit : {m_nspFilter, m_socketFilter, m_eventFilter})
        edit->setClearButtonEnabled(true);
    filters->addWidget(new QLabel(tr("Filter:"), page));
    filters->addWidget(m_nspFilter, 1);
    filters->addWidget(m_socketFilter, 2);
    filters->addWidget(m_eventFilter, 2);
    layout->addLayout(filters);

    m_splitter = new QSplitter(Qt::Horizontal, page);
    m_splitter->setObjectName(u"ackSplitter"_s);
    m_view = new QTableView(m_splitter);
    m_view->setObjectName(u"ackView"_s);
    m_view->setModel(&m_proxy);
    views::setUpTable(m_view);
    m_view->horizontalHeader()->setStretchLastSection(true);
    views::fitColumns(m_view,
        {u"pending · overdue 10.0 s"_s, u"server → client"_s, u"/game-42"_s,
            u"nXw3Y0Jk1rG8aB9cAAAB"_s, u"message-with-ack"_s, u"12345"_s, u"123.4 ms"_s});
    views::followTail(m_view);
    auto *side = new QSplitter(Qt::Vertical, m_splitter);
    m_detail = new QPlainTextEdit(side);
    m_detail->setObjectName(u"ackDetail"_s);
    m_detail->setReadOnly(true);
    m_detail->setFont(QFontDatabase::systemFont(QFontDatabase::FixedFont));
    m_detail->setPlaceholderText(tr("Choose an ack to see it in full"));
    m_socketView = new QTableView(side);
    m_socketView->setObjectName(u"ackSocketView"_s);
    m_socketView->setModel(&m_sockets);
    views::setUpTable(m_socketView);
    m_socketView->horizontalHeader()->setStretchLastSection(true);
    views::fitColumns(m_socketView, {u"nXw3Y0Jk1rG8aB9cAAAB"_s, u"/chat"_s, u"999"_s});
    m_socketView->setToolTip(tr("Pending acks per socket"));
    side->setStretchFactor(0, 3);
    side->setStretchFactor(1, 1);
    side->setSizes({3000, 1000});
    m_splitter->setStretchFactor(0, 3);
    m_splitter->setStretchFactor(1, 1);
    m_splitter->setSizes({3000, 1200});
    layout->addWidget(m_splitter, 1);
    m_counts = new QLabel(page);
    m_counts->setObjectName(u"ackCounts"_s);
    m_counts->setWordWrap(true);
    layout->addWidget(m_counts);
    m_stack->addWidget(page);

    auto *placeholder = new QLabel(tr("This server does not report acks."), m_stack);
    placeholder->setObjectName(u"ackPlaceholder"_s);
    placeholder->setAlignment(Qt::AlignCenter);
    placeholder->setWordWrap(true);
    m_stack->addWidget(placeholder);

    connect(m_nspFilter, &QLineEdit::textChanged, this, [this](const QString &text) {
        m_proxy.setNamespaceFilter(text.trimmed());
        updateCounts();
    });
    connect(m_socketFilter, &QLineEdit::textChanged, this, [this](const QString &text) {
        m_proxy.setSocketFilter(text);
        updateCounts();
    });
    connect(m_eventFilter, &QLineEdit::textChanged, this, [this](const QString &text) {
        m_proxy.setEventFilter(text);
        updateCounts();
    });
    connect(m_view->selectionModel(), &QItemSelectionModel::currentRowChanged, this, [this] {
        const QModelIndex current = m_view->currentIndex();
        m_detailKey = current.isValid() ? current.data(int(AckModel::Role::Key)).toULongLong() : 0;
        updateDetail();
    });
    connect(&m_model, &QAbstractItemModel::dataChanged, this,
        [this](const QModelIndex &topLeft, const QModelIndex &bottomRight) {
            const int row = m_model.rowOf(m_detailKey);
            if (row >= topLeft.row() && row <= bottomRight.row())
                updateDetail();
        });
    // A click in the per-socket table filters the acks to that socket.
    connect(m_socketView, &QTableView::activated, this, [this](const QModelIndex &index) {
        m_socketFilter->setText(
            m_sockets.index(index.row(), int(AckSocketModel::Column::Socket)).data().toString());
    });
    updateCounts();
}

void AckInspector::apply(const QList<monitor::AckRecord> &records)
{
    if (records.isEmpty())
        return;
    m_model.apply(records);
    m_sockets.apply(records);
}

void AckInspector::setTotals(const monitor::Totals &totals)
{
    m_totals = totals;
    updateCounts();
}

void AckInspector::setAvailable(bool available)
{
    m_stack->setCurrentIndex(available ? 0 : 1);
}

void AckInspector::updateCounts()
{
    QString text = tr("pending %1").arg(m_model.pendingCount()) + u" · "_s
        + tr("answered %1 · timed out %2 · disconnected %3")
              .arg(m_totals.acksAnswered)
              .arg(m_totals.acksTimedOut)
              .arg(m_totals.acksDisconnected)
        + u" · "_s
        + tr("%1 dropped by the server's store · %2 dropped by this view's bound")
              .arg(m_totals.acksDropped)
              .arg(m_model.droppedByBound());
    if (m_proxy.isFiltering())
        text += u" · "_s + tr("showing %1 of %2").arg(m_proxy.rowCount()).arg(m_model.rowCount());
    m_counts->setText(text);
}

QString AckInspector::detailText(const AckRecord &record, const QString &stateText)
{
    QStringList lines;
    lines << tr("State:      %1").arg(stateText);
    lines << tr("Direction:  %1")
                 .arg(record.kind == AckRecord::Kind::ServerToClient
                         ? tr("server → client (the client answers)")
                         : tr("client → server (the server answers)"));
    lines << tr("Namespace:  %1").arg(QString::fromUtf8(record.nsp));
    lines << tr("Socket:     %1").arg(QString::fromLatin1(record.socket));
    lines << tr("Event:      %1").arg(record.event);
    lines << tr("Ack id:     %1").arg(record.ackId);
    lines << tr("Requested:  %1").arg(fmt::timeOfDayMs(record.requestedAt));
    if (record.timeoutMs)
        lines << tr("Timeout:    %1").arg(fmt::seconds(double(*record.timeoutMs) / 1000.0));
    if (record.isSettled()) {
        lines << tr("Settled:    %1").arg(fmt::timeOfDayMs(record.settledAt));
        lines << tr("Latency:    %1").arg(fmt::microseconds(record.latencyUs));
    }
    if (record.state == AckRecord::State::Answered) {
        lines << QString() << tr("Answer:");
        const QJsonDocument document = QJsonDocument::fromJson(record.answer);
        lines << (document.isNull()
                ? QString::fromUtf8(record.answer)
                : QString::fromUtf8(document.toJson(QJsonDocument::Indented)).trimmed());
        if (record.answerTruncated)
            lines << tr("(truncated by the server at 16 KiB)");
    }
    return lines.join(u'\n');
}

void AckInspector::updateDetail()
{
    const int row = m_model.rowOf(m_detailKey);
    if (row < 0) {
        m_detail->clear();
        return;
    }
    const AckRecord &record = m_model.recordAt(row);
    const QString text = detailText(record, m_model.stateText(record));
    if (text != m_detail->toPlainText())
        m_detail->setPlainText(text);
}

} // namespace sb::ui
