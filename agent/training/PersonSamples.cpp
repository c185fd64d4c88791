#include "agent/training/PersonSamples.h"

#include <algorithm>

#include "agent/env/SegmentationEnv.h"
#include "agent/eval/Factories.h"
#include "agent/training/ExpertSamples.h"

namespace medsam::agent {

namespace {

// Replays `person` on `c`; appends one sample per decision after the first prompt and returns the final Dice
// against the case's reference.
double replay(const TrainingCase& c, const PersonTrajectory& person, SegmentationEnv& env,
              const PolicySpec& spec, double cropJitter, std::mt19937& rng, std::vector<SftSample>& out) {
    core::Task task;
    task.imagePath = c.name;
    task.target = c.target;
    Observation obs = env.reset(task, c.slice, c.reference, c.name);
    for (std::size_t i = 0; i < person.actions.size() && !env.done(); ++i) {
        const core::Action& action = person.actions[i];
        if (i > 0) {
            const ModelFrame frame = jitteredFrame(modelFrame(obs, spec), spec, cropJitter, rng);
            SftSample s = sampleFromDecision(obs, spec, frame, action);
            s.group = c.group;
            out.push_back(std::move(s));
        }
        obs = env.step(action, core::Actor::Person).observation;
    }
    const auto& steps = env.trajectory().steps;
    return steps.empty() || !steps.back().dice ? 0.0 : *steps.back().dice;
}

}  // namespace

std::vector<SftSample> collectPersonSamples(const std::vector<TrainingCase>& cases, const PolicySpec& spec,
                                            const PersonSampleOptions& options, ReplayStats* stats) {
    ReplayStats local;
    ReplayStats& st = stats ? *stats : local;
    st = ReplayStats{};
    std::vector<SftSample> out;
    std::size_t longest = 0;
    for (const auto& c : cases)
        for (const auto& t : c.trajectories) longest = std::max(longest, t.actions.size());
    if (longest == 0) return out;
    AgentSpec toolSpec;
    toolSpec.tool = options.tool;
    const auto tool = makeTool(toolSpec);
    EnvConfig envConfig;
    envConfig.maxTurns = static_cast<int>(longest);  // a person may prompt more often than an agent's limit
    envConfig.renderPictures = false;
    SegmentationEnv env(*tool, envConfig);
    double diceSum = 0.0;
    for (std::size_t i = 0; i < cases.size(); ++i) {
        for (std::size_t k = 0; k < cases[i].trajectories.size(); ++k) {
            const PersonTrajectory& person = cases[i].trajectories[k];
            std::mt19937 rng(static_cast<std::uint32_t>((i * 1000 + k) * 0x9E3779B1u + options.seed));
            std::vector<SftSample> samples;
            try {
                diceSum += replay(cases[i], person, env, spec, options.cropJitter, rng, samples);
            } catch (const std::exception& e) {
                ++st.failed;
                st.failures.push_back(person.origin + " " + person.session + ": " + e.what());
                continue;
            }
            ++st.trajectories;
            for (auto& s : samples) out.push_back(std::move(s));
        }
    }
    st.decisions = static_cast<int>(out.size());
    st.meanFinalDice = st.trajectories > 0 ? diceSum / st.trajectories : 0.0;
    return out;
}

}  // namespace medsam::agent
