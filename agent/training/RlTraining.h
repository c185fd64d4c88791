#pragma once

#include <functional>
#include <string>
#include <vector>

#include "agent/env/SegmentationEnv.h"
#include "agent/training/PolicyTrainer.h"
#include "agent/training/TrainingCases.h"
#include "core/prompts/ClickOracle.h"

// Stage 2: multi-turn GRPO in SegmentationEnv with the published reward (docs/training.md): per task a group
// of rollouts sampled from the policy, each scored by R = 0.2 F + 0.8 Q (agent/env/Reward.h), advantages
// relative to the group, a clipped policy-gradient step over every decision of the group.
namespace medsam::agent {

// (reward - group mean) / (group std + eps), population std; all zero for a group of equal rewards.
std::vector<double> groupAdvantages(const std::vector<double>& rewards, double eps = 1e-6);

// One episode of the policy from the person's first prompt.
struct Rollout {
    std::vector<RlSample> decisions;  // advantage still 0
    double reward = 0.0;
    double format = 0.0;     // F of the reward
    double dice = 0.0;       // final mask
    int turns = 0;           // prompt actions, the first prompt included
    bool stopped = false;    // ended by the policy's stop (not the turn limit)
    int invalidActions = 0;  // clicks outside the slice, boxes of no area
    int envSteps = 0;
};

// Runs one rollout of `trainer` (choosing by `mode`, with `seed`) on `c` from `firstPrompt`.
Rollout runRollout(const PolicyTrainer& trainer, SegmentationEnv& env, const TrainingCase& c,
                   const core::Action& firstPrompt, std::uint64_t seed, PolicyTrainer::ActMode mode);

struct RlOptions {
    int iterations = 50;
    int tasksPerIteration = 8;
    int groupSize = 8;  // rollouts per task (the paper: 8)
    int maxTurns = 5;
    int updateEpochs =
        2;  // passes over each iteration's decisions (the ratio departs from 1 after the first)
    // Sample the click cell too (Sample), or click the heatmap's most likely cell (SampleAction, default).
    PolicyTrainer::ActMode mode = PolicyTrainer::ActMode::SampleAction;
    RlStepConfig step;
    // Task selection: this share of each iteration's tasks comes from the cases where the person's box alone
    // falls short (box-only Dice under hardDice, measured once with the tool), the rest from all cases. On
    // data where a box is mostly enough, uniform tasks teach only "stop after the box" (docs/training.md);
    // the clicking decisions are learned on the cases that need them. 0 = uniform, as published.
    double hardShare = 0.0;
    double hardDice = 0.9;
    int firstIteration = 1;
    unsigned seed = 0;
    int jobs = 1;
    std::string tool = "classical";
    core::BoxJitter initialBoxJitter{0.05, 0.0};
};

struct RlIterationLog {
    int iteration = 0;
    double meanReward = 0.0;
    double meanDice = 0.0;
    double meanTurns = 0.0;
    double stopRate = 0.0;     // rollouts ended by the policy's stop
    double formatRate = 0.0;   // mean F
    double invalidRate = 0.0;  // invalid actions per decision
    RlStepMetrics step;        // of the last update epoch
    double seconds = 0.0;
    double envStepsPerSecond = 0.0;
};

// The Dice of the person's box alone on each case (one tool call each), in case order.
std::vector<double> boxOnlyDice(const std::vector<TrainingCase>& cases, const RlOptions& options);

using RlIterationCallback = std::function<void(const RlIterationLog&)>;

void runRl(PolicyTrainer& trainer, const std::vector<TrainingCase>& cases, const RlOptions& options,
           const RlIterationCallback& onIteration);

}  // namespace medsam::agent
