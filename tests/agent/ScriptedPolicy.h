#pragma once

#include <chrono>
#include <stdexcept>
#include <thread>
#include <vector>

#include "agent/policies/Policy.h"

namespace medsam::test {

// A policy that replays a fixed list of actions (then stops), optionally slowly or failing at a given turn:
// for testing the loop around policies, not a policy of its own.
class ScriptedPolicy : public agent::Policy {
public:
    enum class Failure { None, Exception, Format };

    explicit ScriptedPolicy(std::vector<core::Action> script, int delayMs = 0)
        : script_(std::move(script)), delayMs_(delayMs) {}
    std::string name() const override { return "test-scripted/1"; }
    void reset() override { next_ = 0; }
    agent::Decision decide(const agent::Observation&) override {
        if (delayMs_ > 0) std::this_thread::sleep_for(std::chrono::milliseconds(delayMs_));
        ++decisions;
        if (failAt == next_ && failure == Failure::Exception) throw std::runtime_error("scripted failure");
        if (failAt == next_ && failure == Failure::Format) {
            throw agent::PolicyError(agent::PolicyError::Kind::Format, "no tool call", "I am not sure");
        }
        if (next_ >= script_.size()) return {core::Action::stop(), "stop"};
        return {script_[next_++], "scripted"};
    }

    Failure failure = Failure::None;
    std::size_t failAt = 0;
    int decisions = 0;

private:
    std::vector<core::Action> script_;
    int delayMs_;
    std::size_t next_ = 0;
};

}  // namespace medsam::test
