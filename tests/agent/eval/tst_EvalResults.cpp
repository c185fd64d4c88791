#include <QTemporaryDir>
#include <QtTest>
#include <cmath>
#include <limits>

#include "agent/eval/EvalResults.h"

using namespace medsam::agent;

namespace {
CaseResult makeCase(int row, const std::string& target, std::vector<double> iou, const std::string& outcome) {
    CaseResult c;
    c.row = row;
    c.target = target;
    c.image = "img,with,commas.png";
    c.iouAtTurn = iou;
    for (double v : iou) c.diceAtTurn.push_back(2 * v / (1 + v));
    c.iou = iou.empty() ? 0 : iou.back();
    c.dice = c.diceAtTurn.empty() ? 0 : c.diceAtTurn.back();
    c.turns = static_cast<int>(iou.size());
    c.outcome = outcome;
    c.nsd = 0.5;
    c.hd95 = row == 2 ? std::numeric_limits<double>::infinity() : 3.0;
    return c;
}
}  // namespace

class TestEvalResults : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void nocFollowsTheRitmConvention() {
        QCOMPARE(clicksToReach({0.5, 0.86, 0.95}, 0.85, 5), 2);
        QCOMPARE(clicksToReach({0.5, 0.86, 0.95}, 0.90, 5), 3);
        QCOMPARE(clicksToReach({0.5, 0.6}, 0.85, 5), 5);  // never reached: the cap
    }
    void summaryByHand() {
        std::vector<CaseResult> cases{makeCase(1, "brain", {0.8, 0.9, 0.9}, "stopped"),
                                      makeCase(2, "brain", {0.6}, "format_error"),
                                      makeCase(3, "ventricle", {0.5, 0.7}, "turn_limit")};
        CaseResult failed;
        failed.row = 4;
        failed.outcome = "failed";
        failed.error = "cannot read";
        cases.push_back(failed);
        const auto s = summarize(cases, {3, "expert/1", "classical-rw/1"});
        QCOMPARE(s["cases"].get<int>(), 3);
        QCOMPARE(s["failed_cases"].get<int>(), 1);
        QVERIFY(qFuzzyCompare(s["mean_iou"].get<double>(), (0.9 + 0.6 + 0.7) / 3));
        QVERIFY(qFuzzyCompare(s["mean_turns"].get<double>(), 2.0));
        // turn 1: 0.8, 0.6, 0.5; turn 3 carries forward: 0.9, 0.6, 0.7
        QVERIFY(qFuzzyCompare(s["iou_at_turn"][0].get<double>(), (0.8 + 0.6 + 0.5) / 3));
        QVERIFY(qFuzzyCompare(s["iou_at_turn"][2].get<double>(), (0.9 + 0.6 + 0.7) / 3));
        QCOMPARE(s["dice_at_turn"].size(), std::size_t(3));
        // NoC@85: 2, 3 (cap), 3 (cap) -> 8/3; NoC@90: 2, 3, 3
        QVERIFY(qFuzzyCompare(s["noc85"].get<double>(), 8.0 / 3));
        QCOMPARE(s["noc85_failures"].get<int>(), 2);
        QVERIFY(qFuzzyCompare(s["format_error_rate"].get<double>(), 0.25));
        QVERIFY(qFuzzyCompare(s["mean_hd95"].get<double>(), 3.0));  // the infinite one is left out
        QCOMPARE(s["per_target"]["brain"]["cases"].get<int>(), 2);
        QVERIFY(qFuzzyCompare(s["per_target"]["ventricle"]["mean_iou"].get<double>(), 0.7));
        QVERIFY(QString::fromStdString(formatSummaryTable(s)).contains("ventricle"));
    }
    void shardsMergeBack() {
        QTemporaryDir dir;
        const std::vector<CaseResult> a{makeCase(1, "brain", {0.8, 0.9}, "stopped"),
                                        makeCase(3, "t,3", {0.4}, "stopped")};
        const std::vector<CaseResult> b{makeCase(2, "brain", {0.7}, "stopped")};
        const auto da = dir.filePath("s0").toStdString(), db = dir.filePath("s1").toStdString();
        writeEvalOutputs(da, a, summarize(a, {}));
        writeEvalOutputs(db, b, summarize(b, {}));
        const auto merged = readShardCases({da, db});
        QCOMPARE(merged.size(), std::size_t(3));
        QCOMPARE(merged[1].row, 2);
        QCOMPARE(merged[2].target, std::string("t,3"));
        QCOMPARE(merged[0].image, std::string("img,with,commas.png"));
        QVERIFY(std::isinf(merged[1].hd95));
        QCOMPARE(merged[0].iouAtTurn.size(), std::size_t(2));
        QVERIFY(qFuzzyCompare(merged[0].diceAtTurn[1], 2 * 0.9 / 1.9));
        QVERIFY_THROWS_EXCEPTION(std::invalid_argument, readShardCases({da, da}));
        QVERIFY_THROWS_EXCEPTION(std::invalid_argument, readShardCases({dir.filePath("none").toStdString()}));
    }

    // Shards of different policies were joined and labelled with the first; --out equal to a shard
    // overwrote it.
    void mismatchedShardsAndAnOutputThatIsAnInputAreRefused() {
        QTemporaryDir dir;
        const std::vector<CaseResult> a{makeCase(1, "brain", {0.8}, "stopped")};
        const std::vector<CaseResult> b{makeCase(2, "brain", {0.7}, "stopped")};
        EvalSummaryOptions expert, box;
        expert.policy = "expert";
        box.policy = "box";
        const auto da = dir.filePath("s0").toStdString(), db = dir.filePath("s1").toStdString(),
                   dc = dir.filePath("s2").toStdString();
        writeEvalOutputs(da, a, summarize(a, expert));
        writeEvalOutputs(db, b, summarize(b, box));
        writeEvalOutputs(dc, b, summarize(b, expert));
        try {
            readShardSummary({da, db}, dir.filePath("out").toStdString());
            QFAIL("shards of two policies were merged");
        } catch (const std::invalid_argument& e) {
            QVERIFY2(std::string(e.what()).find("differ in policy") != std::string::npos, e.what());
        }
        QCOMPARE(readShardSummary({da, dc}, dir.filePath("out").toStdString()).value("policy", ""),
                 std::string("expert"));
        try {
            readShardSummary({da, dc}, dir.filePath("s0/../s0").toStdString());
            QFAIL("--out equal to a shard was accepted");
        } catch (const std::invalid_argument& e) {
            QVERIFY2(std::string(e.what()).find("overwrite") != std::string::npos, e.what());
        }
    }
};

QTEST_APPLESS_MAIN(TestEvalResults)
#include "tst_EvalResults.moc"
