#include "storage/export/Exporter.h"

#include <algorithm>
#include <cmath>
#include <filesystem>
#include <fstream>
#include <map>
#include <nlohmann/json.hpp>

#include "core/codec/MaskCodec.h"
#include "core/image/SliceRef.h"
#include "core/io/DicomSeries.h"
#include "core/io/NiftiWriter.h"
#include "core/io/VolumeIo.h"
#include "core/protocol/AgentProtocol.h"
#include "core/render/PngCodec.h"
#include "core/render/SliceRenderer.h"
#include "core/render/WindowLevel.h"
#include "storage/db/Import.h"
#include "storage/export/Deidentify.h"
#include "storage/export/DicomSeg.h"
#include "storage/export/SftConversation.h"
#include "storage/export/VolumeWriters.h"
#include "storage/util/Pseudonym.h"
#include "storage/util/Sha256.h"

namespace fs = std::filesystem;
using nlohmann::json;

namespace medsam::storage {

namespace {

struct Curated {
    SessionRecord session;
    TaskRecord task;
    ImageRecord image;
    LabelRecord label;
    std::vector<core::Step> steps;
    std::vector<std::uint8_t> finalMask;  // encoded; empty when the session left none
};

std::string sanitize(const std::string& text) {
    std::string out;
    for (char c : text) out += (std::isalnum(static_cast<unsigned char>(c)) || c == '-') ? c : '_';
    return out.empty() ? "label" : out;
}

// Stable across exports of the project: the case's pseudonym, label name, slice.
std::string taskKey(const Curated& c, const Pseudonymizer& names) {
    std::string key = names.caseName(c.image.contentHash) + "_" + sanitize(c.label.info.name);
    if (c.task.slice)
        key += "_" + std::string(1, "ijk"[c.task.slice->axis]) + std::to_string(c.task.slice->index);
    return key;
}

// The session's mask on its task's slice (a whole-volume mask is cut at the slice).
core::Mask maskOnSlice(const std::vector<std::uint8_t>& encoded, const Curated& c) {
    core::Mask m = core::decodeMask(encoded);
    if (m.depth() > 1) {
        if (!c.task.slice)
            throw StorageError("session " + std::to_string(c.session.id) + ": no slice to cut");
        m = core::extractSlice(m, *c.task.slice);
    }
    const auto g = core::sliceGeometry(c.image.geometry, c.task.slice.value_or(core::SliceRef{2, 0}));
    if (m.width() != g.size[0] || m.height() != g.size[1]) {
        throw StorageError("session " + std::to_string(c.session.id) + ": mask is " +
                           std::to_string(m.width()) + "x" + std::to_string(m.height()) + " but slice " +
                           c.task.slice->toString() + " of " + c.image.storedPath + " is " +
                           std::to_string(g.size[0]) + "x" + std::to_string(g.size[1]));
    }
    return m;
}

// A session or image left out: its real name for the person exporting, its pseudonym for the files.
struct Skip {
    std::string name, pseudonym, why;
};

class Writer {
public:
    explicit Writer(fs::path root) : root_(std::move(root)) {}
    // Every output path is checked to stay inside the export folder, whatever its components hold (they
    // come from the project: session uuids, content hashes, label names).
    fs::path path(const std::string& relative) {
        const fs::path rel = fs::path(relative).lexically_normal();
        if (rel.empty() || rel.is_absolute() || rel.has_root_name() || *rel.begin() == ".." ||
            relative.find('\0') != std::string::npos) {
            throw StorageError("export: refusing output path '" + relative + "': it leaves " +
                               root_.string());
        }
        const fs::path p = root_ / rel;
        fs::create_directories(p.parent_path());
        files_.push_back(relative);
        return p;
    }
    void text(const std::string& relative, const std::string& content) {
        std::ofstream f(path(relative), std::ios::binary | std::ios::trunc);
        f << content;
        if (!f) throw StorageError("cannot write " + (root_ / relative).string());
    }
    json checksums() const {
        std::vector<std::string> sorted = files_;
        std::sort(sorted.begin(), sorted.end());
        sorted.erase(std::unique(sorted.begin(), sorted.end()), sorted.end());
        json out = json::array();
        for (const auto& f : sorted)
            out.push_back({{"path", f}, {"sha256", sha256File((root_ / f).string())}});
        return out;
    }
    std::size_t count() const { return files_.size(); }

private:
    fs::path root_;
    std::vector<std::string> files_;
};

class VolumeCache {
public:
    explicit VolumeCache(const ImageLoader& loader) : loader_(loader) {}
    const core::Volume& get(const ImageRecord& image) {
        if (id_ != image.id) {
            volume_ = loader_ ? loader_(image) : loadProjectImage(image);
            id_ = image.id;
            if (volume_.image.size() != image.geometry.size) {
                throw StorageError(image.absolutePath + " is " + volume_.image.geometry().describe() +
                                   " on disk but " + image.geometry.describe() +
                                   " in the project: it changed");
            }
        }
        return volume_;
    }

private:
    const ImageLoader& loader_;
    Id id_ = -1;
    core::Volume volume_;
};

}  // namespace

ExportReport exportProject(ProjectDb& db, const ExportOptions& options) {
    if (options.outDir.empty()) throw StorageError("export needs an output folder");
    if (options.retainUids && !options.deidentify)
        throw StorageError(
            "export: retain UIDs is an option of de-identification (--deidentify --retain-uids)");
    if (db.readOnly()) {
        throw StorageError(
            db.path() +
            " is open read-only: an export records who exported what in the project's audit log "
            "and names cases with the project's pseudonym secret; make the file writable");
    }
    const Pseudonymizer names(db.pseudonymSecret());
    fs::create_directories(options.outDir);
    SessionFilter filter = options.filter;
    if (filter.statuses.empty()) filter.statuses = {ReviewStatus::Approved};
    const Progress& progress = options.progress;

    std::vector<Curated> curated;
    std::vector<Skip> unfinished;
    for (const auto& s : db.sessions(filter)) {
        // A session whose process was killed is not a trajectory: its last step is not the end of the
        // episode.
        if (!options.includeUnfinished &&
            (s.outcome == core::Outcome::Running || s.outcome == core::Outcome::Interrupted)) {
            unfinished.push_back(
                {s.uuid, names.sessionName(s.uuid),
                 "unfinished (outcome " + core::toString(s.outcome) + "; --include-unfinished exports it)"});
            continue;
        }
        Curated c;
        c.session = s;
        c.task = *db.task(s.taskId);
        c.image = *db.image(c.task.imageId);
        c.label = *db.label(c.task.labelId);
        c.steps = db.steps(s.id);
        if (auto fm = db.finalMaskOfSession(s.id)) {
            c.finalMask = fm->mask;
        } else {
            for (auto it = c.steps.rbegin(); it != c.steps.rend(); ++it) {
                if (!it->mask.empty()) {
                    c.finalMask = it->mask;
                    break;
                }
            }
        }
        curated.push_back(std::move(c));
    }

    json filterJson = {{"statuses", json::array()},
                       {"labels", filter.labels},
                       {"annotators", filter.annotators},
                       {"policies", filter.policies}};
    for (auto s : filter.statuses) filterJson["statuses"].push_back(toString(s));
    if (filter.startedFromMs) filterJson["started_from_ms"] = *filter.startedFromMs;
    if (filter.startedToMs) filterJson["started_to_ms"] = *filter.startedToMs;
    // The audit entry, before any file is written (an export that fails half-way has still let files out):
    // who (the handle's name, $USER by default) and when are the log's own columns.
    std::vector<std::string> formats;
    if (options.sft) formats.push_back("sft");
    if (options.rl) formats.push_back("rl");
    if (options.masks) formats.push_back(options.dicomSeg ? "masks+dicom_seg" : "masks");
    json exported = json::array();
    for (const auto& c : curated) exported.push_back(c.session.uuid);
    db.audit("export", json{{"out", fs::absolute(options.outDir).lexically_normal().string()},
                            {"formats", formats},
                            {"filter", filterJson},
                            {"deidentify", options.deidentify},
                            {"retain_uids", options.retainUids},
                            {"include_unfinished", options.includeUnfinished},
                            {"sessions", exported},
                            {"unfinished_left_out", unfinished.size()}}
                           .dump());
    ExportReport report;
    report.sessions = static_cast<int>(curated.size());
    Writer out(options.outDir);
    VolumeCache volumes(options.loader);
    std::vector<Skip> skipped = unfinished;
    auto skipSession = [&](const Curated& c, const std::string& why) {
        skipped.push_back({c.session.uuid, names.sessionName(c.session.uuid), why});
    };
    const std::size_t total = curated.size() * 3;
    std::size_t done = 0;
    auto tick = [&](const std::string& what) {
        if (progress.cancelled()) throw Cancelled();
        progress(done++, total, what);
    };

    // 1. SFT: one conversation per session on a 2D slice.
    if (options.sft) {
        std::string jsonl;
        for (const auto& c : curated) {
            tick("sft " + c.session.uuid);
            if (!c.task.slice || c.steps.empty()) {
                skipSession(c, "sft: no slice or no steps");
                continue;
            }
            const core::Volume& v = volumes.get(c.image);
            const core::Image<float> slice = core::extractSlice(v.image, *c.task.slice);
            const core::SliceAppearance look = core::sliceAppearance(v, *c.task.slice);
            std::vector<core::Mask> masks;
            for (const auto& st : c.steps) {
                masks.push_back(st.mask.empty() ? core::Mask() : maskOnSlice(st.mask, c));
            }
            const std::string target =
                c.label.info.description.empty() ? c.task.target : c.label.info.description;
            const std::string stem = "sft/images/" + names.sessionName(c.session.uuid);
            const SftConversation conv =
                buildSftConversation(core::renderForModel(slice, look), c.steps, masks, target);
            json images = json::array();
            for (std::size_t n = 0; n < conv.images.size(); ++n) {
                const std::string rel = stem + "_" + std::to_string(n) + ".png";
                core::writePng(out.path(rel).string(), conv.images[n]);
                images.push_back(rel.substr(4));  // relative to sft/
            }
            json record = {{"messages", conv.messages}, {"images", images}};
            jsonl += record.dump() + "\n";
            ++report.sftRecords;
        }
        out.text("sft/trajectories.jsonl", jsonl);
        // LLaMA-Factory's dataset_info.json entry for this file (sharegpt format with OpenAI-style roles).
        const json info = {{"medsam_agent_sft",
                            {{"file_name", "trajectories.jsonl"},
                             {"formatting", "sharegpt"},
                             {"columns", {{"messages", "messages"}, {"images", "images"}}},
                             {"tags",
                              {{"role_tag", "role"},
                               {"content_tag", "content"},
                               {"user_tag", "user"},
                               {"assistant_tag", "assistant"},
                               {"system_tag", "system"}}}}}};
        out.text("sft/dataset_info.json", info.dump(2) + "\n");
    }

    // 2. RL: one row per task (the latest curated session of it is the reference).
    if (options.rl) {
        std::map<Id, const Curated*> latest;
        for (const auto& c : curated) {
            tick("rl " + c.session.uuid);
            if (!c.task.slice || c.finalMask.empty()) {
                skipSession(c, "rl: no slice or no mask");
                continue;
            }
            latest[c.task.id] = &c;  // sessions come in id order: the last one wins
        }
        std::string jsonl;
        for (const auto& [taskId, c] : latest) {
            const std::string id = taskKey(*c, names);
            const core::Volume& volume = volumes.get(c->image);
            const core::Image<float> slice = core::extractSlice(volume.image, *c->task.slice);
            const core::Mask mask = maskOnSlice(c->finalMask, *c);
            std::vector<std::uint8_t> maskPixels(mask.voxels().size());
            for (std::size_t n = 0; n < maskPixels.size(); ++n) maskPixels[n] = mask.voxels()[n] ? 255 : 0;
            core::writePng(out.path("rl/images/" + id + ".png").string(),
                           core::renderForModel(slice, core::sliceAppearance(volume, *c->task.slice)));
            core::writeFile(out.path("rl/masks/" + id + ".png").string(),
                            core::encodePngGray(mask.width(), mask.height(), maskPixels.data()));
            const std::string target =
                c->label.info.description.empty() ? c->task.target : c->label.info.description;
            // The columns of the published verl RL data (medsam_dataset.py reads prompt, images[{bytes}],
            // reward_model.ground_truth{bytes}, extra_info{target_description, id}; verl's reward manager
            // reads data_source). Files are named by path relative to rl/; packaging/rl_jsonl_to_parquet.py
            // turns each {"path"} into the {"bytes"} the recipe reads.
            const core::AgentProtocol protocol = core::AgentProtocol::published();
            const json prompt =
                json::array({{{"role", "system"}, {"content", protocol.systemPrompt}},
                             {{"role", "user"}, {"content", "<image>" + protocol.firstTurn(target)}}});
            const json row = {
                {"data_source", "medsam_agent"},
                {"prompt", prompt},
                {"images", json::array({{{"path", "images/" + id + ".png"}}})},
                {"reward_model", {{"style", "rule"}, {"ground_truth", {{"path", "masks/" + id + ".png"}}}}},
                {"extra_info",
                 {{"target_description", target},
                  {"id", id},
                  {"label", c->label.info.name},
                  {"session", names.sessionName(c->session.uuid)},
                  {"width", slice.width()},
                  {"height", slice.height()}}}};
            jsonl += row.dump() + "\n";
            ++report.rlRecords;
        }
        out.text("rl/tasks.jsonl", jsonl);
    }

    // 3. Masks: one label map per image, the curated sessions' final masks painted in session order.
    json labelMaps = json::array();
    if (options.masks) {
        std::map<Id, std::vector<const Curated*>> byImage;
        for (const auto& c : curated) {
            tick("masks " + c.session.uuid);
            if (c.finalMask.empty()) {
                skipSession(c, "masks: no final mask");
                continue;
            }
            byImage[c.image.id].push_back(&c);
        }
        for (const auto& [imageId, list] : byImage) {
            const ImageRecord& image = list.front()->image;
            core::Image<std::uint16_t> labels(image.geometry);
            json painted = json::array();
            for (const Curated* c : list) {
                const std::uint16_t value = c->label.info.value;
                if (c->task.slice) {
                    const core::Mask m = maskOnSlice(c->finalMask, *c);
                    core::Image<std::uint16_t> plane = core::extractSlice(labels, *c->task.slice);
                    for (std::size_t n = 0; n < plane.voxels().size(); ++n) {
                        if (plane.voxels()[n] == value) plane.voxels()[n] = 0;  // a later session replaces
                        if (m.voxels()[n]) plane.voxels()[n] = value;
                    }
                    core::insertSlice(labels, *c->task.slice, plane);
                } else {
                    const core::Mask m = core::decodeMask(c->finalMask, image.geometry);
                    for (std::size_t n = 0; n < m.voxels().size(); ++n) {
                        if (labels.voxels()[n] == value) labels.voxels()[n] = 0;
                        if (m.voxels()[n]) labels.voxels()[n] = value;
                    }
                }
                painted.push_back(names.sessionName(c->session.uuid));
            }
            const std::string caseName = names.caseName(image.contentHash);
            const std::string stem = "masks/" + caseName;
            core::writeNifti(out.path(stem + ".nii.gz").string(), labels);  // the writer segment --out uses
            writeNrrdLabels(out.path(stem + ".nrrd").string(), labels);
            // A label map goes back to its source image: the manifest names it, unless de-identified.
            json entry = {{"case", caseName}, {"nifti", stem + ".nii.gz"}, {"nrrd", stem + ".nrrd"}};
            if (!options.deidentify) entry["image"] = image.storedPath;
            entry["sessions"] = painted;
            if (options.dicomSeg && !image.seriesUid.empty() &&
                core::detectFormat(image.absolutePath) == "DICOM") {
                std::int64_t contentTime = 0;
                for (const Curated* c : list) {
                    contentTime = std::max(contentTime, c->session.finishedAt.value_or(c->session.startedAt));
                }
                try {
                    const core::DicomScan scan = core::scanDicom(image.absolutePath);
                    const core::DicomSeriesInfo* series = findImageSeries(scan, image);
                    if (!series) throw StorageError("series " + image.seriesUid + " is no longer there");
                    std::vector<core::LabelInfo> table;
                    for (const auto& l : db.labels()) table.push_back(l.info);
                    std::optional<DeidentifyOptions> deidentify;
                    if (options.deidentify) {
                        deidentify = DeidentifyOptions{options.retainUids, [&names](const std::string& uid) {
                                                           return names.dicomUid(uid);
                                                       }};
                    }
                    writeDicomSeg(out.path(stem + ".seg.dcm").string(), labels, table, *series,
                                  image.contentHash + "/" + painted.dump(), contentTime, deidentify);
                    entry["dicom_seg"] = stem + ".seg.dcm";
                    ++report.dicomSegs;
                } catch (const std::exception& e) {
                    skipped.push_back({image.storedPath, caseName, std::string("dicom seg: ") + e.what()});
                }
            }
            labelMaps.push_back(entry);
            ++report.labelMaps;
        }
    }

    json labels = json::array();
    for (const auto& l : db.labels()) {
        labels.push_back(
            {{"name", l.info.name}, {"value", l.info.value}, {"description", l.info.description}});
    }
    // The manifest names skipped sessions and images by pseudonym; the person exporting sees the real names
    // (ExportReport::skippedWhy). The messages of a skipped DICOM SEG may quote a path: left out when
    // de-identified.
    json skippedJson = json::array();
    for (const auto& s : skipped) {
        const bool seg = s.why.rfind("dicom seg: ", 0) == 0;
        skippedJson.push_back(
            {{seg ? "case" : "session", s.pseudonym},
             {"why", seg && options.deidentify ? std::string("dicom seg: not written") : s.why}});
    }
    const json manifest = {
        {"exporter", kExporterVersion},
        {"project", db.projectUuid()},
        {"filter", filterJson},
        {"counts",
         {{"sessions", report.sessions},
          {"sft_records", report.sftRecords},
          {"rl_records", report.rlRecords},
          {"label_maps", report.labelMaps},
          {"dicom_seg", report.dicomSegs},
          {"skipped", skipped.size()}}},
        {"labels", labels},
        {"label_maps", labelMaps},
        {"options", {{"deidentify", options.deidentify}, {"retain_uids", options.retainUids}}},
        {"skipped", skippedJson},
        {"files", out.checksums()}};
    report.skipped = static_cast<int>(skipped.size());
    for (const auto& s : skipped) report.skippedWhy.push_back(s.name + ": " + s.why);
    report.manifestPath = (fs::path(options.outDir) / "manifest.json").string();
    std::ofstream(report.manifestPath, std::ios::binary | std::ios::trunc) << manifest.dump(2) << "\n";
    progress(total, total, "done");
    return report;
}

}  // namespace medsam::storage
