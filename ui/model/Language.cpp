#include "ui/model/Language.h"

#include <QCoreApplication>
#include <QLibraryInfo>
#include <QLocale>
#include <QSettings>
#include <QTranslator>

namespace medsam::ui {

namespace {
// Translators this module installed carry this object name, so that a second call replaces them.
constexpr char kTranslatorName[] = "medsam.ui.translator";

struct Shipped {
    const char* code;
    const char* name;  // in the language itself
};
// English is the source language; each other entry has translations/medsam_studio_<code>.ts.
constexpr Shipped kLanguages[] = {{"en", "English"}, {"de", "Deutsch"}, {"zh_CN", "简体中文"}};
}  // namespace

QStringList availableLanguages() {
    QStringList codes;
    for (const auto& l : kLanguages) codes << QString::fromLatin1(l.code);
    return codes;
}

QString languageName(const QString& code) {
    for (const auto& l : kLanguages)
        if (code == QLatin1String(l.code)) return QString::fromUtf8(l.name);
    return code;
}

QString languageForLocale(const QLocale& locale) {
    for (const QString& name : locale.uiLanguages()) {
        const QLocale l(name);
        if (l.language() == QLocale::German) return QStringLiteral("de");
        // Simplified script, or a Chinese locale that names no script and is not one written in traditional
        // characters (Taiwan, Hong Kong, Macao): those users read English menus rather than simplified ones.
        if (l.language() == QLocale::Chinese) {
            const bool traditional =
                l.script() == QLocale::TraditionalChineseScript ||
                (l.script() == QLocale::AnyScript &&
                 (l.territory() == QLocale::Taiwan || l.territory() == QLocale::HongKong ||
                  l.territory() == QLocale::Macao));
            if (!traditional) return QStringLiteral("zh_CN");
        }
        if (l.language() == QLocale::English) return QStringLiteral("en");
    }
    return QStringLiteral("en");
}

QString languageSetting(const QSettings& settings) {
    const QString stored = settings.value(QLatin1String(kLanguageKey)).toString();
    if (availableLanguages().contains(stored)) return stored;
    return languageForLocale(QLocale::system());
}

bool setLanguage(QSettings& settings, const QString& code) {
    if (code.isEmpty()) {
        settings.remove(QLatin1String(kLanguageKey));
        return true;
    }
    if (!availableLanguages().contains(code)) return false;
    settings.setValue(QLatin1String(kLanguageKey), code);
    return true;
}

bool installTranslators(QCoreApplication& app, const QString& language) {
    for (QTranslator* old :
         app.findChildren<QTranslator*>(QLatin1String(kTranslatorName), Qt::FindDirectChildrenOnly)) {
        QCoreApplication::removeTranslator(old);
        delete old;
    }
    if (!availableLanguages().contains(language)) return false;
    if (language == QLatin1String("en")) return true;

    auto* ours = new QTranslator(&app);
    ours->setObjectName(QLatin1String(kTranslatorName));
    if (!ours->load(QStringLiteral(":/i18n/medsam_studio_%1.qm").arg(language))) {
        delete ours;
        return false;
    }
    // Qt's own strings (QMessageBox buttons, QFileDialog) from the distribution's qt6-translations-l10n.
    auto* qt = new QTranslator(&app);
    qt->setObjectName(QLatin1String(kTranslatorName));
    if (qt->load(QStringLiteral("qtbase_%1").arg(language),
                 QLibraryInfo::path(QLibraryInfo::TranslationsPath)))
        QCoreApplication::installTranslator(qt);
    else
        delete qt;
    // Installed last, so it is asked first.
    QCoreApplication::installTranslator(ours);
    return true;
}

}  // namespace medsam::ui
