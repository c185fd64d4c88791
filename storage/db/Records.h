#pragma once

#include <atomic>
#include <cstdint>
#include <functional>
#include <optional>
#include <stdexcept>
#include <string>
#include <vector>

#include "core/image/ImageGeometry.h"
#include "core/image/LabelMap.h"
#include "core/image/SliceRef.h"
#include "core/trajectory/Trajectory.h"

// Plain rows of the project database, as the UI, the CLI and the exporters see them.
namespace medsam::storage {

class StorageError : public std::runtime_error {
public:
    using std::runtime_error::runtime_error;
};

using Id = std::int64_t;

std::int64_t nowMs();

struct ImageInput {
    std::string path;  // file or DICOM folder as given; stored relative to the project when inside it
    std::string seriesUid;
    std::string contentHash;  // storage/util/ContentHash.h
    std::string modality;
    core::ImageGeometry geometry;
};

struct ImageRecord {
    Id id = 0;
    std::string storedPath;    // as in the database
    std::string absolutePath;  // resolved against the project folder
    std::string seriesUid;
    std::string contentHash;
    std::string modality;
    core::ImageGeometry geometry;
    std::int64_t addedAt = 0;
};

struct LabelRecord {
    Id id = 0;
    core::LabelInfo info;
};

struct TaskRecord {
    Id id = 0;
    Id imageId = 0;
    Id labelId = 0;
    std::optional<core::SliceRef> slice;  // nullopt: the whole volume
    std::string target;
};

// Who or what acted in a session, with versions and settings so a trajectory can be reproduced.
struct ActorInfo {
    core::Actor actor = core::Actor::Agent;
    std::string annotator;  // person's name; empty for a pure agent session
    std::string policy, policyVersion;
    std::string tool, toolVersion;
    std::string settingsJson = "{}";
};

enum class ReviewStatus { NotStarted, InProgress, Completed, Flagged, Approved, Rejected };
std::string toString(ReviewStatus status);  // "not_started", "in_progress", ... "rejected"
std::optional<ReviewStatus> parseReviewStatus(const std::string& text);

struct SessionRecord {
    Id id = 0;
    std::string uuid;
    Id taskId = 0;
    ActorInfo actor;
    std::int64_t startedAt = 0;
    std::optional<std::int64_t> finishedAt;
    core::Outcome outcome = core::Outcome::Running;
    std::optional<double> finalReward;
    std::string origin;  // uuid of the project it was recorded in
    int stepCount = 0;
    ReviewStatus status = ReviewStatus::NotStarted;  // latest review
};

struct FinalMaskRecord {
    Id id = 0;
    Id imageId = 0;
    Id labelId = 0;
    std::optional<core::SliceRef> slice;
    int version = 0;
    std::optional<Id> sessionId;
    std::vector<std::uint8_t> mask;  // MaskCodec-encoded
    int width = 0, height = 0, depth = 0;
    std::int64_t createdAt = 0;
};

struct ReviewRecord {
    Id id = 0;
    Id sessionId = 0;
    ReviewStatus status = ReviewStatus::NotStarted;
    std::string reviewer;
    std::string comment;
    std::int64_t createdAt = 0;
};

struct AuditEntry {
    Id id = 0;
    std::int64_t at = 0;
    std::string who;
    std::string action;
    std::string detail;
};

// Which sessions an export or a listing wants. Empty vectors mean "any".
struct SessionFilter {
    std::vector<ReviewStatus> statuses;
    std::vector<std::string> labels;  // label names
    std::vector<std::string> annotators;
    std::vector<std::string> policies;
    std::optional<std::int64_t> startedFromMs, startedToMs;  // inclusive bounds on started_at
};

// Progress for long jobs (import, merge, export): called from the worker thread; `cancel` is polled.
struct Progress {
    std::function<void(std::size_t done, std::size_t total, const std::string& what)> report;
    const std::atomic<bool>* cancel = nullptr;
    bool cancelled() const { return cancel && cancel->load(); }
    void operator()(std::size_t done, std::size_t total, const std::string& what) const {
        if (report) report(done, total, what);
    }
};

class Cancelled : public StorageError {
public:
    Cancelled() : StorageError("cancelled") {}
};

}  // namespace medsam::storage
