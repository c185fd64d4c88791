#include <QTemporaryDir>
#include <QtTest>
#include <algorithm>
#include <cmath>
#include <cstring>

#include "core/image/SliceRef.h"
#include "core/io/VolumeIo.h"
#include "core/io/VolumeSummary.h"
#include "core/render/PngCodec.h"
#include "tests/core/io/IoTestUtil.h"
#include "tests/support/TestData.h"

using namespace medsam::core;
using medsam::test::dataPath;

namespace {

std::string str(const QString& s) {
    return s.toStdString();
}

void compareGeometry(const ImageGeometry& a, const ImageGeometry& b, double tol) {
    QCOMPARE(a.size, b.size);
    for (int i = 0; i < 3; ++i) QVERIFY(std::abs(a.spacing[i] - b.spacing[i]) <= tol);
    for (int i = 0; i < 3; ++i) QVERIFY(std::abs(a.origin[i] - b.origin[i]) <= tol);
    for (int i = 0; i < 9; ++i) QVERIFY(std::abs(a.direction[i] - b.direction[i]) <= tol);
}

}  // namespace

class TestVolumeIo : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void t1HeadAndBrainMaskShareAGrid() {
        const QString t1 = dataPath("itk/Data/KmeansTest_T1UCharRaw.nii.gz");
        const QString mask = dataPath("itk/Data/KmeansTest_T1RawSkullStrip.nii.gz");
        MEDSAM_REQUIRE_DATA(t1);
        MEDSAM_REQUIRE_DATA(mask);
        const Volume head = readVolume(str(t1));
        QCOMPARE(head.image.size(), (Size3{128, 128, 62}));
        QCOMPARE(head.image.geometry().spacing, (Vec3{2.0, 2.0, 3.0}));
        const LabelMap labels = readLabelMap(str(mask));
        checkSameGrid(head.image.geometry(), labels.labels.geometry(), str(t1), str(mask));
        const auto counts = labelVoxelCounts(labels.labels);
        // The skull-stripped mask labels brain tissue 4, 5, 6 (background 0); the brain is a sizeable part.
        QVERIFY(counts.count(0) == 1 && counts.count(5) == 1 && counts.count(6) == 1);
        QVERIFY(counts.at(5) + counts.at(6) > 100000);
    }

    // Geometry as the NIfTI-1 header states it, read here byte by byte (independent of ITK). This file is big
    // endian and has only an sform (qform_code 0): spacing = column norms, origin = translation, RAS -> LPS.
    void niftiGeometryMatchesHeader() {
        const QString path = dataPath("nifti/avg152T1_LR_nifti.nii");
        MEDSAM_REQUIRE_DATA(path);
        const QByteArray h = medsam::test::readBytes(path);
        QVERIFY(h.size() > 348);
        std::int32_t sizeofHdr = 0;
        std::memcpy(&sizeofHdr, h.constData(), 4);
        const bool swap = sizeofHdr != 348;
        const auto raw = [&](int off, int n, void* out) {
            char b[4];
            std::memcpy(b, h.constData() + off, std::size_t(n));
            if (swap) std::reverse(b, b + n);
            std::memcpy(out, b, std::size_t(n));
        };
        const auto i16 = [&](int off) {
            std::int16_t v;
            raw(off, 2, &v);
            return int(v);
        };
        const auto f32 = [&](int off) {
            float v;
            raw(off, 4, &v);
            return double(v);
        };
        QCOMPARE(i16(252), 0);  // qform_code
        QVERIFY(i16(254) > 0);  // sform_code
        const Volume v = readVolume(str(path));
        const ImageGeometry& g = v.image.geometry();
        QCOMPARE(g.size, (Size3{i16(42), i16(44), i16(46)}));
        for (int col = 0; col < 3; ++col) {
            const double x = f32(280 + 4 * col), y = f32(296 + 4 * col), z = f32(312 + 4 * col);
            QVERIFY(std::abs(g.spacing[col] - std::sqrt(x * x + y * y + z * z)) < 1e-5);
        }
        QCOMPARE(g.origin[0], -f32(292));
        QCOMPARE(g.origin[1], -f32(308));
        QCOMPARE(g.origin[2], f32(324));
    }

    void niftiVariantsAgree_data() {
        QTest::addColumn<QString>("a");
        QTest::addColumn<QString>("b");
        QTest::newRow("little vs big endian") << "nifti/little.nii.gz"
                                              << "nifti/big.nii.gz";
        QTest::newRow(".nii vs .nii.gz") << "nifti/avg152T1_LR_nifti.nii"
                                         << "nifti/avg152T1_LR_nifti.nii.gz";
        QTest::newRow("NIfTI-1 vs NIfTI-2") << "nifti/avg152T1_LR_nifti.nii.gz"
                                            << "nifti/avg152T1_LR_nifti2.nii.gz";
        QTest::newRow("Analyze-style pair NIfTI-1 vs NIfTI-2") << "nifti/air.hdr.gz"
                                                               << "nifti/air2.hdr.gz";
    }
    void niftiVariantsAgree() {
        QFETCH(QString, a);
        QFETCH(QString, b);
        const QString pa = dataPath(a), pb = dataPath(b);
        MEDSAM_REQUIRE_DATA(pa);
        MEDSAM_REQUIRE_DATA(pb);
        const Volume va = readVolume(str(pa));
        const Volume vb = readVolume(str(pb));
        compareGeometry(va.image.geometry(), vb.image.geometry(), 1e-5);
        QVERIFY(va.image.voxels() == vb.image.voxels());
        QVERIFY(intensityRange(va.image).max > intensityRange(va.image).min);
    }

    void withExtensionAndOtherFormatsLoad() {
        const QString ext = dataPath("nifti/with_extension.nii.gz");
        const QString mha = dataPath("itk/Data/BrainProtonDensity3Slices.mha");
        const QString nhdr = dataPath("itk/Data/BrainProtonDensitySliceBorder20DirectionPlus30.nhdr");
        const QString png = dataPath("itk/Data/BrainProtonDensitySlice.png");
        MEDSAM_REQUIRE_DATA(ext);
        MEDSAM_REQUIRE_DATA(mha);
        MEDSAM_REQUIRE_DATA(nhdr);
        MEDSAM_REQUIRE_DATA(png);
        QCOMPARE(readVolume(str(ext)).image.size(), (Size3{161, 191, 151}));
        QCOMPARE(readVolume(str(mha)).image.size(), (Size3{181, 217, 3}));
        const Volume n = readVolume(str(nhdr));
        QCOMPARE(n.image.depth(), 1);
        // "DirectionPlus30": the in-plane axes are rotated by 30 degrees.
        QVERIFY(std::abs(std::abs(n.image.geometry().direction[0]) - std::cos(M_PI / 6)) < 1e-6);
        const Volume p = readVolume(str(png));
        QCOMPARE(p.image.size(), (Size3{181, 217, 1}));
        QCOMPARE(p.metadata.at("format"), std::string("PNG"));
    }

    // A colour PNG keeps its exact RGB bytes next to its luminance, and 8-bit files say so (issue 12); a
    // grey PNG has no colour bytes, a float NIfTI is not 8-bit.
    void colourAndEightBitImagesKeepTheirPixels() {
        QTemporaryDir dir;
        RgbImage picture(5, 3);
        for (std::size_t n = 0; n < picture.rgb.size(); ++n)
            picture.rgb[n] = static_cast<std::uint8_t>(17 * n % 256);
        picture.pixel(4, 2)[0] = picture.pixel(4, 2)[1] = picture.pixel(4, 2)[2] = 77;  // one grey pixel
        const std::string colourPath = str(dir.filePath("colour.png"));
        writePng(colourPath, picture);
        const Volume colour = readVolume(colourPath);
        QCOMPARE(colour.image.width(), 5);
        QVERIFY(colour.eightBit);
        QCOMPARE(colour.rgb, picture.rgb);
        QCOMPARE(colour.image.at(4, 2), 77.0f);  // luminance of grey is grey
        const SliceAppearance a = sliceAppearance(colour, {2, 0});
        QCOMPARE(a.rgb, picture.rgb);
        QVERIFY(a.eightBit);
        QVERIFY(
            !sliceAppearance(colour, {0, 2}).colour());  // a column through the picture is not the picture

        std::vector<std::uint8_t> grey(15, 9);
        writeFile(str(dir.filePath("grey.png")), encodePngGray(5, 3, grey.data()));
        const Volume g = readVolume(str(dir.filePath("grey.png")));
        QVERIFY(g.eightBit);
        QVERIFY(g.rgb.empty());

        const std::string nifti = str(dir.filePath("float.nii.gz"));
        writeVolume(colour, nifti);
        QVERIFY(!readVolume(nifti).eightBit);
    }

    void roundTripKeepsGeometryAndVoxels_data() {
        QTest::addColumn<QString>("extension");
        QTest::newRow("nii.gz") << ".nii.gz";
        QTest::newRow("nii") << ".nii";
        QTest::newRow("nrrd") << ".nrrd";
    }
    void roundTripKeepsGeometryAndVoxels() {
        QFETCH(QString, extension);
        const QString t1 = dataPath("itk/Data/KmeansTest_T1UCharRaw.nii.gz");
        const QString mask = dataPath("itk/Data/KmeansTest_T1RawSkullStrip.nii.gz");
        MEDSAM_REQUIRE_DATA(t1);
        MEDSAM_REQUIRE_DATA(mask);
        QTemporaryDir dir;
        Volume head = readVolume(str(t1));
        // An oblique direction and an odd origin, so a writer that drops them is caught.
        const double c = std::cos(0.3), s = std::sin(0.3);
        ImageGeometry g = head.image.geometry();
        g.direction = {c, -s, 0, s, c, 0, 0, 0, 1};
        g.origin = {-12.25, 33.5, 7.125};
        head.image = Image<float>(g, head.image.voxels());
        const std::string out = str(dir.filePath("head" + extension));
        writeVolume(head, out);
        const Volume back = readVolume(out);
        compareGeometry(back.image.geometry(), g, 1e-5);
        QVERIFY(back.image.voxels() == head.image.voxels());

        const LabelMap labels = readLabelMap(str(mask));
        const std::string labelOut = str(dir.filePath("mask" + extension));
        writeLabelMap(labels, labelOut);
        const LabelMap labelsBack = readLabelMap(labelOut);
        compareGeometry(labelsBack.labels.geometry(), labels.labels.geometry(), 1e-5);
        QVERIFY(labelsBack.labels.voxels() == labels.labels.voxels());
    }

    void labelMapOnAnotherGridIsRejected() {
        const QString t1 = dataPath("itk/Data/KmeansTest_T1UCharRaw.nii.gz");
        const QString other = dataPath("nifti/avg152T1_LR_nifti.nii.gz");
        MEDSAM_REQUIRE_DATA(t1);
        MEDSAM_REQUIRE_DATA(other);
        const ImageGeometry a = readVolume(str(t1)).image.geometry();
        const ImageGeometry b = readLabelMap(str(other)).labels.geometry();
        EXPECT_IO_ERROR(checkSameGrid(a, b, str(t1), str(other)), "KmeansTest_T1UCharRaw.nii.gz");
        EXPECT_IO_ERROR(checkSameGrid(a, b, str(t1), str(other)), "avg152T1_LR_nifti.nii.gz");
        ImageGeometry shifted = a;
        shifted.origin[1] += 0.5;
        try {
            checkSameGrid(a, shifted, "img.nii", "lab.nii");
            QFAIL("expected ImageIoError");
        } catch (const ImageIoError& e) {
            QVERIFY(std::string(e.what()).find("origin") != std::string::npos);
        }
    }

    // A 4D NIfTI (2x2x2 x 3 time points) is refused with its size in the message; with one time point it
    // loads.
    void fourDimensionalNifti() {
        QTemporaryDir dir;
        const auto write = [&](const QString& name, std::int16_t timePoints) {
            QByteArray h(352, '\0');
            const auto put16 = [&](int off, std::int16_t v) { std::memcpy(h.data() + off, &v, 2); };
            const auto put32 = [&](int off, std::int32_t v) { std::memcpy(h.data() + off, &v, 4); };
            const auto putF = [&](int off, float v) { std::memcpy(h.data() + off, &v, 4); };
            put32(0, 348);
            const std::int16_t dim[8] = {4, 2, 2, 2, timePoints, 1, 1, 1};
            for (int i = 0; i < 8; ++i) put16(40 + 2 * i, dim[i]);
            put16(70, 2);  // DT_UINT8
            put16(72, 8);
            for (int i = 0; i < 8; ++i) putF(76 + 4 * i, 1.0f);
            putF(108, 352.0f);  // vox_offset
            std::memcpy(h.data() + 344, "n+1", 4);
            QByteArray data(8 * timePoints, '\0');
            for (int i = 0; i < data.size(); ++i) data[i] = char(i);
            QVERIFY(medsam::test::writeBytes(dir.filePath(name), h + data));
        };
        write("fmri.nii", 3);
        write("single.nii", 1);
        EXPECT_IO_ERROR(readVolume(str(dir.filePath("fmri.nii"))), "fmri.nii");
        EXPECT_IO_ERROR(readVolume(str(dir.filePath("fmri.nii"))), "2x2x2x3");
        const Volume v = readVolume(str(dir.filePath("single.nii")));
        QCOMPARE(v.image.size(), (Size3{2, 2, 2}));
        QCOMPARE(v.image.at(1, 1, 1), 7.0f);
    }

    void badFilesGiveClearErrors() {
        const QString little = dataPath("nifti/little.nii.gz");
        const QString plain = dataPath("nifti/avg152T1_LR_nifti.nii");
        const QString notNifti = dataPath("nifti/not-nifti.nii");
        const QString fiveD = dataPath("nifti/5D_small.nii");
        const QString nifti2 = dataPath("nifti/avg152T1_LR_nifti2.nii.gz");
        MEDSAM_REQUIRE_DATA(little);
        MEDSAM_REQUIRE_DATA(plain);
        MEDSAM_REQUIRE_DATA(notNifti);
        MEDSAM_REQUIRE_DATA(fiveD);
        MEDSAM_REQUIRE_DATA(nifti2);
        QTemporaryDir dir;

        EXPECT_IO_ERROR(readVolume(str(notNifti)), "not-nifti.nii");
        EXPECT_IO_ERROR(readVolume(str(fiveD)), "5D_small.nii");
        EXPECT_IO_ERROR(readVolume(str(dir.filePath("missing.nii.gz"))), "missing.nii.gz");

        // Corrupt gzip stream: flip bytes in the middle of the deflate data.
        QByteArray bytes = medsam::test::readBytes(little);
        for (int i = bytes.size() / 2; i < bytes.size() / 2 + 64; ++i) bytes[i] = char(bytes[i] ^ 0x5a);
        QVERIFY(medsam::test::writeBytes(dir.filePath("corrupt.nii.gz"), bytes));
        EXPECT_IO_ERROR(readVolume(str(dir.filePath("corrupt.nii.gz"))), "corrupt.nii.gz");

        // Header says 91x109x91 but the data stops half way.
        bytes = medsam::test::readBytes(plain);
        QVERIFY(medsam::test::writeBytes(dir.filePath("short.nii"), bytes.left(bytes.size() / 2)));
        EXPECT_IO_ERROR(readVolume(str(dir.filePath("short.nii"))), "short.nii");

        // Same for NIfTI-2 (our own reader): decompress-free check by truncating the gzip file.
        bytes = medsam::test::readBytes(nifti2);
        QVERIFY(medsam::test::writeBytes(dir.filePath("short2.nii.gz"), bytes.left(bytes.size() / 2)));
        EXPECT_IO_ERROR(readVolume(str(dir.filePath("short2.nii.gz"))), "short2.nii.gz");

        // Not a label map: fractional intensities.
        const QString air = dataPath("nifti/air.hdr.gz");
        MEDSAM_REQUIRE_DATA(air);
        EXPECT_IO_ERROR(readLabelMap(str(air)), "air.hdr.gz");

        Volume v;
        EXPECT_IO_ERROR(writeVolume(v, str(dir.filePath("empty.nii"))), "empty.nii");
        v.image = Image<float>(ImageGeometry{{2, 2, 1}});
        EXPECT_IO_ERROR(writeVolume(v, str(dir.filePath("x.png"))), "x.png");
    }
};

QTEST_APPLESS_MAIN(TestVolumeIo)
#include "tst_VolumeIo.moc"
