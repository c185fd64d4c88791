#pragma once

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "storage/db/ProjectDb.h"

namespace medsam::storage {

// One row of the sessions browser: what a reviewer scans to pick the next session to look at.
struct SessionRow {
    Id id = 0;
    std::string uuid;
    Id imageId = 0;
    std::string image;  // stored path of the image (relative to the project when inside it)
    std::string label;
    std::string target;
    core::Actor actor = core::Actor::Agent;  // who started the session
    std::string actors;                      // distinct actors of its steps, "agent+person"
    std::string annotator;
    std::string policy;
    std::string tool;
    int steps = 0;
    std::optional<double> finalDice;  // Dice of the last step that has one (needs a reference)
    core::Outcome outcome = core::Outcome::Running;
    ReviewStatus status = ReviewStatus::NotStarted;
    std::string reviewer;  // of the latest review
    std::string comment;   // of the latest review
    std::int64_t startedAt = 0;
    std::optional<std::int64_t> finishedAt;
    std::optional<std::int64_t> reviewedAt;
};

enum class SessionColumn {
    Id,
    Image,
    Label,
    Actors,
    Policy,
    Tool,
    Steps,
    FinalDice,
    Outcome,
    Status,
    Reviewer,
    Started,
    Finished
};

// What the browser shows: every criterion narrows; empty lists mean "any". The whole query runs in SQLite
// (filter, sort, LIMIT/OFFSET), so a page of a 10,000-session project costs a page, not a project.
struct SessionQuery {
    std::string text;  // case-insensitive substring of image, label, target, annotator, policy, tool, uuid,
                       // reviewer or review comment
    std::vector<ReviewStatus> statuses;
    std::vector<std::string> labels;
    std::vector<std::string> actors;  // a session matches when any of its steps (or itself) has the actor
    std::vector<std::string> policies;
    std::vector<std::string> tools;
    std::vector<core::Outcome> outcomes;
    std::vector<std::string> reviewers;
    std::optional<std::int64_t> startedFromMs, startedToMs;  // inclusive
    std::optional<double> minDice, maxDice;                  // inclusive; sessions without a Dice never match
    SessionColumn sortBy = SessionColumn::Id;
    bool descending = false;
};

// Read-only queries over a project's sessions for the sessions browser and the project overview.
class SessionCatalog {
public:
    explicit SessionCatalog(ProjectDb& db) : db_(db) {}

    int count(const SessionQuery& query);
    // Rows [offset, offset + limit) of the query's order; ties are broken by session id, so pages never
    // overlap or skip a row.
    std::vector<SessionRow> page(const SessionQuery& query, int offset, int limit);
    // How many sessions of the query have each review status, ignoring the query's own status filter (the
    // counts a status filter chooses from).
    std::map<ReviewStatus, int> countsByStatus(SessionQuery query);
    // The values a filter on `column` can take (labels, policies, tools, reviewers), sorted.
    std::vector<std::string> distinctValues(SessionColumn column);
    // The position of a session in the query's order, or nullopt when the query excludes it.
    std::optional<int> rowOf(const SessionQuery& query, Id sessionId);

private:
    ProjectDb& db_;
};

}  // namespace medsam::storage
