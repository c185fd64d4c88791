// The plugin's side of agent/plugin/TorchBackend.h: the only code of libmedsam_torch.so that the programs
// reach, through two exported C functions. Everything else in the plugin is hidden (CMakeLists.txt).
#include <torch/version.h>

#include "agent/plugin/TorchBackend.h"
#include "agent/policies/TorchPolicy.h"
#include "agent/tools/SamSegmenter.h"
#include "agent/tools/SamSyntheticModel.h"
#include "agent/training/TorchPolicyTrainer.h"

namespace medsam::agent {
namespace {

class LibtorchBackend final : public TorchBackend {
public:
    std::string torchVersion() const override { return TORCH_VERSION; }

    std::unique_ptr<PromptableSegmenter> makeSamSegmenter(const std::filesystem::path& modelDir,
                                                          const SamSegmenterOptions& options) const override {
        return std::make_unique<SamSegmenter>(modelDir, options);
    }

    std::unique_ptr<Policy> makeTorchPolicy(const std::string& modelPath, const std::string& sidecarPath,
                                            int threads) const override {
        return std::make_unique<TorchPolicy>(modelPath, sidecarPath, threads);
    }

    std::unique_ptr<PolicyTrainer> makePolicyTrainer(const PolicySpec& spec, const PolicyNetConfig& config,
                                                     const std::string& initialWeights) const override {
        return makeTorchPolicyTrainer(spec, config, initialWeights);
    }

    void writeSyntheticSamModel(const std::filesystem::path& dir, const SamModelSpec& spec,
                                const SyntheticSamOptions& options) const override {
        agent::writeSyntheticSamModel(dir, spec, options);
    }
};

}  // namespace
}  // namespace medsam::agent

extern "C" __attribute__((visibility("default"))) int medsam_torch_abi_version() {
    return medsam::agent::kTorchPluginAbi;
}

extern "C" __attribute__((visibility("default"))) const medsam::agent::TorchBackend* medsam_torch_backend() {
    static const medsam::agent::LibtorchBackend backend;
    return &backend;
}
