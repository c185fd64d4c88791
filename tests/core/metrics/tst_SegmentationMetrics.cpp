#include <QtTest>
#include <algorithm>
#include <cmath>
#include <limits>
#include <random>

#include "core/metrics/SegmentationMetrics.h"

using namespace medsam::core;

namespace {

Mask blank(int w, int h, int d = 1, Vec3 spacing = {1, 1, 1}) {
    ImageGeometry g;
    g.size = {w, h, d};
    g.spacing = spacing;
    return Mask(g);
}

void fillBox(Mask& m, int x0, int y0, int z0, int x1, int y1, int z1) {
    for (int z = z0; z <= z1; ++z)
        for (int y = y0; y <= y1; ++y)
            for (int x = x0; x <= x1; ++x) m.at(x, y, z) = 1;
}

bool close(double a, double b) {
    return std::abs(a - b) < 1e-6 * (1 + std::abs(b));
}

#define QCLOSE(actual, expected)          \
    QVERIFY2(close((actual), (expected)), \
             qPrintable(QString("%1 = %2, expected %3").arg(#actual).arg(actual, 0, 'g', 10).arg(expected)))

// Everything written the slow, obvious way: surface by the definition, nearest surface voxel by brute force.
struct Brute {
    std::vector<double> pq, qp;
};

std::vector<std::array<int, 3>> surfaceBrute(const Mask& m) {
    const auto& g = m.geometry();
    std::vector<std::array<int, 3>> s;
    auto fg = [&](int i, int j, int k) { return g.contains(i, j, k) && m.at(i, j, k) != 0; };
    for (int k = 0; k < g.size[2]; ++k)
        for (int j = 0; j < g.size[1]; ++j)
            for (int i = 0; i < g.size[0]; ++i) {
                if (!fg(i, j, k)) continue;
                bool surface = false;
                if (g.size[0] > 1) surface |= !fg(i - 1, j, k) || !fg(i + 1, j, k);
                if (g.size[1] > 1) surface |= !fg(i, j - 1, k) || !fg(i, j + 1, k);
                if (g.size[2] > 1) surface |= !fg(i, j, k - 1) || !fg(i, j, k + 1);
                if (surface) s.push_back({i, j, k});
            }
    return s;
}

std::vector<double> directed(const std::vector<std::array<int, 3>>& a,
                             const std::vector<std::array<int, 3>>& b, const Vec3& sp) {
    std::vector<double> d;
    for (const auto& p : a) {
        double best = std::numeric_limits<double>::infinity();
        for (const auto& q : b) {
            const double dx = (p[0] - q[0]) * sp[0], dy = (p[1] - q[1]) * sp[1], dz = (p[2] - q[2]) * sp[2];
            best = std::min(best, std::sqrt(dx * dx + dy * dy + dz * dz));
        }
        d.push_back(best);
    }
    return d;
}

double percentileBrute(std::vector<double> v, double p) {
    std::sort(v.begin(), v.end());
    const double h = (v.size() - 1) * p / 100.0;
    const std::size_t lo = static_cast<std::size_t>(h);
    if (lo + 1 >= v.size()) return v[lo];
    return v[lo] + (h - lo) * (v[lo + 1] - v[lo]);
}

}  // namespace

class TestSegmentationMetrics : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void diceAndIouOfShiftedSquares() {
        Mask a = blank(12, 12), b = blank(12, 12);
        fillBox(a, 2, 2, 0, 5, 5, 0);  // 16
        fillBox(b, 4, 2, 0, 7, 5, 0);  // 16, overlap 8
        QCLOSE(dice(a, b), 0.5);
        QCLOSE(iou(a, b), 1.0 / 3.0);
        const Overlap o = overlap(a, b);
        QCOMPARE(o.predicted, std::size_t(16));
        QCOMPARE(o.intersection, std::size_t(8));
        // Any non-zero value is foreground.
        for (auto& v : a.voxels()) v = v ? 255 : 0;
        QCLOSE(dice(a, b), 0.5);
    }

    void identicalMasks() {
        Mask a = blank(10, 10);
        fillBox(a, 2, 3, 0, 6, 7, 0);
        const auto m = computeMetrics(a, a);
        QCLOSE(m.dice, 1.0);
        QCLOSE(m.iou, 1.0);
        QCLOSE(m.hd95, 0.0);
        QCLOSE(m.assd, 0.0);
        QCLOSE(m.nsd, 1.0);
        QCOMPARE(m.predictedSurfaceVoxels, std::size_t(16));
    }

    void emptyMaskConventions() {
        const Mask empty = blank(8, 8);
        Mask some = blank(8, 8);
        fillBox(some, 1, 1, 0, 3, 3, 0);

        const auto both = computeMetrics(empty, empty);
        QCLOSE(both.dice, 1.0);
        QCLOSE(both.iou, 1.0);
        QCLOSE(both.nsd, 1.0);
        QCLOSE(both.hd95, 0.0);
        QCLOSE(both.hausdorff, 0.0);
        QCLOSE(both.assd, 0.0);
        QCLOSE(dice(empty, empty), 1.0);
        QCLOSE(iou(empty, empty), 1.0);

        for (const auto& m : {computeMetrics(empty, some), computeMetrics(some, empty)}) {
            QCLOSE(m.dice, 0.0);
            QCLOSE(m.iou, 0.0);
            QCLOSE(m.nsd, 0.0);
            QVERIFY(std::isinf(m.hd95) && m.hd95 > 0);
            QVERIFY(std::isinf(m.hausdorff) && m.hausdorff > 0);
            QVERIFY(std::isinf(m.assd) && m.assd > 0);
            QCOMPARE(m.predictedSurfaceVoxels + m.referenceSurfaceVoxels, std::size_t(8));
        }
        QCOMPARE(computeMetrics(empty, some).referenceSurfaceVoxels, std::size_t(8));
        QCLOSE(dice(empty, some), 0.0);
    }

    void offsetSquaresByHand() {
        // Two 5x5 squares, the second 3 pixels to the right. Surfaces are the 16-pixel rings. From each ring
        // to the other (both directions alike): top and bottom rows 3,2,1,0,0; outer column 3,3,3; inner
        // column 1,1,1. Sorted: four 0, five 1, two 2, five 3.
        Mask a = blank(20, 16), b = blank(20, 16);
        fillBox(a, 5, 5, 0, 9, 9, 0);
        fillBox(b, 8, 5, 0, 12, 9, 0);
        MetricOptions opt;
        opt.nsdToleranceMm = 2.0;
        const auto m = computeMetrics(a, b, opt);
        QCLOSE(m.dice, 0.4);  // overlap 2x5 = 10
        QCLOSE(m.iou, 0.25);
        QCOMPARE(m.predictedSurfaceVoxels, std::size_t(16));
        QCOMPARE(m.referenceSurfaceVoxels, std::size_t(16));
        QCLOSE(m.hd95, 3.0);  // h = 15 * 0.95 = 14.25 falls among the 3s
        QCLOSE(m.hausdorff, 3.0);
        QCLOSE(m.assd, 24.0 / 16.0);
        QCLOSE(m.nsd, 11.0 / 16.0);  // 4 + 5 + 2 within 2 mm (inclusive)
        opt.nsdToleranceMm = 1.0;
        QCLOSE(computeMetrics(a, b, opt).nsd, 9.0 / 16.0);
    }

    void hd95IgnoresAFewOutliersAndInterpolates() {
        // A 20x20 reference; the prediction adds four isolated pixels 10 px from it. Prediction -> reference:
        // 76 zeros and four 10s; h = 79 * 0.95 = 75.05 -> 0 + 0.05 * (10 - 0) = 0.5. Reference -> prediction:
        // 0.
        Mask ref = blank(40, 40);
        fillBox(ref, 10, 10, 0, 29, 29, 0);
        Mask pred = ref;
        for (auto [x, y] : {std::pair{39, 15}, std::pair{39, 20}, std::pair{0, 15}, std::pair{0, 20}})
            pred.at(x, y) = 1;
        const auto m = computeMetrics(pred, ref);
        QCLOSE(m.hd95, 0.5);
        QCLOSE(m.hausdorff, 10.0);
        QCLOSE(m.assd, 40.0 / 156.0);
        QCLOSE(m.nsd, 152.0 / 156.0);
        MetricOptions p100;
        p100.hausdorffPercentile = 100.0;
        QCLOSE(computeMetrics(pred, ref, p100).hd95, 10.0);
    }

    void anisotropicSpacingChangesTheAnswer() {
        // The same offset squares with 2 mm columns. Rows and the outer column: distances along x double
        // (6,4,2,0,0 and 6,6,6). The inner column x = 9, y = 6..8 was 1 from B's column x = 8, now 2 mm; but
        // (9,6) and (9,8) are 1 mm from B's top and bottom rows: 1,2,1. Sum 2 * 12 + 18 + 4 = 46.
        const Vec3 sp{2.0, 1.0, 1.0};
        Mask a = blank(20, 16, 1, sp), b = blank(20, 16, 1, sp);
        fillBox(a, 5, 5, 0, 9, 9, 0);
        fillBox(b, 8, 5, 0, 12, 9, 0);
        auto m = computeMetrics(a, b);
        QCLOSE(m.dice, 0.4);  // overlap does not depend on spacing
        QCLOSE(m.hd95, 6.0);
        QCLOSE(m.assd, 46.0 / 16.0);
        QCLOSE(m.nsd, 9.0 / 16.0);  // four 0s, two 2s in the rows, the inner column

        // Offset along y instead: the 1 mm rows keep the isotropic answer.
        Mask c = blank(16, 20, 1, sp), d = blank(16, 20, 1, sp);
        fillBox(c, 5, 5, 0, 9, 9, 0);
        fillBox(d, 5, 8, 0, 9, 12, 0);
        m = computeMetrics(c, d);
        QCLOSE(m.hd95, 3.0);
        QCLOSE(m.assd, 1.5);
    }

    void disjointSquares() {
        // 3x3 squares 8 px apart (x 2..4 and 10..12): ring distances 6,6,6 (near column), 7,7 (middle
        // column, top and bottom), 8,8,8 (far column).
        Mask a = blank(16, 8), b = blank(16, 8);
        fillBox(a, 2, 2, 0, 4, 4, 0);
        fillBox(b, 10, 2, 0, 12, 4, 0);
        const auto m = computeMetrics(a, b);
        QCLOSE(m.dice, 0.0);
        QCLOSE(m.iou, 0.0);
        QCLOSE(m.hausdorff, 8.0);
        QCLOSE(m.hd95, 8.0);
        QCLOSE(m.assd, 7.0);
        QCLOSE(m.nsd, 0.0);
    }

    void cubesIn3D() {
        // 5x5x5 cubes offset by 3 along x. Surface = 98 voxels each. From A: the far face (25) is 3 away, the
        // rings of the next layers (16 each) 2, 1 and 0, the near face's ring (16) 0 and its 3x3 centre
        // (9) 1.
        Mask a = blank(16, 12, 12), b = blank(16, 12, 12);
        fillBox(a, 2, 3, 3, 6, 7, 7);
        fillBox(b, 5, 3, 3, 9, 7, 7);
        const auto m = computeMetrics(a, b);
        QCOMPARE(m.predictedSurfaceVoxels, std::size_t(98));
        QCLOSE(m.dice, 0.4);
        QCLOSE(m.hd95, 3.0);
        QCLOSE(m.assd, 132.0 / 98.0);
        QCLOSE(m.nsd, 73.0 / 98.0);
        // Offset along z with 0.5 mm slices: every nearest offset was along z and z steps got cheaper while
        // in-plane steps did not, so every distance halves.
        Mask e = blank(12, 12, 16, {1, 1, 0.5}), f = blank(12, 12, 16, {1, 1, 0.5});
        fillBox(e, 3, 3, 2, 7, 7, 6);
        fillBox(f, 3, 3, 5, 7, 7, 9);
        const auto z = computeMetrics(e, f);
        QCLOSE(z.hd95, 1.5);
        QCLOSE(z.assd, 66.0 / 98.0);
    }

    void surfaceDefinition() {
        Mask full(blank(3, 3).geometry(), 1);
        const Mask s = surfaceOf(full);
        QCOMPARE(int(std::count(s.voxels().begin(), s.voxels().end(), 1)),
                 8);  // image border counts as outside
        QCOMPARE(int(s.at(1, 1)), 0);
        Mask one = blank(5, 5);
        one.at(2, 2) = 1;
        QCOMPARE(int(surfaceOf(one).at(2, 2)), 1);
        // A slab spanning the whole depth of a volume: top and bottom faces are surface too.
        Mask slab(blank(3, 3, 3).geometry(), 1);
        const Mask slabSurface = surfaceOf(slab);
        QCOMPARE(int(std::count(slabSurface.voxels().begin(), slabSurface.voxels().end(), 1)), 26);
        // Only face neighbours count: a diagonal gap does not make a voxel surface.
        Mask plus = blank(5, 5);
        fillBox(plus, 1, 1, 0, 3, 3, 0);
        plus.at(0, 0) = 0;
        QCOMPARE(int(surfaceOf(plus).at(2, 2)), 0);
    }

    void matchesBruteForceOnRandomMasks() {
        std::mt19937 rng(17);
        for (int trial = 0; trial < 24; ++trial) {
            const bool is3D = trial % 2;
            const Vec3 sp{0.7 + 0.1 * (trial % 3), 1.3, is3D ? 2.5 : 1.0};
            const int w = 8 + trial % 5, h = 7 + trial % 4, d = is3D ? 5 + trial % 3 : 1;
            Mask a = blank(w, h, d, sp), b = blank(w, h, d, sp);
            for (auto& v : a.voxels()) v = rng() % 3 == 0;
            for (auto& v : b.voxels()) v = rng() % 4 == 0;
            if (std::count(a.voxels().begin(), a.voxels().end(), 1) == 0) a.at(0, 0, 0) = 1;
            if (std::count(b.voxels().begin(), b.voxels().end(), 1) == 0) b.at(1, 1, 0) = 1;
            MetricOptions opt;
            opt.nsdToleranceMm = 1.5;
            const auto m = computeMetrics(a, b, opt);
            const auto sa = surfaceBrute(a), sb = surfaceBrute(b);
            const auto ab = directed(sa, sb, sp), ba = directed(sb, sa, sp);
            double sum = 0, mx = 0;
            std::size_t within = 0;
            for (const auto* v : {&ab, &ba})
                for (double x : *v) {
                    sum += x;
                    mx = std::max(mx, x);
                    within += x <= 1.5 + 1e-9;
                }
            QCOMPARE(m.predictedSurfaceVoxels, sa.size());
            QCOMPARE(m.referenceSurfaceVoxels, sb.size());
            QVERIFY(std::abs(m.assd - sum / (ab.size() + ba.size())) < 1e-4);
            QVERIFY(std::abs(m.hausdorff - mx) < 1e-4);
            QVERIFY(std::abs(m.hd95 - std::max(percentileBrute(ab, 95), percentileBrute(ba, 95))) < 1e-4);
            QCLOSE(m.nsd, double(within) / (ab.size() + ba.size()));
        }
    }

    void differentGridsAreRejected() {
        QVERIFY_THROWS_EXCEPTION(std::invalid_argument, dice(blank(4, 4), blank(4, 5)));
        QVERIFY_THROWS_EXCEPTION(std::invalid_argument, iou(blank(4, 4), blank(4, 4, 2)));
        QVERIFY_THROWS_EXCEPTION(std::invalid_argument,
                                 computeMetrics(blank(4, 4, 1, {1, 1, 1}), blank(4, 4, 1, {1, 2, 1})));
        MetricOptions bad;
        bad.nsdToleranceMm = -1;
        QVERIFY_THROWS_EXCEPTION(std::invalid_argument, computeMetrics(blank(4, 4), blank(4, 4), bad));
    }
};

QTEST_APPLESS_MAIN(TestSegmentationMetrics)
#include "tst_SegmentationMetrics.moc"
