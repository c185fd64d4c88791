#pragma once

#include <optional>
#include <string>

namespace medsam::core {

// A prompt-level decision: what an annotator (agent, person or expert simulator) does in one turn.
// Coordinates are slice pixels: x along the slice's first axis, y along its second; (0,0) is the centre of
// the first pixel. Boxes are inclusive pixel bounds with x0 <= x1 and y0 <= y1.
enum class ActionKind { Box, PositivePoint, NegativePoint, Stop };

struct Action {
    ActionKind kind = ActionKind::Stop;
    double x0 = 0, y0 = 0;  // point position, or the box's first corner
    double x1 = 0, y1 = 0;  // the box's opposite corner (unused for points)

    static Action box(double ax0, double ay0, double ax1, double ay1) {
        return {ActionKind::Box, ax0, ay0, ax1, ay1};
    }
    static Action point(double x, double y, bool positive) {
        return {positive ? ActionKind::PositivePoint : ActionKind::NegativePoint, x, y, x, y};
    }
    static Action stop() { return {}; }

    bool isPrompt() const { return kind != ActionKind::Stop; }
    bool isPoint() const { return kind == ActionKind::PositivePoint || kind == ActionKind::NegativePoint; }
    bool operator==(const Action& o) const {
        return kind == o.kind && x0 == o.x0 && y0 == o.y0 && x1 == o.x1 && y1 == o.y1;
    }
    bool operator!=(const Action& o) const { return !(*this == o); }
};

// Stable names used in files and databases: "box", "positive_point", "negative_point", "stop".
std::string toString(ActionKind kind);
std::optional<ActionKind> parseActionKind(const std::string& text);
// e.g. "box(10,12,80,90)", "point+(31,40)", "stop"
std::string describe(const Action& action);

}  // namespace medsam::core
