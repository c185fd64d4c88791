#pragma once

#include <cstdint>
#include <functional>
#include <optional>

#include "core/image/Image.h"
#include "core/trajectory/Action.h"
#include "core/trajectory/Trajectory.h"

namespace medsam::agent {

// What an action would achieve, computed on a scratch evaluation of the tool (the environment's state is not
// changed). Used by the expert's progress-constrained sampling.
struct ActionPreview {
    double iou = 0.0;
    double dice = 0.0;
};
using ActionEvaluator = std::function<ActionPreview(const core::Action&)>;

// Facts about an episode that are not part of the published observation. Only simulators (the expert) may
// read the reference; baselines get the user's first prompt (e.g. a box drawn by a person, or derived from
// the reference by the evaluation harness) and nothing else.
struct EpisodeContext {
    const core::Mask* reference = nullptr;
    ActionEvaluator evaluate;                   // set when a reference exists
    std::optional<core::Action> initialPrompt;  // the user's box or click, when one is given
    std::uint64_t seed = 0;                     // per-episode seed (case index, trajectory id)
};

// Implemented by policies that need the episode context; the loop (runner, evaluation) calls beginEpisode()
// right after Policy::reset().
class EpisodeAware {
public:
    virtual ~EpisodeAware() = default;
    virtual void beginEpisode(const EpisodeContext& context) = 0;
    // Who the recorded steps name as the actor: the simulated expert says Expert.
    virtual core::Actor actsAs() const { return core::Actor::Agent; }
};

}  // namespace medsam::agent
