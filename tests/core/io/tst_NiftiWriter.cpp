#include <zlib.h>

#include <QTemporaryDir>
#include <QtTest>
#include <cmath>
#include <cstring>
#include <fstream>
#include <iterator>
#include <vector>

#include "core/io/NiftiWriter.h"
#include "core/io/VolumeIo.h"

using namespace medsam::core;

namespace {

std::vector<std::uint8_t> fileBytes(const std::string& path) {
    std::ifstream in(path, std::ios::binary);
    return {std::istreambuf_iterator<char>(in), {}};
}

std::vector<std::uint8_t> gunzip(const std::string& path) {
    gzFile f = gzopen(path.c_str(), "rb");
    std::vector<std::uint8_t> out;
    std::uint8_t buf[65536];
    int n = 0;
    while ((n = gzread(f, buf, sizeof buf)) > 0) out.insert(out.end(), buf, buf + n);
    gzclose(f);
    return out;
}

// Little-endian fields of a NIfTI-1 header, read byte by byte.
std::int32_t i32(const std::vector<std::uint8_t>& h, std::size_t at) {
    return static_cast<std::int32_t>(h[at] | h[at + 1] << 8 | h[at + 2] << 16 |
                                     std::uint32_t(h[at + 3]) << 24);
}
std::int16_t i16(const std::vector<std::uint8_t>& h, std::size_t at) {
    return static_cast<std::int16_t>(h[at] | h[at + 1] << 8);
}
double f32(const std::vector<std::uint8_t>& h, std::size_t at) {
    const std::uint32_t bits = static_cast<std::uint32_t>(i32(h, at));
    float f = 0;
    std::memcpy(&f, &bits, 4);
    return f;
}

// A left-handed oblique grid (a rotation times a flipped axis), an odd origin and anisotropic spacing.
ImageGeometry obliqueGeometry(bool leftHanded) {
    ImageGeometry g;
    g.size = {7, 5, 4};
    g.spacing = {0.75, 1.25, 3.0};
    g.origin = {-12.25, 33.5, 7.125};
    const double c = std::cos(0.3), s = std::sin(0.3), f = leftHanded ? -1.0 : 1.0;
    g.direction = {c, -s, 0, s * 0.8, c * 0.8, -0.6 * f, s * 0.6, c * 0.6, 0.8 * f};
    return g;
}

void compareGeometry(const ImageGeometry& a, const ImageGeometry& b) {
    QCOMPARE(a.size, b.size);
    for (int i = 0; i < 3; ++i) QVERIFY2(std::abs(a.spacing[i] - b.spacing[i]) < 1e-5, "spacing");
    for (int i = 0; i < 3; ++i) QVERIFY2(std::abs(a.origin[i] - b.origin[i]) < 1e-4, "origin");
    for (int i = 0; i < 9; ++i) QVERIFY2(std::abs(a.direction[i] - b.direction[i]) < 1e-5, "direction");
}

}  // namespace

