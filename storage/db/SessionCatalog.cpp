#include "storage/db/SessionCatalog.h"

#include <functional>

#include "storage/sqlite/Sqlite.h"

namespace medsam::storage {

namespace {

// Every browser column as one row per session. Correlated subqueries use the steps_by_session and
// reviews_by_session indexes, so a sort over 10,000 sessions costs a few index seeks per session.
const char* kSessionView = R"sql(
WITH v AS (
  SELECT s.id, s.uuid, t.image_id, i.path AS image, l.name AS label, t.target, s.actor,
    COALESCE((SELECT group_concat(a, '+') FROM
              (SELECT DISTINCT st.actor AS a FROM steps st WHERE st.session_id = s.id ORDER BY a)),
             s.actor) AS actors,
    s.annotator, s.policy, s.tool,
    (SELECT count(*) FROM steps st WHERE st.session_id = s.id) AS steps,
    (SELECT st.dice FROM steps st WHERE st.session_id = s.id AND st.dice IS NOT NULL
     ORDER BY st.step_index DESC LIMIT 1) AS dice,
    s.outcome, COALESCE(r.status, 'not_started') AS status, COALESCE(r.reviewer, '') AS reviewer,
    COALESCE(r.comment, '') AS comment, s.started_at, s.finished_at, r.created_at AS reviewed_at
  FROM sessions s
  JOIN tasks t ON t.id = s.task_id
  JOIN images i ON i.id = t.image_id
  JOIN labels l ON l.id = t.label_id
  LEFT JOIN reviews r ON r.id = (SELECT max(rv.id) FROM reviews rv WHERE rv.session_id = s.id))
)sql";

const char* kRowColumns =
    "v.id, v.uuid, v.image_id, v.image, v.label, v.target, v.actor, v.actors, v.annotator, v.policy, v.tool, "
    "v.steps, v.dice, v.outcome, v.status, v.reviewer, v.comment, v.started_at, v.finished_at, v.reviewed_at";

const char* sortExpression(SessionColumn column) {
    switch (column) {
        case SessionColumn::Id:
            return "v.id";
        case SessionColumn::Image:
            return "v.image";
        case SessionColumn::Label:
            return "v.label";
        case SessionColumn::Actors:
            return "v.actors";
        case SessionColumn::Policy:
            return "v.policy";
        case SessionColumn::Tool:
            return "v.tool";
        case SessionColumn::Steps:
            return "v.steps";
        case SessionColumn::FinalDice:
            return "v.dice";
        case SessionColumn::Outcome:
            return "v.outcome";
        case SessionColumn::Status:
            return "v.status";
        case SessionColumn::Reviewer:
            return "v.reviewer";
        case SessionColumn::Started:
            return "v.started_at";
        case SessionColumn::Finished:
            return "v.finished_at";
    }
    return "v.id";
}

// A WHERE clause with its parameters, bound in order after being built.
struct Where {
    std::string sql = "1";
    std::vector<std::function<void(sql::Statement&, int)>> binds;

    void add(const std::string& clause) { sql += " AND (" + clause + ")"; }
    std::string param(std::function<void(sql::Statement&, int)> bind) {
        binds.push_back(std::move(bind));
        return "?" + std::to_string(binds.size());
    }
    std::string text(const std::string& value) {
        return param([value](sql::Statement& q, int i) { q.bind(i, value); });
    }
    std::string real(double value) {
        return param([value](sql::Statement& q, int i) { q.bind(i, value); });
    }
    std::string integer(std::int64_t value) {
        return param([value](sql::Statement& q, int i) { q.bind(i, value); });
    }
    std::string list(const std::vector<std::string>& values) {
        std::string out;
        for (const auto& v : values) out += (out.empty() ? "" : ", ") + text(v);
        return "(" + out + ")";
    }
    int bindAll(sql::Statement& q) const {
        for (std::size_t n = 0; n < binds.size(); ++n) binds[n](q, static_cast<int>(n + 1));
        return static_cast<int>(binds.size());
    }
};

template <typename T, typename ToText>
std::vector<std::string> texts(const std::vector<T>& values, ToText toText) {
    std::vector<std::string> out;
    for (const auto& v : values) out.push_back(toText(v));
    return out;
}

Where whereOf(const SessionQuery& q) {
    Where w;
    if (!q.text.empty()) {
        w.add(
            "instr(lower(v.image || char(10) || v.label || char(10) || v.target || char(10) || v.annotator "
            "|| "
            "char(10) || v.policy || char(10) || v.tool || char(10) || v.uuid || char(10) || v.reviewer || "
            "char(10) || v.comment), lower(" +
            w.text(q.text) + ")) > 0");
    }
    if (!q.statuses.empty()) {
        w.add("v.status IN " + w.list(texts(q.statuses, [](ReviewStatus s) { return toString(s); })));
    }
    if (!q.labels.empty()) w.add("v.label IN " + w.list(q.labels));
    if (!q.actors.empty()) {
        const std::string list = w.list(q.actors);
        w.add("v.actor IN " + list +
              " OR EXISTS (SELECT 1 FROM steps st WHERE st.session_id = v.id AND st.actor IN " + list + ")");
    }
    if (!q.policies.empty()) w.add("v.policy IN " + w.list(q.policies));
    if (!q.tools.empty()) w.add("v.tool IN " + w.list(q.tools));
    if (!q.outcomes.empty()) {
        w.add("v.outcome IN " + w.list(texts(q.outcomes, [](core::Outcome o) { return core::toString(o); })));
    }
    if (!q.reviewers.empty()) w.add("v.reviewer IN " + w.list(q.reviewers));
    if (q.startedFromMs) w.add("v.started_at >= " + w.integer(*q.startedFromMs));
    if (q.startedToMs) w.add("v.started_at <= " + w.integer(*q.startedToMs));
    if (q.minDice) w.add("v.dice >= " + w.real(*q.minDice));
    if (q.maxDice) w.add("v.dice <= " + w.real(*q.maxDice));
    return w;
}

std::string orderOf(const SessionQuery& q) {
    const char* dir = q.descending ? " DESC" : " ASC";
    return std::string(" ORDER BY ") + sortExpression(q.sortBy) + dir + ", v.id" + dir;
}

template <typename Parse>
auto parsed(Parse parse, const std::string& text, const std::string& path, Id id, const char* column) {
    const auto value = parse(text);
    if (!value) {
        throw StorageError(path + ": session " + std::to_string(id) + ", " + column + ": unknown value '" +
                           text + "' (written by a newer or another build?)");
    }
    return *value;
}

SessionRow readRow(const sql::Statement& q, const std::string& path) {
    SessionRow r;
    r.id = q.int64(0);
    r.uuid = q.text(1);
    r.imageId = q.int64(2);
    r.image = q.text(3);
    r.label = q.text(4);
    r.target = q.text(5);
    r.actor = parsed(core::parseActor, q.text(6), path, r.id, "actor");
    r.actors = q.text(7);
    r.annotator = q.text(8);
    r.policy = q.text(9);
    r.tool = q.text(10);
    r.steps = q.integer(11);
    r.finalDice = q.optReal(12);
    r.outcome = parsed(core::parseOutcome, q.text(13), path, r.id, "outcome");
    r.status = parsed(parseReviewStatus, q.text(14), path, r.id, "review status");
    r.reviewer = q.text(15);
    r.comment = q.text(16);
    r.startedAt = q.int64(17);
    r.finishedAt = q.optInt64(18);
    r.reviewedAt = q.optInt64(19);
    return r;
}

}  // namespace

