#pragma once

#include <optional>
#include <string>
#include <vector>

#include "agent/env/Reward.h"
#include "agent/policies/EpisodeContext.h"
#include "agent/policies/Policy.h"
#include "agent/tools/PromptableSegmenter.h"
#include "core/image/Image.h"
#include "core/render/RgbImage.h"
#include "core/render/WindowLevel.h"
#include "core/trajectory/Trajectory.h"

namespace medsam::agent {

struct EnvConfig {
    int maxTurns = 5;      // prompt actions per episode (the paper: 5); stop does not count
    int renderSize = 512;  // the policy's image side (the paper: 512x512, plain resize)
    // Observation::imageRgb/overlayRgb. Policies that read only the slice, mask and history (the expert, the
    // baselines, the learned policy) do without: the two 512x512 resizes are most of a step's time on small
    // slices (measured while training, docs/training.md).
    bool renderPictures = true;
    // Which way to drive the tool; empty = the tool's preferredProtocol().
    std::optional<PromptProtocol> protocol;
    // Ask the tool for its best mask by predicted IoU (SAM: best of the 3 multimask outputs) instead of the
    // single-mask output. The paper's evaluation (inference script) does; its RL training did not. Tools
    // without several masks ignore it. `eval`/`segment` turn it on for SAM-family tools (--multimask auto).
    bool multimask = false;
    // Display window for the 8-bit rendering of grey slices; empty = core::modelWindow (8-bit data as it is,
    // else the 0.5/99.5 percentiles of the slice). Colour slices are shown as they are.
    std::optional<core::WindowLevel> window;
    RewardConfig reward;
};

// The agent's world for one slice: the state is the slice, the prompt history, the current mask (and the
// tool's low-resolution logits) and the recorded steps. One env per worker: not thread-safe, like its tool.
//
// Tool protocol (docs/agent.md):
//   Paper       - each call gets only the newest prompt plus the previous low-resolution logits as mask input
//                 (none on the first call), exactly as the published agent drives SAM-family tools;
//   Accumulated - each call gets every prompt so far (the newest box replaces an earlier one) plus the
//                 previous mask as a prior, except when the newest action is a box (a box re-frames the
//                 object and starts afresh); better for the classical tool and for people.
class SegmentationEnv {
public:
    explicit SegmentationEnv(PromptableSegmenter& tool, EnvConfig config = {});

    // Starts an episode: sets the tool's image (cached by `cacheKey` when non-empty), clears the state.
    // `reference`, when given, must have the slice's size; it enables Dice/IoU per step and the reward.
    // `appearance` (core::sliceAppearance): a colour image's bytes become the policy's pictures and the
    // tool's input as they are; 8-bit grey data is shown without a percentile window (issue 12).
    Observation reset(const core::Task& task, core::Image<float> slice,
                      std::optional<core::Mask> reference = {}, const std::string& cacheKey = {},
                      core::SliceAppearance appearance = {});

    struct StepResult {
        Observation observation;
        const core::Step* step = nullptr;  // the recorded step (valid until the next step or reset)
        bool done = false;
    };
    // Applies one action: a prompt runs the tool with the protocol above; stop keeps the last mask unchanged.
    // `decideMs` is the time the actor took to decide (added to the step's latency); `repairs` what the
    // tool-call parser repaired in `rawText` (recorded in the step).
    // Throws std::logic_error after the episode ended, std::invalid_argument for an inverted box, and lets
    // SegmenterError through (the caller records it with recordError()).
    StepResult step(const core::Action& action, core::Actor actor, const std::string& rawText = {},
                    double decideMs = 0.0, std::vector<std::string> repairs = {});

    // Ends the episode with an error step (a format failure, a tool or policy exception): the mask is kept.
    void recordError(core::Actor actor, const std::string& message, const std::string& rawText,
                     core::Outcome outcome, double decideMs = 0.0);
    // Ends the episode without a step (a person cancelled).
    void cancel();

    // IoU/Dice the action would give, from a scratch call of the tool; the state is not changed.
    // Requires a reference (std::logic_error otherwise). A stop previews the current mask.
    ActionPreview preview(const core::Action& action);
    // A callable for EpisodeContext::evaluate, bound to this env.
    ActionEvaluator evaluator();

    Observation observation() const;
    // The rendering for people: the overlay at `size` px with the prompts drawn (boxes, +/- clicks).
    core::RgbImage renderForPerson(int size = 512) const;

    bool done() const { return trajectory_.outcome != core::Outcome::Running; }
    core::Outcome outcome() const { return trajectory_.outcome; }
    const core::Trajectory& trajectory() const { return trajectory_; }
    const core::Mask& mask() const { return mask_; }
    const core::Image<float>& slice() const { return slice_; }
    const std::optional<core::Mask>& reference() const { return reference_; }
    int promptTurns() const { return promptTurns_; }
    PromptProtocol protocol() const;
    const EnvConfig& config() const { return config_; }
    // The final reward (also stored in trajectory().finalReward) once the episode ended with a reference.
    const std::optional<RewardBreakdown>& reward() const { return reward_; }
    PromptableSegmenter& tool() { return tool_; }

private:
    SegmentationResult runTool(const core::Action& action) const;
    core::Step& appendStep(core::Actor actor, const core::Action& action, const std::string& rawText);
    void finish(core::Outcome outcome);
    core::Action clampToSlice(const core::Action& action) const;

    PromptableSegmenter& tool_;
    EnvConfig config_;
    core::Image<float> slice_;
    std::optional<core::Mask> reference_;
    core::Mask mask_;
    LowResLogits logits_;
    std::vector<core::Action> history_;  // prompt actions only, in slice pixels
    int promptTurns_ = 0;
    std::optional<double> lastIou_;
    core::WindowLevel window_{};
    core::RgbImage base_;                 // the slice rendered to 8 bits, slice resolution
    std::vector<std::uint8_t> imageRgb_;  // base_ resized to renderSize
    core::Trajectory trajectory_;
    std::optional<RewardBreakdown> reward_;
};

}  // namespace medsam::agent
