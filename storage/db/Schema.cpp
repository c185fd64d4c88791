#include "storage/db/Schema.h"

#include <string>
#include <vector>

namespace medsam::storage {

namespace {

// Migration N takes user_version N-1 to N. Never edit a released migration: add a new one.
const std::vector<std::string>& migrations() {
    static const std::vector<std::string> list = {
        // v1: the first schema.
        R"sql(
CREATE TABLE project (key TEXT PRIMARY KEY, value TEXT NOT NULL);
CREATE TABLE images (
    id INTEGER PRIMARY KEY,
    path TEXT NOT NULL,                 -- relative to the project file's folder when inside it
    series_uid TEXT NOT NULL DEFAULT '',
    content_hash TEXT NOT NULL UNIQUE,  -- see storage/util/ContentHash.h
    modality TEXT NOT NULL DEFAULT '',
    size_x INTEGER NOT NULL, size_y INTEGER NOT NULL, size_z INTEGER NOT NULL,
    geometry TEXT NOT NULL,             -- JSON: spacing, origin, direction (LPS)
    added_at INTEGER NOT NULL);
CREATE TABLE labels (
    id INTEGER PRIMARY KEY,
    name TEXT NOT NULL UNIQUE,
    value INTEGER NOT NULL UNIQUE CHECK (value BETWEEN 1 AND 65535),
    color TEXT NOT NULL,                -- "#rrggbb"
    description TEXT NOT NULL DEFAULT '');
CREATE TABLE tasks (
    id INTEGER PRIMARY KEY,
    image_id INTEGER NOT NULL REFERENCES images(id),
    label_id INTEGER NOT NULL REFERENCES labels(id),
    slice_axis INTEGER NOT NULL,        -- -1: the whole volume
    slice_index INTEGER NOT NULL,
    target TEXT NOT NULL,
    UNIQUE (image_id, label_id, slice_axis, slice_index));
CREATE TABLE sessions (
    id INTEGER PRIMARY KEY,
    uuid TEXT NOT NULL UNIQUE,          -- identity across merged projects
    task_id INTEGER NOT NULL REFERENCES tasks(id),
    actor TEXT NOT NULL,
    annotator TEXT NOT NULL DEFAULT '',
    policy TEXT NOT NULL DEFAULT '', policy_version TEXT NOT NULL DEFAULT '',
    tool TEXT NOT NULL DEFAULT '', tool_version TEXT NOT NULL DEFAULT '',
    settings TEXT NOT NULL DEFAULT '{}',
    started_at INTEGER NOT NULL,
    finished_at INTEGER,
    outcome TEXT NOT NULL DEFAULT 'running',
    final_reward REAL);
CREATE TABLE steps (
    id INTEGER PRIMARY KEY,
    session_id INTEGER NOT NULL REFERENCES sessions(id),
    step_index INTEGER NOT NULL,
    actor TEXT NOT NULL,
    action TEXT NOT NULL,
    x0 REAL NOT NULL, y0 REAL NOT NULL, x1 REAL NOT NULL, y1 REAL NOT NULL,
    raw_text TEXT NOT NULL DEFAULT '',
    mask BLOB NOT NULL,                 -- core/codec/MaskCodec
    mask_width INTEGER NOT NULL, mask_height INTEGER NOT NULL,
    dice REAL, iou REAL,
    latency_ms REAL NOT NULL DEFAULT 0,
    timestamp_ms INTEGER NOT NULL,
    error TEXT NOT NULL DEFAULT '',
    UNIQUE (session_id, step_index));
CREATE TABLE final_masks (
    id INTEGER PRIMARY KEY,
    image_id INTEGER NOT NULL REFERENCES images(id),
    label_id INTEGER NOT NULL REFERENCES labels(id),
    slice_axis INTEGER NOT NULL, slice_index INTEGER NOT NULL,
    version INTEGER NOT NULL,
    session_id INTEGER REFERENCES sessions(id),
    mask BLOB NOT NULL,
    width INTEGER NOT NULL, height INTEGER NOT NULL, depth INTEGER NOT NULL,
    created_at INTEGER NOT NULL,
    UNIQUE (image_id, label_id, slice_axis, slice_index, version));
CREATE TABLE reviews (
    id INTEGER PRIMARY KEY,
    session_id INTEGER NOT NULL REFERENCES sessions(id),
    status TEXT NOT NULL CHECK (status IN ('not_started','in_progress','completed','flagged','approved','rejected')),
    reviewer TEXT NOT NULL DEFAULT '',
    comment TEXT NOT NULL DEFAULT '',
    created_at INTEGER NOT NULL);
CREATE TABLE audit_log (
    id INTEGER PRIMARY KEY,
    at INTEGER NOT NULL,
    who TEXT NOT NULL,
    action TEXT NOT NULL,
    detail TEXT NOT NULL DEFAULT '');
CREATE TRIGGER audit_log_no_update BEFORE UPDATE ON audit_log
    BEGIN SELECT RAISE(ABORT, 'audit_log is append-only'); END;
CREATE TRIGGER audit_log_no_delete BEFORE DELETE ON audit_log
    BEGIN SELECT RAISE(ABORT, 'audit_log is append-only'); END;
CREATE INDEX steps_by_session ON steps(session_id, step_index);
)sql",
        // v2: per-step reward terms (the reviewer sees where a trajectory gained and lost), merge provenance
        // of sessions, and an index for "latest review of a session" (the curation queries).
        R"sql(
ALTER TABLE steps ADD COLUMN reward TEXT;            -- JSON RewardTerms, NULL when none
ALTER TABLE sessions ADD COLUMN origin TEXT NOT NULL DEFAULT '';  -- project uuid it was recorded in
CREATE INDEX reviews_by_session ON reviews(session_id, id);
CREATE INDEX final_masks_by_target ON final_masks(image_id, label_id, slice_axis, slice_index, version);
)sql",
        // v3: per-image viewer settings (window/level, ...), so reopening an image shows it as it was left.
        R"sql(
CREATE TABLE image_settings (
    image_id INTEGER NOT NULL REFERENCES images(id),
    key TEXT NOT NULL,
    value TEXT NOT NULL,
    PRIMARY KEY (image_id, key));
)sql",
        // v4: project secrets, apart from the project table's public facts (uuid, dates) so that nothing
        // that lists, merges or exports project metadata can carry them. 'pseudonym' keys the HMAC that names
        // cases and sessions in training exports (storage/util/Pseudonym.h); drawn on first need.
        R"sql(
CREATE TABLE secrets (
    name TEXT PRIMARY KEY,
    value BLOB NOT NULL CHECK (length(value) >= 32));
)sql",
    };
    return list;
}

}  // namespace

int currentSchemaVersion() {
    return static_cast<int>(migrations().size());
}

void applyMigrations(sql::Connection& connection, int fromVersion, int toVersion) {
    for (int v = fromVersion + 1; v <= toVersion; ++v) {
        sql::Transaction tx(connection);
        connection.exec(migrations()[static_cast<std::size_t>(v - 1)]);
        if (v == 1) connection.exec("PRAGMA application_id = " + std::to_string(kApplicationId));
        connection.exec("PRAGMA user_version = " + std::to_string(v));
        tx.commit();
    }
}

}  // namespace medsam::storage
