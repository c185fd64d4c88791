#include <QtTest>
#include <cmath>
#include <limits>
#include <random>

#include "core/metrics/DistanceTransform.h"

using namespace medsam::core;

namespace {
// O(n^2) reference: the exact answer by brute force.
std::vector<float> bruteForce(const Mask& feature) {
    const auto& g = feature.geometry();
    std::vector<float> out(g.voxelCount(), std::numeric_limits<float>::infinity());
    for (int k = 0; k < g.size[2]; ++k)
        for (int j = 0; j < g.size[1]; ++j)
            for (int i = 0; i < g.size[0]; ++i)
                for (int c = 0; c < g.size[2]; ++c)
                    for (int b = 0; b < g.size[1]; ++b)
                        for (int a = 0; a < g.size[0]; ++a) {
                            if (!feature.at(a, b, c)) continue;
                            const double dx = (i - a) * g.spacing[0], dy = (j - b) * g.spacing[1],
                                         dz = (k - c) * g.spacing[2];
                            float& o = out[g.linearIndex(i, j, k)];
                            o = std::min(o, static_cast<float>(dx * dx + dy * dy + dz * dz));
                        }
    return out;
}
}  // namespace

class TestDistanceTransform : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void matchesBruteForceOnAnisotropicGrids() {
        std::mt19937 rng(11);
        for (int trial = 0; trial < 6; ++trial) {
            ImageGeometry g;
            g.size = {9 + trial, 7, trial % 2 ? 5 : 1};
            g.spacing = {0.7, 1.9, 3.1};
            Mask feature(g);
            for (auto& v : feature.voxels()) v = rng() % 9 == 0;
            const auto fast = squaredDistanceToFeature(feature);
            const auto slow = bruteForce(feature);
            for (std::size_t n = 0; n < fast.size(); ++n) {
                if (std::isinf(slow[n])) {
                    QVERIFY(std::isinf(fast[n]));
                } else {
                    QVERIFY2(std::abs(fast[n] - slow[n]) < 1e-3f * (1 + slow[n]),
                             qPrintable(QString("%1 vs %2").arg(fast[n]).arg(slow[n])));
                }
            }
        }
    }

    void insideDistanceOfASquare() {
        ImageGeometry g;
        g.size = {7, 7, 1};
        g.spacing = {2.0, 1.0, 1.0};
        Mask m(g);
        for (int y = 1; y <= 5; ++y)
            for (int x = 1; x <= 5; ++x) m.at(x, y) = 1;
        const auto d = distanceInside(m);
        QCOMPARE(d[g.linearIndex(0, 0, 0)], 0.0f);
        QCOMPARE(d[g.linearIndex(3, 3, 0)],
                 3.0f);  // nearest outside is 3 rows away (1 mm rows) vs 3 columns (2 mm)
        QCOMPARE(d[g.linearIndex(1, 3, 0)], 2.0f);
    }

    void noFeatureMeansInfinity() {
        ImageGeometry g;
        g.size = {4, 4, 1};
        const auto d = squaredDistanceToFeature(Mask(g));
        for (float v : d) QVERIFY(std::isinf(v));
    }
};

QTEST_APPLESS_MAIN(TestDistanceTransform)
#include "tst_DistanceTransform.moc"
