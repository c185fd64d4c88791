// `medsam-agent sam-check --sam-model DIR`: loads an exported SAM-family model (encoder.pt, decoder.pt,
// model.json), runs one box prompt on a synthetic phantom and prints what it got and how long it took, so a
// person can check an export before pointing the agent at it. `--write-synthetic DIR` writes the weightless
// test model instead (see docs/sam-backend.md). Both go through the torch plugin; the first line printed says
// which file was loaded and what its start-up cost.
#include <chrono>
#include <cstdio>

#include "agent/plugin/TorchPluginLoader.h"
#include "app/cli/Commands.h"

namespace medsam::cli {

namespace {

struct SamCheckArgs {
    std::string modelDir;
    std::string writeSynthetic;
    int size = 512;
    int threads = 0;
};

core::Image<float> phantom(int size) {
    core::ImageGeometry g;
    g.size = {size, size, 1};
    core::Image<float> img(g, -1000.0f);
    for (int y = 0; y < size; ++y)
        for (int x = 0; x < size; ++x) {
            const double dx = x - size * 0.45, dy = y - size * 0.55;
            if (dx * dx + dy * dy < size * size / 25.0) img.at(x, y) = 60.0f;
        }
    return img;
}

int run(const SamCheckArgs& a) {
    using Clock = std::chrono::steady_clock;
    auto ms = [](Clock::duration d) { return std::chrono::duration<double, std::milli>(d).count(); };
    const auto tLoad = Clock::now();
    const agent::LoadedTorchPlugin& plugin = agent::torchPlugin();
    std::printf("torch plugin %s (libtorch %s) loaded in %.0f ms\n", plugin.path.c_str(),
                plugin.backend->torchVersion().c_str(), ms(Clock::now() - tLoad));
    if (!a.writeSynthetic.empty()) {
        agent::SamModelSpec spec;
        spec.name = "synthetic";
        spec.description = "weightless test model: discs at clicks, box fill, mask input echo";
        plugin.backend->writeSyntheticSamModel(a.writeSynthetic, spec, agent::SyntheticSamOptions{});
        std::printf("wrote a synthetic SAM model to %s\n", a.writeSynthetic.c_str());
        return 0;
    }
    const auto s = agent::SamModelSpec::load(a.modelDir);  // the tool reads it too; here for the report
    agent::SamSegmenterOptions o;
    o.threads = a.threads;
    const auto t0 = Clock::now();
    const auto tool = plugin.backend->makeSamSegmenter(a.modelDir, o);
    auto& seg = *tool;
    const auto t1 = Clock::now();
    std::printf(
        "model %s (family %s): input %d, %d encoder output(s), %d masks, low-res %d; loaded in %.0f ms\n",
        seg.name().c_str(), s.family.c_str(), s.inputSize, s.encoderOutputs, s.maskOutputs, s.lowResSize,
        ms(t1 - t0));
    const auto slice = phantom(a.size);
    seg.setImage(slice, "");
    const auto t2 = Clock::now();
    const double r = a.size / 5.0, cx = a.size * 0.45, cy = a.size * 0.55;
    const auto res = seg.predict({agent::BoxPrompt{cx - r, cy - r, cx + r, cy + r}, {}}, {});
    const auto t3 = Clock::now();
    std::size_t area = 0, hit = 0;
    for (std::size_t i = 0; i < res.mask.voxels().size(); ++i) {
        area += res.mask.voxels()[i];
        hit += res.mask.voxels()[i] && slice.voxels()[i] > 0;
    }
    std::printf(
        "phantom %dx%d, box around a disc of %.0f px: mask %zu px (%zu inside the disc), score %.3f\n",
        a.size, a.size, 3.14159265 * r * r, area, hit, res.score);
    std::printf("setImage %.1f ms, predict %.1f ms\n", ms(t2 - t1), ms(t3 - t2));
    return 0;
}

}  // namespace

RegisteredCommand registerSamCheckCommand(CLI::App& app) {
    auto args = std::make_shared<SamCheckArgs>();
    CLI::App* sub = app.add_subcommand("sam-check", "Load an exported SAM-family model and run one prompt");
    auto* model =
        sub->add_option("--sam-model", args->modelDir, "directory with encoder.pt, decoder.pt, model.json")
            ->check(CLI::ExistingDirectory);
    auto* synth =
        sub->add_option("--write-synthetic", args->writeSynthetic, "write the weightless test model here");
    model->excludes(synth);
    sub->add_option("--size", args->size, "phantom size in pixels")->check(CLI::Range(16, 4096));
    sub->add_option("--threads", args->threads,
                    "libtorch threads (0 = all cores; more than the cores are clamped to them)")
        ->check(CLI::NonNegativeNumber);
    sub->callback([model, synth] {
        if (!model->count() && !synth->count()) throw CLI::RequiredError("--sam-model or --write-synthetic");
    });
    return {sub, [args] { return run(*args); }};
}

}  // namespace medsam::cli
