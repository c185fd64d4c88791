// SamSegmenter against weightless TorchScript models whose output is a known function of the prompts
// (agent/tools/SamSyntheticModel.h), so that every pixel of the returned mask can be predicted exactly.
#include <QTemporaryDir>
#include <QtTest>
#include <cmath>
#include <filesystem>
#include <fstream>

#include "agent/env/SegmentationEnv.h"
#include "agent/tools/SamSegmenter.h"
#include "agent/tools/SamSyntheticModel.h"
#include "agent/tools/TorchThreads.h"

using namespace medsam;
using namespace medsam::agent;
namespace fs = std::filesystem;

Q_DECLARE_METATYPE(medsam::agent::ResizeMode)

namespace {

SamModelSpec tinySpec(int inputSize, int encoderOutputs, ResizeMode resize) {
    SamModelSpec s;
    s.name = encoderOutputs == 1 ? "tiny-sam" : "tiny-sam2";
    s.family = encoderOutputs == 1 ? "sam" : "sam2";
    s.inputSize = inputSize;
    s.lowResSize = inputSize;  // mask output = low-res = input size: no lossy resampling inside the model
    s.encoderOutputs = encoderOutputs;
    s.resize = resize;
    s.pointPadding = encoderOutputs == 1 ? PointPadding::WhenNoBox : PointPadding::Always;
    return s;
}

fs::path writeModel(const QTemporaryDir& tmp, const SamModelSpec& spec) {
    const fs::path dir = fs::path(tmp.path().toStdString()) / spec.name;
    writeSyntheticSamModel(dir, spec, SyntheticSamOptions{});
    return dir;
}

core::Image<float> makeSlice(int w, int h, core::Vec3 spacing = {1, 1, 1}) {
    core::ImageGeometry g;
    g.size = {w, h, 1};
    g.spacing = spacing;
    g.origin = {-12.5, 40, 7};
    core::Image<float> img(g);
    for (int y = 0; y < h; ++y)
        for (int x = 0; x < w; ++x) img.at(x, y) = static_cast<float>(100 + 3 * x - 2 * y + (x * y) % 7);
    return img;
}

// The model-input scale of each axis, computed here independently of the code under test.
std::pair<double, double> axisScales(int w, int h, int S, ResizeMode resize) {
    if (resize == ResizeMode::Stretch) return {double(S) / w, double(S) / h};
    const double k = double(S) / std::max(w, h);
    return {double(int(w * k + 0.5)) / w, double(int(h * k + 0.5)) / h};
}

// Squared model-pixel distance between slice pixels (i, j) and (x, y).
double modelDist2(double sx, double sy, double i, double j, double x, double y) {
    return (i - x) * (i - x) * sx * sx + (j - y) * (j - y) * sy * sy;
}

struct DiscCheck {
    int mismatches = 0, inside = 0, ambiguous = 0;
};
// Compares `m` against "inside a disc of radius r (model pixels) around (x, y)" combined by `expectedAt`;
// pixels within 1 model px^2 of the disc boundary are left out (bilinear resampling of r^2 - d^2 is
// exact only up to a fraction of a pixel^2).
template <typename F>
DiscCheck compareMask(const core::Mask& m, F expectedAt) {
    DiscCheck c;
    for (int j = 0; j < m.height(); ++j)
        for (int i = 0; i < m.width(); ++i) {
            const int e = expectedAt(i, j);  // 1 inside, 0 outside, -1 ambiguous
            if (e < 0) {
                ++c.ambiguous;
                continue;
            }
            c.inside += e;
            if (m.at(i, j) != e) ++c.mismatches;
        }
    return c;
}

int discState(double d2, double r) {
    if (std::abs(d2 - r * r) < 1.0) return -1;
    return d2 < r * r ? 1 : 0;
}

void writeText(const fs::path& p, const std::string& text) {
    std::ofstream out(p, std::ios::binary | std::ios::trunc);
    out << text;
}

std::string readText(const fs::path& p) {
    std::ifstream in(p, std::ios::binary);
    std::ostringstream s;
    s << in.rdbuf();
    return s.str();
}

template <typename F>
QString errorOf(F f) {
    try {
        f();
    } catch (const SegmenterError& e) {
        return QString::fromStdString(e.what());
    }
    return {};
}

}  // namespace

