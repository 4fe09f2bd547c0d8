#include "ui/display_format.h"

#include <QCoreApplication>
#include <QDateTime>

#include <cmath>

using namespace Qt::StringLiterals;

namespace sb::ui::fmt {

namespace {

QString scaled(double value, const char *const units[], int unitCount, double step)
{
    int unit = 0;
    while (std::abs(value) >= step && unit < unitCount - 1) {
        value /= step;
        ++unit;
    }
    const int decimals = unit == 0 ? 0 : (std::abs(value) < 10 ? 2 : (std::abs(value) < 100 ? 1 : 0));
    return QString::number(value, 'f', decimals) + QLatin1StringView(units[unit]);
}

} // namespace

QString bytes(quint64 n)
{
    static const char *const units[] = {" B", " KiB", " MiB", " GiB", " TiB"};
    return scaled(double(n), units, 5, 1024.0);
}

QString bytesPerSecond(double n)
{
    static const char *const units[] = {" B/s", " KiB/s", " MiB/s", " GiB/s"};
    return scaled(n, units, 4, 1024.0);
}

QString count(double n)
{
    static const char *const units[] = {"", "k", "M", "G"};
    if (std::abs(n) < 1000 && n != std::floor(n))
        return QString::number(n, 'f', 1);
    return scaled(n, units, 4, 1000.0);
}

QString timeOfDay(monitor::EpochMs time)
{
    return QDateTime::fromMSecsSinceEpoch(time).toString(u"hh:mm:ss"_s);
}

QString timeOfDayMs(monitor::EpochMs time)
{
    return QDateTime::fromMSecsSinceEpoch(time).toString(u"hh:mm:ss.zzz"_s);
}

QString isoTime(monitor::EpochMs time)
{
    return QDateTime::fromMSecsSinceEpoch(time, Qt::UTC).toString(Qt::ISODateWithMs);
}

QString microseconds(qint64 us)
{
    if (us < 0)
        return u"—"_s;
    if (us < 1000)
        return QString::number(us) + u" µs"_s;
    if (us < 1'000'000)
        return QString::number(double(us) / 1000.0, 'f', us < 10'000 ? 2 : 1) + u" ms"_s;
    return QString::number(double(us) / 1e6, 'f', 2) + u" s"_s;
}

QString seconds(double s)
{
    return QString::number(s, 'f', 1) + u" s"_s;
}

QString transport(const monitor::SocketRow &row)
{
    if (row.upgrading)
        return QCoreApplication::translate("sb::ui::fmt", "upgrading…");
    if (row.upgraded)
        return QCoreApplication::translate("sb::ui::fmt", "polling → websocket");
    return row.transport;
}

QString sourceState(monitor::SourceState state)
{
    switch (state) {
    case monitor::SourceState::Starting:
        return QCoreApplication::translate("sb::ui::fmt", "starting");
    case monitor::SourceState::Running:
        return QCoreApplication::translate("sb::ui::fmt", "running");
    case monitor::SourceState::Stopping:
        return QCoreApplication::translate("sb::ui::fmt", "stopping");
    case monitor::SourceState::Stopped:
        return QCoreApplication::translate("sb::ui::fmt", "stopped");
    case monitor::SourceState::Failed:
        return QCoreApplication::translate("sb::ui::fmt", "failed");
    }
    return {};
}

QColor tint(const QPalette &palette, const QColor &hue, double amount)
{
    const QColor base = palette.color(QPalette::Base);
    const auto mix = [amount](int a, int b) { return int(std::lround(a * (1.0 - amount) + b * amount)); };
    return QColor(mix(base.red(), hue.red()), mix(base.green(), hue.green()), mix(base.blue(), hue.blue()));
}

} // namespace sb::ui::fmt
