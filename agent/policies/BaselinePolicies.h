#pragma once

#include "agent/policies/EpisodeContext.h"
#include "agent/policies/Policy.h"

namespace medsam::agent {

// The single-turn baseline of the paper's tables ("SAM/MedSAM with a box"): the user's first prompt (a box,
// from a person or derived from the reference by the evaluation harness), then stop. It never sees the
// reference itself. Without an initial prompt decide() throws PolicyError (Backend).
class BoxBaselinePolicy : public Policy, public EpisodeAware {
public:
    std::string name() const override { return "baseline-box/1"; }
    void reset() override { initial_.reset(); }
    void beginEpisode(const EpisodeContext& context) override { initial_ = context.initialPrompt; }
    Decision decide(const Observation& observation) override;

private:
    std::optional<core::Action> initial_;
};

// The box, then a fixed number of positive clicks chosen without the reference: each at the deepest point
// (largest distance to the box edge or the current mask) of the part of the box the mask does not cover yet,
// i.e. "the middle of what is still missing". The first such click on an empty mask is the box centre. It
// stops early when the mask covers the whole box. A deliberately simple interactive baseline.
class BoxClicksBaselinePolicy : public Policy, public EpisodeAware {
public:
    explicit BoxClicksBaselinePolicy(int clicks = 2);
    std::string name() const override { return "baseline-box-clicks/1"; }
    void reset() override { initial_.reset(); }
    void beginEpisode(const EpisodeContext& context) override { initial_ = context.initialPrompt; }
    Decision decide(const Observation& observation) override;

private:
    int clicks_;
    std::optional<core::Action> initial_;
};

}  // namespace medsam::agent
