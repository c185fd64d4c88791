#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "core/image/Image.h"
#include "storage/db/ProjectDb.h"

namespace medsam::storage {

// The policy name of a correction session (sessions.policy).
constexpr const char* kCorrectionPolicy = "correction";

struct Correction {
    Id sessionId = 0;
    std::string uuid;
    std::size_t added = 0,
                removed = 0;  // pixels (voxels) the reviewer added to / removed from the final mask
};

// The mask a session ended with: its final-mask record, else its last step's mask; nullopt when none.
std::optional<std::vector<std::uint8_t>> sessionFinalMask(ProjectDb& db, Id sessionId);

// Records a reviewer's correction of session `original` as a linked correction session, in one transaction:
//   - a new session on the same task (actor person, annotator `reviewer`, policy "correction", settings
//     {"corrects": <original uuid>, "base_steps": n}) whose steps are the original's n steps followed by one
//     person step carrying the corrected mask (action stop, raw text "correction: +a/-r pixels");
//   - its final mask becomes the task's next final-mask version;
//   - reviews: the original "completed" ("corrected in session <uuid>"), the correction "approved" by
//     `reviewer` (it is the reviewer's own work) with `comment`;
//   - the audit log names who corrected what.
// Why a linked session rather than steps appended to the original: a recorded trajectory (possibly already
// exported) never changes, yet the correction is a complete trajectory an export can use as it is.
// `corrected` has the original's final-mask shape (the slice for a slice task). Throws StorageError naming
// the session when it has no mask, is still running, or the shapes differ.
Correction recordCorrection(ProjectDb& db, Id original, const core::Mask& corrected,
                            const std::string& reviewer, const std::string& comment);

}  // namespace medsam::storage
