#include "agent/runner/Episode.h"

#include <chrono>

#include "agent/policies/EpisodeContext.h"

namespace medsam::agent {

Observation beginEpisode(SegmentationEnv& env, Policy& policy, const EpisodeRequest& request) {
    Observation first =
        env.reset(request.task, request.slice, request.reference, request.cacheKey, request.appearance);
    policy.reset();
    if (auto* aware = dynamic_cast<EpisodeAware*>(&policy)) {
        EpisodeContext context;
        context.reference = env.reference() ? &*env.reference() : nullptr;
        if (context.reference) context.evaluate = env.evaluator();
        context.initialPrompt = request.initialPrompt;
        context.seed = request.seed;
        aware->beginEpisode(context);
    }
    return first;
}

core::Actor actorFor(const Policy& policy) {
    const auto* aware = dynamic_cast<const EpisodeAware*>(&policy);
    return aware ? aware->actsAs() : core::Actor::Agent;
}

const core::Step* policyTurn(SegmentationEnv& env, Policy& policy) {
    if (env.done()) return nullptr;
    const core::Actor actor = actorFor(policy);
    const auto start = std::chrono::steady_clock::now();
    auto elapsed = [&] {
        return std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - start).count();
    };
    Decision decision;
    try {
        decision = policy.decide(env.observation());
    } catch (const PolicyError& e) {
        const core::Outcome outcome = e.kind() == PolicyError::Kind::Format      ? core::Outcome::FormatError
                                      : e.kind() == PolicyError::Kind::Cancelled ? core::Outcome::Cancelled
                                                                                 : core::Outcome::Error;
        env.recordError(actor, policy.name() + ": " + e.what(), e.rawText(), outcome, elapsed());
        return &env.trajectory().steps.back();
    } catch (const std::exception& e) {
        env.recordError(actor, policy.name() + ": " + e.what(), {}, core::Outcome::Error, elapsed());
        return &env.trajectory().steps.back();
    }
    const double decideMs = elapsed();
    try {
        return env.step(decision.action, actor, decision.rawText, decideMs, decision.repairs).step;
    } catch (const std::exception& e) {
        env.recordError(actor,
                        std::string("step ") + core::describe(decision.action) + " failed: " + e.what(),
                        decision.rawText, core::Outcome::Error, decideMs);
        return &env.trajectory().steps.back();
    }
}

core::Trajectory runEpisode(SegmentationEnv& env, Policy& policy, const EpisodeRequest& request,
                            const StepCallback& onStep, const std::atomic<bool>* cancel) {
    beginEpisode(env, policy, request);
    while (!env.done()) {
        if (cancel && cancel->load()) {
            env.cancel();
            break;
        }
        const core::Step* step = policyTurn(env, policy);
        if (step && onStep) onStep(*step, env);
    }
    core::Trajectory t = env.trajectory();
    t.policy = policy.name();
    return t;
}

}  // namespace medsam::agent
