#pragma once

#include <QString>
#include <QStringList>

class QCoreApplication;
class QLocale;
class QSettings;

// The user interface's language: which translations ship (translations/medsam_studio_*.ts, compiled to .qm
// and embedded under :/i18n), which one the settings or the system locale choose, and installing it on the
// application before any window is built. A change applies at the next start (widgets translate their texts
// once, when they are made). The command line (medsam-agent) stays English.
namespace medsam::ui {

// The settings key that holds the chosen language code; absent or empty means "follow the system locale".
inline constexpr char kLanguageKey[] = "ui/language";

// "en" (the source strings) first, then every embedded translation: "de", "zh_CN".
QStringList availableLanguages();

// The language's own name for a menu: "English", "Deutsch", "简体中文"; the code itself when unknown.
QString languageName(const QString& code);

// The shipped language that best fits a locale's UI languages (German -> "de", Chinese in simplified script
// -> "zh_CN"), "en" when none does.
QString languageForLocale(const QLocale& locale);

// The language to start in: the settings' choice when it names a shipped language, else the system locale's.
QString languageSetting(const QSettings& settings);

// Stores `code` as the choice for the next start. An empty code removes the choice (follow the system
// locale again). Returns false, storing nothing, when `code` is neither empty nor a shipped language.
bool setLanguage(QSettings& settings, const QString& code);

// Makes `language` the application's language: removes translators an earlier call installed, then installs
// ours (:/i18n/medsam_studio_<code>.qm) and Qt's own (qtbase_<code>.qm from QLibraryInfo's translations
// folder, when that package is installed: standard dialog buttons, file dialogs). "en" installs none. Returns
// false when `language` is not shipped or its embedded translation cannot be loaded. Call it before the
// widgets are built.
bool installTranslators(QCoreApplication& app, const QString& language);

}  // namespace medsam::ui
