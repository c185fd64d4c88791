#include <QtTest>
#include <cmath>
#include <limits>
#include <random>

#include "agent/tools/ClassicalSegmenter.h"
#include "tests/support/SimulatedAnnotator.h"

using namespace medsam;
using agent::ClassicalSegmenter;
using agent::ClassicalSegmenterOptions;
using agent::PointPrompt;
using agent::PredictOptions;
using agent::PromptSet;
using agent::SegmenterError;

namespace {

ClassicalSegmenterOptions withAlgorithm(ClassicalSegmenterOptions::Algorithm a) {
    ClassicalSegmenterOptions o;
    o.algorithm = a;
    return o;
}

// Box, then `clicks` oracle clicks, accumulated, each with the previous mask; Dice after each step.
std::vector<double> annotate(agent::PromptableSegmenter& seg, const test::Phantom& ph, int clicks) {
    seg.setImage(ph.image, "");
    PromptSet prompts;
    prompts.box = test::boundingBox(ph.reference);
    core::Mask pred = seg.predict(prompts, {}).mask;
    std::vector<double> dice{test::dice(pred, ph.reference)};
    for (int k = 0; k < clicks; ++k) {
        if (auto c = test::nextClick(pred, ph.reference, prompts.points)) {
            prompts.points.push_back(*c);
            PredictOptions opt;
            const core::Mask prev = pred;
            opt.previousMask = &prev;
            pred = seg.predict(prompts, opt).mask;
        }
        dice.push_back(test::dice(pred, ph.reference));
    }
    return dice;
}

}  // namespace

