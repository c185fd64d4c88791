#pragma once
// Small DICOM files written with DCMTK for tests: one slice (or several frames) of kSize x kSize 16-bit
// pixels, rescale slope 2 and intercept -5, the geometry and the series tags a test asks for.
#include <dcmtk/config/osconfig.h>
#include <dcmtk/dcmdata/dctk.h>

#include <cstdio>
#include <stdexcept>
#include <string>
#include <vector>

#include "core/image/ImageGeometry.h"

namespace medsam::test {

using core::Vec3;

constexpr int kSize = 8;

inline std::string vec(const Vec3& v) {
    char b[128];
    std::snprintf(b, sizeof b, "%.6f\\%.6f\\%.6f", v[0], v[1], v[2]);
    return b;
}

struct FileSpec {
    std::string series = "1.2.826.0.1.3680043.9.7777.1";
    std::string sop;
    std::string orientation = "1\\0\\0\\0\\0.8\\-0.6";  // oblique: normal = (0, 0.6, 0.8)
    std::vector<Vec3> positions;                        // one per frame; empty: no position tags
    std::vector<std::uint16_t> frameValues;
    bool enhanced = false;  // positions in the per-frame functional groups instead of the top level
    double spacingBetweenSlices = 0.0;
    int pixelBytesShort = 0;
    std::vector<std::uint16_t> pixels;  // one frame's kSize*kSize values (row by row), instead of frameValues
    std::string echo, temporalPosition, acquisition, bValue;  // empty: tag absent
    std::string pixelSpacing = "0.5\\0.25";                   // empty: tag absent
};

inline void writeFile(const std::string& path, const FileSpec& spec) {
    DcmFileFormat file;
    DcmDataset* ds = file.getDataset();
    ds->putAndInsertString(DCM_SOPClassUID, UID_MRImageStorage);
    ds->putAndInsertString(DCM_SOPInstanceUID, spec.sop.c_str());
    ds->putAndInsertString(DCM_StudyInstanceUID, "1.2.826.0.1.3680043.9.7777");
    ds->putAndInsertString(DCM_SeriesInstanceUID, spec.series.c_str());
    ds->putAndInsertString(DCM_Modality, "MR");
    ds->putAndInsertUint16(DCM_Rows, kSize);
    ds->putAndInsertUint16(DCM_Columns, kSize);
    ds->putAndInsertUint16(DCM_BitsAllocated, 16);
    ds->putAndInsertUint16(DCM_BitsStored, 16);
    ds->putAndInsertUint16(DCM_HighBit, 15);
    ds->putAndInsertUint16(DCM_PixelRepresentation, 0);
    ds->putAndInsertUint16(DCM_SamplesPerPixel, 1);
    ds->putAndInsertString(DCM_PhotometricInterpretation, "MONOCHROME2");
    ds->putAndInsertString(DCM_RescaleSlope, "2");
    ds->putAndInsertString(DCM_RescaleIntercept, "-5");
    const int frames = spec.pixels.empty() ? int(spec.frameValues.size()) : 1;
    if (!spec.echo.empty()) ds->putAndInsertString(DCM_EchoNumbers, spec.echo.c_str());
    if (!spec.temporalPosition.empty())
        ds->putAndInsertString(DCM_TemporalPositionIdentifier, spec.temporalPosition.c_str());
    if (!spec.acquisition.empty()) ds->putAndInsertString(DCM_AcquisitionNumber, spec.acquisition.c_str());
    if (!spec.bValue.empty()) ds->putAndInsertFloat64(DCM_DiffusionBValue, std::stod(spec.bValue));
    if (frames > 1) ds->putAndInsertString(DCM_NumberOfFrames, std::to_string(frames).c_str());
    if (spec.spacingBetweenSlices > 0) {
        ds->putAndInsertString(DCM_SpacingBetweenSlices, std::to_string(spec.spacingBetweenSlices).c_str());
    }
    if (spec.enhanced) {
        DcmItem* shared = nullptr;
        ds->findOrCreateSequenceItem(DCM_SharedFunctionalGroupsSequence, shared, 0);
        DcmItem* item = nullptr;
        shared->findOrCreateSequenceItem(DCM_PlaneOrientationSequence, item, 0);
        item->putAndInsertString(DCM_ImageOrientationPatient, spec.orientation.c_str());
        shared->findOrCreateSequenceItem(DCM_PixelMeasuresSequence, item, 0);
        if (!spec.pixelSpacing.empty()) item->putAndInsertString(DCM_PixelSpacing, spec.pixelSpacing.c_str());
        for (int f = 0; f < frames; ++f) {
            DcmItem* frame = nullptr;
            ds->findOrCreateSequenceItem(DCM_PerFrameFunctionalGroupsSequence, frame, f);
            frame->findOrCreateSequenceItem(DCM_PlanePositionSequence, item, 0);
            item->putAndInsertString(DCM_ImagePositionPatient, vec(spec.positions[std::size_t(f)]).c_str());
        }
    } else {
        ds->putAndInsertString(DCM_ImageOrientationPatient, spec.orientation.c_str());
        if (!spec.pixelSpacing.empty()) ds->putAndInsertString(DCM_PixelSpacing, spec.pixelSpacing.c_str());
        if (!spec.positions.empty()) {
            ds->putAndInsertString(DCM_ImagePositionPatient, vec(spec.positions.front()).c_str());
        }
    }
    std::vector<Uint16> pixels;
    for (std::uint16_t v : spec.frameValues) pixels.insert(pixels.end(), kSize * kSize, v);
    if (!spec.pixels.empty()) pixels = spec.pixels;
    pixels.resize(pixels.size() - std::size_t(spec.pixelBytesShort / 2));
    ds->putAndInsertUint16Array(DCM_PixelData, pixels.data(), unsigned(pixels.size()));
    const OFCondition saved = file.saveFile(path.c_str(), EXS_LittleEndianExplicit);
    if (saved.bad()) throw std::runtime_error("cannot write test DICOM " + path + ": " + saved.text());
}

inline Vec3 along(double t) {
    return {10.0, 20.0 + 0.6 * t, -30.0 + 0.8 * t};
}  // origin + t * normal

}  // namespace medsam::test
