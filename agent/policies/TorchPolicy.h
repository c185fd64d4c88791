#pragma once

#include <memory>
#include <string>

#include "agent/policies/Policy.h"
#include "agent/policies/PolicyTensorCodec.h"

namespace medsam::agent {

// The compact learned policy: a TorchScript network that maps the encoded observation [1, 5, H, W] to
// (action logits [1, 4], click heatmap [1, 1, H, W], box [1, 4]); see PolicyTensorCodec.h and
// docs/agent-protocol.md for the contract. Runs on the CPU with libtorch; torch stays inside TorchPolicy.cpp,
// which is built into the torch plugin only: programs get one from torchBackend().makeTorchPolicy()
// (agent/plugin/TorchBackend.h).
class TorchPolicy : public Policy {
public:
    // Loads `modelPath` (a TorchScript file, e.g. policy.pt) and its sidecar (same path with the extension
    // replaced by .json, or `sidecarPath`). Throws PolicyError Backend naming the file that is missing or
    // bad. `threads` configures libtorch's process-wide thread count only if nothing did before
    // (agent/tools/TorchThreads.h).
    explicit TorchPolicy(const std::string& modelPath, const std::string& sidecarPath = {}, int threads = 1);
    ~TorchPolicy() override;

    std::string name() const override;
    void reset() override {}
    // Throws PolicyError Backend when the observation cannot be encoded or the network's outputs break the
    // contract.
    Decision decide(const Observation& observation) override;

    const PolicySpec& spec() const { return spec_; }

private:
    struct Net;
    std::unique_ptr<Net> net_;
    PolicySpec spec_;
    std::string modelPath_;
    int threads_;
};

}  // namespace medsam::agent
