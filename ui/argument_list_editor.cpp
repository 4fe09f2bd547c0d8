#include "ui/argument_list_editor.h"

#include "ui/display_format.h"

#include <QComboBox>
#include <QFile>
#include <QFileDialog>
#include <QFileInfo>
#include <QFontDatabase>
#include <QGridLayout>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonParseError>
#include <QLabel>
#include <QPlainTextEdit>
#include <QPushButton>
#include <QVBoxLayout>

using namespace Qt::StringLiterals;

namespace sb::ui {

namespace {

constexpr qint64 MaxFileBytes = 16 * 1024 * 1024;

// Line and column (from 1) of a UTF-8 byte offset into text.
std::pair<int, int> position(const QByteArray &utf8, qsizetype offset)
{
    offset = std::clamp<qsizetype>(offset, 0, utf8.size());
    const QString before = QString::fromUtf8(utf8.first(offset));
    const qsizetype lastBreak = before.lastIndexOf(u'\n');
    return {int(before.count(u'\n')) + 1, int(before.size() - (lastBreak + 1)) + 1};
}

ArgumentCheck failed(const QString &error, int line = 0, int column = 0)
{
    ArgumentCheck check;
    check.error = error;
    check.line = line;
    check.column = column;
    return check;
}

ArgumentCheck checkJson(const QString &text)
{
    const QByteArray utf8 = text.toUtf8();
    if (utf8.trimmed().isEmpty())
        return failed(
            ArgumentListEditor::tr("empty: type one JSON value (e.g. \"text\", 42, {…})"));
    // A scalar is one JSON value too: parse the text as the only element of an array, as the
    // server does, and shift the error offset back by the bracket.
    QJsonParseError error;
    const QJsonDocument document = QJsonDocument::fromJson('[' + utf8 + "\n]", &error);
    if (error.error != QJsonParseError::NoError) {
        const auto [line, column] = position(utf8, error.offset - 1);
        return failed(error.errorString(), line, column);
    }
    if (document.array().size() != 1)
        return failed(ArgumentListEditor::tr("more than one value: put each in its own argument"));
    if (utf8.contains("\"_placeholder\""))
        return failed(ArgumentListEditor::tr("the key _placeholder is reserved for attachments"));
    ArgumentCheck check;
    check.ok = true;
    check.argument.data = utf8.trimmed();
    return check;
}

ArgumentCheck checkHex(const QString &text)
{
    QByteArray digits;
    for (const QChar c : text) {
        if (c.isSpace())
            continue;
        if (!isxdigit(c.toLatin1()) || c.unicode() > 0x7f)
            return failed(ArgumentListEditor::tr("not a hex digit: %1").arg(c));
        digits.append(char(c.unicode()));
    }
    if (digits.size() % 2 != 0)
        return failed(ArgumentListEditor::tr("an odd number of hex digits"));
    ArgumentCheck check;
    check.ok = true;
    check.argument.binary = true;
    check.argument.data = QByteArray::fromHex(digits);
    return check;
}

ArgumentCheck checkBase64(const QString &text)
{
    QByteArray compact;
    for (const QChar c : text) {
        if (!c.isSpace())
            compact.append(char(c.unicode() > 0x7f ? '?' : c.unicode()));
    }
    const auto decoded
        = QByteArray::fromBase64Encoding(compact, QByteArray::AbortOnBase64DecodingErrors);
    if (!decoded)
        return failed(ArgumentListEditor::tr("not valid base64"));
    ArgumentCheck check;
    check.ok = true;
    check.argument.binary = true;
    check.argument.data = decoded.decoded;
    return check;
}

ArgumentCheck checkFile(const QString &name)
{
    if (name.trimmed().isEmpty())
        return failed(ArgumentListEditor::tr("choose a file"));
    QFile file(name.trimmed());
    if (!file.open(QIODevice::ReadOnly))
        return failed(ArgumentListEditor::tr("cannot read %1: %2").arg(name, file.errorString()));
    if (file.size() > MaxFileBytes)
        return failed(ArgumentListEditor::tr("larger than 16 MiB"));
    ArgumentCheck check;
    check.ok = true;
    check.argument.binary = true;
    check.argument.data = file.readAll();
    return check;
}

} // namespace

ArgumentCheck checkArgument(const DraftArgument &draft)
{
    switch (draft.kind) {
    case ArgumentKind::Json:
        return checkJson(draft.text);
    case ArgumentKind::Hex:
        return checkHex(draft.text);
    case ArgumentKind::Base64:
        return checkBase64(draft.text);
    case ArgumentKind::File:
        return checkFile(draft.text);
    }
    return {};
}

ArgumentListEditor::ArgumentListEditor(QWidget *parent)
    : QWidget(parent)
{
    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    m_rowsLayout = new QVBoxLayout;
    m_rowsLayout->setSpacing(4);
    layout->addLayout(m_rowsLayout);
    auto *add = new QPushButton(tr("&Add argument"), this);
    add->setObjectName(u"addArgument"_s);
    add->setToolTip(
        tr("Another argument of the event: JSON, or bytes sent as a binary attachment"));
    connect(add, &QPushButton::clicked, this, [this] { addArgument(); });
    layout->addWidget(add, 0, Qt::AlignLeft);
}

int ArgumentListEditor::indexOf(const QWidget *host) const
{
    for (int i = 0; i < m_rows.size(); ++i) {
        if (m_rows.at(i).host == host)
            return i;
    }
    return -1;
}

void ArgumentListEditor::addArgument(const DraftArgument &argument)
{
    Row row;
    row.host = new QWidget(this);
    auto *grid = new QGridLayout(row.host);
    grid->setContentsMargins(0, 0, 0, 0);
    grid->setHorizontalSpacing(4);
    grid->setVerticalSpacing(1);
    row.kind = new QComboBox(row.host);
    row.kind->addItem(tr("JSON"), int(ArgumentKind::Json));
    row.kind->addItem(tr("Binary (hex)"), int(ArgumentKind::Hex));
    row.kind->addItem(tr("Binary (base64)"), int(ArgumentKind::Base64));
    row.kind->addItem(tr("Binary (file)"), int(ArgumentKind::File));
    row.kind->setCurrentIndex(row.kind->findData(int(argument.kind)));
    row.text = new QPlainTextEdit(row.host);
    row.text->setFont(QFontDatabase::systemFont(QFontDatabase::FixedFont));
    row.text->setTabChangesFocus(true);
    row.text->setFixedHeight(row.text->fontMetrics().lineSpacing() * 3 + 10);
    row.text->setPlainText(argument.text);
    row.browse = new QPushButton(tr("File…"), row.host);
    row.browse->setToolTip(tr("Send the bytes of a file"));
    auto *remove = new QPushButton(tr("Remove"), row.host);
    remove->setToolTip(tr("Remove this argument"));
    row.error = new QLabel(row.host);
    row.error->setWordWrap(true);
    row.error->setTextInteractionFlags(Qt::TextSelectableByMouse);
    QPalette palette = row.error->palette();
    palette.setColor(QPalette::WindowText, QColor(0xc0, 0x30, 0x28));
    row.error->setPalette(palette);
    grid->addWidget(row.kind, 0, 0, Qt::AlignTop);
    grid->addWidget(row.text, 0, 1, 2, 1);
    grid->addWidget(row.browse, 1, 0, Qt::AlignTop);
    grid->addWidget(remove, 0, 2, Qt::AlignTop);
    grid->addWidget(row.error, 2, 1, 1, 2);
    grid->setColumnStretch(1, 1);
    m_rowsLayout->addWidget(row.host);
    m_rows.append(row);

    QWidget *host = row.host;
    connect(row.text, &QPlainTextEdit::textChanged, this, [this, host] {
        recheck(indexOf(host));
        Q_EMIT changed();
    });
    connect(row.kind, &QComboBox::currentIndexChanged, this, [this, host] {
        recheck(indexOf(host));
        Q_EMIT changed();
    });
    connect(row.browse, &QPushButton::clicked, this, [this, host] {
        const QString name = QFileDialog::getOpenFileName(this, tr("Send a file's bytes"));
        const int index = indexOf(host);
        if (name.isEmpty() || index < 0)
            return;
        m_rows.at(index).kind->setCurrentIndex(
            m_rows.at(index).kind->findData(int(ArgumentKind::File)));
        m_rows.at(index).text->setPlainText(name);
    });
    connect(remove, &QPushButton::clicked, this, [this, host] { removeArgument(indexOf(host)); });
    renumber();
    recheck(int(m_rows.size()) - 1);
    Q_EMIT changed();
}

void ArgumentListEditor::removeArgument(int index)
{
    if (index < 0 || index >= m_rows.size())
        return;
    const Row row = m_rows.takeAt(index);
    row.host->hide();
    row.host->deleteLater();
    renumber();
    Q_EMIT changed();
}

void ArgumentListEditor::renumber()
{
    for (int i = 0; i < m_rows.size(); ++i)
        m_rows.at(i).text->setAccessibleName(tr("Argument %1").arg(i + 1));
}

void ArgumentListEditor::recheck(int index)
{
    if (index < 0 || index >= m_rows.size())
        return;
    const Row &row = m_rows.at(index);
    row.browse->setVisible(ArgumentKind(row.kind->currentData().toInt()) == ArgumentKind::File);
    const ArgumentCheck check = checkArgument(arguments().at(index));
    if (check.ok) {
        row.error->setText(check.argument.binary
                ? tr("binary, %1").arg(fmt::bytes(quint64(check.argument.data.size())))
                : QString());
        row.error->setVisible(check.argument.binary);
        return;
    }
    row.error->setText(check.line > 0
            ? tr("line %1, column %2: %3").arg(check.line).arg(check.column).arg(check.error)
            : check.error);
    row.error->setVisible(true);
}

QList<DraftArgument> ArgumentListEditor::arguments() const
{
    QList<DraftArgument> result;
    for (const Row &row : m_rows)
        result.append({ArgumentKind(row.kind->currentData().toInt()), row.text->toPlainText()});
    return result;
}

void ArgumentListEditor::setArguments(const QList<DraftArgument> &arguments)
{
    while (!m_rows.isEmpty())
        removeArgument(int(m_rows.size()) - 1);
    for (const DraftArgument &argument : arguments)
        addArgument(argument);
}

std::optional<QList<monitor::ComposedArgument>> ArgumentListEditor::composed() const
{
    QList<monitor::ComposedArgument> result;
    for (const DraftArgument &argument : arguments()) {
        const ArgumentCheck check = checkArgument(argument);
        if (!check.ok)
            return std::nullopt;
        result.append(check.argument);
    }
    return result;
}

QString ArgumentListEditor::firstError() const
{
    const QList<DraftArgument> drafts = arguments();
    for (int i = 0; i < drafts.size(); ++i) {
        const ArgumentCheck check = checkArgument(drafts.at(i));
        if (check.ok)
            continue;
        if (check.line > 0)
            return tr("Argument %1, line %2, column %3: %4")
                .arg(i + 1)
                .arg(check.line)
                .arg(check.column)
                .arg(check.error);
        return tr("Argument %1: %2").arg(i + 1).arg(check.error);
    }
    return {};
}

} // namespace sb::ui
