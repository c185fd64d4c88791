// Step insert latency (one transaction per step, 512x512 mask) at both durability levels, and the
// database size per 1,000 steps. Run: build/dev/bench/bench_storage --benchmark_repetitions=3
#include <benchmark/benchmark.h>
#include <unistd.h>

#include <algorithm>
#include <chrono>
#include <filesystem>
#include <vector>

#include "core/codec/MaskCodec.h"
#include "storage/db/ProjectDb.h"
#include "storage/export/Exporter.h"
#include "storage/sqlite/Sqlite.h"
#include "storage/util/ContentHash.h"

using namespace medsam;
using namespace medsam::storage;
namespace fs = std::filesystem;

namespace {

core::Step stepWithMask(int index) {
    core::ImageGeometry g;
    g.size = {512, 512, 1};
    core::Mask m(g);
    const int r = 90 + index % 40;
    for (int y = 0; y < 512; ++y)
        for (int x = 0; x < 512; ++x) m.at(x, y) = (x - 250) * (x - 250) + (y - 240) * (y - 240) < r * r;
    core::Step s;
    s.index = index;
    s.action = core::Action::point(200 + index % 50, 210, true);
    s.rawText =
        R"(<tool_call>{"name": "add_point", "arguments": {"point_2d": [400, 410], "point_type": "positive"}}</tool_call>)";
    s.mask = core::encodeMask(m);
    s.maskWidth = s.maskHeight = 512;
    s.iou = 0.8;
    s.dice = 0.88;
    s.reward = core::RewardTerms{0.8, 0.88, 0.05, 0.005, 0.01};
    return s;
}

void BM_AppendStep(benchmark::State& state) {
    const Durability durability = state.range(0) ? Durability::Full : Durability::ProcessCrash;
    const fs::path dir = fs::temp_directory_path() / ("medsam_bench_" + std::to_string(::getpid()));
    fs::create_directories(dir);
    const std::string path = (dir / "bench.db").string();
    fs::remove(path);
    Id session = 0;
    {
        ProjectDb db = ProjectDb::create(path);
        ImageInput in;
        in.path = "ct.nii.gz";
        in.contentHash = "bench";
        in.geometry.size = {512, 512, 1};
        const Id image = db.addImage(in);
        const Id label = db.addLabel(core::LabelInfo{1, "liver", {255, 0, 0}, "liver"});
        session = db.beginSession(db.ensureTask(image, label, core::SliceRef{2, 0}, "liver"), ActorInfo{});
    }
    OpenOptions options;
    options.durability = durability;
    ProjectDb db(path, options);
    std::vector<core::Step> steps;
    for (int i = 0; i < 64; ++i) steps.push_back(stepWithMask(i));
    std::vector<double> ms;
    int index = 0;
    for (auto _ : state) {
        core::Step s = steps[static_cast<std::size_t>(index % 64)];
        s.index = index++;
        const auto t0 = std::chrono::steady_clock::now();
        db.appendStep(session, s);
        ms.push_back(
            std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - t0).count());
    }
    std::sort(ms.begin(), ms.end());
    state.counters["median_ms"] = ms[ms.size() / 2];
    state.counters["p99_ms"] = ms[std::min(ms.size() - 1, ms.size() * 99 / 100)];
    // Size of the checkpointed file: the WAL is a bounded scratch area (~4 MiB), not growth per step.
    db.connection().exec("PRAGMA wal_checkpoint(TRUNCATE)");
    const double bytes = static_cast<double>(fs::file_size(path));
    state.counters["db_KiB_per_1000_steps"] = bytes / 1024.0 / static_cast<double>(index) * 1000.0;
    state.counters["mask_bytes"] = static_cast<double>(steps[0].mask.size());
    fs::remove_all(dir);
}

// Export throughput: 20 approved sessions of 5 steps on 256x256 slices (SFT + RL + label maps), images
// from memory so the number is the exporter's own cost (rendering, PNG, JSON, NIfTI/NRRD, checksums).
void BM_Export(benchmark::State& state) {
    const fs::path dir = fs::temp_directory_path() / ("medsam_bench_export_" + std::to_string(::getpid()));
    fs::remove_all(dir);
    fs::create_directories(dir);
    const std::string path = (dir / "bench.db").string();
    constexpr int kSessions = 20;
    core::ImageGeometry g;
    g.size = {256, 256, 4};
    core::Volume volume{core::Image<float>(g), {}};
    for (std::size_t n = 0; n < volume.image.voxels().size(); ++n)
        volume.image.voxels()[n] = float((n * 7919) % 1000);
    {
        ProjectDb db = ProjectDb::create(path);
        ImageInput in;
        in.path = "ct.nii.gz";
        in.contentHash = contentHash(volume.image);
        in.geometry = g;
        const Id image = db.addImage(in);
        const Id label = db.addLabel(core::LabelInfo{1, "liver", {255, 0, 0}, "liver"});
        for (int s = 0; s < kSessions; ++s) {
            const Id task = db.ensureTask(image, label, core::SliceRef{2, s % 4}, "liver");
            const Id session = db.beginSession(task, ActorInfo{});
            core::Step last;
            for (int i = 0; i < 5; ++i) {
                core::Step step = stepWithMask(i);
                core::ImageGeometry sg;
                sg.size = {256, 256, 1};
                core::Mask m(sg);
                for (int y = 0; y < 256; ++y)
                    for (int x = 0; x < 256; ++x)
                        m.at(x, y) = (x - 128) * (x - 128) + (y - 120) * (y - 120) < (40 + i) * (40 + i);
                step.mask = core::encodeMask(m);
                step.maskWidth = step.maskHeight = 256;
                step.index = i;
                db.appendStep(session, step);
                last = step;
            }
            db.finishSession(session, core::Outcome::Stopped, last.mask);
            db.addReview(session, ReviewStatus::Approved, "bench", "");
        }
    }
    ProjectDb db(path);
    ExportOptions o;
    o.outDir = (dir / "out").string();
    o.loader = [&](const ImageRecord&) { return volume; };
    for (auto _ : state) exportProject(db, o);
    state.counters["sessions_per_s"] =
        benchmark::Counter(double(kSessions) * double(state.iterations()), benchmark::Counter::kIsRate);
    fs::remove_all(dir);
}

}  // namespace

BENCHMARK(BM_Export)->Unit(benchmark::kMillisecond)->MinTime(2.0);
BENCHMARK(BM_AppendStep)->Arg(1)->Arg(0)->ArgName("full")->Iterations(1000)->Unit(benchmark::kMillisecond);

BENCHMARK_MAIN();
