// The German console: every message of translations/switchboard_de.ts is translated (placeholders
// and mnemonics kept), and the real window, filled with sample traffic, shows no string of ours
// that the German translation lacks — neither one the translator was asked for and did not know,
// nor an English text that reached a widget without passing through tr().

#include "fake_source.h"
#include "sample_server.h"

#include "ui/main_window.h"
#include "ui/translation.h"

#include <QAbstractButton>
#include <QAbstractItemView>
#include <QAction>
#include <QApplication>
#include <QComboBox>
#include <QDateTime>
#include <QDockWidget>
#include <QFile>
#include <QGroupBox>
#include <QHeaderView>
#include <QLabel>
#include <QLineEdit>
#include <QMenu>
#include <QRegularExpression>
#include <QSet>
#include <QSettings>
#include <QStandardPaths>
#include <QTabWidget>
#include <QTest>
#include <QTranslator>
#include <QXmlStreamReader>

using namespace Qt::StringLiterals;

namespace {

struct Message
{
    QString context;
    QString source;
    QString translation; // the only form, or the forms of a plural joined by newlines
    QStringList forms; // a plural's forms (German: one, other)
    bool unfinished = false;
};

QList<Message> readTs(const QString &path, QString *error)
{
    QList<Message> messages;
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly)) {
        *error = file.errorString();
        return messages;
    }
    QXmlStreamReader xml(&file);
    QString context;
    Message current;
    while (!xml.atEnd()) {
        xml.readNext();
        if (!xml.isStartElement())
            continue;
        if (xml.name() == u"context") {
            context.clear();
        } else if (xml.name() == u"name") {
            context = xml.readElementText();
        } else if (xml.name() == u"message") {
            current = Message{context, {}, {}, {}, false};
        } else if (xml.name() == u"source") {
            current.source = xml.readElementText();
        } else if (xml.name() == u"translation") {
            current.unfinished = xml.attributes().value(u"type"_s) == u"unfinished"
                || xml.attributes().value(u"type"_s) == u"vanished"
                || xml.attributes().value(u"type"_s) == u"obsolete";
            // A plural has one <numerusform> per form; anything else is plain text.
            QString text;
            while (!xml.atEnd()) {
                xml.readNext();
                if (xml.isCharacters()) {
                    text += xml.text();
                } else if (xml.isStartElement() && xml.name() == u"numerusform") {
                    current.forms.append(xml.readElementText());
                } else if (xml.isEndElement() && xml.name() == u"translation") {
                    break;
                }
            }
            current.translation = current.forms.isEmpty() ? text : current.forms.join(u'\n');
            messages.append(current);
        }
    }
    if (xml.hasError())
        *error = xml.errorString();
    return messages;
}

QList<QString> placeholders(const QString &text)
{
    static const QRegularExpression re(u"%(\\d+)"_s);
    QList<QString> found;
    for (auto it = re.globalMatch(text); it.hasNext();)
        found.append(it.next().captured(0));
    std::sort(found.begin(), found.end());
    return found;
}

int mnemonics(const QString &text)
{
    int n = 0;
    for (qsizetype i = 0; i + 1 < text.size(); ++i) {
        if (text.at(i) == u'&') {
            if (text.at(i + 1) == u'&') {
                ++i;
                continue;
            }
            ++n;
        }
    }
    return n;
}

// Consulted before the real translator (installed last): records every string of ours that it
// does not know. Strings of Qt's own contexts (standard buttons and the like) are Qt's business.
class RecordingTranslator : public QTranslator
{
public:
    bool isEmpty() const override { return false; }
    QString translate(const char *context, const char *sourceText, const char *disambiguation,
        int n) const override
    {
        const QString result = m_german.translate(context, sourceText, disambiguation, n);
        if (result.isEmpty() && QByteArrayView(context).startsWith("sb::"))
            misses.insert(QString::fromUtf8(context) + u" | "_s + QString::fromUtf8(sourceText));
        return result;
    }
    bool loadGerman() { return m_german.load(u":/i18n/switchboard_de"_s); }
    mutable QSet<QString> misses;

private:
    QTranslator m_german;
};

} // namespace

