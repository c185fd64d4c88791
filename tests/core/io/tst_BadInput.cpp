// Hostile input to core/io (issue 15): each class of bad file must end in an ImageIoError naming the file and
// the problem, never a signal, a hang or a silently wrong volume. One test per class; the files are made
// here.
#include <sys/resource.h>
#include <sys/stat.h>
#include <unistd.h>

#include <QTemporaryDir>
#include <QtTest>
#include <cmath>
#include <csignal>
#include <cstdio>
#include <cstring>
#include <limits>
#include <string>
#include <vector>

// jpeglib.h needs size_t and FILE declared first.
#include <jpeglib.h>

#include "IoTestUtil.h"
#include "SyntheticDicom.h"
#include "core/io/DicomSeries.h"
#include "core/io/VolumeIo.h"
#include "core/render/PngCodec.h"

using namespace medsam::core;
using medsam::test::writeBytes;

namespace {

constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();
constexpr double kInf = std::numeric_limits<double>::infinity();

// A NIfTI-1 header as dcm2niix or any other writer would make it; fields set by the test.
struct Nifti1 {
    std::int16_t dims[3] = {4, 4, 2};
    std::int16_t datatype = 4, bitpix = 16;  // int16
    float pixdim[4] = {1, 1, 1, 1};
    float voxOffset = 352;
    float slope = 1, inter = 0;
    std::int16_t qformCode = 0, sformCode = 1;
    float quatern[6] = {0, 0, 0, 0, 0, 0};
    float srow[12] = {1, 0, 0, 0, 0, 1, 0, 0, 0, 0, 1, 0};
    const char* magic = "n+1";

    QByteArray header() const {
        QByteArray h(348, '\0');
        const auto put = [&](int at, const void* v, int n) { std::memcpy(h.data() + at, v, std::size_t(n)); };
        const std::int32_t size = 348;
        put(0, &size, 4);
        const std::int16_t dim[8] = {3, dims[0], dims[1], dims[2], 1, 1, 1, 1};
        put(40, dim, 16);
        put(70, &datatype, 2);
        put(72, &bitpix, 2);
        const float pd[8] = {pixdim[0], pixdim[1], pixdim[2], pixdim[3], 1, 1, 1, 1};
        put(76, pd, 32);
        put(108, &voxOffset, 4);
        put(112, &slope, 4);
        put(116, &inter, 4);
        put(252, &qformCode, 2);
        put(254, &sformCode, 2);
        put(256, quatern, 24);
        put(280, srow, 48);
        std::memcpy(h.data() + 344, magic, 4);
        return h;
    }
    int voxels() const { return dims[0] * dims[1] * dims[2]; }
    // Single file: header, 4 bytes of extension flag, int16 voxels 0, 1, 2, ...
    QByteArray file() const {
        QByteArray f = header();
        f.append(QByteArray(int(voxOffset) - 348, '\0'));
        for (std::int16_t v = 0; v < voxels(); ++v) f.append(reinterpret_cast<const char*>(&v), 2);
        return f;
    }
};

std::vector<std::uint8_t> encodeJpeg(int width, int height) {
    jpeg_compress_struct info;
    jpeg_error_mgr err;
    info.err = jpeg_std_error(&err);
    jpeg_create_compress(&info);
    unsigned char* out = nullptr;
    unsigned long size = 0;
    jpeg_mem_dest(&info, &out, &size);
    info.image_width = JDIMENSION(width);
    info.image_height = JDIMENSION(height);
    info.input_components = 1;
    info.in_color_space = JCS_GRAYSCALE;
    jpeg_set_defaults(&info);
    jpeg_start_compress(&info, TRUE);
    std::vector<unsigned char> row(static_cast<std::size_t>(width));
    for (int y = 0; y < height; ++y) {
        for (int x = 0; x < width; ++x)
            row[std::size_t(x)] = static_cast<unsigned char>((x * 7 + y * 13) & 0xff);
        JSAMPROW rows[1] = {row.data()};
        jpeg_write_scanlines(&info, rows, 1);
    }
    jpeg_finish_compress(&info);
    std::vector<std::uint8_t> bytes(out, out + size);
    jpeg_destroy_compress(&info);
    std::free(out);
    return bytes;
}

QByteArray bytesOf(const std::vector<std::uint8_t>& v) {
    return QByteArray(reinterpret_cast<const char*>(v.data()), int(v.size()));
}

// One 8x8 synthetic DICOM slice at the first position of the test series.
medsam::test::FileSpec oneSlice(const char* sop) {
    medsam::test::FileSpec spec;
    spec.sop = sop;
    spec.frameValues = {7};
    spec.positions = {medsam::test::along(0)};
    return spec;
}

Image<std::uint16_t> smallLabels(const ImageGeometry& g) {
    return Image<std::uint16_t>(g, std::vector<std::uint16_t>(g.voxelCount(), 1));
}

}  // namespace

