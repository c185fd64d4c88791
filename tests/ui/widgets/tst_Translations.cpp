#include <QAbstractButton>
#include <QAbstractItemView>
#include <QApplication>
#include <QComboBox>
#include <QDockWidget>
#include <QFile>
#include <QGroupBox>
#include <QHeaderView>
#include <QLabel>
#include <QLineEdit>
#include <QLocale>
#include <QMenu>
#include <QMenuBar>
#include <QRegularExpression>
#include <QSettings>
#include <QSpinBox>
#include <QTabBar>
#include <QTableView>
#include <QTemporaryDir>
#include <QTextDocument>
#include <QToolBar>
#include <QtTest>
#include <map>

#include "tests/support/TestData.h"
#include "ui/model/Language.h"
#include "ui/model/StudioModel.h"
#include "ui/widgets/MainWindow.h"

using namespace medsam;

namespace {

// Visible texts that stay the same in every language, each with its reason. Everything else a person can
// read in the main window must differ from the English window's text at the same place.
const std::map<QString, const char*> kSameInEveryLanguage = {
    {QStringLiteral("MedSAM Agent Studio"), "the product's name (window title, About)"},
    {QStringLiteral("MedSAM"), "proper name"},
    {QStringLiteral("DICOM"), "standard's name"},
    {QStringLiteral("NIfTI"), "format's name"},
    {QStringLiteral("SAM"), "model family's name"},
    {QStringLiteral("Dice"), "metric's name (Dice coefficient), the same in German and Chinese literature"},
    {QStringLiteral("IoU"), "metric's name (intersection over union)"},
    {QStringLiteral("HU"), "unit (Hounsfield)"},
    {QStringLiteral("#"), "the step column's heading: a symbol"},
    {QStringLiteral("http://127.0.0.1:8000/v1"), "an example URL (placeholder of the MLLM server field)"},
    {QStringLiteral("English"), "Settings > Language names each language in itself, as language menus do"},
    {QStringLiteral("Deutsch"), "Settings > Language names each language in itself, as language menus do"},
    {QStringLiteral("简体中文"), "Settings > Language names each language in itself, as language menus do"},
};

// Words a language shares with English, per language, each with its reason.
bool sameInLanguage(const QString& language, const QString& text) {
    if (language == QLatin1String("de")) {
        // "Label" is the German term in medical image segmentation (ITK-SNAP, MITK; plural "Labels"): the
        // dock's title and the default names of label values ("Label 5", "5  Label 5" in the brush's label
        // list).
        static const QRegularExpression label(QStringLiteral("^(\\d+ )?Labels?( \\d+)?$"));
        // "Agent" is German too (the Edit > Agent submenu).
        return label.match(text).hasMatch() || text == QLatin1String("Agent");
    }
    return false;
}

// Untranslated texts of ui/widgets/MainWindow.cpp that the main window's owner fixes (reported, issue 10).
// An entry that no longer shows up fails the test: delete it then, so the list only ever shrinks.
const std::map<QString, const char*> kPendingInMainWindow = {};

// Data read from the image rather than words of the interface: file names and paths, orientation codes
// (ITK/DICOM's three letters), the file's pixel type as C names.
bool isData(const QString& text) {
    static const QRegularExpression path(QStringLiteral("^\\S*[/.]\\S*\\.[A-Za-z]{2,4}(\\.gz)?$"));
    static const QRegularExpression orientation(QStringLiteral("^[LRAPSI]{3}$"));
    static const QStringList pixelTypes{"char",  "unsigned char", "short", "unsigned short",
                                        "int",   "unsigned int",  "long",  "unsigned long",
                                        "float", "double"};
    return path.match(text).hasMatch() || orientation.match(text).hasMatch() || pixelTypes.contains(text);
}

bool sameEverywhere(const QString& text) {
    static const QRegularExpression noWords(
        QStringLiteral("^[^\\p{L}]*$"));  // numbers, units' symbols, punctuation
    static const QRegularExpression numberWithUnit(
        QStringLiteral("^[\\d\\s.,:;x×/+\\-–()\\[\\]%]*(mm|px|ms|HU|%)?[\\d\\s.,:;x×/+\\-–()\\[\\]%]*$"));
    return text.isEmpty() || noWords.match(text).hasMatch() || numberWithUnit.match(text).hasMatch() ||
           kSameInEveryLanguage.count(text) > 0 || isData(text);
}

// What a person reads, without accelerator marks and markup.
QString readable(QString text, bool rich = false) {
    if (rich || Qt::mightBeRichText(text)) {
        QTextDocument doc;
        doc.setHtml(text);
        text = doc.toPlainText();
    }
    text.remove(QRegularExpression(QStringLiteral("\\(&\\w\\)")));  // Chinese style accelerators: 文件(&F)
    text.replace(QStringLiteral("&&"), QStringLiteral("\x01")).remove(QLatin1Char('&'));
    text.replace(QLatin1Char('\x01'), QLatin1Char('&'));
    return text.simplified();
}

// Every text of the main window a person can see, keyed by where it is (the same key in every language: the
// widgets are made in the same order).
using Texts = std::map<QString, QString>;

void addText(Texts& out, const QString& where, const QString& text, bool rich = false) {
    const QString r = readable(text, rich);
    if (!r.isEmpty()) out[where] = r;
}

void collectActions(Texts& out, const QString& where, const QList<QAction*>& actions) {
    int i = 0;
    for (QAction* a : actions) {
        const QString at = QStringLiteral("%1/action%2").arg(where).arg(i++);
        if (a->isSeparator() || !a->isVisible()) continue;
        addText(out, at + QStringLiteral(":text"), a->text());
        addText(out, at + QStringLiteral(":toolTip"), a->toolTip());
        addText(out, at + QStringLiteral(":statusTip"), a->statusTip());
        if (a->menu()) {
            addText(out, at + QStringLiteral(":menuTitle"), a->menu()->title());
            collectActions(out, at, a->menu()->actions());
        }
    }
}

void collectModel(Texts& out, const QString& where, QAbstractItemView* view) {
    QAbstractItemModel* model = view->model();
    if (!model) return;
    auto* table = qobject_cast<QTableView*>(view);
    for (int c = 0; c < model->columnCount(); ++c) {
        if (table && (table->isColumnHidden(c) || table->horizontalHeader()->isHidden())) continue;
        addText(out, QStringLiteral("%1/header%2").arg(where).arg(c),
                model->headerData(c, Qt::Horizontal, Qt::DisplayRole).toString());
        addText(out, QStringLiteral("%1/headerTip%2").arg(where).arg(c),
                model->headerData(c, Qt::Horizontal, Qt::ToolTipRole).toString());
    }
    for (int r = 0; r < std::min(model->rowCount(), 60); ++r)
        for (int c = 0; c < model->columnCount(); ++c) {
            const QModelIndex index = model->index(r, c);
            addText(out, QStringLiteral("%1/cell%2,%3").arg(where).arg(r).arg(c),
                    model->data(index, Qt::DisplayRole).toString());
            addText(out, QStringLiteral("%1/cellTip%2,%3").arg(where).arg(r).arg(c),
                    model->data(index, Qt::ToolTipRole).toString());
        }
}

void collectWidget(Texts& out, QWidget* window, QWidget* w, const QString& where) {
    const bool visible = w == window || w->isVisibleTo(window);
    if (!visible && !qobject_cast<QDockWidget*>(w) && !qobject_cast<QToolBar*>(w)) return;
    if (qobject_cast<QMenu*>(w)) return;                              // menus: through the menu bar's actions
    if (qobject_cast<QDockWidget*>(w) || qobject_cast<QToolBar*>(w))  // their titles are in View menus
        addText(out, where + QStringLiteral(":windowTitle"), w->windowTitle());
    addText(out, where + QStringLiteral(":toolTip"), w->toolTip());
    addText(out, where + QStringLiteral(":statusTip"), w->statusTip());
    addText(out, where + QStringLiteral(":whatsThis"), w->whatsThis());
    if (auto* label = qobject_cast<QLabel*>(w))
        addText(out, where + QStringLiteral(":text"), label->text(), label->textFormat() == Qt::RichText);
    if (auto* button = qobject_cast<QAbstractButton*>(w))
        addText(out, where + QStringLiteral(":text"), button->text());
    if (auto* box = qobject_cast<QGroupBox*>(w)) addText(out, where + QStringLiteral(":title"), box->title());
    if (auto* edit = qobject_cast<QLineEdit*>(w))
        addText(out, where + QStringLiteral(":placeholder"), edit->placeholderText());
    if (auto* combo = qobject_cast<QComboBox*>(w))
        for (int i = 0; i < combo->count(); ++i)
            addText(out, QStringLiteral("%1:item%2").arg(where).arg(i), combo->itemText(i));
    if (auto* spin = qobject_cast<QSpinBox*>(w)) {
        addText(out, where + QStringLiteral(":prefix"), spin->prefix());
        addText(out, where + QStringLiteral(":suffix"), spin->suffix());
        addText(out, where + QStringLiteral(":special"), spin->specialValueText());
    }
    if (auto* spin = qobject_cast<QDoubleSpinBox*>(w)) {
        addText(out, where + QStringLiteral(":prefix"), spin->prefix());
        addText(out, where + QStringLiteral(":suffix"), spin->suffix());
    }
    if (auto* tabs = qobject_cast<QTabBar*>(w))
        for (int i = 0; i < tabs->count(); ++i) {
            addText(out, QStringLiteral("%1:tab%2").arg(where).arg(i), tabs->tabText(i));
            addText(out, QStringLiteral("%1:tabTip%2").arg(where).arg(i), tabs->tabToolTip(i));
        }
    if (auto* view = qobject_cast<QAbstractItemView*>(w); view && !qobject_cast<QHeaderView*>(w))
        collectModel(out, where, view);  // a header shows its table's model: read once, through the table
    if (!qobject_cast<QMenuBar*>(w)) collectActions(out, where, w->actions());

    std::map<QString, int> seen;  // sibling index per class: a key that does not depend on translated text
    for (QObject* child : w->children()) {
        auto* cw = qobject_cast<QWidget*>(child);
        if (!cw || cw->isWindow()) continue;
        const QString cls = QString::fromLatin1(cw->metaObject()->className());
        const QString name = cw->objectName().isEmpty() ? cls : cw->objectName();
        collectWidget(out, window, cw, QStringLiteral("%1/%2[%3]").arg(where, name).arg(seen[name]++));
    }
}

Texts visibleTexts(QMainWindow& window) {
    Texts out;
    addText(out, QStringLiteral("windowTitle"), window.windowTitle());
    collectActions(out, QStringLiteral("menuBar"), window.menuBar()->actions());
    collectWidget(out, &window, &window, QStringLiteral("mainWindow"));
    return out;
}

QStringList menuTitles(QMainWindow& window) {
    QStringList titles;
    for (QAction* a : window.menuBar()->actions())
        if (a->menu()) titles << a->menu()->title();
    return titles;
}

}  // namespace

