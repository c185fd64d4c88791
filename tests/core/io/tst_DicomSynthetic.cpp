// DICOM cases the public sample files do not cover (enhanced multi-frame positions, orientation splits, wrong
// SpacingBetweenSlices, non-uniform steps, short pixel data), written with DCMTK into a temporary folder.
#include <QTemporaryDir>
#include <QtTest>
#include <algorithm>
#include <cmath>
#include <set>
#include <string>
#include <vector>

#include "core/io/DicomSeries.h"
#include "core/io/VolumeIo.h"
#include "tests/core/io/IoTestUtil.h"
#include "tests/core/io/SyntheticDicom.h"

using namespace medsam::core;

using namespace medsam::test;

class TestDicomSynthetic : public QObject {
    Q_OBJECT

private Q_SLOTS:
    // Files named in reverse order, positions 2.5 mm apart, SpacingBetweenSlices wrongly 10 mm.
    void sortedByPositionSpacingFromPositions() {
        QTemporaryDir dir;
        for (int k = 0; k < 5; ++k) {
            FileSpec spec;
            spec.sop = "1.2.3.4." + std::to_string(k);
            spec.positions = {along(2.5 * k)};
            spec.frameValues = {std::uint16_t(100 + k)};
            spec.spacingBetweenSlices = 10.0;
            writeFile(dir.filePath(QString("f%1.dcm").arg(9 - k)).toStdString(), spec);
        }
        const DicomScan scan = scanDicom(dir.path().toStdString());
        QCOMPARE(scan.series.size(), std::size_t(1));
        const DicomSeriesInfo& s = scan.series.front();
        QVERIFY(s.uniformSpacing);
        QVERIFY(std::abs(s.geometry.spacing[2] - 2.5) < 1e-6);
        QCOMPARE(s.geometry.spacing[0], 0.25);  // column spacing (second Pixel Spacing value) is x
        QCOMPARE(s.geometry.spacing[1], 0.5);
        const Vec3 normal = s.geometry.axisDirection(2);
        QVERIFY(std::abs(normal[1] - 0.6) < 1e-9 && std::abs(normal[2] - 0.8) < 1e-9);
        const Volume v = loadDicomSeries(s);
        for (int k = 0; k < 5; ++k) QCOMPARE(v.image.at(3, 3, k), float((100 + k) * 2 - 5));
        // World position of voxel (0,0,k) is the k-th slice's Image Position (Patient).
        const Vec3 w = v.image.geometry().indexToWorld({0, 0, 4});
        for (int a = 0; a < 3; ++a) QVERIFY(std::abs(w[a] - along(10.0)[a]) < 1e-6);
    }

    void differentOrientationSplitsTheSeries() {
        QTemporaryDir dir;
        for (int k = 0; k < 4; ++k) {
            FileSpec spec;
            spec.sop = "1.2.3.5." + std::to_string(k);
            spec.positions = {along(3.0 * k)};
            spec.frameValues = {1};
            if (k == 3) spec.orientation = "0\\1\\0\\0\\0\\-1";  // a sagittal localizer in the same series
            writeFile(dir.filePath(QString("f%1.dcm").arg(k)).toStdString(), spec);
        }
        const DicomScan scan = scanDicom(dir.path().toStdString());
        QCOMPARE(scan.series.size(), std::size_t(2));
        std::vector<std::size_t> counts{scan.series[0].sliceCount(), scan.series[1].sliceCount()};
        std::sort(counts.begin(), counts.end());
        QCOMPARE(counts, (std::vector<std::size_t>{1, 3}));
    }

    void nonUniformStepsAreFlagged() {
        QTemporaryDir dir;
        const double t[] = {0.0, 2.0, 4.0, 7.0};
        for (int k = 0; k < 4; ++k) {
            FileSpec spec;
            spec.sop = "1.2.3.6." + std::to_string(k);
            spec.positions = {along(t[k])};
            spec.frameValues = {1};
            writeFile(dir.filePath(QString("f%1.dcm").arg(k)).toStdString(), spec);
        }
        const DicomSeriesInfo s = scanDicom(dir.path().toStdString()).series.front();
        QVERIFY(!s.uniformSpacing);
        QVERIFY(!s.warnings.empty());
        QCOMPARE(loadDicomSeries(s).metadata.at("uniformSpacing"), std::string("false"));
    }