class TestBadInput : public QObject {
    Q_OBJECT

    QTemporaryDir dir_;
    std::string path(const char* name) const { return dir_.filePath(name).toStdString(); }

private Q_SLOTS:
    void geometryProblemNamesTheField() {
        ImageGeometry g;
        g.size = {2, 2, 1};
        QVERIFY(g.geometryProblem().empty());
        ImageGeometry bad = g;
        bad.spacing[1] = kNaN;
        QVERIFY(bad.geometryProblem().find("y spacing") != std::string::npos);
        bad = g;
        bad.spacing[0] = 1e308;
        QVERIFY(!bad.geometryProblem().empty());
        bad = g;
        bad.origin[2] = kInf;
        QVERIFY(bad.geometryProblem().find("z origin") != std::string::npos);
        bad = g;
        bad.direction = {1, 0, 0, 1, 0, 0, 0, 0, 1};
        QVERIFY(bad.geometryProblem().find("singular") != std::string::npos);
        bad = g;
        bad.direction[4] = kNaN;
        QVERIFY(bad.geometryProblem().find("direction") != std::string::npos);
    }

    // ITK aborts (vnl) on a NaN sform; other non-finite fields load as nonsense. Refused by field name.
    void niftiNonFiniteOrSingularGeometryIsRefused_data() {
        QTest::addColumn<int>("which");
        QTest::addColumn<QString>("expected");
        QTest::newRow("NaN sform") << 0 << "srow_x[0]";
        QTest::newRow("singular sform") << 1 << "singular";
        QTest::newRow("inf qoffset") << 2 << "qoffset_x";
        QTest::newRow("NaN pixdim") << 3 << "pixdim[1]";
        QTest::newRow("NaN quatern") << 4 << "quatern_c";
    }
    void niftiNonFiniteOrSingularGeometryIsRefused() {
        QFETCH(int, which);
        QFETCH(QString, expected);
        Nifti1 n;
        if (which == 0) n.srow[0] = float(kNaN);
        if (which == 1) n.srow[4] = 1, n.srow[5] = 0;  // rows x and y equal
        if (which >= 2) n.qformCode = 1, n.sformCode = 0;
        if (which == 2) n.quatern[3] = float(kInf);
        if (which == 3) n.pixdim[1] = float(kNaN);
        if (which == 4) n.quatern[1] = float(kNaN);
        const std::string file = path("geometry.nii");
        QVERIFY(writeBytes(QString::fromStdString(file), n.file()));
        try {
            readVolume(file);
            QFAIL("a NIfTI with bad geometry loaded");
        } catch (const ImageIoError& e) {
            const std::string what = e.what();
            QVERIFY2(what.find("geometry.nii") != std::string::npos, e.what());
            QVERIFY2(what.find(expected.toStdString()) != std::string::npos, e.what());
        }
    }

