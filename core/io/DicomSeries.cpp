#include "core/io/DicomSeries.h"

// DCMTK stays in this file (and DicomDecode.cpp): callers see only core types.
#include <dcmtk/config/osconfig.h>
#include <dcmtk/dcmdata/dcdeftag.h>
#include <dcmtk/dcmdata/dcfilefo.h>
#include <dcmtk/dcmdata/dcxfer.h>

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <sstream>

#include "core/image/SliceRef.h"
#include "core/io/DicomDecode.h"
#include "core/io/ParallelFor.h"

namespace fs = std::filesystem;

namespace medsam::core {
namespace {

// Header facts of one file, enough to group it into a series and place its frames in space.
struct FileHeader {
    std::string path;
    std::string seriesUid, studyUid, modality, description, patientOrientation, sopInstanceUid, xferName;
    int rows = 0, columns = 0, frames = 1;
    int instanceNumber = 0;
    std::optional<std::array<double, 6>> orientation;
    std::vector<Vec3> framePositions;                   // one per frame when the file states them
    std::optional<std::array<double, 2>> pixelSpacing;  // (row spacing, column spacing)
    double sliceThickness = 0.0, spacingBetweenSlices = 0.0;
};

std::string getString(DcmItem& item, const DcmTagKey& tag) {
    OFString value;
    if (item.findAndGetOFStringArray(tag, value).good()) return std::string(value.c_str());
    return {};
}

std::optional<Vec3> getVec3(DcmItem& item, const DcmTagKey& tag) {
    Vec3 v{};
    for (unsigned long i = 0; i < 3; ++i) {
        if (item.findAndGetFloat64(tag, v[i], i).bad()) return std::nullopt;
    }
    return v;
}

std::optional<std::array<double, 6>> getOrientation(DcmItem& item) {
    std::array<double, 6> v{};
    for (unsigned long i = 0; i < 6; ++i) {
        if (item.findAndGetFloat64(DCM_ImageOrientationPatient, v[i], i).bad()) return std::nullopt;
    }
    return v;
}

std::optional<std::array<double, 2>> getPixelSpacing(DcmItem& item) {
    std::array<double, 2> v{};
    for (const DcmTagKey& tag : {DCM_PixelSpacing, DCM_ImagerPixelSpacing}) {
        if (item.findAndGetFloat64(tag, v[0], 0).good() && item.findAndGetFloat64(tag, v[1], 1).good() &&
            v[0] > 0 && v[1] > 0) {
            return v;
        }
    }
    return std::nullopt;
}

DcmItem* subItem(DcmItem* item, const DcmTagKey& sequence, long index = 0) {
    DcmItem* out = nullptr;
    if (item == nullptr || item->findAndGetSequenceItem(sequence, out, index).bad()) return nullptr;
    return out;
}

// Multi-frame (enhanced) objects put geometry into functional groups: shared for all frames, or per frame.
void readFunctionalGroups(DcmDataset& ds, FileHeader& h) {
    DcmItem* shared = subItem(&ds, DCM_SharedFunctionalGroupsSequence);
    const auto fromGroup = [&](DcmItem* group) {
        if (DcmItem* o = subItem(group, DCM_PlaneOrientationSequence)) {
            if (auto v = getOrientation(*o)) h.orientation = v;
        }
        if (DcmItem* m = subItem(group, DCM_PixelMeasuresSequence)) {
            if (auto v = getPixelSpacing(*m)) h.pixelSpacing = v;
            Float64 value = 0;
            if (m->findAndGetFloat64(DCM_SliceThickness, value).good() && value > 0) h.sliceThickness = value;
            if (m->findAndGetFloat64(DCM_SpacingBetweenSlices, value).good() && value > 0) {
                h.spacingBetweenSlices = value;
            }
        }
    };
    fromGroup(shared);
    if (h.frames <= 1) return;
    std::vector<Vec3> positions;
    for (int f = 0; f < h.frames; ++f) {
        DcmItem* frame = subItem(&ds, DCM_PerFrameFunctionalGroupsSequence, f);
        if (frame == nullptr) return;
        if (f == 0) fromGroup(frame);  // per-frame orientation/measures: take the first frame's
        DcmItem* plane = subItem(frame, DCM_PlanePositionSequence);
        auto position = plane != nullptr ? getVec3(*plane, DCM_ImagePositionPatient) : std::nullopt;
        if (!position) return;
        positions.push_back(*position);
    }
    h.framePositions = std::move(positions);
}

// Reads the header of one file without loading large values (pixel data stays on disk).
// Returns nullopt with `why` set when the file is not a DICOM image.
std::optional<FileHeader> readHeader(const std::string& path, std::string& why) {
    DcmFileFormat file;
    const OFCondition status = file.loadFile(path.c_str(), EXS_Unknown, EGL_noChange, 4096, ERM_autoDetect);
    if (status.bad()) {
        const bool premature = std::strstr(status.text(), "premature end") != nullptr;
        why = premature && looksLikeDicom(path)
                  ? std::string("truncated DICOM file (") + status.text() + ")"
                  : std::string("not a readable DICOM file (") + status.text() + ")";
        return std::nullopt;
    }
    DcmDataset& ds = *file.getDataset();
    FileHeader h;
    h.path = path;
    Uint16 rows = 0, columns = 0;
    ds.findAndGetUint16(DCM_Rows, rows);
    ds.findAndGetUint16(DCM_Columns, columns);
    if (!ds.tagExists(DCM_PixelData) || rows == 0 || columns == 0) {
        why = "DICOM file without pixel data (no image)";
        return std::nullopt;
    }
    h.rows = rows;
    h.columns = columns;
    Sint32 frames = 1;
    if (ds.findAndGetSint32(DCM_NumberOfFrames, frames).good() && frames > 1) h.frames = frames;
    Sint32 instance = 0;
    if (ds.findAndGetSint32(DCM_InstanceNumber, instance).good()) h.instanceNumber = instance;
    h.seriesUid = getString(ds, DCM_SeriesInstanceUID);
    h.studyUid = getString(ds, DCM_StudyInstanceUID);
    h.modality = getString(ds, DCM_Modality);
    h.description = getString(ds, DCM_SeriesDescription);
    h.patientOrientation = getString(ds, DCM_PatientOrientation);
    h.sopInstanceUid = getString(ds, DCM_SOPInstanceUID);
    h.xferName = DcmXfer(ds.getOriginalXfer()).getXferName();
    h.orientation = getOrientation(ds);
    h.pixelSpacing = getPixelSpacing(ds);
    Float64 value = 0;
    if (ds.findAndGetFloat64(DCM_SliceThickness, value).good() && value > 0) h.sliceThickness = value;
    if (ds.findAndGetFloat64(DCM_SpacingBetweenSlices, value).good() && value > 0)
        h.spacingBetweenSlices = value;
    if (auto position = getVec3(ds, DCM_ImagePositionPatient)) h.framePositions = {*position};
    readFunctionalGroups(ds, h);
    // Per-frame positions missing for a multi-frame file: keep only the first frame's (fallback later).
    if (h.framePositions.size() != static_cast<std::size_t>(h.frames) && h.framePositions.size() > 1) {
        h.framePositions.resize(1);
    }
    return h;
}

Vec3 cross(const Vec3& a, const Vec3& b) {
    return {a[1] * b[2] - a[2] * b[1], a[2] * b[0] - a[0] * b[2], a[0] * b[1] - a[1] * b[0]};
}
double dot(const Vec3& a, const Vec3& b) {
    return a[0] * b[0] + a[1] * b[1] + a[2] * b[2];
}

std::string groupKey(const FileHeader& h) {
    std::ostringstream key;
    key << h.seriesUid << '|' << h.rows << 'x' << h.columns << '|';
    if (h.orientation) {
        // Rounded so that tiny floating noise in IOP does not split a series.
        for (double v : *h.orientation) key << std::lround(v * 1000.0) << ',';
    } else {
        key << "no-orientation";
    }
    // A multi-frame file without per-frame positions cannot be merged with others: its frames have no places.
    if (h.frames > 1 && h.framePositions.size() != static_cast<std::size_t>(h.frames)) key << '|' << h.path;
    return key.str();
}

DicomSeriesInfo buildSeries(std::vector<FileHeader> files) {
    const FileHeader& first = files.front();
    DicomSeriesInfo s;
    s.seriesInstanceUid = first.seriesUid;
    s.studyInstanceUid = first.studyUid;
    s.modality = first.modality;
    s.seriesDescription = first.description;
    s.patientOrientation = first.patientOrientation;
    s.transferSyntax = first.xferName;

    Vec3 rowDir{1, 0, 0}, colDir{0, 1, 0};
    if (first.orientation) {
        const auto& o = *first.orientation;
        rowDir = {o[0], o[1], o[2]};
        colDir = {o[3], o[4], o[5]};
    } else {
        s.warnings.push_back("no Image Orientation (Patient): identity direction assumed");
    }
    Vec3 normal = cross(rowDir, colDir);
    const double norm = std::sqrt(dot(normal, normal));
    if (norm < 1e-6)
        throw ImageIoError(first.path, "Image Orientation (Patient) has parallel row and column axes");
    for (double& v : normal) v /= norm;

    // The slice step when positions cannot give it (documented fallback order in docs/io.md).
    const double fallbackStep = first.spacingBetweenSlices > 0 ? first.spacingBetweenSlices
                                : first.sliceThickness > 0     ? first.sliceThickness
                                                               : 1.0;
    const char* fallbackName = first.spacingBetweenSlices > 0 ? "SpacingBetweenSlices"
                               : first.sliceThickness > 0     ? "SliceThickness"
                                                              : "1 mm default";

    bool havePositions = true;
    for (const auto& f : files)
        havePositions = havePositions && f.framePositions.size() == std::size_t(f.frames);

    if (havePositions) {
        for (const auto& f : files) {
            for (int k = 0; k < f.frames; ++k)
                s.slices.push_back({f.path, k, f.framePositions[std::size_t(k)]});
        }
        std::stable_sort(s.slices.begin(), s.slices.end(), [&](const DicomSlice& a, const DicomSlice& b) {
            return dot(a.position, normal) < dot(b.position, normal);
        });
    } else {
        // No usable positions: order by instance number and step along the normal by the fallback spacing.
        std::stable_sort(files.begin(), files.end(), [](const FileHeader& a, const FileHeader& b) {
            return a.instanceNumber < b.instanceNumber;
        });
        const Vec3 origin = first.framePositions.empty() ? Vec3{0, 0, 0} : first.framePositions.front();
        int k = 0;
        for (const auto& f : files) {
            for (int frame = 0; frame < f.frames; ++frame, ++k) {
                Vec3 p;
                for (int a = 0; a < 3; ++a)
                    p[std::size_t(a)] = origin[std::size_t(a)] + k * fallbackStep * normal[std::size_t(a)];
                s.slices.push_back({f.path, frame, p});
            }
        }
        s.geometryFromPositions = false;
        s.warnings.push_back(std::string("no per-slice Image Position (Patient): slice step from ") +
                             fallbackName);
    }

    double step = fallbackStep;
    if (s.slices.size() > 1 && s.geometryFromPositions) {
        std::vector<double> diffs;
        for (std::size_t i = 1; i < s.slices.size(); ++i) {
            diffs.push_back(dot(s.slices[i].position, normal) - dot(s.slices[i - 1].position, normal));
        }
        std::vector<double> sorted = diffs;
        std::nth_element(sorted.begin(), sorted.begin() + std::ptrdiff_t(sorted.size() / 2), sorted.end());
        step = sorted[sorted.size() / 2];
        const double tolerance = std::max(0.01, 0.01 * std::abs(step));
        double worst = 0;
        for (double d : diffs) worst = std::max(worst, std::abs(d - step));
        if (step < 1e-6) {
            s.uniformSpacing = false;
            s.warnings.push_back("several slices share one position (multiple acquisitions?)");
            step = fallbackStep;
        } else if (worst > tolerance) {
            s.uniformSpacing = false;
            char text[160];
            std::snprintf(text, sizeof text,
                          "non-uniform slice spacing: steps differ from the median %.4f mm by up to %.4f mm",
                          step, worst);
            s.warnings.push_back(text);
        }
    }

    ImageGeometry& g = s.geometry;
    g.size = {first.columns, first.rows, static_cast<int>(s.slices.size())};
    if (first.pixelSpacing) {
        g.spacing = {(*first.pixelSpacing)[1], (*first.pixelSpacing)[0], step};
    } else {
        g.spacing = {1.0, 1.0, step};
        s.warnings.push_back("no Pixel Spacing: 1 mm assumed");
    }
    g.origin = s.slices.front().position;
    for (int r = 0; r < 3; ++r) {
        g.direction[std::size_t(r * 3 + 0)] = rowDir[std::size_t(r)];
        g.direction[std::size_t(r * 3 + 1)] = colDir[std::size_t(r)];
        g.direction[std::size_t(r * 3 + 2)] = normal[std::size_t(r)];
    }
    for (const auto& slice : s.slices) {
        if (s.files.empty() || s.files.back() != slice.file) s.files.push_back(slice.file);
    }
    return s;
}

std::vector<std::string> listFiles(const std::string& folder) {
    std::vector<std::string> out;
    std::error_code ec;
    fs::recursive_directory_iterator it(folder, fs::directory_options::skip_permission_denied, ec);
    if (ec) throw ImageIoError(folder, "cannot list folder (" + ec.message() + ")");
    for (const auto& entry : it) {
        std::error_code typeError;
        if (entry.is_regular_file(typeError)) out.push_back(entry.path().string());
    }
    std::sort(out.begin(), out.end());
    return out;
}

}  // namespace

std::string DicomSeriesInfo::describe() const {
    std::ostringstream out;
    char spacing[96];
    std::snprintf(spacing, sizeof spacing, "%.4gx%.4gx%.4g mm", geometry.spacing[0], geometry.spacing[1],
                  geometry.spacing[2]);
    out << "series " << (seriesInstanceUid.empty() ? "(no UID)" : seriesInstanceUid) << "  modality "
        << (modality.empty() ? "?" : modality) << "  \"" << seriesDescription << "\"  size "
        << geometry.size[0] << 'x' << geometry.size[1] << 'x' << geometry.size[2] << "  spacing " << spacing
        << "  orientation " << geometry.orientationCode() << "  slices " << slices.size() << "  files "
        << files.size();
    if (!uniformSpacing) out << "  [non-uniform spacing]";
    if (!geometryFromPositions) out << "  [slice step from fallback]";
    return out.str();
}

bool looksLikeDicom(const std::string& path) {
    std::string ext = fs::path(path).extension().string();
    std::transform(ext.begin(), ext.end(), ext.begin(),
                   [](unsigned char c) { return char(std::tolower(c)); });
    if (ext == ".dcm" || ext == ".dicom" || ext == ".ima") return true;
    std::ifstream in(path, std::ios::binary);
    char magic[132] = {};
    return in.read(magic, sizeof magic) && std::memcmp(magic + 128, "DICM", 4) == 0;
}

DicomScan scanDicom(const std::string& path, const LoadOptions& options) {
    detail::registerDicomCodecs();
    std::error_code ec;
    const bool folder = fs::is_directory(path, ec);
    if (!folder && !fs::is_regular_file(path, ec)) throw ImageIoError(path, "no such file or folder");
    const std::vector<std::string> candidates = folder ? listFiles(path) : std::vector<std::string>{path};

    std::vector<std::optional<FileHeader>> headers(candidates.size());
    std::vector<std::string> reasons(candidates.size());
    LoadOptions scanOptions = options;
    detail::parallelFor(candidates.size(), scanOptions,
                        [&](std::size_t i) { headers[i] = readHeader(candidates[i], reasons[i]); });

    DicomScan scan;
    std::map<std::string, std::vector<FileHeader>> groups;
    std::map<std::string, std::string> seenInstances;  // group|SOP Instance UID -> first file
    std::vector<std::string> order;                    // groups in order of first file, for stable output
    for (std::size_t i = 0; i < candidates.size(); ++i) {
        if (!headers[i]) {
            scan.skipped.push_back(candidates[i] + ": " + reasons[i]);
            continue;
        }
        const std::string key = groupKey(*headers[i]);
        // The same instance copied twice (same SOP Instance UID) would be a zero-thickness slice: keep one.
        const std::string& sop = headers[i]->sopInstanceUid;
        if (!sop.empty() && !seenInstances.emplace(key + '|' + sop, candidates[i]).second) {
            scan.skipped.push_back(candidates[i] + ": duplicate of " + seenInstances[key + '|' + sop] +
                                   " (same SOP Instance UID)");
            continue;
        }
        if (groups.find(key) == groups.end()) order.push_back(key);
        groups[key].push_back(std::move(*headers[i]));
    }
    if (groups.empty()) {
        if (!folder) throw ImageIoError(path, reasons.front());
        throw ImageIoError(
            path, "no DICOM images in folder (" + std::to_string(candidates.size()) + " files examined" +
                      (scan.skipped.empty() ? std::string() : ", e.g. " + scan.skipped.front()) + ")");
    }
    for (const auto& key : order) scan.series.push_back(buildSeries(std::move(groups[key])));
    return scan;
}

Volume loadDicomSeries(const DicomSeriesInfo& series, const LoadOptions& options) {
    detail::registerDicomCodecs();
    if (series.slices.empty()) throw ImageIoError(series.seriesInstanceUid, "DICOM series without slices");
    const ImageGeometry& g = series.geometry;
    const std::size_t sliceVoxels = std::size_t(g.size[0]) * std::size_t(g.size[1]);

    // Where each frame of each file goes in the volume.
    std::map<std::string, std::vector<std::pair<int, std::size_t>>> targets;
    for (std::size_t k = 0; k < series.slices.size(); ++k) {
        targets[series.slices[k].file].emplace_back(series.slices[k].frame, k);
    }
    Volume volume;
    volume.image = Image<float>(g);
    float* out = volume.image.data();
    detail::parallelFor(series.files.size(), options, [&](std::size_t i) {
        const std::string& file = series.files[i];
        const detail::DecodedFile decoded = detail::decodeDicomFile(file);
        if (decoded.columns != g.size[0] || decoded.rows != g.size[1]) {
            throw ImageIoError(file, "frame size " + std::to_string(decoded.columns) + "x" +
                                         std::to_string(decoded.rows) + " differs from the series' " +
                                         std::to_string(g.size[0]) + "x" + std::to_string(g.size[1]));
        }
        for (const auto& [frame, slice] : targets.at(file)) {
            if (frame >= decoded.frames) {
                throw ImageIoError(file, "frame " + std::to_string(frame) + " missing (file decodes " +
                                             std::to_string(decoded.frames) + " frames)");
            }
            std::copy_n(decoded.voxels.begin() + std::ptrdiff_t(std::size_t(frame) * sliceVoxels),
                        sliceVoxels, out + slice * sliceVoxels);
        }
    });

    ImageMetadata& m = volume.metadata;
    m["format"] = "DICOM";
    m["source"] = series.files.size() == 1 ? series.files.front()
                                           : fs::path(series.files.front()).parent_path().string();
    m["modality"] = series.modality;
    m["seriesDescription"] = series.seriesDescription;
    m["seriesInstanceUid"] = series.seriesInstanceUid;
    m["studyInstanceUid"] = series.studyInstanceUid;
    m["patientOrientation"] = series.patientOrientation;
    m["orientation"] = g.orientationCode();
    m["transferSyntax"] = series.transferSyntax;
    m["uniformSpacing"] = series.uniformSpacing ? "true" : "false";
    m["sliceSpacingFromPositions"] = series.geometryFromPositions ? "true" : "false";
    std::string warnings;
    for (const auto& w : series.warnings) warnings += (warnings.empty() ? "" : "; ") + w;
    if (!warnings.empty()) m["warnings"] = warnings;
    return volume;
}

Image<float> loadDicomSlice(const DicomSeriesInfo& series, std::size_t sliceIndex) {
    if (sliceIndex >= series.slices.size())
        throw std::out_of_range("slice " + std::to_string(sliceIndex) + " of a DICOM series of " +
                                std::to_string(series.slices.size()) + " slices");
    detail::registerDicomCodecs();
    const DicomSlice& where = series.slices[sliceIndex];
    const detail::DecodedFile decoded = detail::decodeDicomFile(where.file);
    const ImageGeometry& g = series.geometry;
    if (decoded.columns != g.size[0] || decoded.rows != g.size[1] || where.frame >= decoded.frames)
        throw ImageIoError(where.file, "frame " + std::to_string(where.frame) + " of " +
                                           std::to_string(decoded.columns) + "x" +
                                           std::to_string(decoded.rows) + " does not match the series' " +
                                           std::to_string(g.size[0]) + "x" + std::to_string(g.size[1]));
    const std::size_t sliceVoxels = std::size_t(g.size[0]) * std::size_t(g.size[1]);
    const auto first = decoded.voxels.begin() + std::ptrdiff_t(std::size_t(where.frame) * sliceVoxels);
    return Image<float>(sliceGeometry(g, SliceRef{2, static_cast<int>(sliceIndex)}),
                        std::vector<float>(first, first + std::ptrdiff_t(sliceVoxels)));
}

}  // namespace medsam::core
