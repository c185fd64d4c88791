// medsam-studio: the desktop application. Parses the command line, builds the presenters and the main window,
// and (with --screenshot) saves a picture of the window once every view has drawn, for bug reports, docs and
// tests. Everything else lives in ui/.
#include <QApplication>
#include <QCommandLineParser>
#include <QDir>
#include <QElapsedTimer>
#include <QFileInfo>
#include <QSettings>
#include <QSurfaceFormat>
#include <QTimer>
#include <clocale>
#include <cstdio>
#include <memory>

#include "core/io/DicomDictionary.h"
#include "resources/Resources.h"
#include "ui/model/Language.h"
#include "ui/model/StudioModel.h"
#include "ui/widgets/MainWindow.h"

namespace {

struct Options {
    QString path, labels, project, screenshot, layout, language;
    qint64 session = 0;  // a session of the project to select for review (0: none)
    QSize size{1400, 900};
};

// Exits with 2 and a message naming the argument when the command line is wrong.
Options parseArguments(QCoreApplication& app) {
    QCommandLineParser parser;
    parser.setApplicationDescription(QObject::tr(
        "MedSAM Agent Studio: view DICOM and NIfTI images, segment them with an agent, review and curate."));
    parser.addHelpOption();
    parser.addVersionOption();
    parser.addPositionalArgument(QStringLiteral("path"),
                                 QObject::tr("A project (.db), a DICOM folder or file, or an image file."),
                                 "[PATH]");
    const QCommandLineOption labels(QStringLiteral("labels"), QObject::tr("Label map to show on the image."),
                                    QStringLiteral("FILE"));
    const QCommandLineOption project(
        QStringLiteral("project"), QObject::tr("Project to open, created when missing; PATH is added to it."),
        QStringLiteral("DB"));
    const QCommandLineOption screenshot(
        QStringLiteral("screenshot"),
        QObject::tr("Save a PNG of the window once every view has drawn, then exit."),
        QStringLiteral("FILE"));
    const QCommandLineOption layout(
        QStringLiteral("layout"),
        QObject::tr("View layout: %1.").arg(medsam::ui::LayoutModel::names().join(", ")),
        QStringLiteral("NAME"));
    const QCommandLineOption size(QStringLiteral("size"), QObject::tr("Window size, e.g. 1400x900."),
                                  QStringLiteral("WxH"));
    // Not "--session": QGuiApplication takes -session/--session (X11 session management) out of argv.
    const QCommandLineOption session(QStringLiteral("review"),
                                     QObject::tr("Session of the project to select for review and replay."),
                                     QStringLiteral("ID"));
    const QCommandLineOption language(
        QStringLiteral("language"),
        QObject::tr("User interface language for this run: %1 (default: Settings, else the system's).")
            .arg(medsam::ui::availableLanguages().join(", ")),
        QStringLiteral("CODE"));
    parser.addOptions({labels, project, screenshot, layout, size, session, language});
    parser.process(app);

    Options o;
    const QStringList positional = parser.positionalArguments();
    if (positional.size() > 1) {
        std::fprintf(stderr, "medsam-studio: error: one PATH at most, got %lld\n",
                     static_cast<long long>(positional.size()));
        std::exit(2);
    }
    if (!positional.isEmpty()) o.path = positional.front();
    o.labels = parser.value(labels);
    o.project = parser.value(project);
    o.screenshot = parser.value(screenshot);
    o.layout = parser.value(layout);
    if (!o.layout.isEmpty() && !medsam::ui::LayoutModel::names().contains(o.layout.toLower())) {
        std::fprintf(stderr, "medsam-studio: error: --layout %s: not one of %s\n", qPrintable(o.layout),
                     qPrintable(medsam::ui::LayoutModel::names().join(", ")));
        std::exit(2);
    }
    o.language = parser.value(language);
    if (!o.language.isEmpty() && !medsam::ui::availableLanguages().contains(o.language)) {
        std::fprintf(stderr, "medsam-studio: error: --language %s: not one of %s\n", qPrintable(o.language),
                     qPrintable(medsam::ui::availableLanguages().join(", ")));
        std::exit(2);
    }
    if (parser.isSet(size)) {
        const QStringList wh = parser.value(size).toLower().split(QLatin1Char('x'));
        bool okW = false, okH = false;
        const int w = wh.size() == 2 ? wh[0].toInt(&okW) : 0, h = wh.size() == 2 ? wh[1].toInt(&okH) : 0;
        if (!okW || !okH || w < 320 || h < 240 || w > 8192 || h > 8192) {
            std::fprintf(
                stderr,
                "medsam-studio: error: --size %s: expected WIDTHxHEIGHT between 320x240 and 8192x8192\n",
                qPrintable(parser.value(size)));
            std::exit(2);
        }
        o.size = QSize(w, h);
    }
    if (parser.isSet(session)) {
        bool ok = false;
        o.session = parser.value(session).toLongLong(&ok);
        if (!ok || o.session <= 0 || o.project.isEmpty()) {
            std::fprintf(stderr,
                         "medsam-studio: error: --review %s: expected a positive session id and --project\n",
                         qPrintable(parser.value(session)));
            std::exit(2);
        }
    }
    if (!o.labels.isEmpty() && o.path.isEmpty() && o.project.isEmpty()) {
        std::fprintf(stderr, "medsam-studio: error: --labels needs an image (PATH or --project)\n");
        std::exit(2);
    }
    return o;
}

// Queues what the command line asks for: the project first, then the image, then the label map.
void openFromCommandLine(medsam::ui::StudioModel& studio, medsam::ui::MainWindow& window, const Options& o) {
    if (!o.project.isEmpty()) {
        const QString project = o.project;
        const bool openFirst = o.path.isEmpty();
        studio.whenIdle([&studio, project, openFirst] {
            if (QFileInfo::exists(project))
                studio.openProject(project, openFirst);
            else
                studio.newProject(project);
        });
    }
    if (!o.path.isEmpty()) {
        const QString path = o.path;
        studio.whenIdle([&studio, path] { studio.open(path); });
    }
    if (!o.labels.isEmpty()) {
        const QString labels = o.labels;
        studio.whenIdle([&studio, labels] { studio.loadLabelMap(labels); });
    }
    if (o.session > 0) {
        const qint64 session = o.session;
        studio.whenIdle([&window, session] { window.review()->selectSession(session); });
    }
}

// Polls until the window has settled, then grabs it. Errors (a path that cannot be opened) exit with 1.
void arrangeScreenshot(QApplication& app, medsam::ui::MainWindow& window, const QString& file) {
    auto* timer = new QTimer(&window);
    QObject::connect(&window, &medsam::ui::MainWindow::errorShown, &app, [timer] {
        timer->stop();  // no picture of a window that failed to open what it was asked to
        QApplication::exit(1);
    });
    auto elapsed = std::make_shared<QElapsedTimer>();
    elapsed->start();
    QObject::connect(timer, &QTimer::timeout, &window, [&window, file, timer, elapsed] {
        if (elapsed->elapsed() > 300000) {
            std::fprintf(stderr, "medsam-studio: error: the views did not finish drawing within 300 s\n");
            QApplication::exit(3);
            return;
        }
        if (!window.isSettled()) return;
        timer->stop();
        const QImage picture = window.grab().toImage();
        if (picture.isNull() || !picture.save(file, "PNG")) {
            std::fprintf(stderr, "medsam-studio: error: %s: cannot write the screenshot\n", qPrintable(file));
            QApplication::exit(1);
            return;
        }
        std::printf("screenshot written to %s (%dx%d)\n", qPrintable(file), picture.width(),
                    picture.height());
        QApplication::exit(0);
    });
    timer->start(100);
}

}  // namespace

