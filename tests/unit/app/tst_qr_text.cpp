// The QR code printed on the terminal: its shape (quiet zone, finder patterns) in half blocks.

#include "qr_text.h"

#include <QStringList>
#include <QTest>

using namespace Qt::StringLiterals;

class TestQrText : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void shape();
    void tooLongIsEmpty();
};

void TestQrText::shape()
{
    const QString text = qrTerminalText("http://192.168.1.20:3000/");
    QStringList lines = text.split(u'\n');
    QVERIFY(lines.last().isEmpty());
    lines.removeLast();
    // Every line: black on white, the modules, reset.
    QStringList rows;
    for (const QString &line : lines) {
        QVERIFY(line.startsWith(u"\x1b[30;47m"_s));
        QVERIFY(line.endsWith(u"\x1b[0m"_s));
        rows.append(line.mid(8, line.size() - 12));
    }
    const int width = int(rows.first().size());
    const int modules = width - 8;
    QVERIFY2(modules >= 21 && (modules - 21) % 4 == 0, qPrintable(QString::number(modules)));
    QCOMPARE(rows.size(), (width + 1) / 2);
    for (const QString &row : rows)
        QCOMPARE(row.size(), width);
    // Quiet zone: two blank text rows (four modules) on top, four blank columns each side.
    QCOMPARE(rows[0], QString(width, u' '));
    QCOMPARE(rows[1], QString(width, u' '));
    for (const QString &row : rows) {
        QCOMPARE(row.left(4), u"    "_s);
        QCOMPARE(row.right(4), u"    "_s);
    }
    // Top-left finder pattern: its top edge is modules 0..6 of row 0, drawn with the row below
    // it (module row 1: dark, light×5, dark) as upper half blocks and full blocks at the ends.
    QCOMPARE(rows[2].mid(4, 7), u"█▀▀▀▀▀█"_s);
}

void TestQrText::tooLongIsEmpty()
{
    QVERIFY(qrTerminalText(QByteArray(5000, 'x')).isEmpty());
}

QTEST_GUILESS_MAIN(TestQrText)
#include "tst_qr_text.moc"
