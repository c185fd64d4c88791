// DICOM cases the public sample files do not cover (enhanced multi-frame positions, orientation splits, wrong
// SpacingBetweenSlices, non-uniform steps, short pixel data), written with DCMTK into a temporary folder.
#include <dcmtk/config/osconfig.h>
#include <dcmtk/dcmdata/dctk.h>

#include <QTemporaryDir>
#include <QtTest>
#include <cmath>
#include <string>
#include <vector>

#include "core/io/DicomSeries.h"
#include "core/io/VolumeIo.h"
#include "tests/core/io/IoTestUtil.h"

using namespace medsam::core;

namespace {

constexpr int kSize = 8;

std::string vec(const Vec3& v) {
    char b[128];
    std::snprintf(b, sizeof b, "%.6f\\%.6f\\%.6f", v[0], v[1], v[2]);
    return b;
}

struct FileSpec {
    std::string series = "1.2.826.0.1.3680043.9.7777.1";
    std::string sop;
    std::string orientation = "1\\0\\0\\0\\0.8\\-0.6";  // oblique: normal = (0, 0.6, 0.8)
    std::vector<Vec3> positions;                        // one per frame; empty: no position tags
    std::vector<std::uint16_t> frameValues;
    bool enhanced = false;  // positions in the per-frame functional groups instead of the top level
    double spacingBetweenSlices = 0.0;
    int pixelBytesShort = 0;
};

void writeFile(const std::string& path, const FileSpec& spec) {
    DcmFileFormat file;
    DcmDataset* ds = file.getDataset();
    ds->putAndInsertString(DCM_SOPClassUID, UID_MRImageStorage);
    ds->putAndInsertString(DCM_SOPInstanceUID, spec.sop.c_str());
    ds->putAndInsertString(DCM_StudyInstanceUID, "1.2.826.0.1.3680043.9.7777");
    ds->putAndInsertString(DCM_SeriesInstanceUID, spec.series.c_str());
    ds->putAndInsertString(DCM_Modality, "MR");
    ds->putAndInsertUint16(DCM_Rows, kSize);
    ds->putAndInsertUint16(DCM_Columns, kSize);
    ds->putAndInsertUint16(DCM_BitsAllocated, 16);
    ds->putAndInsertUint16(DCM_BitsStored, 16);
    ds->putAndInsertUint16(DCM_HighBit, 15);
    ds->putAndInsertUint16(DCM_PixelRepresentation, 0);
    ds->putAndInsertUint16(DCM_SamplesPerPixel, 1);
    ds->putAndInsertString(DCM_PhotometricInterpretation, "MONOCHROME2");
    ds->putAndInsertString(DCM_RescaleSlope, "2");
    ds->putAndInsertString(DCM_RescaleIntercept, "-5");
    const int frames = int(spec.frameValues.size());
    if (frames > 1) ds->putAndInsertString(DCM_NumberOfFrames, std::to_string(frames).c_str());
    if (spec.spacingBetweenSlices > 0) {
        ds->putAndInsertString(DCM_SpacingBetweenSlices, std::to_string(spec.spacingBetweenSlices).c_str());
    }
    if (spec.enhanced) {
        DcmItem* shared = nullptr;
        ds->findOrCreateSequenceItem(DCM_SharedFunctionalGroupsSequence, shared, 0);
        DcmItem* item = nullptr;
        shared->findOrCreateSequenceItem(DCM_PlaneOrientationSequence, item, 0);
        item->putAndInsertString(DCM_ImageOrientationPatient, spec.orientation.c_str());
        shared->findOrCreateSequenceItem(DCM_PixelMeasuresSequence, item, 0);
        item->putAndInsertString(DCM_PixelSpacing, "0.5\\0.25");
        for (int f = 0; f < frames; ++f) {
            DcmItem* frame = nullptr;
            ds->findOrCreateSequenceItem(DCM_PerFrameFunctionalGroupsSequence, frame, f);
            frame->findOrCreateSequenceItem(DCM_PlanePositionSequence, item, 0);
            item->putAndInsertString(DCM_ImagePositionPatient, vec(spec.positions[std::size_t(f)]).c_str());
        }
    } else {
        ds->putAndInsertString(DCM_ImageOrientationPatient, spec.orientation.c_str());
        ds->putAndInsertString(DCM_PixelSpacing, "0.5\\0.25");
        if (!spec.positions.empty()) {
            ds->putAndInsertString(DCM_ImagePositionPatient, vec(spec.positions.front()).c_str());
        }
    }
    std::vector<Uint16> pixels;
    for (std::uint16_t v : spec.frameValues) pixels.insert(pixels.end(), kSize * kSize, v);
    pixels.resize(pixels.size() - std::size_t(spec.pixelBytesShort / 2));
    ds->putAndInsertUint16Array(DCM_PixelData, pixels.data(), unsigned(pixels.size()));
    const OFCondition saved = file.saveFile(path.c_str(), EXS_LittleEndianExplicit);
    if (saved.bad()) throw std::runtime_error("cannot write test DICOM " + path + ": " + saved.text());
}

Vec3 along(double t) {
    return {10.0, 20.0 + 0.6 * t, -30.0 + 0.8 * t};
}  // origin + t * normal

}  // namespace

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
