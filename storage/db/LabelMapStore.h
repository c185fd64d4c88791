#pragma once

#include <optional>

#include "core/image/LabelMap.h"
#include "storage/db/ProjectDb.h"

// A whole label map of a project image, stored as the storage layer stores every result: one final mask per
// label (whole volume, MaskCodec-encoded, versioned), with the label table in the project's labels.
namespace medsam::storage {

struct SavedLabelMap {
    int labelsWritten = 0;  // masks stored (a label emptied since the last save stores an empty mask)
    std::size_t bytes = 0;  // encoded size of what was written
};

// The project's label with `info.value`, added from `info` when missing (name defaulting to "Label N").
Id ensureLabelValue(ProjectDb& db, const core::LabelInfo& info);

// Removes the project's label with `value` when nothing refers to it (no task, no final mask); a label that
// recorded work uses is kept, since its sessions and masks must stay readable. Returns whether it was
// removed; throws StorageError for a read-only project.
bool removeUnusedLabel(ProjectDb& db, std::uint16_t value);

// Stores a new version of each label's mask that differs from its latest stored version; labels missing from
// the project are added (name and colour from the map's table, else "Label N"). One transaction: all or
// nothing.
SavedLabelMap saveLabelMap(ProjectDb& db, Id imageId, const core::LabelMap& labels);

// The latest whole-volume mask of every label of the image composed into one map on `grid` (nullopt when the
// image has none), with the project's label table. Throws StorageError when a stored mask is not on the grid.
std::optional<core::LabelMap> loadLabelMap(ProjectDb& db, Id imageId, const core::ImageGeometry& grid);

}  // namespace medsam::storage