// For each shipped translation: the embedded .qm loads, the real main window's menus are translated, and no
// text a person can see (widgets, actions, menus, dock and tool bar titles, tool tips, table headers and
// cells, combo items, placeholders) is still the English window's text at the same place, apart from the
// allow-listed names above. Runs on the offscreen platform like tst_MainWindow (3D view as a placeholder).
class TestTranslations : public QObject {
    Q_OBJECT
    QTemporaryDir dir;

    struct Window {
        bool translatorInstalled = false;
        std::unique_ptr<QSettings> settings;
        std::unique_ptr<ui::StudioModel> studio;
        std::unique_ptr<ui::MainWindow> window;
    };

    static void waitSettled(ui::MainWindow& window) {
        QElapsedTimer timer;
        timer.start();
        while (!window.isSettled() && timer.elapsed() < 60000) QTest::qWait(10);
    }

    // The real main window as main.cpp makes it, after installing the language's translators (as main.cpp
    // does, before any widget exists), optionally with an image and a label map opened.
    Window build(const QString& language, const QString& image = {}, const QString& labels = {}) {
        Window w;
        w.translatorInstalled = ui::installTranslators(*qApp, language);
        static int built = 0;  // a fresh settings file each time: no recent files from an earlier window
        w.settings = std::make_unique<QSettings>(
            dir.filePath(QStringLiteral("settings-%1-%2.ini").arg(language).arg(++built)),
            QSettings::IniFormat);
        w.studio = std::make_unique<ui::StudioModel>(w.settings.get());
        w.window = std::make_unique<ui::MainWindow>(w.studio.get());
        w.window->setInteractive(false);
        w.window->resize(1400, 900);
        w.window->show();
        if (!image.isEmpty()) {
            w.studio->open(image);
            waitSettled(*w.window);
        }
        if (!labels.isEmpty()) {
            w.studio->loadLabelMap(labels);
            waitSettled(*w.window);
        }
        QTest::qWait(50);
        return w;
    }

