#include "storage/export/SftConversation.h"

#include <algorithm>
#include <cmath>
#include <cstdio>

#include "core/render/SliceRenderer.h"

namespace medsam::storage {

std::string sftSystemPrompt() {
    return "You are a professional medical image segmentation annotator. Use the tools below to create an "
           "initial mask of the target, then refine it step by step until it is accurate to the pixel. The "
           "current mask is shown as a semi-transparent green overlay on the image; it must cover the whole "
           "target and nothing else.\n\n"
           "# Tools\n\n"
           "You may call one or more functions to assist with the user query.\n\n"
           "You are provided with function signatures within <tools></tools> XML tags:\n<tools>\n"
           R"({"type": "function", "function": {"name": "add_bbox", "description": "Add a bounding box around the target. Coordinates are integers on a 0-999 grid relative to the image.", "parameters": {"type": "object", "properties": {"bbox_2d": {"type": "array", "items": {"type": "integer"}, "description": "[x1, y1, x2, y2], top-left and bottom-right corners"}}, "required": ["bbox_2d"]}}})"
           "\n"
           R"({"type": "function", "function": {"name": "add_point", "description": "Add a positive point on a part of the target the mask misses, or a negative point on a part the mask wrongly covers. Coordinates are integers on a 0-999 grid relative to the image.", "parameters": {"type": "object", "properties": {"point_2d": {"type": "array", "items": {"type": "integer"}, "description": "[x, y]"}, "point_type": {"type": "string", "enum": ["positive", "negative"]}}, "required": ["point_2d", "point_type"]}}})"
           "\n"
           R"({"type": "function", "function": {"name": "stop_action", "description": "Stop when the mask covers the target accurately.", "parameters": {"type": "object", "properties": {}, "required": []}}})"
           "\n</tools>\n\n"
           "For each function call, return a json object with function name and arguments within "
           "<tool_call></tool_call> XML tags:\n<tool_call>\n{\"name\": <function-name>, \"arguments\": "
           "<args-json-object>}\n</tool_call>\n\n"
           "Only use the functions provided, and consider the current mask before each action.";
}

int toGrid(double pixel, int size) {
    const long v = std::lround(pixel * 1000.0 / size);
    return static_cast<int>(std::clamp<long>(v, 0, 999));
}

std::string toolCallText(const core::Action& a, int width, int height) {
    char buf[256];
    switch (a.kind) {
        case core::ActionKind::Box:
            std::snprintf(
                buf, sizeof buf,
                R"(<tool_call>{"name": "add_bbox", "arguments": {"bbox_2d": [%d, %d, %d, %d]}}</tool_call>)",
                toGrid(std::min(a.x0, a.x1), width), toGrid(std::min(a.y0, a.y1), height),
                toGrid(std::max(a.x0, a.x1), width), toGrid(std::max(a.y0, a.y1), height));
            return buf;
        case core::ActionKind::PositivePoint:
        case core::ActionKind::NegativePoint:
            std::snprintf(
                buf, sizeof buf,
                R"(<tool_call>{"name": "add_point", "arguments": {"point_2d": [%d, %d], "point_type": "%s"}}</tool_call>)",
                toGrid(a.x0, width), toGrid(a.y0, height),
                a.kind == core::ActionKind::PositivePoint ? "positive" : "negative");
            return buf;
        case core::ActionKind::Stop:
            break;
    }
    return R"(<tool_call>{"name": "stop_action", "arguments": {}}</tool_call>)";
}

SftConversation buildSftConversation(const core::RgbImage& picture,
                                     const std::vector<core::Step>& steps,
                                     const std::vector<core::Mask>& masks, const std::string& target) {
    SftConversation c;
    const int width = picture.width, height = picture.height;
    auto shown = [&](const core::Mask& mask) {
        // 50/50 with pure green, re-rendered from the original every turn; then the plain resize.
        return core::resize(mask.empty() ? picture : core::blendMask(picture, mask), c.imageSize, c.imageSize);
    };
    c.messages.push_back({{"role", "system"}, {"content", sftSystemPrompt()}});
    c.messages.push_back(
        {{"role", "user"},
         {"content", "<image>The target to be segmented is: " + target +
                         ". Now, please analyze the original image, then decide your first action."}});
    c.images.push_back(shown(core::Mask()));
    bool stopped = false;
    for (std::size_t i = 0; i < steps.size() && !stopped; ++i) {
        const core::Step& s = steps[i];
        if (!s.error.empty()) continue;
        c.messages.push_back({{"role", "assistant"}, {"content", toolCallText(s.action, width, height)}});
        if (!s.action.isPrompt()) {
            stopped = true;
            break;
        }
        c.messages.push_back({{"role", "user"},
                              {"content",
                               "<image>This is the updated mask after the previous action. Please decide "
                               "your next action, and call stop_action when the segmentation is "
                               "finished."}});
        c.images.push_back(shown(i < masks.size() ? masks[i] : core::Mask()));
    }
    // A curated trajectory ends where the annotator accepted the mask: that is a stop_action.
    if (!stopped)
        c.messages.push_back({{"role", "assistant"}, {"content", toolCallText(core::Action::stop(), 1, 1)}});
    return c;
}

}  // namespace medsam::storage
