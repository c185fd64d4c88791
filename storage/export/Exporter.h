#pragma once

#include <functional>
#include <string>
#include <vector>

#include "core/image/Image.h"
#include "storage/db/ProjectDb.h"

namespace medsam::storage {

// Reads the pixels of a project image (core/io's readVolume in the CLI; synthetic volumes in tests).
using ImageLoader = std::function<core::Volume(const ImageRecord& image)>;

constexpr const char* kExporterVersion = "medsam-storage-export/1";

struct ExportOptions {
    std::string outDir;
    SessionFilter filter;  // statuses empty -> {approved}
    bool sft = true;       // LLaMA-Factory multi-turn conversations (needs `loader`)
    bool rl = true;        // one JSONL row per task with image + reference mask PNGs (needs `loader`)
    bool masks = true;     // NIfTI + NRRD label maps per image
    bool dicomSeg = true;  // with `masks`: a DICOM SEG beside the label map of each DICOM source
    ImageLoader loader;    // empty: storage::loadProjectImage (core/io)
    // Sessions that never finished (outcome running or interrupted: a killed process) are left out and listed
    // as skipped unless this is set (CLI: db export --include-unfinished).
    bool includeUnfinished = false;
    // DICOM SEG keeps the source's patient, study and UIDs by default (it belongs with its study). deidentify
    // applies the PS3.15 Basic Application Level Confidentiality Profile to it (storage/export/Deidentify.h)
    // and leaves source paths out of the manifest; retainUids (only with deidentify) keeps the UIDs
    // (the profile's Retain UIDs Option). CLI: db export --deidentify [--retain-uids].
    bool deidentify = false;
    bool retainUids = false;
    Progress progress;
};

struct ExportReport {
    int sessions = 0;
    int sftRecords = 0;
    int rlRecords = 0;
    int labelMaps = 0;
    int dicomSegs = 0;
    int skipped = 0;  // sessions without a 2D slice or without a mask (listed in the manifest)
    std::vector<std::string> skippedWhy;  // "<session or image>: <why>", as in the manifest
    std::string manifestPath;
};

// Writes the curated sessions of `db` under options.outDir (created; existing files of the same names are
// replaced) and a manifest.json with counts, label names, the exporter version and the SHA-256 of every
// file. Deterministic: the same database and options give byte-identical files. Runs on the caller's
// thread (a worker in the UI); throws Cancelled when options.progress.cancel is set.
// Training data (sft/, rl/) and the manifest name cases and sessions by keyed pseudonyms (the project's
// pseudonym secret, storage/util/Pseudonym.h), never by content hash, session uuid, file name or anything
// read from a DICOM header. `db` must be writable: the export draws the secret on first need and records
// itself in the audit log (who, when, which sessions, formats, options, where).
ExportReport exportProject(ProjectDb& db, const ExportOptions& options);

}  // namespace medsam::storage