    // Enhanced multi-frame: per-frame positions (stored in reverse) decide the order and the step.
    void enhancedMultiFramePerFramePositions() {
        QTemporaryDir dir;
        FileSpec spec;
        spec.sop = "1.2.3.7";
        spec.enhanced = true;
        spec.positions = {along(4.5), along(3.0), along(1.5), along(0.0)};
        spec.frameValues = {40, 30, 20, 10};
        spec.spacingBetweenSlices = 9.0;  // ignored: positions exist
        const std::string path = dir.filePath("mf.dcm").toStdString();
        writeFile(path, spec);
        const Volume v = readVolume(path);
        QCOMPARE(v.image.size(), (Size3{kSize, kSize, 4}));
        QVERIFY(std::abs(v.image.geometry().spacing[2] - 1.5) < 1e-6);
        QCOMPARE(v.image.geometry().spacing[0], 0.25);
        for (int k = 0; k < 4; ++k) QCOMPARE(v.image.at(0, 0, k), float((10 + 10 * k) * 2 - 5));
        QCOMPARE(v.metadata.at("sliceSpacingFromPositions"), std::string("true"));
    }

    // Multi-frame without per-frame positions: the documented fallback (SpacingBetweenSlices) with a flag.
    void multiFrameFallbackUsesSpacingBetweenSlices() {
        QTemporaryDir dir;
        FileSpec spec;
        spec.sop = "1.2.3.8";
        spec.positions = {along(0.0)};
        spec.frameValues = {1, 2, 3};
        spec.spacingBetweenSlices = 3.0;
        const std::string path = dir.filePath("mf.dcm").toStdString();
        writeFile(path, spec);
        const DicomSeriesInfo s = scanDicom(path).series.front();
        QVERIFY(!s.geometryFromPositions);
        QCOMPARE(s.geometry.spacing[2], 3.0);
        const Volume v = loadDicomSeries(s);
        QCOMPARE(v.image.at(1, 1, 2), float(3 * 2 - 5));
        QCOMPARE(v.metadata.at("sliceSpacingFromPositions"), std::string("false"));
    }

    // A CT with gantry tilt: axial orientation, but each slice's origin moves 0.5 mm (one row) along y per
    // 2 mm slice. The object is fixed in the world: its intensity grows 10 per row of world y, so slice k's
    // row j holds 100 + 10 (j + k). On the orthogonal grid every slice must show 100 + 10 j again: the slices
    // are shifted back, not stacked as they were acquired (that grid would put the object 3.5 mm off at k =
    // 7).
    void gantryTiltIsResampledOntoTheOrthogonalGrid() {
        QTemporaryDir dir;
        for (int k = 0; k < kSize; ++k) {
            FileSpec spec;
            spec.sop = "1.2.3.20." + std::to_string(k);
            spec.orientation = "1\\0\\0\\0\\1\\0";
            spec.positions = {{-5.0, 40.0 + 0.5 * k, 100.0 + 2.0 * k}};
            for (int j = 0; j < kSize; ++j)
                spec.pixels.insert(spec.pixels.end(), kSize, std::uint16_t(100 + 10 * (j + k)));
            writeFile(dir.filePath(QString("t%1.dcm").arg(k)).toStdString(), spec);
        }
        const DicomScan scan = scanDicom(dir.path().toStdString());
        QCOMPARE(scan.series.size(), std::size_t(1));
        const DicomSeriesInfo& s = scan.series.front();
        QVERIFY(s.sheared);
        QVERIFY(std::abs(s.maxInPlaneShiftMm - 3.5) < 1e-6);
        QVERIFY(s.uniformSpacing);
        QVERIFY(std::abs(s.geometry.spacing[2] - 2.0) < 1e-9);  // the distance between planes, not 2.06
        QVERIFY(QString::fromStdString(s.describe()).contains("tilted/sheared"));
        const Volume v = loadDicomSeries(s);
        QCOMPARE(v.metadata.at("resampledFromShear"), std::string("true"));
        const float fill = *std::min_element(v.image.voxels().begin(), v.image.voxels().end());
        for (int k = 0; k < kSize; ++k) {
            for (int j = 0; j < kSize; ++j) {
                // Rows j < k were not acquired in slice k (the slice started k rows further along y).
                const float expected = j >= k ? float((100 + 10 * j) * 2 - 5) : fill;
                QCOMPARE(v.image.at(3, j, k), expected);
            }
        }
        const Vec3 w = v.image.geometry().indexToWorld({0, 2, 7});
        QVERIFY(std::abs(w[1] - 41.0) < 1e-9 && std::abs(w[2] - 114.0) < 1e-9);
    }

