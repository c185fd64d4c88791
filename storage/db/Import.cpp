#include "storage/db/Import.h"

#include "core/io/DicomSeries.h"
#include "core/io/VolumeIo.h"
#include "storage/util/ContentHash.h"

namespace medsam::storage {

namespace {

std::string meta(const core::Volume& v, const char* key) {
    const auto it = v.metadata.find(key);
    return it == v.metadata.end() ? std::string() : it->second;
}

ImportedImage addVolume(ProjectDb& db, const std::string& path, const core::Volume& v) {
    ImportedImage r;
    r.path = path;
    r.seriesUid = meta(v, "seriesInstanceUid");
    const std::string hash = contentHash(v.image);
    r.added = !db.imageByHash(hash);
    ImageInput in;
    in.path = path;
    in.seriesUid = r.seriesUid;
    in.contentHash = hash;
    in.modality = meta(v, "modality");
    in.geometry = v.image.geometry();
    r.id = db.addImage(in);
    r.describe = v.image.geometry().describe();
    return r;
}

}  // namespace

ImportedImage importLoadedVolume(ProjectDb& db, const std::string& path, const core::Volume& volume) {
    return addVolume(db, path, volume);
}

std::vector<ImportedImage> importImages(ProjectDb& db, const std::vector<std::string>& paths,
                                        const Progress& progress) {
    std::vector<ImportedImage> out;
    std::size_t done = 0;
    for (const auto& path : paths) {
        if (progress.cancelled()) throw Cancelled();
        progress(done++, paths.size(), path);
        try {
            if (core::detectFormat(path) == "DICOM") {
                core::LoadOptions lo;
                lo.cancel = progress.cancel;
                const core::DicomScan scan = core::scanDicom(path, lo);
                for (const auto& series : scan.series) {
                    // A single file keeps its own path; a folder's series are told apart by their UID.
                    out.push_back(addVolume(db, path, core::loadDicomSeries(series, lo)));
                }
            } else {
                out.push_back(addVolume(db, path, core::readVolume(path)));
            }
        } catch (const core::LoadCancelled&) {
            throw Cancelled();
        } catch (const StorageError&) {
            throw;
        } catch (const std::exception& e) {
            throw StorageError("cannot import " + path + ": " + e.what());
        }
    }
    progress(paths.size(), paths.size(), "imported");
    return out;
}

const core::DicomSeriesInfo* findImageSeries(const core::DicomScan& scan, const ImageRecord& image) {
    std::vector<const core::DicomSeriesInfo*> candidates;
    for (const auto& series : scan.series) {
        if (series.seriesInstanceUid == image.seriesUid) candidates.push_back(&series);
    }
    if (candidates.size() == 1) return candidates.front();
    for (const auto* series : candidates) {
        if (contentHash(core::loadDicomSeries(*series).image) == image.contentHash) return series;
    }
    return nullptr;
}

core::Volume loadProjectImage(const ImageRecord& image) {
    const std::string& path = image.absolutePath;
    if (!image.seriesUid.empty() && core::detectFormat(path) == "DICOM") {
        const core::DicomScan scan = core::scanDicom(path);
        if (const auto* series = findImageSeries(scan, image)) return core::loadDicomSeries(*series);
        throw StorageError(path + " no longer holds DICOM series " + image.seriesUid +
                           " with the project's content (hash " + image.contentHash.substr(0, 12) + ")");
    }
    return core::readVolume(path);
}

}  // namespace medsam::storage
