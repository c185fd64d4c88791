#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "core/codec/MaskCodec.h"
#include "core/trajectory/Trajectory.h"
#include "storage/db/ProjectDb.h"
#include "storage/sqlite/Sqlite.h"
#include "storage/util/ContentHash.h"

// Small synthetic projects for the storage tests: a textured image, a disc mask, steps as an agent makes
// them.
namespace medsam::storage::test {

inline core::Volume syntheticVolume(int w, int h, int d, float seed) {
    core::ImageGeometry g;
    g.size = {w, h, d};
    g.spacing = {0.8, 0.8, 2.5};
    g.origin = {-100, -90, 30};
    core::Volume v{core::Image<float>(g),
                   {{"modality", "CT"}, {"seriesInstanceUid", "1.2.3." + std::to_string(int(seed))}}};
    for (std::size_t n = 0; n < v.image.voxels().size(); ++n) {
        v.image.voxels()[n] =
            static_cast<float>((n * 2654435761u + static_cast<std::size_t>(seed * 977)) % 1000) - 200.f;
    }
    return v;
}

inline core::Mask disc(int w, int h, int cx, int cy, int r) {
    core::ImageGeometry g;
    g.size = {w, h, 1};
    core::Mask m(g);
    for (int y = 0; y < h; ++y)
        for (int x = 0; x < w; ++x) m.at(x, y) = (x - cx) * (x - cx) + (y - cy) * (y - cy) < r * r;
    return m;
}

inline core::Step makeStep(int index, int w = 512, int h = 512) {
    core::Step s;
    s.index = index;
    s.actor = index % 3 == 2 ? core::Actor::Person : core::Actor::Agent;
    s.action = index == 0 ? core::Action::box(0.2 * w, 0.2 * h, 0.6 * w, 0.65 * h)
                          : core::Action::point(0.3 * w + index % 7, 0.4 * h, index % 2 == 1);
    s.rawText = "<tool_call>{\"name\": \"add_point\"}</tool_call> #" + std::to_string(index);
    const int v = index % 50;
    const core::Mask m = disc(w, h, w / 2 + v, h / 2, w / 5 + v);
    s.mask = core::encodeMask(m);
    s.maskWidth = w;
    s.maskHeight = h;
    s.dice = 0.5 + 0.01 * index;
    s.iou = 0.4 + 0.01 * index;
    core::RewardTerms r;
    r.iou = *s.iou;
    r.dice = *s.dice;
    r.improvement = 0.01;
    s.reward = r;
    s.latencyMs = 12.5;
    s.timestampMs = 1700000000000 + index;
    return s;
}

// An image, a label and a task on slice k:1 of a 64x48x3 volume; returns the task id.
inline Id addSampleTask(ProjectDb& db, float seed = 1, const std::string& labelName = "liver") {
    const core::Volume v = syntheticVolume(64, 48, 3, seed);
    ImageInput in;
    in.path = (db.folder() / ("img" + std::to_string(int(seed)) + ".nii.gz")).string();
    in.contentHash = contentHash(v.image);
    in.geometry = v.image.geometry();
    in.modality = "CT";
    const Id image = db.addImage(in);
    Id label = 0;
    if (auto l = db.labelByName(labelName)) {
        label = l->id;
    } else {
        core::LabelInfo info;
        info.name = labelName;
        info.value = static_cast<std::uint16_t>(db.labels().size() + 1);
        info.description = "the " + labelName;
        label = db.addLabel(info);
    }
    return db.ensureTask(image, label, core::SliceRef{2, 1}, "the " + labelName);
}

// A project the size a lab reaches after months: `sessions` sessions over 20 images x 4 labels x 3 slices,
// deterministic in `sessions`. Session n (1-based id n): actor/policy/tool/outcome cycle with n; steps
// 1 + n % 5 with Dice 0.5 + 0.01 * step; reviews: n % 6 == 0 approved by "ana", n % 6 == 1 rejected by "bo",
// n % 6 == 2 flagged by "ana", otherwise none. One transaction, so 10,000 sessions take about a second.
inline void fillProject(ProjectDb& db, int sessions) {
    static const char* labels[] = {"liver", "spleen", "kidney", "aorta"};
    static const char* policies[] = {"mllm", "box", "expert", "box-clicks"};
    static const core::Outcome outcomes[] = {core::Outcome::Stopped, core::Outcome::TurnLimit,
                                             core::Outcome::Stopped, core::Outcome::FormatError};
    sql::Transaction tx(db.connection());
    std::vector<Id> tasks;
    for (int image = 1; image <= 20; ++image) {
        for (const char* label : labels) {
            const Id t = addSampleTask(db, static_cast<float>(image), label);
            const auto task = *db.task(t);
            for (int k = 0; k < 3; ++k)
                tasks.push_back(db.ensureTask(task.imageId, task.labelId, core::SliceRef{2, k}, task.target));
        }
    }
    for (int n = 1; n <= sessions; ++n) {
        ActorInfo actor;
        actor.actor =
            n % 3 == 0 ? core::Actor::Person : (n % 3 == 1 ? core::Actor::Agent : core::Actor::Expert);
        actor.annotator = actor.actor == core::Actor::Person ? "carla" : "";
        actor.policy = policies[n % 4];
        actor.tool = n % 2 ? "classical-rw" : "medsam2";
        const Id s = db.beginSession(tasks[static_cast<std::size_t>(n) % tasks.size()], actor,
                                     "00000000-0000-4000-8000-" + std::to_string(100000000000LL + n));
        const int steps = 1 + n % 5;
        for (int i = 0; i < steps; ++i) db.appendStep(s, makeStep(i, 64, 48));
        db.finishSession(s, outcomes[n % 4], {});
        if (n % 6 == 0) db.addReview(s, ReviewStatus::Approved, "ana", "fine");
        if (n % 6 == 1) db.addReview(s, ReviewStatus::Rejected, "bo", "leaks into the liver");
        if (n % 6 == 2) db.addReview(s, ReviewStatus::Flagged, "ana", "fix the lower edge");
    }
    tx.commit();
}

// A new project at `path` with one sample task and one session begun on it (closed again); returns the
// session id.
inline Id createProjectWithSession(const std::string& path) {
    ProjectDb db = ProjectDb::create(path);
    return db.beginSession(addSampleTask(db), ActorInfo{});
}

}  // namespace medsam::storage::test
