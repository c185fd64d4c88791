#pragma once

#include <cstdint>
#include <random>
#include <vector>

#include "agent/policies/EpisodeContext.h"
#include "agent/policies/Policy.h"
#include "core/prompts/ClickOracle.h"

namespace medsam::agent {

// The simulated expert of MedSAM-Agent's trajectory generation: the hybrid prompting strategy with
// progress-constrained sampling. The published values of tau, N and the jitter are not known; these defaults
// are ours (docs/agent.md says why) and every one is configurable.
struct ExpertConfig {
    // Share of episodes that follow the box-to-point workflow (first action = jittered bounding box of the
    // reference, then corrective clicks); the rest follow sequential-click (clicks only).
    double boxToPointRatio = 0.5;
    // Each box edge moves uniformly in [-m, m] px, m = fraction * box extent + pixels (MedSAM trains with
    // 0-20 px box shifts; 5% of the side is the same order for organ-sized targets).
    core::BoxJitter boxJitter{0.05, 0.0};
    // Every action must raise IoU by at least tau (one IoU point: below that a click is noise)...
    double tau = 0.01;
    // ...else it is re-sampled up to this many times (a new jittered box, or the next-best click); when no
    // candidate passes, the expert stops.
    int maxResamples = 3;
    // Re-sampled clicks keep at least this far (px) from the candidates already rejected, so they try a
    // different part of the error instead of the neighbouring pixel.
    double resampleExclusionPx = 5.0;
    // In the click workflow, until a box is placed, a box is also considered: it is taken when no click
    // passes, or (from the second turn on) when it gains more than the click. An annotator whose clicks
    // barely take draws a box; needed for tools where single clicks do little, such as the classical one
    // (measured on the T1 brain slices: click-only episodes ended at Dice 0.52-0.64 after 5 turns). Off = the
    // strict published sequential-click workflow.
    bool boxFallback = true;
    std::uint64_t seed = 0;
};

// Box candidates: the episode's initial box (EpisodeContext::initialPrompt) when there is one, then freshly
// jittered boxes. Needs the episode's reference and evaluator (EpisodeAware); decide() without them throws
// PolicyError (Backend). Deterministic: the same config seed, episode seed and tool give the same trajectory.
class ExpertPolicy : public Policy, public EpisodeAware {
public:
    enum class Workflow { BoxToPoint, SequentialClick };

    explicit ExpertPolicy(ExpertConfig config = {});
    std::string name() const override { return "expert/1"; }
    void reset() override;
    void beginEpisode(const EpisodeContext& context) override;
    Decision decide(const Observation& observation) override;
    core::Actor actsAs() const override { return core::Actor::Expert; }

    Workflow workflow() const { return workflow_; }
    // Candidates tried (accepted or not) in the last decide(), for tests and trajectory debugging.
    int lastCandidatesTried() const { return lastTried_; }
    const ExpertConfig& config() const { return config_; }

private:
    std::vector<core::Action> clickCandidates(const Observation& observation, int count) const;
    // The episode's initial box first (when given: evaluation then compares policies from the same box), then
    // jittered bounding boxes of the reference.
    std::vector<core::Action> boxCandidates(int count);

    ExpertConfig config_;
    EpisodeContext context_;
    std::mt19937 rng_;
    Workflow workflow_ = Workflow::SequentialClick;
    int lastTried_ = 0;
};

}  // namespace medsam::agent
