#include "storage/db/ProjectDb.h"

#include <pwd.h>
#include <sqlite3.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <cctype>
#include <cerrno>
#include <csignal>
#include <cstdio>
#include <cstdlib>
#include <nlohmann/json.hpp>
#include <optional>
#include <random>

#include "core/codec/MaskCodec.h"
#include "storage/db/Schema.h"
#include "storage/sqlite/Sqlite.h"
#include "storage/util/Pseudonym.h"

namespace fs = std::filesystem;
using nlohmann::json;

namespace medsam::storage {

namespace {

// A model's reply is kept for review, not as a copy of whatever a server sent: a 150 MB reply once made a
// 472 MB project. The head is kept, cut on a UTF-8 character boundary, with a note of what was dropped.
std::string boundedText(const std::string& text, std::size_t limit) {
    if (text.size() <= limit) return text;
    std::size_t cut = limit;
    while (cut > 0 && (static_cast<unsigned char>(text[cut]) & 0xC0) == 0x80) --cut;
    return text.substr(0, cut) + "\n[... " + std::to_string(text.size() - cut) + " more bytes not stored]";
}

std::string hostName() {
    char name[256] = {};
    if (::gethostname(name, sizeof name - 1) != 0) return "unknown";
    return name;
}

// True when `owner` ("pid N@host" from a begin_session audit entry) names a process of this host that no
// longer exists. Another host's process, or a row without the note (older builds), is never judged dead.
bool ownerIsGone(const std::string& detail) {
    const auto at = detail.find(" pid ");
    if (at == std::string::npos) return false;
    const std::string owner = detail.substr(at + 5);
    const auto sep = owner.find('@');
    if (sep == std::string::npos || owner.substr(sep + 1) != hostName()) return false;
    char* end = nullptr;
    const long pid = std::strtol(owner.c_str(), &end, 10);
    if (end != owner.c_str() + sep || pid <= 0) return false;
    return ::kill(static_cast<pid_t>(pid), 0) != 0 && errno == ESRCH;
}

// Who is at the keyboard for the audit log: $USER, else $LOGNAME, else the account of the effective user id
// (a service or a container often sets neither variable), else "unknown".
std::string currentUserName() {
    for (const char* name : {"USER", "LOGNAME"}) {
        const char* value = std::getenv(name);
        if (value && *value) return value;
    }
    if (const passwd* account = ::getpwuid(::geteuid()); account && account->pw_name) return account->pw_name;
    return "unknown";
}

std::string randomUuid() {
    std::random_device rd;
    std::uint8_t b[16];
    for (auto& x : b) x = static_cast<std::uint8_t>(rd());
    b[6] = static_cast<std::uint8_t>((b[6] & 0x0f) | 0x40);  // version 4
    b[8] = static_cast<std::uint8_t>((b[8] & 0x3f) | 0x80);  // variant 1
    char s[37];
    std::snprintf(s, sizeof s, "%02x%02x%02x%02x-%02x%02x-%02x%02x-%02x%02x-%02x%02x%02x%02x%02x%02x", b[0],
                  b[1], b[2], b[3], b[4], b[5], b[6], b[7], b[8], b[9], b[10], b[11], b[12], b[13], b[14],
                  b[15]);
    return s;
}

std::string colorText(const std::array<std::uint8_t, 3>& c) {
    char s[8];
    std::snprintf(s, sizeof s, "#%02x%02x%02x", c[0], c[1], c[2]);
    return s;
}

std::array<std::uint8_t, 3> parseColor(const std::string& text) {
    unsigned r = 0, g = 0, b = 0;
    if (text.size() != 7 || std::sscanf(text.c_str(), "#%2x%2x%2x", &r, &g, &b) != 3) return {255, 0, 0};
    return {std::uint8_t(r), std::uint8_t(g), std::uint8_t(b)};
}

std::string geometryJson(const core::ImageGeometry& g) {
    return json{{"spacing", g.spacing}, {"origin", g.origin}, {"direction", g.direction}}.dump();
}

core::ImageGeometry parseGeometry(int sx, int sy, int sz, const std::string& text) {
    core::ImageGeometry g;
    g.size = {sx, sy, sz};
    const json j = json::parse(text);
    g.spacing = j.at("spacing").get<core::Vec3>();
    g.origin = j.at("origin").get<core::Vec3>();
    g.direction = j.at("direction").get<core::Mat3>();
    return g;
}

std::string rewardJson(const core::RewardTerms& r) {
    return json{{"iou", r.iou},
                {"dice", r.dice},
                {"improvement", r.improvement},
                {"bonus", r.bonus},
                {"step_cost", r.stepCost}}
        .dump();
}

core::RewardTerms parseReward(const std::string& text) {
    const json j = json::parse(text);
    core::RewardTerms r;
    r.iou = j.value("iou", 0.0);
    r.dice = j.value("dice", 0.0);
    r.improvement = j.value("improvement", 0.0);
    r.bonus = j.value("bonus", 0.0);
    r.stepCost = j.value("step_cost", 0.0);
    return r;
}

int sliceAxis(const std::optional<core::SliceRef>& s) {
    return s ? s->axis : -1;
}
int sliceIndex(const std::optional<core::SliceRef>& s) {
    return s ? s->index : 0;
}
std::optional<core::SliceRef> makeSlice(int axis, int index) {
    if (axis < 0) return std::nullopt;
    return core::SliceRef{axis, index};
}

// No write permission bit set counts as read-only even for root (who may write anyway): the owner of a
// project made it read-only on purpose.
bool fileWritable(const std::string& path) {
    struct stat st {};
    if (::stat(path.c_str(), &st) != 0) return false;
    return ::access(path.c_str(), W_OK) == 0 && (st.st_mode & 0222) != 0;
}

// Reads what identifies the file without writing anything; turns SQLite's codes into the reasons a person
// needs ("not a database", "corrupt", "another application's database", "newer version").
struct Identity {
    std::int32_t applicationId = 0;
    int userVersion = 0;
    int objectCount = 0;
};

Identity identify(sql::Connection& c, const std::string& path) {
    try {
        Identity id;
        auto a = c.prepare("PRAGMA application_id");
        a.step();
        id.applicationId = static_cast<std::int32_t>(a.int64(0));
        auto v = c.prepare("PRAGMA user_version");
        v.step();
        id.userVersion = v.integer(0);
        auto n = c.prepare("SELECT count(*) FROM sqlite_master");
        n.step();
        id.objectCount = n.integer(0);
        return id;
    } catch (const sql::SqliteError& e) {
        if (e.code() == SQLITE_NOTADB) {
            throw StorageError(path +
                               " is not a MedSAM project: not an SQLite database (corrupt or another kind "
                               "of file); it was not modified");
        }
        if (e.code() == SQLITE_CORRUPT) {
            throw StorageError(path + " is corrupt (" + e.what() + "); it was not modified");
        }
        throw StorageError(path + ": cannot read the database header: " + e.what());
    }
}

const char* kSessionColumns =
    "s.id, s.uuid, s.task_id, s.actor, s.annotator, s.policy, s.policy_version, s.tool, s.tool_version, "
    "s.settings, s.started_at, s.finished_at, s.outcome, s.final_reward, s.origin, "
    "(SELECT count(*) FROM steps st WHERE st.session_id = s.id), "
    "COALESCE((SELECT r.status FROM reviews r WHERE r.session_id = s.id ORDER BY r.id DESC LIMIT 1), "
    "'not_started')";

// A stored enum this build does not know (a newer build's action, a hand-edited row) is an error naming where
// it is: read as a default, an unknown action would become a `stop` in the middle of an exported trajectory.
template <typename Parse>
auto storedEnum(Parse parse, const std::string& text, const std::string& path, const std::string& where,
                const char* column) {
    const auto value = parse(text);
    if (!value) {
        throw StorageError(path + ": " + where + ", column " + column + ": unknown value '" + text +
                           "' (written by a newer or another build?); refusing to read it as a default");
    }
    return *value;
}

// Session uuids and image content hashes become file and folder names in exports: a crafted project with
// "../" in one wrote outside the export folder (and `db merge` accepted it). Every read and every insert
// requires a safe file-name component.
bool isSafeIdentifier(const std::string& text) {
    if (text.empty() || text.size() > 128 || text.front() == '.') return false;
    return std::all_of(text.begin(), text.end(), [](char c) {
        return std::isalnum(static_cast<unsigned char>(c)) || c == '-' || c == '_' || c == '.';
    });
}

std::string storedIdentifier(const std::string& text, const std::string& path, const std::string& where,
                             const char* column) {
    if (!isSafeIdentifier(text)) {
        throw StorageError(path + ": " + where + ", column " + column + ": '" + text.substr(0, 80) +
                           "' is not a valid identifier (letters, digits, '-', '_', '.'; at most 128; not "
                           "starting with '.'); refusing a project that could name files outside an export");
    }
    return text;
}

std::string rowOf(const char* table, Id id) {
    return std::string("table ") + table + ", row " + std::to_string(id);
}

SessionRecord readSession(const sql::Statement& q, const std::string& path) {
    SessionRecord s;
    s.id = q.int64(0);
    s.taskId = q.int64(2);
    const std::string row = rowOf("sessions", s.id);
    s.uuid = storedIdentifier(q.text(1), path, row, "uuid");
    s.actor.actor = storedEnum(core::parseActor, q.text(3), path, row, "actor");
    s.actor.annotator = q.text(4);
    s.actor.policy = q.text(5);
    s.actor.policyVersion = q.text(6);
    s.actor.tool = q.text(7);
    s.actor.toolVersion = q.text(8);
    s.actor.settingsJson = q.text(9);
    s.startedAt = q.int64(10);
    s.finishedAt = q.optInt64(11);
    s.outcome = storedEnum(core::parseOutcome, q.text(12), path, row, "outcome");
    s.finalReward = q.optReal(13);
    s.origin = q.text(14);
    s.stepCount = q.integer(15);
    s.status = storedEnum(parseReviewStatus, q.text(16), path,
                          "table reviews, latest review of session " + std::to_string(s.id), "status");
    return s;
}

const char* kImageColumns =
    "id, path, series_uid, content_hash, modality, size_x, size_y, size_z, geometry, added_at";

}  // namespace

ProjectDb::ProjectDb(const std::string& path, const OpenOptions& options) : path_(path), who_(options.who) {
    if (who_.empty()) who_ = currentUserName();
    const bool exists = fs::exists(path);
    if (!exists && !options.create) throw StorageError("no project database at " + path);
    if (exists && fs::is_directory(path)) throw StorageError(path + " is a folder, not a project database");
    const bool readOnly = options.readOnly || (exists && !fileWritable(path));
    if (readOnly && !exists) throw StorageError("cannot create " + path + " read-only");

    try {
        db_ = std::make_unique<sql::Connection>(
            path, readOnly ? sql::Connection::Mode::ReadOnly : sql::Connection::Mode::ReadWriteCreate);
    } catch (const sql::SqliteError& e) {
        throw StorageError(e.what());
    }
    Identity id;
    try {
        id = identify(*db_, path);
    } catch (const StorageError&) {
        // A read-only WAL database in a folder we cannot write needs the immutable flag to be read at all.
        if (!readOnly) throw;
        db_ = std::make_unique<sql::Connection>(path, sql::Connection::Mode::ReadOnly, "immutable=1");
        id = identify(*db_, path);
    }

    const bool empty = id.applicationId == 0 && id.userVersion == 0 && id.objectCount == 0;
    // Only create() (a path that did not exist) makes a new project. An existing empty file (0 bytes, or a
    // SQLite file without tables) is refused by every command alike: `add-images`, `labels --add`, `merge`
    // and `export` used to initialise it silently while `sessions` refused it.
    if (empty && (exists || readOnly)) {
        throw StorageError(path +
                           " is an empty file, not a MedSAM project (make one with `db init`); it was "
                           "not modified");
    }
    if (!empty && id.applicationId != kApplicationId) {
        throw StorageError(path + " is another application's SQLite database (application_id " +
                           std::to_string(id.applicationId) + "), not a MedSAM project; it was not modified");
    }
    if (id.userVersion > currentSchemaVersion()) {
        throw StorageError(path + " was written by a newer MedSAM Agent Studio (schema version " +
                           std::to_string(id.userVersion) + ", this build reads up to " +
                           std::to_string(currentSchemaVersion()) + "); it was not modified");
    }
    if (!empty && options.checkIntegrity) {
        std::string report;
        try {
            report = integrityCheck();
        } catch (const sql::SqliteError& e) {
            report = e.what();
        }
        if (report != "ok")
            throw StorageError(path + " is corrupt (integrity_check: " + report + "); it was not modified");
    }

    db_->exec("PRAGMA foreign_keys = ON");
    if (readOnly) {
        if (id.userVersion < currentSchemaVersion()) {
            throw StorageError(path + " uses schema version " + std::to_string(id.userVersion) +
                               " and is read-only: open it writable once to upgrade it");
        }
        return;
    }
    // WAL: readers (review UI, export) never block the writer and vice versa; the mode is stored in the file.
    db_->exec("PRAGMA journal_mode = WAL");
    db_->exec(options.durability == Durability::Full ? "PRAGMA synchronous = FULL"
                                                     : "PRAGMA synchronous = NORMAL");
    if (id.userVersion < currentSchemaVersion()) {
        applyMigrations(*db_, id.userVersion, currentSchemaVersion());
        if (empty) {
            sql::Transaction tx(*db_);
            db_->prepare("INSERT INTO project(key, value) VALUES ('uuid', ?1), ('created_at', ?2)")
                .bind(1, randomUuid())
                .bind(2, std::to_string(nowMs()))
                .run();
            tx.commit();
            audit("create", "schema " + std::to_string(currentSchemaVersion()));
        } else {
            audit("migrate", "schema " + std::to_string(id.userVersion) + " -> " +
                                 std::to_string(currentSchemaVersion()));
        }
    }
    markInterruptedSessions();
}

int ProjectDb::markInterruptedSessions() {
    // Only a writable open gets here: opening read-only never writes.
    sql::Transaction tx(*db_);
    auto q = db_->prepare(
        "SELECT s.id, a.detail FROM sessions s JOIN audit_log a ON a.action = 'begin_session' AND "
        "a.detail LIKE s.id || ' task %' WHERE s.outcome = 'running'");
    std::vector<Id> gone;
    while (q.step()) {
        if (ownerIsGone(q.text(1))) gone.push_back(q.int64(0));
    }
    for (Id id : gone) {
        db_->prepare("UPDATE sessions SET outcome = 'interrupted', finished_at = ?2 WHERE id = ?1")
            .bind(1, id)
            .bind(2, nowMs())
            .run();
        audit("interrupt_session", std::to_string(id) + ": its recording process is gone");
    }
    tx.commit();
    return static_cast<int>(gone.size());
}

ProjectDb::~ProjectDb() = default;
ProjectDb::ProjectDb(ProjectDb&&) noexcept = default;
ProjectDb& ProjectDb::operator=(ProjectDb&&) noexcept = default;

ProjectDb ProjectDb::create(const std::string& path, const std::string& who) {
    if (fs::exists(path)) throw StorageError(path + " already exists");
    OpenOptions o;
    o.create = true;
    o.who = who;
    return ProjectDb(path, o);
}

sql::Connection& ProjectDb::connection() {
    return *db_;
}
fs::path ProjectDb::folder() const {
    return fs::absolute(path_).parent_path();
}
bool ProjectDb::readOnly() const {
    return db_->readOnly();
}

void ProjectDb::requireWritable(const char* what) const {
    if (db_->readOnly()) throw StorageError(path_ + " is open read-only: cannot " + what);
}

int ProjectDb::schemaVersion() {
    auto q = db_->prepare("PRAGMA user_version");
    q.step();
    return q.integer(0);
}

std::string ProjectDb::projectUuid() {
    auto q = db_->prepare("SELECT value FROM project WHERE key = 'uuid'");
    return q.step() ? q.text(0) : std::string();
}

std::array<std::uint8_t, 32> ProjectDb::pseudonymSecret() {
    auto read = [this]() -> std::optional<std::array<std::uint8_t, 32>> {
        auto q = db_->prepare("SELECT value FROM secrets WHERE name = 'pseudonym'");
        if (!q.step()) return std::nullopt;
        const std::vector<std::uint8_t> value = q.blob(0);
        if (value.size() != 32)
            throw StorageError(path_ + ": the pseudonym secret is " + std::to_string(value.size()) +
                               " bytes, not 32");
        std::array<std::uint8_t, 32> out{};
        std::copy(value.begin(), value.end(), out.begin());
        return out;
    };
    if (readOnly()) {
        if (auto s = read()) return *s;
        throw StorageError(path_ +
                           " is open read-only and has no pseudonym secret yet: a training export draws one "
                           "and keeps it in the project; make the project writable once");
    }
    // Insert-or-get in one write transaction: two exporters starting together agree on one secret.
    sql::Transaction tx(*db_);
    if (auto s = read()) return *s;
    const PseudonymSecret secret = newPseudonymSecret();
    db_->prepare("INSERT INTO secrets(name, value) VALUES ('pseudonym', ?1)")
        .bind(1, std::vector<std::uint8_t>(secret.begin(), secret.end()))
        .run();
    audit("create_secret", "pseudonym (HMAC-SHA256 key for training exports)");
    tx.commit();
    return secret;
}

std::string ProjectDb::integrityCheck() {
    auto q = db_->prepare("PRAGMA integrity_check");
    std::string report;
    while (q.step()) {
        if (!report.empty()) report += "; ";
        report += q.text(0);
    }
    return report;
}

std::string ProjectDb::resolvePath(const std::string& storedPath) const {
    const fs::path p(storedPath);
    return p.is_absolute() ? p.string() : (folder() / p).lexically_normal().string();
}

namespace {
// Inside the project folder -> relative (the folder can move with its data); elsewhere -> absolute.
std::string storablePath(const fs::path& projectFolder, const std::string& path) {
    const fs::path abs = fs::absolute(path).lexically_normal();
    const fs::path rel = abs.lexically_relative(projectFolder.lexically_normal());
    if (!rel.empty() && *rel.begin() != "..") return rel.generic_string();
    return abs.generic_string();
}

ImageRecord readImage(const sql::Statement& q, const ProjectDb& db) {
    ImageRecord r;
    r.id = q.int64(0);
    r.storedPath = q.text(1);
    r.absolutePath = db.resolvePath(r.storedPath);
    r.seriesUid = q.text(2);
    r.contentHash = storedIdentifier(q.text(3), db.path(), rowOf("images", r.id), "content_hash");
    r.modality = q.text(4);
    r.geometry = parseGeometry(q.integer(5), q.integer(6), q.integer(7), q.text(8));
    r.addedAt = q.int64(9);
    return r;
}
}  // namespace

Id ProjectDb::addImage(const ImageInput& input) {
    requireWritable("add images");
    if (input.contentHash.empty()) throw StorageError("addImage: " + input.path + " has no content hash");
    storedIdentifier(input.contentHash, path_, "addImage " + input.path, "content_hash");
    // The duplicate check runs inside the write transaction (BEGIN IMMEDIATE): another process cannot add the
    // same image between the check and the insert.
    sql::Transaction tx(*db_);
    if (auto existing = imageByHash(input.contentHash)) return existing->id;
    const std::string stored = storablePath(folder(), input.path);
    db_->prepare(
           "INSERT INTO images(path, series_uid, content_hash, modality, size_x, size_y, size_z, geometry, "
           "added_at) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9)")
        .bind(1, stored)
        .bind(2, input.seriesUid)
        .bind(3, input.contentHash)
        .bind(4, input.modality)
        .bind(5, input.geometry.size[0])
        .bind(6, input.geometry.size[1])
        .bind(7, input.geometry.size[2])
        .bind(8, geometryJson(input.geometry))
        .bind(9, nowMs())
        .run();
    const Id id = db_->lastInsertId();
    audit("add_image", stored + " " + input.contentHash);
    tx.commit();
    return id;
}

std::optional<ImageRecord> ProjectDb::image(Id id) {
    auto q = db_->prepare(std::string("SELECT ") + kImageColumns + " FROM images WHERE id = ?1");
    q.bind(1, id);
    if (!q.step()) return std::nullopt;
    return readImage(q, *this);
}

std::optional<ImageRecord> ProjectDb::imageByHash(const std::string& contentHash) {
    auto q = db_->prepare(std::string("SELECT ") + kImageColumns + " FROM images WHERE content_hash = ?1");
    q.bind(1, contentHash);
    if (!q.step()) return std::nullopt;
    return readImage(q, *this);
}

std::vector<ImageRecord> ProjectDb::images() {
    auto q = db_->prepare(std::string("SELECT ") + kImageColumns + " FROM images ORDER BY id");
    std::vector<ImageRecord> out;
    while (q.step()) out.push_back(readImage(q, *this));
    return out;
}

Id ProjectDb::ensureLabel(const std::string& name, const std::string& description) {
    requireWritable("add labels");
    sql::Transaction tx(*db_);  // look-up, free value and insert in one write transaction
    if (auto existing = labelByName(name)) return existing->id;
    core::LabelInfo info;
    info.name = name;
    info.description = description;
    int value = 1;
    for (const auto& l : labels()) value = std::max(value, l.info.value + 1);
    if (value > 65535) throw StorageError("no label value left in " + path_ + " for '" + name + "'");
    info.value = static_cast<std::uint16_t>(value);
    const Id id = addLabel(info);
    tx.commit();
    return id;
}

Id ProjectDb::addLabel(const core::LabelInfo& info) {
    requireWritable("add labels");
    if (info.name.empty()) throw StorageError("a label needs a name");
    if (info.value == 0) throw StorageError("label '" + info.name + "': value 0 is the background");
    sql::Transaction tx(*db_);  // checks and insert in one write transaction, as in addImage
    if (labelByName(info.name)) throw StorageError("label '" + info.name + "' already exists in " + path_);
    auto clash = db_->prepare("SELECT name FROM labels WHERE value = ?1");
    clash.bind(1, static_cast<int>(info.value));
    if (clash.step()) {
        throw StorageError("label value " + std::to_string(info.value) + " is already used by '" +
                           clash.text(0) + "'");
    }
    db_->prepare("INSERT INTO labels(name, value, color, description) VALUES (?1, ?2, ?3, ?4)")
        .bind(1, info.name)
        .bind(2, static_cast<int>(info.value))
        .bind(3, colorText(info.color))
        .bind(4, info.description)
        .run();
    const Id id = db_->lastInsertId();
    audit("add_label", info.name + " = " + std::to_string(info.value));
    tx.commit();
    return id;
}

void ProjectDb::updateLabel(Id id, const core::LabelInfo& info) {
    requireWritable("change labels");
    sql::Transaction tx(*db_);
    db_->prepare("UPDATE labels SET name = ?2, value = ?3, color = ?4, description = ?5 WHERE id = ?1")
        .bind(1, id)
        .bind(2, info.name)
        .bind(3, static_cast<int>(info.value))
        .bind(4, colorText(info.color))
        .bind(5, info.description)
        .run();
    if (db_->changes() != 1) throw StorageError("no label with id " + std::to_string(id));
    audit("update_label", std::to_string(id) + ": " + info.name);
    tx.commit();
}

namespace {
LabelRecord readLabel(const sql::Statement& q) {
    LabelRecord r;
    r.id = q.int64(0);
    r.info.name = q.text(1);
    r.info.value = static_cast<std::uint16_t>(q.integer(2));
    r.info.color = parseColor(q.text(3));
    r.info.description = q.text(4);
    return r;
}
}  // namespace

std::optional<LabelRecord> ProjectDb::label(Id id) {
    auto q = db_->prepare("SELECT id, name, value, color, description FROM labels WHERE id = ?1");
    q.bind(1, id);
    if (!q.step()) return std::nullopt;
    return readLabel(q);
}

std::optional<LabelRecord> ProjectDb::labelByName(const std::string& name) {
    auto q = db_->prepare("SELECT id, name, value, color, description FROM labels WHERE name = ?1");
    q.bind(1, name);
    if (!q.step()) return std::nullopt;
    return readLabel(q);
}

std::vector<LabelRecord> ProjectDb::labels() {
    auto q = db_->prepare("SELECT id, name, value, color, description FROM labels ORDER BY value");
    std::vector<LabelRecord> out;
    while (q.step()) out.push_back(readLabel(q));
    return out;
}

Id ProjectDb::ensureTask(Id imageId, Id labelId, const std::optional<core::SliceRef>& slice,
                         const std::string& target) {
    // Insert-or-get inside one write transaction (BEGIN IMMEDIATE) on a writable project: another process
    // cannot add the same task between the look-up and the insert.
    std::optional<sql::Transaction> tx;
    if (!readOnly()) tx.emplace(*db_);
    auto find = db_->prepare(
        "SELECT id FROM tasks WHERE image_id = ?1 AND label_id = ?2 AND slice_axis = ?3 AND slice_index = "
        "?4");
    find.bind(1, imageId).bind(2, labelId).bind(3, sliceAxis(slice)).bind(4, sliceIndex(slice));
    if (find.step()) return find.int64(0);
    requireWritable("add tasks");
    const auto img = image(imageId);
    if (!img) throw StorageError("no image with id " + std::to_string(imageId));
    if (!label(labelId)) throw StorageError("no label with id " + std::to_string(labelId));
    if (slice) {
        try {
            core::checkSlice(img->geometry, *slice);
        } catch (const std::exception& e) {
            throw StorageError("task on " + img->storedPath + ": " + e.what());
        }
    }
    db_->prepare(
           "INSERT INTO tasks(image_id, label_id, slice_axis, slice_index, target) VALUES (?1,?2,?3,?4,?5)")
        .bind(1, imageId)
        .bind(2, labelId)
        .bind(3, sliceAxis(slice))
        .bind(4, sliceIndex(slice))
        .bind(5, target)
        .run();
    const Id id = db_->lastInsertId();
    tx->commit();
    return id;
}

namespace {
TaskRecord readTask(const sql::Statement& q) {
    TaskRecord t;
    t.id = q.int64(0);
    t.imageId = q.int64(1);
    t.labelId = q.int64(2);
    t.slice = makeSlice(q.integer(3), q.integer(4));
    t.target = q.text(5);
    return t;
}
}  // namespace

std::optional<TaskRecord> ProjectDb::task(Id id) {
    auto q = db_->prepare(
        "SELECT id, image_id, label_id, slice_axis, slice_index, target FROM tasks WHERE id = ?1");
    q.bind(1, id);
    if (!q.step()) return std::nullopt;
    return readTask(q);
}

std::vector<TaskRecord> ProjectDb::tasks() {
    auto q =
        db_->prepare("SELECT id, image_id, label_id, slice_axis, slice_index, target FROM tasks ORDER BY id");
    std::vector<TaskRecord> out;
    while (q.step()) out.push_back(readTask(q));
    return out;
}

Id ProjectDb::beginSession(Id taskId, const ActorInfo& actor, const std::string& uuid) {
    requireWritable("record sessions");
    if (!task(taskId)) throw StorageError("no task with id " + std::to_string(taskId));
    sql::Transaction tx(*db_);
    db_->prepare(
           "INSERT INTO sessions(uuid, task_id, actor, annotator, policy, policy_version, tool, "
           "tool_version, "
           "settings, started_at, origin) VALUES (?1,?2,?3,?4,?5,?6,?7,?8,?9,?10,?11)")
        .bind(1, uuid.empty() ? randomUuid() : storedIdentifier(uuid, path_, "beginSession", "uuid"))
        .bind(2, taskId)
        .bind(3, core::toString(actor.actor))
        .bind(4, actor.annotator)
        .bind(5, actor.policy)
        .bind(6, actor.policyVersion)
        .bind(7, actor.tool)
        .bind(8, actor.toolVersion)
        .bind(9, actor.settingsJson.empty() ? std::string("{}") : actor.settingsJson)
        .bind(10, nowMs())
        .bind(11, projectUuid())
        .run();
    const Id id = db_->lastInsertId();
    // The recording process, so a later open can tell a session whose process died from one still running.
    audit("begin_session", std::to_string(id) + " task " + std::to_string(taskId) + " pid " +
                               std::to_string(::getpid()) + "@" + hostName());
    tx.commit();
    return id;
}

Id ProjectDb::appendStep(Id sessionId, const core::Step& step) {
    requireWritable("record steps");
    // One statement inside BEGIN IMMEDIATE ... COMMIT: when this returns the step is in the WAL (and
    // fsynced with Durability::Full), so a crash of the process any time later cannot lose it.
    sql::Transaction tx(*db_);
    auto st = db_->prepare(
        "INSERT INTO steps(session_id, step_index, actor, action, x0, y0, x1, y1, raw_text, mask, "
        "mask_width, "
        "mask_height, dice, iou, latency_ms, timestamp_ms, error, reward) "
        "SELECT ?1,?2,?3,?4,?5,?6,?7,?8,?9,?10,?11,?12,?13,?14,?15,?16,?17,?18 "
        "FROM sessions WHERE id = ?1 AND outcome = 'running'");
    st.bind(1, sessionId)
        .bind(2, step.index)
        .bind(3, core::toString(step.actor))
        .bind(4, core::toString(step.action.kind))
        .bind(5, step.action.x0)
        .bind(6, step.action.y0)
        .bind(7, step.action.x1)
        .bind(8, step.action.y1)
        .bind(9, boundedText(step.rawText, kMaxRawTextBytes))
        .bind(10, step.mask)
        .bind(11, step.maskWidth)
        .bind(12, step.maskHeight)
        .bind(13, step.dice)
        .bind(14, step.iou)
        .bind(15, step.latencyMs)
        .bind(16, step.timestampMs ? step.timestampMs : nowMs())
        .bind(17, step.error);
    if (step.reward)
        st.bind(18, rewardJson(*step.reward));
    else
        st.bindNull(18);
    try {
        st.run();
    } catch (const sql::SqliteError& e) {
        // Only the UNIQUE (session_id, step_index) constraint means a duplicate; a NOT NULL (a NaN coordinate
        // binds as NULL), CHECK, foreign-key or trigger failure is reported with SQLite's own words.
        if (e.extendedCode() == SQLITE_CONSTRAINT_UNIQUE) {
            throw StorageError("session " + std::to_string(sessionId) + " already has a step " +
                               std::to_string(step.index));
        }
        if (e.code() == SQLITE_CONSTRAINT) {
            throw StorageError("step " + std::to_string(step.index) + " of session " +
                               std::to_string(sessionId) +
                               " violates a constraint of table steps: " + e.what());
        }
        throw;
    }
    if (db_->changes() != 1) {
        throw StorageError("session " + std::to_string(sessionId) + " does not exist or is finished");
    }
    const Id id = db_->lastInsertId();
    tx.commit();
    return id;
}

int ProjectDb::nextStepIndex(Id sessionId) {
    auto q = db_->prepare("SELECT COALESCE(max(step_index) + 1, 0) FROM steps WHERE session_id = ?1");
    q.bind(1, sessionId);
    q.step();
    return q.integer(0);
}

void ProjectDb::finishSession(Id sessionId, core::Outcome outcome, const std::vector<std::uint8_t>& finalMask,
                              std::optional<double> finalReward) {
    requireWritable("finish sessions");
    const auto s = session(sessionId);
    if (!s) throw StorageError("no session with id " + std::to_string(sessionId));
    if (s->outcome != core::Outcome::Running) {
        throw StorageError("session " + std::to_string(sessionId) + " is already finished (" +
                           core::toString(s->outcome) + ")");
    }
    std::optional<core::Mask> decoded;
    if (!finalMask.empty()) {
        try {
            decoded = core::decodeMask(finalMask);
        } catch (const std::exception& e) {
            throw StorageError("final mask of session " + std::to_string(sessionId) + ": " + e.what());
        }
    }
    const auto t = task(s->taskId);
    sql::Transaction tx(*db_);
    db_->prepare("UPDATE sessions SET outcome = ?2, finished_at = ?3, final_reward = ?4 WHERE id = ?1")
        .bind(1, sessionId)
        .bind(2, core::toString(outcome == core::Outcome::Running ? core::Outcome::Stopped : outcome))
        .bind(3, nowMs())
        .bind(4, finalReward)
        .run();
    if (decoded) {
        FinalMaskRecord r;
        r.imageId = t->imageId;
        r.labelId = t->labelId;
        r.slice = t->slice;
        r.sessionId = sessionId;
        r.mask = finalMask;
        r.width = decoded->width();
        r.height = decoded->height();
        r.depth = decoded->depth();
        addFinalMask(r);
    }
    audit("finish_session", std::to_string(sessionId) + " " + core::toString(outcome));
    tx.commit();
}

Id ProjectDb::addFinalMask(const FinalMaskRecord& r) {
    requireWritable("store masks");
    auto v = db_->prepare(
        "SELECT COALESCE(max(version), 0) + 1 FROM final_masks WHERE image_id = ?1 AND label_id = ?2 AND "
        "slice_axis = ?3 AND slice_index = ?4");
    v.bind(1, r.imageId).bind(2, r.labelId).bind(3, sliceAxis(r.slice)).bind(4, sliceIndex(r.slice));
    v.step();
    const int version = v.integer(0);
    db_->prepare(
           "INSERT INTO final_masks(image_id, label_id, slice_axis, slice_index, version, session_id, mask, "
           "width, "
           "height, depth, created_at) VALUES (?1,?2,?3,?4,?5,?6,?7,?8,?9,?10,?11)")
        .bind(1, r.imageId)
        .bind(2, r.labelId)
        .bind(3, sliceAxis(r.slice))
        .bind(4, sliceIndex(r.slice))
        .bind(5, version)
        .bind(6, r.sessionId)
        .bind(7, r.mask)
        .bind(8, r.width)
        .bind(9, r.height)
        .bind(10, r.depth)
        .bind(11, r.createdAt ? r.createdAt : nowMs())
        .run();
    return db_->lastInsertId();
}

std::optional<SessionRecord> ProjectDb::session(Id id) {
    auto q = db_->prepare(std::string("SELECT ") + kSessionColumns + " FROM sessions s WHERE s.id = ?1");
    q.bind(1, id);
    if (!q.step()) return std::nullopt;
    return readSession(q, path_);
}

std::vector<SessionRecord> ProjectDb::sessions(const SessionFilter& filter) {
    auto q = db_->prepare(std::string("SELECT ") + kSessionColumns +
                          ", l.name FROM sessions s JOIN tasks t ON t.id = s.task_id JOIN labels l ON l.id = "
                          "t.label_id ORDER BY s.id");
    auto contains = [](const auto& list, const auto& value) {
        return list.empty() || std::find(list.begin(), list.end(), value) != list.end();
    };
    std::vector<SessionRecord> out;
    while (q.step()) {
        SessionRecord s = readSession(q, path_);
        if (!contains(filter.statuses, s.status) || !contains(filter.labels, q.text(17)) ||
            !contains(filter.annotators, s.actor.annotator) || !contains(filter.policies, s.actor.policy)) {
            continue;
        }
        if (filter.startedFromMs && s.startedAt < *filter.startedFromMs) continue;
        if (filter.startedToMs && s.startedAt > *filter.startedToMs) continue;
        out.push_back(std::move(s));
    }
    return out;
}

std::vector<core::Step> ProjectDb::steps(Id sessionId) {
    auto q = db_->prepare(
        "SELECT step_index, actor, action, x0, y0, x1, y1, raw_text, mask, mask_width, mask_height, dice, "
        "iou, latency_ms, timestamp_ms, error, reward, id FROM steps WHERE session_id = ?1 ORDER BY "
        "step_index");
    q.bind(1, sessionId);
    std::vector<core::Step> out;
    while (q.step()) {
        core::Step s;
        s.index = q.integer(0);
        const std::string row = rowOf("steps", q.int64(17));
        s.actor = storedEnum(core::parseActor, q.text(1), path_, row, "actor");
        s.action.kind = storedEnum(core::parseActionKind, q.text(2), path_, row, "action");
        s.action.x0 = q.real(3);
        s.action.y0 = q.real(4);
        s.action.x1 = q.real(5);
        s.action.y1 = q.real(6);
        s.rawText = q.text(7);
        s.mask = q.blob(8);
        s.maskWidth = q.integer(9);
        s.maskHeight = q.integer(10);
        s.dice = q.optReal(11);
        s.iou = q.optReal(12);
        s.latencyMs = q.real(13);
        s.timestampMs = q.int64(14);
        s.error = q.text(15);
        if (!q.isNull(16)) s.reward = parseReward(q.text(16));
        out.push_back(std::move(s));
    }
    return out;
}

std::vector<Id> ProjectDb::stepIds(Id sessionId) {
    auto q = db_->prepare("SELECT id FROM steps WHERE session_id = ?1 ORDER BY step_index");
    q.bind(1, sessionId);
    std::vector<Id> out;
    while (q.step()) out.push_back(q.int64(0));
    return out;
}

namespace {
const char* kFinalMaskColumns =
    "id, image_id, label_id, slice_axis, slice_index, version, session_id, mask, width, height, depth, "
    "created_at";
FinalMaskRecord readFinalMask(const sql::Statement& q) {
    FinalMaskRecord r;
    r.id = q.int64(0);
    r.imageId = q.int64(1);
    r.labelId = q.int64(2);
    r.slice = makeSlice(q.integer(3), q.integer(4));
    r.version = q.integer(5);
    r.sessionId = q.optInt64(6);
    r.mask = q.blob(7);
    r.width = q.integer(8);
    r.height = q.integer(9);
    r.depth = q.integer(10);
    r.createdAt = q.int64(11);
    return r;
}
}  // namespace

std::vector<FinalMaskRecord> ProjectDb::finalMasks(Id imageId, Id labelId) {
    auto q = db_->prepare(std::string("SELECT ") + kFinalMaskColumns +
                          " FROM final_masks WHERE image_id = ?1 AND label_id = ?2 "
                          "ORDER BY slice_axis, slice_index, version");
    q.bind(1, imageId).bind(2, labelId);
    std::vector<FinalMaskRecord> out;
    while (q.step()) out.push_back(readFinalMask(q));
    return out;
}

std::optional<FinalMaskRecord> ProjectDb::finalMaskOfSession(Id sessionId) {
    auto q = db_->prepare(std::string("SELECT ") + kFinalMaskColumns +
                          " FROM final_masks WHERE session_id = ?1 ORDER BY version DESC LIMIT 1");
    q.bind(1, sessionId);
    if (!q.step()) return std::nullopt;
    return readFinalMask(q);
}

Id ProjectDb::addReview(Id sessionId, ReviewStatus status, const std::string& reviewer,
                        const std::string& comment) {
    requireWritable("review sessions");
    if (!session(sessionId)) throw StorageError("no session with id " + std::to_string(sessionId));
    sql::Transaction tx(*db_);
    db_->prepare(
           "INSERT INTO reviews(session_id, status, reviewer, comment, created_at) VALUES (?1,?2,?3,?4,?5)")
        .bind(1, sessionId)
        .bind(2, toString(status))
        .bind(3, reviewer)
        .bind(4, comment)
        .bind(5, nowMs())
        .run();
    const Id id = db_->lastInsertId();
    audit("review", std::to_string(sessionId) + " " + toString(status) + " by " + reviewer);
    tx.commit();
    return id;
}

std::vector<ReviewRecord> ProjectDb::reviews(Id sessionId) {
    auto q = db_->prepare(
        "SELECT id, session_id, status, reviewer, comment, created_at FROM reviews WHERE session_id = ?1 "
        "ORDER BY id");
    q.bind(1, sessionId);
    std::vector<ReviewRecord> out;
    while (q.step()) {
        ReviewRecord r;
        r.id = q.int64(0);
        r.sessionId = q.int64(1);
        r.status = storedEnum(parseReviewStatus, q.text(2), path_, rowOf("reviews", r.id), "status");
        r.reviewer = q.text(3);
        r.comment = q.text(4);
        r.createdAt = q.int64(5);
        out.push_back(std::move(r));
    }
    return out;
}

void ProjectDb::audit(const std::string& action, const std::string& detail) {
    requireWritable("write the audit log");
    db_->prepare("INSERT INTO audit_log(at, who, action, detail) VALUES (?1, ?2, ?3, ?4)")
        .bind(1, nowMs())
        .bind(2, who_)
        .bind(3, action)
        .bind(4, detail)
        .run();
}

std::vector<AuditEntry> ProjectDb::auditLog() {
    auto q = db_->prepare("SELECT id, at, who, action, detail FROM audit_log ORDER BY id");
    std::vector<AuditEntry> out;
    while (q.step()) out.push_back({q.int64(0), q.int64(1), q.text(2), q.text(3), q.text(4)});
    return out;
}

}  // namespace medsam::storage
