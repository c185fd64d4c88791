#include <QCoreApplication>
#include <clocale>
#include <cmath>
#include <cstdio>
#include <ctime>
#include <filesystem>
#include <memory>
#include <optional>
#include <sstream>
#include <string>

#include "agent/env/SegmentationEnv.h"
#include "agent/eval/CaseLoader.h"
#include "agent/eval/Factories.h"
#include "agent/propagation/Propagation.h"
#include "agent/runner/Episode.h"
#include "app/cli/AgentOptions.h"
#include "app/cli/Commands.h"
#include "core/codec/MaskCodec.h"
#include "core/io/VolumeIo.h"
#include "core/metrics/SegmentationMetrics.h"
#include "core/render/PngCodec.h"
#include "storage/db/SessionRecorder.h"

namespace medsam::cli {
namespace {

struct SegmentOptions {
    std::string image, target, slice, box, point, reference, labelValues, out, overlayDir, db, series;
    agent::AgentSpec spec;
    int maxTurns = 5;
    unsigned seed = 0;
    bool propagate = false;
};

std::vector<double> numbers(const std::string& text, std::size_t count, const char* option) {
    std::vector<double> v;
    std::stringstream in(text);
    std::string item;
    while (std::getline(in, item, ',')) {
        try {
            std::size_t used = 0;
            const double x = std::stod(item, &used);
            if (used != item.size() || !std::isfinite(x)) throw std::invalid_argument("not a finite number");
            v.push_back(x);
        } catch (const std::exception&) {
            v.clear();
            break;
        }
    }
    if (v.size() != count) {
        throw std::invalid_argument(std::string(option) + " '" + text + "': expected " +
                                    std::to_string(count) + " comma-separated finite numbers (slice pixels)");
    }
    return v;
}

std::vector<std::uint16_t> labelValues(const std::string& text) {
    std::vector<std::uint16_t> values;
    std::stringstream in(text);
    std::string item;
    while (std::getline(in, item, '|')) {
        int v = -1;
        try {
            std::size_t used = 0;
            v = std::stoi(item, &used);
            if (used != item.size()) v = -1;  // "5.5" was read as 5
        } catch (const std::exception&) {
            v = -1;
        }
        if (v < 1 || v > 65535)
            throw std::invalid_argument("--label-value '" + text +
                                        "': expected integers 1..65535 as N or N|M|...");
        values.push_back(static_cast<std::uint16_t>(v));
    }
    return values;
}

// --propagate: from the segmented slice through the volume (agent/propagation), a 3D label map (value 1) to
// --out, each propagated slice recorded as its own session with --db, 3D Dice with --reference.
int propagateFrom(const SegmentOptions& o, const agent::LoadedCase& loaded, const core::Mask& startMask,
                  agent::PromptableSegmenter& tool, agent::Policy& policy,
                  const std::vector<std::uint16_t>& referenceValues) {
    agent::SegmentInput chosen;
    chosen.image = o.image;
    chosen.series = o.series;
    const core::Volume volume = agent::readSegmentImage(chosen);
    std::optional<core::LabelMap> reference;
    if (!o.reference.empty()) reference = core::readLabelMap(o.reference);
    agent::PropagationRequest request;
    request.volume = &volume.image;
    request.eightBit = volume.eightBit;
    request.axis = loaded.slice.axis;
    request.startIndex = loaded.slice.index;
    request.startMask = startMask;
    request.target = o.target;
    request.imagePath = o.image;
    request.cacheKeyPrefix = "segment/";
    if (reference) {
        request.reference = &reference->labels;
        request.referenceValues = referenceValues;
    }
    std::optional<storage::SessionRecorder> recorder;
    if (!o.db.empty()) recorder.emplace(o.db);
    // One id for the run's sessions: the start time is unique enough for one person's project.
    const std::string run = "segment-" + std::to_string(static_cast<long long>(std::time(nullptr)));
    agent::PropagationConfig config;
    config.env.maxTurns = o.maxTurns;
    config.env.multimask = agent::multimaskFor(o.spec);
    const auto result = agent::propagate(
        request, tool, policy, config, [&](int done, int, const agent::PropagatedSlice& slice) {
            std::printf("slice %d: %zu steps, outcome %s (%d done)\n", slice.index,
                        slice.trajectory.steps.size(), core::toString(slice.trajectory.outcome).c_str(),
                        done);
            std::fflush(stdout);
            if (!recorder) return;
            storage::ActorInfo actor;
            actor.actor = agent::actorFor(policy);
            actor.policy = policy.name();
            actor.tool = tool.name();
            actor.settingsJson =
                "{\"propagation\": \"" + run + "\", \"from\": \"" + loaded.slice.toString() + "\"}";
            core::Task task = slice.trajectory.task;
            const storage::Id session = recorder->beginSession(task, volume, actor);
            for (const auto& step : slice.trajectory.steps) recorder->appendStep(session, step);
            recorder->finishSession(session, slice.trajectory.outcome, core::encodeMask(slice.mask));
        });
    std::printf("propagated to %zu slices; upwards it stopped at %s, downwards at %s\n", result.slices.size(),
                result.stopUp.c_str(), result.stopDown.c_str());
    core::LabelMap labels;
    labels.labels = agent::propagatedLabels(volume.image.geometry(), request, result, 1);
    if (reference) {
        const double d = core::dice(core::maskForValues(labels.labels, {1}),
                                    core::maskForValues(reference->labels, referenceValues));
        std::printf("3D Dice against the reference: %.4f\n", d);
    }
    if (!o.out.empty()) {
        core::writeLabelMap(labels, o.out);
        std::printf("3D label map written to %s\n", o.out.c_str());
    }
    return 0;
}

int run(const SegmentOptions& o) {
    int argc = 1;
    char name[] = "medsam-agent";
    char* argv[] = {name, nullptr};
    QCoreApplication qtApp(argc, argv);  // the mllm policy's network client needs one
    std::setlocale(LC_NUMERIC, "C");     // after Qt took the environment's locale: numbers in C notation

    agent::AgentSpec spec = o.spec;
    spec.expert.seed = o.seed;
    agent::validateSpec(spec);
    agent::SegmentInput input;
    input.image = o.image;
    input.target = o.target;
    input.sliceSpec = o.slice;
    input.label = o.reference;
    input.series = o.series;
    if (!o.reference.empty()) {
        if (o.labelValues.empty()) throw std::invalid_argument("--reference needs --label-value N");
        input.labelValues = labelValues(o.labelValues);
    }
    if (!o.box.empty()) {
        const auto b = numbers(o.box, 4, "--box");
        input.initialPrompt = core::Action::box(b[0], b[1], b[2], b[3]);
    } else if (!o.point.empty()) {
        const auto p = numbers(o.point, 2, "--point");
        input.initialPrompt = core::Action::point(p[0], p[1], true);
    }
    agent::CaseLoadOptions loading;
    loading.seed = o.seed;
    const agent::LoadedCase loaded = agent::loadSegmentInput(input, loading);
    if (loaded.emptyReference) {
        std::fprintf(stderr, "warning: the reference is empty on slice %s\n",
                     loaded.slice.toString().c_str());
    }
    if (spec.policy == "expert" && !loaded.request.reference) {
        throw std::invalid_argument(
            "--policy expert simulates an annotator from a reference: give --reference");
    }
    if ((spec.policy == "box" || spec.policy == "box-clicks") && !loaded.request.initialPrompt) {
        throw std::invalid_argument("--policy " + spec.policy +
                                    " needs --box (or --reference to derive one)");
    }
    if (spec.policy.rfind("learned", 0) == 0 && !loaded.request.initialPrompt) {
        throw std::invalid_argument(
            "--policy learned continues your first prompt: give --box or --point (or "
            "--reference to derive a box)");
    }

    auto tool = agent::makeTool(spec);
    auto policy = agent::makePolicy(spec);
    agent::EnvConfig envConfig;
    envConfig.maxTurns = o.maxTurns;
    envConfig.multimask = agent::multimaskFor(o.spec);
    agent::SegmentationEnv env(*tool, envConfig);
    if (!o.overlayDir.empty()) std::filesystem::create_directories(o.overlayDir);

    std::printf("%s  slice %s (%s)  %dx%d  target \"%s\"  policy %s  tool %s\n", o.image.c_str(),
                loaded.slice.toString().c_str(), loaded.axisName.c_str(), loaded.request.slice.width(),
                loaded.request.slice.height(), o.target.c_str(), policy->name().c_str(),
                tool->name().c_str());
    // With --db every step is committed as it happens, so a crash or Ctrl-C keeps what was printed.
    std::optional<storage::SessionRecorder> recorder;
    storage::Id sessionId = 0;
    if (!o.db.empty()) {
        recorder.emplace(o.db);
        storage::ActorInfo actor;
        actor.actor = agent::actorFor(*policy);
        actor.policy = policy->name();
        actor.tool = tool->name();
        sessionId = recorder->beginSession(loaded.request.task, agent::readSegmentImage(input), actor);
        std::printf("recording session %lld in %s\n", static_cast<long long>(sessionId), o.db.c_str());
    }
    auto onStep = [&](const core::Step& s, const agent::SegmentationEnv& e) {
        if (recorder) recorder->appendStep(sessionId, s);
        std::string line = "step " + std::to_string(s.index + 1) + "  " + core::toString(s.actor) + "  " +
                           core::describe(s.action);
        char buf[96];
        if (s.dice) {
            std::snprintf(buf, sizeof buf, "  Dice %.4f  IoU %.4f", *s.dice, *s.iou);
            line += buf;
        }
        std::snprintf(buf, sizeof buf, "  %.0f ms", s.latencyMs);
        line += buf;
        if (!s.error.empty()) line += "  error: " + s.error;
        std::printf("%s\n", line.c_str());
        std::fflush(stdout);
        if (!o.overlayDir.empty()) {
            char file[64];
            std::snprintf(file, sizeof file, "step_%02d.png", s.index + 1);
            core::writePng((std::filesystem::path(o.overlayDir) / file).string(), e.renderForPerson(512));
            std::snprintf(file, sizeof file, "model_view_%02d.png", s.index + 1);
            const auto o2 = e.observation();
            core::RgbImage view;
            view.width = view.height = o2.renderSize;
            view.rgb = o2.overlayRgb;
            core::writePng((std::filesystem::path(o.overlayDir) / file).string(), view);
        }
    };
    const core::Trajectory t = agent::runEpisode(env, *policy, loaded.request, onStep);
    if (recorder) recorder->finishSession(sessionId, t.outcome, t.finalMask, t.finalReward);
    std::printf("outcome %s after %d prompt(s)", core::toString(t.outcome).c_str(), env.promptTurns());
    if (t.finalReward) std::printf(", reward %.4f", *t.finalReward);
    std::printf("\n");
    const bool failed = t.outcome == core::Outcome::Error || t.outcome == core::Outcome::FormatError;
    if (o.propagate && !failed)
        return propagateFrom(o, loaded, env.mask(), *tool, *policy, input.labelValues);
    if (!o.out.empty()) {
        agent::writeSliceMask(o.out, loaded.volumeGeometry, loaded.slice, env.mask());
        std::printf("mask written to %s\n", o.out.c_str());
    }
    return failed ? 3 : 0;
}

}  // namespace

RegisteredCommand registerSegmentCommand(CLI::App& app) {
    auto o = std::make_shared<SegmentOptions>();
    CLI::App* sub =
        app.add_subcommand("segment", "Segment one slice with an agent, printing each step as it happens");
    sub->add_option("image", o->image, "Image file or DICOM folder")->required();
    sub->add_option("--target", o->target, "What to segment, as the agent is told (e.g. \"left kidney\")")
        ->required();
    sub->add_option("--slice", o->slice,
                    "AXIS:INDEX, AXIS = axial|coronal|sagittal|i|j|k (default: axial, "
                    "largest reference area, or the middle)");
    auto* box = sub->add_option("--box", o->box, "x0,y0,x1,y1 in slice pixels: the user's first prompt");
    sub->add_option("--point", o->point, "x,y in slice pixels: the user's first (positive) click")
        ->excludes(box);
    sub->add_option("--reference", o->reference, "Label map for Dice per step (and the expert policy)");
    sub->add_option("--label-value", o->labelValues, "Reference label value(s): N or N|M");
    sub->add_option("--series", o->series,
                    "DICOM with several series: the Series Instance UID, or its position (1, 2, ...) in the "
                    "list `info` prints");
    sub->add_option("--out", o->out, "Write the final mask as a label map (.nii.gz, .nrrd, .mha)");
    sub->add_option("--overlay-dir", o->overlayDir,
                    "Write each step's picture (prompts drawn) and model view");
    sub->add_option("--db", o->db, "Record the trajectory in this project database (see `db init`)");
    sub->add_flag(
        "--propagate", o->propagate,
        "Then propagate slice by slice through the volume (box from the neighbour's mask); --out gets "
        "the 3D label map");
    // The built-in learned policy: an agent with no server, no reference and no file (docs/training.md).
    o->spec.policy = "learned";
    addAgentOptions(sub, o->spec, o->maxTurns, o->seed);
    return {sub, [o] { return run(*o); }};
}

}  // namespace medsam::cli
