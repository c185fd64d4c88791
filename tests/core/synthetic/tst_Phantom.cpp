#include <QtTest>
#include <cmath>
#include <numeric>

#include "core/synthetic/Phantom.h"

using namespace medsam::core;

namespace {

constexpr double kPi = 3.14159265358979323846;

// The ellipse written independently from the library: voxel centre in mm relative to the image centre,
// rotated by -angle, normalised radius <= 1.
bool insideByHand(double i, double j, double k, const PhantomSpec& s, const EllipsoidSpec& e) {
    const double cx = 0.5 * (s.size[0] - 1) * s.spacing[0] + e.centreOffsetMm[0];
    const double cy = 0.5 * (s.size[1] - 1) * s.spacing[1] + e.centreOffsetMm[1];
    const double cz = 0.5 * (s.size[2] - 1) * s.spacing[2] + e.centreOffsetMm[2];
    const double x = i * s.spacing[0] - cx, y = j * s.spacing[1] - cy, z = k * s.spacing[2] - cz;
    const double a = e.angleDeg * kPi / 180.0;
    const double u = std::cos(a) * x + std::sin(a) * y, v = -std::sin(a) * x + std::cos(a) * y;
    return u * u / (e.radiiMm[0] * e.radiiMm[0]) + v * v / (e.radiiMm[1] * e.radiiMm[1]) +
               z * z / (e.radiiMm[2] * e.radiiMm[2]) <=
           1.0;
}

PhantomSpec clean() {
    PhantomSpec s;
    s.noiseSigma = 0;
    s.textureAmplitude = 0;
    s.edgeBlurMm = 0;
    return s;
}

double meanOver(const Image<float>& img, const Mask& m, bool inside) {
    double sum = 0;
    std::size_t n = 0;
    for (std::size_t v = 0; v < m.voxels().size(); ++v)
        if ((m.voxels()[v] != 0) == inside) {
            sum += img.voxels()[v];
            ++n;
        }
    return n ? sum / n : 0;
}

}  // namespace