    // A stack sheared by half a pixel along x per slice: linear interpolation recovers a linear ramp exactly.
    void shearedStackIsInterpolated() {
        QTemporaryDir dir;
        for (int k = 0; k < 4; ++k) {
            FileSpec spec;
            spec.sop = "1.2.3.21." + std::to_string(k);
            spec.orientation = "1\\0\\0\\0\\1\\0";
            spec.positions = {{0.125 * k, 0.0, 3.0 * k}};  // x pixel spacing is 0.25 mm
            for (int j = 0; j < kSize; ++j)
                for (int i = 0; i < kSize; ++i) spec.pixels.push_back(std::uint16_t(1000 + 40 * i + 20 * k));
            writeFile(dir.filePath(QString("s%1.dcm").arg(k)).toStdString(), spec);
        }
        const DicomSeriesInfo s = scanDicom(dir.path().toStdString()).series.front();
        QVERIFY(s.sheared);
        const Volume v = loadDicomSeries(s);
        // World x of grid voxel i is 0.25 i; slice k sampled it at its pixel i - k/2, value 1000 + 40 i.
        for (int k = 0; k < 4; ++k)
            for (int i = 2; i < kSize; ++i) QCOMPARE(v.image.at(i, 4, k), float((1000 + 40 * i) * 2 - 5));
    }

    // One slice of six missing: flagged, described loudly, and segmentation refuses the volume.
    void missingSliceIsDetectedAndRefusedForSegmentation() {
        QTemporaryDir dir;
        for (int k : {0, 1, 2, 4, 5}) {
            FileSpec spec;
            spec.sop = "1.2.3.22." + std::to_string(k);
            spec.positions = {along(2.0 * k)};
            spec.frameValues = {std::uint16_t(k)};
            writeFile(dir.filePath(QString("m%1.dcm").arg(k)).toStdString(), spec);
        }
        const DicomSeriesInfo s = scanDicom(dir.path().toStdString()).series.front();
        QCOMPARE(s.missingSlices, 1);
        QVERIFY(!s.uniformSpacing);
        QVERIFY2(QString::fromStdString(s.describe()).contains("MISSING 1 SLICE"), s.describe().c_str());
        const Volume v = readVolume(dir.path().toStdString());
        QCOMPARE(v.metadata.at("missingSlices"), std::string("1"));
        EXPECT_IO_ERROR(requireUniformSlices(v, dir.path().toStdString()), "misses 1 slice");
        EXPECT_IO_ERROR(requireUniformSlices(v, dir.path().toStdString()), "between slices 2 and 3");
    }

    // Two echoes interleaved in one series (same positions, same UID): two volumes, never one mixed stack.
    void echoesBecomeSeparateSeries() {
        QTemporaryDir dir;
        for (int echo = 1; echo <= 2; ++echo) {
            for (int k = 0; k < 4; ++k) {
                FileSpec spec;
                spec.sop = "1.2.3.23." + std::to_string(echo) + "." + std::to_string(k);
                spec.positions = {along(2.0 * k)};
                spec.frameValues = {std::uint16_t(100 * echo + k)};
                spec.echo = std::to_string(echo);
                spec.acquisition = "1";
                writeFile(dir.filePath(QString("e%1_%2.dcm").arg(k).arg(echo)).toStdString(), spec);
            }
        }
        const DicomScan scan = scanDicom(dir.path().toStdString());
        QCOMPARE(scan.series.size(), std::size_t(2));
        for (const auto& s : scan.series) {
            QCOMPARE(s.sliceCount(), std::size_t(4));
            QVERIFY(s.uniformSpacing);
            const int echo = s.volumeLabel == "echo 1" ? 1 : 2;
            QVERIFY2(s.volumeLabel == "echo " + std::to_string(echo), s.volumeLabel.c_str());
            QVERIFY(QString::fromStdString(s.describe()).contains(QString::fromStdString(s.volumeLabel)));
            const Volume v = loadDicomSeries(s);
            for (int k = 0; k < 4; ++k) QCOMPARE(v.image.at(0, 0, k), float((100 * echo + k) * 2 - 5));
        }
    }

