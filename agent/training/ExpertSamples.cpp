#include "agent/training/ExpertSamples.h"

#include <atomic>
#include <mutex>
#include <thread>

#include "agent/env/SegmentationEnv.h"
#include "agent/eval/Factories.h"
#include "core/synthetic/PortableRandom.h"

namespace medsam::agent {

namespace {

// One expert episode on `c`; appends the samples of every decision after the first prompt.
void runExpertEpisode(const TrainingCase& c, SegmentationEnv& env, ExpertPolicy& boxExpert,
                      ExpertPolicy& clickExpert, const PolicySpec& spec, const ExpertSampleOptions& options,
                      std::uint64_t episodeSeed, std::vector<SftSample>& out) {
    std::mt19937 rng(static_cast<std::uint32_t>(episodeSeed * 0x9E3779B1u + options.seed));
    const bool boxStart = core::unitClosed(rng) < options.boxStartShare;
    ExpertPolicy& expert = boxStart ? boxExpert : clickExpert;
    core::Task task;
    task.imagePath = c.name;
    task.target = c.target;
    Observation obs = env.reset(task, c.slice, c.reference, c.name);
    expert.reset();
    EpisodeContext context;
    context.reference = &env.reference().value();
    context.evaluate = env.evaluator();
    context.seed = episodeSeed;
    if (boxStart) {
        const auto box = core::boxFromMask(c.reference, options.initialBoxJitter, rng);
        if (!box) return;
        context.initialPrompt = core::toAction(*box);
    }
    expert.beginEpisode(context);
    // The person's first prompt: the box, or the expert's own first click.
    const core::Action first = boxStart ? *context.initialPrompt : expert.decide(obs).action;
    if (first.kind == core::ActionKind::Stop) return;
    obs = env.step(first, core::Actor::Person).observation;
    while (!env.done()) {
        const core::Action action = expert.decide(obs).action;
        const ModelFrame frame = jitteredFrame(modelFrame(obs, spec), spec, options.cropJitter, rng);
        SftSample s = sampleFromDecision(obs, spec, frame, action);
        s.group = c.group;
        out.push_back(std::move(s));
        obs = env.step(action, core::Actor::Expert).observation;
    }
}

}  // namespace

ModelFrame jitteredFrame(ModelFrame frame, const PolicySpec& spec, double jitter, std::mt19937& rng) {
    if (spec.version < 2 || jitter <= 0) return frame;
    const auto u = [&] { return 2.0 * core::unitClosed(rng) - 1.0; };
    const double scale = 1.0 + jitter * u();
    const double cx = frame.x0 + frame.width / 2 + 0.5 * jitter * frame.width * u();
    const double cy = frame.y0 + frame.height / 2 + 0.5 * jitter * frame.height * u();
    frame.width *= scale;
    frame.height *= scale;
    frame.x0 = cx - frame.width / 2;
    frame.y0 = cy - frame.height / 2;
    return frame;
}

SftSample sampleFromDecision(const Observation& observation, const PolicySpec& spec, const ModelFrame& frame,
                             const core::Action& action) {
    SftSample s;
    s.input = encodeObservation(observation, spec, frame);
    switch (action.kind) {
        case core::ActionKind::Box:
            s.action = static_cast<int>(PolicyAction::Box);
            s.box = {static_cast<float>((action.x0 - frame.x0) / frame.width),
                     static_cast<float>((action.y0 - frame.y0) / frame.height),
                     static_cast<float>((action.x1 - frame.x0) / frame.width),
                     static_cast<float>((action.y1 - frame.y0) / frame.height)};
            break;
        case core::ActionKind::PositivePoint:
        case core::ActionKind::NegativePoint:
            s.action = static_cast<int>(action.kind == core::ActionKind::PositivePoint
                                            ? PolicyAction::PositivePoint
                                            : PolicyAction::NegativePoint);
            s.cell = sliceToCell(frame, spec, action.x0, action.y0);
            break;
        default:
            s.action = static_cast<int>(PolicyAction::Stop);
    }
    return s;
}

std::vector<SftSample> collectExpertSamples(const std::vector<TrainingCase>& cases, const PolicySpec& spec,
                                            const ExpertSampleOptions& options,
                                            const SampleProgress& progress, int* failures) {
    std::vector<std::vector<SftSample>> perCase(cases.size());
    std::atomic<int> next{0}, done{0}, failed{0};
    std::mutex progressMutex;
    AgentSpec toolSpec;
    toolSpec.tool = options.tool;
    const auto worker = [&] {
        const auto tool = makeTool(toolSpec);
        EnvConfig envConfig;
        envConfig.maxTurns = options.maxTurns;
        envConfig.renderPictures = false;
        SegmentationEnv env(*tool, envConfig);
        ExpertConfig boxConfig = options.expert, clickConfig = options.expert;
        boxConfig.boxToPointRatio = 1.0;
        clickConfig.boxToPointRatio = 0.0;
        ExpertPolicy boxExpert(boxConfig), clickExpert(clickConfig);
        for (int i = next++; i < static_cast<int>(cases.size()); i = next++) {
            const int episodes =
                cases[static_cast<std::size_t>(i)].expertEpisodes ? options.episodesPerCase : 0;
            for (int e = 0; e < episodes; ++e) {
                try {
                    runExpertEpisode(cases[static_cast<std::size_t>(i)], env, boxExpert, clickExpert, spec,
                                     options,
                                     static_cast<std::uint64_t>(i) * 1000 + static_cast<std::uint64_t>(e),
                                     perCase[static_cast<std::size_t>(i)]);
                } catch (const std::exception&) {
                    ++failed;
                }
            }
            const int d = ++done;
            if (progress) {
                const std::lock_guard<std::mutex> lock(progressMutex);
                progress(d, static_cast<int>(cases.size()));
            }
        }
    };
    std::vector<std::thread> threads;
    for (int j = 1; j < std::max(1, options.jobs); ++j) threads.emplace_back(worker);
    worker();
    for (auto& t : threads) t.join();
    if (failures) *failures = failed;
    std::vector<SftSample> out;
    for (auto& samples : perCase)
        for (auto& s : samples) out.push_back(std::move(s));
    return out;
}

}  // namespace medsam::agent
