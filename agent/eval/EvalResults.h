#pragma once

#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "core/trajectory/Trajectory.h"

namespace medsam::agent {

// One evaluated case. Metrics are of the final mask against the reference; NaN when the case failed before a
// mask existed (error non-empty) and +inf for distances to an empty mask (docs/metrics.md).
struct CaseResult {
    int row = 0;  // manifest row (1-based): the case id, stable across shards
    std::string image, label, labelValues, target, axis;
    int slice = -1;
    double dice = 0, iou = 0, nsd = 0, hd95 = 0;
    int turns = 0;                   // prompt actions taken
    std::string outcome;             // core::toString(Outcome), or "failed" when the case could not run
    double reward = 0;               // the episode's reward R
    double ms = 0;                   // wall time of the episode (decisions + tool calls)
    std::vector<double> diceAtTurn;  // after prompt 1..maxTurns, the last mask carried forward after the end
    std::vector<double> iouAtTurn;
    std::string error;  // why the case failed or ended in an error step

    // Failed (could not run) and skipped (empty reference) cases carry no metrics.
    bool failed() const { return outcome == "failed" || outcome == "skipped"; }
};

struct EvalSummaryOptions {
    int maxTurns = 5;
    std::string policy, tool;
};

// The aggregate written to summary.json. Keys: cases, failed_cases, mean_dice, median_dice, mean_iou,
// mean_nsd, mean_hd95 (finite values only), mean_turns, mean_reward, mean_ms, dice_at_turn, iou_at_turn,
// noc85, noc90 (IoU thresholds, capped at max_turns), noc85_failures, noc90_failures, format_error_rate,
// error_rate, per_target {target: {cases, mean_dice, mean_iou, mean_turns}}, policy, tool, max_turns. Failed
// cases count in `failed_cases` and the error rate only.
nlohmann::json summarize(const std::vector<CaseResult>& cases, const EvalSummaryOptions& options);

// Clicks to reach `threshold` IoU (1-based), or maxTurns when never reached (the RITM convention).
int clicksToReach(const std::vector<double>& iouAtTurn, double threshold, int maxTurns);

// cases.csv: one row per case, header first; lists joined by '|'.
std::string casesCsv(const std::vector<CaseResult>& cases);
std::vector<CaseResult> parseCasesCsv(const std::string& text, const std::string& sourceName);

// Writes cases.csv and summary.json into `dir` (created). Throws std::runtime_error naming the file.
void writeEvalOutputs(const std::string& dir, const std::vector<CaseResult>& cases,
                      const nlohmann::json& summary);
// Joins the cases.csv of several shard folders (duplicate rows are an error) and sorts them by row.
std::vector<CaseResult> readShardCases(const std::vector<std::string>& dirs);
// The summary.json that the shards share: each must exist and name the same policy, tool and max_turns (a
// merge of shards of different policies was labelled with the first one's). `out` must not be one of the
// shard folders (it would overwrite that shard). Throws std::invalid_argument naming the folders.
nlohmann::json readShardSummary(const std::vector<std::string>& dirs, const std::string& out);

// One finished trajectory as a JSON object (a line of `eval --trajectories`' trajectories.jsonl): row, image,
// target, policy, tool, outcome, final_reward, and per step: actor, action (kind and slice pixels), call (the
// published tool-call text on the 0..999 grid of the slice, as core/protocol writes it; absent for error
// steps), raw_text, repairs, dice, iou, error. What the published inference records per round (the call,
// the model's output, IoU/Dice), so trajectories can be compared with its runs.
nlohmann::json trajectoryJson(int row, const core::Trajectory& trajectory);

// A readable table: one line per target plus the overall line, and Dice after each turn.
std::string formatSummaryTable(const nlohmann::json& summary);

}  // namespace medsam::agent