    // Builds the English and the translated window on the same input and compares them place by place.
    void compareWithEnglish(const QString& language, const QString& image, const QString& labels) {
        Texts english, translated;
        {
            Window w = build(QStringLiteral("en"), image, labels);
            QVERIFY(w.translatorInstalled);
            QCOMPARE(w.studio->viewer()->hasImage(), !image.isEmpty());
            english = visibleTexts(*w.window);
        }
        {
            Window w = build(language, image, labels);
            QVERIFY(w.translatorInstalled);
            QCOMPARE(w.studio->viewer()->hasImage(), !image.isEmpty());
            translated = visibleTexts(*w.window);
        }
        QVERIFY2(english.size() > 60, qPrintable(QStringLiteral("only %1 texts found").arg(english.size())));
        QStringList untranslated, pending, placesDiffer;
        std::map<QString, bool> pendingSeen;
        for (const auto& [where, text] : english) {
            const auto it = translated.find(where);
            if (it == translated.end()) {
                placesDiffer << where;
                continue;
            }
            if (it->second != text || sameEverywhere(text) || sameInLanguage(language, text)) continue;
            if (kPendingInMainWindow.count(text)) {
                pendingSeen[text] = true;
                pending << QStringLiteral("%1: \"%2\"").arg(where, text);
                continue;
            }
            untranslated << QStringLiteral("%1: \"%2\"").arg(where, text);
        }
        for (const QString& line : untranslated) qWarning().noquote() << "still English:" << line;
        if (!placesDiffer.isEmpty()) qWarning() << "texts only in the English window:" << placesDiffer;
        if (!pending.isEmpty())
            qInfo().noquote() << "known, to be fixed in MainWindow.cpp:\n  " +
                                     pending.join(QStringLiteral("\n  "));
        QVERIFY2(untranslated.isEmpty(),
                 qPrintable(QStringLiteral("%1 visible text(s) still English in %2:\n  %3")
                                .arg(untranslated.size())
                                .arg(language, untranslated.join(QStringLiteral("\n  ")))));
        for (const auto& [text, why] : kPendingInMainWindow)  // stale entries must go
            QVERIFY2(
                pendingSeen.count(text),
                qPrintable(QStringLiteral("\"%1\" is translated now: remove it from kPendingInMainWindow")
                               .arg(text)));
    }

private Q_SLOTS:
    void cleanup() { ui::installTranslators(*qApp, QStringLiteral("en")); }