    // A dynamic series: three time points of three slices each.
    void timePointsBecomeSeparateSeries() {
        QTemporaryDir dir;
        for (int t = 1; t <= 3; ++t) {
            for (int k = 0; k < 3; ++k) {
                FileSpec spec;
                spec.sop = "1.2.3.24." + std::to_string(t) + "." + std::to_string(k);
                spec.positions = {along(2.0 * k)};
                spec.frameValues = {std::uint16_t(10 * t + k)};
                spec.temporalPosition = std::to_string(t);
                writeFile(dir.filePath(QString("d%1_%2.dcm").arg(t).arg(k)).toStdString(), spec);
            }
        }
        const DicomScan scan = scanDicom(dir.path().toStdString());
        QCOMPARE(scan.series.size(), std::size_t(3));
        std::set<std::string> labels;
        for (const auto& s : scan.series) {
            QCOMPARE(s.sliceCount(), std::size_t(3));
            QVERIFY(s.uniformSpacing);
            labels.insert(s.volumeLabel);
            const Volume v = loadDicomSeries(s);
            const int t = s.volumeLabel.back() - '0';
            for (int k = 0; k < 3; ++k) QCOMPARE(v.image.at(0, 0, k), float((10 * t + k) * 2 - 5));
        }
        QCOMPARE(labels, (std::set<std::string>{"time point 1", "time point 2", "time point 3"}));
    }

    // Diffusion: b = 0 and b = 1000 at the same positions are two volumes.
    void bValuesBecomeSeparateSeries() {
        QTemporaryDir dir;
        for (const char* b : {"0", "1000"}) {
            for (int k = 0; k < 3; ++k) {
                FileSpec spec;
                spec.sop = std::string("1.2.3.25.") + b + "." + std::to_string(k);
                spec.positions = {along(2.0 * k)};
                spec.frameValues = {1};
                spec.bValue = b;
                writeFile(dir.filePath(QString("b%1_%2.dcm").arg(b).arg(k)).toStdString(), spec);
            }
        }
        const DicomScan scan = scanDicom(dir.path().toStdString());
        QCOMPARE(scan.series.size(), std::size_t(2));
        for (const auto& s : scan.series) QVERIFY(s.uniformSpacing && s.sliceCount() == 3);
    }

    // Repeated acquisitions (same positions, acquisition numbers 1 and 2) split; a scanner that numbers every
    // slice as its own acquisition (distinct positions) keeps one series.
    void acquisitionNumbersSplitOnlyRepeatedPositions() {
        QTemporaryDir repeated, perSlice;
        for (int a = 1; a <= 2; ++a) {
            for (int k = 0; k < 3; ++k) {
                FileSpec spec;
                spec.sop = "1.2.3.26." + std::to_string(a) + "." + std::to_string(k);
                spec.positions = {along(2.0 * k)};
                spec.frameValues = {1};
                spec.acquisition = std::to_string(a);
                writeFile(repeated.filePath(QString("r%1_%2.dcm").arg(a).arg(k)).toStdString(), spec);
            }
        }
        const DicomScan split = scanDicom(repeated.path().toStdString());
        QCOMPARE(split.series.size(), std::size_t(2));
        for (const auto& s : split.series) {
            QVERIFY(s.uniformSpacing && s.sliceCount() == 3);
            QVERIFY(QString::fromStdString(s.volumeLabel).startsWith("acquisition "));
        }
        for (int k = 0; k < 5; ++k) {
            FileSpec spec;
            spec.sop = "1.2.3.27." + std::to_string(k);
            spec.positions = {along(2.0 * k)};
            spec.frameValues = {1};
            spec.acquisition = std::to_string(k + 1);
            writeFile(perSlice.filePath(QString("p%1.dcm").arg(k)).toStdString(), spec);
        }
        const DicomScan one = scanDicom(perSlice.path().toStdString());
        QCOMPARE(one.series.size(), std::size_t(1));
        QCOMPARE(one.series.front().sliceCount(), std::size_t(5));
        QVERIFY(one.series.front().volumeLabel.empty());
    }

    void shortPixelDataIsAnError() {
        QTemporaryDir dir;
        FileSpec spec;
        spec.sop = "1.2.3.9";
        spec.positions = {along(0.0)};
        spec.frameValues = {7};
        spec.pixelBytesShort = 20;
        const std::string path = dir.filePath("short.dcm").toStdString();
        writeFile(path, spec);
        EXPECT_IO_ERROR(readVolume(path), "short.dcm");
        EXPECT_IO_ERROR(readVolume(path), "pixel data holds");
    }
};

QTEST_APPLESS_MAIN(TestDicomSynthetic)
#include "tst_DicomSynthetic.moc"