class TestPhantom : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void deterministicFromSeed() {
        PhantomSpec s;
        s.distractor = true;
        s.weakEdge = true;
        const Phantom a = makePhantom2D(s, 7), b = makePhantom2D(s, 7), c = makePhantom2D(s, 8);
        QVERIFY(a.volume.image.voxels() == b.volume.image.voxels());
        QVERIFY(a.labels.labels.voxels() == b.labels.labels.voxels());
        QVERIFY(a.volume.image.voxels() != c.volume.image.voxels());
        QVERIFY(a.target.voxels() == c.target.voxels());  // the shape comes from the spec, not the seed
        // Values pinned from a run: they catch accidental changes to the draw order, and would catch a
        // platform-dependent random distribution (the tolerance only absorbs libm rounding).
        QVERIFY(std::abs(a.volume.image.at(5, 9) - 96.0679932) < 1e-3);
        QVERIFY(std::abs(a.volume.image.at(64, 64) - 210.597229) < 1e-3);
        QVERIFY(std::abs(a.volume.image.at(100, 30) - 93.4979858) < 1e-3);
    }

    void maskMatchesAnalyticEllipse() {
        PhantomSpec s;
        s.size = {120, 90, 1};
        s.spacing = {0.8, 1.3, 1.0};
        s.target = {{7.0, -4.0, 0.0}, {30.0, 18.0, 10.0}, 33.0, 180.0};
        const Phantom p = makePhantom2D(s, 1);
        QCOMPARE(p.target.geometry().size, (Size3{120, 90, 1}));
        std::size_t count = 0;
        for (int j = 0; j < 90; ++j)
            for (int i = 0; i < 120; ++i) {
                QCOMPARE(p.target.at(i, j) != 0, insideByHand(i, j, 0, s, s.target));
                QCOMPARE(p.labels.labels.at(i, j), std::uint16_t(p.target.at(i, j) ? 1 : 0));
                QCOMPARE(insideEllipsoid(s.target, p.target.geometry(), i, j, 0), p.target.at(i, j) != 0);
                count += p.target.at(i, j);
            }
        const double expected = kPi * 30.0 * 18.0 / (0.8 * 1.3);
        QVERIFY2(std::abs(count - expected) < 0.02 * expected, qPrintable(QString::number(count)));
    }

    void anisotropic3DVolume() {
        PhantomSpec s = clean();
        s.size = {41, 41, 21};  // odd sizes put the centre on voxel (20, 20, 10)
        s.spacing = {1.0, 1.0, 3.0};
        s.target = {{0, 0, 0}, {12.0, 12.0, 15.0}, 0.0, 200.0};
        const Phantom p = makePhantom3D(s, 2);
        int slicesWithTarget = 0;
        for (int k = 0; k < 21; ++k) {
            bool any = false;
            for (int j = 0; j < 41; ++j)
                for (int i = 0; i < 41; ++i) {
                    QCOMPARE(p.target.at(i, j, k) != 0, insideByHand(i, j, k, s, s.target));
                    any |= p.target.at(i, j, k) != 0;
                }
            slicesWithTarget += any;
        }
        // Radius 15 mm over 3 mm slices around the centre slice 10: slices 5..15 (5 and 15 touch it at one
        // voxel).
        QCOMPARE(slicesWithTarget, 11);
        QVERIFY_THROWS_EXCEPTION(std::invalid_argument, makePhantom3D(clean(), 1));
    }

    void hardEdgesWithoutNoiseAreTwoLevels() {
        const Phantom p = makePhantom2D(clean(), 3);
        for (std::size_t v = 0; v < p.target.voxels().size(); ++v)
            QCOMPARE(p.volume.image.voxels()[v], p.target.voxels()[v] ? 200.0f : 100.0f);
    }

    void blurredEdgeCrossesHalfContrastAtTheBoundary() {
        PhantomSpec s = clean();
        s.edgeBlurMm = 2.0;
        s.target = {{0, 0, 0}, {30.0, 30.0, 30.0}, 0.0, 200.0};
        const Phantom p = makePhantom2D(s, 3);
        // Along the row through the centre, voxels inside the boundary are above 150 and those outside below.
        const int j = 63;  // image centre is at 63.5 mm; the row at 63 is 0.5 mm off the axis
        bool sawPartial = false;
        for (int i = 0; i < 128; ++i) {
            const float v = p.volume.image.at(i, j);
            QCOMPARE(v > 150.0f, p.target.at(i, j) != 0);
            sawPartial |= v > 105.0f && v < 195.0f;
        }
        QVERIFY(sawPartial);
    }

    void noiseHasTheRequestedSigma() {
        PhantomSpec s = clean();
        s.noiseSigma = 7.0;
        s.size = {200, 200, 1};
        const Phantom p = makePhantom2D(s, 4);
        double sum = 0, sum2 = 0;
        std::size_t n = 0;
        for (std::size_t v = 0; v < p.target.voxels().size(); ++v)
            if (!p.target.voxels()[v]) {
                const double x = p.volume.image.voxels()[v] - 100.0;
                sum += x;
                sum2 += x * x;
                ++n;
            }
        const double mean = sum / n, sd = std::sqrt(sum2 / n - mean * mean);
        QVERIFY2(std::abs(mean) < 0.2, qPrintable(QString::number(mean)));
        QVERIFY2(std::abs(sd - 7.0) < 0.2, qPrintable(QString::number(sd)));
    }

    void textureIsSmoothAndBounded() {
        PhantomSpec s = clean();
        s.textureAmplitude = 10.0;
        const Phantom p = makePhantom2D(s, 5);
        const auto& img = p.volume.image;
        double maxStep = 0, maxDev = 0;
        for (int j = 0; j < img.height(); ++j)
            for (int i = 1; i < img.width(); ++i) {
                if (p.target.at(i, j) != p.target.at(i - 1, j)) continue;
                maxStep = std::max(maxStep, double(std::abs(img.at(i, j) - img.at(i - 1, j))));
                maxDev = std::max(maxDev, std::abs(img.at(i, j) - (p.target.at(i, j) ? 200.0 : 100.0)));
            }
        // Four waves of amplitude 5 and wavelength >= 30 mm: at most 20 away from the base level, and at
        // most 4 * 5 * 2pi / 30 ~ 4.2 per millimetre.
        QVERIFY(maxDev > 1.0);
        QVERIFY(maxDev <= 20.0 + 1e-3);
        QVERIFY2(maxStep < 4.3, qPrintable(QString::number(maxStep)));
    }

    void weakEdgeLowersContrastOnItsArc() {
        PhantomSpec s = clean();
        s.weakEdge = true;
        s.weakEdgeDirectionDeg = 0.0;  // +x side
        s.weakEdgeArcDeg = 90.0;
        s.weakEdgeContrast = 0.2;
        s.target = {{0, 0, 0}, {30.0, 30.0, 30.0}, 0.0, 200.0};
        const Phantom p = makePhantom2D(s, 6);
        // The row through the centre (j = 64 is 0.5 mm off): find the last inside voxel on each side. Just
        // outside the weak side only ~20% of the contrast is left (a bit more than weakEdgeContrast, since
        // that voxel is ~0.5 mm out and the raise fades with distance); the strong side keeps all of it.
        const int j = 64;
        int right = 127, left = 0;
        while (!p.target.at(right, j)) --right;
        while (!p.target.at(left, j)) ++left;
        const double weakStep = p.volume.image.at(right, j) - p.volume.image.at(right + 1, j);
        const double strongStep = p.volume.image.at(left, j) - p.volume.image.at(left - 1, j);
        QCOMPARE(strongStep, 100.0);
        QVERIFY2(weakStep > 15.0 && weakStep < 35.0, qPrintable(QString::number(weakStep)));
        // Inside is untouched, so the label is still exact.
        QCOMPARE(p.volume.image.at(right, j), 200.0f);
    }

    void distractorIsSimilarAndSeparate() {
        PhantomSpec s;
        s.distractor = true;
        s.textureAmplitude = 0;  // texture would shift the two means apart by chance
        const Phantom p = makePhantom2D(s, 7);
        const std::size_t t =
            std::accumulate(p.target.voxels().begin(), p.target.voxels().end(), std::size_t{0});
        const std::size_t d =
            std::accumulate(p.distractor.voxels().begin(), p.distractor.voxels().end(), std::size_t{0});
        QVERIFY(t > 0 && d > 0);
        for (std::size_t v = 0; v < p.target.voxels().size(); ++v) {
            QVERIFY(!(p.target.voxels()[v] && p.distractor.voxels()[v]));
            QCOMPARE(p.labels.labels.voxels()[v], std::uint16_t(p.target.voxels()[v]       ? 1
                                                                : p.distractor.voxels()[v] ? 2
                                                                                           : 0));
        }
        const double targetMean = meanOver(p.volume.image, p.target, true);
        const double distractorMean = meanOver(p.volume.image, p.distractor, true);
        QVERIFY(std::abs(targetMean - distractorMean) < 0.2 * (targetMean - 100.0));
        QCOMPARE(int(p.labels.table.size()), 2);
        QVERIFY(p.labels.find(2) && p.labels.find(2)->name == "distractor");
        QCOMPARE(int(makePhantom2D(PhantomSpec{}, 7).labels.table.size()), 1);
    }

    void randomSpecsAreValidAndSeeded() {
        for (unsigned seed = 0; seed < 20; ++seed) {
            const PhantomSpec s = randomPhantomSpec({96, 96, 1}, {1.0, 1.0, 1.0}, seed);
            const Phantom p = makePhantom2D(s, seed);
            const std::size_t t =
                std::accumulate(p.target.voxels().begin(), p.target.voxels().end(), std::size_t{0});
            QVERIFY2(t > 200, qPrintable(QString("seed %1: %2 voxels").arg(seed).arg(t)));
            QCOMPARE(randomPhantomSpec({96, 96, 1}, {1.0, 1.0, 1.0}, seed).target.radiiMm, s.target.radiiMm);
        }
    }

    void badSpecsAreRejected() {
        PhantomSpec s;
        s.spacing = {1.0, 0.0, 1.0};
        QVERIFY_THROWS_EXCEPTION(std::invalid_argument, makePhantom2D(s, 1));
        s = PhantomSpec{};
        s.target.radiiMm = {10, -1, 10};
        QVERIFY_THROWS_EXCEPTION(std::invalid_argument, makePhantom2D(s, 1));
        s = PhantomSpec{};
        s.noiseSigma = -1;
        QVERIFY_THROWS_EXCEPTION(std::invalid_argument, makePhantom2D(s, 1));
    }
};

QTEST_APPLESS_MAIN(TestPhantom)
#include "tst_Phantom.moc"
