#include "ui/traffic_exporter.h"

#include "ui/display_format.h"

#include <QCoreApplication>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QSaveFile>

using namespace Qt::StringLiterals;
using sb::monitor::TrafficRecord;

namespace sb::ui {

namespace {

QByteArray directionName(const TrafficRecord &record)
{
    return record.direction == monitor::Direction::In ? "in" : "out";
}

} // namespace

TrafficExporter::Format TrafficExporter::formatForFileName(const QString &fileName)
{
    return fileName.endsWith(u".csv"_s, Qt::CaseInsensitive) ? Format::Csv : Format::JsonLines;
}

QByteArray TrafficExporter::jsonLine(const TrafficRecord &record)
{
    QJsonObject object{
        {u"seq"_s, double(record.seq)},
        {u"time"_s, fmt::isoTime(record.time)},
        {u"direction"_s, QString::fromLatin1(directionName(record))},
        {u"socket"_s, QString::fromLatin1(record.socket)},
        {u"nsp"_s, QString::fromUtf8(record.nsp)},
        {u"event"_s, record.event},
        {u"ackId"_s, record.ackId >= 0 ? QJsonValue(double(record.ackId)) : QJsonValue()},
        {u"packetType"_s, record.packetType},
        {u"size"_s, double(record.size)},
        {u"attachments"_s, record.attachments},
        {u"recipients"_s, record.recipients},
        {u"rooms"_s, QJsonArray::fromStringList(record.rooms)},
        {u"except"_s, QJsonArray::fromStringList(record.except)},
        {u"payload"_s, QString::fromUtf8(record.payload)},
        {u"truncated"_s, record.truncated},
    };
    return QJsonDocument(object).toJson(QJsonDocument::Compact) + '\n';
}

QByteArray TrafficExporter::csvField(const QByteArray &utf8)
{
    const bool quote = utf8.contains(',') || utf8.contains('"') || utf8.contains('\n')
        || utf8.contains('\r');
    if (!quote)
        return utf8;
    QByteArray quoted = utf8;
    quoted.replace("\"", "\"\"");
    return '"' + quoted + '"';
}

QByteArray TrafficExporter::csvHeader()
{
    return "seq,time,direction,socket,nsp,event,ack_id,packet_type,size,attachments,recipients,"
           "rooms,except,truncated,payload\r\n";
}

QByteArray TrafficExporter::csvLine(const TrafficRecord &record)
{
    const QList<QByteArray> fields = {
        QByteArray::number(record.seq),
        fmt::isoTime(record.time).toUtf8(),
        directionName(record),
        record.socket,
        record.nsp,
        record.event.toUtf8(),
        record.ackId >= 0 ? QByteArray::number(record.ackId) : QByteArray(),
        QByteArray::number(record.packetType),
        QByteArray::number(record.size),
        QByteArray::number(record.attachments),
        QByteArray::number(record.recipients),
        record.rooms.join(u' ').toUtf8(),
        record.except.join(u' ').toUtf8(),
        record.truncated ? "true" : "false",
        record.payload,
    };
    QByteArray line;
    for (qsizetype i = 0; i < fields.size(); ++i) {
        if (i > 0)
            line += ',';
        line += csvField(fields.at(i));
    }
    return line + "\r\n";
}

bool TrafficExporter::write(const QList<TrafficRecord> &records, Format format, QIODevice &out)
{
    if (format == Format::Csv && out.write(csvHeader()) < 0)
        return false;
    for (const TrafficRecord &record : records) {
        const QByteArray line = format == Format::Csv ? csvLine(record) : jsonLine(record);
        if (out.write(line) != line.size())
            return false;
    }
    return true;
}

bool TrafficExporter::writeFile(const QList<TrafficRecord> &records, Format format,
                                const QString &fileName, QString *error)
{
    // A half-written export must not replace an earlier good one.
    QSaveFile file(fileName);
    if (!file.open(QIODevice::WriteOnly)) {
        if (error)
            *error = file.errorString();
        return false;
    }
    if (!write(records, format, file) || !file.commit()) {
        if (error)
            *error = file.errorString();
        file.cancelWriting();
        return false;
    }
    return true;
}

} // namespace sb::ui
