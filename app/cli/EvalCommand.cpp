#include <QGuiApplication>
#include <algorithm>
#include <cctype>
#include <clocale>
#include <cmath>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <map>
#include <memory>
#include <optional>
#include <sstream>
#include <string>
#include <thread>

#include "agent/eval/Csv.h"
#include "agent/eval/Evaluate3d.h"
#include "agent/eval/Evaluator.h"
#include "app/cli/AgentOptions.h"
#include "app/cli/Commands.h"
#include "core/io/VolumeIo.h"
#include "storage/db/SessionRecorder.h"
#include "ui/render/DiceCurvePlot.h"

namespace medsam::cli {
namespace {

using ui::DiceCurve;
using ui::writeDiceCurvePlot;

struct EvalOptions {
    std::string manifest, policies = "expert", out = "eval-out", shard, db;
    std::vector<std::string> merge;
    agent::AgentSpec spec;
    int maxTurns = 5;
    unsigned seed = 0;
    int jobs = 1;
    double boxJitter = 0.05;
    bool quiet = false;
    bool propagate = false;
    bool trajectories = false;
};

std::vector<std::string> splitComma(const std::string& text) {
    std::vector<std::string> out;
    std::stringstream in(text);
    std::string item;
    while (std::getline(in, item, ',')) {
        if (!item.empty()) out.push_back(item);
    }
    return out;
}

// The results folder of a policy under --out: its name, or for learned@FILE "learned-" and the file's folder
// and stem (a path must not become nested folders).
std::string folderFor(const std::string& policy) {
    const std::string prefix = "learned@";
    if (policy.rfind(prefix, 0) != 0) return policy;
    const std::filesystem::path file = policy.substr(prefix.size());
    std::string name = "learned-" + file.parent_path().filename().string() + "-" + file.stem().string();
    for (char& c : name)
        if (!std::isalnum(static_cast<unsigned char>(c)) && c != '-' && c != '_' && c != '.') c = '_';
    return name;
}

DiceCurve curveOf(const nlohmann::json& summary, const std::string& label) {
    DiceCurve c;
    c.label = label;
    for (const auto& v : summary["dice_at_turn"]) c.values.push_back(v.is_null() ? NAN : v.get<double>());
    return c;
}

int runMerge(const EvalOptions& o) {
    // The shards' summaries must agree on policy, tool and turns; --out must not be one of them.
    const nlohmann::json head = agent::readShardSummary(o.merge, o.out);
    const auto cases = agent::readShardCases(o.merge);
    agent::EvalSummaryOptions so;
    so.maxTurns = head.value("max_turns", o.maxTurns);
    so.policy = head.value("policy", std::string());
    so.tool = head.value("tool", std::string());
    const auto summary = agent::summarize(cases, so);
    agent::writeEvalOutputs(o.out, cases, summary);
    writeDiceCurvePlot((std::filesystem::path(o.out) / "dice_vs_turn.png").string(),
                       {curveOf(summary, so.policy)}, "mean Dice after each turn");
    std::printf("merged %zu cases from %zu shards into %s\n%s", cases.size(), o.merge.size(), o.out.c_str(),
                agent::formatSummaryTable(summary).c_str());
    return 0;
}

// --propagate: the 3D mode. Each case's structure is segmented on its start slice by the policy (from the
// reference's box), propagated through the volume, and measured in 3D; results in OUT/cases3d.csv.
int runPropagation(const EvalOptions& o, const std::vector<agent::ManifestCase>& cases,
                   const std::vector<std::string>& policies) {
    std::filesystem::create_directories(o.out);
    const std::string csvPath = (std::filesystem::path(o.out) / "cases3d.csv").string();
    std::ofstream csv(csvPath);
    if (!csv) throw std::runtime_error(csvPath + ": cannot write");
    csv << "policy,row,image,target,axis,start_slice,slices,dice3d,nsd3d_2mm,hd95_mm,seconds,stop_up,stop_"
           "down\n";
    std::printf("%-22s %-5s %-28s %7s %8s %8s %8s %8s\n", "policy", "row", "target", "slices", "Dice3D",
                "NSD2mm", "HD95", "seconds");
    int failures = 0;
    for (const auto& policy : policies) {
        agent::AgentSpec spec = o.spec;
        spec.policy = policy;
        spec.expert.seed = o.seed;
        agent::PropagationConfig config;
        config.env.maxTurns = o.maxTurns;
        config.env.multimask = agent::multimaskFor(spec);
        double diceSum = 0.0;
        int done = 0;
        for (const auto& c : cases) {
            try {
                const auto r = agent::evaluatePropagation(c, spec, config);
                csv << r.policy << ',' << r.row << ',' << agent::csvEscape(r.image) << ','
                    << agent::csvEscape(r.target) << ',' << r.axis << ',' << r.startSlice << ',' << r.slices
                    << ',' << r.dice << ',' << r.nsd << ',' << r.hd95 << ',' << r.seconds << ','
                    << agent::csvEscape(r.stopUp) << ',' << agent::csvEscape(r.stopDown) << '\n';
                std::printf("%-22s %-5d %-28s %7d %8.4f %8.4f %8.2f %8.1f\n", r.policy.c_str(), r.row,
                            r.target.substr(0, 28).c_str(), r.slices, r.dice, r.nsd, r.hd95, r.seconds);
                diceSum += r.dice;
                ++done;
            } catch (const std::exception& e) {
                std::fprintf(stderr, "case %d (%s): %s\n", c.row, c.image.c_str(), e.what());
                ++failures;
            }
        }
        if (done > 0)
            std::printf("%-22s mean 3D Dice %.4f over %d case(s)\n", policy.c_str(), diceSum / done, done);
    }
    csv.flush();
    if (!csv) throw std::runtime_error(csvPath + ": writing failed");
    std::printf("per-case results in %s\n", csvPath.c_str());
    return failures == 0 ? 0 : 1;
}

int run(const EvalOptions& o) {
    if (!qEnvironmentVariableIsSet("QT_QPA_PLATFORM")) qputenv("QT_QPA_PLATFORM", "offscreen");
    int argc = 1;
    char name[] = "medsam-agent";
    char* argv[] = {name, nullptr};
    QGuiApplication qtApp(argc, argv);  // offscreen: the plot's fonts, and the mllm policy's network client
    std::setlocale(LC_NUMERIC, "C");    // after Qt took the environment's locale: numbers in C notation

    if (!o.merge.empty()) return runMerge(o);
    if (o.manifest.empty())
        throw std::invalid_argument("give --manifest FILE.csv (or --merge DIR... to join shards)");
    auto cases = agent::readManifest(o.manifest);
    std::string shardNote;
    if (!o.shard.empty()) {
        const auto [index, count] = agent::parseShard(o.shard);
        cases = agent::shardCases(cases, index, count);
        shardNote = " (shard " + o.shard + ")";
    }
    const auto policies = splitComma(o.policies);
    if (policies.empty()) throw std::invalid_argument("--policy: give at least one policy name");
    for (const auto& policy : policies) {
        agent::AgentSpec spec = o.spec;
        spec.policy = policy;
        agent::validateSpec(spec);
    }
    if (o.propagate) return runPropagation(o, cases, policies);
    // --db: every finished trajectory becomes a session (all its steps, its final mask) in the project.
    std::optional<storage::SessionRecorder> recorder;
    if (!o.db.empty()) recorder.emplace(o.db);
    std::string lastImage;
    core::Volume lastVolume;  // cases of one manifest mostly share images: read each once in a row
    std::vector<DiceCurve> curves;
    std::vector<std::string> everyCaseFailed;  // policies for which no case could be evaluated
    for (const auto& policy : policies) {
        agent::EvalConfig config;
        config.agent = o.spec;
        config.agent.policy = policy;
        config.agent.expert.seed = o.seed;
        config.env.maxTurns = o.maxTurns;
        config.env.multimask = agent::multimaskFor(config.agent);
        config.loading.seed = o.seed;
        config.loading.initialBoxJitter = {o.boxJitter, 0.0};
        config.jobs = o.jobs;
        // libtorch's threads are process-wide: the first torch-backed tool or policy sets them (inside the
        // plugin), the cores shared among the jobs.
        config.agent.torchThreads =
            std::max(1, static_cast<int>(std::thread::hardware_concurrency()) / std::max(1, o.jobs));
        // --trajectories: every trajectory as a JSON line, written sorted by manifest row after the run.
        std::map<int, std::string> trajectoryLines;
        if (recorder || o.trajectories) {
            config.onTrajectory = [&](const agent::ManifestCase& c, const core::Trajectory& t) {
                if (o.trajectories) trajectoryLines[c.row] = agent::trajectoryJson(c.row, t).dump();
                if (!recorder) return;
                if (c.image != lastImage) {
                    lastVolume = core::readVolume(c.image);
                    lastImage = c.image;
                }
                storage::ActorInfo actor;
                // The steps were recorded with agent::actorFor(policy); eval has no person steps.
                actor.actor = t.steps.empty() ? core::Actor::Agent : t.steps.front().actor;
                actor.policy = t.policy;
                actor.tool = t.tool;
                const storage::Id session = recorder->beginSession(t.task, lastVolume, actor);
                for (const auto& step : t.steps) recorder->appendStep(session, step);
                recorder->finishSession(session, t.outcome, t.finalMask, t.finalReward);
            };
        }
        std::printf("evaluating %s with the %s tool on %zu cases%s, %d job(s)\n", policy.c_str(),
                    config.agent.tool.c_str(), cases.size(), shardNote.c_str(), config.jobs);
        std::fflush(stdout);
        const auto results =
            agent::evaluate(cases, config, [&](const agent::CaseResult& r, int done, int total) {
                if (o.quiet) return;
                if (r.failed()) {
                    std::printf("[%d/%d] row %d %s: %s\n", done, total, r.row, r.outcome.c_str(),
                                r.error.c_str());
                } else {
                    std::printf("[%d/%d] row %d %-20.20s Dice %.4f IoU %.4f turns %d %s %.0f ms\n", done,
                                total, r.row, r.target.c_str(), r.dice, r.iou, r.turns, r.outcome.c_str(),
                                r.ms);
                }
                std::fflush(stdout);
            });
        agent::EvalSummaryOptions so;
        so.maxTurns = o.maxTurns;
        so.policy = policy;
        so.tool = config.agent.tool;
        const auto summary = agent::summarize(results, so);
        const std::string dir =
            policies.size() == 1 ? o.out : (std::filesystem::path(o.out) / folderFor(policy)).string();
        agent::writeEvalOutputs(dir, results, summary);
        if (o.trajectories) {
            const std::string path = (std::filesystem::path(dir) / "trajectories.jsonl").string();
            std::ofstream out(path, std::ios::binary);
            for (const auto& [row, line] : trajectoryLines) out << line << '\n';
            out.flush();
            if (!out) throw std::runtime_error(path + ": cannot write");
        }
        std::printf("%s\n", agent::formatSummaryTable(summary).c_str());
        if (!results.empty() && std::all_of(results.begin(), results.end(),
                                            [](const agent::CaseResult& r) { return r.failed(); })) {
            everyCaseFailed.push_back(policy);
        }
        curves.push_back(curveOf(summary, policy));
    }
    std::filesystem::create_directories(o.out);
    const auto plot = (std::filesystem::path(o.out) / "dice_vs_turn.png").string();
    writeDiceCurvePlot(plot, curves, "mean Dice after each turn (" + o.spec.tool + " tool)");
    std::printf("results in %s (cases.csv, summary.json, dice_vs_turn.png)\n", o.out.c_str());
    // A run in which nothing could be evaluated is a failure, whatever was written.
    for (const auto& policy : everyCaseFailed) {
        std::fprintf(stderr, "medsam-agent eval: error: every case failed with policy %s (see cases.csv)\n",
                     policy.c_str());
    }
    return everyCaseFailed.empty() ? 0 : 1;
}

}  // namespace

RegisteredCommand registerEvalCommand(CLI::App& app) {
    auto o = std::make_shared<EvalOptions>();
    CLI::App* sub = app.add_subcommand(
        "eval",
        "Evaluate policies on a manifest of labelled images: cases.csv, summary.json, a Dice-per-turn plot");
    sub->add_option(
        "--manifest", o->manifest,
        "CSV with header image,label,label_value,target,axis,slice (paths relative to its folder)");
    sub->add_option("--out", o->out, "Output folder (one sub-folder per policy when several)")
        ->capture_default_str();
    sub->add_option("--shard", o->shard, "I/N: evaluate only cases I, I+N, I+2N... (job arrays); 0 <= I < N");
    sub->add_option("--db", o->db, "Record every trajectory in this project database (see `db init`)");
    sub->add_option("--jobs", o->jobs, "Worker threads, each with its own tool and policy")
        ->capture_default_str()
        ->check(CLI::Range(1, 256));
    sub->add_option("--merge", o->merge, "Join the cases.csv of these shard output folders into --out")
        ->expected(1, -1);
    sub->add_option("--box-jitter", o->boxJitter, "Baselines' box: edge jitter as a fraction of the box side")
        ->capture_default_str();
    sub->add_flag("--quiet", o->quiet, "Print the summary only");
    sub->add_flag("--trajectories", o->trajectories,
                  "Also write trajectories.jsonl: every case's steps (action, published call text, the "
                  "model's reply, parser repairs, Dice/IoU), sorted by manifest row");
    sub->add_flag("--propagate", o->propagate,
                  "3D mode: segment each case's start slice, propagate through the volume, measure in 3D "
                  "(OUT/cases3d.csv)");
    addAgentOptions(sub, o->spec, o->maxTurns, o->seed);
    // --policy takes a comma-separated list here: each policy runs on the same cases and joins the plot.
    sub->remove_option(sub->get_option("--policy"));
    sub->add_option("--policy", o->policies, "Comma-separated policies: expert, box, box-clicks, mllm, torch")
        ->capture_default_str();
    return {sub, [o] { return run(*o); }};
}

}  // namespace medsam::cli
