#include <QtTest>

#include "agent/env/SegmentationEnv.h"
#include "core/codec/MaskCodec.h"
#include "core/render/SliceRenderer.h"
#include "tests/agent/GeometricSegmenter.h"

using namespace medsam;
using agent::PromptProtocol;
using agent::SegmentationEnv;
using core::Action;
using core::Actor;

namespace {
constexpr int W = 40, H = 30;

core::Image<float> gradientSlice() {
    core::ImageGeometry g;
    g.size = {W, H, 1};
    g.spacing = {0.8, 0.8, 3.0};
    core::Image<float> s(g);
    for (int y = 0; y < H; ++y)
        for (int x = 0; x < W; ++x) s.at(x, y) = static_cast<float>(x * 3 + y);
    return s;
}

// A 12x10 rectangle at (10..21, 8..17).
core::Mask rectangle() {
    core::ImageGeometry g;
    g.size = {W, H, 1};
    core::Mask m(g);
    for (int y = 8; y <= 17; ++y)
        for (int x = 10; x <= 21; ++x) m.at(x, y) = 1;
    return m;
}

core::Task task() {
    core::Task t;
    t.target = "rectangle";
    return t;
}
}  // namespace

class TestSegmentationEnv : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void observationIsThePublishedOverlay() {
        test::GeometricSegmenter tool(PromptProtocol::Accumulated);
        SegmentationEnv env(tool);
        const auto first = env.reset(task(), gradientSlice(), rectangle());
        QCOMPARE(first.renderSize, 512);
        QCOMPARE(first.imageRgb.size(), std::size_t(512 * 512 * 3));
        QCOMPARE(first.overlayRgb, first.imageRgb);  // empty mask: nothing blended, nothing drawn
        QCOMPARE(first.turn, 0);
        QCOMPARE(first.target, std::string("rectangle"));
        QCOMPARE(tool.setImageCalls, 1);

