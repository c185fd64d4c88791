// Training from the storage layer's export of curated sessions (docs/training.md, "Training from curated
// sessions"): a real project (storage API), sessions recorded as the env makes them, approved, exported with
// the real exporter, then read back by agent/training/ExportedSessions.h and replayed by PersonSamples.h.
#include <QTemporaryDir>
#include <QtTest>
#include <cmath>
#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>

#include "agent/env/SegmentationEnv.h"
#include "agent/eval/Factories.h"
#include "agent/propagation/Propagation.h"
#include "agent/training/ExportedSessions.h"
#include "agent/training/PersonSamples.h"
#include "agent/training/TrainingPhantoms.h"
#include "core/codec/MaskCodec.h"
#include "core/render/PngCodec.h"
#include "storage/db/ProjectDb.h"
#include "storage/export/Exporter.h"
#include "storage/util/ContentHash.h"
#include "tests/agent/training/TrainingTestUtil.h"

using namespace medsam;
using namespace medsam::agent;
using test::specV2;
namespace fs = std::filesystem;

namespace {

// The reference's bounding box, in slice pixels.
core::Action referenceBox(const core::Mask& m) {
    return *boxFromMask(m, 0);
}

// A pixel of `m` holding `value`, nearest the centre of the box.
std::pair<int, int> pixelWith(const core::Mask& m, std::uint8_t value) {
    const core::Action b = referenceBox(m);
    const double cx = (b.x0 + b.x1) / 2, cy = (b.y0 + b.y1) / 2;
    std::pair<int, int> best{-1, -1};
    double bestDistance = 1e18;
    for (int y = 0; y < m.height(); ++y)
        for (int x = 0; x < m.width(); ++x) {
            const double d = (x - cx) * (x - cx) + (y - cy) * (y - cy);
            if (m.at(x, y) == value && x >= b.x0 && x <= b.x1 && y >= b.y0 && y <= b.y1 && d < bestDistance) {
                bestDistance = d;
                best = {x, y};
            }
        }
    return best;
}

struct Recorded {
    std::vector<core::Action> actions;  // what the person did, in slice pixels
    std::vector<std::uint8_t> finalMask;
};

// One session as the studio records a person's work: every step the env makes, then the final mask.
Recorded record(storage::ProjectDb& db, storage::Id task, const TrainingCase& c,
                const std::vector<core::Action>& actions) {
    AgentSpec toolSpec;
    toolSpec.tool = "classical";
    auto tool = makeTool(toolSpec);
    EnvConfig config;
    config.renderPictures = false;
    SegmentationEnv env(*tool, config);
    env.reset(core::Task{c.name, {}, c.target, {}}, c.slice, c.reference);
    storage::ActorInfo actor;
    actor.actor = core::Actor::Person;
    actor.annotator = "ana";
    actor.policy = "manual";
    const storage::Id session = db.beginSession(task, actor);
    for (const auto& a : actions) db.appendStep(session, *env.step(a, core::Actor::Person).step);
    Recorded r{actions, core::encodeMask(env.mask())};
    db.finishSession(session, core::Outcome::Stopped, r.finalMask);
    db.addReview(session, storage::ReviewStatus::Approved, "bo", "");
    return r;
}

core::Volume volumeOf(const TrainingCase& c) {
    core::Volume v;
    v.image = c.slice;
    v.metadata["modality"] = "MR";
    return v;
}

// A project with two phantom images: image A has an earlier approved session and the person's latest one
// (box, positive click, negative click, stop); image B one session (box, stop). Exported to `dir`.
struct Sample {
    std::vector<TrainingCase> phantoms;
    Recorded earlier, person, other;
    std::string exportDir;
};

void makeExport(const QTemporaryDir& tmp, Sample& s) {
    s.phantoms = trainingPhantoms(2, 11, {"blob"});
    storage::ProjectDb db = storage::ProjectDb::create(tmp.filePath("p.db").toStdString());
    core::LabelInfo label;
    label.name = "organ";
    label.value = 1;
    label.description = "the organ";
    const storage::Id labelId = db.addLabel(label);
    std::map<std::string, core::Volume> volumes;
    std::vector<storage::Id> tasks;
    for (std::size_t i = 0; i < s.phantoms.size(); ++i) {
        const core::Volume v = volumeOf(s.phantoms[i]);
        storage::ImageInput in;
        in.path = tmp.filePath(QString("img%1.nii.gz").arg(i)).toStdString();
        in.contentHash = storage::contentHash(v.image);
        in.geometry = v.image.geometry();
        in.modality = "MR";
        volumes[in.contentHash] = v;
        tasks.push_back(db.ensureTask(db.addImage(in), labelId, core::SliceRef{2, 0}, "the organ"));
    }
    const TrainingCase& a = s.phantoms[0];
    const core::Action box = referenceBox(a.reference);
    s.earlier = record(db, tasks[0], a, {box, core::Action::stop()});
    const auto [px, py] = pixelWith(a.reference, 1);
    const auto [nx, ny] = pixelWith(a.reference, 0);
    QVERIFY2(px >= 0 && nx >= 0, "the phantom has no inside or no outside pixel in its box");
    // The box a person drags has fractional corners; clicks land on pixels.
    const core::Action dragged = core::Action::box(box.x0 - 1.3, box.y0 - 0.6, box.x1 + 2.2, box.y1 + 0.7);
    s.person = record(db, tasks[0], a,
                      {dragged, core::Action::point(px, py, true), core::Action::point(nx, ny, false),
                       core::Action::stop()});
    s.other =
        record(db, tasks[1], s.phantoms[1], {referenceBox(s.phantoms[1].reference), core::Action::stop()});

    storage::ExportOptions o;
    o.outDir = tmp.filePath("export").toStdString();
    o.masks = false;
    o.loader = [volumes](const storage::ImageRecord& image) { return volumes.at(image.contentHash); };
    const storage::ExportReport report = storage::exportProject(db, o);
    QCOMPARE(report.sftRecords, 3);
    QCOMPARE(report.rlRecords, 2);
    s.exportDir = o.outDir;
}

// A copy of the export to spoil.
std::string copyOf(const std::string& dir, const QTemporaryDir& tmp, const char* name) {
    const fs::path to = fs::path(tmp.path().toStdString()) / name;
    fs::copy(dir, to, fs::copy_options::recursive);
    return to.string();
}

std::vector<std::string> lines(const fs::path& p) {
    std::ifstream in(p);
    std::vector<std::string> out;
    for (std::string line; std::getline(in, line);) out.push_back(line);
    return out;
}

void writeLines(const fs::path& p, const std::vector<std::string>& rows) {
    std::ofstream out(p, std::ios::trunc);
    for (const auto& r : rows) out << r << "\n";
}

void replaceAll(std::string& text, const std::string& from, const std::string& to) {
    for (auto at = text.find(from); at != std::string::npos; at = text.find(from, at + to.size()))
        text.replace(at, from.size(), to);
}

// The mask file of the export's first rl row.
fs::path firstMask(const std::string& dir) {
    const auto row = nlohmann::json::parse(lines(fs::path(dir) / "rl" / "tasks.jsonl").front());
    return fs::path(dir) / "rl" / row["reward_model"]["ground_truth"]["path"].get<std::string>();
}

std::string errorOf(const std::function<void()>& f) {
    try {
        f();
    } catch (const ExportReadError& e) {
        return e.what();
    } catch (const std::exception& e) {
        return std::string("(not an ExportReadError) ") + e.what();
    }
    return "(no error)";
}

#define EXPECT_ERROR(expr, ...)                                                                  \
    do {                                                                                         \
        const std::string what = errorOf([&] { (void)(expr); });                                 \
        for (const std::string& part : std::vector<std::string>{__VA_ARGS__})                    \
            QVERIFY2(what.find(part) != std::string::npos, (what + "  lacks: " + part).c_str()); \
    } while (0)

}  // namespace

