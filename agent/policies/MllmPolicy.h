#pragma once

#include <atomic>
#include <memory>
#include <string>
#include <vector>

#include "agent/policies/OpenAiChatClient.h"
#include "agent/policies/Policy.h"
#include "core/protocol/AgentProtocol.h"
#include "core/protocol/ToolCallCodec.h"

namespace medsam::agent {

struct MllmPolicyConfig {
    ChatClientConfig client;
    core::AgentProtocol protocol = core::AgentProtocol::published();
    double temperature = 0.0;  // greedy, as published
    // One extra request per turn when the reply has no valid tool call, or is a stop in the very first turn
    // (published inference). 0 disables it.
    int formatRetries = 1;
    // Lenient (default) accepts what the published inference parser accepts and reports each repair in
    // Decision::repairs; Strict takes the published schema only (core/protocol/ToolCallCodec.h).
    core::ParseMode parseMode = core::ParseMode::Lenient;
};

// The published MedSAM-Agent as a Policy: any vision-language model behind an OpenAI-compatible
// /v1/chat/completions server, spoken to in the exact published protocol (docs/agent-protocol.md), so the
// released MedSAM-Agent-Qwen3-VL-8B checkpoints work unchanged.
//
// Conversation: system prompt; first user turn = raw image (PNG data URL) + target text; then per decide()
// the model's reply as an assistant turn and, from the second call on, one user turn with the current overlay
// and the update text. The whole history, images included, is sent every turn. Prompt actions in the
// observation's history that this conversation did not produce (mixed sessions: a person's box or click) are
// replayed as assistant turns in the published text form, with text-only user turns between them.
// A retry (see formatRetries) follows the published inference script: before the first prompt action the
// failed reply is dropped and the identical conversation is resent (the script clears its history on every
// first-turn attempt); after it, the failed exchange stays and a new user turn with the current picture and
// the update text asks again. An empty reply is dropped and resent at any turn (the script never stores it).
//
// Blocking; call decide() from a worker thread (a QCoreApplication must exist). Thread-compatible, not
// thread-safe. Errors: PolicyError Format (no valid tool call after the retry; rawText holds the reply),
// Backend (server unreachable, timeout, HTTP error, garbage), Cancelled (the cancel flag was raised).
class MllmPolicy : public Policy {
public:
    explicit MllmPolicy(MllmPolicyConfig config, const std::atomic<bool>* cancel = nullptr);
    ~MllmPolicy() override;

    std::string name() const override;
    void reset() override;
    Decision decide(const Observation& observation) override;
    void setEpisodeCancelFlag(const std::atomic<bool>* flag) override;

    // The conversation so far, as the JSON "messages" array sent to the server (for logs and exports).
    std::string messagesJson() const;
    // Requests sent in this episode (retries included).
    int requestCount() const { return requests_; }

private:
    std::string ask();
    void addUserTurn(const std::vector<std::uint8_t>& rgb, int size, const std::string& text);

    MllmPolicyConfig config_;
    const std::atomic<bool>* cancel_;
    const std::atomic<bool>* episodeCancel_ = nullptr;
    std::unique_ptr<OpenAiChatClient> client_;
    struct Messages;
    std::unique_ptr<Messages> messages_;
    int requests_ = 0;
    std::size_t accounted_ = 0;  // prompt actions of the observation's history present in the conversation
};

}  // namespace medsam::agent
