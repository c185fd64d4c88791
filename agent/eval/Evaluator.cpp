#include "agent/eval/Evaluator.h"

#include <algorithm>
#include <chrono>
#include <exception>
#include <mutex>
#include <stdexcept>
#include <thread>

#include "agent/plugin/TorchPluginLoader.h"
#include "agent/runner/Episode.h"
#include "core/codec/MaskCodec.h"
#include "core/metrics/SegmentationMetrics.h"

namespace medsam::agent {

namespace {
std::string joinValues(const std::vector<std::uint16_t>& v) {
    std::string s;
    for (auto x : v) s += (s.empty() ? "" : "|") + std::to_string(x);
    return s;
}
}  // namespace

CaseResult scoreTrajectory(const core::Trajectory& t, const core::Mask& reference, int maxTurns,
                           double nsdToleranceMm) {
    CaseResult r;
    r.outcome = core::toString(t.outcome);
    const core::Mask final = core::Mask(reference.geometry(), core::decodeMask(t.finalMask).voxels());
    core::MetricOptions options;
    options.nsdToleranceMm = nsdToleranceMm;
    const auto m = core::computeMetrics(final, reference, options);
    r.dice = m.dice;
    r.iou = m.iou;
    r.nsd = m.nsd;
    r.hd95 = m.hd95;
    double lastDice = 0.0, lastIou = 0.0;
    for (const auto& s : t.steps) {
        r.ms += s.latencyMs;
        if (!s.error.empty()) r.error = s.error;
        if (!s.action.isPrompt() || !s.error.empty()) continue;
        ++r.turns;
        lastDice = s.dice.value_or(0.0);
        lastIou = s.iou.value_or(0.0);
        if (static_cast<int>(r.diceAtTurn.size()) < maxTurns) {
            r.diceAtTurn.push_back(lastDice);
            r.iouAtTurn.push_back(lastIou);
        }
    }
    while (static_cast<int>(r.diceAtTurn.size()) < maxTurns) {
        r.diceAtTurn.push_back(lastDice);
        r.iouAtTurn.push_back(lastIou);
    }
    r.reward = t.finalReward.value_or(0.0);
    return r;
}

std::vector<CaseResult> evaluate(const std::vector<ManifestCase>& cases, const EvalConfig& config,
                                 const CaseCallback& onCase, const std::atomic<bool>* cancel) {
    validateSpec(config.agent);
    // Load the torch plugin here, once for every worker and case: a missing plugin is one error for the whole
    // evaluation, not a failure in every case.
    if (needsTorch(config.agent)) torchPlugin();
    std::vector<CaseResult> results(cases.size());
    std::atomic<std::size_t> next{0};
    std::mutex report;  // serialises the callbacks and guards done and callbackError
    int done = 0;
    // A callback that throws must not escape a worker thread (std::terminate): the first such exception stops
    // the remaining cases and is rethrown to the caller once every worker has joined.
    std::exception_ptr callbackError;
    std::atomic<bool> stopped{false};
    const int total = static_cast<int>(cases.size());

    auto worker = [&] {
        std::unique_ptr<PromptableSegmenter> tool;
        std::unique_ptr<Policy> policy;
        std::unique_ptr<SegmentationEnv> env;
        std::string setupError;
        try {
            tool = makeTool(config.agent);
            policy = makePolicy(config.agent, cancel);
            env = std::make_unique<SegmentationEnv>(*tool, config.env);
        } catch (const std::exception& e) {
            setupError = e.what();
        }
        for (std::size_t n = next++; n < cases.size() && !stopped; n = next++) {
            const ManifestCase& c = cases[n];
            CaseResult r;
            if (cancel && cancel->load()) {
                r.outcome = "failed";
                r.error = "cancelled";
            } else if (!setupError.empty()) {
                r.outcome = "failed";
                r.error = setupError;
            } else {
                try {
                    const LoadedCase loaded = loadCase(c, config.loading);
                    if (loaded.emptyReference) {
                        r.outcome = "skipped";
                        r.error = "the reference is empty on slice " + loaded.slice.toString();
                        r.slice = loaded.slice.index;
                        r.axis = loaded.axisName;
                    } else {
                        const auto t = runEpisode(*env, *policy, loaded.request, {}, cancel);
                        if (config.onTrajectory) {
                            std::lock_guard<std::mutex> lock(report);
                            try {
                                config.onTrajectory(c, t);
                            } catch (const std::exception&) {
                                throw;  // documented: a failed row with its message
                            } catch (...) {
                                throw std::runtime_error(
                                    "the trajectory callback failed (non-standard exception)");
                            }
                        }
                        r = scoreTrajectory(t, *loaded.request.reference, config.env.maxTurns,
                                            config.nsdToleranceMm);
                        r.slice = loaded.slice.index;
                        r.axis = loaded.axisName;
                    }
                } catch (const std::exception& e) {
                    r = CaseResult{};
                    r.outcome = "failed";
                    r.error = e.what();
                }
            }
            r.row = c.row;
            r.image = c.image;
            r.label = c.label;
            r.labelValues = joinValues(c.labelValues);
            r.target = c.target;
            results[n] = r;
            std::lock_guard<std::mutex> lock(report);
            ++done;
            if (onCase && !callbackError) {
                try {
                    onCase(results[n], done, total);
                } catch (...) {
                    callbackError = std::current_exception();
                    stopped = true;
                }
            }
        }
    };
    const int jobs = std::max(1, std::min(config.jobs, total));
    std::vector<std::thread> threads;
    for (int j = 1; j < jobs; ++j) threads.emplace_back(worker);
    worker();
    for (auto& t : threads) t.join();
    if (callbackError) std::rethrow_exception(callbackError);
    return results;
}

}  // namespace medsam::agent
