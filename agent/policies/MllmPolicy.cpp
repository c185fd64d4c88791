#include "agent/policies/MllmPolicy.h"

#include <QByteArray>
#include <nlohmann/json.hpp>

#include "core/protocol/ToolCallCodec.h"
#include "core/render/PngCodec.h"

namespace medsam::agent {

using nlohmann::json;

struct MllmPolicy::Messages {
    json list = json::array();
};

namespace {

std::string pngDataUrl(const std::vector<std::uint8_t>& rgb, int size) {
    core::RgbImage picture;
    picture.width = size;
    picture.height = size;
    picture.rgb = rgb;
    const std::vector<std::uint8_t> png = core::encodePng(picture);
    const QByteArray base64 =
        QByteArray(reinterpret_cast<const char*>(png.data()), static_cast<qsizetype>(png.size())).toBase64();
    return "data:image/png;base64," + base64.toStdString();
}

void checkPicture(const std::vector<std::uint8_t>& rgb, int size, const char* what) {
    const std::size_t expected = static_cast<std::size_t>(size) * size * 3;
    if (size <= 0 || rgb.size() != expected)
        throw PolicyError(PolicyError::Kind::Backend,
                          std::string("MllmPolicy: observation ") + what + " holds " +
                              std::to_string(rgb.size()) + " bytes, expected " + std::to_string(size) + "x" +
                              std::to_string(size) + "x3 = " + std::to_string(expected));
}

}  // namespace

MllmPolicy::MllmPolicy(MllmPolicyConfig config, const std::atomic<bool>* cancel)
    : config_(std::move(config)),
      cancel_(cancel),
      client_(std::make_unique<OpenAiChatClient>(config_.client, cancel)),
      messages_(std::make_unique<Messages>()) {
    if (config_.protocol.systemPrompt.empty())
        throw std::invalid_argument("MllmPolicy: the protocol has no system prompt");
    if (config_.formatRetries < 0)
        throw std::invalid_argument("MllmPolicy: formatRetries must not be negative");
}

MllmPolicy::~MllmPolicy() = default;

std::string MllmPolicy::name() const {
    return "mllm:" + (config_.client.model.empty() ? std::string("server-default") : config_.client.model);
}

void MllmPolicy::setEpisodeCancelFlag(const std::atomic<bool>* flag) {
    episodeCancel_ = flag;
    client_->setEpisodeCancelFlag(flag);
}

void MllmPolicy::reset() {
    messages_->list = json::array();
    requests_ = 0;
    accounted_ = 0;
}

std::string MllmPolicy::messagesJson() const {
    return messages_->list.dump();
}

void MllmPolicy::addUserTurn(const std::vector<std::uint8_t>& rgb, int size, const std::string& text) {
    // Image first, then text: the published turns put <image> before the words.
    messages_->list.push_back(
        {{"role", "user"},
         {"content", json::array({{{"type", "image_url"}, {"image_url", {{"url", pngDataUrl(rgb, size)}}}},
                                  {{"type", "text"}, {"text", text}}})}});
}

std::string MllmPolicy::ask() {
    if ((cancel_ && cancel_->load()) || (episodeCancel_ && episodeCancel_->load()))
        throw PolicyError(PolicyError::Kind::Cancelled, "MllmPolicy: cancelled");
    try {
        json request;
        request["model"] = client_->model();
        request["messages"] = messages_->list;
        request["temperature"] = config_.temperature;
        request["max_tokens"] = config_.protocol.maxNewTokens;
        ++requests_;
        return client_->complete(request.dump());
    } catch (const ChatError& e) {
        const auto kind = e.kind() == ChatError::Kind::Cancelled ? PolicyError::Kind::Cancelled
                                                                 : PolicyError::Kind::Backend;
        throw PolicyError(kind, std::string("MllmPolicy: ") + e.what());
    }
}

Decision MllmPolicy::decide(const Observation& observation) {
    const core::ImageGeometry* geometry = observation.slice  ? &observation.slice->geometry()
                                          : observation.mask ? &observation.mask->geometry()
                                                             : nullptr;
    if (!geometry)
        throw PolicyError(
            PolicyError::Kind::Backend,
            "MllmPolicy: the observation has no slice, so coordinates cannot be mapped to pixels");
    const int width = static_cast<int>(geometry->size[0]);
    const int height = static_cast<int>(geometry->size[1]);

    if (observation.turn == 0) reset();  // a turn-0 observation always starts a new conversation
    std::vector<core::Action> prompts;
    for (const core::Action& a : observation.history)
        if (a.isPrompt()) prompts.push_back(a);
    const bool fresh = messages_->list.empty();
    const bool first = prompts.empty();  // no prompt on the image yet: a stop now is retried once
    if (fresh) checkPicture(observation.imageRgb, observation.renderSize, "imageRgb");
    if (!first) checkPicture(observation.overlayRgb, observation.renderSize, "overlayRgb");
    const std::vector<std::uint8_t>& picture = first ? observation.imageRgb : observation.overlayRgb;

    // On any failure the conversation goes back to where it was, so a later call sees no half turn.
    const std::size_t entrySize = messages_->list.size();
    const std::size_t entryAccounted = accounted_;
    try {
        if (fresh) {
            messages_->list.push_back({{"role", "system"}, {"content", config_.protocol.systemPrompt}});
            addUserTurn(observation.imageRgb, observation.renderSize,
                        config_.protocol.firstTurn(observation.target));
            accounted_ = 0;
        }
        // Actions this conversation did not produce (a person's box before the agent takes over, a click
        // between agent turns) are replayed as assistant turns in the published text form, so the model's
        // context matches the image. Their intermediate masks were never rendered: those user turns are text.
        const auto endsWithAssistant = [&] {
            return !messages_->list.empty() && messages_->list.back()["role"] == "assistant";
        };
        for (std::size_t j = accounted_; j < prompts.size(); ++j) {
            if (endsWithAssistant())
                messages_->list.push_back(
                    {{"role", "user"},
                     {"content",
                      json::array({{{"type", "text"}, {"text", config_.protocol.laterTurnText}}})}});
            messages_->list.push_back(
                {{"role", "assistant"}, {"content", core::formatAction(prompts[j], width, height)}});
        }
        if (endsWithAssistant()) addUserTurn(picture, observation.renderSize, config_.protocol.laterTurnText);
        // A retry follows the published inference script: before the first action its history is cleared on
        // every attempt, so the identical conversation is resent; later the failed exchange stays and a new
        // user turn with the current picture asks again. An empty reply is never stored there, so it is
        // resent identically at any turn.
        const auto prepareRetry = [&](const std::string& reply) {
            if (first || reply.empty())
                messages_->list.erase(messages_->list.end() - 1);
            else
                addUserTurn(picture, observation.renderSize, config_.protocol.laterTurnText);
        };
        int retries = config_.formatRetries;
        for (;;) {
            const std::string reply = ask();
            messages_->list.push_back({{"role", "assistant"}, {"content", reply}});
            try {
                const core::ToolCall call = core::parseToolCall(reply, config_.parseMode);
                if (call.kind == core::ActionKind::Stop && first && retries > 0) {
                    --retries;
                    prepareRetry(reply);
                    continue;
                }
                const core::Action action = core::toAction(call, width, height);
                accounted_ =
                    prompts.size() + (action.isPrompt() ? 1 : 0);  // the environment executes it next
                return {action, reply, call.repairs};
            } catch (const core::ToolCallError& e) {
                if (retries == 0)
                    throw PolicyError(PolicyError::Kind::Format, std::string("MllmPolicy: ") + e.what(),
                                      reply);
                --retries;
                prepareRetry(reply);
            }
        }
    } catch (...) {
        messages_->list.erase(messages_->list.begin() + static_cast<std::ptrdiff_t>(entrySize),
                              messages_->list.end());
        accounted_ = entryAccounted;
        throw;
    }
}

}  // namespace medsam::agent
