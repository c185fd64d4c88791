// `medsam-agent db ...`: the project database from the command line. Parses, calls storage, prints.
#include <cstdio>
#include <ctime>
#include <memory>
#include <string>
#include <vector>

#include "app/cli/Commands.h"
#include "core/trajectory/Action.h"
#include "storage/db/Import.h"
#include "storage/db/Merge.h"
#include "storage/db/ProjectDb.h"
#include "storage/export/Exporter.h"

namespace medsam::cli {
namespace {

using namespace medsam::storage;

struct DbOptions {
    std::string project;
    std::vector<std::string> paths;
    // labels
    std::string labelName, labelColor = "#ff0000", labelDescription;
    int labelValue = 0;
    // sessions / export filters
    std::vector<std::string> statuses, labels, annotators, policies;
    std::string from, to;
    // show / review
    long long session = 0;
    std::string status, comment, reviewer;
    // merge / export
    std::string other, outDir;
    std::vector<std::string> formats{"sft", "rl", "masks"};
    bool durable = false;
    bool includeUnfinished = false;
    bool deidentify = false, retainUids = false;
};

std::string isoTime(std::int64_t ms) {
    const std::time_t t = static_cast<std::time_t>(ms / 1000);
    char buf[32];
    std::strftime(buf, sizeof buf, "%Y-%m-%d %H:%M:%S", std::gmtime(&t));
    return buf;
}

// "2026-11-25" or "2026-11-25T14:00:00" (UTC) -> epoch ms.
std::int64_t parseDate(const std::string& text, bool endOfDay) {
    std::tm tm{};
    int y = 0, mo = 0, d = 0, h = 0, mi = 0, s = 0;
    const int n = std::sscanf(text.c_str(), "%d-%d-%dT%d:%d:%d", &y, &mo, &d, &h, &mi, &s);
    if (n != 3 && n != 6)
        throw std::runtime_error("bad date '" + text + "': use YYYY-MM-DD or YYYY-MM-DDTHH:MM:SS");
    if (n == 3 && endOfDay) h = 23, mi = 59, s = 59;
    tm.tm_year = y - 1900;
    tm.tm_mon = mo - 1;
    tm.tm_mday = d;
    tm.tm_hour = h;
    tm.tm_min = mi;
    tm.tm_sec = s;
    return static_cast<std::int64_t>(timegm(&tm)) * 1000 + (n == 3 && endOfDay ? 999 : 0);
}

SessionFilter makeFilter(const DbOptions& o) {
    SessionFilter f;
    for (const auto& s : o.statuses) {
        const auto status = parseReviewStatus(s);
        if (!status) throw std::runtime_error("unknown review status '" + s + "'");
        f.statuses.push_back(*status);
    }
    f.labels = o.labels;
    f.annotators = o.annotators;
    f.policies = o.policies;
    if (!o.from.empty()) f.startedFromMs = parseDate(o.from, false);
    if (!o.to.empty()) f.startedToMs = parseDate(o.to, true);
    return f;
}

ProjectDb open(const DbOptions& o, bool readOnly = false) {
    OpenOptions opts;
    opts.readOnly = readOnly;
    opts.durability = o.durable ? Durability::Full : Durability::ProcessCrash;
    return ProjectDb(o.project, opts);
}

void printProgress(std::size_t done, std::size_t total, const std::string& what) {
    std::fprintf(stderr, "\r[%zu/%zu] %-60.60s", done, total, what.c_str());
    if (done == total) std::fprintf(stderr, "\n");
}

int runInit(const DbOptions& o) {
    ProjectDb db = ProjectDb::create(o.project);
    std::printf("created %s (project %s, schema %d)\n", o.project.c_str(), db.projectUuid().c_str(),
                db.schemaVersion());
    return 0;
}

int runAddImages(const DbOptions& o) {
    ProjectDb db = open(o);
    Progress p;
    p.report = printProgress;
    for (const auto& r : importImages(db, o.paths, p)) {
        std::printf("%s image %lld: %s %s%s\n", r.added ? "added" : "known", static_cast<long long>(r.id),
                    r.path.c_str(), r.describe.c_str(),
                    r.seriesUid.empty() ? "" : (" series " + r.seriesUid).c_str());
    }
    return 0;
}

int runLabels(const DbOptions& o) {
    ProjectDb db = open(o, o.labelName.empty());
    if (!o.labelName.empty()) {
        core::LabelInfo info;
        info.name = o.labelName;
        int value = o.labelValue;
        if (value == 0) {
            value = 1;
            for (const auto& l : db.labels()) value = std::max(value, l.info.value + 1);
        }
        if (value < 1 || value > 65535) throw std::runtime_error("--value must be in 1..65535");
        info.value = static_cast<std::uint16_t>(value);
        unsigned r = 0, g = 0, b = 0;
        if (o.labelColor.size() != 7 || std::sscanf(o.labelColor.c_str(), "#%2x%2x%2x", &r, &g, &b) != 3) {
            throw std::runtime_error("--color must be #rrggbb, got '" + o.labelColor + "'");
        }
        info.color = {std::uint8_t(r), std::uint8_t(g), std::uint8_t(b)};
        info.description = o.labelDescription;
        db.addLabel(info);
    }
    std::printf("%-6s %-20s %-8s %s\n", "value", "name", "color", "description");
    for (const auto& l : db.labels()) {
        std::printf("%-6d %-20s #%02x%02x%02x  %s\n", l.info.value, l.info.name.c_str(), l.info.color[0],
                    l.info.color[1], l.info.color[2], l.info.description.c_str());
    }
    return 0;
}

int runSessions(const DbOptions& o) {
    ProjectDb db = open(o, true);
    std::printf("%-5s %-12s %-10s %-14s %-12s %-12s %5s %-19s\n", "id", "status", "outcome", "label",
                "annotator", "policy", "steps", "started (UTC)");
    for (const auto& s : db.sessions(makeFilter(o))) {
        const auto t = db.task(s.taskId);
        const auto l = db.label(t->labelId);
        std::printf("%-5lld %-12s %-10s %-14s %-12s %-12s %5d %-19s\n", static_cast<long long>(s.id),
                    toString(s.status).c_str(), core::toString(s.outcome).c_str(), l->info.name.c_str(),
                    s.actor.annotator.c_str(), s.actor.policy.c_str(), s.stepCount,
                    isoTime(s.startedAt).c_str());
    }
    return 0;
}

int runShow(const DbOptions& o) {
    ProjectDb db = open(o, true);
    const auto s = db.session(o.session);
    if (!s) throw std::runtime_error("no session " + std::to_string(o.session) + " in " + o.project);
    const auto t = db.task(s->taskId);
    const auto img = db.image(t->imageId);
    const auto l = db.label(t->labelId);
    std::printf("session %lld (%s)\n", static_cast<long long>(s->id), s->uuid.c_str());
    std::printf("  image:   %s (%s)\n", img->storedPath.c_str(), img->geometry.describe().c_str());
    std::printf("  task:    %s on %s, target \"%s\"\n", l->info.name.c_str(),
                t->slice ? t->slice->toString().c_str() : "the whole volume", t->target.c_str());
    std::printf("  actor:   %s %s policy=%s %s tool=%s %s\n", core::toString(s->actor.actor).c_str(),
                s->actor.annotator.c_str(), s->actor.policy.c_str(), s->actor.policyVersion.c_str(),
                s->actor.tool.c_str(), s->actor.toolVersion.c_str());
    std::printf("  started: %s  outcome: %s  reward: %s\n", isoTime(s->startedAt).c_str(),
                core::toString(s->outcome).c_str(),
                s->finalReward ? std::to_string(*s->finalReward).c_str() : "-");
    std::printf("  %-4s %-7s %-28s %-7s %-7s %-9s %s\n", "step", "actor", "action", "dice", "iou", "ms",
                "error");
    for (const auto& st : db.steps(s->id)) {
        std::printf(
            "  %-4d %-7s %-28s %-7s %-7s %-9.1f %s\n", st.index, core::toString(st.actor).c_str(),
            core::describe(st.action).c_str(), st.dice ? std::to_string(*st.dice).substr(0, 5).c_str() : "-",
            st.iou ? std::to_string(*st.iou).substr(0, 5).c_str() : "-", st.latencyMs, st.error.c_str());
    }
    for (const auto& r : db.reviews(s->id)) {
        std::printf("  review %s: %s by %s \"%s\"\n", isoTime(r.createdAt).c_str(),
                    toString(r.status).c_str(), r.reviewer.c_str(), r.comment.c_str());
    }
    return 0;
}

int runReview(const DbOptions& o) {
    const auto status = parseReviewStatus(o.status);
    if (!status) {
        throw std::runtime_error("unknown --status '" + o.status +
                                 "' (not_started, in_progress, completed, flagged, approved, rejected)");
    }
    OpenOptions opts;
    opts.who = o.reviewer;
    ProjectDb db(o.project, opts);
    const char* user = std::getenv("USER");
    db.addReview(o.session, *status, o.reviewer.empty() ? (user ? user : "unknown") : o.reviewer, o.comment);
    std::printf("session %lld: %s\n", o.session, o.status.c_str());
    return 0;
}

int runMerge(const DbOptions& o) {
    ProjectDb db = open(o);
    Progress p;
    p.report = printProgress;
    std::printf("%s\n", mergeProject(db, o.other, p).summary().c_str());
    return 0;
}

int runExport(const DbOptions& o) {
    // Writable: the export records itself in the audit log and may draw the project's pseudonym secret.
    ProjectDb db = open(o);
    ExportOptions e;
    e.outDir = o.outDir;
    e.filter = makeFilter(o);
    e.includeUnfinished = o.includeUnfinished;
    e.deidentify = o.deidentify;
    e.retainUids = o.retainUids;
    e.sft = e.rl = e.masks = false;
    for (const auto& f : o.formats) {
        if (f == "sft")
            e.sft = true;
        else if (f == "rl")
            e.rl = true;
        else if (f == "masks")
            e.masks = true;
        else
            throw std::runtime_error("unknown --format '" + f + "' (sft, rl, masks)");
    }
    e.progress.report = printProgress;
    const ExportReport r = exportProject(db, e);
    std::printf(
        "exported %d sessions: %d SFT conversations, %d RL tasks, %d label maps, %d DICOM SEG; %d skipped\n",
        r.sessions, r.sftRecords, r.rlRecords, r.labelMaps, r.dicomSegs, r.skipped);
    std::printf("manifest: %s\n", r.manifestPath.c_str());
    return 0;
}

void addFilters(CLI::App* sub, DbOptions& o) {
    sub->add_option("--status", o.statuses,
                    "Review status(es): not_started in_progress completed flagged approved rejected");
    sub->add_option("--label", o.labels, "Label name(s)");
    sub->add_option("--annotator", o.annotators, "Annotator name(s)");
    sub->add_option("--policy", o.policies, "Policy name(s)");
    sub->add_option("--from", o.from, "Sessions started on/after this UTC date (YYYY-MM-DD[THH:MM:SS])");
    sub->add_option("--to", o.to, "Sessions started on/before this UTC date");
}

}  // namespace

RegisteredCommand registerDbCommand(CLI::App& app) {
    auto o = std::make_shared<DbOptions>();
    CLI::App* db =
        app.add_subcommand("db", "The project database: images, labels, sessions, review, merge, export");
    db->require_subcommand(1);
    std::vector<std::pair<CLI::App*, std::function<int()>>> subs;
    auto project = [&](CLI::App* sub) {
        sub->add_option("project", o->project, "Project database file (PROJECT.db)")->required();
    };

    auto* init = db->add_subcommand("init", "Create a new project database");
    project(init);
    subs.emplace_back(init, [o] { return runInit(*o); });

    auto* add = db->add_subcommand("add-images",
                                   "Add image files and DICOM files/folders (de-duplicated by content)");
    project(add);
    add->add_option("paths", o->paths, "Image files, DICOM files or DICOM folders")->required();
    add->add_flag("--durable", o->durable, "fsync every commit (survives power loss, slower)");
    subs.emplace_back(add, [o] { return runAddImages(*o); });

    auto* labels = db->add_subcommand("labels", "List labels, or add one with --add");
    project(labels);
    labels->add_option("--add", o->labelName, "Name of a label to add");
    labels->add_option("--value", o->labelValue, "Label value 1..65535 (default: next free)");
    labels->add_option("--color", o->labelColor, "Colour #rrggbb");
    labels->add_option("--description", o->labelDescription, "Target text the agent receives");
    subs.emplace_back(labels, [o] { return runLabels(*o); });

    auto* sessions = db->add_subcommand("sessions", "List sessions (filterable)");
    project(sessions);
    addFilters(sessions, *o);
    subs.emplace_back(sessions, [o] { return runSessions(*o); });

    auto* show = db->add_subcommand("show", "Show a session: task, actor, every step, reviews");
    project(show);
    show->add_option("session", o->session, "Session id")->required();
    subs.emplace_back(show, [o] { return runShow(*o); });

    auto* review = db->add_subcommand("review", "Record a review of a session");
    project(review);
    review->add_option("session", o->session, "Session id")->required();
    review->add_option("--status", o->status, "not_started in_progress completed flagged approved rejected")
        ->required();
    review->add_option("--comment", o->comment, "Reviewer's comment");
    review->add_option("--reviewer", o->reviewer, "Reviewer's name (default: $USER)");
    subs.emplace_back(review, [o] { return runReview(*o); });

    auto* merge = db->add_subcommand("merge", "Join another project into this one (no duplicates)");
    project(merge);
    merge->add_option("other", o->other, "The other project file (opened read-only)")->required();
    subs.emplace_back(merge, [o] { return runMerge(*o); });

    auto* exp = db->add_subcommand("export",
                                   "Export curated sessions (default: approved) as training data and masks");
    project(exp);
    exp->add_option("--out", o->outDir, "Output folder")->required();
    exp->add_option("--format", o->formats, "sft, rl, masks (default: all)");
    exp->add_flag("--include-unfinished", o->includeUnfinished,
                  "Also export sessions left running or interrupted (a killed process)");
    auto* deid = exp->add_flag("--deidentify", o->deidentify,
                               "De-identify the DICOM SEG files (DICOM PS3.15 Basic Application Level "
                               "Confidentiality Profile: patient, study dates, people, institution removed, "
                               "UIDs replaced) and leave source paths out of the manifest");
    exp->add_flag("--retain-uids", o->retainUids,
                  "With --deidentify: keep the study, series, instance and frame-of-reference UIDs (PS3.15 "
                  "Retain UIDs Option), so the SEG can go back beside its source study")
        ->needs(deid);
    addFilters(exp, *o);
    subs.emplace_back(exp, [o] { return runExport(*o); });

    return {db, [subs] {
                for (const auto& [sub, run] : subs) {
                    if (sub->parsed()) return run();
                }
                return 2;
            }};
}

}  // namespace medsam::cli