void describeApplication() {
    QCoreApplication::setApplicationName(QStringLiteral("medsam-studio"));
    QCoreApplication::setOrganizationName(QStringLiteral("medsam-agent-studio"));
    QCoreApplication::setApplicationVersion(QStringLiteral(MEDSAM_VERSION));
}

// --help and --version answer without a display (scripts, packaging checks, ssh): a QCoreApplication parses
// them and exits before the GUI application, which needs a window system, is made. The help is in the user's
// language: --language CODE (or =CODE), else the setting, else the system locale.
void answerInfoOptionsWithoutDisplay(int argc, char** argv) {
    for (int i = 1; i < argc; ++i) {
        const QByteArray arg(argv[i]);
        if (arg == "--help" || arg == "-h" || arg == "--help-all" || arg == "--version" || arg == "-v") {
            QCoreApplication app(argc, argv);
            describeApplication();
            QString language;
            for (int j = 1; j < argc; ++j) {
                const QString a = QString::fromLocal8Bit(argv[j]);
                if (a.startsWith(QLatin1String("--language="))) language = a.mid(11);
                if (a == QLatin1String("--language") && j + 1 < argc)
                    language = QString::fromLocal8Bit(argv[j + 1]);
            }
            const QSettings settings;
            medsam::ui::installTranslators(
                app, language.isEmpty() ? medsam::ui::languageSetting(settings) : language);
            parseArguments(app);  // prints and exits
        }
    }
}

int main(int argc, char** argv) {
    // Before any thread: DCMTK's private dictionary costs ~18 ms per process and nothing reads private tags.
    medsam::core::skipPrivateDicomDictionary();
    // VTK's OpenGL2 backend needs a 3.2 core context; set before any context exists (stack-notes.md).
    QSurfaceFormat format;
    format.setVersion(3, 2);
    format.setProfile(QSurfaceFormat::CoreProfile);
    format.setDepthBufferSize(24);
    format.setStencilBufferSize(8);
    QSurfaceFormat::setDefaultFormat(format);

    answerInfoOptionsWithoutDisplay(argc, argv);
    QApplication app(argc, argv);
    std::setlocale(LC_NUMERIC, "C");  // after Qt took the environment's locale: numbers in C notation
    describeApplication();
    QApplication::setApplicationDisplayName(QStringLiteral("MedSAM Agent Studio"));
    // The window icon, and the desktop entry (packaging/debian) that shells match this program's windows to.
    QApplication::setWindowIcon(medsam::resources::applicationIcon());
    QGuiApplication::setDesktopFileName(QStringLiteral("medsam-studio"));
    const Options options = parseArguments(app);

    QSettings settings;
    // Before any widget exists: widgets translate their texts once, when they are made.
    const QString language =
        options.language.isEmpty() ? medsam::ui::languageSetting(settings) : options.language;
    if (!medsam::ui::installTranslators(app, language))
        std::fprintf(stderr, "medsam-studio: warning: no %s translation embedded; English it is\n",
                     qPrintable(language));
    medsam::ui::StudioModel studio(&settings);
    medsam::ui::MainWindow window(&studio);
    window.resize(options.size);
    if (!options.layout.isEmpty()) window.layoutModel()->setFromName(options.layout);
    if (!options.screenshot.isEmpty()) {
        window.setInteractive(false);
        arrangeScreenshot(app, window, options.screenshot);
    }
    window.show();
    // From inside the event loop, so that an error can end it (QApplication::exit before exec() is lost).
    QTimer::singleShot(0, &studio,
                       [&studio, &window, &options] { openFromCommandLine(studio, window, options); });
    return QApplication::exec();
}
