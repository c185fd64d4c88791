#pragma once

#include <atomic>
#include <cstdint>
#include <stdexcept>
#include <string>
#include <vector>

#include "core/image/Image.h"
#include "core/trajectory/Action.h"

namespace medsam::agent {

// What a policy sees before each turn. `overlayRgb` is exactly the published agent's view: the slice rendered
// to 8 bits, the current mask blended 50/50 with pure green, resized to 512x512, nothing else drawn.
struct Observation {
    const core::Image<float>* slice = nullptr;  // raw intensities, slice geometry
    const core::Mask* mask = nullptr;           // current mask (all zero before the first prompt)
    std::vector<std::uint8_t> imageRgb;         // first turn's raw image, 512x512x3
    std::vector<std::uint8_t> overlayRgb;       // current overlay, 512x512x3
    int renderSize = 512;
    std::vector<core::Action> history;  // actions so far, in slice pixels
    int turn = 0;                       // 0 before the first action
    std::string target;                 // e.g. "left kidney"
};

struct Decision {
    core::Action action;
    std::string rawText;                 // model output, when the policy is a language model
    std::vector<std::string> repairs{};  // what the lenient parser repaired in rawText (ToolCall::repairs)
};

// A decision could not be made: the model's reply did not parse (FormatError) or a backend failed.
class PolicyError : public std::runtime_error {
public:
    enum class Kind { Format, Backend, Cancelled };
    PolicyError(Kind kind, const std::string& what, std::string rawText = {})
        : std::runtime_error(what), kind_(kind), rawText_(std::move(rawText)) {}
    Kind kind() const { return kind_; }
    const std::string& rawText() const { return rawText_; }

private:
    Kind kind_;
    std::string rawText_;
};

// Given the observation, return the next action (or Stop). Policies keep their own conversation state between
// calls of one episode; reset() starts a new one.
class Policy {
public:
    virtual ~Policy() = default;
    virtual std::string name() const = 0;
    virtual void reset() = 0;
    virtual Decision decide(const Observation& observation) = 0;
    // The driver's cancel flag for the coming episode (nullptr: none). A policy whose decide() can block (a
    // network request, a long inference) polls it and throws PolicyError Cancelled soon after it is raised;
    // the others ignore it. AgentRunner sets it, so a cancel reaches a request in flight.
    virtual void setEpisodeCancelFlag(const std::atomic<bool>* /*flag*/) {}
};

}  // namespace medsam::agent
