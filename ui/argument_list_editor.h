#pragma once

#include "monitor/monitor_types.h"

#include <QList>
#include <QWidget>

#include <optional>

class QComboBox;
class QLabel;
class QPlainTextEdit;
class QPushButton;
class QVBoxLayout;

namespace sb::ui {

// How the operator typed one argument of a composed emit.
enum class ArgumentKind { Json, Hex, Base64, File };

struct DraftArgument
{
    ArgumentKind kind = ArgumentKind::Json;
    QString text; // JSON text, hex digits, base64, or a file name
    friend bool operator==(const DraftArgument &, const DraftArgument &) = default;
};

// One argument checked: what would be sent, or why not and where (line and column from 1, for
// JSON; 0 when the error has no position).
struct ArgumentCheck
{
    bool ok = false;
    monitor::ComposedArgument argument;
    QString error;
    int line = 0;
    int column = 0;
};

// Checks one argument as the server would take it: JSON must be exactly one value (a scalar is
// fine), hex an even number of hex digits (spaces allowed), base64 valid base64, a file readable.
ArgumentCheck checkArgument(const DraftArgument &draft);

// The list of arguments of the composer: one row per argument (kind, text, a file button, an
// error line under it), added and removed by the operator, checked as they type.
class ArgumentListEditor : public QWidget
{
    Q_OBJECT
public:
    explicit ArgumentListEditor(QWidget *parent = nullptr);

    int count() const { return int(m_rows.size()); }
    QList<DraftArgument> arguments() const;
    void setArguments(const QList<DraftArgument> &arguments);
    void addArgument(const DraftArgument &argument = {});
    void removeArgument(int index);

    // Every argument valid: what to send; otherwise nullopt and firstError() says why.
    std::optional<QList<monitor::ComposedArgument>> composed() const;
    QString firstError() const;

    QPlainTextEdit *textEdit(int index) const { return m_rows.at(index).text; }
    QComboBox *kindBox(int index) const { return m_rows.at(index).kind; }
    QLabel *errorLabel(int index) const { return m_rows.at(index).error; }

Q_SIGNALS:
    void changed();

private:
    struct Row
    {
        QWidget *host = nullptr;
        QComboBox *kind = nullptr;
        QPlainTextEdit *text = nullptr;
        QPushButton *browse = nullptr;
        QLabel *error = nullptr;
    };
    int indexOf(const QWidget *host) const;
    void recheck(int index);
    void renumber();

    QVBoxLayout *m_rowsLayout = nullptr;
    QList<Row> m_rows;
};

} // namespace sb::ui
