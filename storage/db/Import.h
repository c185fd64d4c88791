#pragma once

#include <string>
#include <vector>

#include "core/image/Image.h"
#include "core/io/DicomSeries.h"
#include "storage/db/ProjectDb.h"

namespace medsam::storage {

struct ImportedImage {
    Id id = 0;
    std::string path;
    std::string seriesUid;
    bool added = false;  // false: the same content was already in the project
    std::string describe;
};

// Adds image files and DICOM files/folders (every series found, recursively) to the project, reading them
// with core/io to hash the decoded voxels (storage/util/ContentHash.h) and store the geometry. Throws on
// the first unreadable path, naming it; images added before it stay (each is its own transaction).
std::vector<ImportedImage> importImages(ProjectDb& db, const std::vector<std::string>& paths,
                                        const Progress& progress = {});

// Adds a volume the caller has already decoded (the viewer loads before it imports): same hashing and
// de-duplication as importImages, without reading the file again.
ImportedImage importLoadedVolume(ProjectDb& db, const std::string& path, const core::Volume& volume);

// Reads a project image back: the DICOM series with its UID when it has one, else the file (core/io).
core::Volume loadProjectImage(const ImageRecord& image);

// The series of `scan` that holds `image`: the one with its Series Instance UID, and when several volumes
// share that UID (echoes, time points, b-values: core/io splits them) the one whose voxels have the image's
// content hash, so the second echo never stands in for the first. nullptr when none matches.
const core::DicomSeriesInfo* findImageSeries(const core::DicomScan& scan, const ImageRecord& image);

}  // namespace medsam::storage
