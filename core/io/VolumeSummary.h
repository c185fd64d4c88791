#pragma once

#include <cstddef>
#include <cstdint>
#include <map>
#include <string>

#include "core/image/Image.h"

// Plain-text summaries of loaded images, for the CLI (`medsam-agent info`, `demo`) and logs.
namespace medsam::core {

struct IntensityRange {
    float min = 0.0f, max = 0.0f;
};
IntensityRange intensityRange(const Image<float>& image);

// Number of voxels holding each value present in the label image (background 0 included).
std::map<std::uint16_t, std::size_t> labelVoxelCounts(const Image<std::uint16_t>& labels);

// Multi-line: format and source, size, spacing, origin, direction, orientation code, intensity range, and the
// DICOM facts in the metadata (modality, description, UIDs) when present.
std::string describeVolume(const Volume& volume);

}  // namespace medsam::core
