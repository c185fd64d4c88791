// Encode/decode cost and size of agent masks, the thing written to the database on every step.
#include <benchmark/benchmark.h>

#include "core/codec/MaskCodec.h"

using namespace medsam::core;

static Mask disc(int size) {
    ImageGeometry g;
    g.size = {size, size, 1};
    Mask m(g);
    const int r = size / 5;
    for (int y = 0; y < size; ++y)
        for (int x = 0; x < size; ++x)
            m.at(x, y) = (x - size / 2) * (x - size / 2) + (y - size / 3) * (y - size / 3) < r * r;
    return m;
}

static void BM_EncodeMask(benchmark::State& state) {
    const Mask m = disc(static_cast<int>(state.range(0)));
    std::size_t bytes = 0;
    for (auto _ : state) {
        auto out = encodeMask(m);
        bytes = out.size();
        benchmark::DoNotOptimize(out);
    }
    state.counters["encoded_bytes"] = static_cast<double>(bytes);
}
BENCHMARK(BM_EncodeMask)->Arg(256)->Arg(512)->Unit(benchmark::kMicrosecond);

static void BM_DecodeMask(benchmark::State& state) {
    const auto bytes = encodeMask(disc(static_cast<int>(state.range(0))));
    for (auto _ : state) benchmark::DoNotOptimize(decodeMask(bytes));
}
BENCHMARK(BM_DecodeMask)->Arg(256)->Arg(512)->Unit(benchmark::kMicrosecond);

BENCHMARK_MAIN();
