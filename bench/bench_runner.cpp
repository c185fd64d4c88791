// How long a cancel takes to end a running episode: from AgentRunner::cancel() to the worker thread's end,
// while the policy is inside a 150 ms decision (the scripted policy does not poll the flag, so what is left of
// that decision counts). This used to be a wall-clock assertion in tst_AgentRunner (flaky on a loaded
// machine); it is measured here instead.
#include <benchmark/benchmark.h>

#include <chrono>
#include <thread>

#include "agent/runner/AgentRunner.h"
#include "tests/agent/GeometricSegmenter.h"
#include "tests/agent/ScriptedPolicy.h"
#include "tests/agent/SquareEpisode.h"

using namespace medsam;

static void BM_CancelDuringDecision(benchmark::State& state) {
    const agent::EpisodeRequest request = test::squareEpisode();
    test::GeometricSegmenter tool(agent::PromptProtocol::Accumulated);
    for (auto _ : state) {
        test::ScriptedPolicy slow({core::Action::box(8, 8, 23, 23), core::Action::point(3, 3, true),
                                   core::Action::point(4, 4, true), core::Action::point(5, 5, true)},
                                  150);
        agent::AgentRunner runner(tool, &slow);
        runner.start(request);
        std::this_thread::sleep_for(std::chrono::milliseconds(200));  // inside the second decision
        const auto start = std::chrono::steady_clock::now();
        runner.cancel();
        if (!runner.wait(10000)) state.SkipWithError("the episode did not end within 10 s of cancel()");
        state.SetIterationTime(
            std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count());
    }
}
BENCHMARK(BM_CancelDuringDecision)->UseManualTime()->Iterations(5)->Unit(benchmark::kMillisecond);

BENCHMARK_MAIN();
