#include <QtTest>

#include "agent/policies/BaselinePolicies.h"
#include "agent/policies/ExpertPolicy.h"
#include "agent/runner/Episode.h"
#include "agent/tools/ClassicalSegmenter.h"
#include "core/codec/MaskCodec.h"
#include "core/synthetic/Phantom.h"
#include "tests/agent/GeometricSegmenter.h"

using namespace medsam;
using namespace medsam::agent;

namespace {
EpisodeRequest phantomRequest(unsigned seed) {
    const auto spec = core::randomPhantomSpec({96, 96, 1}, {1.0, 1.0, 1.0}, seed);
    auto phantom = core::makePhantom2D(spec, seed);
    EpisodeRequest r;
    r.task.target = "phantom organ";
    r.slice = phantom.volume.image;
    r.reference = phantom.target;
    r.seed = seed;
    return r;
}

std::vector<double> ious(const core::Trajectory& t) {
    std::vector<double> v;
    for (const auto& s : t.steps)
        if (s.action.isPrompt() && s.error.empty()) v.push_back(*s.iou);
    return v;
}
}  // namespace

class TestExpertPolicy : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void sameSeedSameTrajectory() {
        ClassicalSegmenter tool;
        SegmentationEnv env(tool);
        ExpertPolicy expert;
        const auto a = runEpisode(env, expert, phantomRequest(3));
        const auto b = runEpisode(env, expert, phantomRequest(3));
        QCOMPARE(a.steps.size(), b.steps.size());
        for (std::size_t n = 0; n < a.steps.size(); ++n) {
            QVERIFY(a.steps[n].action == b.steps[n].action);
            QCOMPARE(a.steps[n].mask, b.steps[n].mask);
            QVERIFY(a.steps[n].actor == core::Actor::Expert);
        }
        QVERIFY(a.outcome == core::Outcome::Stopped || a.outcome == core::Outcome::TurnLimit);
    }

    void everyActionGainsAtLeastTau() {
        ClassicalSegmenter tool;
        SegmentationEnv env(tool);
        ExpertConfig c;
        c.tau = 0.02;
        ExpertPolicy expert(c);
        for (unsigned seed : {1u, 2u, 5u}) {
            const auto t = runEpisode(env, expert, phantomRequest(seed));
            const auto v = ious(t);
            QVERIFY(!v.empty());
            QVERIFY(v[0] >= c.tau);
            for (std::size_t k = 1; k < v.size(); ++k)
                QVERIFY2(v[k] - v[k - 1] >= c.tau - 1e-12, "no progress");
        }
    }

    void workflowsMixByTheRatio() {
        test::GeometricSegmenter tool(PromptProtocol::Accumulated);
        SegmentationEnv env(tool);
        ExpertConfig boxes;
        boxes.boxToPointRatio = 1.0;
        ExpertPolicy boxFirst(boxes);
        QVERIFY(runEpisode(env, boxFirst, phantomRequest(4)).steps[0].action.kind == core::ActionKind::Box);
        ExpertConfig clicks;
        clicks.boxToPointRatio = 0.0;
        clicks.boxFallback = false;  // strictly clicks only
        ExpertPolicy clickFirst(clicks);
        const auto t = runEpisode(env, clickFirst, phantomRequest(4));
        QVERIFY(t.steps[0].action.kind == core::ActionKind::PositivePoint);
        for (const auto& s : t.steps) QVERIFY(s.action.kind != core::ActionKind::Box);

        ExpertPolicy mixed;  // 0.5: both workflows appear over a few episodes
        int box = 0, click = 0;
        for (unsigned seed = 0; seed < 12; ++seed) {
            const auto m = runEpisode(env, mixed, phantomRequest(seed));
            (m.steps[0].action.kind == core::ActionKind::Box ? box : click)++;
        }
        QVERIFY(box > 0 && click > 0);
    }

    void theEpisodesBoxComesFirstAndBoxesBackUpClicks() {
        test::GeometricSegmenter tool(PromptProtocol::Accumulated);
        SegmentationEnv env(tool);
        auto request = phantomRequest(6);
        const auto tight = core::boxFromMask(*request.reference);
        request.initialPrompt = core::toAction(*tight);
        ExpertConfig boxes;
        boxes.boxToPointRatio = 1.0;
        ExpertPolicy expert(boxes);
        QVERIFY(runEpisode(env, expert, request).steps[0].action == *request.initialPrompt);

        // Clicks that cannot reach tau (a 1 px disc on a large organ) make the click workflow fall back to
        // the box.
        test::GeometricSegmenter pinpoint(PromptProtocol::Accumulated, 0.5);
        SegmentationEnv env2(pinpoint);
        ExpertConfig clicks;
        clicks.boxToPointRatio = 0.0;
        clicks.tau = 0.05;
        ExpertPolicy fallback(clicks);
        const auto t = runEpisode(env2, fallback, request);
        bool sawBox = false;
        for (const auto& s : t.steps) sawBox |= s.action.kind == core::ActionKind::Box;
        QVERIFY(sawBox);
        clicks.boxFallback = false;
        ExpertPolicy strict(clicks);
        const auto u = runEpisode(env2, strict, request);
        QCOMPARE(u.steps.size(), std::size_t(1));  // nothing passes: an immediate stop
        QVERIFY(u.steps[0].action.kind == core::ActionKind::Stop);
    }

    void theFirstClickIsThePublishedOracle() {
        test::GeometricSegmenter tool(PromptProtocol::Accumulated);
        SegmentationEnv env(tool);
        ExpertConfig clicks;
        clicks.boxToPointRatio = 0.0;
        ExpertPolicy expert(clicks);
        const auto request = phantomRequest(7);
        const auto t = runEpisode(env, expert, request);
        const auto oracle = core::nextClick(core::Mask(request.reference->geometry()), *request.reference);
        QVERIFY(oracle.has_value());
        QVERIFY(t.steps[0].action == core::toAction(*oracle));
    }

    void needsAReference() {
        test::GeometricSegmenter tool(PromptProtocol::Accumulated);
        SegmentationEnv env(tool);
        ExpertPolicy expert;
        auto request = phantomRequest(1);
        request.reference.reset();
        const auto t = runEpisode(env, expert, request);
        QVERIFY(t.outcome == core::Outcome::Error);
        QVERIFY(QString::fromStdString(t.steps.back().error).contains("reference"));
    }

    void baselines() {
        test::GeometricSegmenter tool(PromptProtocol::Accumulated, 2.0);
        SegmentationEnv env(tool);
        auto request = phantomRequest(2);
        request.initialPrompt = core::Action::box(20, 20, 60, 50);
        BoxBaselinePolicy box;
        const auto t = runEpisode(env, box, request);
        QCOMPARE(t.steps.size(), std::size_t(2));
        QVERIFY(t.steps[0].action == *request.initialPrompt);
        QVERIFY(t.steps[1].action.kind == core::ActionKind::Stop);

        // The geometric tool fills the box: nothing is left uncovered, so the click baseline stops at once.
        BoxClicksBaselinePolicy clicks(3);
        QCOMPARE(runEpisode(env, clicks, request).steps.size(), std::size_t(2));
        // With a real tool the box leaves parts uncovered; clicks go to the middle of what is missing.
        ClassicalSegmenter classical;
        SegmentationEnv env2(classical);
        const auto withTool = runEpisode(env2, clicks, request);
        QVERIFY(withTool.steps.size() >= 2 && withTool.steps.size() <= 5);
        for (std::size_t n = 1; n + 1 < withTool.steps.size(); ++n) {
            const auto& a = withTool.steps[n].action;
            QVERIFY(a.kind == core::ActionKind::PositivePoint);
            QVERIFY(a.x0 >= 20 && a.x0 <= 60 && a.y0 >= 20 && a.y0 <= 50);
        }
        request.initialPrompt.reset();
        QVERIFY(runEpisode(env, box, request).outcome == core::Outcome::Error);
    }
};

QTEST_APPLESS_MAIN(TestExpertPolicy)
#include "tst_ExpertPolicy.moc"
