#include <QtTest>
#include <random>

#include "core/codec/MaskCodec.h"

using namespace medsam::core;

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
        ImageGeometry g;
        g.size = {512, 512, 1};
        Mask disc(g);
        for (int y = 0; y < 512; ++y)
            for (int x = 0; x < 512; ++x)
                disc.at(x, y) = (x - 250) * (x - 250) + (y - 240) * (y - 240) < 80 * 80;
        const auto bytes = encodeMask(disc);
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
        std::mt19937 rng(3);
        for (int trial = 0; trial < 200; ++trial) {
            auto broken = bytes;
            broken[5 + rng() % (broken.size() - 5)] ^= static_cast<std::uint8_t>(1 + rng() % 255);
            try {
                decodeMask(broken);
            } catch (const MaskCodecError&) {
            }
        }
        bytes.resize(bytes.size() - 3);
        QVERIFY_THROWS_EXCEPTION(MaskCodecError, decodeMask(bytes));
    }
};

QTEST_APPLESS_MAIN(TestMaskCodec)
#include "tst_MaskCodec.moc"
