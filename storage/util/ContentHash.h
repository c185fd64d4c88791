#pragma once

#include <string>

#include "core/image/Image.h"

namespace medsam::storage {

// The identity of an image for de-duplication (db merge, re-import): SHA-256 over a version tag, the grid
// size and the decoded voxels (float32, little-endian, x fastest). Decoded voxels, not file bytes, so the
// same image stored in another transfer syntax or container (pydicom's MR_small family, a DICOM series
// re-exported as NIfTI) is one image; for a DICOM series the voxels are the slices in position order,
// which is the sorted pixel data. Geometry is stored beside it, not hashed: readers round it differently.
std::string contentHash(const core::Image<float>& image);

}  // namespace medsam::storage
