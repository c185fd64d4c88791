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
using agent::PredictOptions;
using agent::PromptSet;

namespace {

// A small weak-edged structure (12 x 9 pixels at 2 mm, contrast 12 over noise 6 on a textured background),
// as the hard cases' small deep structures.
test::Phantom smallStructure(unsigned seed) {
    core::ImageGeometry g;
    g.size = {64, 64, 1};
    g.spacing = {2.0, 2.0, 1.0};
    test::Phantom ph{core::Image<float>(g), core::Mask(g)};
    std::mt19937 rng(seed);
    std::normal_distribution<float> noise(0.0f, 6.0f);
    for (int y = 0; y < 64; ++y)
        for (int x = 0; x < 64; ++x) {
            const double ex = (x - 31.5) / 6.0, ey = (y - 30.5) / 4.5;
            ph.reference.at(x, y) = ex * ex + ey * ey <= 1.0;
            ph.image.at(x, y) = 100.0f + 15.0f * static_cast<float>(std::sin(x * 0.4) * std::cos(y * 0.3)) +
                                (ph.reference.at(x, y) ? 12.0f : 0.0f) + noise(rng);
        }
    return ph;
}

}  // namespace

class TestClassicalSegmenterV3 : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void namesTheVersion() {
        QCOMPARE(ClassicalSegmenter(agent::classicalV3Options()).name(), std::string("classical-rw/3"));
        // Versions 1 and 2 keep their names and switches: recorded sessions name their tool and version.
        QCOMPARE(ClassicalSegmenter().name(), std::string("classical-rw/1"));
        QCOMPARE(ClassicalSegmenter(agent::classicalV2Options()).name(), std::string("classical-rw/2"));
        const auto v2 = agent::classicalV2Options();
        QVERIFY(!v2.fillGaps && !v2.rimFirst && !v2.smallBoxStickyPrior && !v2.featureStack);
        QCOMPARE(v2.ctDataSmoothingSigmaPixels, -1.0);
        agent::AgentSpec spec;
        spec.tool = "classical3";
        QCOMPARE(agent::makeTool(spec)->name(), std::string("classical-rw/3"));
    }

    // The skull of a head CT from the box alone: version 3 places the bone's boundary at the midpoint between
    // bone and brain (no partial-volume band around the wall) and answers with the rim first.
    void skullFromABoxInHounsfieldUnits() {
        const auto ph = test::makeRingPhantom(192, 402, true, 5.0, {0.9, 0.9, 1.0});  // skullct-2 (dev)
        ClassicalSegmenter v2(agent::classicalV2Options()), v3(agent::classicalV3Options());
        const double d2 = test::annotate(v2, ph.image, ph.reference, 0)[0];
        const int it2 = v2.lastIterations();
        const double d3 = test::annotate(v3, ph.image, ph.reference, 0)[0];
        const int it3 = v3.lastIterations();
        qInfo("skull CT box: v2 %.3f (%d CG iterations), v3 %.3f (%d)", d2, it2, d3, it3);
        QVERIFY(d3 >= 0.85);
        QVERIFY(d3 > d2 + 0.03);
        // The rim answer spans the box, so the centre-seeded solve is skipped (the CT box's latency).
        QVERIFY(it3 < it2);
    }

    // A click after a good box on a small structure refines it instead of undoing it (version 2 dropped the
    // small-box prior after the first click).
    void smallStructureSurvivesTheFirstClick() {
        double v2After1 = 0, v3After1 = 0, v3Box = 0;
        const unsigned seeds[] = {11, 12, 13, 14};
        for (unsigned seed : seeds) {
            const auto ph = smallStructure(seed);
            ClassicalSegmenter v2(agent::classicalV2Options()), v3(agent::classicalV3Options());
            const auto a = test::annotate(v2, ph.image, ph.reference, 1),
                       b = test::annotate(v3, ph.image, ph.reference, 1);
            qInfo("seed %u: v2 %.3f -> %.3f, v3 %.3f -> %.3f", seed, a[0], a[1], b[0], b[1]);
            v2After1 += a[1] / 4;
            v3After1 += b[1] / 4;
            v3Box += b[0] / 4;
        }
        QVERIFY(v3After1 >= 0.8);
        QVERIFY(v3After1 > v2After1);
        QVERIFY(v3After1 >= v3Box - 0.02);
    }

    // Where version 1 was good (a compact object with clear edges), version 3 stays as good.
    void compactObjectUnchanged() {
        const auto ph = test::makeLobedPhantom(128, 5);
        ClassicalSegmenter v1, v3(agent::classicalV3Options());
        const auto a = test::annotate(v1, ph.image, ph.reference, 3),
                   b = test::annotate(v3, ph.image, ph.reference, 3);
        qInfo("lobed phantom: v1 %.3f / %.3f, v3 %.3f / %.3f (box / 3 clicks)", a[0], a[3], b[0], b[3]);
        QVERIFY(b[0] >= a[0] - 0.01);
        QVERIFY(b[3] >= a[3] - 0.01);
    }

    // The feature-stack classifier (measured, not in version 3's defaults) is a working switch: it names
    // version 3, answers deterministically and segments an easy object.
    void featureStackSwitchWorks() {
        auto o = agent::classicalV2Options();
        o.featureStack = true;
        ClassicalSegmenter seg(o);
        QCOMPARE(seg.name(), std::string("classical-rw/3"));
        const auto ph = test::makeLobedPhantom(96, 3);
        const auto a = test::annotate(seg, ph.image, ph.reference, 2),
                   b = test::annotate(seg, ph.image, ph.reference, 2);
        qInfo("feature stack on a lobed phantom: %.3f / %.3f / %.3f", a[0], a[1], a[2]);
        QCOMPARE(a, b);
        QVERIFY(a[2] > 0.85);
        o.featureGain = -1;
        QVERIFY_THROWS_EXCEPTION(agent::SegmenterError, ClassicalSegmenter{o});
    }
};

QTEST_APPLESS_MAIN(TestClassicalSegmenterV3)
#include "tst_ClassicalSegmenterV3.moc"
