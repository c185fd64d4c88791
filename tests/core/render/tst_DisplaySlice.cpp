#include <QtTest>
#include <cmath>

#include "core/render/DisplaySlice.h"
#include "core/render/Histogram.h"

using namespace medsam::core;

namespace {

// A volume whose voxel value encodes its index, so every displayed pixel says where it came from.
Image<float> indexVolume(const ImageGeometry& g) {
    Image<float> v(g);
    for (int k = 0; k < g.size[2]; ++k)
        for (int j = 0; j < g.size[1]; ++j)
            for (int i = 0; i < g.size[0]; ++i) v.at(i, j, k) = float(i + 10 * j + 100 * k);
    return v;
}

ImageGeometry grid(Size3 size, Mat3 direction = kIdentityDirection) {
    ImageGeometry g;
    g.size = size;
    g.spacing = {0.5, 0.8, 3.0};
    g.direction = direction;
    return g;
}

std::string markers(const ImageGeometry& g, AnatomicalPlane p) {
    const EdgeMarkers m = edgeMarkers(g, displayAxes(g, p));
    return m.left + m.right + m.top + m.bottom;
}

}  // namespace

class TestDisplaySlice : public QObject {
    Q_OBJECT
private Q_SLOTS:
    // LPS-aligned volume (DICOM's axial acquisition): radiological convention on every plane.
    void lpsVolumeFollowsTheRadiologicalConvention() {
        const ImageGeometry g = grid({6, 5, 4});
        const DisplayAxes axial = displayAxes(g, AnatomicalPlane::Axial);
        QCOMPARE(axial.normalAxis, 2);
        QCOMPARE(axial.axisX, 0);
        QVERIFY(!axial.flipX);  // +i is patient left, shown on the right
        QCOMPARE(axial.axisY, 1);
        QVERIFY(!axial.flipY);  // +j is posterior, shown at the bottom
        QCOMPARE(markers(g, AnatomicalPlane::Axial), std::string("RLAP"));
        const DisplayAxes coronal = displayAxes(g, AnatomicalPlane::Coronal);
        QCOMPARE(coronal.normalAxis, 1);
        QCOMPARE(coronal.axisY, 2);
        QVERIFY(coronal.flipY);  // superior up
        QCOMPARE(markers(g, AnatomicalPlane::Coronal), std::string("RLSI"));
        const DisplayAxes sagittal = displayAxes(g, AnatomicalPlane::Sagittal);
        QCOMPARE(sagittal.normalAxis, 0);
        QCOMPARE(sagittal.axisX, 1);
        QVERIFY(!sagittal.flipX);  // anterior on the left
        QCOMPARE(markers(g, AnatomicalPlane::Sagittal), std::string("APSI"));
    }

    // A RAS-stored NIfTI (i towards the right, j anterior): the display flips so anatomy lands where it must.
    void rasVolumeIsFlippedOntoTheSameConvention() {
        const ImageGeometry g = grid({6, 5, 4}, {-1, 0, 0, 0, -1, 0, 0, 0, 1});
        const DisplayAxes axial = displayAxes(g, AnatomicalPlane::Axial);
        QVERIFY(axial.flipX);
        QVERIFY(axial.flipY);
        QCOMPARE(markers(g, AnatomicalPlane::Axial), std::string("RLAP"));
        // Display pixel (0, 0) is the voxel at the patient's right-anterior corner: i and j at their maximum.
        const auto index = displayToIndex(g, axial, 2, 0, 0);
        QCOMPARE(index[0], 5);
        QCOMPARE(index[1], 4);
        QCOMPARE(index[2], 2);
    }

    // A sagittal acquisition (i along A->P, j along S->I, k along R->L): the planes find their axes.
    void sagittalAcquisitionMapsPlanesToTheRightAxes() {
        // Columns: i -> +y (P), j -> -z (I), k -> +x (L).
        const ImageGeometry g = grid({6, 5, 4}, {0, 0, 1, 1, 0, 0, 0, -1, 0});
        QCOMPARE(displayAxes(g, AnatomicalPlane::Sagittal).normalAxis, 2);
        QCOMPARE(displayAxes(g, AnatomicalPlane::Coronal).normalAxis, 0);
        QCOMPARE(displayAxes(g, AnatomicalPlane::Axial).normalAxis, 1);
        for (auto p : {AnatomicalPlane::Axial, AnatomicalPlane::Coronal, AnatomicalPlane::Sagittal}) {
            const std::string expected = p == AnatomicalPlane::Axial     ? "RLAP"
                                         : p == AnatomicalPlane::Coronal ? "RLSI"
                                                                         : "APSI";
            QCOMPARE(markers(g, p), expected);
        }
    }

