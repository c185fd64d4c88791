#include <QtTest>

#include "core/image/Polygon.h"

using namespace medsam::core;

namespace {
ImageGeometry slice(int w, int h) {
    ImageGeometry g;
    g.size = {w, h, 1};
    return g;
}
std::size_t count(const Mask& m) {
    return static_cast<std::size_t>(std::count(m.voxels().begin(), m.voxels().end(), 1));
}
}  // namespace

class TestPolygon : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void squareFillsThePixelsWhoseCentresItCovers() {
        // Corners at pixel centres 2..6: the 5x5 pixels 2..6 x 2..6 (boundary centres count on the left/top).
        const Mask m = fillPolygon(slice(10, 10), {{2, 2}, {6.5, 2}, {6.5, 6.5}, {2, 6.5}});
        QCOMPARE(count(m), std::size_t(25));
        QCOMPARE(m.at(2, 2), std::uint8_t(1));
        QCOMPARE(m.at(6, 6), std::uint8_t(1));
        QCOMPARE(m.at(7, 6), std::uint8_t(0));
        QCOMPARE(m.at(1, 3), std::uint8_t(0));
    }

    void triangleAreaAndConcaveShape() {
        // A right triangle of legs 40 (area 800): row y holds the centres x = 10 .. 60 - y, so the rows 10..49
        // hold 41 + 40 + ... + 2 = 860 pixels (the lattice points on the two legs and the hypotenuse included).
        const Mask t = fillPolygon(slice(64, 64), {{10, 10}, {50, 10}, {10, 50}});
        QCOMPARE(count(t), std::size_t(860));
        // An L shape (concave): the notch stays empty.
        const Mask l = fillPolygon(slice(32, 32), {{0, 0}, {20, 0}, {20, 10}, {10, 10}, {10, 20}, {0, 20}});
        QCOMPARE(l.at(5, 15), std::uint8_t(1));
        QCOMPARE(l.at(15, 15), std::uint8_t(0));
        QCOMPARE(l.at(15, 5), std::uint8_t(1));
    }

    void degenerateAndOutsidePolygons() {
        QCOMPARE(count(fillPolygon(slice(8, 8), {{1, 1}, {5, 5}})), std::size_t(0));
        // Partly outside the slice: clipped, no out-of-range writes.
        const Mask m = fillPolygon(slice(8, 8), {{-10, -10}, {20, -10}, {20, 20}, {-10, 20}});
        QCOMPARE(count(m), std::size_t(64));
    }
};

QTEST_APPLESS_MAIN(TestPolygon)
#include "tst_Polygon.moc"
