#pragma once

#include <atomic>
#include <cstdint>
#include <functional>
#include <optional>
#include <string>

#include "agent/env/SegmentationEnv.h"
#include "agent/policies/Policy.h"

namespace medsam::agent {

// Everything one episode needs besides the tool and the policy.
struct EpisodeRequest {
    core::Task task;
    core::Image<float> slice;
    std::optional<core::Mask> reference;        // enables Dice/IoU, the reward and the expert
    std::string cacheKey;                       // the tool's image cache key (empty: no caching)
    core::SliceAppearance appearance;           // colour bytes / 8-bit flag (core::sliceAppearance)
    std::optional<core::Action> initialPrompt;  // the user's box/click, for baselines
    std::uint64_t seed = 0;                     // per-episode seed for stochastic policies
};

// Resets the env and the policy and hands EpisodeAware policies their context. Throws what env.reset throws.
Observation beginEpisode(SegmentationEnv& env, Policy& policy, const EpisodeRequest& request);

// Who the policy acts as in the recorded steps: Expert for the simulated expert, else Agent.
core::Actor actorFor(const Policy& policy);

// One policy turn: decide, then step. Every failure ends the episode with an error step instead of escaping:
// PolicyError(Format) -> FormatError, PolicyError(Cancelled) -> Cancelled, any other exception -> Error.
// Returns the step taken (or the error step); nullptr only when the episode had already ended.
const core::Step* policyTurn(SegmentationEnv& env, Policy& policy);

// A whole episode without threads (evaluation, batch generation). `onStep` sees each step as it is recorded;
// `cancel`, when set, is checked between turns.
using StepCallback = std::function<void(const core::Step&, const SegmentationEnv&)>;
core::Trajectory runEpisode(SegmentationEnv& env, Policy& policy, const EpisodeRequest& request,
                            const StepCallback& onStep = {}, const std::atomic<bool>* cancel = nullptr);

}  // namespace medsam::agent
