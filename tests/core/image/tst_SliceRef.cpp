#include <QtTest>
#include <cmath>

#include "core/image/SliceRef.h"

using namespace medsam::core;

class TestSliceRef : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void worldRoundTripOnObliqueGrid() {
        ImageGeometry g;
        g.size = {10, 20, 5};
        g.spacing = {0.5, 0.75, 3.0};
        g.origin = {-10, 20, 5};
        const double c = std::cos(0.3), s = std::sin(0.3);
        g.direction = {c, -s, 0, s, c, 0, 0, 0, 1};
        const Vec3 idx{3.25, 7.0, 2.5};
        const Vec3 back = g.worldToIndex(g.indexToWorld(idx));
        for (int a = 0; a < 3; ++a) QVERIFY(std::abs(back[a] - idx[a]) < 1e-9);
        const Vec3 w = g.indexToWorld({1, 0, 0});
        QCOMPARE(w[0], -10 + 0.5 * c);
        QCOMPARE(w[1], 20 + 0.5 * s);
    }

    void sliceGeometryPlacesPixelsWhereTheVolumeHasThem() {
        ImageGeometry g;
        g.size = {4, 5, 6};
        g.spacing = {1.0, 2.0, 3.0};
        g.origin = {1, 2, 3};
        for (int axis = 0; axis < 3; ++axis) {
            const SliceRef ref{axis, 2};
            const ImageGeometry sg = sliceGeometry(g, ref);
            const auto [u, v] = inPlaneAxes(axis);
            QCOMPARE(sg.size[0], g.size[u]);
            QCOMPARE(sg.size[1], g.size[v]);
            QCOMPARE(sg.spacing[0], g.spacing[u]);
            QCOMPARE(sg.spacing[1], g.spacing[v]);
            Vec3 volIdx{0, 0, 0};
            volIdx[axis] = 2;
            volIdx[u] = 3;
            volIdx[v] = 1;
            const Vec3 expected = g.indexToWorld(volIdx);
            const Vec3 actual = sg.indexToWorld({3, 1, 0});
            for (int a = 0; a < 3; ++a) QVERIFY(std::abs(expected[a] - actual[a]) < 1e-9);
        }
    }

    void extractThenInsertIsExact() {
        ImageGeometry g;
        g.size = {3, 4, 5};
        Image<float> vol(g);
        for (std::size_t n = 0; n < vol.voxels().size(); ++n) vol.voxels()[n] = static_cast<float>(n);
        const Image<float> s = extractSlice(vol, SliceRef{1, 2});
        QCOMPARE(s.width(), 3);
        QCOMPARE(s.height(), 5);
        QCOMPARE(s.at(2, 4), vol.at(2, 2, 4));
        Image<float> copy(g);
        insertSlice(copy, SliceRef{1, 2}, s);
        QCOMPARE(copy.at(1, 2, 3), vol.at(1, 2, 3));
        QCOMPARE(copy.at(1, 1, 3), 0.0f);
    }

    void outOfRangeSliceIsAClearError() {
        ImageGeometry g;
        g.size = {3, 4, 5};
        Image<float> vol(g);
        try {
            extractSlice(vol, SliceRef{2, 5});
            QFAIL("expected an exception");
        } catch (const std::out_of_range& e) {
            QVERIFY(QString(e.what()).contains("k:5"));
        }
    }

    void anatomicalPlaneFollowsTheDirectionMatrix() {
        ImageGeometry g;
        g.size = {10, 10, 10};
        // A sagittal acquisition: index k runs left-right.
        g.direction = {0, 0, 1, 1, 0, 0, 0, 1, 0};
        QCOMPARE(indexAxisForPlane(g, AnatomicalPlane::Sagittal), 2);
        QCOMPARE(indexAxisForPlane(g, AnatomicalPlane::Axial), 1);
        QCOMPARE(indexAxisForPlane(g, AnatomicalPlane::Coronal), 0);
        QCOMPARE(g.orientationCode(), std::string("PSL"));
        QVERIFY(parseAnatomicalPlane("Axial").has_value());
        QVERIFY(!parseAnatomicalPlane("oblique").has_value());
    }
};

QTEST_APPLESS_MAIN(TestSliceRef)
#include "tst_SliceRef.moc"
