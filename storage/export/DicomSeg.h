#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "core/image/Image.h"
#include "core/image/LabelMap.h"
#include "core/io/DicomSeries.h"
#include "storage/export/Deidentify.h"

namespace medsam::storage {

// Writes a binary DICOM Segmentation (DCMTK dcmseg) of `labels` (on the grid of `series`, as core/io loads
// it: slice k of the volume is series.slices[k]). One segment per label value present, one frame per
// (segment, slice holding it), each frame referencing its source SOP instance (derivation image) and the
// series in the Common Instance Reference; patient, study and frame of reference come from the source.
// UIDs are derived from `seed` (2.25.<sha-256>) and dates from `contentTimeMs`, so the file is deterministic.
// With `deidentify` set the written dataset goes through deidentifyDataset (PS3.15 Basic Profile) first.
// Throws StorageError naming the file on failure.
void writeDicomSeg(const std::string& path, const core::Image<std::uint16_t>& labels,
                   const std::vector<core::LabelInfo>& labelTable, const core::DicomSeriesInfo& series,
                   const std::string& seed, std::int64_t contentTimeMs,
                   const std::optional<DeidentifyOptions>& deidentify = std::nullopt);

}  // namespace medsam::storage
