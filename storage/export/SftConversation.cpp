#include "storage/export/SftConversation.h"

#include "core/protocol/ToolCallCodec.h"
#include "core/render/SliceRenderer.h"

namespace medsam::storage {

SftConversation buildSftConversation(const core::RgbImage& picture, const std::vector<core::Step>& steps,
                                     const std::vector<core::Mask>& masks, const std::string& target,
                                     const core::AgentProtocol& protocol) {
    SftConversation c;
    c.imageSize = protocol.imageSize;
    const int width = picture.width, height = picture.height;
    auto shown = [&](const core::Mask& mask) {
        // 50/50 with pure green, re-rendered from the original every turn; then the plain resize.
        return core::resize(mask.empty() ? picture : core::blendMask(picture, mask), c.imageSize,
                            c.imageSize);
    };
    // LLaMA-Factory: one "<image>" per picture, in order; the published turns put the image before the words.
    c.messages.push_back({{"role", "system"}, {"content", protocol.systemPrompt}});
    c.messages.push_back({{"role", "user"}, {"content", "<image>" + protocol.firstTurn(target)}});
    c.images.push_back(shown(core::Mask()));
    bool stopped = false;
    for (std::size_t i = 0; i < steps.size() && !stopped; ++i) {
        const core::Step& s = steps[i];
        if (!s.error.empty()) continue;
        // Canonical call text for every actor: a person's click exports exactly as the agent's would.
        c.messages.push_back(
            {{"role", "assistant"}, {"content", core::formatAction(s.action, width, height)}});
        if (!s.action.isPrompt()) {
            stopped = true;
            break;
        }
        c.messages.push_back({{"role", "user"}, {"content", "<image>" + protocol.laterTurnText}});
        c.images.push_back(shown(i < masks.size() ? masks[i] : core::Mask()));
    }
    // A curated trajectory ends where the annotator accepted the mask: that is a stop_action.
    if (!stopped) {
        c.messages.push_back(
            {{"role", "assistant"}, {"content", core::formatAction(core::Action::stop(), width, height)}});
    }
    return c;
}

}  // namespace medsam::storage