class TestExportedSessions : public QObject {
    Q_OBJECT
    QTemporaryDir tmp_;
    Sample sample_;

private Q_SLOTS:
    void initTestCase() {
        QVERIFY(tmp_.isValid());
        makeExport(tmp_, sample_);
        QVERIFY(!QTest::currentTestFailed() && !sample_.exportDir.empty());
    }

    void curatedMasksBecomeCasesAndThePersonsTrajectoryIsLinked() {
        const ExportedData data = readExport(sample_.exportDir);
        QCOMPARE(data.tasks, 2);
        QCOMPARE(data.conversations, 3);
        QCOMPARE(data.linked, 2);
        // The earlier session of image A is no task's reference: left out, said so.
        QCOMPARE(data.skipped.size(), std::size_t{1});
        QVERIFY2(data.skipped[0].find("no task's reference") != std::string::npos, data.skipped[0].c_str());
        QVERIFY(data.skipped[0].find("trajectories.jsonl:1") != std::string::npos);
        QCOMPARE(data.cases.size(), std::size_t{2});
        for (const TrainingCase& c : data.cases) {
            QCOMPARE(c.target, std::string("the organ"));
            QVERIFY(c.group.rfind("case-", 0) == 0);
            QCOMPARE(c.trajectories.size(), std::size_t{1});
        }
        QVERIFY(data.cases[0].group != data.cases[1].group);  // two images, two groups
        // Each case's reference is its latest session's final mask, pixel for pixel; the slice is the
        // phantom's size. Cases follow rl/'s order (task order), as the phantoms were added.
        const std::vector<const Recorded*> latest{&sample_.person, &sample_.other};
        for (std::size_t i = 0; i < 2; ++i) {
            const core::Mask curated = core::decodeMask(latest[i]->finalMask);
            QCOMPARE(data.cases[i].reference.voxels(), curated.voxels());
            QCOMPARE(data.cases[i].slice.width(), sample_.phantoms[i].slice.width());
            QCOMPARE(data.cases[i].slice.height(), sample_.phantoms[i].slice.height());
        }
    }

