// Per-turn costs on the policy side that are not the model: turning an observation into the compact policy's
// input tensor, and reading/writing the published tool-call text.
#include <benchmark/benchmark.h>

#include "agent/policies/PolicyTensorCodec.h"
#include "core/protocol/ToolCallCodec.h"

using namespace medsam;

static void BM_EncodeObservation(benchmark::State& state) {
    const int size = static_cast<int>(state.range(0));
    core::ImageGeometry g;
    g.size = {size, size, 1};
    core::Image<float> slice(g);
    core::Mask mask(g);
    for (int y = 0; y < size; ++y)
        for (int x = 0; x < size; ++x) {
            slice.at(x, y) = static_cast<float>((x * 7 + y * 13) % 1000);
            mask.at(x, y) =
                (x - size / 2) * (x - size / 2) + (y - size / 2) * (y - size / 2) < size * size / 16;
        }
    agent::Observation o;
    o.slice = &slice;
    o.mask = &mask;
    o.history = {core::Action::box(10, 10, size / 2.0, size / 2.0),
                 core::Action::point(size / 3.0, size / 3.0, true)};
    const agent::PolicySpec spec;  // 256 x 256
    for (auto _ : state) benchmark::DoNotOptimize(agent::encodeObservation(o, spec));
}
BENCHMARK(BM_EncodeObservation)->Arg(256)->Arg(512)->Arg(1024)->Unit(benchmark::kMillisecond);

static void BM_ParseToolCall(benchmark::State& state) {
    const std::string reply =
        "<think>The kidney is in the lower left.</think>\n<tool_call>\n{\"name\": \"add_point\", "
        "\"arguments\": "
        "{\"point_2d\": [312, 640], \"point_type\": \"negative\"}}\n</tool_call>";
    for (auto _ : state) benchmark::DoNotOptimize(core::parseAction(reply, 512, 512));
}
BENCHMARK(BM_ParseToolCall)->Unit(benchmark::kMicrosecond);

static void BM_FormatToolCall(benchmark::State& state) {
    const core::Action box = core::Action::box(40.5, 60, 200, 225.25);
    for (auto _ : state) benchmark::DoNotOptimize(core::formatAction(box, 400, 300));
}
BENCHMARK(BM_FormatToolCall)->Unit(benchmark::kMicrosecond);

BENCHMARK_MAIN();