class TestTranslations : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void initTestCase();
    void everyMessageIsTranslated();
    void chosenFromSettingOrLocale();
    void germanWindowHasNoEnglishLeft();

private:
    QList<Message> m_messages;
};

void TestTranslations::initTestCase()
{
    QStandardPaths::setTestModeEnabled(true);
    QString error;
    m_messages = readTs(QStringLiteral(SB_SOURCE_DIR "/translations/switchboard_de.ts"), &error);
    QVERIFY2(error.isEmpty(), qPrintable(error));
    QVERIFY(m_messages.size() > 100);
}

void TestTranslations::everyMessageIsTranslated()
{
    QStringList problems;
    for (const Message &m : std::as_const(m_messages)) {
        const QString where = m.context + u" | "_s + m.source;
        const QStringList forms = m.forms.isEmpty() ? QStringList{m.translation} : m.forms;
        if (m.unfinished || m.translation.trimmed().isEmpty()
            || std::any_of(
                forms.cbegin(), forms.cend(), [](const QString &f) { return f.isEmpty(); }))
            problems.append(u"untranslated: "_s + where);
        else if (!m.forms.isEmpty() && m.forms.size() != 2)
            problems.append(u"German plurals have two forms: "_s + where);
        for (const QString &form : forms) {
            if (placeholders(m.source) != placeholders(form))
                problems.append(u"placeholders differ: "_s + where);
            else if (mnemonics(m.source) != mnemonics(form))
                problems.append(u"mnemonics differ: "_s + where);
        }
    }
    QVERIFY2(problems.isEmpty(), qPrintable(problems.join(u'\n')));
}

void TestTranslations::chosenFromSettingOrLocale()
{
    QCOMPARE(sb::ui::consoleLanguages(), (QStringList{u"en"_s, u"de"_s}));
    QSettings().setValue(QLatin1StringView(sb::ui::LanguageSettingKey), u"de"_s);
    QCOMPARE(sb::ui::savedLanguage(), u"de"_s);
    QSettings().remove(QLatin1StringView(sb::ui::LanguageSettingKey));
    QCOMPARE(sb::ui::savedLanguage(), QString());

    // English needs no translator; an unknown code falls back to the system's language, which
    // is English here (the test runs with LANG=C).
    QObject scope;
    QCOMPARE(sb::ui::installTranslations(*QCoreApplication::instance(), u"en"_s), u"en"_s);
    QCOMPARE(QCoreApplication::translate("sb::ui::MainWindow", "&View"), u"&View"_s);
    QCOMPARE(sb::ui::installTranslations(*QCoreApplication::instance(), u"xx"_s), u"en"_s);
    QCOMPARE(QCoreApplication::translate("sb::ui::MainWindow", "&View"), u"&View"_s);
}

