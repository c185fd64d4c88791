#include "core/protocol/ToolCallCodec.h"

#include <algorithm>
#include <cctype>
#include <cmath>
#include <nlohmann/json.hpp>

#include "core/protocol/BoundedJson.h"

namespace medsam::core {

namespace {

using nlohmann::json;

constexpr const char* kOpen = "<tool_call>";
constexpr const char* kClose = "</tool_call>";
constexpr JsonLimits kToolCallLimits{64 * 1024, 16};

void requireSize(int size) {
    if (size < 1)
        throw std::invalid_argument("grid mapping needs an image size >= 1, got " + std::to_string(size));
}

// A short, single-line excerpt of the reply for error messages.
std::string excerpt(const std::string& text) {
    constexpr std::size_t kMax = 160;
    std::string out = text.size() > kMax ? text.substr(0, kMax) + "..." : text;
    std::replace(out.begin(), out.end(), '\n', ' ');
    return "\"" + out + "\"";
}

[[noreturn]] void fail(ToolCallErrorKind kind, const std::string& what) {
    throw ToolCallError(kind, "tool call: " + toString(kind) + ": " + what);
}

// Drops reasoning so a <tool_call> mentioned while thinking is never taken as the answer.
std::string stripThinking(std::string text) {
    static const std::string open = "<think>", close = "</think>";
    for (;;) {
        const auto begin = text.find(open);
        if (begin == std::string::npos) break;
        const auto end = text.find(close, begin);
        if (end == std::string::npos) {
            text.erase(begin);  // unterminated reasoning: nothing after it is an answer
            break;
        }
        text.erase(begin, end + close.size() - begin);
    }
    // Chat templates that open <think> in the prompt leave only the closing tag in the reply.
    const auto lone = text.rfind(close);
    if (lone != std::string::npos) text.erase(0, lone + close.size());
    return text;
}

// The published inference reads v / 999 * size, so its SAM call takes 1000 (just past the last pixel); the
// lenient parse reads it as the last grid value.
constexpr double kLenientMax = 1000.0;

int gridValue(const json& value, const char* argument, ParseMode mode, std::vector<std::string>& repairs) {
    if (!value.is_number())
        fail(ToolCallErrorKind::InvalidArgument,
             std::string(argument) + " holds a non-number " + value.dump());
    const double v = value.get<double>();
    const double max = mode == ParseMode::Lenient ? kLenientMax : kGridMax;
    if (!std::isfinite(v) || v < 0 || v > max)
        fail(ToolCallErrorKind::CoordinateOutOfRange,
             std::string(argument) + " value " + value.dump() + " is outside 0.." + std::to_string(kGridMax));
    const long rounded = std::lround(v);
    if (rounded > kGridMax) {
        repairs.push_back(std::string(argument) + " value " + value.dump() + " read as 999");
        return kGridMax;
    }
    return static_cast<int>(rounded);
}

// The published parser's repair of keys that lost their opening quote ({"x": 5, y": 7}): a quote is put
// before an identifier that follows '{' or ',' and is followed by '":'. Returns false if nothing changed.
bool quoteBareKeys(std::string& body) {
    const auto isStart = [](char c) { return std::isalpha(static_cast<unsigned char>(c)) || c == '_'; };
    const auto isWord = [](char c) { return std::isalnum(static_cast<unsigned char>(c)) || c == '_'; };
    const auto isSpace = [](char c) { return std::isspace(static_cast<unsigned char>(c)) != 0; };
    bool changed = false;
    for (std::size_t i = 0; i < body.size(); ++i) {
        if (body[i] != '{' && body[i] != ',') continue;
        std::size_t k = i + 1;
        while (k < body.size() && isSpace(body[k])) ++k;
        if (k >= body.size() || !isStart(body[k])) continue;
        std::size_t e = k;
        while (e < body.size() && isWord(body[e])) ++e;
        std::size_t q = e;
        while (q < body.size() && isSpace(body[q])) ++q;
        if (q + 1 < body.size() && body[q] == '"' && body[q + 1] == ':') {
            body.insert(k, 1, '"');
            changed = true;
            i = q + 1;
        }
    }
    return changed;
}

const json& requireArray(const json& arguments, const char* name, std::size_t length, bool allowLonger,
                         std::vector<std::string>& repairs) {
    const auto it = arguments.find(name);
    if (it == arguments.end())
        fail(ToolCallErrorKind::MissingArgument, std::string("missing \"") + name + "\"");
    const bool longer = allowLonger && it->is_array() && it->size() > length;
    if (!it->is_array() || (it->size() != length && !longer))
        fail(ToolCallErrorKind::InvalidArgument, std::string(name) + " must be an array of " +
                                                     std::to_string(length) + " integers, got " + it->dump());
    if (longer)
        repairs.push_back(std::string(name) + " with " + std::to_string(it->size()) + " values: the first " +
                          std::to_string(length) + " used");
    return *it;
}

// Lenient: reversed corners are swapped and equal corners widened by one grid value, as toToolCall does.
void normaliseBox(ToolCall& call) {
    const auto order = [&](int& lo, int& hi, const char* axis) {
        if (lo > hi) {
            std::swap(lo, hi);
            call.repairs.push_back(std::string("reversed box ") + axis + " corners swapped");
        }
        if (lo == hi) {
            if (hi < kGridMax)
                ++hi;
            else
                --lo;
            call.repairs.push_back(std::string("empty box widened along ") + axis);
        }
    };
    order(call.x1, call.x2, "x");
    order(call.y1, call.y2, "y");
}

void checkCall(const ToolCall& call) {
    const auto inRange = [](int v) { return v >= 0 && v <= kGridMax; };
    switch (call.kind) {
        case ActionKind::Box:
            if (!inRange(call.x1) || !inRange(call.y1) || !inRange(call.x2) || !inRange(call.y2))
                fail(ToolCallErrorKind::CoordinateOutOfRange, "box corner outside 0..999");
            if (call.x1 >= call.x2 || call.y1 >= call.y2)
                fail(ToolCallErrorKind::InvalidBox,
                     "box [" + std::to_string(call.x1) + ", " + std::to_string(call.y1) + ", " +
                         std::to_string(call.x2) + ", " + std::to_string(call.y2) +
                         "] needs x1 < x2 and y1 < y2");
            break;
        case ActionKind::PositivePoint:
        case ActionKind::NegativePoint:
            if (!inRange(call.x1) || !inRange(call.y1))
                fail(ToolCallErrorKind::CoordinateOutOfRange, "point outside 0..999");
            break;
        case ActionKind::Stop:
            break;
    }
}

}  // namespace

std::string toString(ToolCallErrorKind kind) {
    switch (kind) {
        case ToolCallErrorKind::NoToolCall:
            return "no tool call";
        case ToolCallErrorKind::Unterminated:
            return "unterminated tool call";
        case ToolCallErrorKind::InvalidJson:
            return "invalid JSON";
        case ToolCallErrorKind::NotAnObject:
            return "not a JSON object";
        case ToolCallErrorKind::MissingName:
            return "missing name";
        case ToolCallErrorKind::UnknownTool:
            return "unknown tool";
        case ToolCallErrorKind::MissingArgument:
            return "missing argument";
        case ToolCallErrorKind::InvalidArgument:
            return "invalid argument";
        case ToolCallErrorKind::CoordinateOutOfRange:
            return "coordinate out of range";
        case ToolCallErrorKind::InvalidBox:
            return "invalid box";
    }
    return "unknown error";
}

double gridToPixel(int v, int size) {
    requireSize(size);
    return std::min(static_cast<double>(v) * size / 1000.0, static_cast<double>(size - 1));
}

int pixelToGrid(double pixel, int size) {
    requireSize(size);
    const long v = std::lround(pixel * 1000.0 / size);
    return static_cast<int>(std::clamp<long>(v, 0, kGridMax));
}

ToolCall parseToolCall(const std::string& reply, ParseMode mode) {
    const bool lenient = mode == ParseMode::Lenient;
    const std::string text = stripThinking(reply);
    const auto open = text.find(kOpen);
    if (open == std::string::npos) fail(ToolCallErrorKind::NoToolCall, "no <tool_call> in " + excerpt(reply));
    const auto bodyBegin = open + std::string(kOpen).size();
    const auto close = text.find(kClose, bodyBegin);
    if (close == std::string::npos)
        fail(ToolCallErrorKind::Unterminated, "<tool_call> is never closed in " + excerpt(reply));
    std::string body = text.substr(bodyBegin, close - bodyBegin);

    ToolCall result;
    // A tool call is a few dozen bytes three levels deep; anything far beyond is refused before parsing.
    std::string why;
    json call = parseBoundedJson(body, kToolCallLimits, why);
    if (call.is_discarded() && lenient) {
        // Only a body that does not parse is repaired: valid JSON is never rewritten.
        std::string repaired = body;
        if (quoteBareKeys(repaired)) {
            std::string whyRepaired;
            call = parseBoundedJson(repaired, kToolCallLimits, whyRepaired);
            if (!call.is_discarded()) result.repairs.push_back("unquoted key quoted");
        }
    }
    if (call.is_discarded())
        fail(ToolCallErrorKind::InvalidJson, "cannot parse (" + why + ") " + excerpt(body));
    if (!call.is_object())
        fail(ToolCallErrorKind::NotAnObject,
             "expected {\"name\": ..., \"arguments\": ...}, got " + excerpt(body));
    const auto name = call.find("name");
    if (name == call.end() || !name->is_string()) fail(ToolCallErrorKind::MissingName, "in " + excerpt(body));
    const std::string tool = name->get<std::string>();
    const bool legacy = lenient && (tool == "add_positive_point" || tool == "add_negative_point");

    json arguments = json::object();
    if (const auto it = call.find("arguments"); it != call.end()) {
        arguments = it->is_string() ? parseBoundedJson(it->get<std::string>(), kToolCallLimits, why) : *it;
        if (arguments.is_discarded())
            fail(ToolCallErrorKind::InvalidJson,
                 "arguments string is not JSON (" + why + "): " + excerpt(it->dump()));
        if (!arguments.is_object())
            fail(ToolCallErrorKind::NotAnObject,
                 "\"arguments\" must be an object, got " + excerpt(it->dump()));
    } else if (tool == "add_bbox" || tool == "add_point" || legacy) {
        fail(ToolCallErrorKind::MissingArgument, "no \"arguments\" for " + tool);
    }

    if (tool == "add_bbox") {
        const json& box = requireArray(arguments, "bbox_2d", 4, false, result.repairs);
        result.kind = ActionKind::Box;
        result.x1 = gridValue(box[0], "bbox_2d", mode, result.repairs);
        result.y1 = gridValue(box[1], "bbox_2d", mode, result.repairs);
        result.x2 = gridValue(box[2], "bbox_2d", mode, result.repairs);
        result.y2 = gridValue(box[3], "bbox_2d", mode, result.repairs);
        if (lenient) normaliseBox(result);
    } else if (tool == "add_point") {
        const json& point = requireArray(arguments, "point_2d", 2, lenient, result.repairs);
        const auto type = arguments.find("point_type");
        if (type == arguments.end()) fail(ToolCallErrorKind::MissingArgument, "missing \"point_type\"");
        if (!type->is_string()) fail(ToolCallErrorKind::InvalidArgument, "point_type must be a string");
        std::string label = type->get<std::string>();
        std::transform(label.begin(), label.end(), label.begin(),
                       [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
        if (label != "positive" && label != "negative")
            fail(ToolCallErrorKind::InvalidArgument,
                 "point_type must be \"positive\" or \"negative\", got " + type->dump());
        result.kind = label == "positive" ? ActionKind::PositivePoint : ActionKind::NegativePoint;
        result.x1 = gridValue(point[0], "point_2d", mode, result.repairs);
        result.y1 = gridValue(point[1], "point_2d", mode, result.repairs);
    } else if (legacy) {
        // The published parser's legacy form: {"name": "add_positive_point", "arguments": {"x": 5, "y": 7}}.
        const auto x = arguments.find("x"), y = arguments.find("y");
        if (x == arguments.end() || y == arguments.end())
            fail(ToolCallErrorKind::MissingArgument, tool + " needs \"x\" and \"y\"");
        result.kind = tool == "add_positive_point" ? ActionKind::PositivePoint : ActionKind::NegativePoint;
        result.x1 = gridValue(*x, "x", mode, result.repairs);
        result.y1 = gridValue(*y, "y", mode, result.repairs);
        result.repairs.insert(result.repairs.begin(), "legacy tool name " + tool);
    } else if (tool == "stop_action") {
        result.kind = ActionKind::Stop;
    } else {
        fail(ToolCallErrorKind::UnknownTool, "\"" + tool + "\" is not add_bbox, add_point or stop_action");
    }
    checkCall(result);
    return result;
}

std::string formatToolCall(const ToolCall& call) {
    checkCall(call);
    const auto n = [](int v) { return std::to_string(v); };
    std::string body;
    switch (call.kind) {
        case ActionKind::Box:
            body = "{\"name\": \"add_bbox\", \"arguments\": {\"bbox_2d\": [" + n(call.x1) + ", " +
                   n(call.y1) + ", " + n(call.x2) + ", " + n(call.y2) + "]}}";
            break;
        case ActionKind::PositivePoint:
        case ActionKind::NegativePoint:
            body = "{\"name\": \"add_point\", \"arguments\": {\"point_2d\": [" + n(call.x1) + ", " +
                   n(call.y1) + "], \"point_type\": \"" +
                   (call.kind == ActionKind::PositivePoint ? "positive" : "negative") + "\"}}";
            break;
        case ActionKind::Stop:
            body = "{\"name\": \"stop_action\", \"arguments\": {}}";
            break;
    }
    return kOpen + body + kClose;
}

Action toAction(const ToolCall& call, int width, int height) {
    switch (call.kind) {
        case ActionKind::Box:
            return Action::box(gridToPixel(call.x1, width), gridToPixel(call.y1, height),
                               gridToPixel(call.x2, width), gridToPixel(call.y2, height));
        case ActionKind::PositivePoint:
        case ActionKind::NegativePoint:
            return Action::point(gridToPixel(call.x1, width), gridToPixel(call.y1, height),
                                 call.kind == ActionKind::PositivePoint);
        case ActionKind::Stop:
            break;
    }
    requireSize(width);
    requireSize(height);
    return Action::stop();
}

ToolCall toToolCall(const Action& action, int width, int height) {
    ToolCall call;
    call.kind = action.kind;
    switch (action.kind) {
        case ActionKind::Box: {
            // A one-pixel-wide structure can collapse to one grid value; widen it so the call stays valid.
            const auto span = [](double a, double b, int size, int& lo, int& hi) {
                lo = pixelToGrid(std::min(a, b), size);
                hi = pixelToGrid(std::max(a, b), size);
                if (hi <= lo) {
                    if (lo < kGridMax)
                        hi = lo + 1;
                    else
                        lo = hi - 1;
                }
            };
            span(action.x0, action.x1, width, call.x1, call.x2);
            span(action.y0, action.y1, height, call.y1, call.y2);
            break;
        }
        case ActionKind::PositivePoint:
        case ActionKind::NegativePoint:
            call.x1 = pixelToGrid(action.x0, width);
            call.y1 = pixelToGrid(action.y0, height);
            break;
        case ActionKind::Stop:
            requireSize(width);
            requireSize(height);
            break;
    }
    return call;
}

}  // namespace medsam::core
