// The console's Share panel: the QR code of the chat URL and the token form, offscreen.

#include "ui/share_panel.h"

#include <QApplication>
#include <QClipboard>
#include <QLabel>
#include <QLineEdit>
#include <QPushButton>
#include <QSignalSpy>
#include <QSpinBox>
#include <QTest>

using namespace Qt::StringLiterals;
using sb::ui::SharePanel;

class TestSharePanel : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void qrImageHasTheStandardShape_data();
    void qrImageHasTheStandardShape();
    void showsTheUrlAsQr();
    void withoutMinterTheFormSaysWhy();
    void mintsALink();
    void refusedNameGivesNoLink();
    void showsTheTlsFingerprint();
};

namespace {
bool dark(const QImage &image, int x, int y)
{
    return qGray(image.pixel(x, y)) < 128;
}

// A finder pattern: 7×7 dark ring, light ring, 3×3 dark centre, at module (x, y).
bool finderAt(const QImage &image, int x, int y)
{
    for (int i = 0; i < 7; ++i) {
        for (int j = 0; j < 7; ++j) {
            const bool ring = i == 0 || i == 6 || j == 0 || j == 6;
            const bool centre = i >= 2 && i <= 4 && j >= 2 && j <= 4;
            if (dark(image, x + i, y + j) != (ring || centre))
                return false;
        }
    }
    return true;
}
} // namespace

void TestSharePanel::qrImageHasTheStandardShape_data()
{
    QTest::addColumn<QByteArray>("text");
    QTest::newRow("LAN URL") << QByteArray("http://192.168.1.20:3000/");
    QTest::newRow("link with a token")
        << QByteArray("http://192.168.1.20:3000/#token=eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9."
                      "eyJleHAiOjE3OTYzMDI3OTAsImlhdCI6MTc5NjIxNjM5MCwibmFtZSI6ImFubiJ9."
                      "NjipKw8tUfAvHrFpro7vQjN1SZoeY8aRsJC0duXFPKc");
}

void TestSharePanel::qrImageHasTheStandardShape()
{
    QFETCH(QByteArray, text);
    const QImage image = SharePanel::qrImage(text);
    QVERIFY(!image.isNull());
    const int modules = image.width() - 8;
    QCOMPARE(image.height(), image.width());
    QVERIFY2(modules >= 21 && (modules - 21) % 4 == 0, qPrintable(QString::number(modules)));
    // The quiet zone is light, the three finder patterns are where the standard puts them.
    for (int i = 0; i < image.width(); ++i) {
        QVERIFY(!dark(image, i, 0) && !dark(image, i, 3) && !dark(image, 0, i));
        QVERIFY(!dark(image, i, image.height() - 1) && !dark(image, image.width() - 1, i));
    }
    QVERIFY(finderAt(image, 4, 4));
    QVERIFY(finderAt(image, 4 + modules - 7, 4));
    QVERIFY(finderAt(image, 4, 4 + modules - 7));
    QVERIFY(!finderAt(image, 4 + modules - 7, 4 + modules - 7));
    // Timing pattern between the top finders: alternating, starting dark.
    for (int x = 8; x < modules - 8; ++x)
        QCOMPARE(dark(image, 4 + x, 4 + 6), x % 2 == 0);
    // Different texts, different codes.
    QVERIFY(SharePanel::qrImage(text + "x") != image);
}

void TestSharePanel::showsTheUrlAsQr()
{
    SharePanel panel;
    auto *qr = panel.findChild<QLabel *>(u"shareQr"_s);
    auto *url = panel.findChild<QLabel *>(u"shareUrl"_s);
    QVERIFY(qr && url);
    QVERIFY(qr->pixmap().isNull());
    panel.setUrl(QUrl(u"http://10.0.0.7:3000/"_s));
    QCOMPARE(url->text(), u"http://10.0.0.7:3000/"_s);
    const QImage shown = qr->pixmap().toImage();
    QVERIFY(!shown.isNull());
    const QImage code = SharePanel::qrImage("http://10.0.0.7:3000/");
    // Whole pixels per module, and big enough for a camera.
    QCOMPARE(shown.width() % code.width(), 0);
    QVERIFY(shown.width() >= 150);
    const int scale = shown.width() / code.width();
    for (int y = 0; y < code.height(); ++y)
        for (int x = 0; x < code.width(); ++x)
            QCOMPARE(qGray(shown.pixel(x * scale + scale / 2, y * scale + scale / 2)) < 128,
                dark(code, x, y));
}

