#include <QTemporaryDir>
#include <QtTest>

#include "agent/eval/CaseLoader.h"
#include "agent/eval/PhantomSet.h"
#include "core/io/VolumeIo.h"

using namespace medsam;
using namespace medsam::agent;

class TestCaseLoader : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void largestSliceCountsTheChosenValues() {
        core::ImageGeometry g;
        g.size = {4, 5, 6};
        core::Image<std::uint16_t> labels(g);
        for (int i = 0; i < 4; ++i) labels.at(i, 1, 2) = 5;  // 4 voxels of 5 on k = 2
        for (int i = 0; i < 3; ++i)
            for (int j = 0; j < 2; ++j) labels.at(i, j, 4) = 6;  // 6 voxels of 6 on k = 4
        labels.at(0, 4, 1) = 7;
        QCOMPARE(largestSlice(labels, {5}, 2), 2);
        QCOMPARE(largestSlice(labels, {5, 6}, 2), 4);
        QCOMPARE(largestSlice(labels, {5, 6}, 1), 1);  // j = 1 holds 4 + 3 voxels
        QCOMPARE(largestSlice(labels, {9}, 2), -1);
    }
    void sliceSpecs() {
        core::ImageGeometry g;
        g.size = {10, 12, 14};
        QVERIFY((parseSliceSpec("axial:3", g) == core::SliceRef{2, 3}));
        QVERIFY((parseSliceSpec("sagittal:9", g) == core::SliceRef{0, 9}));
        QVERIFY((parseSliceSpec("j:11", g) == core::SliceRef{1, 11}));
        QVERIFY_THROWS_EXCEPTION(std::invalid_argument, parseSliceSpec("axial", g));
        QVERIFY_THROWS_EXCEPTION(std::invalid_argument, parseSliceSpec("oblique:2", g));
        QVERIFY_THROWS_EXCEPTION(std::invalid_argument, parseSliceSpec("axial:2x", g));
        QVERIFY_THROWS_EXCEPTION(std::out_of_range, parseSliceSpec("axial:14", g));
    }
    void loadsAPhantomCaseWithItsBox() {
        QTemporaryDir dir;
        const auto manifest = writePhantomSet(dir.path().toStdString(), 2, {48, 40, 1}, {0.7, 0.7, 1.0}, 5);
        const auto cases = readManifest(manifest);
        QCOMPARE(cases.size(), std::size_t(2));
        const auto loaded = loadCase(cases[1]);
        QCOMPARE(loaded.request.slice.width(), 48);
        QCOMPARE(loaded.request.slice.height(), 40);
        QVERIFY(loaded.request.reference.has_value());
        QVERIFY(!loaded.emptyReference);
        QVERIFY(loaded.request.initialPrompt.has_value());
        QVERIFY(loaded.request.initialPrompt->kind == core::ActionKind::Box);
        QCOMPARE(loaded.axisName, std::string("2d"));
        QCOMPARE(loaded.request.task.target, std::string("phantom organ"));
        // The same case loads the same box (seeded by row).
        QVERIFY(*loadCase(cases[1]).request.initialPrompt == *loaded.request.initialPrompt);

        // --out: the mask goes back into a label map of the image's grid.
        const std::string out = dir.filePath("mask.nii.gz").toStdString();
        writeSliceMask(out, loaded.volumeGeometry, loaded.slice, *loaded.request.reference, 3);
        const auto back = core::readLabelMap(out);
        QCOMPARE(back.labels.width(), 48);
        std::size_t n = 0;
        for (auto v : back.labels.voxels()) n += v == 3;
        std::size_t expected = 0;
        for (auto v : loaded.request.reference->voxels()) expected += v;
        QCOMPARE(n, expected);
    }
    void badCasesSayWhy() {
        ManifestCase c;
        c.row = 4;
        c.image = "/nonexistent/image.nii.gz";
        c.label = "/nonexistent/label.nii.gz";
        c.labelValues = {1};
        try {
            loadCase(c);
            QFAIL("expected an error");
        } catch (const std::exception& e) {
            QVERIFY(QString(e.what()).contains("/nonexistent/image.nii.gz"));
        }
    }
};

QTEST_APPLESS_MAIN(TestCaseLoader)
#include "tst_CaseLoader.moc"
