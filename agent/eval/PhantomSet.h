#pragma once

#include <string>

#include "core/image/ImageGeometry.h"

namespace medsam::agent {

// Writes `count` synthetic phantom slices with exact ground truth (core::randomPhantomSpec / makePhantom2D:
// textured ellipse "organs", noise, blurred and weak edges, distractors) as NIfTI image + label pairs into
// `dir`, plus `dir/manifest.csv` (relative paths, label value 1, target "phantom organ", slice 0).
// Deterministic from `seed`. Returns the manifest's path. Throws core::ImageIoError naming a file it cannot
// write.
std::string writePhantomSet(const std::string& dir, int count, const core::Size3& size,
                            const core::Vec3& spacing, unsigned seed);

}  // namespace medsam::agent