    // A header size that is neither NIfTI-1's nor NIfTI-2's: nifti1_io still decoded such a file (the fuzz
    // pass found one whose guessed byte order made a NaN direction, and ITK aborted); refused by name before
    // ITK.
    void niftiWithAForeignHeaderSizeIsRefused() {
        Nifti1 n;
        n.srow[0] = float(kNaN);  // what ITK would abort on, were the file read
        QByteArray bytes = n.file();
        const std::int32_t size = 4444;
        std::memcpy(bytes.data(), &size, 4);
        const std::string file = path("size.nii");
        QVERIFY(writeBytes(QString::fromStdString(file), bytes));
        try {
            readVolume(file);
            QFAIL("a NIfTI with sizeof_hdr 4444 loaded");
        } catch (const ImageIoError& e) {
            const std::string what = e.what();
            QVERIFY2(what.find("size.nii") != std::string::npos &&
                         what.find("sizeof_hdr is 4444") != std::string::npos,
                     e.what());
        }
        // nifti1_io takes any "n+N" (N = 1..9) at byte 344 for NIfTI, so "n+2" there is checked the same way
        // (a fuzzed file with it, a foreign size and a NaN srow made ITK abort).
        n.magic = "n+2";
        bytes = n.file();
        std::memcpy(bytes.data(), &size, 4);
        QVERIFY(writeBytes(QString::fromStdString(path("magic2.nii")), bytes));
        EXPECT_IO_ERROR(readVolume(path("magic2.nii")), "sizeof_hdr is 4444");
    }

    // dcm2niix writes int16 CT with scl_slope 1, scl_inter -1024: ITK's pixel type turns float, which used to
    // double the bytes "needed" and refuse every such file.
    void niftiScalingIsApplied() {
        Nifti1 n;
        n.qformCode = 1;
        n.sformCode = 1;
        n.slope = 2.0f;
        n.inter = -1024.0f;
        const std::string file = path("ct.nii");
        QVERIFY(writeBytes(QString::fromStdString(file), n.file()));
        const Volume v = readVolume(file);
        QCOMPARE(int(v.image.voxels().size()), n.voxels());
        for (int i = 0; i < n.voxels(); ++i) QCOMPARE(v.image.voxels()[std::size_t(i)], float(i * 2 - 1024));
    }

    void niftiShorterThanItsHeaderSaysIsRefused() {
        Nifti1 n;
        n.voxOffset = 4096;  // past the end of the file: used to load as zeros
        QByteArray bytes = n.header();
        bytes.append(QByteArray(4 + 64, '\0'));
        const std::string file = path("offset.nii");
        QVERIFY(writeBytes(QString::fromStdString(file), bytes));
        EXPECT_IO_ERROR(readVolume(file), "offset.nii");
        n.voxOffset = 352;
        QByteArray cut = n.file();
        cut.chop(2);
        QVERIFY(writeBytes(QString::fromStdString(path("short.nii")), cut));
        EXPECT_IO_ERROR(readVolume(path("short.nii")), "short.nii");
        // A vox_offset no integer type holds (the fuzz pass's input: 4.7e27) is the same error, not a cast
        // out of range (UBSan stopped the reader there).
        n.voxOffset = 4.68938e27f;
        QByteArray huge = n.header();
        huge.append(QByteArray(4 + 64, '\0'));
        QVERIFY(writeBytes(QString::fromStdString(path("huge-offset.nii")), huge));
        EXPECT_IO_ERROR(readVolume(path("huge-offset.nii")), "huge-offset.nii");
    }

