#pragma once

#include <string>

#include "core/image/Image.h"

// Internal to core/io: NIfTI-2 (.nii, .nii.gz, and the .hdr/.img pair), which Debian's ITK 5.2 cannot read.
namespace medsam::core::detail {

// True when the file (gzip or plain) starts with a NIfTI-2 header (sizeof_hdr 540, magic "n+2" or "ni2").
bool isNifti2(const std::string& path);
Volume readNifti2(const std::string& path);

// Decompresses a .gz file to its end, checking the deflate stream and the CRC. ITK's NIfTI reader stops after
// the voxels it needs and never sees a bad CRC, so a corrupt .nii.gz would load as silently wrong voxels.
// Throws ImageIoError naming the file.
void checkGzipIntegrity(const std::string& path);

// Bytes of voxel data a NIfTI-1 file actually holds (file size minus vox_offset, or the .img partner's size),
// or -1 when the file is not NIfTI-1. ITK 5.2 reads short files without complaint, leaving voxels undefined.
long long nifti1VoxelBytesAvailable(const std::string& path);

}  // namespace medsam::core::detail