void TestTranslations::germanWindowHasNoEnglishLeft()
{
    QCOMPARE(sb::ui::installTranslations(*QCoreApplication::instance(), u"de"_s), u"de"_s);
    QCOMPARE(QCoreApplication::translate("sb::ui::MainWindow", "&View"), u"&Ansicht"_s);
    RecordingTranslator recorder;
    QVERIFY(recorder.loadGerman());
    QCoreApplication::installTranslator(&recorder);

    // English texts that have a different German form: seeing one of them means a string was
    // set without tr() (or before the translator was installed).
    QHash<QString, QString> english;
    for (const Message &m : std::as_const(m_messages)) {
        if (m.translation != m.source && !m.source.contains(u'%'))
            english.insert(m.source, m.context);
    }
    QStringList problems;
    auto check = [&](const QString &text, const QString &where) {
        QString plain = text;
        plain.remove(u'&');
        for (const QString &candidate : {text, plain}) {
            if (english.contains(candidate)) {
                problems.append(where + u": English \""_s + candidate + u'"');
                return;
            }
        }
    };

    sb::test::FakeSource source;
    sb::test::SampleServer sample(QDateTime::currentMSecsSinceEpoch(), 30);
    sb::ui::MainWindow window(source);
    window.show();
    QVERIFY(QTest::qWaitForWindowExposed(&window));
    for (int i = 0; i < 8; ++i)
        source.emitSnapshot(sample.next());
    QTRY_VERIFY(window.findChild<QAbstractItemView *>(u"socketView"_s)->model()->rowCount() > 0);
    // Every dock shown, every tab visited, one socket selected (the inspector fills in).
    for (QDockWidget *dock : window.findChildren<QDockWidget *>())
        dock->show();
    for (QTabWidget *tabs : window.findChildren<QTabWidget *>()) {
        for (int i = 0; i < tabs->count(); ++i) {
            tabs->setCurrentIndex(i);
            check(tabs->tabText(i), u"tab"_s);
            check(tabs->tabToolTip(i), u"tab tool tip"_s);
        }
    }
    QCoreApplication::processEvents();

    QSet<QAction *> actions;
    for (QWidget *w : window.findChildren<QWidget *>()) {
        const QString where
            = QString::fromLatin1(w->metaObject()->className()) + u' ' + w->objectName();
        check(w->windowTitle(), where + u" title"_s);
        check(w->toolTip(), where + u" tool tip"_s);
        check(w->statusTip(), where + u" status tip"_s);
        check(w->whatsThis(), where + u" what's this"_s);
        if (auto *b = qobject_cast<QAbstractButton *>(w))
            check(b->text(), where);
        if (auto *l = qobject_cast<QLabel *>(w))
            check(l->text(), where);
        if (auto *e = qobject_cast<QLineEdit *>(w))
            check(e->placeholderText(), where + u" placeholder"_s);
        if (auto *g = qobject_cast<QGroupBox *>(w))
            check(g->title(), where);
        if (auto *c = qobject_cast<QComboBox *>(w)) {
            for (int i = 0; i < c->count(); ++i) {
                check(c->itemText(i), where + u" item"_s);
                check(c->itemData(i, Qt::ToolTipRole).toString(), where + u" item tip"_s);
            }
        }
        if (auto *m = qobject_cast<QMenu *>(w))
            check(m->title(), where);
        for (QAction *a : w->actions())
            actions.insert(a);
        if (auto *v = qobject_cast<QAbstractItemView *>(w); v && v->model()) {
            QAbstractItemModel *model = v->model();
            for (int c = 0; c < model->columnCount(); ++c) {
                check(model->headerData(c, Qt::Horizontal).toString(), where + u" header"_s);
                check(model->headerData(c, Qt::Horizontal, Qt::ToolTipRole).toString(),
                    where + u" header tip"_s);
            }
            const int rows = std::min(model->rowCount(), 50);
            for (int r = 0; r < rows; ++r) {
                for (int c = 0; c < model->columnCount(); ++c) {
                    const QModelIndex index = model->index(r, c);
                    check(index.data().toString(), where + u" cell"_s);
                    check(index.data(Qt::ToolTipRole).toString(), where + u" cell tip"_s);
                }
            }
        }
    }
    for (QAction *a : std::as_const(actions)) {
        if (a->isSeparator())
            continue;
        check(a->text(), u"action "_s + a->objectName());
        check(a->toolTip(), u"action tip "_s + a->objectName());
        check(a->statusTip(), u"action status "_s + a->objectName());
        if (a->menu())
            check(a->menu()->title(), u"menu "_s + a->objectName());
    }
    QCoreApplication::removeTranslator(&recorder);
    QStringList misses(recorder.misses.cbegin(), recorder.misses.cend());
    misses.sort();
    for (const QString &miss : std::as_const(misses))
        problems.append(u"not in the German translation: "_s + miss);
    QVERIFY2(problems.isEmpty(), qPrintable(problems.join(u'\n')));
}

QTEST_MAIN(TestTranslations)
#include "tst_translations.moc"
