#pragma once

#include <vector>

#include "core/trajectory/Trajectory.h"

namespace medsam::agent {

// The published "clinical-fidelity" process-aware reward of MedSAM-Agent (verified in its public RL code):
//   R = wF * F + wQ * Q
//   F = 1 if there is at least one prompt action and the last call is stop, 0.5 if only one holds, else 0
//   Q = clip(0.5 IoU_T + 0.5 Dice_T - [(max_t IoU_t - IoU_T) + 0.01 T  (only when T > 1)]
//            + 0.1 * sum_{t>=2} max(0, IoU_t - IoU_{t-1}), 0, 1)
// where m_1..m_T are the masks of the T prompt actions (stop adds none). Every constant is configurable so an
// ablation is a config change, not a code change; the defaults are the paper's.
struct RewardConfig {
    double formatWeight = 0.2;
    double qualityWeight = 0.8;
    double formatBoth = 1.0;  // F when both conditions hold
    double formatOne = 0.5;   // F when exactly one holds
    double iouWeight = 0.5;   // in base = iouWeight * IoU_T + diceWeight * Dice_T
    double diceWeight = 0.5;
    double regressionWeight = 1.0;  // multiplies (max_t IoU_t - IoU_T)
    double turnCost = 0.01;         // per prompt turn
    int penaltyMinTurns = 2;        // the penalty applies when T >= this (the paper: T > 1)
    double improvementBonus = 0.1;  // multiplies each positive IoU gain from the second prompt on
    double clipLow = 0.0;
    double clipHigh = 1.0;
};

struct RewardBreakdown {
    int promptTurns = 0;  // T
    double format = 0.0;  // F
    double base = 0.0;
    double regression = 0.0;   // max_t IoU_t - IoU_T (before its weight), 0 when the penalty does not apply
    double turnPenalty = 0.0;  // turnCost * T, 0 when the penalty does not apply
    double bonus = 0.0;        // already weighted
    double quality = 0.0;      // Q, clipped
    double total = 0.0;        // R
};

double formatScore(bool anyPrompt, bool lastCallIsStop, const RewardConfig& config = {});

// From the per-prompt IoU/Dice sequences (index 0 = the first prompt's mask) and whether the last call was a
// valid stop.
RewardBreakdown computeReward(const std::vector<double>& iou, const std::vector<double>& dice,
                              bool lastCallIsStop, const RewardConfig& config = {});

// From a recorded trajectory: prompt steps contribute their iou/dice (they must have them: a reference was
// given); the last call is a stop when the last step is a Stop without an error. Throws std::invalid_argument
// when a prompt step lacks iou/dice.
RewardBreakdown computeReward(const core::Trajectory& trajectory, const RewardConfig& config = {});

// Per-step terms for the prompt action that produced IoU `iou`/Dice `dice`, given the previous prompt's IoU
// (`previousIou` empty for the first prompt). stepCost is the per-turn cost this step would add if the
// trajectory ends with T >= penaltyMinTurns.
core::RewardTerms stepTerms(double iou, double dice, const double* previousIou,
                            const RewardConfig& config = {});

}  // namespace medsam::agent
