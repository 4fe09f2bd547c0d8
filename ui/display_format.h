#pragma once

// Text the views show for numbers, times and states. Called from data() of visible cells only,
// so each returns one small QString and allocates nothing else.

#include "monitor/monitor_types.h"

#include <QColor>
#include <QPalette>
#include <QString>

namespace sb::ui::fmt {

QString bytes(quint64 n); // "980 B", "1.2 KiB", "3.40 MiB"
QString bytesPerSecond(double n); // "1.2 MiB/s"
QString count(double n); // "980", "12.3k", "1.20M"
QString timeOfDay(monitor::EpochMs time); // local "hh:mm:ss"
QString timeOfDayMs(monitor::EpochMs time); // local "hh:mm:ss.zzz"
QString isoTime(monitor::EpochMs time); // UTC ISO 8601 with milliseconds, for exports
QString microseconds(qint64 us); // "850 µs", "12.3 ms", "1.20 s"; "—" when negative
QString seconds(double s); // "3.2 s"
QString transport(const monitor::SocketRow &row); // "websocket", "polling → websocket", "upgrading…"
QString sourceState(monitor::SourceState state);

// A background for a state cell that reads in light and dark palettes alike: the palette's own
// base colour with some of `hue` mixed in, so text in the palette's text colour stays legible.
QColor tint(const QPalette &palette, const QColor &hue, double amount = 0.3);

} // namespace sb::ui::fmt
