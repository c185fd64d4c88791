// The SAM pre/post-processing without torch: resampling operators against hand-computed values, numpy-style
// percentiles, intensity modes, and the prompt mapping as the inverse of the logits' way back.
#include <QtTest>
#include <algorithm>
#include <cmath>
#include <random>

#include "agent/tools/PromptableSegmenter.h"
#include "agent/tools/SamTransforms.h"

using namespace medsam;
using namespace medsam::agent;
using namespace medsam::agent::sam;

namespace {

std::vector<float> apply1D(const LinearOp1D& op, const std::vector<float>& in) {
    std::vector<float> out(static_cast<std::size_t>(op.outSize));
    LinearOp1D one = bilinearOp(1, 1, false);
    resample2D(in.data(), op, one, out.data());
    return out;
}

core::Image<float> row(const std::vector<float>& v) {
    core::ImageGeometry g;
    g.size = {static_cast<int>(v.size()), 1, 1};
    return core::Image<float>(g, v);
}

}  // namespace

class TestSamTransforms : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void bilinearUpsamplingMatchesInterpolate() {
        // F.interpolate([0, 4], size=4, bilinear, align_corners=False) = [0, 1, 3, 4].
        const auto out = apply1D(bilinearOp(2, 4, false), {0, 4});
        QCOMPARE(out, (std::vector<float>{0, 1, 3, 4}));
    }

    void antialiasedDownsamplingAveragesLikePil() {
        // Halving with a triangle filter of support 2: out[0] = (0.75*a + 0.75*b + 0.25*c) / 1.75.
        const auto out = apply1D(bilinearOp(4, 2, true), {1, 2, 3, 4});
        QVERIFY(std::abs(out[0] - (0.75f * 1 + 0.75f * 2 + 0.25f * 3) / 1.75f) < 1e-6f);
        QVERIFY(std::abs(out[1] - (0.25f * 2 + 0.75f * 3 + 0.75f * 4) / 1.75f) < 1e-6f);
        // Without antialiasing it is plain bilinear at the half-pixel centres: (a+b)/2.
        QCOMPARE(apply1D(bilinearOp(4, 2, false), {1, 2, 3, 4}), (std::vector<float>{1.5f, 3.5f}));
    }

    void composedOperatorEqualsSequentialApplication() {
        std::vector<float> in(13);
        for (std::size_t i = 0; i < in.size(); ++i) in[i] = std::sin(float(i)) * 10;
        const auto a = bilinearOp(13, 40, false), c = cropOp(40, 29), b = bilinearOp(29, 17, false);
        const auto seq = apply1D(b, apply1D(c, apply1D(a, in)));
        const auto one = apply1D(composeOps(composeOps(a, c), b), in);
        for (std::size_t i = 0; i < seq.size(); ++i) QVERIFY(std::abs(seq[i] - one[i]) < 1e-4f);
    }

    void inputFrameFollowsSam() {
        const auto f = planInputFrame(37, 53, 1024, ResizeMode::LongestSidePad);
        QCOMPARE(f.newHeight, 1024);
        QCOMPARE(f.newWidth, 715);  // int(37 * 1024 / 53 + 0.5)
        const auto s = planInputFrame(37, 53, 512, ResizeMode::Stretch);
        QCOMPARE(s.newWidth, 512);
        QCOMPARE(s.newHeight, 512);
        // Pixel centres map onto pixel centres: the first and last slice pixels land on the resized ones.
        const auto first = sliceToModel(f, 0, 0), last = sliceToModel(f, 36, 52);
        QVERIFY(std::abs(first[0] - (0.5 * 715 / 37 - 0.5)) < 1e-9);
        QVERIFY(std::abs(last[1] - (1024 - 0.5 * 1024 / 53 - 0.5)) < 1e-9);
    }

    void percentilesMatchNumpy() {
        // numpy.percentile(range(101), [0.5, 99.5]) = [0.5, 99.5]; of range(11): [0.05, 9.95].
        std::vector<float> v(101);
        for (int i = 0; i < 101; ++i) v[static_cast<std::size_t>(100 - i)] = float(i);
        IntensitySpec p;
        const auto out = toUnitRange255(row(v), p);
        // 0 is below the 0.5th percentile (clipped to 0), 100 above the 99.5th (clipped to 255), 50 in the
        // middle.
        QCOMPARE(out[100], 0.0f);
        QCOMPARE(out[0], 255.0f);
        QVERIFY(std::abs(out[50] - 127.5f) < 1e-3f);
        QVERIFY(std::abs(out[99] - float((1 - 0.5) / 99.0 * 255)) < 1e-3f);  // value 1
    }

    void histogramPercentilesEqualSortedOnes() {
        // CT-like data: a large tie at -1000 (air), a tail, NaNs; compared with numpy's formula on a sort.
        std::mt19937 rng(3);
        std::normal_distribution<float> tissue(40.0f, 30.0f);
        std::vector<float> v;
        for (int i = 0; i < 20011; ++i)
            v.push_back(i % 3 == 0 ? -1000.0f : (i % 101 == 0 ? NAN : tissue(rng)));
        v.push_back(3000.0f);
        std::vector<float> sorted;
        for (const float x : v)
            if (std::isfinite(x)) sorted.push_back(x);
        std::sort(sorted.begin(), sorted.end());
        auto numpy = [&](double p) {
            const double pos = p / 100 * double(sorted.size() - 1);
            const auto k = std::size_t(pos);
            const double frac = pos - double(k);
            return frac == 0 ? double(sorted[k]) : sorted[k] + frac * (double(sorted[k + 1]) - sorted[k]);
        };
        for (const auto& [lo, hi] :
             std::vector<std::pair<double, double>>{{0.5, 99.5}, {0, 100}, {10, 33.3}}) {
            IntensitySpec spec;
            spec.lowerPercentile = lo;
            spec.upperPercentile = hi;
            const auto r = intensityRange(row(v), spec);
            QVERIFY(r.has_value());
            QCOMPARE(r->first, numpy(lo));
            QCOMPARE(r->second, numpy(hi));
        }
        QVERIFY(!intensityRange(row({NAN, NAN}), IntensitySpec{}).has_value());
    }

    void intensityModes() {
        IntensitySpec w;
        w.mode = IntensitySpec::Mode::Window;
        w.windowCenter = 40;
        w.windowWidth = 400;  // [-160, 240]
        const auto out = toUnitRange255(row({-1000, -160, 40, 240, 3000, NAN}), w);
        QCOMPARE(out, (std::vector<float>{0, 0, 127.5f, 255, 255, 0}));
        IntensitySpec mm;
        mm.mode = IntensitySpec::Mode::MinMax;
        QCOMPARE(toUnitRange255(row({2, 4, 6}), mm), (std::vector<float>{0, 127.5f, 255}));
        QCOMPARE(toUnitRange255(row({7, 7, 7}), mm), (std::vector<float>{0, 0, 0}));  // constant slice
        IntensitySpec none;
        none.mode = IntensitySpec::Mode::None;
        QCOMPARE(toUnitRange255(row({-3, 12, 300}), none), (std::vector<float>{0, 12, 255}));
    }

    void preprocessNormalisesAndPadsWithZeros() {
        core::ImageGeometry g;
        g.size = {4, 2, 1};
        core::Image<float> img(g, std::vector<float>(8, 255.0f));
        SamModelSpec spec;
        spec.name = "t";
        spec.inputSize = 8;
        spec.intensity.mode = IntensitySpec::Mode::None;
        const auto f = planInputFrame(4, 2, 8, ResizeMode::LongestSidePad);
        QCOMPARE(f.newWidth, 8);
        QCOMPARE(f.newHeight, 4);
        const auto out = preprocess(img, spec, f);
        QCOMPARE(int(out.size()), 3 * 64);
        for (int c = 0; c < 3; ++c)
            for (int y = 0; y < 8; ++y)
                for (int x = 0; x < 8; ++x) {
                    const float v = out[static_cast<std::size_t>(c * 64 + y * 8 + x)];
                    const float expected =
                        y < 4 ? float((255 - spec.pixelMean[c]) / spec.pixelStd[c]) : 0.0f;  // bottom padding
                    QVERIFY(std::abs(v - expected) < 1e-5f);
                }
    }

    // A colour slice goes in as its RGB bytes (the published pipeline feeds SAM2 the picture): channel c of
    // the input is plane c resized on its own, values as they are, normalised with mean[c]/std[c]. Checked
    // against the grey path with the identity intensity, plane by plane, on an odd-sized slice.
    void colourSliceFeedsEachChannelItsOwnPlane() {
        const int w = 13, h = 7;
        core::ImageGeometry g;
        g.size = {w, h, 1};
        std::vector<std::uint8_t> rgb(3 * w * h);
        for (int n = 0; n < w * h; ++n) {
            rgb[3 * n] = static_cast<std::uint8_t>(7 * n % 256);
            rgb[3 * n + 1] = static_cast<std::uint8_t>(255 - n);
            rgb[3 * n + 2] = static_cast<std::uint8_t>((n * n) % 251);
        }
        SamModelSpec spec;
        spec.name = "t";
        spec.inputSize = 32;
        spec.intensity.mode = IntensitySpec::Mode::Percentile;  // not used for colour
        const auto f = planInputFrame(w, h, 32, ResizeMode::Stretch);
        std::vector<float> colour(3 * 32 * 32);
        preprocessRgb(rgb, spec, f, colour.data());
        SamModelSpec raw = spec;
        raw.intensity.mode = IntensitySpec::Mode::None;
        for (int c = 0; c < 3; ++c) {
            std::vector<float> plane(static_cast<std::size_t>(w * h));
            for (int n = 0; n < w * h; ++n)
                plane[static_cast<std::size_t>(n)] = rgb[static_cast<std::size_t>(3 * n + c)];
            const auto grey = preprocess(core::Image<float>(g, plane), raw, f);
            for (int n = 0; n < 32 * 32; ++n)
                QVERIFY(std::abs(colour[static_cast<std::size_t>(c * 1024 + n)] -
                                 grey[static_cast<std::size_t>(c * 1024 + n)]) < 1e-5f);
        }
        // The three channels really differ (not one grey plane copied).
        QVERIFY(std::abs(colour[5] * spec.pixelStd[0] + spec.pixelMean[0] -
                         (colour[1024 + 5] * spec.pixelStd[1] + spec.pixelMean[1])) > 1.0);
        std::vector<std::uint8_t> wrong(10);
        QVERIFY_THROWS_EXCEPTION(std::invalid_argument, preprocessRgb(wrong, spec, f, colour.data()));
    }

    void sidecarRoundTripsAndRejectsNonsense() {
        SamModelSpec s;
        s.name = "medsam2";
        s.family = "sam2";
        s.inputSize = 512;
        s.lowResSize = 128;
        s.encoderOutputs = 3;
        s.resize = ResizeMode::Stretch;
        s.pointPadding = PointPadding::Always;
        s.intensity.mode = IntensitySpec::Mode::Window;
        s.singleMaskStability = StabilityFallback{};
        const auto back = SamModelSpec::fromJson(s.toJson(), "x");
        QCOMPARE(back.toJson(), s.toJson());
        QCOMPARE(back.inputSize, 512);
        QVERIFY(back.singleMaskStability.has_value());
        auto bad = [](const std::string& text) {
            try {
                SamModelSpec::fromJson(text, "m.json");
            } catch (const SegmenterError& e) {
                return QString(e.what());
            }
            return QString();
        };
        QVERIFY(bad("[1,2]").contains("must be a JSON object"));
        QVERIFY(bad(R"({"input_size": 1024})").contains("\"name\" is missing"));
        QVERIFY(bad(R"({"name": "a", "input_size": "big"})").contains("wrong type"));
        QVERIFY(bad(R"({"name":"a","input_size":64,"encoder_outputs":1,"mask_outputs":4,"low_res_size":16,)"
                    R"("resize":"crop"})")
                    .contains("resize \"crop\""));
        QVERIFY(bad(R"({"name":"a","input_size":64,"encoder_outputs":1,"mask_outputs":4,"low_res_size":128})")
                    .contains("low_res_size 128"));
    }
};

QTEST_APPLESS_MAIN(TestSamTransforms)
#include "tst_SamTransforms.moc"
