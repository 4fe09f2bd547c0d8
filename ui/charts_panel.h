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
// by reason. Every snapshot appends one point per series and removes the points that left the
// window: series are never rebuilt. The chart theme follows the palette (light or dark).
class ChartsPanel : public QWidget
{
    Q_OBJECT
public:
    static constexpr qint64 WindowMs = 5 * 60 * 1000;

    explicit ChartsPanel(QWidget *parent = nullptr);

    void setCapabilities(monitor::Capabilities capabilities);
    void apply(const monitor::ServerSnapshot &snapshot);

    int pointCount() const; // points in each throughput series
    QLineSeries *eventsInSeries() const { return m_eventsIn; }
    QBarSet *rttBars() const { return m_rttSet; }
    QString rttTitle() const;
    QTableWidget *totalsTable() const { return m_totals; }

protected:
    void changeEvent(QEvent *event) override;

private:
    QChartView *lineChart(const QString &title, const QList<QLineSeries *> &series,
                          QDateTimeAxis **timeAxis, QValueAxis **valueAxis);
    void applyTheme();
    void updateTotals(const monitor::Totals &totals);
    static void append(QLineSeries *series, qreal x, qreal y, qreal cutoff);
    static void fitValues(QValueAxis *axis, const QList<QLineSeries *> &series);

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
    qreal m_lastX = 0;
};

} // namespace sb::ui
