#include <QtTest>
#include <random>

#include "core/codec/MaskCodec.h"

using namespace medsam::core;

namespace {
// A 512x512 agent-sized mask: a disc of radius 80.
Mask disc512() {
    ImageGeometry g;
    g.size = {512, 512, 1};
    Mask disc(g);
    for (int y = 0; y < 512; ++y)
        for (int x = 0; x < 512; ++x) disc.at(x, y) = (x - 250) * (x - 250) + (y - 240) * (y - 240) < 80 * 80;
    return disc;
}
}  // namespace

class TestMaskCodec : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void roundTripIsExactForRandomMasks() {
        std::mt19937 rng(7);
        for (const Size3 size : {Size3{1, 1, 1}, Size3{17, 13, 1}, Size3{64, 33, 7}}) {
            ImageGeometry g;
            g.size = size;
            Mask mask(g);
            for (auto& v : mask.voxels()) v = (rng() % 5 == 0) ? 1 : 0;
            const Mask back = decodeMask(encodeMask(mask));
            QCOMPARE(back.size(), size);
            QVERIFY(back.voxels() == mask.voxels());
        }
    }

    void labelsKeepEveryValue() {
        ImageGeometry g;
        g.size = {40, 30, 2};
        Image<std::uint16_t> labels(g);
        for (std::size_t n = 0; n < labels.voxels().size(); ++n)
            labels.voxels()[n] = (n / 97) % 3 == 0 ? 65535 : n % 7;
        QVERIFY(decodeLabels(encodeLabels(labels)).voxels() == labels.voxels());
    }

    void typicalMaskIsSmall() {
        const auto bytes = encodeMask(disc512());
        QVERIFY2(bytes.size() < 2000, qPrintable(QString::number(bytes.size())));
    }

    void geometryMustAgree() {
        ImageGeometry g;
        g.size = {8, 8, 1};
        ImageGeometry other = g;
        other.size = {8, 9, 1};
        other.spacing = {0.5, 0.5, 2};
        QVERIFY_THROWS_EXCEPTION(MaskCodecError, decodeMask(encodeMask(Mask(g)), other));
        other.size = g.size;
        QCOMPARE(decodeMask(encodeMask(Mask(g)), other).geometry().spacing[0], 0.5);
    }

    void corruptBytesAreRejectedNotCrashed() {
        ImageGeometry g;
        g.size = {32, 32, 1};
        Mask mask(g, 1);
        auto bytes = encodeMask(mask);
        QVERIFY_THROWS_EXCEPTION(MaskCodecError, decodeMask(std::vector<std::uint8_t>{}));
        QVERIFY_THROWS_EXCEPTION(MaskCodecError, decodeLabels(bytes));  // wrong pixel type
        bytes.resize(bytes.size() - 3);
        QVERIFY_THROWS_EXCEPTION(MaskCodecError, decodeMask(bytes));
    }

    // Every single-byte corruption of an encoded mask must be an error: before the checksum, 72 of 2000
    // random corruptions of a realistic mask decoded to a different mask without one. Exhaustive over every
    // byte and every nonzero XOR pattern of a small mask, random over a realistic 512x512 disc.
    void everySingleByteCorruptionIsAnError() {
        ImageGeometry g;
        g.size = {9, 7, 2};
        Mask small(g);
        for (std::size_t n = 0; n < small.voxels().size(); ++n) small.voxels()[n] = (n * 7 + n / 5) % 3 == 0;
        const auto bytes = encodeMask(small);
        int silent = 0;
        for (std::size_t at = 0; at < bytes.size(); ++at) {
            for (int flip = 1; flip < 256; ++flip) {
                auto broken = bytes;
                broken[at] ^= static_cast<std::uint8_t>(flip);
                if (decodesWithoutError(broken)) ++silent;
            }
        }
        QCOMPARE(silent, 0);

        const auto discBytes = encodeMask(disc512());
        std::mt19937 rng(3);
        for (int trial = 0; trial < 2000; ++trial) {
            auto broken = discBytes;
            broken[rng() % broken.size()] ^= static_cast<std::uint8_t>(1 + rng() % 255);
            if (decodesWithoutError(broken)) ++silent;
        }
        QCOMPARE(silent, 0);
    }

    // Blobs written before the checksum (magic MSK1) still decode. These 31 bytes are what the MSK1 encoder
    // (commit b527d14) wrote for the 5x3 mask below.
    void legacyBlobsWithoutChecksumStillDecode() {
        const std::vector<std::uint8_t> legacy = {
            0x4d, 0x53, 0x4b, 0x31, 0x01, 0x28, 0xb5, 0x2f, 0xfd, 0x20, 0x11, 0x89, 0x00, 0x00, 0x05, 0x03,
            0x01, 0x00, 0x02, 0x01, 0x03, 0x00, 0x01, 0x01, 0x02, 0x00, 0x02, 0x01, 0x04, 0x00, 0x01};
        const Mask m = decodeMask(legacy);
        QCOMPARE(m.size(), (Size3{5, 3, 1}));
        const std::vector<std::uint8_t> expected = {0, 0, 1, 1, 1, 0, 1, 1, 0, 0, 1, 1, 1, 1, 0};
        QVERIFY(m.voxels() == expected);
        // Trailing bytes after the single frame (e.g. an MSK2 blob whose magic became MSK1) are refused.
        auto trailing = legacy;
        trailing.insert(trailing.end(), {0x12, 0x34, 0x56, 0x78});
        QVERIFY_THROWS_EXCEPTION(MaskCodecError, decodeMask(trailing));
    }

private:
    static bool decodesWithoutError(const std::vector<std::uint8_t>& bytes) {
        try {
            decodeMask(bytes);
            return true;
        } catch (const MaskCodecError&) {
            return false;  // the expected outcome; any other exception type fails the test
        }
    }
};

QTEST_APPLESS_MAIN(TestMaskCodec)
#include "tst_MaskCodec.moc"
