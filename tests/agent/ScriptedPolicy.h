#pragma once

#include <atomic>
#include <chrono>
#include <functional>
#include <stdexcept>
#include <thread>
#include <vector>

#include "agent/policies/Policy.h"

namespace medsam::test {

// A policy that replays a fixed list of actions (then stops), optionally slowly or failing at a given turn:
// for testing the loop around policies, not a policy of its own. `onDecide` lets a test hold a decision in
// flight (it runs on the runner's worker thread at the start of each decision) instead of guessing with
// sleeps where the worker is; `episodeCancel` is the flag the runner hands the policy for the episode.
class ScriptedPolicy : public agent::Policy {
public:
    enum class Failure { None, Exception, Format };

    explicit ScriptedPolicy(std::vector<core::Action> script, int delayMs = 0)
        : script_(std::move(script)), delayMs_(delayMs) {}
    std::string name() const override { return "test-scripted/1"; }
    void reset() override { next_ = 0; }
    void setEpisodeCancelFlag(const std::atomic<bool>* flag) override { episodeCancel = flag; }
    agent::Decision decide(const agent::Observation&) override {
        if (onDecide) onDecide(decisions.load());
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
    std::atomic<int> decisions{0};  // read by the test's thread while the worker decides
    std::function<void(int decision)> onDecide;
    std::atomic<const std::atomic<bool>*> episodeCancel{nullptr};

private:
    std::vector<core::Action> script_;
    int delayMs_;
    std::size_t next_ = 0;
};

}  // namespace medsam::test
