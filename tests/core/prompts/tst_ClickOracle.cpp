#include <QtTest>
#include <cmath>
#include <limits>
#include <random>

#include "core/prompts/ClickOracle.h"

using namespace medsam::core;

namespace {

Mask blank(int w, int h, int d = 1, Vec3 spacing = {1, 1, 1}) {
    ImageGeometry g;
    g.size = {w, h, d};
    g.spacing = spacing;
    return Mask(g);
}

void paintDisc(Mask& m, int cx, int cy, int r, std::uint8_t v = 1) {
    for (int y = 0; y < m.height(); ++y)
        for (int x = 0; x < m.width(); ++x)
            if ((x - cx) * (x - cx) + (y - cy) * (y - cy) <= r * r) m.at(x, y) = v;
}

void paintRect(Mask& m, int x0, int y0, int x1, int y1, std::uint8_t v = 1) {
    for (int y = y0; y <= y1; ++y)
        for (int x = x0; x <= x1; ++x) m.at(x, y) = v;
}

// The published oracle written the slow, obvious way on a 2D slice: pad with one ring of "no error",
// brute-force Euclidean distance (pixels) from each error pixel to the nearest non-error pixel, zero the
// clicked pixels, take the first maximum in raster order; positive iff max FN > max FP.
std::optional<Click> bruteForceOracle(const Mask& pred, const Mask& ref, const std::vector<Click>& clicks) {
    const int w = pred.width(), h = pred.height();
    auto errorAt = [&](int x, int y, bool fn) {
        if (x < 0 || y < 0 || x >= w || y >= h) return false;
        return fn ? (ref.at(x, y) && !pred.at(x, y)) : (pred.at(x, y) && !ref.at(x, y));
    };
    auto deepest = [&](bool fn, double& best, int& bx, int& by) {
        best = 0;
        for (int y = 0; y < h; ++y)
            for (int x = 0; x < w; ++x) {
                if (!errorAt(x, y, fn)) continue;
                bool clicked = false;
                for (const auto& c : clicks) clicked |= c.x == x && c.y == y;
                if (clicked) continue;
                double d2 = std::numeric_limits<double>::infinity();
                for (int b = -1; b <= h; ++b)
                    for (int a = -1; a <= w; ++a)
                        if (!errorAt(a, b, fn))
                            d2 = std::min(d2, double((a - x) * (a - x) + (b - y) * (b - y)));
                if (std::sqrt(d2) > best) {
                    best = std::sqrt(d2);
                    bx = x;
                    by = y;
                }
            }
    };
    double fnBest, fpBest;
    int fx = 0, fy = 0, px = 0, py = 0;
    deepest(true, fnBest, fx, fy);
    deepest(false, fpBest, px, py);
    if (fnBest == 0 && fpBest == 0) return std::nullopt;
    if (fnBest > fpBest) return Click{fx, fy, true, fnBest};
    return Click{px, py, false, fpBest};
}

}  // namespace

