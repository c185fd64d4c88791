#pragma once

#include <cstdint>
#include <string>

#include "core/image/Image.h"

namespace medsam::storage {

// Label-map writers for the mask export, keeping the image's LPS geometry. Written here (small, exact,
// deterministic: gzip with mtime 0) so storage needs no ITK; tests read them back with ITK.
// NIfTI-1 (.nii.gz): sform (code 1, scanner) in RAS as the format requires; uint16.
void writeNiftiLabels(const std::string& path, const core::Image<std::uint16_t>& labels);
// NRRD (.nrrd): space left-posterior-superior, gzip encoding; uint16.
void writeNrrdLabels(const std::string& path, const core::Image<std::uint16_t>& labels);

}  // namespace medsam::storage
