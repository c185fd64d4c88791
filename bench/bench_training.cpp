// Training throughput of the learned policy (docs/training.md): environment steps per second of RL rollouts
// with the weight-free tool, SFT samples per second of the trainer, and the cost of one decision of the
// exported policy against the box-clicks baseline's decision in the same run.
//   build/dev/bench/bench_training --benchmark_repetitions=5 --benchmark_report_aggregates_only=true
#include <benchmark/benchmark.h>

#include <filesystem>

#include "agent/env/SegmentationEnv.h"
#include "agent/policies/BaselinePolicies.h"
#include "agent/policies/TorchPolicy.h"
#include "agent/tools/ClassicalSegmenter.h"
#include "agent/tools/TorchThreads.h"
#include "agent/training/ExpertSamples.h"
#include "agent/training/RlTraining.h"
#include "agent/training/TorchPolicyTrainer.h"
#include "agent/training/TrainingPhantoms.h"
#include "core/prompts/ClickOracle.h"

using namespace medsam;
using namespace medsam::agent;

namespace {

PolicySpec spec64() {
    PolicySpec spec;
    spec.version = 2;
    spec.width = spec.height = 64;
    return spec;
}

std::unique_ptr<PolicyTrainer> trainer() {
    configureTorchThreads(1);  // one core: the figures are per core
    PolicyNetConfig config;
    return makeTorchPolicyTrainer(spec64(), config, {});
}

const std::vector<TrainingCase>& cases() {
    static const auto c = trainingPhantoms(16, 9);
    return c;
}

// Environment steps per second of sampled rollouts (policy decisions + tool calls + reward), one thread.
void BM_RolloutEnvSteps(benchmark::State& state) {
    const auto t = trainer();
    ClassicalSegmenter tool;
    EnvConfig config;
    config.renderPictures = false;
    SegmentationEnv env(tool, config);
    std::size_t i = 0;
    long steps = 0;
    for (auto _ : state) {
        const TrainingCase& c = cases()[i++ % cases().size()];
        const auto box = core::boxFromMask(c.reference, {0.05, 0.0}, static_cast<unsigned>(i));
        const Rollout r =
            runRollout(*t, env, c, core::toAction(*box), i, PolicyTrainer::ActMode::SampleAction);
        steps += r.envSteps;
    }
    state.counters["env_steps_per_s"] =
        benchmark::Counter(static_cast<double>(steps), benchmark::Counter::kIsRate);
}
BENCHMARK(BM_RolloutEnvSteps)->Unit(benchmark::kMillisecond)->UseRealTime();

// SFT optimiser steps on batches of 64 expert decisions at 64x64, one thread.
void BM_SftStep(benchmark::State& state) {
    const auto t = trainer();
    ExpertSampleOptions o;
    o.episodesPerCase = 2;
    static const auto samples = collectExpertSamples(cases(), spec64(), o);
    std::vector<const SftSample*> batch;
    for (std::size_t i = 0; i < 64; ++i) batch.push_back(&samples[i % samples.size()]);
    for (auto _ : state) benchmark::DoNotOptimize(t->sftStep(batch));
    state.counters["samples_per_s"] =
        benchmark::Counter(64.0 * state.iterations(), benchmark::Counter::kIsRate);
}
BENCHMARK(BM_SftStep)->Unit(benchmark::kMillisecond)->UseRealTime();

Observation observationOf(const TrainingCase& c, const core::Mask& mask) {
    Observation o;
    o.slice = &c.slice;
    o.mask = &mask;
    o.history = {core::Action::box(20, 20, 70, 70)};
    o.turn = 1;
    return o;
}

// One decision of the exported policy file through TorchPolicy (encode, network, decode) at 64x64 ...
void BM_LearnedDecision(benchmark::State& state) {
    const auto dir = std::filesystem::temp_directory_path() / "medsam-bench-training";
    std::filesystem::create_directories(dir);
    trainer()->exportPolicy((dir / "policy.pt").string());
    TorchPolicy policy((dir / "policy.pt").string());
    const TrainingCase& c = cases()[0];
    const core::Mask mask(c.slice.geometry());
    const Observation o = observationOf(c, mask);
    for (auto _ : state) benchmark::DoNotOptimize(policy.decide(o));
    std::filesystem::remove_all(dir);
}
BENCHMARK(BM_LearnedDecision)->Unit(benchmark::kMillisecond)->UseRealTime();

// ... against the box-clicks baseline's decision (a distance transform of the box) on the same observation.
void BM_BoxClicksDecision(benchmark::State& state) {
    BoxClicksBaselinePolicy policy(5);
    EpisodeContext context;
    context.initialPrompt = core::Action::box(20, 20, 70, 70);
    policy.beginEpisode(context);
    const TrainingCase& c = cases()[0];
    const core::Mask mask(c.slice.geometry());
    const Observation o = observationOf(c, mask);
    for (auto _ : state) benchmark::DoNotOptimize(policy.decide(o));
}
BENCHMARK(BM_BoxClicksDecision)->Unit(benchmark::kMillisecond)->UseRealTime();

}  // namespace

BENCHMARK_MAIN();
