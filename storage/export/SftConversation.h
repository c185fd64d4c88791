#pragma once

#include <cstdint>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "core/image/Image.h"
#include "core/render/RgbImage.h"
#include "core/trajectory/Trajectory.h"

namespace medsam::storage {

// One trajectory as the published MedSAM-Agent conversation (docs/medsam-agent.md): system prompt with
// the tool schemas, a first user turn with the raw image and the target, one assistant <tool_call> per
// step (human steps become the same calls), and after each add_* call a user turn with the green overlay.
// Images are RGB, imageSize x imageSize, one per "<image>" placeholder, in order.
// NOTE: the prompt text, the tool-call formatting and the 0..999 grid mapping move to core/protocol
// (branch agent-mllm) when it lands; this is the same protocol, written where storage can use it today.
struct SftConversation {
    nlohmann::json messages = nlohmann::json::array();
    std::vector<core::RgbImage> images;
    int imageSize = 512;
};

// `picture` is the slice rendered at its own resolution (core/render); masks[i] is the mask after steps[i]
// on the slice grid (an empty image for a step without a mask). The overlay is blended at the slice's
// resolution and the picture then resized (plain bilinear), as the training pipeline did. Steps with an
// error are left out.
SftConversation buildSftConversation(const core::RgbImage& picture,
                                     const std::vector<core::Step>& steps,
                                     const std::vector<core::Mask>& masks, const std::string& target);

// Protocol pieces, exposed for tests and for the lead's switch to core/protocol.
std::string sftSystemPrompt();
int toGrid(double pixel, int size);  // 0..999: v = round(pixel * 1000 / size), clamped
std::string toolCallText(const core::Action& action, int width, int height);

}  // namespace medsam::storage