    void thePersonsActionsRoundTripThroughTheGrid() {
        const ExportedData data = readExport(sample_.exportDir);
        const PersonTrajectory& read = data.cases[0].trajectories[0];
        const auto& done = sample_.person.actions;
        QCOMPARE(read.actions.size(), done.size());
        const int w = data.cases[0].slice.width(), h = data.cases[0].slice.height();
        QVERIFY(w <= 1000 && h <= 1000);
        for (std::size_t i = 0; i < done.size(); ++i) {
            QVERIFY(read.actions[i].kind == done[i].kind);
            if (!done[i].isPrompt()) continue;
            // Half a grid step at most (core/protocol/ToolCallCodec.h); a clicked pixel comes back exactly.
            QVERIFY(std::abs(read.actions[i].x0 - done[i].x0) <= 0.5 * w / 1000.0 + 1e-9);
            QVERIFY(std::abs(read.actions[i].y0 - done[i].y0) <= 0.5 * h / 1000.0 + 1e-9);
            if (done[i].isPoint()) {
                QCOMPARE(std::lround(read.actions[i].x0), std::lround(done[i].x0));
                QCOMPARE(std::lround(read.actions[i].y0), std::lround(done[i].y0));
            } else {
                QVERIFY(std::abs(read.actions[i].x1 - done[i].x1) <= 0.5 * w / 1000.0 + 1e-9);
                QVERIFY(std::abs(read.actions[i].y1 - done[i].y1) <= 0.5 * h / 1000.0 + 1e-9);
            }
        }
    }

