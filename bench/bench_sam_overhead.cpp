// The C++ cost of the SAM path around the network: pre-processing (intensity normalisation, antialiased
// resize into the 1024 input, mean/std, padding) and post-processing (logits -> slice mask), plus
// setImage/predict with the weightless synthetic TorchScript model (so the numbers are our overhead plus
// libtorch dispatch, not a real encoder). Target: pre + post under 10 ms for a 512^2 slice at input 1024.
#include <benchmark/benchmark.h>
#include <unistd.h>

#include <filesystem>
#include <random>

#include "agent/tools/SamSegmenter.h"
#include "agent/tools/SamSyntheticModel.h"
#include "agent/tools/SamTransforms.h"

using namespace medsam;
using namespace medsam::agent;

namespace {

core::Image<float> ctLikeSlice(int size) {
    core::ImageGeometry g;
    g.size = {size, size, 1};
    core::Image<float> img(g);
    std::mt19937 rng(7);
    std::normal_distribution<float> noise(0.0f, 20.0f);
    for (int y = 0; y < size; ++y)
        for (int x = 0; x < size; ++x) {
            const float dx = float(x - size / 2), dy = float(y - size / 2);
            img.at(x, y) = (dx * dx + dy * dy < float(size * size) / 9 ? 60.0f : -900.0f) + noise(rng);
        }
    return img;
}

SamModelSpec samSpec() {
    SamModelSpec s;
    s.name = "bench-synthetic";
    s.inputSize = 1024;
    s.lowResSize = 256;
    return s;
}

std::filesystem::path syntheticModelDir() {
    static const std::filesystem::path dir = [] {
        auto d = std::filesystem::temp_directory_path() / ("medsam-bench-sam-" + std::to_string(::getpid()));
        writeSyntheticSamModel(d, samSpec(), SyntheticSamOptions{});
        return d;
    }();
    return dir;
}

}  // namespace

static void BM_SamPreprocess(benchmark::State& state) {
    const auto slice = ctLikeSlice(static_cast<int>(state.range(0)));
    const auto spec = samSpec();
    const auto frame = sam::planInputFrame(slice.width(), slice.height(), spec.inputSize, spec.resize);
    for (auto _ : state) benchmark::DoNotOptimize(sam::preprocess(slice, spec, frame));
}
BENCHMARK(BM_SamPreprocess)->Arg(512)->Unit(benchmark::kMillisecond);

// The intensity step alone (percentile clipping: two order statistics of the slice).
static void BM_SamIntensityPercentile(benchmark::State& state) {
    const auto slice = ctLikeSlice(static_cast<int>(state.range(0)));
    const IntensitySpec spec;
    for (auto _ : state) benchmark::DoNotOptimize(sam::toUnitRange255(slice, spec));
}
BENCHMARK(BM_SamIntensityPercentile)->Arg(512)->Unit(benchmark::kMillisecond);

static void BM_SamLogitsToMask(benchmark::State& state) {
    const auto slice = ctLikeSlice(static_cast<int>(state.range(0)));
    const auto spec = samSpec();
    const auto frame = sam::planInputFrame(slice.width(), slice.height(), spec.inputSize, spec.resize);
    std::vector<float> logits(256 * 256);
    for (std::size_t i = 0; i < logits.size(); ++i) logits[i] = float(int(i % 256) - 128);
    const auto plan = sam::planLogitsToSlice(frame, 256);  // built once per slice size by the segmenter
    for (auto _ : state)
        benchmark::DoNotOptimize(sam::logitsToMask(logits.data(), plan, slice.geometry(), 0.0));
}
BENCHMARK(BM_SamLogitsToMask)->Arg(512)->Unit(benchmark::kMillisecond);

static void BM_SamPlanLogitsToSlice(benchmark::State& state) {
    const int size = static_cast<int>(state.range(0));
    const auto frame = sam::planInputFrame(size, size, 1024, ResizeMode::LongestSidePad);
    for (auto _ : state) benchmark::DoNotOptimize(sam::planLogitsToSlice(frame, 256));
}
BENCHMARK(BM_SamPlanLogitsToSlice)->Arg(512)->Unit(benchmark::kMillisecond);

// setImage without cache: pre-processing + the synthetic encoder (an average pool of the 1024^2 input).
static void BM_SamSetImageSynthetic(benchmark::State& state) {
    SamSegmenter::Options o;
    o.threads = 1;
    SamSegmenter seg(syntheticModelDir(), o);
    const auto slice = ctLikeSlice(static_cast<int>(state.range(0)));
    for (auto _ : state) seg.setImage(slice, "");
}
BENCHMARK(BM_SamSetImageSynthetic)->Arg(512)->Unit(benchmark::kMillisecond);

static void BM_SamSetImageCached(benchmark::State& state) {
    SamSegmenter seg(syntheticModelDir());
    const auto slice = ctLikeSlice(static_cast<int>(state.range(0)));
    seg.setImage(slice, "k");
    for (auto _ : state) seg.setImage(slice, "k");
}
BENCHMARK(BM_SamSetImageCached)->Arg(512)->Unit(benchmark::kMicrosecond);

// predict: prompt mapping, the synthetic decoder (4 masks of 256^2), mask choice, post-processing.
static void BM_SamPredictSynthetic(benchmark::State& state) {
    SamSegmenter::Options o;
    o.threads = 1;
    SamSegmenter seg(syntheticModelDir(), o);
    const int size = static_cast<int>(state.range(0));
    seg.setImage(ctLikeSlice(size), "");
    const PromptSet prompts{BoxPrompt{100, 120, 400, 380}, {{250, 250, true}}};
    SegmentationResult last;
    PredictOptions opt;
    for (auto _ : state) {
        last = seg.predict(prompts, opt);
        opt.previousLogits = &last.logits;  // the paper protocol feeds the logits back every turn
        benchmark::DoNotOptimize(last.mask.data());
    }
}
BENCHMARK(BM_SamPredictSynthetic)->Arg(512)->Unit(benchmark::kMillisecond);

BENCHMARK_MAIN();
