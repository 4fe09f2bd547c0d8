#pragma once

#include "monitor/monitor_types.h"

#include <QIODevice>
#include <QList>
#include <QString>

namespace sb::ui {

// Writes traffic records to JSON Lines (one object per line) or CSV (RFC 4180: CRLF line ends,
// a field with a comma, quote or line break quoted, quotes doubled). The window passes exactly
// the records the filtered log shows; the file dialog is the caller's business.
class TrafficExporter
{
public:
    enum class Format { JsonLines, Csv };

    static Format formatForFileName(const QString &fileName); // ".csv" → Csv, otherwise JSON Lines
    static bool write(const QList<monitor::TrafficRecord> &records, Format format, QIODevice &out);
    static bool writeFile(const QList<monitor::TrafficRecord> &records, Format format,
                          const QString &fileName, QString *error = nullptr);

    static QByteArray jsonLine(const monitor::TrafficRecord &record);
    static QByteArray csvHeader();
    static QByteArray csvLine(const monitor::TrafficRecord &record);
    static QByteArray csvField(const QByteArray &utf8);
};

} // namespace sb::ui
