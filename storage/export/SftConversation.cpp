#include "storage/export/SftConversation.h"

#include <algorithm>
#include <cmath>
#include <cstdio>

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

namespace {

// Plain bilinear resize of an 8-bit gray image to size x size (pixel centres aligned), as the training
// pipeline's resize; masks use nearest neighbour.
std::vector<std::uint8_t> resizeGray(const std::vector<std::uint8_t>& src, int w, int h, int size) {
    std::vector<std::uint8_t> out(static_cast<std::size_t>(size) * size);
    for (int y = 0; y < size; ++y) {
        const double sy = std::clamp((y + 0.5) * h / size - 0.5, 0.0, double(h - 1));
        const int y0 = static_cast<int>(sy), y1 = std::min(y0 + 1, h - 1);
        const double fy = sy - y0;
        for (int x = 0; x < size; ++x) {
            const double sx = std::clamp((x + 0.5) * w / size - 0.5, 0.0, double(w - 1));
            const int x0 = static_cast<int>(sx), x1 = std::min(x0 + 1, w - 1);
            const double fx = sx - x0;
            const double v = (1 - fy) * ((1 - fx) * src[y0 * w + x0] + fx * src[y0 * w + x1]) +
                             fy * ((1 - fx) * src[y1 * w + x0] + fx * src[y1 * w + x1]);
            out[static_cast<std::size_t>(y) * size + x] = static_cast<std::uint8_t>(std::lround(v));
        }
    }
    return out;
}

std::vector<std::uint8_t> overlay(const std::vector<std::uint8_t>& gray512, const core::Mask& mask,
                                  int size) {
    std::vector<std::uint8_t> rgb(gray512.size() * 3);
    const int w = mask.width(), h = mask.height();
    for (int y = 0; y < size; ++y) {
        const int my = std::min(h - 1, static_cast<int>((y + 0.5) * h / size));
        for (int x = 0; x < size; ++x) {
            const int mx = std::min(w - 1, static_cast<int>((x + 0.5) * w / size));
            const std::size_t n = static_cast<std::size_t>(y) * size + x;
            const std::uint8_t g = gray512[n];
            const bool on = !mask.empty() && mask.at(mx, my) != 0;
            // 50/50 blend with pure green (0, 255, 0), re-rendered from the original every turn.
            rgb[3 * n] = on ? static_cast<std::uint8_t>(std::lround(0.5 * g)) : g;
            rgb[3 * n + 1] = on ? static_cast<std::uint8_t>(std::lround(0.5 * g + 127.5)) : g;
            rgb[3 * n + 2] = on ? static_cast<std::uint8_t>(std::lround(0.5 * g)) : g;
        }
    }
    return rgb;
}

}  // namespace

SftConversation buildSftConversation(const std::vector<std::uint8_t>& gray, int width, int height,
                                     const std::vector<core::Step>& steps,
                                     const std::vector<core::Mask>& masks, const std::string& target) {
    SftConversation c;
    const std::vector<std::uint8_t> small = resizeGray(gray, width, height, c.imageSize);
    c.messages.push_back({{"role", "system"}, {"content", sftSystemPrompt()}});
    c.messages.push_back(
        {{"role", "user"},
         {"content", "<image>The target to be segmented is: " + target +
                         ". Now, please analyze the original image, then decide your first action."}});
    c.images.push_back(overlay(small, core::Mask(), c.imageSize));
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
        c.images.push_back(overlay(small, i < masks.size() ? masks[i] : core::Mask(), c.imageSize));
    }
    // A curated trajectory ends where the annotator accepted the mask: that is a stop_action.
    if (!stopped)
        c.messages.push_back({{"role", "assistant"}, {"content", toolCallText(core::Action::stop(), 1, 1)}});
    return c;
}

}  // namespace medsam::storage