    void everyLanguageIsEmbedded() {
        const QStringList languages = ui::availableLanguages();
        QCOMPARE(languages,
                 (QStringList{QStringLiteral("en"), QStringLiteral("de"), QStringLiteral("zh_CN")}));
        for (const QString& code : languages) {
            if (code != QLatin1String("en"))
                QVERIFY2(QFile::exists(QStringLiteral(":/i18n/medsam_studio_%1.qm").arg(code)),
                         qPrintable(code));
            QVERIFY(ui::installTranslators(*qApp, code));
        }
        QVERIFY(!ui::installTranslators(*qApp, QStringLiteral("fr")));
        QCOMPARE(ui::languageName(QStringLiteral("de")), QStringLiteral("Deutsch"));
        QCOMPARE(ui::languageName(QStringLiteral("zh_CN")), QStringLiteral("简体中文"));
    }

    void theSettingDefaultsToTheSystemLocale() {
        QCOMPARE(ui::languageForLocale(QLocale(QStringLiteral("de_AT"))), QStringLiteral("de"));
        QCOMPARE(ui::languageForLocale(QLocale(QStringLiteral("zh_CN"))), QStringLiteral("zh_CN"));
        QCOMPARE(ui::languageForLocale(QLocale(QStringLiteral("zh_SG"))), QStringLiteral("zh_CN"));
        QCOMPARE(ui::languageForLocale(QLocale(QStringLiteral("zh_TW"))), QStringLiteral("en"));
        QCOMPARE(ui::languageForLocale(QLocale(QStringLiteral("fr_FR"))), QStringLiteral("en"));
        QCOMPARE(ui::languageForLocale(QLocale(QStringLiteral("en_GB"))), QStringLiteral("en"));

        QSettings settings(dir.filePath(QStringLiteral("language.ini")), QSettings::IniFormat);
        QCOMPARE(ui::languageSetting(settings), ui::languageForLocale(QLocale::system()));
        QVERIFY(ui::setLanguage(settings, QStringLiteral("zh_CN")));
        QCOMPARE(settings.value(QLatin1String(ui::kLanguageKey)).toString(), QStringLiteral("zh_CN"));
        QCOMPARE(ui::languageSetting(settings), QStringLiteral("zh_CN"));
        QVERIFY(!ui::setLanguage(settings, QStringLiteral("xx")));
        QCOMPARE(ui::languageSetting(settings), QStringLiteral("zh_CN"));
        settings.setValue(QLatin1String(ui::kLanguageKey), QStringLiteral("xx"));  // a hand-edited file
        QCOMPARE(ui::languageSetting(settings), ui::languageForLocale(QLocale::system()));
        QVERIFY(ui::setLanguage(settings, QString()));
        QVERIFY(!settings.contains(QLatin1String(ui::kLanguageKey)));
    }

