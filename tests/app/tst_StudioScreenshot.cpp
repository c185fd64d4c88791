#include <QProcess>
#include <QTemporaryDir>
#include <QtTest>

#include "tests/support/TestData.h"

// medsam-studio as a person starts it, in a real window on X (Xvfb under ctest): the T1 head with its brain
// mask in a fresh project, --screenshot once every view (the VTK 3D view included) has drawn. The pixels must
// show the slices, the label overlay's colours and a lit surface. The pictures are kept in
// build/.../test-artifacts.
class TestStudioScreenshot : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void initTestCase() {
        if (qEnvironmentVariableIsEmpty("DISPLAY")) {
            if (medsam::test::runningInCi())
                QFAIL("no X display: run the tests through packaging/dev.sh test (Xvfb)");
            QSKIP("no X display (packaging/dev.sh test runs the suite under Xvfb)");
        }
        image = medsam::test::dataPath(QStringLiteral("itk/Data/KmeansTest_T1UCharRaw.nii.gz"));
        labels = medsam::test::dataPath(QStringLiteral("itk/Data/KmeansTest_T1RawSkullStrip.nii.gz"));
        MEDSAM_REQUIRE_DATA(image);
        QVERIFY(QDir().mkpath(artifacts()));
    }

    void sliceViewsShowTheImageAndTheOverlay() {
        const QImage shot = run(QStringLiteral("2x2"), QStringLiteral("studio-2x2.png"));
        QCOMPARE(shot.size(), QSize(1400, 900));
        // The central area (the docks at the right are 280 pixels wide), below the tool bar.
        int grey = 0, overlay = 0;
        QSet<int> levels;
        for (int y = 80; y < 860; ++y) {
            for (int x = 0; x < 1100; ++x) {
                const QColor c = shot.pixelColor(x, y);
                if (c.red() == c.green() && c.green() == c.blue() && c.red() > 20 && c.red() < 235) {
                    ++grey;
                    levels.insert(c.red());
                }
                // Label 6 (the brain) in its default magenta at half opacity over the grey image.
                if (c.red() - c.green() > 90 && c.blue() - c.green() > 90 &&
                    std::abs(c.red() - c.blue()) < 12)
                    ++overlay;
            }
        }
        QVERIFY2(grey > 20000 && levels.size() > 100,
                 qPrintable(QStringLiteral("%1 grey pixels, %2 levels").arg(grey).arg(levels.size())));
        QVERIFY2(overlay > 20000, qPrintable(QStringLiteral("%1 overlay pixels").arg(overlay)));
    }

    void threeDViewShowsLitSurfaces() {
        const QImage shot = run(QStringLiteral("3d"), QStringLiteral("studio-3d.png"));
        int cyan = 0, darkest = 255, brightest = 0;
        for (int y = 80; y < 860; ++y) {
            for (int x = 0; x < 1000; ++x) {
                const QColor c = shot.pixelColor(x, y);
                // Label 5 (the brain's rim) in default cyan: its shading varies with the light, the hue does
                // not.
                if (c.green() - c.red() > 60 && c.blue() - c.red() > 60 &&
                    std::abs(c.green() - c.blue()) < 25) {
                    ++cyan;
                    darkest = std::min(darkest, c.green());
                    brightest = std::max(brightest, c.green());
                }
            }
        }
        QVERIFY2(cyan > 20000, qPrintable(QStringLiteral("%1 surface pixels").arg(cyan)));
        QVERIFY2(brightest - darkest > 80,
                 qPrintable(QStringLiteral("shading %1..%2").arg(darkest).arg(brightest)));
    }

    void anUnreadablePathExitsNonZeroWithItsName() {
        QTemporaryDir dir;
        QProcess studio;
        // In English whatever the runner's locale: the message is checked word for word (a de_DE machine
        // printed it in German).
        studio.start(QStringLiteral(MEDSAM_STUDIO_EXE),
                     {QStringLiteral("--language"), QStringLiteral("en"), QStringLiteral("--screenshot"),
                      dir.filePath(QStringLiteral("x.png")), dir.filePath(QStringLiteral("missing.nii"))});
        QVERIFY(studio.waitForFinished(120000));
        QCOMPARE(studio.exitCode(), 1);
        QVERIFY(QString::fromUtf8(studio.readAllStandardError())
                    .contains(QStringLiteral("missing.nii: no such file")));
        QVERIFY(!QFile::exists(dir.filePath(QStringLiteral("x.png"))));
    }

private:
    static QString artifacts() { return QStringLiteral(MEDSAM_TEST_ARTIFACTS); }

    QImage run(const QString& layout, const QString& name) {
        QTemporaryDir dir;
        const QString file = artifacts() + QLatin1Char('/') + name;
        QFile::remove(file);
        QProcess studio;
        QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
        env.insert(QStringLiteral("QT_QPA_PLATFORM"), QStringLiteral("xcb"));
        env.insert(QStringLiteral("XDG_CONFIG_HOME"), dir.filePath(QStringLiteral("config")));
        studio.setProcessEnvironment(env);
        studio.start(
            QStringLiteral(MEDSAM_STUDIO_EXE),
            {QStringLiteral("--project"), dir.filePath(QStringLiteral("sample.db")),
             QStringLiteral("--labels"), labels, QStringLiteral("--layout"), layout, QStringLiteral("--size"),
             QStringLiteral("1400x900"), QStringLiteral("--screenshot"), file, image});
        if (!studio.waitForFinished(180000)) studio.kill();
        const QString err = QString::fromUtf8(studio.readAllStandardError());
        if (studio.exitCode() != 0) qWarning("%s", qPrintable(err));
        [&] { QCOMPARE(studio.exitCode(), 0); }();
        QImage shot(file);
        [&] { QVERIFY2(!shot.isNull(), qPrintable(file)); }();
        return shot;
    }

    QString image, labels;
};

QTEST_GUILESS_MAIN(TestStudioScreenshot)
#include "tst_StudioScreenshot.moc"
