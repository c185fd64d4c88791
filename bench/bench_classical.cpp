// Latency of the classical segmenter (docs/tools.md): setImage (per-slice features, uncached) and one
// corrective click (box + 3 accumulated clicks + previous mask) at 256^2 and 512^2, one core. Target: click <
// 100 ms at 512^2. ws = 2 and tool = 2: classical-rw/2; 3: classical-rw/3; 4: classical-rw/4.
#include <benchmark/benchmark.h>

#include "agent/tools/ClassicalSegmenter.h"
#include "tests/support/HardCases.h"
#include "tests/support/SimulatedAnnotator.h"

using namespace medsam;

namespace {

// 0 = classical-rw/1, 1 = classical-ws/1, 2..4 = classical-rw/2..4.
agent::ClassicalSegmenterOptions optionsFor(int algorithm) {
    if (algorithm >= 2) return agent::classicalOptions(algorithm);
    agent::ClassicalSegmenterOptions o;
    o.algorithm = algorithm == 0 ? agent::ClassicalSegmenterOptions::Algorithm::RandomWalker
                                 : agent::ClassicalSegmenterOptions::Algorithm::Watershed;
    return o;
}

void BM_SetImage(benchmark::State& state) {
    const auto ph = test::makeLobedPhantom(static_cast<int>(state.range(0)), 3);
    agent::ClassicalSegmenter seg;
    for (auto _ : state) seg.setImage(ph.image, "");  // empty key: always recomputed
}
BENCHMARK(BM_SetImage)->Arg(256)->Arg(512)->Unit(benchmark::kMillisecond);

// setImage with the feature stack (an opt-in switch, not in classical-rw/3's defaults; docs/tools.md): what
// the per-slice features of a prompt-fitted classifier cost at 512^2.
void BM_SetImageFeatureStack(benchmark::State& state) {
    const auto ph = test::makeLobedPhantom(static_cast<int>(state.range(0)), 3);
    auto o = agent::classicalV3Options();
    o.featureStack = true;
    agent::ClassicalSegmenter seg(o);
    for (auto _ : state) seg.setImage(ph.image, "");
}
BENCHMARK(BM_SetImageFeatureStack)->Arg(512)->Unit(benchmark::kMillisecond);

void BM_SetImageCached(benchmark::State& state) {
    const auto ph = test::makeLobedPhantom(static_cast<int>(state.range(0)), 3);
    agent::ClassicalSegmenter seg;
    seg.setImage(ph.image, "slice");
    for (auto _ : state) seg.setImage(ph.image, "slice");
}
BENCHMARK(BM_SetImageCached)->Arg(256)->Arg(512)->Unit(benchmark::kMicrosecond);

// A realistic click: the annotator's box, three corrective clicks so far, the previous mask as prior.
void BM_PredictClick(benchmark::State& state) {
    const auto ph = test::makeLobedPhantom(static_cast<int>(state.range(0)), 3);
    agent::ClassicalSegmenter seg(optionsFor(static_cast<int>(state.range(1))));
    seg.setImage(ph.image, "slice");
    agent::PromptSet prompts;
    prompts.box = test::boundingBox(ph.reference);
    core::Mask pred = seg.predict(prompts, {}).mask;
    for (int k = 0; k < 3; ++k) {
        if (auto c = test::nextClick(pred, ph.reference, prompts.points)) prompts.points.push_back(*c);
        agent::PredictOptions opt;
        opt.previousMask = &pred;
        pred = seg.predict(prompts, opt).mask;
    }
    if (auto c = test::nextClick(pred, ph.reference, prompts.points)) prompts.points.push_back(*c);
    agent::PredictOptions opt;
    opt.previousMask = &pred;
    for (auto _ : state) benchmark::DoNotOptimize(seg.predict(prompts, opt));
    state.counters["cg_iterations"] = seg.lastIterations();
    state.counters["box_pixels"] =
        (prompts.box->x1 - prompts.box->x0 + 1) * (prompts.box->y1 - prompts.box->y0 + 1);
}
BENCHMARK(BM_PredictClick)
    ->ArgNames({"size", "ws"})
    ->Args({256, 0})
    ->Args({512, 0})
    ->Args({256, 1})
    ->Args({512, 1})
    ->Args({256, 2})
    ->Args({512, 2})
    ->Args({256, 3})
    ->Args({512, 3})
    ->Unit(benchmark::kMillisecond);

// A head CT in HU whose skull ring fills a slice of state.range(0) pixels, set on the tool version
// state.range(1), and the box around the skull: the set-up of the two CT benchmarks below.
struct SkullBox {
    explicit SkullBox(const benchmark::State& state)
        : ph(test::makeRingPhantom(static_cast<int>(state.range(0)), 7, true, 6.0)),
          seg(optionsFor(static_cast<int>(state.range(1)))) {
        seg.setImage(ph.image, "slice");
        prompts.box = test::boundingBox(ph.reference);
    }
    test::Phantom ph;
    agent::ClassicalSegmenter seg;
    agent::PromptSet prompts;
};

// classical-rw/2's region click at its largest: a head CT in HU (the skull ring filling the slice), the box's
// result as previous mask, one negative click in the wrongly filled interior (the flood covers most of it).
void BM_PredictRegionClick(benchmark::State& state) {
    SkullBox b(state);
    const core::Mask pred = b.seg.predict(b.prompts, {}).mask;
    b.prompts.points.push_back({0.5 * (b.prompts.box->x0 + b.prompts.box->x1),
                                0.5 * (b.prompts.box->y0 + b.prompts.box->y1), false});
    agent::PredictOptions opt;
    opt.previousMask = &pred;
    for (auto _ : state) benchmark::DoNotOptimize(b.seg.predict(b.prompts, opt));
    state.counters["cg_iterations"] = b.seg.lastIterations();
}
BENCHMARK(BM_PredictRegionClick)
    ->ArgNames({"size", "tool"})
    ->Args({512, 0})
    ->Args({512, 2})
    ->Args({512, 3})
    ->Unit(benchmark::kMillisecond);

// classical-rw/2's CT box check: the box alone around the skull of a head CT filling the slice (version 2
// solves a second, rim-seeded problem there).
void BM_PredictBoneBox(benchmark::State& state) {
    SkullBox b(state);
    for (auto _ : state) benchmark::DoNotOptimize(b.seg.predict(b.prompts, {}));
    state.counters["cg_iterations"] = b.seg.lastIterations();
}
BENCHMARK(BM_PredictBoneBox)
    ->ArgNames({"size", "tool"})
    ->Args({512, 0})
    ->Args({512, 2})
    ->Args({512, 3})
    ->Args({512, 4})
    ->Unit(benchmark::kMillisecond);

// classical-rw/4's ring check at its largest: the box alone around an MR-like ring filling the slice whose
// box answer is the ring's hole (the ring of tool-quality's held case ring-1, scaled up); version 4 solves a
// second, wall-seeded problem there. The Dice counter shows which answer came back.
void BM_PredictRingBox(benchmark::State& state) {
    const auto ph = test::makeRingPhantom(static_cast<int>(state.range(0)), 301, false, 6.0);
    agent::ClassicalSegmenter seg(optionsFor(static_cast<int>(state.range(1))));
    seg.setImage(ph.image, "slice");
    agent::PromptSet prompts;
    prompts.box = test::boundingBox(ph.reference);
    core::Mask mask;
    for (auto _ : state) mask = seg.predict(prompts, {}).mask;
    state.counters["cg_iterations"] = seg.lastIterations();
    state.counters["dice"] = test::dice(mask, ph.reference);
}
BENCHMARK(BM_PredictRingBox)
    ->ArgNames({"size", "tool"})
    ->Args({512, 3})
    ->Args({512, 4})
    ->Unit(benchmark::kMillisecond);

// Worst case: a box covering the whole 512^2 slice.
void BM_PredictWholeSlice(benchmark::State& state) {
    const int n = static_cast<int>(state.range(0));
    const auto ph = test::makeLobedPhantom(n, 3);
    agent::ClassicalSegmenter seg;
    seg.setImage(ph.image, "slice");
    agent::PromptSet prompts;
    prompts.box = agent::BoxPrompt{0, 0, double(n - 1), double(n - 1)};
    prompts.points.push_back({n / 2.0, n / 2.0, true});
    for (auto _ : state) benchmark::DoNotOptimize(seg.predict(prompts, {}));
    state.counters["cg_iterations"] = seg.lastIterations();
}
BENCHMARK(BM_PredictWholeSlice)->Arg(256)->Arg(512)->Unit(benchmark::kMillisecond);

}  // namespace

BENCHMARK_MAIN();