class TestSamSegmenter : public QObject {
    Q_OBJECT
private:
    QTemporaryDir tmp_;

private Q_SLOTS:
    void boxIsExactOnOddAndAnisotropicSlices_data() {
        QTest::addColumn<int>("w");
        QTest::addColumn<int>("h");
        QTest::addColumn<int>("outputs");
        QTest::addColumn<ResizeMode>("resize");
        QTest::newRow("37x53 sam pad") << 37 << 53 << 1 << ResizeMode::LongestSidePad;
        QTest::newRow("53x37 sam pad") << 53 << 37 << 1 << ResizeMode::LongestSidePad;
        QTest::newRow("37x53 sam2 stretch") << 37 << 53 << 3 << ResizeMode::Stretch;
        QTest::newRow("61x29 sam2 pad") << 61 << 29 << 3 << ResizeMode::LongestSidePad;
    }
    void boxIsExactOnOddAndAnisotropicSlices() {
        QFETCH(int, w);
        QFETCH(int, h);
        QFETCH(int, outputs);
        QFETCH(ResizeMode, resize);
        // Input 256 magnifies ~5x: a half-pixel slip in the coordinate mapping would move a box edge.
        SamSegmenter seg(writeModel(tmp_, tinySpec(256, outputs, resize)));
        const auto slice = makeSlice(w, h, {0.7, 2.5, 1});
        seg.setImage(slice, "s");
        const BoxPrompt box{5, 7, w - 9.0, h - 6.0};
        const auto r = seg.predict({box, {}}, {});
        QVERIFY(r.mask.geometry().sameGrid(slice.geometry()));
        for (int j = 0; j < h; ++j)
            for (int i = 0; i < w; ++i) {
                const int expected = i >= box.x0 && i <= box.x1 && j >= box.y0 && j <= box.y1;
                if (r.mask.at(i, j) != expected) QFAIL(qPrintable(QString("pixel %1,%2").arg(i).arg(j)));
            }
    }

    void pointDiscLandsOnTheClick_data() { boxIsExactOnOddAndAnisotropicSlices_data(); }
    void pointDiscLandsOnTheClick() {
        QFETCH(int, w);
        QFETCH(int, h);
        QFETCH(int, outputs);
        QFETCH(ResizeMode, resize);
        const int S = 256;
        SamSegmenter seg(writeModel(tmp_, tinySpec(S, outputs, resize)));
        seg.setImage(makeSlice(w, h), "");
        const PointPrompt p{17, 11, true};
        const auto r = seg.predict({std::nullopt, {p}}, {});
        const auto [sx, sy] = axisScales(w, h, S, resize);
        // Channel 0 of the synthetic model is a disc of radius 6 model pixels.
        const auto c = compareMask(
            r.mask, [&](int i, int j) { return discState(modelDist2(sx, sy, i, j, p.x, p.y), 6); });
        QCOMPARE(c.mismatches, 0);
        QVERIFY(c.inside > 0);
        QVERIFY(r.mask.at(17, 11) == 1);
        QCOMPARE(r.score, 0.5);
    }

    void realisticMaskSizeStillPlacesTheDisc() {
        // SAM's layout: masks come out at a quarter of the input size and are upsampled; the disc then is
        // right up to the blur of two bilinear resamplings.
        auto spec = tinySpec(256, 1, ResizeMode::LongestSidePad);
        spec.name = "tiny-quarter";
        spec.lowResSize = 64;
        SamSegmenter seg(writeModel(tmp_, spec));
        seg.setImage(makeSlice(37, 53), "");
        PredictOptions multi;
        multi.multimask = true;
        const auto r = seg.predict({std::nullopt, {{18, 26, true}}}, multi);
        const auto [sx, sy] = axisScales(37, 53, 256, ResizeMode::LongestSidePad);
        int inter = 0, uni = 0;
        for (int j = 0; j < 53; ++j)
            for (int i = 0; i < 37; ++i) {
                const bool e = modelDist2(sx, sy, i, j, 18, 26) < 81;  // best-IoU channel: radius 9
                inter += e && r.mask.at(i, j);
                uni += e || r.mask.at(i, j);
            }
        QVERIFY2(inter > 0.85 * uni, qPrintable(QString("IoU %1").arg(double(inter) / uni)));
        QCOMPARE(r.logits.width, 64);
        QCOMPARE(int(r.logits.values.size()), 64 * 64);
    }