    void nifti2DimensionsBeyondIntAreRefused() {
        QByteArray h(540 + 4, '\0');
        const std::int32_t size = 540;
        std::memcpy(h.data(), &size, 4);
        std::memcpy(h.data() + 4, "n+2\0\r\n\032\n", 8);
        const std::int16_t datatype = 2, bitpix = 8;
        std::memcpy(h.data() + 12, &datatype, 2);
        std::memcpy(h.data() + 14, &bitpix, 2);
        const std::int64_t dim[8] = {3, (std::int64_t(1) << 32) + 16, 1, 1, 1, 1, 1, 1};
        std::memcpy(h.data() + 16, dim, 64);
        const double pixdim[8] = {1, 1, 1, 1, 1, 1, 1, 1};
        std::memcpy(h.data() + 104, pixdim, 64);
        const std::int64_t voxOffset = 544;
        std::memcpy(h.data() + 168, &voxOffset, 8);
        h.append(QByteArray(16, '\1'));  // the 16 voxels a truncated dim would read
        QVERIFY(writeBytes(dir_.filePath("wide.nii"), h));
        EXPECT_IO_ERROR(readVolume(path("wide.nii")), "dim[1]");
        // Three axes whose product wraps 2^64.
        const std::int64_t wrap[8] = {3, std::int64_t(1) << 31, std::int64_t(1) << 31, 1 << 30, 1, 1, 1, 1};
        std::memcpy(h.data() + 16, wrap, 64);
        QVERIFY(writeBytes(dir_.filePath("wrap.nii"), h));
        EXPECT_IO_ERROR(readVolume(path("wrap.nii")), "wrap.nii");
    }

    // Not regular files: refused by name before anything opens them (a FIFO blocks forever).
    void nonRegularFilesAreRefused() {
        const std::string fifo = path("pipe.nii");
        QCOMPARE(::mkfifo(fifo.c_str(), 0600), 0);
        EXPECT_IO_ERROR(readVolume(fifo), "FIFO");
        EXPECT_IO_ERROR(readVolume("/dev/zero"), "device");
        const std::string loop = path("loop.nii");
        QCOMPARE(::symlink(loop.c_str(), loop.c_str()), 0);
        EXPECT_IO_ERROR(readVolume(loop), "symbolic links");
        // The voxel file of a .hdr/.img pair.
        Nifti1 n;
        n.magic = "ni1";
        n.voxOffset = 0;
        QVERIFY(writeBytes(dir_.filePath("pair.hdr"), n.header()));
        QCOMPARE(::mkfifo(path("pair.img").c_str(), 0600), 0);
        EXPECT_IO_ERROR(readVolume(path("pair.hdr")), "pair.img");
    }

    // libpng longjmps into ITK's unset jump buffer on these: each must be an error naming the file.
    void brokenPngsAreRefused() {
        std::vector<std::uint8_t> pixels(16 * 16, 100);
        const QByteArray good = bytesOf(encodePngGray(16, 16, pixels.data()));
        QVERIFY(writeBytes(dir_.filePath("good.png"), good));
        QCOMPARE(readVolume(path("good.png")).image.geometry().size[0], 16);
        for (int cut : {8, 20, 33, 40, int(good.size()) - 12}) {
            QVERIFY(writeBytes(dir_.filePath("cut.png"), good.left(cut)));
            EXPECT_IO_ERROR(readVolume(path("cut.png")), "cut.png");
        }
        QByteArray zero = good;
        std::memset(zero.data() + 16, 0, 8);  // IHDR width and height 0 (the CRC is now wrong too)
        QVERIFY(writeBytes(dir_.filePath("zero.png"), zero));
        EXPECT_IO_ERROR(readVolume(path("zero.png")), "zero.png");
        QByteArray palette = good;
        palette[25] = 3;  // colour type 3 (palette) with no PLTE chunk
        QVERIFY(writeBytes(dir_.filePath("palette.png"), palette));
        EXPECT_IO_ERROR(readVolume(path("palette.png")), "palette.png");
    }

    void brokenJpegsAreRefused() {
        const QByteArray good = bytesOf(encodeJpeg(32, 24));
        QVERIFY(writeBytes(dir_.filePath("good.jpg"), good));
        const Volume v = readVolume(path("good.jpg"));
        QCOMPARE(v.image.geometry().size[0], 32);
        QVERIFY(writeBytes(dir_.filePath("two.jpg"), QByteArray("\xFF\xD8", 2)));
        EXPECT_IO_ERROR(readVolume(path("two.jpg")), "two.jpg");
        QByteArray random("\xFF\xD8", 2);
        std::uint32_t x = 12345;
        for (int i = 0; i < 4000; ++i) {
            x = x * 1664525u + 1013904223u;
            random.append(char(x >> 24));
        }
        QVERIFY(writeBytes(dir_.filePath("random.jpg"), random));
        EXPECT_IO_ERROR(readVolume(path("random.jpg")), "random.jpg");
        QVERIFY(writeBytes(dir_.filePath("cut.jpg"), good.left(good.size() / 2)));
        EXPECT_IO_ERROR(readVolume(path("cut.jpg")), "cut.jpg");
    }

