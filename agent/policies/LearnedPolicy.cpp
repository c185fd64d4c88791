#include "agent/policies/LearnedPolicy.h"

#include <cstdlib>
#include <filesystem>
#include <stdexcept>

namespace medsam::agent {

LearnedPolicy::LearnedPolicy(std::unique_ptr<Policy> network, std::string modelPath)
    : network_(std::move(network)), modelPath_(std::move(modelPath)) {}

std::string LearnedPolicy::name() const {
    return "learned:" + std::filesystem::path(modelPath_).filename().string();
}

void LearnedPolicy::reset() {
    initial_.reset();
    network_->reset();
}

void LearnedPolicy::beginEpisode(const EpisodeContext& context) {
    initial_ = context.initialPrompt;
}

Decision LearnedPolicy::decide(const Observation& observation) {
    if (observation.turn == 0 && initial_) return {*initial_, {}};
    return network_->decide(observation);
}

std::string defaultLearnedPolicyPath() {
    namespace fs = std::filesystem;
    constexpr const char* kFile = "policy-default.pt";
    std::vector<fs::path> tried;
    if (const char* dir = std::getenv("MEDSAM_POLICY_DIR"); dir && *dir) {
        const fs::path p = fs::path(dir) / kFile;
        if (fs::is_regular_file(p)) return p.string();
        throw std::runtime_error("MEDSAM_POLICY_DIR is set but '" + p.string() + "' is not a file");
    }
    std::error_code ec;
    const fs::path exe = fs::read_symlink("/proc/self/exe", ec);
    if (!ec) tried.push_back(exe.parent_path().parent_path() / "share" / "medsam-agent" / "models" / kFile);
    tried.push_back(fs::path(MEDSAM_SOURCE_MODELS_DIR) / kFile);
    std::string where;
    for (const fs::path& p : tried) {
        if (fs::is_regular_file(p)) return p.string();
        where += (where.empty() ? "" : ", ") + p.string();
    }
    throw std::runtime_error("the built-in learned policy is not installed (looked for " + where +
                             "); install medsam-studio-torch, set MEDSAM_POLICY_DIR, or give --policy-file");
}

}  // namespace medsam::agent
