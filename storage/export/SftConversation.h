#pragma once

#include <cstdint>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "core/image/Image.h"
#include "core/protocol/AgentProtocol.h"
#include "core/render/RgbImage.h"
#include "core/trajectory/Trajectory.h"

namespace medsam::storage {

// One trajectory as the published MedSAM-Agent conversation (docs/medsam-agent.md): system prompt with
// the tool schemas, a first user turn with the raw image and the target, one assistant <tool_call> per
// step (human steps become the same calls), and after each add_* call a user turn with the green overlay.
// Images are RGB, imageSize x imageSize, one per "<image>" placeholder, in order.
// The texts, the tool-call form and the 0..999 grid come from core/protocol (the same code the MLLM policy
// speaks), so an exported conversation is what the released model sees at inference.
struct SftConversation {
    nlohmann::json messages = nlohmann::json::array();
    std::vector<core::RgbImage> images;
    int imageSize = 512;
};

// `picture` is the slice rendered at its own resolution (core/render); masks[i] is the mask after steps[i]
// on the slice grid (an empty image for a step without a mask). The overlay is blended at the slice's
// resolution and the picture then resized (plain bilinear), as the training pipeline did. Steps with an
// error are left out.
SftConversation buildSftConversation(const core::RgbImage& picture, const std::vector<core::Step>& steps,
                                     const std::vector<core::Mask>& masks, const std::string& target,
                                     const core::AgentProtocol& protocol = core::AgentProtocol::published());

}  // namespace medsam::storage
