#include "agent/training/RlTraining.h"

#include <atomic>
#include <chrono>
#include <cmath>
#include <mutex>
#include <numeric>
#include <thread>

#include "agent/eval/Factories.h"
#include "core/metrics/SegmentationMetrics.h"
#include "core/synthetic/PortableRandom.h"

namespace medsam::agent {

namespace {

core::Action actionFromChoice(const ActionChoice& choice, const PolicySpec& spec, const ModelFrame& frame,
                              int width, int height, bool& invalid) {
    invalid = false;
    switch (static_cast<PolicyAction>(choice.action)) {
        case PolicyAction::Box: {
            const core::Action box = boxFromFractions(choice.box.data(), frame, width, height);
            invalid = !(box.x1 > box.x0 && box.y1 > box.y0);
            return invalid ? core::Action::stop() : box;
        }
        case PolicyAction::PositivePoint:
        case PolicyAction::NegativePoint: {
            const int u = choice.cell % spec.width, v = choice.cell / spec.width;
            const double x = frame.x0 + (u + 0.5) * frame.width / spec.width;
            const double y = frame.y0 + (v + 0.5) * frame.height / spec.height;
            invalid = x < -0.5 || y < -0.5 || x > width - 0.5 || y > height - 0.5;
            return cellToSlicePoint(frame, spec, u, v, choice.action == 1, width, height);
        }
        default:
            return core::Action::stop();
    }
}

}  // namespace

std::vector<double> groupAdvantages(const std::vector<double>& rewards, double eps) {
    std::vector<double> out(rewards.size(), 0.0);
    if (rewards.empty()) return out;
    const double mean = std::accumulate(rewards.begin(), rewards.end(), 0.0) / rewards.size();
    double var = 0.0;
    for (const double r : rewards) var += (r - mean) * (r - mean);
    const double sd = std::sqrt(var / rewards.size());
    for (std::size_t i = 0; i < rewards.size(); ++i) out[i] = (rewards[i] - mean) / (sd + eps);
    return out;
}

Rollout runRollout(const PolicyTrainer& trainer, SegmentationEnv& env, const TrainingCase& c,
                   const core::Action& firstPrompt, std::uint64_t seed, PolicyTrainer::ActMode mode) {
    const PolicySpec& spec = trainer.spec();
    core::Task task;
    task.imagePath = c.name;
    task.target = c.target;
    Rollout r;
    env.reset(task, c.slice, c.reference, c.name);
    Observation obs = env.step(firstPrompt, core::Actor::Person).observation;
    ++r.envSteps;
    for (int turn = 1; !env.done(); ++turn) {
        const ModelFrame frame = modelFrame(obs, spec);
        RlSample s;
        s.input = encodeObservation(obs, spec, frame);
        const ActionChoice choice =
            trainer.act(s.input, core::mixSeeds64(seed, static_cast<std::uint64_t>(turn)), mode);
        s.action = choice.action;
        s.cell = choice.cellSampled ? choice.cell : -1;  // -1: the update leaves the cell's probability out
        s.oldLogProb = choice.logProb;
        bool invalid = false;
        const core::Action action =
            actionFromChoice(choice, spec, frame, c.slice.width(), c.slice.height(), invalid);
        r.invalidActions += invalid;
        r.decisions.push_back(std::move(s));
        obs = env.step(action, core::Actor::Agent).observation;
        ++r.envSteps;
    }
    r.turns = env.promptTurns();
    r.stopped = env.outcome() == core::Outcome::Stopped;
    if (env.reward()) {
        r.reward = env.reward()->total;
        r.format = env.reward()->format;
    }
    r.dice = core::dice(env.mask(), c.reference);
    return r;
}

std::vector<double> boxOnlyDice(const std::vector<TrainingCase>& cases, const RlOptions& options) {
    std::vector<double> out(cases.size(), 0.0);
    std::atomic<int> next{0};
    const auto worker = [&] {
        AgentSpec toolSpec;
        toolSpec.tool = options.tool;
        const auto tool = makeTool(toolSpec);
        EnvConfig config;
        config.renderPictures = false;
        SegmentationEnv env(*tool, config);
        for (int i = next++; i < static_cast<int>(cases.size()); i = next++) {
            const TrainingCase& c = cases[static_cast<std::size_t>(i)];
            const auto box =
                core::boxFromMask(c.reference, options.initialBoxJitter, static_cast<unsigned>(i));
            if (!box) continue;
            core::Task task;
            task.imagePath = c.name;
            env.reset(task, c.slice, c.reference, c.name);
            env.step(core::toAction(*box), core::Actor::Person);
            out[static_cast<std::size_t>(i)] = core::dice(env.mask(), c.reference);
        }
    };
    std::vector<std::thread> threads;
    for (int j = 1; j < std::max(1, options.jobs); ++j) threads.emplace_back(worker);
    worker();
    for (auto& t : threads) t.join();
    return out;
}

void runRl(PolicyTrainer& trainer, const std::vector<TrainingCase>& cases, const RlOptions& options,
           const RlIterationCallback& onIteration) {
    if (cases.empty()) throw std::invalid_argument("RL training needs at least one case");
    const int group = std::max(2, options.groupSize);
    std::vector<const TrainingCase*> hard;
    if (options.hardShare > 0) {
        const std::vector<double> dice = boxOnlyDice(cases, options);
        for (std::size_t i = 0; i < cases.size(); ++i)
            if (dice[i] < options.hardDice) hard.push_back(&cases[i]);
    }
    for (int iteration = std::max(1, options.firstIteration); iteration <= options.iterations; ++iteration) {
        const auto start = std::chrono::steady_clock::now();
        // The iteration's tasks: cases and the person's first box, shared by the rollouts of a group.
        std::mt19937 rng(static_cast<std::uint32_t>(
            core::mixSeeds64(options.seed, static_cast<std::uint64_t>(iteration))));
        struct Task {
            const TrainingCase* c;
            core::Action first;
        };
        std::vector<Task> tasks;
        for (int t = 0; t < options.tasksPerIteration; ++t) {
            const bool fromHard = !hard.empty() && core::unitClosed(rng) < options.hardShare;
            const TrainingCase& c = fromHard ? *hard[rng() % hard.size()] : cases[rng() % cases.size()];
            const auto box = core::boxFromMask(c.reference, options.initialBoxJitter, rng);
            if (box) tasks.push_back({&c, core::toAction(*box)});
        }
        const int jobsTotal = static_cast<int>(tasks.size()) * group;
        std::vector<Rollout> rollouts(static_cast<std::size_t>(jobsTotal));
        std::atomic<int> next{0};
        std::exception_ptr error;
        std::mutex errorMutex;
        const auto worker = [&] {
            try {
                AgentSpec toolSpec;
                toolSpec.tool = options.tool;
                const auto tool = makeTool(toolSpec);
                EnvConfig config;
                config.maxTurns = options.maxTurns;
                config.renderPictures = false;
                SegmentationEnv env(*tool, config);
                for (int j = next++; j < jobsTotal; j = next++) {
                    const Task& task = tasks[static_cast<std::size_t>(j / group)];
                    rollouts[static_cast<std::size_t>(j)] =
                        runRollout(trainer, env, *task.c, task.first,
                                   core::mixSeeds64(
                                       core::mixSeeds64(options.seed, static_cast<std::uint64_t>(iteration)),
                                       static_cast<std::uint64_t>(j)),
                                   options.mode);
                }
            } catch (...) {
                const std::lock_guard<std::mutex> lock(errorMutex);
                if (!error) error = std::current_exception();
            }
        };
        std::vector<std::thread> threads;
        for (int j = 1; j < std::max(1, options.jobs); ++j) threads.emplace_back(worker);
        worker();
        for (auto& t : threads) t.join();
        if (error) std::rethrow_exception(error);

        RlIterationLog log;
        log.iteration = iteration;
        std::vector<const RlSample*> batch;
        int decisions = 0, invalid = 0, envSteps = 0;
        for (std::size_t t = 0; t < tasks.size(); ++t) {
            std::vector<double> rewards(static_cast<std::size_t>(group));
            for (int g = 0; g < group; ++g)
                rewards[static_cast<std::size_t>(g)] = rollouts[t * group + g].reward;
            const std::vector<double> advantages = groupAdvantages(rewards);
            for (int g = 0; g < group; ++g) {
                Rollout& r = rollouts[t * group + g];
                for (RlSample& s : r.decisions) {
                    s.advantage = advantages[static_cast<std::size_t>(g)];
                    batch.push_back(&s);
                }
                log.meanReward += r.reward;
                log.meanDice += r.dice;
                log.meanTurns += r.turns;
                log.stopRate += r.stopped;
                log.formatRate += r.format;
                decisions += static_cast<int>(r.decisions.size());
                invalid += r.invalidActions;
                envSteps += r.envSteps;
            }
        }
        const double n = std::max<std::size_t>(1, rollouts.size());
        log.meanReward /= n, log.meanDice /= n, log.meanTurns /= n, log.stopRate /= n, log.formatRate /= n;
        log.invalidRate = decisions ? static_cast<double>(invalid) / decisions : 0.0;
        const double rolloutSeconds =
            std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
        log.envStepsPerSecond = rolloutSeconds > 0 ? envSteps / rolloutSeconds : 0.0;
        for (int e = 0; e < std::max(1, options.updateEpochs); ++e)
            log.step = trainer.rlStep(batch, options.step);
        log.seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
        if (onIteration) onIteration(log);
    }
}

}  // namespace medsam::agent