    void pluralsFollowTheNumber() {
        const char* context = "medsam::ui::LabelTableWidget";
        const char* source = "%n voxel(s) carry this label; they become background (Undo brings them back).";
        QVERIFY(ui::installTranslators(*qApp, QStringLiteral("de")));
        const QString one = QCoreApplication::translate(context, source, nullptr, 1);
        const QString many = QCoreApplication::translate(context, source, nullptr, 12);
        QVERIFY2(one.startsWith(QStringLiteral("1 ")) && many.startsWith(QStringLiteral("12 ")),
                 qPrintable(one));
        QVERIFY2(one != many && !one.contains(QStringLiteral("(s)")), qPrintable(one + " / " + many));
        QVERIFY(ui::installTranslators(*qApp, QStringLiteral("zh_CN")));
        QVERIFY(QCoreApplication::translate(context, source, nullptr, 12).startsWith(QStringLiteral("12 ")));
    }

    void menusAreTranslated_data() {
        QTest::addColumn<QString>("language");
        QTest::addColumn<QStringList>("menus");
        QTest::newRow("de") << "de" << QStringList{"&Datei",   "&Bearbeiten",    "&Ansicht",
                                                   "&Projekt", "&Einstellungen", "&Hilfe"};
        QTest::newRow("zh_CN") << "zh_CN" << QStringList{"文件(&F)", "编辑(&E)", "视图(&V)",
                                                         "项目(&P)", "设置(&S)", "帮助(&H)"};
    }
    void menusAreTranslated() {
        QFETCH(QString, language);
        QFETCH(QStringList, menus);
        Window w = build(language);
        QVERIFY(w.translatorInstalled);
        QCOMPARE(menuTitles(*w.window), menus);
    }

    void noVisibleTextStaysEnglish_data() {
        QTest::addColumn<QString>("language");
        QTest::addColumn<bool>("withImage");
        for (const char* language : {"de", "zh_CN"}) {
            QTest::newRow(qPrintable(QStringLiteral("%1, empty window").arg(QLatin1String(language))))
                << QString::fromLatin1(language) << false;
            QTest::newRow(
                qPrintable(QStringLiteral("%1, the T1 head and labels").arg(QLatin1String(language))))
                << QString::fromLatin1(language) << true;
        }
    }
    void noVisibleTextStaysEnglish() {
        QFETCH(QString, language);
        QFETCH(bool, withImage);
        QString image, labels;
        if (withImage) {  // the sample of packaging/dev.sh run: the T1 head with its brain mask as labels
            image = test::dataPath(QStringLiteral("itk/Data/KmeansTest_T1UCharRaw.nii.gz"));
            labels = test::dataPath(QStringLiteral("itk/Data/KmeansTest_T1RawSkullStrip.nii.gz"));
            MEDSAM_REQUIRE_DATA(image);
            MEDSAM_REQUIRE_DATA(labels);
        }
        compareWithEnglish(language, image, labels);
    }
};

QTEST_MAIN(TestTranslations)
#include "tst_Translations.moc"