int SessionCatalog::count(const SessionQuery& query) {
    const Where w = whereOf(query);
    auto q = db_.connection().prepare(std::string(kSessionView) + "SELECT count(*) FROM v WHERE " + w.sql);
    w.bindAll(q);
    return q.step() ? q.integer(0) : 0;
}

std::vector<SessionRow> SessionCatalog::page(const SessionQuery& query, int offset, int limit) {
    Where w = whereOf(query);
    const std::string lim = w.integer(std::max(0, limit));
    const std::string off = w.integer(std::max(0, offset));
    auto q = db_.connection().prepare(std::string(kSessionView) + "SELECT " + kRowColumns + " FROM v WHERE " +
                                      w.sql + orderOf(query) + " LIMIT " + lim + " OFFSET " + off);
    w.bindAll(q);
    std::vector<SessionRow> out;
    while (q.step()) out.push_back(readRow(q, db_.path()));
    return out;
}

std::map<ReviewStatus, int> SessionCatalog::countsByStatus(SessionQuery query) {
    query.statuses.clear();
    const Where w = whereOf(query);
    auto q = db_.connection().prepare(std::string(kSessionView) + "SELECT v.status, count(*) FROM v WHERE " +
                                      w.sql + " GROUP BY v.status");
    w.bindAll(q);
    std::map<ReviewStatus, int> out;
    while (q.step()) {
        out[parsed(parseReviewStatus, q.text(0), db_.path(), 0, "review status")] = q.integer(1);
    }
    return out;
}

std::vector<std::string> SessionCatalog::distinctValues(SessionColumn column) {
    std::string sqlText;
    switch (column) {
        case SessionColumn::Label:
            sqlText = "SELECT name FROM labels ORDER BY name";
            break;
        case SessionColumn::Policy:
            sqlText = "SELECT DISTINCT policy FROM sessions ORDER BY policy";
            break;
        case SessionColumn::Tool:
            sqlText = "SELECT DISTINCT tool FROM sessions ORDER BY tool";
            break;
        case SessionColumn::Reviewer:
            sqlText = "SELECT DISTINCT reviewer FROM reviews WHERE reviewer <> '' ORDER BY reviewer";
            break;
        case SessionColumn::Image:
            sqlText = "SELECT path FROM images ORDER BY path";
            break;
        default:
            throw StorageError("SessionCatalog::distinctValues: column has no list of values");
    }
    auto q = db_.connection().prepare(sqlText);
    std::vector<std::string> out;
    while (q.step()) out.push_back(q.text(0));
    return out;
}

std::optional<int> SessionCatalog::rowOf(const SessionQuery& query, Id sessionId) {
    Where w = whereOf(query);
    const std::string order = orderOf(query).substr(std::string(" ORDER BY ").size());
    const std::string id = w.integer(sessionId);
    auto q = db_.connection().prepare(std::string(kSessionView) +
                                      "SELECT n FROM (SELECT v.id, row_number() OVER (ORDER BY " + order +
                                      ") - 1 AS n FROM v WHERE " + w.sql + ") WHERE id = " + id);
    w.bindAll(q);
    if (!q.step()) return std::nullopt;
    return q.integer(0);
}

}  // namespace medsam::storage
