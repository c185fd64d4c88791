#include "storage/db/SessionRecorder.h"

#include <algorithm>

#include "storage/sqlite/Sqlite.h"
#include "storage/util/ContentHash.h"

namespace medsam::storage {

SessionRecorder::SessionRecorder(const std::string& projectPath, const OpenOptions& options)
    : owned_(std::in_place, projectPath, options), db_(&*owned_) {}

SessionRecorder::SessionRecorder(ProjectDb& db) : db_(&db) {}

Id SessionRecorder::beginSession(const core::Task& task, const core::Volume& volume, const ActorInfo& actor,
                                 const std::string& labelName) {
    ImageInput input;
    input.path = task.imagePath;
    input.contentHash = contentHash(volume.image);
    input.geometry = volume.image.geometry();
    auto meta = [&](const char* key) {
        const auto it = volume.metadata.find(key);
        return it == volume.metadata.end() ? std::string() : it->second;
    };
    input.modality = meta("modality");
    input.seriesUid = meta("seriesInstanceUid");  // key set by core/io
    const std::string name = labelName.empty() ? task.target : labelName;
    if (name.empty()) throw StorageError("beginSession: the task has neither a label name nor a target text");
    // Image, label, task and session in one write transaction (BEGIN IMMEDIATE; the 10 s busy timeout covers
    // waiting writers): each insert-or-get sees the others' commits, so parallel runs on one project all
    // succeed, and a failure leaves nothing half made.
    sql::Transaction tx(db_->connection());
    const Id imageId = db_->addImage(input);
    const Id labelId = db_->ensureLabel(name, task.target);
    // The agent works on 2D slices (a 2D image is slice k:0 of a depth-1 volume).
    const Id taskId = db_->ensureTask(imageId, labelId, task.slice, task.target);
    const Id session = db_->beginSession(taskId, actor);
    tx.commit();
    return session;
}

Id SessionRecorder::beginSession(Id taskId, const ActorInfo& actor) {
    return db_->beginSession(taskId, actor);
}

Id SessionRecorder::appendStep(Id sessionId, const core::Step& step) {
    return db_->appendStep(sessionId, step);
}

void SessionRecorder::finishSession(Id sessionId, core::Outcome outcome,
                                    const std::vector<std::uint8_t>& finalMask,
                                    std::optional<double> finalReward) {
    db_->finishSession(sessionId, outcome, finalMask, finalReward);
}

}  // namespace medsam::storage
