#pragma once

#include <optional>
#include <string>
#include <vector>

#include "core/image/Image.h"
#include "core/trajectory/Trajectory.h"
#include "storage/db/ProjectDb.h"

namespace medsam::storage {

// What the agent runner (and the UI's human sessions) call to record a trajectory as it happens.
// appendStep returns after COMMIT: a step it returned for survives a crash of the process at any later point.
// Owns its own connection when constructed from a path, so it can live on the agent's worker thread.
class SessionRecorder {
public:
    explicit SessionRecorder(const std::string& projectPath, const OpenOptions& options = {});
    explicit SessionRecorder(ProjectDb& db);

    // Finds or adds the image (by content hash of `volume`), the label (`labelName`, default: the task's
    // target text, created with the next free value) and the task, then starts a session on it.
    Id beginSession(const core::Task& task, const core::Volume& volume, const ActorInfo& actor,
                    const std::string& labelName = {});
    Id beginSession(Id taskId, const ActorInfo& actor);
    Id appendStep(Id sessionId, const core::Step& step);
    void finishSession(Id sessionId, core::Outcome outcome, const std::vector<std::uint8_t>& finalMask,
                       std::optional<double> finalReward = std::nullopt);

    ProjectDb& db() { return *db_; }

private:
    std::optional<ProjectDb> owned_;
    ProjectDb* db_;
};

}  // namespace medsam::storage
