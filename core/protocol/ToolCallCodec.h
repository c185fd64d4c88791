#pragma once

#include <stdexcept>
#include <string>
#include <vector>

#include "core/trajectory/Action.h"

// The published MedSAM-Agent tool-call text form (docs/agent-protocol.md), one call per turn:
//   <tool_call>{"name": "add_bbox", "arguments": {"bbox_2d": [x1, y1, x2, y2]}}</tool_call>
//   <tool_call>{"name": "add_point", "arguments": {"point_2d": [x, y], "point_type": "positive"}}</tool_call>
//   <tool_call>{"name": "stop_action", "arguments": {}}</tool_call>
// Coordinates are integers on a 0..999 grid relative to the image.
namespace medsam::core {

constexpr int kGridMax = 999;  // grid values are 0..kGridMax

// Grid <-> slice pixels along one axis of `size` pixels. We use the training mapping of the published expert
// data (pixel = v * size / 1000), because that is what the released model learned; decoded positions are
// clamped to the last pixel centre (size - 1). Encoding is its inverse, rounded and clamped to 0..999.
// Round trips (proved in tst_ToolCallCodec):
//   pixel -> grid -> pixel moves a position by at most half a grid step (0.0005 * size px) for size <= 2000,
//     and by at most one grid step (0.001 * size px) for any size; for size <= 1000 integer pixels come back
//     exactly after rounding;
//   grid -> pixel -> grid is exact unless the decoded pixel had to be clamped (v > 1000 - 1000 / size, only
//   for
//     size < 1000), where it moves by less than 1000 / size grid values, i.e. less than one pixel.
double gridToPixel(int v, int size);
int pixelToGrid(double pixel, int size);

// One tool call on the grid. Points use (x1, y1); boxes use all four; stop uses none.
struct ToolCall {
    ActionKind kind = ActionKind::Stop;
    int x1 = 0, y1 = 0, x2 = 0, y2 = 0;
    // What the lenient parser had to repair to accept the reply (empty for a reply in the published schema),
    // one short phrase each, e.g. "legacy tool name add_positive_point". Not part of equality.
    std::vector<std::string> repairs{};

    bool operator==(const ToolCall& o) const {
        return kind == o.kind && x1 == o.x1 && y1 == o.y1 && x2 == o.x2 && y2 == o.y2;
    }
    bool operator!=(const ToolCall& o) const { return !(*this == o); }
};

// Why a reply did not give a usable tool call.
enum class ToolCallErrorKind {
    NoToolCall,            // no <tool_call> tag outside <think> blocks
    Unterminated,          // <tool_call> without </tool_call> (e.g. the reply hit the token limit)
    InvalidJson,           // the text between the tags is not JSON
    NotAnObject,           // JSON, but not an object, or "arguments" is not an object
    MissingName,           // no string "name"
    UnknownTool,           // a name other than add_bbox / add_point / stop_action
    MissingArgument,       // bbox_2d, point_2d or point_type absent
    InvalidArgument,       // wrong type or length, or a point_type other than positive/negative
    CoordinateOutOfRange,  // a coordinate outside 0..999
    InvalidBox,            // x1 >= x2 or y1 >= y2
};
std::string toString(ToolCallErrorKind kind);

class ToolCallError : public std::runtime_error {
public:
    ToolCallError(ToolCallErrorKind kind, const std::string& what) : std::runtime_error(what), kind_(kind) {}
    ToolCallErrorKind kind() const { return kind_; }

private:
    ToolCallErrorKind kind_;
};

// How much a parse forgives (docs/agent-protocol.md, "Parsing").
//   Lenient - what the published inference parser (infer/models/model_loader.py, process_response) runs SAM
//             on, each repair listed in ToolCall::repairs: the legacy tools add_positive_point /
//             add_negative_point with {"x", "y"}; keys missing their opening quote ({"x": 5, y": 7}, the
//             published regex repair, tried only when the JSON does not parse); a box with reversed corners
//             (normalised) or equal corners (widened by one grid value); the value 1000 (read as 999);
//             point_2d with more than two values (the first two are used). The default: the deployed agent.
//   Strict  - the published schema only (training-data validation): each of the above is an error.
enum class ParseMode { Lenient, Strict };

// Parses a model reply. Tolerant of reasoning: complete <think>...</think> blocks are dropped, as is
// everything before a lone </think> and after a lone <think>; any other text around the call is ignored. The
// FIRST <tool_call>...</tool_call> is used, as in the published inference code. In both modes we accept:
// whitespace and newlines inside the tags, "arguments" given as a JSON string (OpenAI style), missing
// "arguments" for stop_action, point_type in any letter case, and non-integer numbers (rounded to the
// nearest grid value after the range check). A body over 64 KiB or nested deeper than 16 levels is
// InvalidJson before any parsing (core/protocol/BoundedJson.h). Throws ToolCallError.
ToolCall parseToolCall(const std::string& reply, ParseMode mode = ParseMode::Lenient);

// The canonical one-line form with the published JSON spacing (", " and ": "), wrapped in the tags.
// Throws ToolCallError (CoordinateOutOfRange / InvalidBox) for a call that parseToolCall would reject.
std::string formatToolCall(const ToolCall& call);

// Grid <-> slice pixels for an image of width x height pixels (see gridToPixel). toToolCall normalises box
// corners and widens a box that collapses on the grid (x2 <= x1) by one grid value, so the result is always
// a valid call.
Action toAction(const ToolCall& call, int width, int height);
ToolCall toToolCall(const Action& action, int width, int height);

// Shorthands: text <-> Action in slice pixels.
inline Action parseAction(const std::string& reply, int width, int height,
                          ParseMode mode = ParseMode::Lenient) {
    return toAction(parseToolCall(reply, mode), width, height);
}
inline std::string formatAction(const Action& action, int width, int height) {
    return formatToolCall(toToolCall(action, width, height));
}

}  // namespace medsam::core
