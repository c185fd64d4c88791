#pragma once

#include <filesystem>
#include <memory>
#include <string>

#include "agent/policies/Policy.h"
#include "agent/tools/PromptableSegmenter.h"
#include "agent/tools/SamModelSpec.h"
#include "agent/tools/SamSyntheticModel.h"
#include "agent/training/PolicyTrainer.h"

// The seam between the programs and the torch plugin (libmedsam_torch.so, docs/architecture.md). Linking
// libtorch costs ~0.6 s and ~160 MiB per process before main() (its static operator registration), so nothing
// but the plugin links it: the programs load it with dlopen on the first torch-backed tool or policy
// (agent/plugin/TorchPluginLoader.h) and see its parts only through these interfaces. No torch header here.
namespace medsam::agent {

// Bumped whenever this header changes in a way that breaks a built plugin: a program refuses a plugin whose
// medsam_torch_abi_version() differs instead of calling into a vtable it does not understand.
inline constexpr int kTorchPluginAbi = 2;  // 2: makePolicyTrainer

// The two C symbols a plugin exports (extern "C", so that their names do not depend on the C++ mangling).
inline constexpr const char* kTorchPluginAbiSymbol = "medsam_torch_abi_version";
inline constexpr const char* kTorchPluginBackendSymbol = "medsam_torch_backend";

// What the plugin makes. The objects it returns run the plugin's code, down to their virtual destructors; the
// plugin is never unloaded, so they stay valid for as long as their owner keeps them.
class TorchBackend {
public:
    virtual std::string torchVersion() const = 0;  // libtorch's version, e.g. "1.13.0"

    // A SAM-family tool running DIR's encoder.pt/decoder.pt (agent/tools/SamSegmenter.h). Throws
    // SegmenterError naming the file and the problem.
    virtual std::unique_ptr<PromptableSegmenter> makeSamSegmenter(
        const std::filesystem::path& modelDir, const SamSegmenterOptions& options) const = 0;
    // The compact learned policy (agent/policies/TorchPolicy.h). Throws PolicyError (Backend).
    virtual std::unique_ptr<Policy> makeTorchPolicy(const std::string& modelPath,
                                                    const std::string& sidecarPath, int threads) const = 0;
    // A trainable compact policy (agent/training/PolicyTrainer.h): fresh weights from config.seed, or those
    // of the policy file `initialWeights`. Throws std::invalid_argument / std::runtime_error naming the
    // problem.
    virtual std::unique_ptr<PolicyTrainer> makePolicyTrainer(const PolicySpec& spec,
                                                             const PolicyNetConfig& config,
                                                             const std::string& initialWeights) const = 0;
    // The weightless SAM test model (agent/tools/SamSyntheticModel.h).
    virtual void writeSyntheticSamModel(const std::filesystem::path& dir, const SamModelSpec& spec,
                                        const SyntheticSamOptions& options) const = 0;

protected:
    ~TorchBackend() = default;  // owned by the plugin for the life of the process
};

}  // namespace medsam::agent
