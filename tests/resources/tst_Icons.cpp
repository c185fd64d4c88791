// The icons in the resource library: each one is there, is a 24x24 line icon (the application icon aside),
// and draws something visible at toolbar and at desktop size, which needs Qt's SVG icon engine at run time.
#include <QFile>
#include <QIcon>
#include <QImage>
#include <QImageReader>
#include <QPixmap>
#include <QXmlStreamReader>
#include <QtTest>
#include <stdexcept>

#include "resources/Resources.h"

using namespace medsam::resources;

namespace {

const QStringList kToolbarIcons = {
    QStringLiteral("open"),         QStringLiteral("open-folder"), QStringLiteral("save"),
    QStringLiteral("export"),       QStringLiteral("undo"),        QStringLiteral("redo"),
    QStringLiteral("navigate"),     QStringLiteral("brush"),       QStringLiteral("eraser"),
    QStringLiteral("ai-prompt"),    QStringLiteral("polygon"),     QStringLiteral("agent-run"),
    QStringLiteral("agent-pause"),  QStringLiteral("agent-step"),  QStringLiteral("agent-stop"),
    QStringLiteral("approve"),      QStringLiteral("reject"),      QStringLiteral("needs-correction"),
    QStringLiteral("replay-first"), QStringLiteral("replay-prev"), QStringLiteral("replay-play"),
    QStringLiteral("replay-next"),  QStringLiteral("replay-last"), QStringLiteral("sessions"),
    QStringLiteral("overview"),     QStringLiteral("settings"),    QStringLiteral("help")};
const QString kAppIcon = QStringLiteral("medsam-studio");

struct Coverage {
    int opaque = 0;       // alpha > 0
    int transparent = 0;  // alpha == 0
};

Coverage coverage(const QImage& image) {
    Coverage c;
    const QImage argb = image.convertToFormat(QImage::Format_ARGB32);
    for (int y = 0; y < argb.height(); ++y)
        for (int x = 0; x < argb.width(); ++x) (qAlpha(argb.pixel(x, y)) > 0 ? c.opaque : c.transparent)++;
    return c;
}

QString viewBox(const QString& path) {
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly)) return QStringLiteral("(cannot open %1)").arg(path);
    QXmlStreamReader xml(&file);
    while (xml.readNextStartElement()) {
        if (xml.name() == QLatin1String("svg"))
            return xml.attributes().value(QLatin1String("viewBox")).toString();
        xml.skipCurrentElement();
    }
    return QStringLiteral("(no svg element in %1: %2)").arg(path, xml.errorString());
}

}  // namespace

class TestIcons : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void theResourceHoldsExactlyTheListedIcons() {
        QStringList expected = kToolbarIcons;
        expected.append(kAppIcon);
        expected.sort();
        QCOMPARE(iconNames(), expected);
    }

    void theSvgPluginsArePresent() {
        // QIcon draws .svg through the iconengines plugin; QImage/QImageReader read it through imageformats.
        QVERIFY2(QImageReader::supportedImageFormats().contains("svg"),
                 "no SVG image-format plugin (Debian: libqt6svg6)");
        const QImage image(QStringLiteral(":/icons/brush.svg"));
        QVERIFY2(!image.isNull(), "QImage cannot read :/icons/brush.svg");
    }

    void everyIconDrawsAtToolbarAndDesktopSize_data() {
        QTest::addColumn<QString>("name");
        QTest::addColumn<int>("size");
        QStringList all = kToolbarIcons;
        all.append(kAppIcon);
        for (const QString& name : all)
            for (const int size : {24, 256})
                QTest::newRow(qPrintable(QStringLiteral("%1@%2").arg(name).arg(size))) << name << size;
    }
    void everyIconDrawsAtToolbarAndDesktopSize() {
        QFETCH(QString, name);
        QFETCH(int, size);
        const QIcon icon(QStringLiteral(":/icons/%1.svg").arg(name));
        QVERIFY(!icon.isNull());
        const QPixmap pixmap = icon.pixmap(QSize(size, size));
        QVERIFY2(!pixmap.isNull(), "the icon engine drew nothing: is the SVG icon engine plugin installed?");
        // Without the SVG icon engine, QIcon falls back to a 24x24 raster that it never scales up.
        QCOMPARE(pixmap.size(), QSize(size, size));
        const Coverage c = coverage(pixmap.toImage());
        const double opaque = double(c.opaque) / (size * size);
        // A line icon covers part of its square (a single chevron, the least, about 8%): enough ink to be
        // seen, and background around it. The application icon is a tile: nearly all painted, transparent
        // corners.
        if (name == kAppIcon) {
            QVERIFY2(opaque > 0.85, qPrintable(QStringLiteral("%1 covers %2").arg(name).arg(opaque)));
        } else {
            QVERIFY2(opaque > 0.04,
                     qPrintable(QStringLiteral("%1 is nearly empty: %2").arg(name).arg(opaque)));
        }
        QVERIFY2(c.transparent > 0, qPrintable(QStringLiteral("%1 has no transparent pixel").arg(name)));
    }

    void toolbarIconsShareTheTwentyFourPixelGrid() {
        for (const QString& name : kToolbarIcons)
            QCOMPARE(viewBox(iconPath(name)), QStringLiteral("0 0 24 24"));
    }

    void namedLookupAndTheApplicationIcon() {
        QCOMPARE(iconPath(QStringLiteral("brush")), QStringLiteral(":/icons/brush.svg"));
        QVERIFY(!icon(QStringLiteral("approve")).pixmap(16, 16).isNull());
        QVERIFY(!applicationIcon().pixmap(48, 48).isNull());
        for (const QString& bad : {QStringLiteral("brsh"), QString(), QStringLiteral("../icons/brush")}) {
            try {
                iconPath(bad);
                QFAIL(qPrintable(QStringLiteral("no error for the icon name '%1'").arg(bad)));
            } catch (const std::invalid_argument& e) {
                QVERIFY2(QString::fromUtf8(e.what()).contains(QStringLiteral(":/icons/%1.svg").arg(bad)),
                         e.what());
            }
        }
    }
};

QTEST_MAIN(TestIcons)
#include "tst_Icons.moc"