    void multimaskChoosesTheHighestPredictedIou() {
        SamSegmenter seg(writeModel(tmp_, tinySpec(256, 1, ResizeMode::LongestSidePad)));
        seg.setImage(makeSlice(37, 53), "k");
        const PromptSet click{std::nullopt, {{20, 30, true}}};
        PredictOptions multi;
        multi.multimask = true;
        const auto best = seg.predict(click, multi);
        QCOMPARE(seg.lastDecoderCall().chosenMask, 2);  // IoUs 0.3, 0.9, 0.6 among channels 1..3
        QVERIFY(std::abs(best.score - 0.9) < 1e-6);
        const auto single = seg.predict(click, {});
        QCOMPARE(seg.lastDecoderCall().chosenMask, 0);
        QCOMPARE(single.score, 0.5);
        const auto [sx, sy] = axisScales(37, 53, 256, ResizeMode::LongestSidePad);
        const auto c = compareMask(
            best.mask, [&](int i, int j) { return discState(modelDist2(sx, sy, i, j, 20, 30), 9); });
        QCOMPARE(c.mismatches, 0);
    }

    // EnvConfig::multimask reaches the decoder's mask choice. The synthetic decoder's best multimask output
    // (IoU 0.9, channel 2, radius 9) is neither its first mask nor its first multimask channel, so the
    // environment must take the best by predicted IoU, as the paper's evaluation does; off keeps channel 0.
    void environmentMultimaskSwitchTakesTheBestMask() {
        SamSegmenter seg(writeModel(tmp_, tinySpec(256, 1, ResizeMode::LongestSidePad)));
        const auto [sx, sy] = axisScales(37, 53, 256, ResizeMode::LongestSidePad);
        for (const bool multimask : {true, false}) {
            EnvConfig config;
            config.multimask = multimask;
            SegmentationEnv env(seg, config);
            core::Task task;
            task.target = "disc";
            env.reset(task, makeSlice(37, 53));
            env.step(core::Action::point(20, 30, true), core::Actor::Agent);
            QCOMPARE(seg.lastDecoderCall().chosenMask, multimask ? 2 : 0);
            const double radius = multimask ? 9 : 6;
            const auto c = compareMask(env.mask(), [&](int i, int j) {
                return discState(modelDist2(sx, sy, i, j, 20, 30), radius);
            });
            QCOMPARE(c.mismatches, 0);
            // The next turn asks the same way (the paper's protocol feeds the chosen mask's logits back).
            env.step(core::Action::point(5, 5, false), core::Actor::Agent);
            QCOMPARE(seg.lastDecoderCall().chosenMask, multimask ? 2 : 0);
        }
    }