    void dicomNonFiniteGeometryIsRefused() {
        using namespace medsam::test;
        FileSpec spec = oneSlice("1.2.826.0.1.3680043.9.7777.1.1");
        spec.orientation = "nan\\0\\0\\0\\1\\0";
        writeFile(path("nan-orientation.dcm"), spec);
        EXPECT_IO_ERROR(readVolume(path("nan-orientation.dcm")), "Image Orientation");
        spec.orientation = "1\\0\\0\\0\\1\\0";
        spec.positions = {{kNaN, 0, 0}};
        writeFile(path("nan-position.dcm"), spec);
        EXPECT_IO_ERROR(readVolume(path("nan-position.dcm")), "Image Position");
        spec.positions = {{0, kInf, 0}};
        writeFile(path("inf-position.dcm"), spec);
        EXPECT_IO_ERROR(readVolume(path("inf-position.dcm")), "inf-position.dcm");
    }

    // "truncated DICOM file" was said of files that are not truncated (a length field larger than the file: a
    // damaged header, a wrong transfer syntax): a file cut short and a damaged length are now told apart, and
    // the element is named.
    void dicomReadFailuresSayWhy() {
        using namespace medsam::test;
        writeFile(path("good.dcm"), oneSlice("1.2.826.0.1.3680043.9.7777.1.2"));
        std::FILE* f = std::fopen(path("good.dcm").c_str(), "rb");
        QVERIFY(f);
        QByteArray good(1 << 16, '\0');
        good.resize(int(std::fread(good.data(), 1, std::size_t(good.size()), f)));
        std::fclose(f);

        QVERIFY(writeBytes(dir_.filePath("cut.dcm"), good.left(good.size() - 40)));  // inside the pixels
        EXPECT_IO_ERROR(readVolume(path("cut.dcm")),
                        "truncated DICOM file: it ends inside element (7fe0,0010)");

        // Series Instance UID (explicit VR "UI", 2-byte length) claiming 65,520 bytes in a file of ~1 KB.
        const int uid = good.indexOf(QByteArray("\x20\x00\x0e\x00UI", 6));
        QVERIFY(uid > 0);
        QByteArray damaged = good;
        damaged[uid + 6] = char(0xf0);
        damaged[uid + 7] = char(0xff);
        QVERIFY(writeBytes(dir_.filePath("damaged.dcm"), damaged));
        EXPECT_IO_ERROR(readVolume(path("damaged.dcm")), "damaged DICOM file: element (0020,000e)");
        try {
            readVolume(path("damaged.dcm"));
        } catch (const ImageIoError& e) {
            QVERIFY2(std::strstr(e.what(), "truncated") == nullptr, e.what());
            QVERIFY2(std::strstr(e.what(), "65520 bytes") != nullptr, e.what());
        }
    }

    // "no Pixel Spacing" was said when the tag is there but unusable: it is now called invalid, with its
    // value.
    void invalidPixelSpacingIsNamedWithItsValue() {
        using namespace medsam::test;
        FileSpec spec = oneSlice("1.2.826.0.1.3680043.9.7777.1.3");
        spec.pixelSpacing = "0\\0.25";
        writeFile(path("zero-spacing.dcm"), spec);
        const auto warnings = scanDicom(path("zero-spacing.dcm")).series.front().warnings;
        QVERIFY(!warnings.empty());
        QCOMPARE(
            QString::fromStdString(warnings.front()),
            QStringLiteral("invalid Pixel Spacing (0028,0030) holds '0\\0.25', not two positive numbers: 1 "
                           "mm assumed"));
        spec.pixelSpacing = "abc";
        writeFile(path("text-spacing.dcm"), spec);
        QVERIFY(QString::fromStdString(scanDicom(path("text-spacing.dcm")).series.front().warnings.front())
                    .contains(QStringLiteral("holds 'abc'")));
        spec.pixelSpacing = "";  // absent: the old message, which is true here
        writeFile(path("no-spacing.dcm"), spec);
        QCOMPARE(QString::fromStdString(scanDicom(path("no-spacing.dcm")).series.front().warnings.front()),
                 QStringLiteral("no Pixel Spacing: 1 mm assumed"));
    }