        const auto r = env.step(Action::box(10, 8, 21, 17), Actor::Agent);
        const auto& o = r.observation;
        // Exactly: the 8-bit slice, mask blended 50/50 with pure green at slice resolution, one resize.
        const auto base = core::renderSlice(gradientSlice(), core::autoWindow(gradientSlice()));
        const auto expected = core::resize(core::blendMask(base, env.mask(), {0, 255, 0}, 0.5), 512, 512);
        QCOMPARE(o.overlayRgb, expected.rgb);
        QCOMPARE(o.imageRgb, first.imageRgb);  // the raw image stays the first turn's
        // Far outside the box the overlay is the plain image; inside it is greener.
        const std::size_t outside = (5 * 512 + 500) * 3, inside = (256 * 512 + 200) * 3;
        QCOMPARE(o.overlayRgb[outside + 1], o.imageRgb[outside + 1]);
        QVERIFY(o.overlayRgb[inside + 1] > o.imageRgb[inside + 1]);
        QVERIFY(o.overlayRgb[inside] < o.imageRgb[inside] || o.imageRgb[inside] == 0);
        QCOMPARE(o.turn, 1);
        QCOMPARE(o.history.size(), std::size_t(1));
        // The people's rendering draws the prompts, so it differs from the model's view.
        QVERIFY(env.renderForPerson(512).rgb != o.overlayRgb);
    }

    // A colour image is the policy's picture byte for byte and reaches the tool; the overlay blends green
    // into the colour (issue 12). 8-bit grey data is shown without a percentile stretch.
    void colourAndEightBitSlicesAreShownAsTheyAre() {
        test::GeometricSegmenter tool(PromptProtocol::Accumulated);
        agent::EnvConfig config;
        config.renderSize = 32;  // the slice's own size: the resize is the identity
        SegmentationEnv env(tool, config);
        core::ImageGeometry g;
        g.size = {32, 32, 1};
        core::SliceAppearance colour;
        colour.eightBit = true;
        for (int n = 0; n < 32 * 32; ++n) {
            colour.rgb.push_back(static_cast<std::uint8_t>(200));  // reddish: R 200, G 40, B 90
            colour.rgb.push_back(static_cast<std::uint8_t>(40));
            colour.rgb.push_back(static_cast<std::uint8_t>(90));
        }
        const auto first = env.reset(task(), core::Image<float>(g, 95.0f), std::nullopt, {}, colour);
        QCOMPARE(first.imageRgb, colour.rgb);
        QCOMPARE(tool.appearance.rgb, colour.rgb);
        const auto r = env.step(Action::box(4, 4, 20, 20), Actor::Agent);
        const std::size_t inside = (10 * 32 + 10) * 3, outside = (30 * 32 + 30) * 3;
        QCOMPARE(int(r.observation.overlayRgb[inside]), 100);      // 0.5 * 200 + 0.5 * 0
        QCOMPARE(int(r.observation.overlayRgb[inside + 1]), 147);  // 0.5 * 40 + 0.5 * 255, truncated
        QCOMPARE(int(r.observation.overlayRgb[outside]), 200);

        core::SliceAppearance eightBit;
        eightBit.eightBit = true;
        const auto grey = env.reset(task(), core::Image<float>(g, 95.0f), std::nullopt, {}, eightBit);
        QCOMPARE(int(grey.imageRgb[0]), 95);  // as it is; a percentile window would have made it 0
        QVERIFY(tool.appearance.rgb.empty());
        QVERIFY(tool.appearance.eightBit);
        core::SliceAppearance wrong;
        wrong.rgb.resize(5);
        QVERIFY_THROWS_EXCEPTION(std::invalid_argument,
                                 env.reset(task(), core::Image<float>(g, 1.0f), std::nullopt, {}, wrong));
    }

    void accumulatedProtocolSendsEveryPromptAndThePriorMask() {
        test::GeometricSegmenter tool(PromptProtocol::Accumulated);
        SegmentationEnv env(tool);
        env.reset(task(), gradientSlice(), rectangle());
        env.step(Action::box(10, 8, 21, 17), Actor::Agent);
        env.step(Action::point(30, 20, true), Actor::Agent);
        env.step(Action::point(31, 21, false), Actor::Person);
        QCOMPARE(tool.calls.size(), std::size_t(3));
        QVERIFY(!tool.calls[0].hadPreviousMask);
        env.step(Action::box(9, 8, 21, 17), Actor::Agent);  // a new box starts afresh: no prior
        QVERIFY(!tool.calls[3].hadPreviousMask);
        QCOMPARE(tool.calls[3].prompts.points.size(), std::size_t(2));
        QVERIFY(tool.calls[1].prompts.box.has_value());
        QCOMPARE(tool.calls[1].prompts.points.size(), std::size_t(1));
        QVERIFY(tool.calls[2].prompts.box.has_value());
        QCOMPARE(tool.calls[2].prompts.points.size(), std::size_t(2));
        QVERIFY(tool.calls[2].hadPreviousMask);
        QVERIFY(!tool.calls[2].hadPreviousLogits);
        QVERIFY(env.trajectory().steps[2].actor == Actor::Person);
    }

    void paperProtocolSendsTheNewestPromptAndThePreviousLogits() {
        test::GeometricSegmenter tool(PromptProtocol::Paper);
        SegmentationEnv env(tool);
        env.reset(task(), gradientSlice(), rectangle());
        env.step(Action::box(10, 8, 21, 17), Actor::Agent);
        env.step(Action::point(30, 20, true), Actor::Agent);
        QVERIFY(!tool.calls[0].hadPreviousLogits);        // first call: no mask input
        QVERIFY(!tool.calls[1].prompts.box.has_value());  // the box is not re-sent
        QCOMPARE(tool.calls[1].prompts.points.size(), std::size_t(1));
        QVERIFY(tool.calls[1].hadPreviousLogits);
        QVERIFY(!tool.calls[1].hadPreviousMask);
        QCOMPARE(env.trajectory().steps[1].logitsWidth, W);  // logits recorded on the step
        // A config override wins over the tool's preference.
        agent::EnvConfig c;
        c.protocol = PromptProtocol::Accumulated;
        SegmentationEnv env2(tool, c);
        QCOMPARE(env2.protocol(), PromptProtocol::Accumulated);
    }

    void stepsRecordMaskScoresAndRewardTerms() {
        test::GeometricSegmenter tool(PromptProtocol::Accumulated);
        SegmentationEnv env(tool);
        env.reset(task(), gradientSlice(), rectangle());
        env.step(Action::box(10, 8, 25, 17), Actor::Agent, "raw model text", 12.5);  // 16x10 box: 120/160
        const core::Step s = env.trajectory().steps[0];  // a copy: later steps may reallocate
        QCOMPARE(s.rawText, std::string("raw model text"));
        QVERIFY(s.latencyMs >= 12.5);
        QVERIFY(s.timestampMs > 1600000000000LL);
        QCOMPARE(core::decodeMask(s.mask).voxels(), env.mask().voxels());
        QVERIFY(qFuzzyCompare(*s.iou, 120.0 / 160.0));
        QVERIFY(qFuzzyCompare(*s.dice, 240.0 / 280.0));
        QVERIFY(s.reward.has_value());
        QVERIFY(qFuzzyCompare(s.reward->iou, 0.75));

        const auto stopped = env.step(Action::stop(), Actor::Agent);
        QVERIFY(stopped.done);
        QVERIFY(env.outcome() == core::Outcome::Stopped);
        // stop returns the last mask unchanged and adds no reward terms
        QCOMPARE(core::decodeMask(stopped.step->mask).voxels(), core::decodeMask(s.mask).voxels());
        QVERIFY(!stopped.step->reward.has_value());
        // R = 0.2*1 + 0.8*(0.5*0.75 + 0.5*(6/7)) with T = 1: no penalty
        const double expected = 0.2 + 0.8 * (0.5 * 0.75 + 0.5 * 240.0 / 280.0);
        QVERIFY(qFuzzyCompare(*env.trajectory().finalReward, expected));
        QCOMPARE(env.trajectory().finalMask, s.mask);
        QVERIFY_THROWS_EXCEPTION(std::logic_error, env.step(Action::stop(), Actor::Agent));
    }

    void turnLimitEndsTheEpisode() {
        test::GeometricSegmenter tool(PromptProtocol::Accumulated);
        agent::EnvConfig c;
        c.maxTurns = 2;
        SegmentationEnv env(tool, c);
        env.reset(task(), gradientSlice(), rectangle());
        QVERIFY(!env.step(Action::box(10, 8, 21, 17), Actor::Agent).done);
        QVERIFY(env.step(Action::point(5, 5, false), Actor::Agent).done);
        QVERIFY(env.outcome() == core::Outcome::TurnLimit);
        // F = 0.5 (no stop): the reward knows the episode was cut
        QVERIFY(env.reward()->format == 0.5);
    }

    void errorsEndTheEpisodeWithAnErrorStep() {
        test::GeometricSegmenter tool(PromptProtocol::Accumulated);
        SegmentationEnv env(tool);
        env.reset(task(), gradientSlice(), rectangle());
        env.step(Action::box(10, 8, 21, 17), Actor::Agent);
        env.recordError(Actor::Agent, "no <tool_call> in the reply", "I think...",
                        core::Outcome::FormatError);
        QVERIFY(env.outcome() == core::Outcome::FormatError);
        QCOMPARE(env.trajectory().steps.back().error, std::string("no <tool_call> in the reply"));
        QCOMPARE(env.trajectory().steps.back().rawText, std::string("I think..."));
        QCOMPARE(env.reward()->format, 0.5);

        env.reset(task(), gradientSlice(), rectangle());
        tool.failNext = true;
        QVERIFY_THROWS_EXCEPTION(agent::SegmenterError, env.step(Action::box(1, 1, 5, 5), Actor::Agent));
        QVERIFY(env.outcome() == core::Outcome::Running);  // the failed call changed nothing
        QVERIFY(env.trajectory().steps.empty());
        QVERIFY_THROWS_EXCEPTION(std::invalid_argument, env.step(Action::box(9, 1, 5, 5), Actor::Agent));
    }

    void previewDoesNotChangeTheState() {
        test::GeometricSegmenter tool(PromptProtocol::Accumulated);
        SegmentationEnv env(tool);
        env.reset(task(), gradientSlice(), rectangle());
        const auto p = env.preview(Action::box(10, 8, 21, 17));
        QCOMPARE(p.iou, 1.0);
        QCOMPARE(env.promptTurns(), 0);
        QVERIFY(env.trajectory().steps.empty());
        QCOMPARE(std::count(env.mask().voxels().begin(), env.mask().voxels().end(), 1), 0L);
        QCOMPARE(env.evaluator()(Action::stop()).iou, 0.0);

        SegmentationEnv noReference(tool);
        noReference.reset(task(), gradientSlice());
        QVERIFY_THROWS_EXCEPTION(std::logic_error, noReference.preview(Action::box(1, 1, 5, 5)));
        const auto r = noReference.step(Action::box(1, 1, 5, 5), Actor::Person);
        QVERIFY(!r.step->dice.has_value());
    }

    void badInputIsRejected() {
        test::GeometricSegmenter tool(PromptProtocol::Accumulated);
        SegmentationEnv env(tool);
        core::ImageGeometry g;
        g.size = {5, 5, 1};
        QVERIFY_THROWS_EXCEPTION(std::invalid_argument, env.reset(task(), gradientSlice(), core::Mask(g)));
        g.size = {5, 5, 3};
        QVERIFY_THROWS_EXCEPTION(std::invalid_argument, env.reset(task(), core::Image<float>(g)));
        QVERIFY_THROWS_EXCEPTION(std::logic_error, env.step(Action::stop(), Actor::Agent));
    }
};

QTEST_APPLESS_MAIN(TestSegmentationEnv)
#include "tst_SegmentationEnv.moc"
