#pragma once

#include <cstdint>
#include <string>

#include "core/image/Image.h"

namespace medsam::core {

// The project's one NIfTI writer (segment --out, the evaluation's label maps, the storage export): NIfTI-1
// single file (.nii, or .nii.gz with gzip), deterministic (gzip with mtime 0 and no name, no time or version
// in the header), so the same image always gives byte-identical files. The header is written byte by byte in
// little-endian order whatever the host. Geometry (LPS inside the program) is stored in RAS as the format
// requires, twice: as the qform (code 1, scanner; quaternion + pixdim, qfac for a left-handed grid) and as
// the sform (code 1, scanner; the full affine). A direction that is not orthonormal (a sheared grid) cannot
// be a qform: then qform_code is 0 and only the sform holds it. NIfTI-1 stores at most 32767 voxels per axis;
// a larger image is an ImageIoError (write .nrrd or .mha), never a truncated size.
void writeNifti(const std::string& path, const Image<float>& image);
void writeNifti(const std::string& path, const Image<std::uint16_t>& labels);
void writeNifti(const std::string& path, const Image<std::uint8_t>& mask);

}  // namespace medsam::core