    void paperProtocolSendsNewestPromptAndFeedsLogitsBack() {
        SamSegmenter seg(writeModel(tmp_, tinySpec(256, 1, ResizeMode::LongestSidePad)));
        QCOMPARE(seg.preferredProtocol(), PromptProtocol::Paper);
        QCOMPARE(QString::fromStdString(seg.name()), QString("sam/tiny-sam"));
        const int w = 37, h = 53;
        seg.setImage(makeSlice(w, h), "p");
        const BoxPrompt box{3, 4, 15, 20};
        const auto first = seg.predict({box, {}}, {});
        auto call = seg.lastDecoderCall();
        QCOMPARE(call.labels, (std::vector<float>{2, 3}));  // SAM: no padding point when a box is given
        QVERIFY(!call.hasMaskInput);

        // Turn 2 (paper): only the new click, plus turn 1's low-res logits as mask input.
        const PointPrompt click{28, 40, true};
        PredictOptions opt;
        opt.previousLogits = &first.logits;
        const auto second = seg.predict({std::nullopt, {click}}, opt);
        call = seg.lastDecoderCall();
        QCOMPARE(call.labels, (std::vector<float>{1, -1}));
        QVERIFY(call.hasMaskInput);
        QVERIFY(call.maskInput == first.logits.values);
        const auto [sx, sy] = axisScales(w, h, 256, ResizeMode::LongestSidePad);
        // The mask is the old box (fed back through the mask input) united with the new disc.
        const auto c = compareMask(second.mask, [&](int i, int j) {
            if (i >= box.x0 && i <= box.x1 && j >= box.y0 && j <= box.y1) return 1;
            return discState(modelDist2(sx, sy, i, j, click.x, click.y), 6);
        });
        QCOMPARE(c.mismatches, 0);
        // Without the logits the box is gone: feedback really travels through the mask input.
        const auto alone = seg.predict({std::nullopt, {click}}, {});
        QCOMPARE(int(alone.mask.at(10, 10)), 0);
        QCOMPARE(int(second.mask.at(10, 10)), 1);
    }

    void accumulatedProtocolSendsEveryPromptInModelPixels_data() {
        QTest::addColumn<int>("outputs");
        QTest::newRow("sam (pad only without box)") << 1;
        QTest::newRow("sam2 (always pad)") << 3;
    }
    void accumulatedProtocolSendsEveryPromptInModelPixels() {
        QFETCH(int, outputs);
        const int w = 37, h = 53, S = 256;
        SamSegmenter seg(writeModel(tmp_, tinySpec(S, outputs, ResizeMode::LongestSidePad)));
        seg.setImage(makeSlice(w, h), "a");
        const BoxPrompt box{4, 6, 30, 45};
        const PointPrompt pos{25, 40, true}, neg{10, 12, false};
        const auto r = seg.predict({box, {pos, neg}}, {});
        const auto call = seg.lastDecoderCall();
        std::vector<float> labels{2, 3, 1, 0};
        if (outputs == 3) labels.push_back(-1);
        QCOMPARE(call.labels, labels);
        const auto [sx, sy] = axisScales(w, h, S, ResizeMode::LongestSidePad);
        const double xs[] = {box.x0, box.x1, pos.x, neg.x}, ys[] = {box.y0, box.y1, pos.y, neg.y};
        for (int i = 0; i < 4; ++i) {
            QVERIFY(std::abs(call.coords[2 * i] - ((xs[i] + 0.5) * sx - 0.5)) < 1e-4);
            QVERIFY(std::abs(call.coords[2 * i + 1] - ((ys[i] + 0.5) * sy - 0.5)) < 1e-4);
        }
        const auto c = compareMask(r.mask, [&](int i, int j) {
            const int n = discState(modelDist2(sx, sy, i, j, neg.x, neg.y), 6);
            if (n != 0) return n == 1 ? 0 : -1;  // the negative click carves its disc out
            if (i >= box.x0 && i <= box.x1 && j >= box.y0 && j <= box.y1) return 1;
            return discState(modelDist2(sx, sy, i, j, pos.x, pos.y), 6);
        });
        QCOMPARE(c.mismatches, 0);
        QCOMPARE(int(r.mask.at(10, 12)), 0);
        QCOMPARE(int(r.mask.at(20, 20)), 1);
    }

    // libtorch's thread count is process-wide: constructing a segmenter must not retune it for every other
    // model of the process (it used to call at::set_num_threads in each constructor).
    void aSecondInstanceDoesNotRetuneTorchThreads() {
        const int inForce = configureTorchThreads(2);  // the process's first configuration wins
        SamSegmenter::Options o;
        o.threads = inForce + 3;
        SamSegmenter seg(writeModel(tmp_, tinySpec(64, 1, ResizeMode::LongestSidePad)), o);
        QCOMPARE(torchThreads(), inForce);
        QCOMPARE(configureTorchThreads(inForce + 5), inForce);
    }

