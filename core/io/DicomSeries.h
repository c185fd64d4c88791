#pragma once

#include <string>
#include <vector>

#include "core/image/Image.h"
#include "core/io/ImageIoError.h"
#include "core/io/LoadOptions.h"

// DICOM reading with DCMTK: scanning files/folders into series, and loading a series as one Volume.
// Conventions (docs/io.md): slices sorted by Image Position (Patient) along the slice normal; slice spacing
// from those positions (not SpacingBetweenSlices); rescale slope/intercept applied; MONOCHROME1 inverted.
namespace medsam::core {

// One slice of a series: a frame of a file, with its position in patient space.
struct DicomSlice {
    std::string file;
    int frame = 0;
    Vec3 position{0, 0, 0};
};

struct DicomSeriesInfo {
    std::string seriesInstanceUid;
    std::string studyInstanceUid;
    std::string modality;
    std::string seriesDescription;
    std::string patientOrientation;  // (0020,0020) as stored, may be empty
    std::string transferSyntax;      // name of the first file's transfer syntax
    ImageGeometry geometry;          // full grid: size[2] == slices.size()
    std::vector<DicomSlice> slices;  // sorted along the slice normal
    std::vector<std::string> files;  // distinct files, in slice order
    bool uniformSpacing = true;  // false when positions are not evenly spaced (spacing[2] is the median step)
    bool geometryFromPositions =
        true;  // false when a fallback (documented in docs/io.md) gave the slice step
    std::vector<std::string> warnings;

    std::size_t sliceCount() const { return slices.size(); }
    // One-line summary: UID, modality, description, size, spacing, orientation code, slice count.
    std::string describe() const;
};

struct DicomScan {
    std::vector<DicomSeriesInfo> series;
    // Files that were not images (not DICOM, no pixel data, unreadable), each "path: reason".
    std::vector<std::string> skipped;
};

// True when the file looks like DICOM: "DICM" at offset 128, or a .dcm/.dicom/.ima extension.
bool looksLikeDicom(const std::string& path);

// Scans a DICOM file or a folder (recursively) and groups the images into series by Series Instance UID,
// splitting a series whose slices differ in orientation or size. Reads headers only (in parallel).
// A folder without any DICOM image, or a single file that is not a DICOM image, is an ImageIoError.
DicomScan scanDicom(const std::string& path, const LoadOptions& options = {});

// Decodes every file of the series in parallel into one float volume, metadata filled (see docs/io.md).
Volume loadDicomSeries(const DicomSeriesInfo& series, const LoadOptions& options = {});

// Decodes one slice of the series (e.g. the middle one for a series picker's thumbnail) as a depth-1 image on
// the slice's own geometry. Throws ImageIoError naming the file, std::out_of_range for a bad index.
Image<float> loadDicomSlice(const DicomSeriesInfo& series, std::size_t sliceIndex);

}  // namespace medsam::core
