#pragma once

#include <cstdint>
#include <string>

#include "core/image/Image.h"

namespace medsam::storage {

// Label-map writer for the mask export, keeping the image's LPS geometry. Written here (small, exact,
// deterministic: gzip with mtime 0) so storage needs no ITK; tests read them back with ITK. NIfTI label maps
// come from core/io/NiftiWriter.h, the one NIfTI writer of the project.
// NRRD (.nrrd): space left-posterior-superior, gzip encoding; uint16.
void writeNrrdLabels(const std::string& path, const core::Image<std::uint16_t>& labels);

}  // namespace medsam::storage