class TestClickOracle : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void missingDiscGetsPositiveClickAtItsCentre() {
        Mask ref = blank(64, 64);
        paintDisc(ref, 30, 34, 10);
        const auto click = nextClick(blank(64, 64), ref);
        QVERIFY(click.has_value());
        QCOMPARE(click->x, 30);
        QCOMPARE(click->y, 34);
        QCOMPARE(click->z, 0);
        QVERIFY(click->positive);
        // Nearest pixel outside a radius-10 disc: offset (10, 1) or (1, 10).
        QCOMPARE(click->depth, std::sqrt(101.0));
    }

    void falsePositiveBlobGetsNegativeClick() {
        Mask ref = blank(64, 64);
        paintDisc(ref, 40, 40, 12);
        Mask pred = ref;
        paintDisc(pred, 12, 12, 6);
        const auto click = nextClick(pred, ref);
        QVERIFY(click.has_value());
        QVERIFY(!click->positive);
        QCOMPARE(click->x, 12);
        QCOMPARE(click->y, 12);
    }

    void deeperErrorWins() {
        Mask ref = blank(64, 64);
        paintDisc(ref, 20, 20, 8);  // missed entirely
        Mask pred = blank(64, 64);
        paintDisc(pred, 48, 48, 5);  // spurious
        auto click = nextClick(pred, ref);
        QVERIFY(click && click->positive && click->x == 20 && click->y == 20);
        // Swap the roles: now the bigger error is a false positive.
        click = nextClick(ref, pred);
        QVERIFY(click && !click->positive && click->x == 20 && click->y == 20);
    }

    void equalDepthsGoNegative() {
        Mask ref = blank(32, 32);
        paintRect(ref, 2, 2, 6, 6);
        Mask pred = blank(32, 32);
        paintRect(pred, 20, 20, 24, 24);
        const auto click = nextClick(pred, ref);
        QVERIFY(click.has_value());
        QVERIFY(!click->positive);
        QCOMPARE(click->x, 22);
        QCOMPARE(click->y, 22);
    }

    void imageBorderCountsAsBackground() {
        Mask ref(blank(5, 7).geometry(), 1);  // everything is target, nothing predicted
        const auto click = nextClick(blank(5, 7), ref);
        QVERIFY(click.has_value());
        // Padding makes the distance to the outside 1 at the border: the centre column x = 2 is 3 away, rows
        // y = 2..4 are >= 3 from the top/bottom: the first such pixel in raster order is (2, 2).
        QCOMPARE(click->x, 2);
        QCOMPARE(click->y, 2);
        QCOMPARE(click->depth, 3.0);
    }

    void clickedPixelsAreExcluded() {
        Mask ref = blank(64, 64);
        paintDisc(ref, 30, 34, 10);
        const Mask pred = blank(64, 64);
        const auto first = nextClick(pred, ref);
        QVERIFY(first.has_value());
        const auto second = nextClick(pred, ref, {*first});
        QVERIFY(second.has_value());
        QVERIFY(second->x != first->x || second->y != first->y);
        QVERIFY(second->positive);
        QVERIFY(second->depth < first->depth);
        // The four neighbours of the centre tie; the first in raster order (smallest y) wins.
        QCOMPARE(second->x, 30);
        QCOMPARE(second->y, 33);
        QCOMPARE(*second, *bruteForceOracle(pred, ref, {*first}));

        // An exclusion radius removes the whole neighbourhood.
        ClickOracleOptions wide;
        wide.exclusionRadius = 3.0;
        const auto far = nextClick(pred, ref, {*first}, wide);
        QVERIFY(far.has_value());
        const double dx = far->x - first->x, dy = far->y - first->y;
        QVERIFY(dx * dx + dy * dy > 9.0);
    }

    void nothingToCorrectGivesNoClick() {
        Mask ref = blank(16, 16);
        paintDisc(ref, 8, 8, 4);
        QVERIFY(!nextClick(ref, ref).has_value());
        QVERIFY(!nextClick(blank(16, 16), blank(16, 16)).has_value());
        // A one-pixel error that was already clicked leaves nothing to click.
        Mask pred = ref;
        pred.at(0, 0) = 1;
        const auto click = nextClick(pred, ref);
        QVERIFY(click && !click->positive && click->x == 0 && click->y == 0);
        QVERIFY(!nextClick(pred, ref, {*click}).has_value());
    }

    void matchesBruteForceOnRandomMasks() {
        std::mt19937 rng(5);
        for (int trial = 0; trial < 40; ++trial) {
            const int w = 9 + trial % 7, h = 8 + trial % 5;
            Mask ref = blank(w, h), pred = blank(w, h);
            for (auto& v : ref.voxels()) v = rng() % 3 != 0;
            for (auto& v : pred.voxels()) v = rng() % 2;
            std::vector<Click> clicks;
            for (int c = 0; c < trial % 4; ++c)
                clicks.push_back({static_cast<int>(rng() % w), static_cast<int>(rng() % h), true, 0.0});
            const auto fast = nextClick(pred, ref, clicks);
            const auto slow = bruteForceOracle(pred, ref, clicks);
            QCOMPARE(fast.has_value(), slow.has_value());
            if (!fast) continue;
            QCOMPARE(fast->x, slow->x);
            QCOMPARE(fast->y, slow->y);
            QCOMPARE(fast->positive, slow->positive);
            QVERIFY(std::abs(fast->depth - slow->depth) < 1e-5);
        }
    }

    void physicalUnitsFollowSpacing() {
        // FN: 9 wide x 5 tall, FP: 7 x 7. In pixels the FP is deeper (4 vs 3); with 3 mm rows the FN is
        // 9 x 15 mm (depth 5 mm) and the FP 7 x 21 mm (depth 4 mm).
        Mask ref = blank(40, 40, 1, {1.0, 3.0, 1.0});
        paintRect(ref, 2, 2, 10, 6);
        Mask pred = blank(40, 40, 1, {1.0, 3.0, 1.0});
        paintRect(pred, 20, 20, 26, 26);
        auto click = nextClick(pred, ref);
        QVERIFY(click && !click->positive);
        QCOMPARE(click->depth, 4.0);
        ClickOracleOptions mm;
        mm.physicalUnits = true;
        click = nextClick(pred, ref, {}, mm);
        QVERIFY(click && click->positive);
        QCOMPARE(click->depth, 5.0);
        // Rows 3 and 4 of column 6 are both 5 mm deep (5 columns to either side); row 3 comes first.
        QCOMPARE(click->x, 6);
        QCOMPARE(click->y, 3);
    }

    void largestRegionVariantPrefersTheBiggestRegion() {
        // A long thin miss (3 x 40 = 120 px, depth 2) and a compact false positive (radius 5: 81 px, deeper).
        Mask ref = blank(64, 64);
        paintRect(ref, 5, 50, 44, 52);
        Mask pred = blank(64, 64);
        paintDisc(pred, 20, 20, 5);
        auto click = nextClick(pred, ref);
        QVERIFY(click && !click->positive && click->x == 20 && click->y == 20);

        ClickOracleOptions largest;
        largest.strategy = ClickStrategy::LargestErrorRegion;
        click = nextClick(pred, ref, {}, largest);
        QVERIFY(click.has_value());
        QVERIFY(click->positive);
        QCOMPARE(click->y, 51);
        QCOMPARE(click->x, 6);  // first pixel of depth 2 along the bar
        QCOMPARE(click->depth, 2.0);

        // A region whose pixels were all clicked gives way to the next one.
        Mask tiny = blank(16, 16);
        tiny.at(3, 3) = 1;
        tiny.at(10, 10) = 1;
        click = nextClick(blank(16, 16), tiny, {Click{3, 3, true, 1.0}}, largest);
        QVERIFY(click && click->x == 10 && click->y == 10 && click->positive);
    }

    void largestRegionConnectivityIsConfigurable() {
        // Three 2x2 FN squares touching at corners vs one 3x3 FP: face connectivity sees three regions of 4 <
        // 9, full connectivity sees one FN region of 12 > 9.
        Mask ref = blank(32, 32);
        paintRect(ref, 0, 0, 1, 1);
        paintRect(ref, 2, 2, 3, 3);
        paintRect(ref, 4, 4, 5, 5);
        Mask pred = blank(32, 32);
        paintRect(pred, 20, 20, 22, 22);
        ClickOracleOptions opt;
        opt.strategy = ClickStrategy::LargestErrorRegion;
        auto click = nextClick(pred, ref, {}, opt);
        QVERIFY(click && !click->positive);
        opt.fullConnectivity = true;
        click = nextClick(pred, ref, {}, opt);
        QVERIFY(click && click->positive);
    }

    void worksIn3D() {
        Mask ref = blank(24, 24, 24);
        for (int k = 0; k < 24; ++k)
            for (int j = 0; j < 24; ++j)
                for (int i = 0; i < 24; ++i)
                    ref.at(i, j, k) = (i - 12) * (i - 12) + (j - 11) * (j - 11) + (k - 9) * (k - 9) <= 36;
        const auto click = nextClick(blank(24, 24, 24), ref);
        QVERIFY(click && click->positive);
        QCOMPARE(click->x, 12);
        QCOMPARE(click->y, 11);
        QCOMPARE(click->z, 9);
        QCOMPARE(click->depth, std::sqrt(37.0));
    }

    void deterministic() {
        std::mt19937 rng(9);
        Mask ref = blank(48, 48), pred = blank(48, 48);
        for (auto& v : ref.voxels()) v = rng() % 2;
        for (auto& v : pred.voxels()) v = rng() % 2;
        const auto a = nextClick(pred, ref);
        for (int i = 0; i < 3; ++i) QCOMPARE(*nextClick(pred, ref), *a);
    }

    void badInputIsRejected() {
        QVERIFY_THROWS_EXCEPTION(std::invalid_argument, nextClick(blank(8, 8), blank(8, 9)));
        QVERIFY_THROWS_EXCEPTION(std::invalid_argument,
                                 nextClick(blank(8, 8, 1, {1, 1, 1}), blank(8, 8, 1, {2, 1, 1})));
        QVERIFY_THROWS_EXCEPTION(std::invalid_argument,
                                 nextClick(blank(8, 8), blank(8, 8), {Click{8, 0, true, 0.0}}));
        QVERIFY_THROWS_EXCEPTION(std::invalid_argument, nextClick(Mask(), Mask()));
    }

    void boxFromMaskIsTheBoundingBox() {
        Mask m = blank(50, 40);
        paintRect(m, 7, 9, 20, 30);
        m.at(33, 12) = 1;
        const auto box = boxFromMask(m);
        QVERIFY(box.has_value());
        QCOMPARE(*box, (PixelBox{7, 9, 33, 30}));
        QVERIFY(!boxFromMask(blank(10, 10)).has_value());
        QVERIFY_THROWS_EXCEPTION(std::invalid_argument, boxFromMask(blank(4, 4, 2)));
        QVERIFY_THROWS_EXCEPTION(std::invalid_argument, boxFromMask(m, BoxJitter{-0.1, 0}));
        const Action a = toAction(*box);
        QVERIFY(a.kind == ActionKind::Box && a.x0 == 7 && a.y0 == 9 && a.x1 == 33 && a.y1 == 30);
    }

    void boxJitterIsBoundedClippedAndSeeded() {
        Mask m = blank(100, 80);
        paintRect(m, 30, 20, 69, 59);  // 40 x 40
        const PixelBox exact = *boxFromMask(m);
        const BoxJitter jitter{0.1, 2.0};  // each edge moves at most 0.1 * 40 + 2 = 6 px
        bool anyMoved = false;
        for (unsigned seed = 0; seed < 200; ++seed) {
            const PixelBox b = *boxFromMask(m, jitter, seed);
            QCOMPARE(b, *boxFromMask(m, jitter, seed));
            QVERIFY(std::abs(b.x0 - exact.x0) <= 6 && std::abs(b.x1 - exact.x1) <= 6);
            QVERIFY(std::abs(b.y0 - exact.y0) <= 6 && std::abs(b.y1 - exact.y1) <= 6);
            anyMoved |= b != exact;
        }
        QVERIFY(anyMoved);
        QVERIFY(*boxFromMask(m, jitter, 1u) != *boxFromMask(m, jitter, 2u));

        // A mask touching the border: the jittered box never leaves the image.
        Mask edge = blank(30, 30);
        paintRect(edge, 0, 0, 29, 5);
        std::mt19937 rng(3);
        for (int i = 0; i < 100; ++i) {
            const PixelBox b = *boxFromMask(edge, BoxJitter{0.5, 3}, rng);
            QVERIFY(b.x0 >= 0 && b.y0 >= 0 && b.x1 <= 29 && b.y1 <= 29 && b.x0 <= b.x1 && b.y0 <= b.y1);
        }
    }
};

QTEST_APPLESS_MAIN(TestClickOracle)
#include "tst_ClickOracle.moc"
