#include "storage/export/DicomSeg.h"

#include <dcmtk/dcmdata/dcdeftag.h>
#include <dcmtk/dcmdata/dcfilefo.h>
#include <dcmtk/dcmfg/fgderimg.h>
#include <dcmtk/dcmfg/fgfracon.h>
#include <dcmtk/dcmfg/fgpixmsr.h>
#include <dcmtk/dcmfg/fgplanor.h>
#include <dcmtk/dcmfg/fgplanpo.h>
#include <dcmtk/dcmiod/iodreferences.h>
#include <dcmtk/dcmseg/segdoc.h>
#include <dcmtk/dcmseg/segment.h>

#include <algorithm>
#include <cstdio>
#include <ctime>
#include <memory>

#include "storage/db/Records.h"
#include "storage/util/Pseudonym.h"
#include "storage/util/Sha256.h"

namespace medsam::storage {

namespace {

void check(const OFCondition& c, const std::string& path, const char* what) {
    if (c.bad()) throw StorageError("DICOM SEG " + path + ": " + what + ": " + c.text());
}

// "2.25." + the first 128 bits of SHA-256(seed) as a decimal integer (ISO/IEC 9834-8 UUID-derived form).
std::string uidFrom(const std::string& seed) {
    Sha256 sha;
    sha.update(seed);
    return uidFromDigest(sha.finish().data());
}

std::string ds(double v) {
    char buf[32];
    std::snprintf(buf, sizeof buf, "%.10g", v);
    return buf;
}

}  // namespace

void writeDicomSeg(const std::string& path, const core::Image<std::uint16_t>& labels,
                   const std::vector<core::LabelInfo>& labelTable, const core::DicomSeriesInfo& series,
                   const std::string& seed, std::int64_t contentTimeMs,
                   const std::optional<DeidentifyOptions>& deidentify) {
    const auto& g = labels.geometry();
    if (g.size != series.geometry.size || series.slices.size() != static_cast<std::size_t>(g.size[2])) {
        throw StorageError("DICOM SEG " + path + ": the label map (" + g.describe() +
                           ") is not on the grid of series " + series.seriesInstanceUid + " (" +
                           series.geometry.describe() + ")");
    }
    const int w = g.size[0], h = g.size[1], d = g.size[2];
    if (w > 65535 || h > 65535) throw StorageError("DICOM SEG " + path + ": slices larger than 65535 pixels");

    IODGeneralEquipmentModule::EquipmentInfo equipment("MedSAM Agent Studio", "medsam-storage",
                                                       "medsam-agent", "0.1.0");
    ContentIdentificationMacro ident("1", "MEDSAM_SEG", "Curated segmentation", "MedSAM Agent Studio");
    DcmSegmentation* raw = nullptr;
    check(DcmSegmentation::createBinarySegmentation(raw, static_cast<Uint16>(h), static_cast<Uint16>(w),
                                                    equipment, ident),
          path, "create");
    std::unique_ptr<DcmSegmentation> seg(raw);
    check(seg->importFromSourceImage(series.slices.front().file.c_str()), path,
          "import patient/study from source");

    // Deterministic identity and dates.
    check(seg->getSeries().setSeriesInstanceUID(uidFrom(seed + "/series").c_str()), path, "series UID");
    check(seg->getSOPCommon().setSOPInstanceUID(uidFrom(seed + "/instance").c_str()), path, "instance UID");
    check(seg->getSeries().setSeriesNumber("999"), path, "series number");
    const std::time_t t = static_cast<std::time_t>(contentTimeMs / 1000);
    std::tm tm{};
    gmtime_r(&t, &tm);
    char date[16], time[16];
    std::strftime(date, sizeof date, "%Y%m%d", &tm);
    std::strftime(time, sizeof time, "%H%M%S", &tm);
    check(seg->getGeneralImage().setContentDate(date), path, "content date");
    check(seg->getGeneralImage().setContentTime(time), path, "content time");
    seg->getSOPCommon().setInstanceCreationDate(date);
    seg->getSOPCommon().setInstanceCreationTime(time);

    // Shared functional groups: in-plane spacing and orientation are those of the series.
    FGPixelMeasures measures;
    check(measures.setPixelSpacing((ds(g.spacing[1]) + "\\" + ds(g.spacing[0])).c_str()), path,
          "pixel spacing");
    check(measures.setSliceThickness(ds(g.spacing[2]).c_str()), path, "slice thickness");
    check(seg->addForAllFrames(measures), path, "pixel measures");
    std::unique_ptr<FGPlaneOrientationPatient> orientation(FGPlaneOrientationPatient::createMinimal(
        ds(g.direction[0]).c_str(), ds(g.direction[3]).c_str(), ds(g.direction[6]).c_str(),
        ds(g.direction[1]).c_str(), ds(g.direction[4]).c_str(), ds(g.direction[7]).c_str()));
    check(seg->addForAllFrames(*orientation), path, "plane orientation");

    const std::string dimensionUid = uidFrom(seed + "/dimensions");
    check(
        seg->getDimensions().addDimensionIndex(DCM_ReferencedSegmentNumber, dimensionUid.c_str(),
                                               DCM_SegmentIdentificationSequence, "ReferencedSegmentNumber"),
        path, "dimension index");
    check(seg->getDimensions().addDimensionIndex(DCM_ImagePositionPatient, dimensionUid.c_str(),
                                                 DCM_PlanePositionSequence, "ImagePositionPatient"),
          path, "dimension index");

    const std::size_t plane = static_cast<std::size_t>(w) * h;
    std::vector<Uint8> frame(plane);
    int frames = 0;
    for (const auto& info : labelTable) {
        bool present = false;
        for (std::uint16_t v : labels.voxels()) present = present || v == info.value;
        if (!present) continue;
        DcmSegment* segment = nullptr;
        check(DcmSegment::create(segment, info.name.c_str(), CodeSequenceMacro("85756007", "SCT", "Tissue"),
                                 CodeSequenceMacro("85756007", "SCT", "Tissue"),
                                 DcmSegTypes::SAT_SEMIAUTOMATIC, "MedSAM Agent Studio"),
              path, "segment");
        if (!info.description.empty()) segment->setSegmentDescription(info.description.c_str(), OFFalse);
        Uint16 number = 0;
        check(seg->addSegment(segment, number), path, "add segment");
        for (int k = 0; k < d; ++k) {
            bool any = false;
            const std::uint16_t* src = labels.data() + static_cast<std::size_t>(k) * plane;
            for (std::size_t n = 0; n < plane; ++n) {
                frame[n] = src[n] == info.value ? 1 : 0;
                any = any || frame[n];
            }
            if (!any) continue;
            const auto& slice = series.slices[static_cast<std::size_t>(k)];
            std::unique_ptr<FGPlanePosPatient> position(FGPlanePosPatient::createMinimal(
                ds(slice.position[0]).c_str(), ds(slice.position[1]).c_str(), ds(slice.position[2]).c_str()));
            FGFrameContent content;
            check(content.setDimensionIndexValues(number, 0), path, "frame content");
            check(content.setDimensionIndexValues(static_cast<Uint32>(k + 1), 1), path, "frame content");
            FGDerivationImage derivation;
            DerivationImageItem* item = nullptr;
            check(derivation.addDerivationImageItem(CodeSequenceMacro("113076", "DCM", "Segmentation"), "",
                                                    item),
                  path, "derivation");
            SourceImageItem* source = nullptr;
            check(item->addSourceImageItem(
                      slice.file.c_str(),
                      CodeSequenceMacro("121322", "DCM", "Source image for image processing operation"),
                      source),
                  path, "source image reference");
            if (slice.frame > 0 || series.files.size() < series.slices.size()) {
                OFVector<Uint16> frameNumbers;
                frameNumbers.push_back(static_cast<Uint16>(slice.frame + 1));
                source->getImageSOPInstanceReference().setReferencedFrameNumber(frameNumbers);
            }
            OFVector<FGBase*> groups;
            groups.push_back(position.get());
            groups.push_back(&content);
            groups.push_back(&derivation);
            check(seg->addFrame(frame.data(), number, groups), path, "add frame");
            ++frames;
        }
    }
    if (frames == 0) throw StorageError("DICOM SEG " + path + ": the label map is empty");

    // Common Instance Reference: the source series (same study -> Referenced Series Sequence).
    IODReferences references;
    OFVector<OFString> files;
    for (const auto& f : series.files) files.push_back(f.c_str());
    references.addFromFiles(files);
    OFString study;
    seg->getStudy().getStudyInstanceUID(study);
    seg->getCommonInstanceReference().addReferences(references, study);

    if (!deidentify) {
        check(seg->saveFile(path.c_str(), EXS_LittleEndianExplicit), path, "save");
        return;
    }
    DcmFileFormat file;
    check(seg->writeDataset(*file.getDataset()), path, "write dataset");
    try {
        deidentifyDataset(*file.getDataset(), *deidentify);
    } catch (const std::exception& e) {
        throw StorageError("DICOM SEG " + path + ": " + e.what());
    }
    check(file.saveFile(path.c_str(), EXS_LittleEndianExplicit), path, "save");
}

}  // namespace medsam::storage
