#pragma once

#include <atomic>
#include <memory>
#include <string>
#include <vector>

#include "agent/policies/ExpertPolicy.h"
#include "agent/policies/Policy.h"
#include "agent/tools/PromptableSegmenter.h"

namespace medsam::agent {

// What to build for an episode, as the command line names it. One spec makes any number of independent
// (tool, policy) pairs, one per worker thread: tools and policies are not thread-safe.
struct AgentSpec {
    std::string policy = "expert";      // expert | box | box-clicks | mllm | torch | learned
    std::string tool = "classical";     // classical (the default version) | classical1..4 (rw/1..4) | sam
    std::string server;                 // mllm: OpenAI-compatible base URL, e.g. http://127.0.0.1:8000/v1
    std::string model;                  // mllm: served model name
    std::string apiKey;                 // mllm: empty -> $MEDSAM_API_KEY, $OPENAI_API_KEY; never serialised
    double serverTimeoutS = 60;         // mllm: seconds per request attempt (--timeout)
    int serverRetries = 2;              // mllm: extra attempts after a transport failure (--retries)
    long long maxReplyBytes = 1 << 20;  // mllm: largest reply body accepted (--max-reply-bytes)
    std::string policyFile;             // torch: TorchScript policy file; learned: another than the built-in
    std::string samModel;               // sam: model folder (TorchScript files + sidecar spec)
    int boxClicks = 2;                  // box-clicks: clicks after the box
    // The tool's mask choice: "on" = best of several masks by predicted IoU (the paper's evaluation), "off" =
    // the single-mask output (its RL training), "auto" = on for SAM-family tools. See multimaskFor().
    std::string multimask = "auto";
    // libtorch's intra-op threads (process-wide, set by the first torch-backed tool or policy made; 0 = all
    // cores). eval sets cores / jobs so parallel workers do not oversubscribe.
    int torchThreads = 0;
    ExpertConfig expert;
};

// The policy and tool names the factories know, for --help and error messages.
const std::vector<std::string>& knownPolicies();
const std::vector<std::string>& knownTools();
// The classical tool's version a tool name selects: "classical" -> kDefaultClassicalVersion, "classicalN" ->
// N; 0 for a tool that is not the classical one.
int classicalToolVersion(const std::string& tool);

// Throws std::invalid_argument with a message naming the missing option (e.g. "--policy mllm needs --server")
// or the unknown name; backend errors (a model folder that does not load) come through as they are.
void validateSpec(const AgentSpec& spec);
// Whether the spec needs the torch plugin (the sam tool or the torch policy). makeTool/makePolicy load it on
// first use (agent/plugin/TorchPluginLoader.h): a missing or broken plugin throws TorchPluginError naming the
// file; the classical tool and the other policies never touch it.
bool needsTorch(const AgentSpec& spec);
// EnvConfig::multimask for the spec: "on" -> true, "off" -> false, "auto" -> true for the sam tool (as the
// published inference script asks SAM2 for 3 masks), false otherwise.
bool multimaskFor(const AgentSpec& spec);
std::unique_ptr<PromptableSegmenter> makeTool(const AgentSpec& spec);
std::unique_ptr<Policy> makePolicy(const AgentSpec& spec, const std::atomic<bool>* cancel = nullptr);

}  // namespace medsam::agent
