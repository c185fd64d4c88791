#include "storage/db/Correction.h"

#include <nlohmann/json.hpp>

#include "core/codec/MaskCodec.h"
#include "storage/sqlite/Sqlite.h"

namespace medsam::storage {

std::optional<std::vector<std::uint8_t>> sessionFinalMask(ProjectDb& db, Id sessionId) {
    if (auto record = db.finalMaskOfSession(sessionId)) return record->mask;
    const auto steps = db.steps(sessionId);
    for (auto it = steps.rbegin(); it != steps.rend(); ++it) {
        if (!it->mask.empty()) return it->mask;
    }
    return std::nullopt;
}

Correction recordCorrection(ProjectDb& db, Id original, const core::Mask& corrected,
                            const std::string& reviewer, const std::string& comment) {
    const auto session = db.session(original);
    const std::string what = "session " + std::to_string(original);
    if (!session) throw StorageError("cannot correct " + what + ": the project has no such session");
    if (session->outcome == core::Outcome::Running) {
        throw StorageError("cannot correct " + what + ": it is still running");
    }
    const auto encoded = sessionFinalMask(db, original);
    if (!encoded) throw StorageError("cannot correct " + what + ": it has no mask to correct");
    const core::Mask before = core::decodeMask(*encoded);
    if (before.size() != corrected.size()) {
        throw StorageError("cannot correct " + what + ": its mask is " + before.geometry().describe() +
                           " but the correction is " + corrected.geometry().describe());
    }
    Correction out;
    for (std::size_t n = 0; n < before.voxels().size(); ++n) {
        const bool was = before.voxels()[n] != 0, is = corrected.voxels()[n] != 0;
        out.added += !was && is;
        out.removed += was && !is;
    }

    std::vector<core::Step> steps = db.steps(original);
    ActorInfo actor;
    actor.actor = core::Actor::Person;
    actor.annotator = reviewer;
    actor.policy = kCorrectionPolicy;
    actor.tool = session->actor.tool;
    actor.toolVersion = session->actor.toolVersion;
    actor.settingsJson = nlohmann::json{{"corrects", session->uuid}, {"base_steps", steps.size()}}.dump();

    core::Step edit;
    edit.index = static_cast<int>(steps.size());
    edit.actor = core::Actor::Person;
    edit.action = core::Action::stop();
    edit.rawText =
        "correction: +" + std::to_string(out.added) + "/-" + std::to_string(out.removed) + " pixels";
    edit.mask = core::encodeMask(corrected);
    edit.maskWidth = corrected.width();
    edit.maskHeight = corrected.height();
    edit.timestampMs = nowMs();

    sql::Transaction tx(db.connection());
    out.sessionId = db.beginSession(session->taskId, actor);
    out.uuid = db.session(out.sessionId)->uuid;
    for (auto& step : steps) db.appendStep(out.sessionId, step);
    db.appendStep(out.sessionId, edit);
    db.finishSession(out.sessionId, core::Outcome::Stopped, edit.mask);
    db.addReview(original, ReviewStatus::Completed, reviewer, "corrected in session " + out.uuid);
    db.addReview(out.sessionId, ReviewStatus::Approved, reviewer, comment);
    db.audit("correct", session->uuid + " corrected by " + reviewer + " in session " + out.uuid + ": " +
                            edit.rawText.substr(std::string("correction: ").size()));
    tx.commit();
    return out;
}

}  // namespace medsam::storage