    // MetaImage: missing LOCAL data or a wrong CompressedData flag loaded silently; a FIFO as the data file
    // of an .mhd or .nhdr blocked forever.
    void textHeaderFormatsCheckTheirData() {
        ImageGeometry g;
        g.size = {16, 16, 2};
        std::vector<std::uint16_t> values(g.voxelCount());
        for (std::size_t i = 0; i < values.size(); ++i) values[i] = std::uint16_t(i % 7);
        LabelMap labels;
        labels.labels = Image<std::uint16_t>(g, values);
        writeLabelMap(labels, path("good.mha"));
        QCOMPARE(readLabelMap(path("good.mha")).labels.voxels(), values);
        const QByteArray good = medsam::test::readBytes(dir_.filePath("good.mha"));
        const int dataAt =
            good.indexOf("ElementDataFile = LOCAL\n") + int(sizeof "ElementDataFile = LOCAL\n") - 1;
        QVERIFY(dataAt > 0);
        QVERIFY(writeBytes(dir_.filePath("nodata.mha"), good.left(dataAt)));
        EXPECT_IO_ERROR(readVolume(path("nodata.mha")), "nodata.mha");
        QByteArray flag = good;
        flag.replace("CompressedData = True", "CompressedData = False");
        QVERIFY(writeBytes(dir_.filePath("flag.mha"), flag));
        EXPECT_IO_ERROR(readVolume(path("flag.mha")), "CompressedData");
        QVERIFY(writeBytes(dir_.filePath("cut.mha"), good.left(good.size() - 20)));
        EXPECT_IO_ERROR(readVolume(path("cut.mha")), "cut.mha");

        QVERIFY(writeBytes(dir_.filePath("pipe.mhd"),
                           "ObjectType = Image\nNDims = 3\nDimSize = 16 16 2\nElementType = MET_USHORT\n"
                           "ElementDataFile = pipe.raw\n"));
        QCOMPARE(::mkfifo(path("pipe.raw").c_str(), 0600), 0);
        EXPECT_IO_ERROR(readVolume(path("pipe.mhd")), "pipe.raw");
        QVERIFY(writeBytes(dir_.filePath("pipe.nhdr"),
                           "NRRD0004\ntype: ushort\ndimension: 3\nsizes: 16 16 2\nencoding: raw\n"
                           "data file: pipe.raw\n\n"));
        EXPECT_IO_ERROR(readVolume(path("pipe.nhdr")), "pipe.raw");
    }

    // Sizes in a header are checked before anything is allocated from them: a 2 KB DICOM claiming 30000 x
    // 30000 pixels took 3.7 GB; a header over the memory limit is refused with the limit.
    void headersClaimingHugeImagesAreRefusedBeforeAllocating() {
        using namespace medsam::test;
        const FileSpec spec = oneSlice("1.2.826.0.1.3680043.9.7777.1.9");
        writeFile(path("huge.dcm"), spec);
        {
            // Rows and Columns rewritten to 30000 after the small pixel data was stored.
            DcmFileFormat file;
            QVERIFY(file.loadFile(path("huge.dcm").c_str()).good());
            file.getDataset()->putAndInsertUint16(DCM_Rows, 30000);
            file.getDataset()->putAndInsertUint16(DCM_Columns, 30000);
            QVERIFY(file.saveFile(path("huge.dcm").c_str(), EXS_LittleEndianExplicit).good());
        }
        EXPECT_IO_ERROR(readVolume(path("huge.dcm")), "pixel data holds");
        LoadOptions small;
        small.maxImageBytes = 128;  // 32 float voxels; the file has 8 x 8
        writeFile(path("fits.dcm"), spec);
        EXPECT_IO_ERROR(readVolume(path("fits.dcm"), small), "limit");
        Nifti1 n;
        QVERIFY(writeBytes(dir_.filePath("fits.nii"), n.file()));
        small.maxImageBytes = 64;  // 16 voxels; the file has 32
        EXPECT_IO_ERROR(readVolume(path("fits.nii"), small), "limit");
    }

