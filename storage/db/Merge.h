#pragma once

#include <string>

#include "storage/db/ProjectDb.h"

namespace medsam::storage {

struct MergeReport {
    int imagesAdded = 0, imagesMatched = 0;
    int labelsAdded = 0;
    int tasksAdded = 0;
    int sessionsAdded = 0, sessionsSkipped = 0;
    int stepsAdded = 0;
    int finalMasksAdded = 0;
    int reviewsAdded = 0;
    std::string summary() const;
};

// Joins `otherPath` (opened read-only, never modified) into `into`, in one transaction: images are
// matched by content hash, labels by name, tasks by (image, label, slice), sessions by uuid; final masks
// and reviews already present (same session and bytes / same fields) are skipped. Merging the same file
// twice adds nothing. A label whose value is taken by another name gets the next free value.
MergeReport mergeProject(ProjectDb& into, const std::string& otherPath, const Progress& progress = {});

}  // namespace medsam::storage
