#include "storage/db/SessionRecorder.h"

#include <algorithm>

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
    const Id imageId = db_->addImage(input);

    const std::string name = labelName.empty() ? task.target : labelName;
    if (name.empty()) throw StorageError("beginSession: the task has neither a label name nor a target text");
    Id labelId = 0;
    if (auto existing = db_->labelByName(name)) {
        labelId = existing->id;
    } else {
        core::LabelInfo info;
        info.name = name;
        info.description = task.target;
        int value = 1;
        for (const auto& l : db_->labels()) value = std::max(value, l.info.value + 1);
        info.value = static_cast<std::uint16_t>(value);
        labelId = db_->addLabel(info);
    }
    // The agent works on 2D slices (a 2D image is slice k:0 of a depth-1 volume).
    const Id taskId = db_->ensureTask(imageId, labelId, task.slice, task.target);
    return db_->beginSession(taskId, actor);
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
