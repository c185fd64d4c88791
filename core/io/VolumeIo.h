#pragma once

#include <string>

#include "core/image/Image.h"
#include "core/image/LabelMap.h"
#include "core/io/ImageIoError.h"
#include "core/io/LoadOptions.h"

// Reading and writing whole volumes. NIfTI/NRRD/MetaImage/PNG/JPEG go through ITK, DICOM through DCMTK
// (core/io/DicomSeries.h); callers see only core types. See docs/io.md for formats and conventions.
namespace medsam::core {

// Reads an image file, a DICOM file or a folder holding exactly one DICOM series. 2D files give depth 1.
// Intensities become float; geometry (spacing, origin, direction) is kept as the file states it (LPS).
// Files with more than 3 dimensions are rejected unless the extra dimensions have size 1.
// Throws ImageIoError naming the file and the problem.
Volume readVolume(const std::string& path, const LoadOptions& options = {});

// Reads a label map (integer values 0..65535). Non-integer or out-of-range voxels are an ImageIoError.
LabelMap readLabelMap(const std::string& path);

// Writes by extension: .nii, .nii.gz, .nrrd, .nhdr, .mha, .mhd. Geometry is written exactly.
void writeVolume(const Volume& volume, const std::string& path);
void writeLabelMap(const LabelMap& labels, const std::string& path);

// Throws ImageIoError naming both files and the first difference (size, spacing, origin or direction) when
// the label map is not on the image's grid; segmentation needs voxel-for-voxel correspondence.
void checkSameGrid(const ImageGeometry& image, const ImageGeometry& labels, const std::string& imagePath,
                   const std::string& labelPath);

// "NIfTI", "NRRD", "MetaImage", "PNG", "JPEG", "DICOM" or "" when the path's extension/content is not known.
std::string detectFormat(const std::string& path);

}  // namespace medsam::core
