#include <QtTest>

#include "core/render/SliceRenderer.h"

using namespace medsam::core;

namespace {
Image<float> ramp(int w, int h) {
    ImageGeometry g;
    g.size = {w, h, 1};
    Image<float> img(g);
    for (int y = 0; y < h; ++y)
        for (int x = 0; x < w; ++x) img.at(x, y) = static_cast<float>(x + 100 * y);
    return img;
}
}  // namespace

class TestSliceRenderer : public QObject {
    Q_OBJECT
private Q_SLOTS:
    // What a model sees (issue 12): colour bytes as they are; 8-bit grey as it is (no percentile stretch);
    // other data through the 0.5/99.5 percentile window.
    void modelPictureKeepsColourAndEightBitData() {
        ImageGeometry g;
        g.size = {3, 2, 1};
        const Image<float> dim(g, std::vector<float>{10, 20, 30, 40, 50, 60});
        SliceAppearance eightBit;
        eightBit.eightBit = true;
        const RgbImage grey = renderForModel(dim, eightBit);
        for (int n = 0; n < 6; ++n)
            for (int c = 0; c < 3; ++c) QCOMPARE(int(grey.rgb[std::size_t(3 * n + c)]), 10 * (n + 1));
        const RgbImage stretched = renderForModel(dim, SliceAppearance{});
        QCOMPARE(int(stretched.rgb[0]), 0);  // percentile window: the darkest pixel becomes black
        QCOMPARE(int(stretched.rgb[15]), 255);
        SliceAppearance colour;
        colour.eightBit = true;
        for (int n = 0; n < 18; ++n) colour.rgb.push_back(static_cast<std::uint8_t>(n * 13));
        const RgbImage picture = renderForModel(dim, colour);
        QCOMPARE(picture.width, 3);
        QCOMPARE(picture.height, 2);
        QCOMPARE(picture.rgb, colour.rgb);
        colour.rgb.pop_back();
        QVERIFY_THROWS_EXCEPTION(std::invalid_argument, renderForModel(dim, colour));
    }

    void windowMapsLinearlyAndClamps() {
        const WindowLevel w = WindowLevel::fromRange(0, 100);
        QCOMPARE(applyWindow(-5, w), std::uint8_t{0});
        QCOMPARE(applyWindow(50, w), std::uint8_t{128});
        QCOMPARE(applyWindow(1e6f, w), std::uint8_t{255});
        QCOMPARE(applyWindow(std::numeric_limits<float>::quiet_NaN(), w), std::uint8_t{0});
        QVERIFY(findWindowPreset("ct-lung").has_value());
        QCOMPARE(findWindowPreset("ct-lung")->center, -600.0);
    }

    void autoWindowIgnoresHotVoxels() {
        ImageGeometry g;
        g.size = {1000, 1, 1};
        Image<float> img(g);
        for (int x = 0; x < 1000; ++x) img.at(x, 0) = static_cast<float>(x % 100);
        img.at(3, 0) = 1e9f;
        const WindowLevel w = autoWindow(img);
        QVERIFY(w.upper() < 100.5);
        QVERIFY(w.lower() < 1.0);
    }

    void overlayIsFiftyFiftyPureGreen() {
        const Image<float> img = ramp(4, 3);
        const RgbImage grey = renderSlice(img, WindowLevel::fromRange(0, 255));
        QCOMPARE(int(grey.pixel(2, 1)[0]), 102);
        Mask m(img.geometry());
        m.at(2, 1) = 1;
        const RgbImage over = blendMask(grey, m);
        QCOMPARE(int(over.pixel(2, 1)[0]), 51);
        // 0.5*102 + 0.5*255 = 178.5 -> 178: truncated, as the published overlay's astype(np.uint8)
        QCOMPARE(int(over.pixel(2, 1)[1]), 178);
        QCOMPARE(int(over.pixel(2, 1)[2]), 51);
        QCOMPARE(int(over.pixel(1, 1)[1]), int(grey.pixel(1, 1)[1]));
        Mask wrong(ramp(5, 3).geometry());
        QVERIFY_THROWS_EXCEPTION(std::invalid_argument, blendMask(grey, wrong));
    }

    void resizeKeepsConstantsAndCornersAligned() {
        RgbImage flat(7, 5, {10, 20, 30});
        const RgbImage big = resize(flat, 512, 512);
        QCOMPARE(big.width, 512);
        QCOMPARE(int(big.pixel(300, 17)[2]), 30);
        const RgbImage grey = renderSlice(ramp(2, 1), WindowLevel::fromRange(0, 1));
        const RgbImage up = resize(grey, 4, 1);
        QCOMPARE(int(up.pixel(0, 0)[0]), 0);   // pixel-centre alignment: edges replicate
        QCOMPARE(int(up.pixel(1, 0)[0]), 64);  // 0.25 of the way
        QCOMPARE(int(up.pixel(3, 0)[0]), 255);
    }

    void promptsAreDrawnOnlyWhereAsked() {
        RgbImage pic(50, 50, {0, 0, 0});
        drawPrompts(pic, {Action::point(10, 10, true), Action::box(20, 20, 40, 40)}, 1.0, 1.0);
        QCOMPARE(int(pic.pixel(10, 10)[1]), 200);
        QCOMPARE(int(pic.pixel(30, 20)[0]), 255);
        QCOMPARE(int(pic.pixel(30, 30)[0]), 0);
    }
};

QTEST_APPLESS_MAIN(TestSliceRenderer)
#include "tst_SliceRenderer.moc"
