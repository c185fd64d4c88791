// Cost of the metrics (Dice every agent step, full surface metrics at evaluation) and of the click oracle
// (every simulated-annotator step). Run: build/dev/bench/bench_metrics --benchmark_repetitions=5
// --benchmark_report_aggregates_only=true, and report the medians.
#include <benchmark/benchmark.h>

#include "core/metrics/SegmentationMetrics.h"
#include "core/prompts/ClickOracle.h"

using namespace medsam::core;

namespace {

// A ball (disc when depth is 1) of radius r voxels centred at (cx, cy, cz).
Mask ball(int size, int depth, double cx, double cy, double cz, double r) {
    ImageGeometry g;
    g.size = {size, size, depth};
    g.spacing = {0.8, 0.8, depth > 1 ? 1.5 : 1.0};
    Mask m(g);
    for (int k = 0; k < depth; ++k)
        for (int j = 0; j < size; ++j)
            for (int i = 0; i < size; ++i)
                m.at(i, j, k) = (i - cx) * (i - cx) + (j - cy) * (j - cy) + (k - cz) * (k - cz) <= r * r;
    return m;
}

// The 3D pair: two offset spheres filling much of a 256^3 grid (radius 80 voxels, 6 voxels apart).
const Mask& sphereA() {
    static const Mask m = ball(256, 256, 128, 128, 128, 80);
    return m;
}
const Mask& sphereB() {
    static const Mask m = ball(256, 256, 134, 125, 130, 78);
    return m;
}

}  // namespace

static void BM_Dice3D(benchmark::State& state) {
    const Mask& a = sphereA();
    const Mask& b = sphereB();
    for (auto _ : state) benchmark::DoNotOptimize(dice(a, b));
    state.counters["voxels/s"] = benchmark::Counter(static_cast<double>(a.voxels().size()),
                                                    benchmark::Counter::kIsIterationInvariantRate);
}
BENCHMARK(BM_Dice3D)->Unit(benchmark::kMillisecond);

static void BM_ComputeMetrics3D(benchmark::State& state) {
    const Mask& a = sphereA();
    const Mask& b = sphereB();
    SegmentationMetrics m;
    for (auto _ : state) {
        m = computeMetrics(a, b);
        benchmark::DoNotOptimize(m);
    }
    state.counters["hd95_mm"] = m.hd95;
    state.counters["surface_voxels"] =
        static_cast<double>(m.predictedSurfaceVoxels + m.referenceSurfaceVoxels);
}
BENCHMARK(BM_ComputeMetrics3D)->Unit(benchmark::kMillisecond);

static void BM_Dice2D(benchmark::State& state) {
    const Mask a = ball(512, 1, 256, 250, 0, 120), b = ball(512, 1, 262, 256, 0, 115);
    for (auto _ : state) benchmark::DoNotOptimize(dice(a, b));
}
BENCHMARK(BM_Dice2D)->Unit(benchmark::kMicrosecond);

static void BM_ComputeMetrics2D(benchmark::State& state) {
    const Mask a = ball(512, 1, 256, 250, 0, 120), b = ball(512, 1, 262, 256, 0, 115);
    for (auto _ : state) benchmark::DoNotOptimize(computeMetrics(a, b));
}
BENCHMARK(BM_ComputeMetrics2D)->Unit(benchmark::kMicrosecond);

// The oracle on a 512x512 slice: a prediction offset from the reference, with a few earlier clicks.
static void BM_ClickOracle512(benchmark::State& state) {
    const Mask ref = ball(512, 1, 256, 250, 0, 120), pred = ball(512, 1, 270, 262, 0, 110);
    ClickOracleOptions options;
    options.strategy = state.range(0) == 0 ? ClickStrategy::DeepestError : ClickStrategy::LargestErrorRegion;
    const std::vector<Click> clicks{{150, 250, true, 0.0}, {380, 270, false, 0.0}};
    for (auto _ : state) benchmark::DoNotOptimize(nextClick(pred, ref, clicks, options));
    state.SetLabel(state.range(0) == 0 ? "deepest_error" : "largest_region");
}
BENCHMARK(BM_ClickOracle512)->Arg(0)->Arg(1)->Unit(benchmark::kMicrosecond);

BENCHMARK_MAIN();
