#include "core/trajectory/Action.h"

#include <cstdio>

namespace medsam::core {

std::string toString(ActionKind kind) {
    switch (kind) {
        case ActionKind::Box:
            return "box";
        case ActionKind::PositivePoint:
            return "positive_point";
        case ActionKind::NegativePoint:
            return "negative_point";
        case ActionKind::Stop:
            return "stop";
    }
    return "stop";
}

std::optional<ActionKind> parseActionKind(const std::string& text) {
    if (text == "box") return ActionKind::Box;
    if (text == "positive_point") return ActionKind::PositivePoint;
    if (text == "negative_point") return ActionKind::NegativePoint;
    if (text == "stop") return ActionKind::Stop;
    return std::nullopt;
}

std::string describe(const Action& action) {
    char buffer[128];
    switch (action.kind) {
        case ActionKind::Box:
            std::snprintf(buffer, sizeof buffer, "box(%g,%g,%g,%g)", action.x0, action.y0, action.x1,
                          action.y1);
            return buffer;
        case ActionKind::PositivePoint:
        case ActionKind::NegativePoint:
            std::snprintf(buffer, sizeof buffer, "point%c(%g,%g)",
                          action.kind == ActionKind::PositivePoint ? '+' : '-', action.x0, action.y0);
            return buffer;
        case ActionKind::Stop:
            return "stop";
    }
    return "stop";
}

}  // namespace medsam::core