class TestNiftiWriter : public QObject {
    Q_OBJECT
private Q_SLOTS:
    // qform and sform both hold the geometry (code 1, scanner) and agree; ITK reads the file back exactly.
    void qformAndSformHoldTheSameGeometry_data() {
        QTest::addColumn<bool>("leftHanded");
        QTest::newRow("right-handed") << false;
        QTest::newRow("left-handed") << true;
    }
    void qformAndSformHoldTheSameGeometry() {
        QFETCH(bool, leftHanded);
        QTemporaryDir dir;
        const ImageGeometry g = obliqueGeometry(leftHanded);
        Image<std::uint16_t> labels(g);
        for (std::size_t n = 0; n < labels.voxels().size(); ++n)
            labels.voxels()[n] = static_cast<std::uint16_t>(n * 977 % 65536);
        const std::string path = dir.filePath("l.nii.gz").toStdString();
        writeNifti(path, labels);

        const auto h = gunzip(path);
        QCOMPARE(i32(h, 0), 348);
        QCOMPARE(i16(h, 40), std::int16_t(3));
        QCOMPARE(i16(h, 42), std::int16_t(7));
        QCOMPARE(i16(h, 70), std::int16_t(512));  // DT_UINT16
        QCOMPARE(f32(h, 108), 352.0);
        QCOMPARE(i16(h, 252), std::int16_t(1));         // qform_code: scanner
        QCOMPARE(i16(h, 254), std::int16_t(1));         // sform_code: scanner
        QCOMPARE(f32(h, 76), leftHanded ? -1.0 : 1.0);  // qfac
        // The qform's matrix (NIfTI-1 standard: rotation from the quaternion, times pixdim, qfac on k).
        const double b = f32(h, 256), c = f32(h, 260), d = f32(h, 264);
        const double a = std::sqrt(std::max(0.0, 1.0 - (b * b + c * c + d * d)));
        const double R[9] = {
            a * a + b * b - c * c - d * d, 2 * (b * c - a * d),           2 * (b * d + a * c),
            2 * (b * c + a * d),           a * a + c * c - b * b - d * d, 2 * (c * d - a * b),
            2 * (b * d - a * c),           2 * (c * d + a * b),           a * a + d * d - c * c - b * b};
        const double pix[3] = {f32(h, 80), f32(h, 84), f32(h, 88) * f32(h, 76)};
        for (int r = 0; r < 3; ++r) {
            for (int k = 0; k < 3; ++k) {
                const double sform = f32(h, 280 + 16 * r + 4 * k);
                const double expected =
                    (r < 2 ? -1.0 : 1.0) * g.direction[3 * r + k] * g.spacing[k];  // LPS->RAS
                QVERIFY2(std::abs(sform - expected) < 1e-5, "sform");
                QVERIFY2(std::abs(R[3 * r + k] * pix[k] - expected) < 1e-5, "qform");
            }
            QVERIFY2(std::abs(f32(h, 268 + 4 * r) - f32(h, 280 + 16 * r + 12)) < 1e-6, "qoffset vs srow");
        }
        const std::uint8_t* voxels = h.data() + 352;
        QCOMPARE(voxels[2] | voxels[3] << 8, 977);  // little-endian uint16 whatever the host

        const LabelMap back = readLabelMap(path);
        compareGeometry(back.labels.geometry(), g);
        QVERIFY(back.labels.voxels() == labels.voxels());
    }

    // The same image gives the same bytes, through writeNifti, writeLabelMap and again later.
    void sameImageGivesByteIdenticalFiles() {
        QTemporaryDir dir;
        LabelMap labels;
        labels.labels = Image<std::uint16_t>(obliqueGeometry(false));
        labels.labels.voxels()[5] = 3;
        const std::string a = dir.filePath("a.nii.gz").toStdString();
        const std::string b = dir.filePath("b.nii.gz").toStdString();
        writeNifti(a, labels.labels);
        writeLabelMap(labels, b);
        QVERIFY(!fileBytes(a).empty());
        QVERIFY(fileBytes(a) == fileBytes(b));
        QTest::qWait(1100);  // a writer that stamps the time (gzip mtime, header) would differ now
        writeLabelMap(labels, b);
        QVERIFY(fileBytes(a) == fileBytes(b));

        const std::string plain = dir.filePath("c.nii").toStdString();
        writeLabelMap(labels, plain);
        QVERIFY(gunzip(a) == fileBytes(plain));
    }

    // NIfTI-1 stores sizes as int16: a larger axis is refused, never truncated.
    void axesOver32767AreRefused() {
        QTemporaryDir dir;
        ImageGeometry g;
        g.size = {32768, 2, 1};
        const std::string path = dir.filePath("wide.nii.gz").toStdString();
        try {
            writeNifti(path, Image<std::uint8_t>(g));
            QFAIL("a 32768-voxel axis should be refused");
        } catch (const ImageIoError& e) {
            QVERIFY2(QString(e.what()).contains("32768") && QString(e.what()).contains("wide.nii.gz"),
                     e.what());
        }
        g.size = {32767, 2, 1};
        writeNifti(path, Image<std::uint8_t>(g));
        QCOMPARE(readVolume(path).image.width(), 32767);
    }

    void floatVolumesRoundTrip() {
        QTemporaryDir dir;
        Volume v;
        v.image = Image<float>(obliqueGeometry(true));
        for (std::size_t n = 0; n < v.image.voxels().size(); ++n) v.image.voxels()[n] = -1000.5f + 3.25f * n;
        const std::string path = dir.filePath("v.nii").toStdString();
        writeVolume(v, path);
        QCOMPARE(i16(fileBytes(path), 70), std::int16_t(16));  // DT_FLOAT32
        const Volume back = readVolume(path);
        compareGeometry(back.image.geometry(), v.image.geometry());
        QVERIFY(back.image.voxels() == v.image.voxels());
    }
};

QTEST_MAIN(TestNiftiWriter)
#include "tst_NiftiWriter.moc"