class TestClassicalSegmenter : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void clicksAreHonouredAsPostCondition_data() {
        QTest::addColumn<int>("algorithm");
        QTest::newRow("random walker") << int(ClassicalSegmenterOptions::Algorithm::RandomWalker);
        QTest::newRow("watershed") << int(ClassicalSegmenterOptions::Algorithm::Watershed);
    }
    // Random clicks, many of them contradicting the image: each clicked pixel still carries its label.
    void clicksAreHonouredAsPostCondition() {
        QFETCH(int, algorithm);
        ClassicalSegmenter seg(withAlgorithm(static_cast<ClassicalSegmenterOptions::Algorithm>(algorithm)));
        const auto ph = test::makeLobedPhantom(96, 5);
        seg.setImage(ph.image, "p");
        std::mt19937 rng(7);
        std::uniform_int_distribution<int> coord(10, 85);
        for (int trial = 0; trial < 20; ++trial) {
            PromptSet prompts;
            if (trial % 2) prompts.box = agent::BoxPrompt{5, 5, 90, 90};
            std::vector<std::pair<int, int>> used;
            for (int k = 0; k < 1 + trial % 6; ++k) {
                int x = coord(rng), y = coord(rng);
                if (std::find(used.begin(), used.end(), std::make_pair(x, y)) != used.end()) continue;
                used.emplace_back(x, y);
                prompts.points.push_back({double(x), double(y), rng() % 2 == 0});
            }
            const auto r = seg.predict(prompts, {});
            for (const auto& pt : prompts.points) {
                QVERIFY2(r.mask.at(int(pt.x), int(pt.y)) == (pt.positive ? 1 : 0),
                         qPrintable(QString("trial %1: %2 click at (%3, %4) not honoured")
                                        .arg(trial)
                                        .arg(pt.positive ? "positive" : "negative")
                                        .arg(pt.x)
                                        .arg(pt.y)));
            }
            QVERIFY(r.score >= 0.0 && r.score <= 1.0);
        }
    }

    void boxBoundsTheResult() {
        ClassicalSegmenter seg;
        const auto ph = test::makeLobedPhantom(128, 2);
        seg.setImage(ph.image, "");
        auto box = *test::boundingBox(ph.reference);
        box.x1 = (box.x0 + box.x1) / 2;  // cut the object in half: the box must win over the image
        PromptSet prompts;
        prompts.box = box;
        prompts.points.push_back({box.x0 + 3, (box.y0 + box.y1) / 2, true});
        const auto r = seg.predict(prompts, {});
        std::size_t inside = 0;
        for (int y = 0; y < 128; ++y)
            for (int x = 0; x < 128; ++x) {
                if (!r.mask.at(x, y)) continue;
                QVERIFY2(x >= box.x0 && x <= box.x1 && y >= box.y0 && y <= box.y1,
                         qPrintable(QString("(%1, %2) is outside the box").arg(x).arg(y)));
                ++inside;
            }
        QVERIFY(inside > 100);  // and it did segment something
    }

    // With the previous mask as prior, a click changes the mask near the click, not far away.
    void previousMaskMakesClicksLocal() {
        ClassicalSegmenter seg;
        const auto ph = test::makeLobedPhantom(160, 4, 25.0);
        seg.setImage(ph.image, "");
        PromptSet prompts;
        prompts.box = test::boundingBox(ph.reference);
        const core::Mask m0 = seg.predict(prompts, {}).mask;
        PredictOptions opt;
        opt.previousMask = &m0;
        const auto click = test::nextClick(m0, ph.reference, {});
        QVERIFY(click);
        prompts.points.push_back(*click);
        const core::Mask m1 = seg.predict(prompts, opt).mask;
        std::size_t far = 0, farChanged = 0, nearChanged = 0;
        for (int y = 0; y < 160; ++y)
            for (int x = 0; x < 160; ++x) {
                const double d = std::hypot(x - click->x, y - click->y);
                const bool changed = m0.at(x, y) != m1.at(x, y);
                if (d > 4 * seg.options().priorRadiusMm) {
                    ++far;
                    farChanged += changed;
                } else {
                    nearChanged += changed;
                }
            }
        qInfo("click changed %zu near and %zu of %zu far pixels", nearChanged, farChanged, far);
        QVERIFY2(nearChanged > 0, "the click changed nothing");
        QVERIFY2(farChanged * 1000 <= far,
                 qPrintable(QString("%1 of %2 far pixels changed").arg(farChanged).arg(far)));
    }

    // The simulated annotator's clicks help on average, and the result gets good.
    void diceImprovesWithClicks() {
        ClassicalSegmenter seg;
        const int clicks = 8, phantoms = 4;
        std::vector<double> mean(clicks + 1, 0.0);
        for (int s = 0; s < phantoms; ++s) {
            const auto d = annotate(seg, test::makeLobedPhantom(128, 20 + s, s % 2 ? 25.0 : 40.0), clicks);
            for (int k = 0; k <= clicks; ++k) mean[k] += d[k] / phantoms;
        }
        qInfo("mean Dice: box %.3f, 1 click %.3f, 4 clicks %.3f, %d clicks %.3f", mean[0], mean[1], mean[4],
              clicks, mean[clicks]);
        for (int k = 1; k <= clicks; ++k) {
            QVERIFY2(mean[k] >= mean[k - 1] - 0.005,
                     qPrintable(QString("mean Dice fell from %1 to %2 at click %3")
                                    .arg(mean[k - 1])
                                    .arg(mean[k])
                                    .arg(k)));
        }
        QVERIFY2(mean[clicks] > mean[0], "clicks did not help");
        QVERIFY2(mean[clicks] > 0.9,
                 qPrintable(QString("mean Dice after %1 clicks is %2").arg(clicks).arg(mean[clicks])));
    }

    // The same anatomy sampled at 1x1 mm and at 1x2 mm (every other row) gives the same segmentation.
    void anisotropicSpacingIsPhysical() {
        const auto iso = test::makeLobedPhantom(128, 8, 40.0, 5.0);
        core::ImageGeometry g = iso.image.geometry();
        g.size = {128, 64, 1};
        g.spacing = {1.0, 2.0, 1.0};
        core::Image<float> image(g);
        core::Mask ref(g);
        for (int y = 0; y < 64; ++y)
            for (int x = 0; x < 128; ++x) {
                image.at(x, y) = iso.image.at(x, 2 * y);
                ref.at(x, y) = iso.reference.at(x, 2 * y);
            }
        ClassicalSegmenter seg;
        const auto isoDice = annotate(seg, iso, 3);
        const auto anisoDice = annotate(seg, test::Phantom{image, ref}, 3);
        qInfo("Dice after box + 3 clicks: iso %.3f, aniso %.3f", isoDice.back(), anisoDice.back());
        QVERIFY2(anisoDice.back() > 0.9, qPrintable(QString("anisotropic Dice %1").arg(anisoDice.back())));
        QVERIFY2(std::abs(anisoDice.back() - isoDice.back()) < 0.04,
                 qPrintable(QString("iso %1 vs aniso %2").arg(isoDice.back()).arg(anisoDice.back())));
    }

    void invalidInputIsRejected() {
        ClassicalSegmenter seg;
        PromptSet box;
        box.box = agent::BoxPrompt{10, 10, 20, 20};
        QVERIFY_THROWS_EXCEPTION(SegmenterError, seg.predict(box, {}));  // no image yet
        const auto ph = test::makeLobedPhantom(64, 1);
        seg.setImage(ph.image, "");
        QVERIFY_THROWS_EXCEPTION(SegmenterError, seg.predict(PromptSet{}, {}));
        PromptSet outside;
        outside.box = agent::BoxPrompt{100, 100, 120, 120};
        QVERIFY_THROWS_EXCEPTION(SegmenterError, seg.predict(outside, {}));
        PromptSet inverted;
        inverted.box = agent::BoxPrompt{30, 10, 20, 20};
        QVERIFY_THROWS_EXCEPTION(SegmenterError, seg.predict(inverted, {}));
        PromptSet nanBox;
        nanBox.box = agent::BoxPrompt{std::nan(""), 10, 20, 20};
        QVERIFY_THROWS_EXCEPTION(SegmenterError, seg.predict(nanBox, {}));
        PromptSet nanPoint;
        nanPoint.points.push_back({10, std::numeric_limits<double>::infinity(), true});
        QVERIFY_THROWS_EXCEPTION(SegmenterError, seg.predict(nanPoint, {}));
        PromptSet farPoint;
        farPoint.points.push_back({-3, 10, true});
        QVERIFY_THROWS_EXCEPTION(SegmenterError, seg.predict(farPoint, {}));
        core::ImageGeometry small;
        small.size = {8, 8, 1};
        const core::Mask wrong(small);
        PredictOptions opt;
        opt.previousMask = &wrong;
        QVERIFY_THROWS_EXCEPTION(SegmenterError, seg.predict(box, opt));

        core::ImageGeometry g3;
        g3.size = {8, 8, 2};
        QVERIFY_THROWS_EXCEPTION(SegmenterError, seg.setImage(core::Image<float>(g3), ""));
        auto nanImage = ph.image;
        nanImage.at(3, 4) = std::nanf("");
        QVERIFY_THROWS_EXCEPTION(SegmenterError, seg.setImage(nanImage, ""));
        QVERIFY_THROWS_EXCEPTION(SegmenterError, seg.setImage(core::Image<float>(), ""));
    }

    void onlyNegativeClicksGiveAnEmptyMask() {
        ClassicalSegmenter seg;
        const auto ph = test::makeLobedPhantom(64, 1);
        seg.setImage(ph.image, "");
        PromptSet prompts;
        prompts.points.push_back({20, 20, false});
        const auto r = seg.predict(prompts, {});
        for (auto v : r.mask.voxels()) QCOMPARE(int(v), 0);
        QVERIFY(r.mask.geometry().sameGrid(ph.image.geometry()));
    }

    void revisitingASliceHitsTheCache() {
        ClassicalSegmenter seg;
        const auto a = test::makeLobedPhantom(96, 1), b = test::makeLobedPhantom(96, 2);
        PromptSet prompts;
        prompts.box = test::boundingBox(a.reference);
        seg.setImage(a.image, "vol:k:1");
        const auto first = seg.predict(prompts, {});
        seg.setImage(b.image, "vol:k:2");
        QCOMPARE(seg.cacheHits(), std::size_t{0});
        seg.setImage(a.image, "vol:k:1");
        QCOMPARE(seg.cacheHits(), std::size_t{1});
        const auto again = seg.predict(prompts, {});
        QVERIFY(first.mask.voxels() == again.mask.voxels());
    }

    // The score separates an easy case from a hard one (stability of the probability map).
    void scoreTracksDifficulty() {
        ClassicalSegmenter seg;
        const auto easy = test::makeLobedPhantom(128, 3, 60.0, 3.0),
                   hard = test::makeLobedPhantom(128, 3, 15.0, 15.0);
        PromptSet prompts;
        prompts.box = test::boundingBox(easy.reference);
        seg.setImage(easy.image, "");
        const double se = seg.predict(prompts, {}).score;
        seg.setImage(hard.image, "");
        const double sh = seg.predict(prompts, {}).score;
        qInfo("score easy %.3f, hard %.3f", se, sh);
        QVERIFY2(se > sh, qPrintable(QString("easy %1 vs hard %2").arg(se).arg(sh)));
        QVERIFY(se > 0.8);
    }

    void namesAndProtocol() {
        QCOMPARE(ClassicalSegmenter().name(), std::string("classical-rw/1"));
        QCOMPARE(ClassicalSegmenter(withAlgorithm(ClassicalSegmenterOptions::Algorithm::Watershed)).name(),
                 std::string("classical-ws/1"));
        QVERIFY(ClassicalSegmenter().preferredProtocol() == agent::PromptProtocol::Accumulated);
    }
};

QTEST_APPLESS_MAIN(TestClassicalSegmenter)
#include "tst_ClassicalSegmenter.moc"
