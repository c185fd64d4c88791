#include "core/trajectory/Trajectory.h"

namespace medsam::core {

std::string toString(Actor actor) {
    switch (actor) {
        case Actor::Agent:
            return "agent";
        case Actor::Person:
            return "person";
        case Actor::Expert:
            return "expert";
    }
    return "agent";
}

std::optional<Actor> parseActor(const std::string& text) {
    if (text == "agent") return Actor::Agent;
    if (text == "person") return Actor::Person;
    if (text == "expert") return Actor::Expert;
    return std::nullopt;
}

std::string toString(Outcome outcome) {
    switch (outcome) {
        case Outcome::Running:
            return "running";
        case Outcome::Stopped:
            return "stopped";
        case Outcome::TurnLimit:
            return "turn_limit";
        case Outcome::FormatError:
            return "format_error";
        case Outcome::Cancelled:
            return "cancelled";
        case Outcome::Error:
            return "error";
        case Outcome::Interrupted:
            return "interrupted";
    }
    return "running";
}

std::optional<Outcome> parseOutcome(const std::string& text) {
    for (Outcome o : {Outcome::Running, Outcome::Stopped, Outcome::TurnLimit, Outcome::FormatError,
                      Outcome::Cancelled, Outcome::Error, Outcome::Interrupted}) {
        if (toString(o) == text) return o;
    }
    return std::nullopt;
}

}  // namespace medsam::core
