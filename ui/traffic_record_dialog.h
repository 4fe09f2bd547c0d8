#pragma once

#include "monitor/monitor_types.h"

#include <QDialog>

class QPlainTextEdit;

namespace sb::ui {

// One traffic record in full: its fields, the frame's JSON pretty-printed (parsed after the
// `<type>[/nsp,][id]` prefix) and the raw frame as it went on the wire.
class TrafficRecordDialog : public QDialog
{
    Q_OBJECT
public:
    explicit TrafficRecordDialog(const monitor::TrafficRecord &record, QWidget *parent = nullptr);

    QString prettyText() const;
    QString rawText() const;

private:
    QPlainTextEdit *m_pretty = nullptr;
    QPlainTextEdit *m_raw = nullptr;
};

} // namespace sb::ui
