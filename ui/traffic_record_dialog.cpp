#include "ui/traffic_record_dialog.h"

#include "ui/display_format.h"
#include "ui/payload_format.h"
#include "ui/traffic_log_model.h"

#include <QDialogButtonBox>
#include <QFontDatabase>
#include <QFormLayout>
#include <QLabel>
#include <QPlainTextEdit>
#include <QTabWidget>
#include <QVBoxLayout>

using namespace Qt::StringLiterals;

namespace sb::ui {

namespace {

QString packetTypeName(int type)
{
    static const char *const names[] = {"CONNECT", "DISCONNECT", "EVENT", "ACK",
                                        "CONNECT_ERROR", "BINARY_EVENT", "BINARY_ACK"};
    if (type >= 0 && type < 7)
        return QLatin1StringView(names[type]) + u" ("_s + QString::number(type) + u')';
    return QString::number(type);
}

} // namespace

TrafficRecordDialog::TrafficRecordDialog(const monitor::TrafficRecord &record, QWidget *parent)
    : QDialog(parent)
{
    setWindowTitle(tr("Traffic record #%1").arg(record.seq));
    auto *layout = new QVBoxLayout(this);
    auto *form = new QFormLayout;
    const auto addRow = [form, this](const QString &label, const QString &value) {
        auto *field = new QLabel(value, this);
        field->setTextInteractionFlags(Qt::TextSelectableByMouse);
        form->addRow(label, field);
    };
    addRow(tr("Time:"), fmt::timeOfDayMs(record.time) + u"  ("_s + fmt::isoTime(record.time) + u')');
    addRow(tr("Direction:"), TrafficLogModel::directionText(record));
    addRow(tr("Socket:"), record.isBroadcast() ? tr("(broadcast)") : QString::fromLatin1(record.socket));
    addRow(tr("Namespace:"), QString::fromUtf8(record.nsp));
    addRow(tr("Packet:"), packetTypeName(record.packetType));
    if (!record.event.isEmpty())
        addRow(tr("Event:"), record.event);
    if (record.ackId >= 0)
        addRow(tr("Ack id:"), QString::number(record.ackId));
    addRow(tr("Size:"), tr("%1 (attachments: %2)").arg(fmt::bytes(quint64(record.size))).arg(record.attachments));
    if (record.isBroadcast()) {
        addRow(tr("Recipients:"), QString::number(record.recipients));
        addRow(tr("Rooms:"), record.rooms.isEmpty() ? tr("(the whole namespace)") : record.rooms.join(u", "_s));
        if (!record.except.isEmpty())
            addRow(tr("Except:"), record.except.join(u", "_s));
    }
    layout->addLayout(form);

    const QFont mono = QFontDatabase::systemFont(QFontDatabase::FixedFont);
    auto *tabs = new QTabWidget(this);
    m_pretty = new QPlainTextEdit(this);
    m_pretty->setReadOnly(true);
    m_pretty->setFont(mono);
    bool parsed = false;
    QString pretty = payload::prettyJson(record, &parsed);
    if (!parsed)
        pretty = (record.truncated ? tr("(the tap kept only the first %1 of this frame; not valid JSON on its own)")
                                         .arg(fmt::bytes(quint64(record.payload.size())))
                                   : tr("(not valid JSON)"))
            + u"\n\n"_s + pretty;
    m_pretty->setPlainText(pretty);
    tabs->addTab(m_pretty, tr("Payload"));
    m_raw = new QPlainTextEdit(this);
    m_raw->setReadOnly(true);
    m_raw->setFont(mono);
    m_raw->setPlainText(payload::isText(record.payload) ? QString::fromUtf8(record.payload)
                                                        : payload::hex(record.payload, 1 << 20));
    tabs->addTab(m_raw, tr("Raw frame"));
    layout->addWidget(tabs, 1);

    auto *buttons = new QDialogButtonBox(QDialogButtonBox::Close, this);
    connect(buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);
    layout->addWidget(buttons);
    resize(720, 560);
}

QString TrafficRecordDialog::prettyText() const
{
    return m_pretty->toPlainText();
}

QString TrafficRecordDialog::rawText() const
{
    return m_raw->toPlainText();
}

} // namespace sb::ui