    void everyDecisionAfterTheFirstPromptIsOneSample() {
        const ExportedData data = readExport(sample_.exportDir);
        ReplayStats stats;
        const auto samples = collectPersonSamples(data.cases, specV2(), {}, &stats);
        // Person: click+, click-, stop; other: stop. The first prompt (the box) starts each episode.
        QCOMPARE(stats.trajectories, 2);
        QCOMPARE(stats.failed, 0);
        QCOMPARE(samples.size(), std::size_t{4});
        QCOMPARE(stats.decisions, 4);
        const std::vector<int> kinds{
            static_cast<int>(PolicyAction::PositivePoint), static_cast<int>(PolicyAction::NegativePoint),
            static_cast<int>(PolicyAction::Stop), static_cast<int>(PolicyAction::Stop)};
        for (std::size_t i = 0; i < samples.size(); ++i) {
            QCOMPARE(samples[i].action, kinds[i]);
            QCOMPARE(samples[i].input.size(), specV2().inputSize());
        }
        QVERIFY(samples[0].cell >= 0 && samples[1].cell >= 0);  // the clicks lie in the crop
        QCOMPARE(samples[0].group, data.cases[0].group);
        QCOMPARE(samples[3].group, data.cases[1].group);
        // Replayed with the tool that recorded them on the 8-bit picture: close to the curated masks.
        QVERIFY2(stats.meanFinalDice > 0.7, std::to_string(stats.meanFinalDice).c_str());
        // Deterministic.
        const auto again = collectPersonSamples(data.cases, specV2(), {});
        for (std::size_t i = 0; i < samples.size(); ++i) QCOMPARE(again[i].input, samples[i].input);
        // Only the masks (no conversations): no person samples, the expert's cases stay.
        const ExportedData masksOnly = readExport(sample_.exportDir, false);
        QCOMPARE(masksOnly.cases.size(), std::size_t{2});
        QVERIFY(collectPersonSamples(masksOnly.cases, specV2(), {}).empty());
    }

    void missingFilesAreNamed() {
        const std::string dir = copyOf(sample_.exportDir, tmp_, "no-rl");
        fs::remove(fs::path(dir) / "rl" / "tasks.jsonl");
        EXPECT_ERROR(readExport(dir), "rl/tasks.jsonl", "cannot be read", "db export");
        const std::string noSft = copyOf(sample_.exportDir, tmp_, "no-sft");
        fs::remove(fs::path(noSft) / "sft" / "trajectories.jsonl");
        EXPECT_ERROR(readExport(noSft), "sft/trajectories.jsonl", "cannot be read");
        QCOMPARE(readExport(noSft, false).cases.size(), std::size_t{2});  // the masks alone still train
        const std::string noImage = copyOf(sample_.exportDir, tmp_, "no-image");
        const auto row = nlohmann::json::parse(lines(fs::path(noImage) / "rl" / "tasks.jsonl").front());
        const std::string image = row["images"][0]["path"];
        fs::remove(fs::path(noImage) / "rl" / image);
        EXPECT_ERROR(readExport(noImage), "rl/tasks.jsonl:1: image: ", image.c_str());
    }

    void malformedRowsNameFileAndLine() {
        const std::string dir = copyOf(sample_.exportDir, tmp_, "bad-json");
        auto rows = lines(fs::path(dir) / "rl" / "tasks.jsonl");
        rows.insert(rows.begin() + 1, "{\"extra_info\": ");
        writeLines(fs::path(dir) / "rl" / "tasks.jsonl", rows);
        EXPECT_ERROR(readExport(dir), "rl/tasks.jsonl:2: not valid JSON");

        rows.erase(rows.begin() + 1);
        std::string row = rows[1];
        replaceAll(row, "\"session\":", "\"sessio\":");
        writeLines(fs::path(dir) / "rl" / "tasks.jsonl", {rows[0], row});
        EXPECT_ERROR(readExport(dir), "rl/tasks.jsonl:2: no extra_info.session");

        auto j = nlohmann::json::parse(rows[1]);
        j["extra_info"]["width"] = j["extra_info"]["width"].get<int>() + 1;
        writeLines(fs::path(dir) / "rl" / "tasks.jsonl", {rows[0], j.dump()});
        EXPECT_ERROR(readExport(dir), "rl/tasks.jsonl:2: image", "extra_info says");

        j = nlohmann::json::parse(rows[1]);
        j["reward_model"]["ground_truth"]["path"] = "../../p.db";
        writeLines(fs::path(dir) / "rl" / "tasks.jsonl", {rows[0], j.dump()});
        EXPECT_ERROR(readExport(dir), "rl/tasks.jsonl:2: '../../p.db' leaves");

        writeLines(fs::path(dir) / "rl" / "tasks.jsonl", {rows[0], rows[0]});
        EXPECT_ERROR(readExport(dir), "rl/tasks.jsonl:2: task case-", "again (first at");
    }