void TestSharePanel::withoutMinterTheFormSaysWhy()
{
    SharePanel panel;
    panel.setUrl(QUrl(u"http://10.0.0.7:3000/"_s));
    QVERIFY(!panel.findChild<QPushButton *>(u"mintToken"_s)->isEnabled());
    QVERIFY(!panel.findChild<QLineEdit *>(u"tokenName"_s)->isEnabled());
    QVERIFY(!panel.findChild<QPushButton *>(u"copyLink"_s)->isEnabled());
    QVERIFY(panel.findChild<QLabel *>(u"tokenHint"_s)->text().contains(u"--jwt-secret"_s));
}

void TestSharePanel::mintsALink()
{
    SharePanel panel;
    panel.setUrl(QUrl(u"http://10.0.0.7:3000/"_s));
    QList<std::pair<QString, qint64>> calls;
    panel.setTokenMinter([&](const QString &name, std::chrono::seconds ttl) {
        calls.append({name, qint64(ttl.count())});
        return QByteArray("aaa.bbb.ccc");
    });
    QSignalSpy minted(&panel, &SharePanel::tokenMinted);
    auto *name = panel.findChild<QLineEdit *>(u"tokenName"_s);
    auto *mint = panel.findChild<QPushButton *>(u"mintToken"_s);
    QVERIFY(mint->isEnabled());

    QTest::mouseClick(mint, Qt::LeftButton); // no name yet: nothing minted
    QVERIFY(calls.isEmpty());

    QTest::keyClicks(name, u"  Ann "_s);
    panel.findChild<QSpinBox *>(u"tokenHours"_s)->setValue(2);
    QTest::mouseClick(mint, Qt::LeftButton);
    QCOMPARE(calls.size(), 1);
    QCOMPARE(calls.first().first, u"Ann"_s);
    QCOMPARE(calls.first().second, 7200);
    QCOMPARE(panel.token(), u"aaa.bbb.ccc"_s);
    QCOMPARE(panel.link(), u"http://10.0.0.7:3000/#token=aaa.bbb.ccc"_s);
    QCOMPARE(minted.size(), 1);
    QCOMPARE(minted.first().at(1).toString(), panel.link());

    auto *copy = panel.findChild<QPushButton *>(u"copyLink"_s);
    QVERIFY(copy->isEnabled());
    QApplication::clipboard()->setText(u"before"_s);
    QTest::mouseClick(copy, Qt::LeftButton);
    QCOMPARE(QApplication::clipboard()->text(), panel.link());
}

void TestSharePanel::refusedNameGivesNoLink()
{
    SharePanel panel;
    panel.setUrl(QUrl(u"http://10.0.0.7:3000/"_s));
    panel.setTokenMinter([](const QString &, std::chrono::seconds) { return QByteArray(); });
    panel.findChild<QLineEdit *>(u"tokenName"_s)->setText(u"System"_s);
    QTest::mouseClick(panel.findChild<QPushButton *>(u"mintToken"_s), Qt::LeftButton);
    QVERIFY(panel.link().isEmpty());
    QVERIFY(!panel.findChild<QPushButton *>(u"copyLink"_s)->isEnabled());
    QVERIFY(panel.findChild<QLabel *>(u"tokenHint"_s)->text().contains(u"No token"_s));
}

void TestSharePanel::showsTheTlsFingerprint()
{
    SharePanel panel;
    panel.setUrl(QUrl(u"https://192.168.1.20:3000/"_s));
    auto *label = panel.findChild<QLabel *>(u"tlsFingerprint"_s);
    QVERIFY(label);
    QVERIFY(label->isHidden()); // no TLS: nothing to compare
    const QString fingerprint = QStringList(32, u"0F"_s).join(u':');
    panel.setTlsFingerprint(fingerprint);
    QVERIFY(!label->isHidden());
    // Shown with break opportunities after the colons; the same text once they are taken out.
    QString shown = label->text();
    shown.remove(QChar(0x200b));
    QVERIFY2(shown.contains(fingerprint), qPrintable(shown));
    panel.setTlsFingerprint({});
    QVERIFY(label->isHidden());
}

QTEST_MAIN(TestSharePanel)
#include "tst_share_panel.moc"