    void embeddingsAreCachedAndPrefetched() {
        SamSegmenter::Options o;
        o.cacheCapacity = 3;
        o.threads = 1;
        SamSegmenter seg(writeModel(tmp_, tinySpec(64, 1, ResizeMode::LongestSidePad)), o);
        const auto a = makeSlice(20, 30), b = makeSlice(21, 30), c = makeSlice(22, 30), d = makeSlice(23, 30);
        seg.setImage(a, "a");
        seg.setImage(a, "a");
        QCOMPARE(seg.stats().encoderRuns, std::size_t(1));
        QCOMPARE(seg.stats().cacheHits, std::size_t(1));
        seg.prefetch({{"b", b}, {"c", c}, {"", d}});
        seg.waitForPrefetch();
        QCOMPARE(seg.stats().prefetched, std::size_t(2));
        seg.setImage(b, "b");
        seg.setImage(c, "c");
        QCOMPARE(seg.stats().encoderRuns, std::size_t(3));
        QCOMPARE(seg.stats().cacheHits, std::size_t(3));
        // Capacity 3: a fourth key evicts the least recently used ("a").
        seg.setImage(d, "d");
        seg.setImage(a, "a");
        QCOMPARE(seg.stats().encoderRuns, std::size_t(5));
        // The same key with another grid is a different image: computed again, and the result is right.
        seg.setImage(b, "d");
        QCOMPARE(seg.stats().encoderRuns, std::size_t(6));
        const auto r = seg.predict({BoxPrompt{1, 1, 5, 5}, {}}, {});
        QCOMPARE(r.mask.width(), 21);
        // Prefetching while the caller works, then destroying the segmenter with work queued, is safe.
        std::vector<std::pair<std::string, core::Image<float>>> many;
        for (int i = 0; i < 3; ++i) many.emplace_back("m" + std::to_string(i), makeSlice(30 + i, 30));
        seg.prefetch(many);
        seg.setImage(many[1].second, "m1");
        QVERIFY(seg.predict({BoxPrompt{2, 2, 9, 9}, {}}, {}).mask.at(5, 5) == 1);
    }

