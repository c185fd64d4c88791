#include <QtTest>
#include <cmath>
#include <random>

#include "agent/eval/Factories.h"
#include "agent/tools/ClassicalSegmenter.h"
#include "tests/support/HardCases.h"
#include "tests/support/SimulatedAnnotator.h"

using namespace medsam;
using agent::ClassicalSegmenter;
using agent::ClassicalSegmenterOptions;
using agent::PointPrompt;
using agent::PredictOptions;
using agent::PromptSet;

class TestClassicalSegmenterV2 : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void namesTheVersion() {
        QCOMPARE(ClassicalSegmenter().name(), std::string("classical-rw/1"));
        QCOMPARE(ClassicalSegmenter(agent::classicalV2Options()).name(), std::string("classical-rw/2"));
        const auto o = agent::classicalV2Options();
        QVERIFY(o.regionClicks && o.huWindows);
        QVERIFY(!ClassicalSegmenterOptions{}.regionClicks && !ClassicalSegmenterOptions{}.huWindows);
        // `--tool classical1` still selects version 1 and `--tool classical2` version 2.
        agent::AgentSpec spec;
        spec.tool = "classical1";
        QCOMPARE(agent::makeTool(spec)->name(), std::string("classical-rw/1"));
        spec.tool = "classical2";
        QCOMPARE(agent::makeTool(spec)->name(), std::string("classical-rw/2"));
    }

    void regionClicksFixAHollowTarget_data() {
        QTest::addColumn<bool>("hounsfield");
        QTest::newRow("MR-like ring") << false;
        QTest::newRow("head CT in HU") << true;
    }
    // The box alone fills a hollow target's interior; in version 2 one negative click inside removes the
    // whole interior and one positive click on the ring adds the ring; version 1 only changes discs around
    // them.
    void regionClicksFixAHollowTarget() {
        QFETCH(bool, hounsfield);
        const auto ph = test::makeRingPhantom(96, 7, hounsfield, 5.0);
        ClassicalSegmenter v1, v2(agent::classicalV2Options()), v3(agent::classicalV3Options());
        const auto a = test::ringBoxThenTwoClicks(v1, ph), b = test::ringBoxThenTwoClicks(v2, ph);
        const auto c = test::ringBoxThenTwoClicks(v3, ph);
        qInfo("v1 %.3f -> %.3f, v2 %.3f -> %.3f, v3 %.3f -> %.3f", a.box, a.afterClicks, b.box, b.afterClicks,
              c.box, c.afterClicks);
        QVERIFY(b.afterClicks > 0.6);
        QVERIFY(b.afterClicks > a.afterClicks + 0.3);
        // Version 3 keeps the fix (its band rule leaves an interior's region alone).
        QVERIFY(c.afterClicks > 0.6);
        QVERIFY(c.afterClicks > a.afterClicks + 0.3);
    }

    // A positive click in a missed homogeneous region (the right half of the object, a separate patch behind
    // an edge) adds the whole patch.
    void positiveClickAddsTheMissedRegion() {
        core::ImageGeometry g;
        g.size = {80, 60, 1};
        core::Image<float> img(g, 100.0f);
        core::Mask truth(g), left(g);
        std::mt19937 rng(3);
        std::normal_distribution<float> noise(0.0f, 3.0f);
        for (int y = 15; y < 45; ++y)
            for (int x = 10; x < 70; ++x) {
                img.at(x, y) = x < 40 ? 180.0f : 150.0f;
                truth.at(x, y) = 1;
                left.at(x, y) = x < 40;
            }
        for (auto& v : img.voxels()) v += noise(rng);
        auto addedFraction = [&](ClassicalSegmenter& seg) {
            seg.setImage(img, "");
            PromptSet prompts;
            prompts.points = {PointPrompt{25, 30, true}, PointPrompt{60, 30, true}};
            PredictOptions opt;
            opt.previousMask = &left;
            const auto m = seg.predict(prompts, opt).mask;
            double in = 0, all = 0;
            for (int y = 15; y < 45; ++y)
                for (int x = 40; x < 70; ++x) in += m.at(x, y), ++all;
            return in / all;
        };
        ClassicalSegmenter v1, v2(agent::classicalV2Options());
        const double a = addedFraction(v1), b = addedFraction(v2);
        qInfo("missed patch added: v1 %.3f, v2 %.3f", a, b);
        QVERIFY(b > 0.8);
        QVERIFY(b > a);
    }

    // A small weak-edged structure (10 x 8 pixels, contrast 12 over noise 6 on a textured background): the
    // box alone finds it in version 2 (inscribed-ellipse prior), while version 1's watershed prior stops
    // short.
    void smallBoxFindsASmallStructure() {
        core::ImageGeometry g;
        g.size = {64, 64, 1};
        g.spacing = {2.0, 2.0, 1.0};
        core::Image<float> img(g);
        core::Mask truth(g);
        std::mt19937 rng(11);
        std::normal_distribution<float> noise(0.0f, 6.0f);
        for (int y = 0; y < 64; ++y)
            for (int x = 0; x < 64; ++x) {
                const double ex = (x - 31.5) / 5.0, ey = (y - 30.5) / 4.0;
                truth.at(x, y) = ex * ex + ey * ey <= 1.0;
                img.at(x, y) = 100.0f + 15.0f * static_cast<float>(std::sin(x * 0.4) * std::cos(y * 0.3)) +
                               (truth.at(x, y) ? 12.0f : 0.0f) + noise(rng);
            }
        auto boxDice = [&](ClassicalSegmenter& seg) {
            seg.setImage(img, "");
            PromptSet prompts;
            prompts.box = test::boundingBox(truth);
            return test::dice(seg.predict(prompts, {}).mask, truth);
        };
        ClassicalSegmenter v1, v2(agent::classicalV2Options());
        const double a = boxDice(v1), b = boxDice(v2);
        qInfo("small structure, box alone: v1 %.3f, v2 %.3f", a, b);
        QVERIFY(b > 0.8);
        QVERIFY(b > a);
    }

    // A click that agrees with the previous mask changes nothing about region handling: version 2 gives the
    // same mask as version 1 on a slice that is not CT.
    void agreeingClicksBehaveAsVersionOne() {
        const auto ph = test::makeLobedPhantom(96, 5);
        ClassicalSegmenter v1, v2(agent::classicalV2Options());
        v1.setImage(ph.image, "");
        v2.setImage(ph.image, "");
        PromptSet prompts;
        prompts.box = test::boundingBox(ph.reference);
        const auto m1 = v1.predict(prompts, {}).mask, m2 = v2.predict(prompts, {}).mask;
        QVERIFY(m1.voxels() == m2.voxels());
        int cx = 0, cy = 0;
        for (int y = 0; y < 96; ++y)
            for (int x = 0; x < 96; ++x)
                if (m1.at(x, y) && ph.reference.at(x, y)) cx = x, cy = y;
        prompts.points.push_back({double(cx), double(cy), true});  // inside the mask: agrees
        PredictOptions opt;
        opt.previousMask = &m1;
        QVERIFY(v1.predict(prompts, opt).mask.voxels() == v2.predict(prompts, opt).mask.voxels());
    }
};

QTEST_APPLESS_MAIN(TestClassicalSegmenterV2)
#include "tst_ClassicalSegmenterV2.moc"
