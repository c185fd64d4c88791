#include <itkImage.h>
#include <itkImageFileReader.h>
#include <itkNiftiImageIOFactory.h>
#include <itkNrrdImageIOFactory.h>

#include <QProcess>
#include <QTemporaryDir>
#include <QtTest>
#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>

#include "core/io/VolumeIo.h"
#include "core/protocol/AgentProtocol.h"
#include "core/render/RgbImage.h"
#include "storage/db/Merge.h"
#include "storage/export/Exporter.h"
#include "storage/export/Png.h"
#include "storage/export/SftConversation.h"
#include "storage/sqlite/Sqlite.h"
#include "storage/util/Pseudonym.h"
#include "storage/util/Sha256.h"
#include "tests/storage/StorageTestUtil.h"

using namespace medsam;
using namespace medsam::storage;
namespace fs = std::filesystem;
using nlohmann::json;

namespace {

// Project: image 1 (seed 1) with liver sessions (approved, rejected), image 2 (seed 2) with a spleen session
// (approved, by "bo"), each on slice k:1 of a 64x48x3 volume; masks are discs.
struct Sample {
    std::string path;
    std::map<std::string, core::Volume> volumes;  // by content hash
    Id approvedLiver = 0, rejectedLiver = 0, spleen = 0;
};

Sample makeProject(const QTemporaryDir& dir) {
    Sample s;
    s.path = dir.filePath("p.db").toStdString();
    ProjectDb db = ProjectDb::create(s.path);
    for (float seed : {1.f, 2.f}) {
        const auto v = test::syntheticVolume(64, 48, 3, seed);
        s.volumes[contentHash(v.image)] = v;
    }
    auto record = [&](Id task, const std::string& annotator, int n) {
        ActorInfo a;
        a.annotator = annotator;
        a.policy = annotator.empty() ? "expert" : "manual";
        const Id id = db.beginSession(task, a);
        for (int i = 0; i < n; ++i) db.appendStep(id, test::makeStep(i, 64, 48));
        core::Step stop;
        stop.index = n;
        stop.action = core::Action::stop();
        stop.mask = test::makeStep(n - 1, 64, 48).mask;
        stop.maskWidth = 64;
        stop.maskHeight = 48;
        db.appendStep(id, stop);
        db.finishSession(id, core::Outcome::Stopped, stop.mask);
        return id;
    };
    const Id liverTask = test::addSampleTask(db, 1, "liver");
    s.approvedLiver = record(liverTask, "", 3);
    s.rejectedLiver = record(liverTask, "", 2);
    s.spleen = record(test::addSampleTask(db, 2, "spleen"), "bo", 2);
    db.addReview(s.approvedLiver, ReviewStatus::Approved, "ana", "");
    db.addReview(s.rejectedLiver, ReviewStatus::Rejected, "ana", "leaks");
    db.addReview(s.spleen, ReviewStatus::Approved, "ana", "");
    return s;
}

std::vector<std::string> lines(const fs::path& p) {
    std::ifstream in(p);
    std::vector<std::string> out;
    for (std::string line; std::getline(in, line);) out.push_back(line);
    return out;
}

template <typename T>
typename itk::Image<T, 3>::Pointer readItk(const std::string& path) {
    auto reader = itk::ImageFileReader<itk::Image<T, 3>>::New();
    reader->SetFileName(path);
    reader->Update();
    return reader->GetOutput();
}

std::string fileText(const fs::path& p) {
    std::ifstream in(p, std::ios::binary);
    return std::string(std::istreambuf_iterator<char>(in), {});
}

}  // namespace

