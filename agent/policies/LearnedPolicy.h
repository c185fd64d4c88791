#pragma once

#include <memory>
#include <optional>
#include <string>

#include "agent/policies/EpisodeContext.h"
#include "agent/policies/Policy.h"

namespace medsam::agent {

// The learned policy as a person meets it (`--policy learned`, the studio's "Learned (built-in)"): the
// person's first prompt (a box or a click) is the first action, then the network decides the rest: refine
// with clicks, re-box, or stop. Without a first prompt the network also places the first prompt. Wraps the
// TorchScript policy of the torch plugin (TorchPolicy), so this class links no torch.
class LearnedPolicy : public Policy, public EpisodeAware {
public:
    LearnedPolicy(std::unique_ptr<Policy> network, std::string modelPath);
    std::string name() const override;
    void reset() override;
    void beginEpisode(const EpisodeContext& context) override;
    Decision decide(const Observation& observation) override;

private:
    std::unique_ptr<Policy> network_;
    std::string modelPath_;
    std::optional<core::Action> initial_;
};

// The built-in policy file (policy-default.pt with its sidecar): $MEDSAM_POLICY_DIR/policy-default.pt when
// that variable is set, else the installed share/medsam-agent/models next to the program, else the source
// tree's resources/models (a build that was not installed). Throws std::runtime_error listing where it
// looked.
std::string defaultLearnedPolicyPath();

}  // namespace medsam::agent
