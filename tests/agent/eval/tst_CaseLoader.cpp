#include <QTemporaryDir>
#include <QtTest>

#include "agent/eval/CaseLoader.h"
#include "agent/eval/PhantomSet.h"
#include "core/io/VolumeIo.h"
#include "tests/core/io/SyntheticDicom.h"

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
    // A box wholly outside the slice was clamped to an empty box in silence; a box that overlaps is kept.
    void promptOutsideTheSliceIsRefused() {
        QTemporaryDir dir;
        const auto manifest = writePhantomSet(dir.path().toStdString(), 1, {48, 40, 1}, {1, 1, 1}, 5);
        SegmentInput input;
        input.image = readManifest(manifest)[0].image;
        input.target = "organ";
        input.initialPrompt = core::Action::box(60, 50, 90, 80);
        try {
            loadSegmentInput(input);
            QFAIL("a box outside the slice was accepted");
        } catch (const std::invalid_argument& e) {
            QVERIFY2(QString(e.what()).contains("wholly outside the 48x40 slice"), e.what());
        }
        input.initialPrompt = core::Action::point(-3, 5, true);
        QVERIFY_THROWS_EXCEPTION(std::invalid_argument, loadSegmentInput(input));
        input.initialPrompt = core::Action::box(40, 30, 90, 80);  // overlaps the corner
        QVERIFY(loadSegmentInput(input).request.initialPrompt.has_value());
    }

    // --series: a DICOM folder with two series is read by UID or by position; a wrong choice lists them.
    void seriesIsChosenByUidOrPosition() {
        QTemporaryDir dir;
        for (int s = 0; s < 2; ++s) {
            medsam::test::FileSpec spec;
            spec.series = "1.2.826.0.1.3680043.9.7777." + std::to_string(10 + s);
            spec.sop = spec.series + ".1";
            spec.frameValues = {std::uint16_t(10 * (s + 1))};
            spec.positions = {medsam::test::along(0)};
            medsam::test::writeFile(dir.filePath(QString("s%1.dcm").arg(s)).toStdString(), spec);
        }
        SegmentInput input;
        input.image = dir.path().toStdString();
        input.target = "organ";
        QVERIFY_THROWS_EXCEPTION(std::exception, loadSegmentInput(input));  // two series, none chosen
        input.series = "1.2.826.0.1.3680043.9.7777.11";
        const float byUid = readSegmentImage(input).image.voxels()[0];
        input.series = "2";
        QCOMPARE(readSegmentImage(input).image.voxels()[0], byUid);
        input.series = "1";
        QVERIFY(readSegmentImage(input).image.voxels()[0] != byUid);
        input.series = "3";
        try {
            readSegmentImage(input);
            QFAIL("a third series was found");
        } catch (const std::invalid_argument& e) {
            QVERIFY2(QString(e.what()).contains("--series '3'") && QString(e.what()).contains("2: "),
                     e.what());
        }
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