    void badMasksAreNamed() {
        const std::string dir = copyOf(sample_.exportDir, tmp_, "bad-mask");
        const fs::path mask = firstMask(dir);
        const ExportedData good = readExport(sample_.exportDir);
        const int w = good.cases[0].slice.width(), h = good.cases[0].slice.height();
        // Another size than its image.
        std::vector<std::uint8_t> pixels(static_cast<std::size_t>(w + 3) * h, 0);
        pixels[10] = 255;
        core::writeFile(mask.string(), core::encodePngGray(w + 3, h, pixels.data()));
        EXPECT_ERROR(readExport(dir), "rl/tasks.jsonl:1: mask", mask.string().c_str(), "its image");
        // Values other than 0/255.
        pixels.assign(static_cast<std::size_t>(w) * h, 0);
        pixels[static_cast<std::size_t>(w) + 2] = 128;
        core::writeFile(mask.string(), core::encodePngGray(w, h, pixels.data()));
        EXPECT_ERROR(readExport(dir), "rl/tasks.jsonl:1: mask", "holds 128", "pixel (2, 1)",
                     "only 0 and 255");
        // Not a PNG at all: the image reader's reason.
        core::writeFile(mask.string(), {'n', 'o', 'p', 'e'});
        EXPECT_ERROR(readExport(dir), "rl/tasks.jsonl:1: mask: ", mask.string().c_str());
        // Empty: a curated "nothing here" is left out and said so, with the person's session on it.
        pixels.assign(static_cast<std::size_t>(w) * h, 0);
        core::writeFile(mask.string(), core::encodePngGray(w, h, pixels.data()));
        const ExportedData data = readExport(dir);
        QCOMPARE(data.cases.size(), std::size_t{1});
        QCOMPARE(data.linked, 1);
        std::string all;
        for (const auto& s : data.skipped) all += s + "\n";
        QVERIFY2(all.find("rl/tasks.jsonl:1: the curated mask is empty") != std::string::npos, all.c_str());
        QVERIFY2(all.find("its task's mask is empty") != std::string::npos, all.c_str());
    }

    void badConversationsNameFileLineAndMessage() {
        const std::string dir = copyOf(sample_.exportDir, tmp_, "bad-sft");
        const fs::path file = fs::path(dir) / "sft" / "trajectories.jsonl";
        const auto rows = lines(file);
        // Row 2 is the person's: box, click+, click-, stop (messages 2, 4, 6, 8).
        std::string row = rows[1];
        replaceAll(row, "\\\"point_type\\\": \\\"negative\\\"", "\\\"point_type\\\": \\\"maybe\\\"");
        writeLines(file, {rows[0], row, rows[2]});
        EXPECT_ERROR(readExport(dir), "sft/trajectories.jsonl:2 message 6: tool call: invalid argument");
        auto j = nlohmann::json::parse(rows[1]);
        j["messages"].erase(j["messages"].size() - 1);  // no stop_action
        writeLines(file, {rows[0], j.dump(), rows[2]});
        EXPECT_ERROR(readExport(dir),
                     "sft/trajectories.jsonl:2: the conversation does not end with stop_action");
        j = nlohmann::json::parse(rows[1]);
        j["messages"].push_back(j["messages"][2]);  // a call after the stop
        writeLines(file, {rows[0], j.dump(), rows[2]});
        EXPECT_ERROR(readExport(dir), "sft/trajectories.jsonl:2 message 9: a call after stop_action");
        j = nlohmann::json::parse(rows[1]);
        j["images"][0] = "images/picture.png";
        writeLines(file, {rows[0], j.dump(), rows[2]});
        EXPECT_ERROR(readExport(dir), "sft/trajectories.jsonl:2: images[0] 'images/picture.png'");
        writeLines(file, {rows[0], rows[1], rows[1]});
        EXPECT_ERROR(readExport(dir), "sft/trajectories.jsonl:3: session-", "again (first at");
        writeLines(file, {rows[0], "[1, 2]", rows[2]});
        EXPECT_ERROR(readExport(dir), "sft/trajectories.jsonl:2: not a JSON object");
    }
};

QTEST_GUILESS_MAIN(TestExportedSessions)
#include "tst_ExportedSessions.moc"
