#pragma once

#include <string>

#include "core/image/Image.h"

// Internal to core/io: NIfTI-2 (.nii, .nii.gz, and the .hdr/.img pair), which Debian's ITK 5.2 cannot read.
namespace medsam::core::detail {

// True when the file (gzip or plain) starts with a NIfTI-2 header (sizeof_hdr 540, magic "n+2" or "ni2").
bool isNifti2(const std::string& path);
Volume readNifti2(const std::string& path);

}  // namespace medsam::core::detail
