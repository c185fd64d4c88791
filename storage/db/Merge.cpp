#include "storage/db/Merge.h"

#include <filesystem>
#include <map>

#include "storage/sqlite/Sqlite.h"

namespace medsam::storage {

std::string MergeReport::summary() const {
    return "images +" + std::to_string(imagesAdded) + " (" + std::to_string(imagesMatched) +
           " matched), labels +" + std::to_string(labelsAdded) + ", tasks +" + std::to_string(tasksAdded) +
           ", sessions +" + std::to_string(sessionsAdded) + " (" + std::to_string(sessionsSkipped) +
           " already present), steps +" + std::to_string(stepsAdded) + ", final masks +" +
           std::to_string(finalMasksAdded) + ", reviews +" + std::to_string(reviewsAdded);
}

MergeReport mergeProject(ProjectDb& into, const std::string& otherPath, const Progress& progress) {
    if (into.readOnly()) throw StorageError(into.path() + " is open read-only: cannot merge into it");
    namespace fs = std::filesystem;
    if (fs::exists(otherPath) && fs::exists(into.path()) && fs::equivalent(otherPath, into.path())) {
        throw StorageError("cannot merge " + otherPath + " into itself");
    }
    OpenOptions ro;
    ro.readOnly = true;
    ProjectDb other(otherPath, ro);
    MergeReport report;
    auto& c = into.connection();
    sql::Transaction tx(c);

    std::map<Id, Id> labelMap, imageMap, taskMap, sessionMap;
    for (const auto& l : other.labels()) {
        if (auto mine = into.labelByName(l.info.name)) {
            labelMap[l.id] = mine->id;
            continue;
        }
        core::LabelInfo info = l.info;
        int value = info.value;
        auto taken = [&](int v) {
            for (const auto& m : into.labels())
                if (m.info.value == v) return true;
            return false;
        };
        while (taken(value)) ++value;
        if (value > 65535) throw StorageError("merge: no free label value left for '" + info.name + "'");
        info.value = static_cast<std::uint16_t>(value);
        labelMap[l.id] = into.addLabel(info);
        ++report.labelsAdded;
    }
    for (const auto& img : other.images()) {
        if (auto mine = into.imageByHash(img.contentHash)) {
            imageMap[img.id] = mine->id;
            ++report.imagesMatched;
            continue;
        }
        ImageInput in;
        in.path = img.absolutePath;
        in.seriesUid = img.seriesUid;
        in.contentHash = img.contentHash;
        in.modality = img.modality;
        in.geometry = img.geometry;
        imageMap[img.id] = into.addImage(in);
        ++report.imagesAdded;
    }
    const auto before = into.tasks().size();
    for (const auto& t : other.tasks()) {
        taskMap[t.id] = into.ensureTask(imageMap.at(t.imageId), labelMap.at(t.labelId), t.slice, t.target);
    }
    report.tasksAdded = static_cast<int>(into.tasks().size() - before);

    auto& o = other.connection();
    const auto sessions = other.sessions();
    std::size_t done = 0;
    for (const auto& s : sessions) {
        if (progress.cancelled()) throw Cancelled();
        progress(done++, sessions.size(), "session " + s.uuid);
        auto find = c.prepare("SELECT id FROM sessions WHERE uuid = ?1");
        find.bind(1, s.uuid);
        if (find.step()) {
            sessionMap[s.id] = find.int64(0);
            ++report.sessionsSkipped;
            continue;
        }
        c.prepare(
             "INSERT INTO sessions(uuid, task_id, actor, annotator, policy, policy_version, tool, "
             "tool_version, "
             "settings, started_at, finished_at, outcome, final_reward, origin) "
             "VALUES (?1,?2,?3,?4,?5,?6,?7,?8,?9,?10,?11,?12,?13,?14)")
            .bind(1, s.uuid)
            .bind(2, taskMap.at(s.taskId))
            .bind(3, core::toString(s.actor.actor))
            .bind(4, s.actor.annotator)
            .bind(5, s.actor.policy)
            .bind(6, s.actor.policyVersion)
            .bind(7, s.actor.tool)
            .bind(8, s.actor.toolVersion)
            .bind(9, s.actor.settingsJson)
            .bind(10, s.startedAt)
            .bind(11, s.finishedAt)
            .bind(12, core::toString(s.outcome))
            .bind(13, s.finalReward)
            .bind(14, s.origin.empty() ? other.projectUuid() : s.origin)
            .run();
        const Id newId = c.lastInsertId();
        sessionMap[s.id] = newId;
        ++report.sessionsAdded;
        // Steps are copied column for column (not through core::Step) so nothing is lost or reformatted.
        const char* cols =
            "step_index, actor, action, x0, y0, x1, y1, raw_text, mask, mask_width, mask_height, dice, iou, "
            "latency_ms, timestamp_ms, error, reward";
        auto read = o.prepare(std::string("SELECT ") + cols +
                              " FROM steps WHERE session_id = ?1 ORDER BY step_index");
        read.bind(1, s.id);
        auto write = c.prepare(std::string("INSERT INTO steps(session_id, ") + cols +
                               ") VALUES (?1,?2,?3,?4,?5,?6,?7,?8,?9,?10,?11,?12,?13,?14,?15,?16,?17,?18)");
        while (read.step()) {
            write.reset();
            write.bind(1, newId)
                .bind(2, read.int64(0))
                .bind(3, read.text(1))
                .bind(4, read.text(2))
                .bind(5, read.real(3))
                .bind(6, read.real(4))
                .bind(7, read.real(5))
                .bind(8, read.real(6))
                .bind(9, read.text(7))
                .bind(10, read.blob(8))
                .bind(11, read.int64(9))
                .bind(12, read.int64(10))
                .bind(13, read.optReal(11))
                .bind(14, read.optReal(12))
                .bind(15, read.real(13))
                .bind(16, read.int64(14))
                .bind(17, read.text(15));
            if (read.isNull(16))
                write.bindNull(18);
            else
                write.bind(18, read.text(16));
            write.run();
            ++report.stepsAdded;
        }
    }

    // Final masks: every version of every target; one already here (same target, session and bytes) is
    // skipped.
    for (const auto& img : other.images()) {
        for (const auto& l : other.labels()) {
            for (auto fm : other.finalMasks(img.id, l.id)) {
                fm.imageId = imageMap.at(fm.imageId);
                fm.labelId = labelMap.at(fm.labelId);
                if (fm.sessionId) fm.sessionId = sessionMap.at(*fm.sessionId);
                bool present = false;
                for (const auto& mine : into.finalMasks(fm.imageId, fm.labelId)) {
                    if (mine.slice == fm.slice && mine.sessionId == fm.sessionId && mine.mask == fm.mask) {
                        present = true;
                        break;
                    }
                }
                if (present) continue;
                into.addFinalMask(fm);
                ++report.finalMasksAdded;
            }
        }
    }
    for (const auto& s : sessions) {
        for (const auto& r : other.reviews(s.id)) {
            const Id sid = sessionMap.at(s.id);
            auto q = c.prepare(
                "SELECT 1 FROM reviews WHERE session_id = ?1 AND status = ?2 AND reviewer = ?3 AND comment = "
                "?4 AND "
                "created_at = ?5");
            q.bind(1, sid)
                .bind(2, toString(r.status))
                .bind(3, r.reviewer)
                .bind(4, r.comment)
                .bind(5, r.createdAt);
            if (q.step()) continue;
            c.prepare(
                 "INSERT INTO reviews(session_id, status, reviewer, comment, created_at) VALUES "
                 "(?1,?2,?3,?4,?5)")
                .bind(1, sid)
                .bind(2, toString(r.status))
                .bind(3, r.reviewer)
                .bind(4, r.comment)
                .bind(5, r.createdAt)
                .run();
            ++report.reviewsAdded;
        }
    }
    into.audit("merge", other.projectUuid() + " from " + otherPath + ": " + report.summary());
    tx.commit();
    progress(sessions.size(), sessions.size(), "merged");
    return report;
}

}  // namespace medsam::storage
