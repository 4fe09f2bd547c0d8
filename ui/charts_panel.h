#pragma once

#include "monitor/monitor_types.h"

#include <QWidget>

class QBarCategoryAxis;
class QBarSet;
class QChart;
class QChartView;
class QDateTimeAxis;
class QLabel;
class QLineSeries;
class QStackedWidget;
class QTableWidget;
class QValueAxis;

namespace sb::ui {

// Throughput over the last five minutes (events/s and bytes/s in and out, connected sockets), the
// RTT distribution of the open sessions, and failed handshakes by Engine.IO code and disconnects
// by reason. The throughput series get one point per second (the mean of that second's snapshots;
// sockets: the last count), handed to each series in one replace(): a chart lays out all its
// points on every change, so appending per snapshot, trimming and rescaling axes cost the GUI
// thread several milliseconds a tick. While the panel is hidden the points only accumulate. The
// chart theme follows the palette (light or dark).
class ChartsPanel : public QWidget
{
    Q_OBJECT
public:
    static constexpr qint64 WindowMs = 5 * 60 * 1000;
    static constexpr qint64 PointMs = 1000; // one point of the throughput series per second

    explicit ChartsPanel(QWidget *parent = nullptr);

    void setCapabilities(monitor::Capabilities capabilities);
    void apply(const monitor::ServerSnapshot &snapshot);

    int pointCount() const; // points of each throughput series (shown or, hidden, pending)
    QLineSeries *eventsInSeries() const { return m_eventsIn; }
    QBarSet *rttBars() const { return m_rttSet; }
    QString rttTitle() const;
    QTableWidget *totalsTable() const { return m_totals; }

protected:
    void changeEvent(QEvent *event) override;
    void showEvent(QShowEvent *event) override;

private:
    QChartView *lineChart(const QString &title, const QList<QLineSeries *> &series,
        QDateTimeAxis **timeAxis, QValueAxis **valueAxis);
    void applyTheme();
    void updateTotals(const monitor::Totals &totals);
    enum Line { EventsIn, EventsOut, BytesIn, BytesOut, Sockets, LineCount };
    struct Bucket
    {
        qint64 start = 0;
        qint64 last = 0;
        int snapshots = 0;
        double sums[LineCount] = {};
        double sockets = 0;
    };
    void accumulate(const monitor::ServerSnapshot &snapshot);
    void closeBucket();
    void showPoints();
    void showLatest();
    static void fitValues(QValueAxis *axis, const QList<const QList<QPointF> *> &lines);

    monitor::Capabilities m_capabilities = ~monitor::Capabilities();
    QList<QChart *> m_charts;
    QLineSeries *m_eventsIn = nullptr;
    QLineSeries *m_eventsOut = nullptr;
    QLineSeries *m_bytesIn = nullptr;
    QLineSeries *m_bytesOut = nullptr;
    QLineSeries *m_sockets = nullptr;
    QDateTimeAxis *m_eventsTime = nullptr;
    QDateTimeAxis *m_bytesTime = nullptr;
    QDateTimeAxis *m_socketsTime = nullptr;
    QValueAxis *m_eventsValues = nullptr;
    QValueAxis *m_bytesValues = nullptr;
    QValueAxis *m_socketsValues = nullptr;
    QChart *m_rttChart = nullptr;
    QBarSet *m_rttSet = nullptr;
    QValueAxis *m_rttValues = nullptr;
    QStackedWidget *m_rttStack = nullptr;
    QLabel *m_rttPlaceholder = nullptr;
    QTableWidget *m_totals = nullptr;
    Bucket m_bucket;
    qint64 m_lastTime = 0; // snapshots not newer than this are not plotted
    QList<QPointF> m_points[LineCount];
    bool m_pointsPending = false; // m_points has what the series do not show yet
    monitor::RttHistogram m_rtt;
    monitor::Totals m_totalsShown;
    bool m_latestPending = false; // m_rtt and m_totalsShown are newer than what is shown
};

} // namespace sb::ui
