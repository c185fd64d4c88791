#pragma once

#include <array>
#include <cstdint>
#include <filesystem>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "core/trajectory/Trajectory.h"
#include "storage/db/Records.h"

namespace medsam::storage {

namespace sql {
class Connection;
}

// How much a committed step survives. Both survive a crash of the process (the WAL is written before
// COMMIT returns); only Full survives a power loss or kernel crash (the WAL is fsynced at every commit).
// ProcessCrash (synchronous=NORMAL) is the default: it is what the guarantee asks for and keeps a step
// well under the 5 ms target even at p99; Full's fsync made the p99 miss it (docs/storage.md).
enum class Durability { ProcessCrash, Full };

struct OpenOptions {
    bool create = false;         // create the file (and the folder's project) when it does not exist
    bool readOnly = false;       // never write; also chosen automatically when the file is not writable
    bool checkIntegrity = true;  // PRAGMA integrity_check on open (the crash-recovery guarantee)
    Durability durability = Durability::ProcessCrash;
    std::string who;  // name written to the audit log for changes made through this handle
};

// One project = one SQLite file. Not thread-safe: each thread (the agent worker, the UI, an exporter)
// opens its own ProjectDb on the same file; WAL lets readers run while one writer commits.
// Opening never modifies a file that is corrupt, foreign (another application's SQLite file) or from a
// newer version: those throw StorageError before anything is written.
class ProjectDb {
public:
    explicit ProjectDb(const std::string& path, const OpenOptions& options = {});
    ~ProjectDb();
    ProjectDb(ProjectDb&&) noexcept;
    ProjectDb& operator=(ProjectDb&&) noexcept;

    static ProjectDb create(const std::string& path, const std::string& who = {});

    const std::string& path() const { return path_; }
    std::filesystem::path folder() const;
    bool readOnly() const;
    int schemaVersion();
    std::string projectUuid();
    std::string integrityCheck();  // "ok" or SQLite's report
    // The key of the pseudonyms in training exports (storage/util/Pseudonym.h): drawn from a CSPRNG on first
    // need and kept, so a project names a case the same way in every export. Throws StorageError on a
    // read-only project that has none yet.
    std::array<std::uint8_t, 32> pseudonymSecret();

    // Images: de-duplicated by content hash (adding a known image returns its id and changes nothing).
    Id addImage(const ImageInput& input);
    std::optional<ImageRecord> image(Id id);
    std::optional<ImageRecord> imageByHash(const std::string& contentHash);
    std::vector<ImageRecord> images();
    std::string resolvePath(const std::string& storedPath) const;

    // Labels: name and value are unique; the description is the agent's target text.
    Id addLabel(const core::LabelInfo& info);
    // The label of that name, or a new one with the next free value: insert-or-get in one transaction, so
    // concurrent writers (two `segment --db` runs) both succeed.
    Id ensureLabel(const std::string& name, const std::string& description);
    void updateLabel(Id id, const core::LabelInfo& info);
    std::optional<LabelRecord> label(Id id);
    std::optional<LabelRecord> labelByName(const std::string& name);
    std::vector<LabelRecord> labels();

    // Tasks: one (image, slice or whole volume, label); ensureTask returns the existing one if any.
    Id ensureTask(Id imageId, Id labelId, const std::optional<core::SliceRef>& slice,
                  const std::string& target);
    std::optional<TaskRecord> task(Id id);
    std::vector<TaskRecord> tasks();

    // Recording (see also SessionRecorder). appendStep commits one transaction and returns after COMMIT.
    // A step's raw text (a model's reply) is stored up to kMaxRawTextBytes, then a note of the bytes dropped.
    static constexpr std::size_t kMaxRawTextBytes = 64 * 1024;
    Id beginSession(Id taskId, const ActorInfo& actor, const std::string& uuid = {});
    Id appendStep(Id sessionId, const core::Step& step);
    // Sets the outcome; a non-empty encoded mask becomes the next final-mask version of the task's target.
    void finishSession(Id sessionId, core::Outcome outcome, const std::vector<std::uint8_t>& finalMask,
                       std::optional<double> finalReward = std::nullopt);
    int nextStepIndex(Id sessionId);

    std::optional<SessionRecord> session(Id id);
    std::vector<SessionRecord> sessions(const SessionFilter& filter = {});
    std::vector<core::Step> steps(Id sessionId);
    std::vector<Id> stepIds(Id sessionId);

    std::vector<FinalMaskRecord> finalMasks(Id imageId, Id labelId);
    std::optional<FinalMaskRecord> finalMaskOfSession(Id sessionId);
    Id addFinalMask(const FinalMaskRecord& record);  // version is assigned (next for its target)

    Id addReview(Id sessionId, ReviewStatus status, const std::string& reviewer, const std::string& comment);
    std::vector<ReviewRecord> reviews(Id sessionId);

    void audit(const std::string& action, const std::string& detail);
    // Sessions still "running" whose recording process (pid and host noted when they began) no longer exists
    // become "interrupted"; called by every writable open (a read-only open writes nothing). Returns how
    // many.
    int markInterruptedSessions();
    std::vector<AuditEntry> auditLog();

    sql::Connection& connection();

private:
    void requireWritable(const char* what) const;
    std::string path_;
    std::string who_;
    std::unique_ptr<sql::Connection> db_;
};

}  // namespace medsam::storage
