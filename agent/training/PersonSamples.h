#pragma once

#include <string>
#include <vector>

#include "agent/training/PolicyTrainer.h"
#include "agent/training/TrainingCases.h"

// Behaviour cloning of people: each curated trajectory attached to a case (TrainingCase::trajectories, read
// from an export by ExportedSessions.h) is replayed in SegmentationEnv with the training tool, and every
// decision after the person's first prompt becomes one SftSample (the observation before the action, the
// action the person took, the final stop included). The first prompt starts the episode and is not a sample,
// as in ExpertSamples.h: the learned policy takes it from the person (agent/policies/LearnedPolicy.h).
// The masks are the training tool's, not the ones the person saw while annotating (they may have used another
// tool); ReplayStats::meanFinalDice says how close the replay came to the curated mask.
namespace medsam::agent {

struct PersonSampleOptions {
    std::string tool = "classical";
    double cropJitter = 0.0;  // as ExpertSampleOptions::cropJitter
    unsigned seed = 0;        // of the crop jitter; the same cases and options give the same samples
};

struct ReplayStats {
    int trajectories = 0;  // replayed to the end
    int decisions = 0;     // samples made (== the returned vector's size)
    int failed = 0;        // replays the tool or the env refused (their samples are dropped)
    double meanFinalDice = 0.0;
    std::vector<std::string> failures;  // "<origin> <session>: why"
};

// Replays every trajectory of every case, in case order. Throws what makeTool throws for an unknown tool.
std::vector<SftSample> collectPersonSamples(const std::vector<TrainingCase>& cases, const PolicySpec& spec,
                                            const PersonSampleOptions& options, ReplayStats* stats = nullptr);

}  // namespace medsam::agent
