#include "agent/env/Reward.h"

#include <algorithm>
#include <stdexcept>
#include <string>

namespace medsam::agent {

double formatScore(bool anyPrompt, bool lastCallIsStop, const RewardConfig& config) {
    if (anyPrompt && lastCallIsStop) return config.formatBoth;
    if (anyPrompt || lastCallIsStop) return config.formatOne;
    return 0.0;
}

RewardBreakdown computeReward(const std::vector<double>& iou, const std::vector<double>& dice,
                              bool lastCallIsStop, const RewardConfig& config) {
    if (iou.size() != dice.size()) {
        throw std::invalid_argument("computeReward: " + std::to_string(iou.size()) + " IoU values but " +
                                    std::to_string(dice.size()) + " Dice values");
    }
    RewardBreakdown r;
    r.promptTurns = static_cast<int>(iou.size());
    r.format = formatScore(r.promptTurns > 0, lastCallIsStop, config);
    if (r.promptTurns > 0) {
        const double iouT = iou.back();
        r.base = config.iouWeight * iouT + config.diceWeight * dice.back();
        if (r.promptTurns >= config.penaltyMinTurns) {
            r.regression = *std::max_element(iou.begin(), iou.end()) - iouT;
            r.turnPenalty = config.turnCost * r.promptTurns;
        }
        for (std::size_t t = 1; t < iou.size(); ++t) {
            r.bonus += config.improvementBonus * std::max(0.0, iou[t] - iou[t - 1]);
        }
    }
    // With no prompt there is no mask: Q is 0 (clipped), whatever the clip range.
    const double raw =
        r.promptTurns > 0 ? r.base - config.regressionWeight * r.regression - r.turnPenalty + r.bonus : 0.0;
    r.quality = std::clamp(raw, config.clipLow, config.clipHigh);
    r.total = config.formatWeight * r.format + config.qualityWeight * r.quality;
    return r;
}

RewardBreakdown computeReward(const core::Trajectory& trajectory, const RewardConfig& config) {
    std::vector<double> iou, dice;
    for (const auto& step : trajectory.steps) {
        if (!step.error.empty() || !step.action.isPrompt()) continue;
        if (!step.iou || !step.dice) {
            throw std::invalid_argument("computeReward: step " + std::to_string(step.index) +
                                        " has no IoU/Dice (the trajectory was recorded without a reference)");
        }
        iou.push_back(*step.iou);
        dice.push_back(*step.dice);
    }
    const bool lastIsStop = !trajectory.steps.empty() && trajectory.steps.back().error.empty() &&
                            trajectory.steps.back().action.kind == core::ActionKind::Stop;
    return computeReward(iou, dice, lastIsStop, config);
}

core::RewardTerms stepTerms(double iou, double dice, const double* previousIou, const RewardConfig& config) {
    core::RewardTerms terms;
    terms.iou = iou;
    terms.dice = dice;
    terms.improvement = previousIou ? iou - *previousIou : iou;
    terms.bonus = previousIou ? config.improvementBonus * std::max(0.0, terms.improvement) : 0.0;
    terms.stepCost = config.turnCost;
    return terms;
}

}  // namespace medsam::agent