    void badModelDirectoriesGiveClearErrors() {
        const fs::path root = fs::path(tmp_.path().toStdString()) / "bad";
        const auto good = tinySpec(32, 1, ResizeMode::LongestSidePad);
        auto fresh = [&](const std::string& name, const SamModelSpec& spec) {
            const fs::path dir = root / name;
            writeSyntheticSamModel(dir, spec, SyntheticSamOptions{});
            return dir;
        };
        QVERIFY(errorOf([&] { SamSegmenter s(root / "nowhere"); }).contains("does not exist"));

        auto dir = fresh("nojson", good);
        fs::remove(dir / "model.json");
        QVERIFY(errorOf([&] { SamSegmenter s(dir); }).contains("no readable model.json"));

        dir = fresh("badjson", good);
        writeText(dir / "model.json", "{\"name\": \"x\", ");
        QVERIFY(errorOf([&] { SamSegmenter s(dir); }).contains("not valid JSON"));

        dir = fresh("typo", good);
        writeText(dir / "model.json", "{\"name\": \"x\", \"input_size\": 32, \"encoder_output\": 1}");
        QVERIFY(errorOf([&] { SamSegmenter s(dir); }).contains("unknown field \"encoder_output\""));

        dir = fresh("nodecoder", good);
        fs::remove(dir / "decoder.pt");
        QVERIFY(errorOf([&] { SamSegmenter s(dir); }).contains("decoder file"));

        dir = fresh("corrupt", good);
        writeText(dir / "encoder.pt", "this is not a zip archive of a TorchScript module");
        QVERIFY(errorOf([&] { SamSegmenter s(dir); }).contains("not a loadable TorchScript module"));

        dir = fresh("truncated", good);
        const auto bytes = readText(dir / "decoder.pt");
        writeText(dir / "decoder.pt", bytes.substr(0, bytes.size() / 2));
        QVERIFY(errorOf([&] { SamSegmenter s(dir); }).contains("not a loadable TorchScript module"));

        // Sidecar says three encoder outputs, files are a one-output model: caught when loading.
        dir = fresh("arity", good);
        auto spec = SamModelSpec::load(dir);
        spec.encoderOutputs = 3;
        writeText(dir / "model.json", spec.toJson());
        QVERIFY(errorOf([&] { SamSegmenter s(dir); }).contains("encoder_outputs = 3"));

        // A three-input decoder with a one-output encoder: caught on the first setImage.
        auto three = good;
        three.encoderOutputs = 3;
        dir = fresh("mixed", three);
        fs::copy_file(root / "arity" / "encoder.pt", dir / "encoder.pt",
                      fs::copy_options::overwrite_existing);
        {
            SamSegmenter s(dir);
            const auto e = errorOf([&] { s.setImage(makeSlice(10, 12), "x"); });
            QVERIFY2(e.contains("returned 1 outputs"), qPrintable(e));
            QVERIFY(errorOf([&] {
                        s.predict({BoxPrompt{1, 1, 3, 3}, {}}, {});
                    }).contains("before a successful setImage"));
        }

        // Shapes that disagree with the sidecar: caught on predict, with both shapes in the message.
        dir = fresh("lowres", good);
        spec = SamModelSpec::load(dir);
        spec.lowResSize = 16;
        writeText(dir / "model.json", spec.toJson());
        {
            SamSegmenter s(dir);
            s.setImage(makeSlice(10, 12), "");
            const auto e = errorOf([&] { s.predict({BoxPrompt{1, 1, 3, 3}, {}}, {}); });
            QVERIFY2(e.contains("low-resolution logits of shape [1,4,32,32]"), qPrintable(e));
        }
        dir = fresh("maskcount", good);
        spec = SamModelSpec::load(dir);
        spec.maskOutputs = 3;
        spec.multimaskIndices = {1, 2};
        writeText(dir / "model.json", spec.toJson());
        {
            SamSegmenter s(dir);
            s.setImage(makeSlice(10, 12), "");
            QVERIFY(errorOf([&] {
                        s.predict({BoxPrompt{1, 1, 3, 3}, {}}, {});
                    }).contains("mask_outputs = 3"));
        }
        spec.multimaskIndices = {1, 5};
        QVERIFY(errorOf([&] { spec.validate("x"); }).contains("multimask index 5"));
    }

    void badCallsGiveClearErrors() {
        SamSegmenter seg(writeModel(tmp_, tinySpec(32, 1, ResizeMode::LongestSidePad)));
        core::ImageGeometry g3;
        g3.size = {8, 8, 2};
        QVERIFY(errorOf([&] { seg.setImage(core::Image<float>(g3), "v"); }).contains("2D slice"));
        seg.setImage(makeSlice(16, 16), "s");
        QVERIFY(errorOf([&] { seg.predict({}, {}); }).contains("nothing to segment"));
        QVERIFY(errorOf([&] { seg.predict({BoxPrompt{5, 5, 2, 8}, {}}, {}); }).contains("not ordered"));
        QVERIFY(errorOf([&] { seg.predict({std::nullopt, {{NAN, 2, true}}}, {}); }).contains("not finite"));
        LowResLogits wrong;
        wrong.width = wrong.height = 8;
        wrong.values.assign(64, 1.0f);
        PredictOptions opt;
        opt.previousLogits = &wrong;
        QVERIFY(errorOf([&] { seg.predict({std::nullopt, {{3, 3, true}}}, opt); }).contains("takes 32x32"));
        // Mask input alone (no new prompt) is a valid refinement call.
        const auto first = seg.predict({BoxPrompt{2, 2, 9, 9}, {}}, {});
        opt.previousLogits = &first.logits;
        QVERIFY(seg.predict({}, opt).mask.voxels() == first.mask.voxels());
    }
};

QTEST_APPLESS_MAIN(TestSamSegmenter)
#include "tst_SamSegmenter.moc"
