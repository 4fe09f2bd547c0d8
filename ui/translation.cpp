#include "ui/translation.h"

#include "ui/ui_log.h"

#include <QActionGroup>
#include <QCoreApplication>
#include <QLibraryInfo>
#include <QLocale>
#include <QMenu>
#include <QSettings>
#include <QTranslator>

using namespace Qt::StringLiterals;

namespace sb::ui {

QStringList consoleLanguages()
{
    return {u"en"_s, u"de"_s};
}

QString savedLanguage()
{
    return QSettings().value(QLatin1StringView(LanguageSettingKey)).toString();
}

namespace {

QString chooseLanguage(const QString &preferred)
{
    const QStringList ours = consoleLanguages();
    if (ours.contains(preferred))
        return preferred;
    // uiLanguages() is in the user's order of preference ("de-AT", "de", "en-US", ...).
    for (const QString &tag : QLocale::system().uiLanguages()) {
        const QString code = tag.section(u'-', 0, 0).section(u'_', 0, 0).toLower();
        if (ours.contains(code))
            return code;
    }
    return u"en"_s;
}

} // namespace

QString installTranslations(QCoreApplication &app, const QString &preferred)
{
    const QString language = chooseLanguage(preferred);
    if (language == u"en"_s)
        return language;
    auto *qt = new QTranslator(&app);
    if (qt->load(u"qtbase_"_s + language, QLibraryInfo::path(QLibraryInfo::TranslationsPath)))
        QCoreApplication::installTranslator(qt);
    else
        delete qt; // Qt's own strings stay English (package qt6-translations-l10n not installed)
    auto *ours = new QTranslator(&app);
    if (ours->load(u":/i18n/switchboard_"_s + language)) {
        QCoreApplication::installTranslator(ours);
    } else {
        qCWarning(lcUi) << "no console translation for" << language;
        delete ours;
        return u"en"_s;
    }
    return language;
}

QMenu *makeLanguageMenu(QWidget *parent, std::function<void(const QString &notice)> changed)
{
    auto *menu = new QMenu(QCoreApplication::translate("sb::ui::MainWindow", "Lan&guage"), parent);
    menu->setObjectName(u"languageMenu"_s);
    auto *group = new QActionGroup(menu);
    const QString saved = savedLanguage();
    auto add = [&](const QString &code, const QString &name) {
        QAction *action = menu->addAction(name);
        action->setObjectName(u"language_"_s + (code.isEmpty() ? u"system"_s : code));
        action->setCheckable(true);
        action->setChecked(
            code == saved || (code.isEmpty() && !consoleLanguages().contains(saved)));
        action->setData(code);
        group->addAction(action);
    };
    add({}, QCoreApplication::translate("sb::ui::MainWindow", "System language"));
    menu->addSeparator();
    // Each language in its own words: whoever cannot read the current one still finds theirs.
    add(u"en"_s, u"English"_s);
    add(u"de"_s, u"Deutsch"_s);
    QObject::connect(group, &QActionGroup::triggered, menu, [changed](QAction *action) {
        const QString code = action->data().toString();
        if (code == savedLanguage())
            return;
        QSettings settings;
        if (code.isEmpty())
            settings.remove(QLatin1StringView(LanguageSettingKey));
        else
            settings.setValue(QLatin1StringView(LanguageSettingKey), code);
        if (changed) {
            changed(QCoreApplication::translate(
                "sb::ui::MainWindow", "The language changes at the next start."));
        }
    });
    return menu;
}

} // namespace sb::ui