    void renderedPixelsComeFromTheMappedVoxels() {
        const ImageGeometry g = grid({6, 5, 4}, {-1, 0, 0, 0, -1, 0, 0, 0, 1});
        const Image<float> volume = indexVolume(g);
        const WindowLevel window = WindowLevel::fromRange(0, 510);  // value v -> grey v/2
        for (auto p : {AnatomicalPlane::Axial, AnatomicalPlane::Coronal, AnatomicalPlane::Sagittal}) {
            const DisplayAxes axes = displayAxes(g, p);
            const RgbImage picture = renderDisplaySlice(volume, nullptr, {}, axes, 1, window);
            const auto size = displaySize(g, axes);
            QCOMPARE(picture.width, size[0]);
            QCOMPARE(picture.height, size[1]);
            for (int y = 0; y < picture.height; ++y) {
                for (int x = 0; x < picture.width; ++x) {
                    const auto idx = displayToIndex(g, axes, 1, x, y);
                    QCOMPARE(indexToDisplay(g, axes, idx), (std::array<int, 2>{x, y}));
                    const int expected = applyWindow(volume.at(idx[0], idx[1], idx[2]), window);
                    QVERIFY2(std::abs(picture.pixel(x, y)[0] - expected) <= 1,
                             qPrintable(QStringLiteral("plane %1 pixel %2,%3").arg(int(p)).arg(x).arg(y)));
                }
            }
        }
        QVERIFY_THROWS_EXCEPTION(
            std::out_of_range,
            renderDisplaySlice(volume, nullptr, {}, displayAxes(g, AnatomicalPlane::Axial), 4, window));
    }

    void labelsBlendHideAndOutline() {
        const ImageGeometry g = grid({7, 7, 1});
        Image<float> grey(g, 0.0f);
        Image<std::uint16_t> labels(g, 0);
        for (int j = 1; j <= 5; ++j)
            for (int i = 1; i <= 5; ++i) labels.at(i, j, 0) = 2;  // a 5x5 square
        LabelColorTable colors(3);
        colors[2] = {200, 100, 0, 255};
        const DisplayAxes axes = displayAxes(g, AnatomicalPlane::Axial);
        const WindowLevel window{1, 2};  // grey 0 maps to black

        OverlayStyle fill{0.5, false};
        RgbImage picture = renderDisplaySlice(grey, &labels, colors, axes, 0, window, fill);
        QCOMPARE(int(picture.pixel(3, 3)[0]), 100);  // half of 200 over black
        QCOMPARE(int(picture.pixel(3, 3)[1]), 50);
        QCOMPARE(int(picture.pixel(0, 0)[0]), 0);  // background untouched

        OverlayStyle outline{0.5, true};
        picture = renderDisplaySlice(grey, &labels, colors, axes, 0, window, outline);
        QCOMPARE(int(picture.pixel(1, 1)[0]), 200);  // boundary at full opacity
        QCOMPARE(int(picture.pixel(3, 3)[0]), 0);    // interior left clear

        colors[2].alpha = 0;  // hidden
        picture = renderDisplaySlice(grey, &labels, colors, axes, 0, window, fill);
        QCOMPARE(int(picture.pixel(3, 3)[0]), 0);
    }

    void histogramCountsFiniteVoxelsIntoEqualBins() {
        ImageGeometry g;
        g.size = {5, 1, 1};
        Image<float> image(g, std::vector<float>{0.0f, 1.0f, 2.0f, 4.0f, std::nanf("")});
        const Histogram h = histogram(image, 4);
        QCOMPARE(h.min, 0.0);
        QCOMPARE(h.max, 4.0);
        QCOMPARE(h.binWidth(), 1.0);
        // [0,1) [1,2) [2,3) [3,4]: the maximum falls into the last, closed bin; NaN nowhere.
        QCOMPARE(h.counts, (std::vector<std::size_t>{1, 1, 1, 1}));
        QVERIFY_THROWS_EXCEPTION(std::invalid_argument, histogram(image, 0));
    }
};

QTEST_APPLESS_MAIN(TestDisplaySlice)
#include "tst_DisplaySlice.moc"
