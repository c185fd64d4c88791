#pragma once

#include <functional>
#include <random>
#include <string>
#include <vector>

#include "agent/policies/ExpertPolicy.h"
#include "agent/training/PolicyTrainer.h"
#include "agent/training/TrainingCases.h"
#include "core/prompts/ClickOracle.h"

// Behaviour-cloning data: the simulated expert (hybrid prompting with progress-constrained sampling,
// agent/policies/ExpertPolicy.h) drives the weight-free tool on labelled cases; every decision it takes after
// the person's first prompt becomes one SftSample (the encoded observation and the expert's action).
namespace medsam::agent {

struct ExpertSampleOptions {
    int episodesPerCase = 4;
    // Share of episodes that start from the person's box (jittered from the reference, as the evaluation's
    // initial box); the others start from the expert's first click.
    double boxStartShare = 0.75;
    core::BoxJitter initialBoxJitter{0.05, 0.0};
    double cropJitter = 0.1;  // the v2 frame is scaled and shifted by up to this fraction of its side
    int maxTurns = 5;
    int jobs = 1;       // worker threads, each with its own tool
    unsigned seed = 0;  // with the same cases and options, the same samples in the same order
    std::string tool = "classical";
    ExpertConfig expert;
};

using SampleProgress = std::function<void(int casesDone, int casesTotal)>;

// Throws what the tool throws when it cannot be made; a case whose episode fails is skipped and counted in
// `failures` when given. Cases with expertEpisodes false get no episodes.
std::vector<SftSample> collectExpertSamples(const std::vector<TrainingCase>& cases, const PolicySpec& spec,
                                            const ExpertSampleOptions& options,
                                            const SampleProgress& progress = {}, int* failures = nullptr);

// `frame` scaled and shifted by up to `jitter` of its side (v2 specs; v1 frames and jitter 0 unchanged): the
// training samples' crop augmentation.
ModelFrame jitteredFrame(ModelFrame frame, const PolicySpec& spec, double jitter, std::mt19937& rng);

// The SftSample of one decision (the expert's, or a person's replayed) taken on `observation` in `frame`.
SftSample sampleFromDecision(const Observation& observation, const PolicySpec& spec, const ModelFrame& frame,
                             const core::Action& action);

}  // namespace medsam::agent