class TestExporter : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void initTestCase() {
        itk::NiftiImageIOFactory::RegisterOneFactory();
        itk::NrrdImageIOFactory::RegisterOneFactory();
    }

    void exportsEveryFormatAndEachFileOpens() {
        QTemporaryDir dir;
        const Sample sample = makeProject(dir);
        ProjectDb db(sample.path);
        ExportOptions o;
        o.outDir = dir.filePath("out").toStdString();
        o.loader = [&](const ImageRecord& r) { return sample.volumes.at(r.contentHash); };
        std::size_t lastDone = 0, calls = 0;
        o.progress.report = [&](std::size_t done, std::size_t, const std::string&) {
            QVERIFY(done >= lastDone);
            lastDone = done;
            ++calls;
        };
        const ExportReport r = exportProject(db, o);
        const Pseudonymizer names(db.pseudonymSecret());  // the export drew it; the same one now
        QCOMPARE(r.sessions, 2);                          // the rejected one is not curated
        QCOMPARE(r.sftRecords, 2);
        QCOMPARE(r.rlRecords, 2);
        QCOMPARE(r.labelMaps, 2);
        QVERIFY(calls > 3);
        const fs::path out = o.outDir;

        // SFT: every line parses; one image per <image>, each a 512x512 RGB PNG; roles alternate as
        // published.
        const auto sft = lines(out / "sft/trajectories.jsonl");
        QCOMPARE(sft.size(), std::size_t(2));
        for (const auto& line : sft) {
            const json rec = json::parse(line);
            const auto& msgs = rec.at("messages");
            QCOMPARE(msgs.at(0).at("role").get<std::string>(), std::string("system"));
            QVERIFY(msgs.at(0).at("content").get<std::string>().find("<tools>") != std::string::npos);
            std::size_t placeholders = 0;
            for (std::size_t i = 1; i < msgs.size(); ++i) {
                const std::string role = msgs[i].at("role");
                QCOMPARE(role, std::string(i % 2 == 1 ? "user" : "assistant"));
                const std::string content = msgs[i].at("content");
                for (auto p = content.find("<image>"); p != std::string::npos;
                     p = content.find("<image>", p + 1))
                    ++placeholders;
                if (role == "assistant") QVERIFY(content.rfind("<tool_call>{\"name\": \"", 0) == 0);
            }
            QCOMPARE(msgs.back().at("content").get<std::string>(),
                     std::string(R"(<tool_call>{"name": "stop_action", "arguments": {}}</tool_call>)"));
            QCOMPARE(placeholders, rec.at("images").size());
            for (const auto& img : rec.at("images")) {
                int w = 0, h = 0, ch = 0;
                const auto px = readPng((out / "sft" / img.get<std::string>()).string(), w, h, ch);
                QCOMPARE(w, 512);
                QCOMPARE(h, 512);
                QCOMPARE(ch, 3);
            }
        }
        const json first = json::parse(sft[0]);
        QCOMPARE(
            first["messages"][2]["content"].get<std::string>(),
            std::string(
                R"(<tool_call>{"name": "add_bbox", "arguments": {"bbox_2d": [200, 200, 600, 650]}}</tool_call>)"));
        // The overlay after the first step is green where the mask is: pixel (256, 256) is inside the disc.
        {
            int w = 0, h = 0, ch = 0;
            const auto raw =
                readPng((out / "sft" / first["images"][0].get<std::string>()).string(), w, h, ch);
            const auto ov = readPng((out / "sft" / first["images"][1].get<std::string>()).string(), w, h, ch);
            const std::size_t n = 3 * (256 * 512 + 256);
            // Blended at the slice's resolution then resized: equal up to the resize's rounding.
            QVERIFY(std::abs(int(ov[n + 1]) - int(std::lround(0.5 * raw[n + 1] + 127.5))) <= 2);
            QVERIFY(std::abs(int(ov[n]) - int(std::lround(0.5 * raw[n]))) <= 2);
            const std::size_t corner = 3 * (2 * 512 + 2);
            QCOMPARE(ov[corner], raw[corner]);  // outside: unchanged
        }

        // RL: one row per task in the published verl recipe's columns (medsam_dataset.py); the reference mask
        // PNG equals the final mask bit for bit.
        const auto rl = lines(out / "rl/tasks.jsonl");
        QCOMPARE(rl.size(), std::size_t(2));
        const core::AgentProtocol protocol = core::AgentProtocol::published();
        for (const auto& line : rl) {
            const json row = json::parse(line);
            std::vector<std::string> keys;
            for (const auto& [key, value] : row.items()) keys.push_back(key);
            QCOMPARE(keys, (std::vector<std::string>{"data_source", "extra_info", "images", "prompt",
                                                     "reward_model"}));
            QCOMPARE(row["data_source"].get<std::string>(), std::string("medsam_agent"));
            const json& extra = row["extra_info"];
            const std::string target = extra["target_description"].get<std::string>();
            QCOMPARE(row["prompt"],
                     json::parse(json::array({{{"role", "system"}, {"content", protocol.systemPrompt}},
                                              {{"role", "user"},
                                               {"content", "<image>" + protocol.firstTurn(target)}}})
                                     .dump()));
            QCOMPARE(int(row["images"].size()), 1);
            QCOMPARE(row["images"][0].size(),
                     std::size_t(1));  // {"path"}; the parquet script makes {"bytes"}
            QCOMPARE(row["reward_model"]["style"].get<std::string>(), std::string("rule"));
            const std::string imagePath = row["images"][0]["path"].get<std::string>();
            const std::string maskPath = row["reward_model"]["ground_truth"]["path"].get<std::string>();
            QCOMPARE(imagePath, "images/" + extra["id"].get<std::string>() + ".png");
            int w = 0, h = 0, ch = 0;
            readPng((out / "rl" / imagePath).string(), w, h, ch);
            QCOMPARE(w, 64);
            QCOMPARE(h, 48);
            QCOMPARE(extra["width"].get<int>(), 64);
            const auto mask = readPng((out / "rl" / maskPath).string(), w, h, ch);
            QCOMPARE(ch, 1);
            const Id sid = extra["session"] == names.sessionName(db.session(sample.spleen)->uuid)
                               ? sample.spleen
                               : sample.approvedLiver;
            const core::Mask expected = core::decodeMask(db.finalMaskOfSession(sid)->mask);
            for (std::size_t n = 0; n < mask.size(); ++n)
                QCOMPARE(mask[n], std::uint8_t(expected.voxels()[n] ? 255 : 0));
        }
        QCOMPARE(json::parse(rl[0])["extra_info"]["target_description"].get<std::string>(),
                 std::string("the liver"));
#ifdef MEDSAM_PYTHON3
        // The parquet converter accepts the rows and finds their files (its --check needs no pandas).
        QProcess check;
        check.start(MEDSAM_PYTHON3, {MEDSAM_RL_PARQUET_SCRIPT,
                                     QString::fromStdString((out / "rl/tasks.jsonl").string()), "--check"});
        QVERIFY(check.waitForFinished(30000));
        QVERIFY2(check.exitCode() == 0, check.readAllStandardError().constData());
        QCOMPARE(check.readAllStandardOutput().trimmed(), QByteArray("2 rows ok"));
#else
        qInfo("python3 not found: packaging/rl_jsonl_to_parquet.py --check not run");
#endif

        // Label maps: ITK reads them back with the image's geometry and the labels painted on slice k:1.
        const json manifest = json::parse(fileText(out / "manifest.json"));
        for (const auto& lm : manifest["label_maps"]) {
            std::optional<ImageRecord> img;
            for (const auto& candidate : db.images()) {
                if (candidate.storedPath == lm["image"]) img = candidate;
            }
            QVERIFY(img);
            QCOMPARE(lm["case"].get<std::string>(), names.caseName(img->contentHash));
            for (const char* key : {"nifti", "nrrd"}) {
                const auto itkImage = readItk<std::uint16_t>((out / lm[key].get<std::string>()).string());
                const auto size = itkImage->GetLargestPossibleRegion().GetSize();
                QCOMPARE(int(size[0]), 64);
                QCOMPARE(int(size[2]), 3);
                QCOMPARE(itkImage->GetSpacing()[2], 2.5);
                QVERIFY(std::abs(itkImage->GetOrigin()[1] - img->geometry.origin[1]) < 1e-4);
                const Id sid = lm["sessions"][0] == names.sessionName(db.session(sample.spleen)->uuid)
                                   ? sample.spleen
                                   : sample.approvedLiver;
                const core::Mask expected = core::decodeMask(db.finalMaskOfSession(sid)->mask);
                const std::uint16_t value = sid == sample.spleen ? db.labelByName("spleen")->info.value
                                                                 : db.labelByName("liver")->info.value;
                const std::uint16_t* v = itkImage->GetBufferPointer();
                for (int y = 0; y < 48; ++y)
                    for (int x = 0; x < 64; ++x) {
                        QCOMPARE(v[(1 * 48 + y) * 64 + x], std::uint16_t(expected.at(x, y) ? value : 0));
                        QCOMPARE(v[(0 * 48 + y) * 64 + x], std::uint16_t(0));
                    }
            }
            // segment --out (core::writeLabelMap) writes the same label map as the same bytes: one writer.
            core::LabelMap same;
            same.labels = core::Image<std::uint16_t>(img->geometry);
            const auto exported = readItk<std::uint16_t>((out / lm["nifti"].get<std::string>()).string());
            std::copy(exported->GetBufferPointer(),
                      exported->GetBufferPointer() + same.labels.voxels().size(),
                      same.labels.voxels().begin());
            const std::string segmentOut = dir.filePath("segment-out.nii.gz").toStdString();
            core::writeLabelMap(same, segmentOut);
            QVERIFY2(fileText(out / lm["nifti"].get<std::string>()) == fileText(segmentOut),
                     "the export and segment --out wrote different NIfTI files for the same label map");
        }

        // Manifest: counts, labels, version, and a checksum that matches every file.
        QCOMPARE(manifest["exporter"].get<std::string>(), std::string(kExporterVersion));
        QCOMPARE(manifest["counts"]["sft_records"].get<int>(), 2);
        QCOMPARE(manifest["labels"].size(), std::size_t(2));
        QVERIFY(manifest["files"].size() > 10);
        for (const auto& f : manifest["files"]) {
            QCOMPARE(sha256File((out / f["path"].get<std::string>()).string()),
                     f["sha256"].get<std::string>());
        }
    }

    // Issue 15's path escape: a crafted project whose session uuid or image content hash holds "../" passed
    // the integrity checks and wrote outside --out. Stored identifiers are validated on read, so export and
    // merge refuse the project, and nothing lands outside the export folder.
    void craftedIdentifiersCannotEscapeTheExportFolder_data() {
        QTest::addColumn<QString>("update");
        QTest::newRow("session uuid") << "UPDATE sessions SET uuid = '../../../escaped' WHERE id = 1";
        QTest::newRow("content hash")
            << "UPDATE images SET content_hash = '../../../../escaped-hash' WHERE id = 1";
        QTest::newRow("absolute uuid") << "UPDATE sessions SET uuid = '/tmp/escaped' WHERE id = 2";
    }
    void craftedIdentifiersCannotEscapeTheExportFolder() {
        QFETCH(QString, update);
        QTemporaryDir dir;
        const Sample sample = makeProject(dir);
        {
            sql::Connection c(sample.path, sql::Connection::Mode::ReadWrite);
            c.exec(update.toStdString());
        }
        ProjectDb db(sample.path);
        ExportOptions o;
        o.outDir = dir.filePath("a/b/c/out").toStdString();
        o.loader = [&](const ImageRecord&) { return sample.volumes.begin()->second; };
        try {
            exportProject(db, o);
            QFAIL("a project with a crafted identifier was exported");
        } catch (const StorageError& e) {
            QVERIFY2(std::string(e.what()).find("not a valid identifier") != std::string::npos, e.what());
        }
        const fs::path out = fs::path(o.outDir);
        for (const auto& entry : fs::recursive_directory_iterator(dir.path().toStdString())) {
            const fs::path rel = entry.path().lexically_relative(dir.path().toStdString());
            const bool project = rel.string().rfind("p.db", 0) == 0;
            const bool inside = entry.path().string().rfind(out.string(), 0) == 0 ||
                                out.string().rfind(entry.path().string(), 0) == 0;
            QVERIFY2(project || inside, entry.path().c_str());
        }
        QVERIFY(!fs::exists("/tmp/escaped"));
        ProjectDb into = ProjectDb::create(dir.filePath("into.db").toStdString());
        QVERIFY_THROWS_EXCEPTION(StorageError, mergeProject(into, sample.path));
    }

    // Unfinished sessions (running, or interrupted by a killed process) are not trajectories: left out and
    // listed as skipped unless asked for.
    void unfinishedSessionsAreLeftOutUnlessAsked() {
        QTemporaryDir dir;
        const Sample sample = makeProject(dir);
        {
            sql::Connection c(sample.path, sql::Connection::Mode::ReadWrite);
            c.exec("UPDATE sessions SET outcome = 'interrupted' WHERE id = " + std::to_string(sample.spleen));
        }
        ProjectDb db(sample.path);
        ExportOptions o;
        o.loader = [&](const ImageRecord& r) { return sample.volumes.at(r.contentHash); };
        o.outDir = dir.filePath("a").toStdString();
        QCOMPARE(exportProject(db, o).sessions, 1);  // the approved liver session only
        const std::string manifest = fileText(fs::path(o.outDir) / "manifest.json");
        QVERIFY2(manifest.find("unfinished (outcome interrupted") != std::string::npos, manifest.c_str());
        o.outDir = dir.filePath("b").toStdString();
        o.includeUnfinished = true;
        QCOMPARE(exportProject(db, o).sessions, 2);
    }

    void exportIsDeterministicAndFiltered() {
        QTemporaryDir dir;
        const Sample sample = makeProject(dir);
        ProjectDb db(sample.path);
        ExportOptions o;
        o.loader = [&](const ImageRecord& r) { return sample.volumes.at(r.contentHash); };
        o.outDir = dir.filePath("a").toStdString();
        exportProject(db, o);
        o.outDir = dir.filePath("b").toStdString();
        exportProject(db, o);
        QCOMPARE(fileText(fs::path(dir.filePath("a").toStdString()) / "manifest.json"),
                 fileText(fs::path(dir.filePath("b").toStdString()) / "manifest.json"));

        o.outDir = dir.filePath("c").toStdString();
        o.filter.annotators = {"bo"};
        QCOMPARE(exportProject(db, o).sessions, 1);
        o.filter = {};
        o.filter.labels = {"liver"};
        o.filter.statuses = {ReviewStatus::Approved, ReviewStatus::Rejected};
        QCOMPARE(exportProject(db, o).sessions, 2);
        o.filter = {};
        o.filter.startedFromMs = nowMs() + 60000;
        QCOMPARE(exportProject(db, o).sessions, 0);

        std::atomic<bool> cancel{true};
        o.filter = {};
        o.progress.cancel = &cancel;
        QVERIFY_THROWS_EXCEPTION(Cancelled, exportProject(db, o));
    }

    void conversationFollowsThePublishedProtocol() {
        // A person's box, an agent's negative click, then stop: the same calls whoever acted.
        core::RgbImage picture(64, 48, {100, 100, 100});
        std::vector<core::Step> steps(3);
        steps[0].actor = core::Actor::Person;
        steps[0].action = core::Action::box(12.8, 9.6, 38.4, 31.2);
        steps[1].action = core::Action::point(32, 24, false);
        steps[2].action = core::Action::stop();
        const std::vector<core::Mask> masks = {test::disc(64, 48, 32, 24, 10), test::disc(64, 48, 30, 24, 8),
                                               core::Mask()};
        const auto protocol = core::AgentProtocol::published();
        const SftConversation c = buildSftConversation(picture, steps, masks, "left kidney");
        QCOMPARE(c.messages.size(), std::size_t(7));  // system, user, (assistant, user) x2, assistant stop
        QCOMPARE(c.images.size(), std::size_t(3));
        QCOMPARE(c.messages[0]["content"].get<std::string>(), protocol.systemPrompt);
        QCOMPARE(c.messages[1]["content"].get<std::string>(), "<image>" + protocol.firstTurn("left kidney"));
        QCOMPARE(
            c.messages[2]["content"].get<std::string>(),
            std::string(
                R"(<tool_call>{"name": "add_bbox", "arguments": {"bbox_2d": [200, 200, 600, 650]}}</tool_call>)"));
        QCOMPARE(c.messages[3]["content"].get<std::string>(), "<image>" + protocol.laterTurnText);
        QCOMPARE(
            c.messages[4]["content"].get<std::string>(),
            std::string(
                R"(<tool_call>{"name": "add_point", "arguments": {"point_2d": [500, 500], "point_type": "negative"}}</tool_call>)"));
        QCOMPARE(c.messages[6]["content"].get<std::string>(),
                 std::string(R"(<tool_call>{"name": "stop_action", "arguments": {}}</tool_call>)"));
        for (const auto& img : c.images) {
            QCOMPARE(img.width, 512);
            QCOMPARE(img.height, 512);
        }
        // Overlay: green-blended inside the mask, untouched outside.
        // 0.5 * 100 + 0.5 * 255 = 177.5 -> 177: truncated, as the published overlay's astype(np.uint8)
        QCOMPARE(int(c.images[1].pixel(256, 256)[1]), 177);
        QCOMPARE(int(c.images[1].pixel(256, 256)[0]), 50);
        QCOMPARE(int(c.images[1].pixel(5, 5)[1]), 100);
    }
};

QTEST_APPLESS_MAIN(TestExporter)
#include "tst_Exporter.moc"
