#pragma once

#include <functional>

#include <QString>
#include <QStringList>

class QCoreApplication;
class QMenu;
class QWidget;

namespace sb::ui {

// The console's languages. English is the language of the source strings; every other one has a
// translations/switchboard_<code>.ts, compiled into sb_ui.
QStringList consoleLanguages();

// The QSettings key of the operator's choice: a code of consoleLanguages(), or empty for the
// system's language.
inline constexpr char LanguageSettingKey[] = "console/language";

// Chooses the language (`preferred` when it is one of consoleLanguages(), else the system
// locale's first language we have, else English) and installs the console's translator and
// Qt's own for it (standard buttons and dialogs), as children of `app`. Call before any widget
// exists: strings are translated when widgets are built. Returns the code chosen.
QString installTranslations(QCoreApplication &app, const QString &preferred = {});

// The language the operator chose in the settings (LanguageSettingKey), empty for the system's.
QString savedLanguage();

// View → Language: the system's language or one of consoleLanguages() (each named in its own
// language), saved as LanguageSettingKey; widgets are built translated, so the choice applies at
// the next start, which `changed` is told (for the status bar).
QMenu *makeLanguageMenu(QWidget *parent, std::function<void(const QString &notice)> changed);

} // namespace sb::ui
