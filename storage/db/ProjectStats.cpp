#include "storage/db/ProjectStats.h"

#include <algorithm>

#include "storage/db/SessionCatalog.h"
#include "storage/sqlite/Sqlite.h"

namespace medsam::storage {

namespace {

int scalar(sql::Connection& c, const char* query) {
    auto q = c.prepare(query);
    return q.step() ? q.integer(0) : 0;
}

// Per policy, the mean over sessions of the Dice after each step, carrying a finished session's last value.
std::vector<ProjectStats::PolicyCurve> diceByTurn(sql::Connection& c, int maxTurns) {
    auto q = c.prepare(
        "SELECT s.id, s.policy, st.step_index, st.dice FROM steps st JOIN sessions s ON s.id = st.session_id "
        "WHERE st.dice IS NOT NULL ORDER BY s.policy, s.id, st.step_index");
    struct Sums {
        std::vector<double> sum;
        std::vector<int> count;
        int sessions = 0;
    };
    std::map<std::string, Sums> byPolicy;
    std::size_t longest = 0;  // curves end at the longest session's last step
    Id session = -1;
    std::string policy;
    std::vector<double> trace;  // the current session's Dice per step
    auto flush = [&] {
        if (trace.empty()) return;
        longest = std::max(longest, trace.size());
        Sums& s = byPolicy[policy];
        s.sum.resize(static_cast<std::size_t>(maxTurns), 0.0);
        s.count.resize(static_cast<std::size_t>(maxTurns), 0);
        ++s.sessions;
        for (std::size_t k = 0; k < s.sum.size(); ++k) {
            s.sum[k] += trace[std::min(k, trace.size() - 1)];
            ++s.count[k];
        }
        trace.clear();
    };
    while (q.step()) {
        if (q.int64(0) != session) {
            flush();
            session = q.int64(0);
            policy = q.text(1);
        }
        if (q.integer(2) < maxTurns) trace.push_back(q.real(3));
    }
    flush();
    std::vector<ProjectStats::PolicyCurve> out;
    for (const auto& [name, s] : byPolicy) {
        ProjectStats::PolicyCurve curve{name, s.sessions, {}};
        for (std::size_t k = 0; k < std::min(longest, s.sum.size()); ++k)
            curve.values.push_back(s.sum[k] / s.count[k]);
        out.push_back(std::move(curve));
    }
    return out;
}

}  // namespace

ProjectStats projectStats(ProjectDb& db, int maxTurns) {
    sql::Connection& c = db.connection();
    ProjectStats stats;
    stats.images = scalar(c, "SELECT count(*) FROM images");
    stats.labels = scalar(c, "SELECT count(*) FROM labels");
    stats.sessions = scalar(c, "SELECT count(*) FROM sessions");
    stats.byStatus = SessionCatalog(db).countsByStatus({});
    {
        auto q = c.prepare("SELECT actor, count(*) FROM sessions GROUP BY actor ORDER BY actor");
        while (q.step()) stats.byActor[q.text(0)] = q.integer(1);
    }
    {
        // The final Dice of a session: its last step's that has one.
        auto q = c.prepare(
            "SELECT l.name, count(*), avg(d.dice) FROM (SELECT s.task_id, (SELECT st.dice FROM steps st "
            "WHERE "
            "st.session_id = s.id AND st.dice IS NOT NULL ORDER BY st.step_index DESC LIMIT 1) AS dice FROM "
            "sessions s) d JOIN tasks t ON t.id = d.task_id JOIN labels l ON l.id = t.label_id WHERE d.dice "
            "IS "
            "NOT NULL GROUP BY l.name ORDER BY l.name");
        while (q.step()) stats.dicePerLabel.push_back({q.text(0), q.integer(1), q.real(2)});
    }
    if (maxTurns > 0) stats.diceByTurn = diceByTurn(c, maxTurns);
    return stats;
}

}  // namespace medsam::storage
