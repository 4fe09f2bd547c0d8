#include "ui/charts_panel.h"

#include "ui/display_format.h"
#include "ui/failure_model.h"

#include <QBarCategoryAxis>
#include <QBarSeries>
#include <QBarSet>
#include <QChart>
#include <QChartView>
#include <QDateTime>
#include <QDateTimeAxis>
#include <QEvent>
#include <QHeaderView>
#include <QLabel>
#include <QLegend>
#include <QLineSeries>
#include <QScrollArea>
#include <QShowEvent>
#include <QStackedWidget>
#include <QTableWidget>
#include <QVBoxLayout>
#include <QValueAxis>

#include <algorithm>
#include <cmath>

using namespace Qt::StringLiterals;
using sb::monitor::Capability;

namespace sb::ui {

namespace {

constexpr int ChartHeight = 190;

// A round upper bound (1, 2 or 5 times a power of ten) so the axis labels stay readable.
qreal niceCeiling(qreal value)
{
    if (value <= 0)
        return 1;
    const qreal magnitude = std::pow(10.0, std::floor(std::log10(value)));
    for (const qreal step : {1.0, 2.0, 5.0, 10.0}) {
        if (value <= step * magnitude)
            return step * magnitude;
    }
    return 10 * magnitude;
}

QString bucketLabel(int bucket)
{
    const auto bound = [](qint64 us) -> QString {
        if (us < 1000)
            return QString::number(us) + u" µs"_s;
        if (us < 1'000'000)
            return QString::number(us / 1000) + u" ms"_s;
        return QString::number(us / 1'000'000) + u" s"_s;
    };
    if (bucket >= monitor::RttHistogram::BucketCount - 1)
        return u">"_s
            + bound(monitor::RttHistogram::BucketUpperUs[monitor::RttHistogram::BucketCount - 2]);
    return u"≤"_s + bound(monitor::RttHistogram::BucketUpperUs[bucket]);
}

} // namespace

ChartsPanel::ChartsPanel(QWidget *parent)
    : QWidget(parent)
{
    auto *outer = new QVBoxLayout(this);
    outer->setContentsMargins(0, 0, 0, 0);
    auto *scroll = new QScrollArea(this);
    scroll->setWidgetResizable(true);
    scroll->setFrameShape(QFrame::NoFrame);
    auto *content = new QWidget(scroll);
    auto *layout = new QVBoxLayout(content);
    layout->setContentsMargins(2, 2, 2, 2);
    layout->setSpacing(4);

    m_eventsIn = new QLineSeries;
    m_eventsIn->setName(tr("↓ in"));
    m_eventsOut = new QLineSeries;
    m_eventsOut->setName(tr("↑ out"));
    layout->addWidget(lineChart(
        tr("Events per second"), {m_eventsIn, m_eventsOut}, &m_eventsTime, &m_eventsValues));
    m_bytesIn = new QLineSeries;
    m_bytesIn->setName(tr("↓ in"));
    m_bytesOut = new QLineSeries;
    m_bytesOut->setName(tr("↑ out"));
    layout->addWidget(
        lineChart(tr("KiB per second"), {m_bytesIn, m_bytesOut}, &m_bytesTime, &m_bytesValues));
    m_sockets = new QLineSeries;
    m_sockets->setName(tr("sockets"));
    layout->addWidget(
        lineChart(tr("Connected sockets"), {m_sockets}, &m_socketsTime, &m_socketsValues));

    m_rttChart = new QChart;
    m_rttChart->setTitle(tr("Round-trip times"));
    m_rttSet = new QBarSet(tr("sessions"));
    QStringList categories;
    for (int i = 0; i < monitor::RttHistogram::BucketCount; ++i) {
        *m_rttSet << 0;
        categories << bucketLabel(i);
    }
    auto *bars = new QBarSeries;
    bars->append(m_rttSet);
    bars->setBarWidth(0.9);
    m_rttChart->addSeries(bars);
    auto *categoryAxis = new QBarCategoryAxis;
    categoryAxis->append(categories);
    QFont small = font();
    small.setPointSizeF(small.pointSizeF() * 0.75);
    categoryAxis->setLabelsFont(small);
    // Twelve buckets in a narrow dock: upright labels would be elided to nothing.
    categoryAxis->setLabelsAngle(-90);
    m_rttChart->addAxis(categoryAxis, Qt::AlignBottom);
    bars->attachAxis(categoryAxis);
    m_rttValues = new QValueAxis;
    m_rttValues->setLabelFormat(u"%d"_s);
    m_rttValues->setRange(0, 1);
    m_rttValues->setLabelsFont(small);
    m_rttChart->addAxis(m_rttValues, Qt::AlignLeft);
    bars->attachAxis(m_rttValues);
    m_rttChart->legend()->hide();
    m_rttChart->setMargins(QMargins(2, 2, 2, 2));
    m_charts.append(m_rttChart);
    auto *rttView = new QChartView(m_rttChart);
    rttView->setRenderHint(QPainter::Antialiasing);
    rttView->setMinimumHeight(ChartHeight);
    m_rttStack = new QStackedWidget(content);
    m_rttStack->addWidget(rttView);
    m_rttPlaceholder = new QLabel(tr("This server does not report round-trip times."), m_rttStack);
    m_rttPlaceholder->setObjectName(u"rttPlaceholder"_s);
    m_rttPlaceholder->setAlignment(Qt::AlignCenter);
    m_rttStack->addWidget(m_rttPlaceholder);
    layout->addWidget(m_rttStack);

    m_totals = new QTableWidget(0, 2, content);
    m_totals->setObjectName(u"totalsTable"_s);
    m_totals->setHorizontalHeaderLabels({tr("Failed handshakes / disconnects"), tr("Count")});
    m_totals->verticalHeader()->hide();
    m_totals->horizontalHeader()->setSectionResizeMode(0, QHeaderView::Stretch);
    m_totals->horizontalHeader()->setSectionResizeMode(1, QHeaderView::ResizeToContents);
    m_totals->setEditTriggers(QAbstractItemView::NoEditTriggers);
    m_totals->setSelectionMode(QAbstractItemView::NoSelection);
    m_totals->setMinimumHeight(160);
    m_totals->verticalHeader()->setDefaultSectionSize(fontMetrics().height() + 4);
    layout->addWidget(m_totals);
    layout->addStretch(1);

    scroll->setWidget(content);
    outer->addWidget(scroll);
    applyTheme();
}

QChartView *ChartsPanel::lineChart(const QString &title, const QList<QLineSeries *> &series,
    QDateTimeAxis **timeAxis, QValueAxis **valueAxis)
{
    auto *chart = new QChart;
    chart->setTitle(title);
    chart->setMargins(QMargins(2, 2, 2, 2));
    chart->legend()->setAlignment(Qt::AlignTop);
    QFont small = font();
    small.setPointSizeF(small.pointSizeF() * 0.8);
    chart->legend()->setFont(small);
    chart->legend()->setVisible(series.size() > 1);
    for (QLineSeries *s : series)
        chart->addSeries(s);
    *timeAxis = new QDateTimeAxis;
    (*timeAxis)->setFormat(u"hh:mm:ss"_s);
    (*timeAxis)->setTickCount(5);
    (*timeAxis)->setLabelsFont(small);
    const qint64 now = QDateTime::currentMSecsSinceEpoch();
    (*timeAxis)->setRange(
        QDateTime::fromMSecsSinceEpoch(now - WindowMs), QDateTime::fromMSecsSinceEpoch(now));
    chart->addAxis(*timeAxis, Qt::AlignBottom);
    *valueAxis = new QValueAxis;
    (*valueAxis)->setRange(0, 1);
    (*valueAxis)->setLabelFormat(u"%.0f"_s);
    (*valueAxis)->setTickCount(5);
    (*valueAxis)->setLabelsFont(small);
    chart->addAxis(*valueAxis, Qt::AlignLeft);
    for (QLineSeries *s : series) {
        s->attachAxis(*timeAxis);
        s->attachAxis(*valueAxis);
    }
    m_charts.append(chart);
    auto *view = new QChartView(chart);
    view->setRenderHint(QPainter::Antialiasing);
    view->setMinimumHeight(ChartHeight);
    return view;
}

void ChartsPanel::setCapabilities(monitor::Capabilities capabilities)
{
    m_capabilities = capabilities;
    m_rttStack->setCurrentWidget(capabilities.testFlag(Capability::Rtt)
            ? m_rttStack->widget(0)
            : static_cast<QWidget *>(m_rttPlaceholder));
}

void ChartsPanel::changeEvent(QEvent *event)
{
    if (event->type() == QEvent::PaletteChange || event->type() == QEvent::ApplicationPaletteChange)
        applyTheme();
    QWidget::changeEvent(event);
}

void ChartsPanel::applyTheme()
{
    // The chart draws its own background: pick the theme that matches the window's palette.
    const bool dark = palette().color(QPalette::Window).lightness() < 128;
    const QChart::ChartTheme theme = dark ? QChart::ChartThemeDark : QChart::ChartThemeLight;
    for (QChart *chart : std::as_const(m_charts)) {
        if (chart->theme() != theme)
            chart->setTheme(theme);
        chart->setBackgroundRoundness(0);
    }
}

void ChartsPanel::fitValues(QValueAxis *axis, const QList<const QList<QPointF> *> &lines)
{
    qreal top = 0;
    for (const QList<QPointF> *points : lines) {
        for (const QPointF &p : *points)
            top = std::max(top, p.y());
    }
    const qreal max = niceCeiling(top * 1.05);
    if (axis->max() != max)
        axis->setRange(0, max);
}

int ChartsPanel::pointCount() const
{
    return int(m_points[EventsIn].size());
}

QString ChartsPanel::rttTitle() const
{
    return m_rttChart->title();
}

void ChartsPanel::apply(const monitor::ServerSnapshot &s)
{
    accumulate(s);
    // The distribution and the totals change every tick; hidden, only the latest is kept.
    m_rtt = s.rtt;
    m_totalsShown = s.totals;
    m_latestPending = true;
    if (isVisible())
        showLatest();
}

void ChartsPanel::showLatest()
{
    if (!m_latestPending)
        return;
    m_latestPending = false;
    const monitor::RttHistogram &rtt = m_rtt;
    if (m_capabilities.testFlag(Capability::Rtt)) {
        quint64 top = 0;
        for (int i = 0; i < monitor::RttHistogram::BucketCount && i < rtt.counts.size(); ++i) {
            const qreal value = qreal(rtt.counts.at(i));
            if (m_rttSet->at(i) != value)
                m_rttSet->replace(i, value);
            top = std::max(top, rtt.counts.at(i));
        }
        const qreal max = std::max<qreal>(5, niceCeiling(qreal(top)));
        if (m_rttValues->max() != max) {
            m_rttValues->setRange(0, max);
            m_rttValues->setTickCount(6); // 1, 2 or 5 × 10^n in five steps: whole numbers
        }
        const QString title = rtt.samples == 0
            ? tr("Round-trip times (no samples yet)")
            : tr("Round-trip times · p50 %1 · p99 %2 · sessions: %3")
                  .arg(fmt::microseconds(rtt.p50Us), fmt::microseconds(rtt.p99Us))
                  .arg(rtt.samples);
        if (m_rttChart->title() != title)
            m_rttChart->setTitle(title);
    }
    updateTotals(m_totalsShown);
}

void ChartsPanel::accumulate(const monitor::ServerSnapshot &s)
{
    if (s.time <= m_lastTime)
        return; // a snapshot out of order, or the same one again
    m_lastTime = s.time;
    if (m_bucket.snapshots > 0 && s.time >= m_bucket.start + PointMs)
        closeBucket();
    if (m_bucket.snapshots == 0)
        m_bucket.start = s.time;
    ++m_bucket.snapshots;
    m_bucket.last = s.time;
    m_bucket.sums[EventsIn] += s.rates.eventsIn;
    m_bucket.sums[EventsOut] += s.rates.eventsOut;
    m_bucket.sums[BytesIn] += s.rates.bytesIn / 1024.0;
    m_bucket.sums[BytesOut] += s.rates.bytesOut / 1024.0;
    m_bucket.sockets = s.sockets;
}

void ChartsPanel::closeBucket()
{
    const qreal x = qreal(m_bucket.last);
    const qreal cutoff = x - qreal(WindowMs);
    for (int line = 0; line < LineCount; ++line) {
        const qreal y
            = line == Sockets ? m_bucket.sockets : m_bucket.sums[line] / m_bucket.snapshots;
        QList<QPointF> &points = m_points[line];
        points.append({x, y});
        qsizetype old = 0;
        while (old < points.size() && points.at(old).x() < cutoff)
            ++old;
        points.remove(0, old);
    }
    m_bucket = {};
    m_pointsPending = true;
    if (isVisible())
        showPoints();
}

void ChartsPanel::showPoints()
{
    if (!m_pointsPending || m_points[EventsIn].isEmpty())
        return;
    m_pointsPending = false;
    const qint64 last = qint64(m_points[EventsIn].last().x());
    const qint64 first = qint64(m_points[EventsIn].first().x());
    // Until five minutes have passed, the axis spans what there is (at least a minute).
    const QDateTime from = QDateTime::fromMSecsSinceEpoch(
        std::min(std::max(first, last - WindowMs), last - qint64(60'000)));
    const QDateTime to = QDateTime::fromMSecsSinceEpoch(last);
    for (QDateTimeAxis *axis : {m_eventsTime, m_bytesTime, m_socketsTime})
        axis->setRange(from, to);
    fitValues(m_eventsValues, {&m_points[EventsIn], &m_points[EventsOut]});
    fitValues(m_bytesValues, {&m_points[BytesIn], &m_points[BytesOut]});
    fitValues(m_socketsValues, {&m_points[Sockets]});
    QLineSeries *series[LineCount] = {m_eventsIn, m_eventsOut, m_bytesIn, m_bytesOut, m_sockets};
    for (int line = 0; line < LineCount; ++line)
        series[line]->replace(m_points[line]);
}

void ChartsPanel::showEvent(QShowEvent *event)
{
    QWidget::showEvent(event);
    showPoints();
    showLatest();
}

void ChartsPanel::updateTotals(const monitor::Totals &totals)
{
    QList<std::pair<QString, QString>> rows;
    if (m_capabilities.testFlag(Capability::FailedHandshakes)) {
        rows.append({tr("Failed handshakes"), QString::number(totals.failedHandshakes)});
        for (auto it = totals.failedHandshakesByCode.cbegin();
             it != totals.failedHandshakesByCode.cend(); ++it)
            rows.append({u"    "_s
                    + tr("code %1 · %2").arg(it.key()).arg(FailureModel::engineCodeName(it.key())),
                QString::number(it.value())});
        rows.append({tr("Refused connects"), QString::number(totals.refusedConnects)});
    } else {
        rows.append({tr("This server does not report failed handshakes"), QString()});
    }
    quint64 disconnects = 0;
    for (const quint64 n : totals.disconnectsByReason)
        disconnects += n;
    rows.append({tr("Disconnects"), QString::number(disconnects)});
    for (auto it = totals.disconnectsByReason.cbegin(); it != totals.disconnectsByReason.cend();
         ++it)
        rows.append({u"    "_s + it.key(), QString::number(it.value())});

    if (m_totals->rowCount() != rows.size())
        m_totals->setRowCount(int(rows.size()));
    for (int r = 0; r < rows.size(); ++r) {
        for (int c = 0; c < 2; ++c) {
            const QString &text = c == 0 ? rows.at(r).first : rows.at(r).second;
            QTableWidgetItem *item = m_totals->item(r, c);
            if (!item) {
                item = new QTableWidgetItem;
                if (c == 1)
                    item->setTextAlignment(Qt::AlignRight | Qt::AlignVCenter);
                m_totals->setItem(r, c, item);
            }
            if (item->text() != text)
                item->setText(text);
        }
    }
}

} // namespace sb::ui
