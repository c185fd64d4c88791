#pragma once

#include <memory>
#include <string>

#include "agent/training/PolicyTrainer.h"

// The torch side of PolicyTrainer, built into the torch plugin only (agent/plugin/TorchBackend.h).
namespace medsam::agent {

// A fresh network for `spec` (version 2) with weights drawn from config.seed, or, when `initialWeights` names
// a policy file, that file's weights (it must have this network's parameters: a file from exportPolicy).
// Throws std::invalid_argument for a spec it cannot serve, std::runtime_error naming a file that does not
// load.
std::unique_ptr<PolicyTrainer> makeTorchPolicyTrainer(const PolicySpec& spec, const PolicyNetConfig& config,
                                                      const std::string& initialWeights);

}  // namespace medsam::agent
