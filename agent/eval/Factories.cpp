#include "agent/eval/Factories.h"

#include <algorithm>
#include <stdexcept>

#include "agent/plugin/TorchPluginLoader.h"
#include "agent/policies/BaselinePolicies.h"
#include "agent/policies/LearnedPolicy.h"
#include "agent/policies/MllmPolicy.h"
#include "agent/tools/ClassicalSegmenter.h"

namespace medsam::agent {

const std::vector<std::string>& knownPolicies() {
    static const std::vector<std::string> names{"expert", "box", "box-clicks", "mllm", "torch", "learned"};
    return names;
}

const std::vector<std::string>& knownTools() {
    static const std::vector<std::string> names{"classical",  "classical1", "classical2",
                                                "classical3", "classical4", "sam"};
    return names;
}

namespace {
std::string joined(const std::vector<std::string>& v) {
    std::string s;
    for (const auto& x : v) s += (s.empty() ? "" : ", ") + x;
    return s;
}
}  // namespace

namespace {
// "learned@FILE": the learned policy from another file, so that eval compares several in one run.
constexpr const char* kLearnedFilePrefix = "learned@";
bool isLearnedFromFile(const std::string& policy) {
    return policy.rfind(kLearnedFilePrefix, 0) == 0 && policy.size() > std::string(kLearnedFilePrefix).size();
}
}  // namespace

int classicalToolVersion(const std::string& tool) {
    if (tool == "classical") return kDefaultClassicalVersion;
    if (tool == "classical1") return 1;
    if (tool == "classical2") return 2;
    if (tool == "classical3") return 3;
    if (tool == "classical4") return 4;
    return 0;
}

void validateSpec(const AgentSpec& spec) {
    const auto& p = knownPolicies();
    if (!isLearnedFromFile(spec.policy) && std::find(p.begin(), p.end(), spec.policy) == p.end()) {
        throw std::invalid_argument("unknown policy '" + spec.policy + "' (known: " + joined(p) + ")");
    }
    const auto& t = knownTools();
    if (std::find(t.begin(), t.end(), spec.tool) == t.end()) {
        throw std::invalid_argument("unknown tool '" + spec.tool + "' (known: " + joined(t) + ")");
    }
    if (spec.policy == "mllm" && spec.server.empty()) {
        throw std::invalid_argument(
            "--policy mllm needs --server URL (an OpenAI-compatible server, e.g. vLLM serving "
            "MedSAM-Agent-Qwen3-VL-8B: --server http://127.0.0.1:8000/v1 [--model NAME])");
    }
    if (spec.policy == "torch" && spec.policyFile.empty()) {
        throw std::invalid_argument("--policy torch needs --policy-file FILE (a TorchScript policy)");
    }
    if (spec.tool == "sam" && spec.samModel.empty()) {
        throw std::invalid_argument("--tool sam needs --sam-model DIR (TorchScript encoder/decoder + spec)");
    }
    if (spec.boxClicks < 0) throw std::invalid_argument("--box-clicks must be >= 0");
    if (spec.multimask != "auto" && spec.multimask != "on" && spec.multimask != "off")
        throw std::invalid_argument("--multimask must be auto, on or off, not '" + spec.multimask + "'");
}

bool needsTorch(const AgentSpec& spec) {
    return spec.tool == "sam" || spec.policy == "torch" || spec.policy == "learned" ||
           isLearnedFromFile(spec.policy);
}

bool multimaskFor(const AgentSpec& spec) {
    if (spec.multimask == "on") return true;
    if (spec.multimask == "off") return false;
    return spec.tool == "sam";
}

std::unique_ptr<PromptableSegmenter> makeTool(const AgentSpec& spec) {
    validateSpec(spec);
    if (const int version = classicalToolVersion(spec.tool); version > 0)
        return std::make_unique<ClassicalSegmenter>(classicalOptions(version));
    SamSegmenterOptions options;
    options.threads = spec.torchThreads;
    return torchBackend().makeSamSegmenter(spec.samModel, options);
}

std::unique_ptr<Policy> makePolicy(const AgentSpec& spec, const std::atomic<bool>* cancel) {
    validateSpec(spec);
    if (spec.policy == "expert") return std::make_unique<ExpertPolicy>(spec.expert);
    if (spec.policy == "box") return std::make_unique<BoxBaselinePolicy>();
    if (spec.policy == "box-clicks") return std::make_unique<BoxClicksBaselinePolicy>(spec.boxClicks);
    if (spec.policy == "mllm") {
        MllmPolicyConfig config;
        config.client.baseUrl = spec.server;
        config.client.model = spec.model;
        config.client.apiKey = spec.apiKey;
        config.client.timeoutMs = static_cast<int>(spec.serverTimeoutS * 1000.0);
        config.client.maxRetries = spec.serverRetries;
        config.client.maxReplyBytes = spec.maxReplyBytes;
        return std::make_unique<MllmPolicy>(config, cancel);
    }
    const int threads = spec.torchThreads > 0 ? spec.torchThreads : 1;
    if (spec.policy == "learned" || isLearnedFromFile(spec.policy)) {
        // The built-in file unless --policy-file (or learned@FILE) names another one.
        const std::string file = isLearnedFromFile(spec.policy)
                                     ? spec.policy.substr(std::string(kLearnedFilePrefix).size())
                                 : spec.policyFile.empty() ? defaultLearnedPolicyPath()
                                                           : spec.policyFile;
        return std::make_unique<LearnedPolicy>(torchBackend().makeTorchPolicy(file, {}, threads), file);
    }
    return torchBackend().makeTorchPolicy(spec.policyFile, {}, threads);
}

}  // namespace medsam::agent
