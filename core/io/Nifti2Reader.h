#pragma once

#include <string>

#include "core/image/Image.h"
#include "core/io/LoadOptions.h"

// Internal to core/io: NIfTI-2 (.nii, .nii.gz, and the .hdr/.img pair), which Debian's ITK 5.2 cannot read.
namespace medsam::core::detail {

// True when the file (gzip or plain) starts with a NIfTI-2 header (sizeof_hdr 540, magic "n+2" or "ni2").
bool isNifti2(const std::string& path);
Volume readNifti2(const std::string& path, const LoadOptions& options = {});

// Decompresses a .gz file to its end, checking the deflate stream and the CRC. ITK's NIfTI reader stops after
// the voxels it needs and never sees a bad CRC, so a corrupt .nii.gz would load as silently wrong voxels.
// Throws ImageIoError naming the file.
void checkGzipIntegrity(const std::string& path);

// Checks a NIfTI-1 / Analyze header before ITK sees it, throwing ImageIoError naming the file: dims,
// non-finite or singular qform/sform/pixdim (ITK aborts on NaN in an sform), and the byte count from the
// header's own datatype against the file (or the .img partner, which must be a regular file). ITK 5.2 reads
// short files without complaint, leaving voxels undefined. Returns quietly for files that are not NIfTI-1:
// ITK decides.
void checkNifti1(const std::string& path);

}  // namespace medsam::core::detail
