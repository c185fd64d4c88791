#pragma once

#include <atomic>
#include <functional>
#include <vector>

#include "agent/env/SegmentationEnv.h"
#include "agent/eval/CaseLoader.h"
#include "agent/eval/EvalResults.h"
#include "agent/eval/Factories.h"
#include "agent/eval/Manifest.h"

namespace medsam::agent {

struct EvalConfig {
    AgentSpec agent;
    EnvConfig env;            // maxTurns etc.
    CaseLoadOptions loading;  // the baselines' box jitter and the seed
    int jobs = 1;             // worker threads, each with its own tool and policy
    double nsdToleranceMm = 2.0;
    // Called (serialised, from the worker that ran it) with every finished trajectory, e.g. to record it in a
    // project database; exceptions it throws make the case a failed row.
    std::function<void(const ManifestCase&, const core::Trajectory&)> onTrajectory;
};

// Scores one finished trajectory against its reference: final-mask metrics (Dice, IoU, NSD, HD95), Dice/IoU
// after each turn (carried forward after the end), turns, reward and time.
CaseResult scoreTrajectory(const core::Trajectory& trajectory, const core::Mask& reference, int maxTurns,
                           double nsdToleranceMm = 2.0);

// Runs every case (load, episode, score) on `config.jobs` threads. A case that cannot be loaded or run is a
// "failed" row with its error; a case whose reference is empty on the slice is "skipped" (as in the paper).
// `onCase` is called (serialised) as each case finishes, with the number done so far; if it throws, the
// remaining cases are not run and evaluate() rethrows that exception after the workers have stopped.
using CaseCallback = std::function<void(const CaseResult&, int done, int total)>;
std::vector<CaseResult> evaluate(const std::vector<ManifestCase>& cases, const EvalConfig& config,
                                 const CaseCallback& onCase = {}, const std::atomic<bool>* cancel = nullptr);

}  // namespace medsam::agent
