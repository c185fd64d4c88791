#include <QtTest>
#include <cmath>
#include <limits>
#include <stdexcept>
#include <vector>

#include "core/metrics/Percentile.h"
#include "core/render/WindowLevel.h"

using namespace medsam::core;

// Reference numbers: numpy 1.24.2 (Debian 12's python3-numpy), numpy.percentile(arr, PS) with the default
// method ("linear"), printed with repr(float(x)); the arrays are built exactly as below:
//   a = np.array([3.5, -1.25, 7.0, 7.0, 0.0, 12.75, -4.5, 2.0, 9.125, 5.5])
//   b = np.array([((i*7919) % 1009)*0.25 - 100 for i in range(1001)])
//   c = np.array([np.float32(((i*104729) % 2003)/7.0) for i in range(257)],
//   dtype=np.float32).astype(np.float64) one = np.array([42.0]); two = np.array([1.0, 2.0])
namespace {

const std::vector<double> kPs = {0, 0.5, 1, 25, 33.3, 50, 75, 95, 99.5, 100};

std::vector<double> arrayA() {
    return {3.5, -1.25, 7.0, 7.0, 0.0, 12.75, -4.5, 2.0, 9.125, 5.5};
}
std::vector<double> arrayB() {
    std::vector<double> b;
    for (int i = 0; i < 1001; ++i) b.push_back(((i * 7919) % 1009) * 0.25 - 100);
    return b;
}
std::vector<float> arrayC() {
    std::vector<float> c;
    for (int i = 0; i < 257; ++i) c.push_back(static_cast<float>(((i * 104729) % 2003) / 7.0));
    return c;
}

void compareAll(const std::optional<std::vector<double>>& got, const std::vector<double>& numpy) {
    QVERIFY(got.has_value());
    QCOMPARE(got->size(), numpy.size());
    for (std::size_t k = 0; k < numpy.size(); ++k) {
        // numpy's lerp differs from a + t*(b-a) in the last bits only.
        const double tolerance = 1e-12 * std::max(1.0, std::abs(numpy[k]));
        QVERIFY2(std::abs((*got)[k] - numpy[k]) <= tolerance, qPrintable(QString("p=%1: got %2, numpy %3")
                                                                             .arg(kPs[k])
                                                                             .arg((*got)[k], 0, 'g', 17)
                                                                             .arg(numpy[k], 0, 'g', 17)));
    }
}

}  // namespace

class TestPercentile : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void matchesNumpyLinear() {
        compareAll(percentiles(arrayA(), kPs), {-4.5, -4.35375, -4.2075, 0.5, 1.9939999999999998, 4.5, 7.0,
                                                11.118749999999997, 12.586875000000001, 12.75});
        compareAll(percentiles(arrayB(), kPs),
                   {-100.0, -98.75, -97.5, -36.75, -15.750000000000014, 26.25, 89.0, 139.5, 150.75, 152.0});
        compareAll(
            percentiles(arrayC(), kPs),
            {0.0, 0.9142857360839844, 1.8285714054107667, 60.57143020629883, 89.89142993164062,
             135.2857208251953, 210.7142791748047, 262.1428588867187, 270.3714392089844, 271.28570556640625});
        compareAll(percentiles(std::vector<double>{42.0}, kPs), std::vector<double>(kPs.size(), 42.0));
        compareAll(percentiles(std::vector<double>{2.0, 1.0}, kPs),
                   {1.0, 1.005, 1.01, 1.25, 1.333, 1.5, 1.75, 1.95, 1.995, 2.0});
        QCOMPARE(*percentile(arrayA(), 33.3), *percentiles(arrayA(), {33.3})->data());
    }

    void nonFiniteValuesAreIgnoredAndNoneIsNoResult() {
        std::vector<float> withNan = arrayC();
        withNan.insert(withNan.begin() + 3, std::numeric_limits<float>::quiet_NaN());
        withNan.push_back(std::numeric_limits<float>::infinity());
        withNan.push_back(-std::numeric_limits<float>::infinity());
        compareAll(percentiles(withNan, {0, 50, 100}), {0.0, 135.2857208251953, 271.28570556640625});
        QVERIFY(!percentile(std::vector<float>{}, 50).has_value());
        QVERIFY(!percentile(std::vector<float>{std::numeric_limits<float>::quiet_NaN()}, 50).has_value());
        QVERIFY_THROWS_EXCEPTION(std::invalid_argument, percentile(arrayA(), 100.5));
        QVERIFY_THROWS_EXCEPTION(std::invalid_argument, percentile(arrayA(), -1));
    }

    // The display window uses the same convention: a 10-voxel image of array a gets numpy's 0.5th and 99.5th
    // percentiles (the nearest-rank rule it used before gave -4.5 and 12.75).
    void autoWindowUsesNumpysPercentiles() {
        ImageGeometry g;
        g.size = {10, 1, 1};
        Image<float> image(g);
        const auto a = arrayA();
        for (std::size_t n = 0; n < a.size(); ++n) image.voxels()[n] = static_cast<float>(a[n]);
        const WindowLevel w = autoWindow(image);
        QVERIFY2(std::abs(w.lower() - (-4.35375)) < 1e-9, qPrintable(QString::number(w.lower(), 'g', 17)));
        QVERIFY2(std::abs(w.upper() - 12.586875000000001) < 1e-9,
                 qPrintable(QString::number(w.upper(), 'g', 17)));
    }
};

QTEST_APPLESS_MAIN(TestPercentile)
#include "tst_Percentile.moc"