    // Writers validate too: a mask with an infinite origin used to be written and abort a later `info`.
    void writersRefuseBadGeometry() {
        ImageGeometry g;
        g.size = {2, 2, 1};
        g.origin[0] = kInf;
        LabelMap labels;
        labels.labels = smallLabels(g);
        for (const char* name : {"inf.nii.gz", "inf.nii", "inf.nrrd", "inf.mha"}) {
            EXPECT_IO_ERROR(writeLabelMap(labels, path(name)), "origin");
            QVERIFY2(!QFile::exists(dir_.filePath(name)), name);
        }
        g.origin[0] = 0;
        g.spacing[2] = 1e308 * 10;
        Volume volume;
        volume.image = Image<float>(g, std::vector<float>(4, 1.0f));
        EXPECT_IO_ERROR(writeVolume(volume, path("inf.nii.gz")), "spacing");
    }

    // Every writer reports a failed write with the path: a missing folder and a full disk.
    void writeFailuresAreReported() {
        ImageGeometry g;
        g.size = {4, 4, 1};
        LabelMap labels;
        labels.labels = smallLabels(g);
        for (const char* name : {"m.nii.gz", "m.nii", "m.nrrd", "m.mha"}) {
            const std::string missing = path("no-such-folder/") + name;
            EXPECT_IO_ERROR(writeLabelMap(labels, missing), missing);
        }
        if (QFile::exists("/dev/full")) {
            // /dev/full has no extension: the writers choose by name, so go through a link named like an
            // image.
            for (const char* name : {"full.nii.gz", "full.nii", "full.mha", "full.nrrd"}) {
                const std::string link = path(name);
                QCOMPARE(::symlink("/dev/full", link.c_str()), 0);
                EXPECT_IO_ERROR(writeLabelMap(labels, link), name);
            }
        }
        // A real failed write: the process may not write past 300 bytes (EFBIG, as a full disk gives ENOSPC).
        g.size = {64, 64, 1};
        std::vector<std::uint16_t> noisy(g.voxelCount());
        std::uint32_t x = 1;
        for (auto& v : noisy) v = std::uint16_t((x = x * 1664525u + 1013904223u) >> 16);
        labels.labels = Image<std::uint16_t>(g, std::move(noisy));
        std::signal(SIGXFSZ, SIG_IGN);
        rlimit old{};
        QCOMPARE(::getrlimit(RLIMIT_FSIZE, &old), 0);
        rlimit small = old;
        small.rlim_cur = 300;
        QCOMPARE(::setrlimit(RLIMIT_FSIZE, &small), 0);
        std::vector<std::string> unreported;
        for (const char* name : {"big.nii.gz", "big.nii", "big.nrrd", "big.mha"}) {
            try {
                writeLabelMap(labels, path(name));
                unreported.push_back(name);
            } catch (const ImageIoError& e) {
                if (std::string(e.what()).find(name) == std::string::npos) unreported.push_back(e.what());
            }
        }
        QCOMPARE(::setrlimit(RLIMIT_FSIZE, &old), 0);
        QVERIFY2(unreported.empty(), unreported.empty() ? "" : unreported.front().c_str());
    }
};

QTEST_APPLESS_MAIN(TestBadInput)
#include "tst_BadInput.moc"
