#include <QtTest>

#include "agent/env/Reward.h"

using namespace medsam;
using agent::computeReward;
using agent::RewardConfig;

namespace {
core::Step promptStep(int index, core::Action action, double iou, double dice) {
    core::Step s;
    s.index = index;
    s.action = action;
    s.iou = iou;
    s.dice = dice;
    return s;
}
}  // namespace

// Every expected value below is worked out by hand from the published formula in the comments.
class TestReward : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void threeTurnsWithRegressionAndStop() {
        // F = 1; base = 0.5*0.6 + 0.5*0.75 = 0.675; penalty = (0.7-0.6) + 0.01*3 = 0.13;
        // bonus = 0.1*(max(0,0.2) + max(0,-0.1)) = 0.02; Q = 0.565; R = 0.2*1 + 0.8*0.565 = 0.652
        const auto r = computeReward({0.5, 0.7, 0.6}, {0.6, 0.8, 0.75}, true);
        QCOMPARE(r.promptTurns, 3);
        QCOMPARE(r.format, 1.0);
        QVERIFY(qFuzzyCompare(r.base, 0.675));
        QVERIFY(qFuzzyCompare(r.regression, 0.1));
        QVERIFY(qFuzzyCompare(r.turnPenalty, 0.03));
        QVERIFY(qFuzzyCompare(r.bonus, 0.02));
        QVERIFY(qFuzzyCompare(r.quality, 0.565));
        QVERIFY(qFuzzyCompare(r.total, 0.652));
    }
    void singlePromptWithoutStopHasNoPenalty() {
        // T = 1: no penalty, no bonus; F = 0.5 (a prompt but no stop); Q = 0.5*0.8 + 0.5*0.9 = 0.85;
        // R = 0.1 + 0.68 = 0.78
        const auto r = computeReward({0.8}, {0.9}, false);
        QCOMPARE(r.format, 0.5);
        QCOMPARE(r.turnPenalty, 0.0);
        QCOMPARE(r.regression, 0.0);
        QVERIFY(qFuzzyCompare(r.quality, 0.85));
        QVERIFY(qFuzzyCompare(r.total, 0.78));
    }
    void stopOnlyAndNothing() {
        const auto stopOnly = computeReward({}, {}, true);  // F = 0.5, Q = 0 -> R = 0.1
        QCOMPARE(stopOnly.format, 0.5);
        QCOMPARE(stopOnly.quality, 0.0);
        QVERIFY(qFuzzyCompare(stopOnly.total, 0.1));
        const auto nothing = computeReward({}, {}, false);  // a format failure on the first turn
        QCOMPARE(nothing.total, 0.0);
    }
    void qualityIsClipped() {
        // base 1.0 - (0 + 0.02) + 0.1*0.8 = 1.06 -> 1; R = 0.2 + 0.8 = 1.0
        const auto high = computeReward({0.2, 1.0}, {1.0 / 3.0, 1.0}, true);
        QCOMPARE(high.quality, 1.0);
        QVERIFY(qFuzzyCompare(high.total, 1.0));
        // base 0 - (0.9 + 0.02) + 0 < 0 -> 0; R = 0.2
        const auto low = computeReward({0.9, 0.0}, {0.947, 0.0}, true);
        QCOMPARE(low.quality, 0.0);
        QVERIFY(qFuzzyCompare(low.total, 0.2));
    }
    void constantsAreConfigurable() {
        RewardConfig c;
        c.turnCost = 0.05;  // penalty = 0.1 + 0.15 = 0.25 -> Q = 0.675 - 0.25 + 0.02 = 0.445
        c.formatWeight = 0.5;
        c.qualityWeight = 0.5;  // R = 0.5 + 0.2225 = 0.7225
        const auto r = computeReward({0.5, 0.7, 0.6}, {0.6, 0.8, 0.75}, true, c);
        QVERIFY(qFuzzyCompare(r.quality, 0.445));
        QVERIFY(qFuzzyCompare(r.total, 0.7225));
    }
    void fromTrajectory() {
        core::Trajectory t;
        t.steps.push_back(promptStep(0, core::Action::box(1, 1, 9, 9), 0.5, 0.6));
        t.steps.push_back(promptStep(1, core::Action::point(4, 4, true), 0.7, 0.8));
        t.steps.push_back(promptStep(2, core::Action::point(2, 2, false), 0.6, 0.75));
        core::Step stop = promptStep(3, core::Action::stop(), 0.6, 0.75);
        t.steps.push_back(stop);
        QVERIFY(qFuzzyCompare(computeReward(t).total, 0.652));
        // The same trajectory ending in a format failure instead of a stop: F = 0.5 -> R = 0.1 + 0.452
        t.steps.back().error = "no <tool_call> in the reply";
        QVERIFY(qFuzzyCompare(computeReward(t).total, 0.552));
        // A prompt step without IoU cannot be scored.
        t.steps[1].iou.reset();
        QVERIFY_THROWS_EXCEPTION(std::invalid_argument, computeReward(t));
    }
    void perStepTerms() {
        const auto first = agent::stepTerms(0.4, 0.57, nullptr);
        QCOMPARE(first.bonus, 0.0);
        QCOMPARE(first.improvement, 0.4);
        const double prev = 0.4;
        const auto gain = agent::stepTerms(0.65, 0.79, &prev);
        QVERIFY(qFuzzyCompare(gain.improvement, 0.25));
        QVERIFY(qFuzzyCompare(gain.bonus, 0.025));
        QCOMPARE(gain.stepCost, 0.01);
        const double better = 0.9;
        const auto loss = agent::stepTerms(0.65, 0.79, &better);
        QVERIFY(loss.improvement < 0);
        QCOMPARE(loss.bonus, 0.0);
    }
};

QTEST_APPLESS_MAIN(TestReward)
#include "tst_Reward.moc"
