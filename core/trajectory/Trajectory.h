#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "core/image/SliceRef.h"
#include "core/trajectory/Action.h"

namespace medsam::core {

// Who took a step. Mixed sessions (agent proposes, person corrects) are ordinary trajectories.
enum class Actor { Agent, Person, Expert };
std::string toString(Actor actor);  // "agent", "person", "expert"
std::optional<Actor> parseActor(const std::string& text);

// Per-step terms of the outcome/process reward, so a reviewer sees where a trajectory gained and lost.
struct RewardTerms {
    double iou = 0.0;
    double dice = 0.0;
    double improvement = 0.0;  // IoU_t - IoU_{t-1}
    double bonus = 0.0;        // bonus weight * max(0, improvement), 0 for the first prompt
    double stepCost = 0.0;     // per-turn cost
};

struct Step {
    int index = 0;
    Actor actor = Actor::Agent;
    Action action;
    std::string rawText;  // model output that produced the action, if any
    // What the lenient tool-call parser repaired in rawText to accept it (core/protocol/ToolCallCodec.h), one
    // phrase each; empty for a reply in the published schema and for actions not parsed from text.
    std::vector<std::string> repairs{};
    std::vector<std::uint8_t> mask;  // MaskCodec-encoded mask after the step
    int maskWidth = 0, maskHeight = 0;
    std::vector<float> lowResLogits;  // tool's low-resolution logits (e.g. 256x256) when it has them
    int logitsWidth = 0, logitsHeight = 0;
    std::optional<double> dice;  // against the reference, when one exists
    std::optional<double> iou;
    std::optional<RewardTerms> reward;
    double latencyMs = 0.0;        // time to decide + segment
    std::int64_t timestampMs = 0;  // Unix epoch milliseconds
    std::string error;             // non-empty for an error step (tool or policy failed)
};

// Interrupted: a session its recording process left "running" when it died (marked by storage on the next
// writable open of the project).
enum class Outcome { Running, Stopped, TurnLimit, FormatError, Cancelled, Error, Interrupted };
std::string toString(Outcome outcome);
std::optional<Outcome> parseOutcome(const std::string& text);

struct Task {
    std::string imagePath;
    SliceRef slice;
    std::string target;                      // description given to the policy, e.g. "left kidney"
    std::vector<std::uint16_t> labelValues;  // reference label values, when a reference exists
};

struct Trajectory {
    Task task;
    std::vector<Step> steps;
    std::vector<std::uint8_t> finalMask;  // MaskCodec-encoded
    Outcome outcome = Outcome::Running;
    std::optional<double> finalReward;
    std::string policy;  // name/version of who drove it
    std::string tool;
};

}  // namespace medsam::core
