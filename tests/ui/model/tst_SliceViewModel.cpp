#include <QSignalSpy>
#include <QtTest>

#include "tests/ui/model/UiTestUtil.h"
#include "ui/model/SliceViewModel.h"

using namespace medsam;
using ui::SliceViewModel;

class TestSliceViewModel : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void init() {
        viewer = std::make_unique<ui::ViewerModel>();
        viewer->setImage(test::obliqueVolume());
    }

    // The three views share one cursor: a click in one moves the slices shown by the other two.
    void cursorIsLinkedAcrossViews() {
        SliceViewModel axial(core::AnatomicalPlane::Axial, viewer.get());
        SliceViewModel coronal(core::AnatomicalPlane::Coronal, viewer.get());
        SliceViewModel sagittal(core::AnatomicalPlane::Sagittal, viewer.get());
        for (auto* view : {&axial, &coronal, &sagittal}) view->setViewportSize(QSizeF(400, 300));
        QSignalSpy coronalChanged(&coronal, &SliceViewModel::changed);
        const std::array<int, 3> target{7, 21, 5};
        axial.scrollSlices(5 - axial.sliceIndex());
        axial.setCursorFromScreen(axial.voxelToScreen(target));
        QCOMPARE(viewer->cursor(), target);
        QCOMPARE(axial.sliceIndex(), 5);
        QCOMPARE(coronal.sliceIndex(), target[coronal.axes().normalAxis]);
        QCOMPARE(sagittal.sliceIndex(), target[sagittal.axes().normalAxis]);
        QVERIFY(coronalChanged.count() > 0);
        // Scrolling is clamped to the volume.
        axial.scrollSlices(1000);
        QCOMPARE(axial.sliceIndex(), 11);
        axial.scrollSlices(-1000);
        QCOMPARE(axial.sliceIndex(), 0);
    }

    // Screen <-> voxel stays exact under zoom about an arbitrary point and pan, in every plane.
    void screenAndVoxelRoundTripUnderZoomAndPan() {
        for (auto plane : {core::AnatomicalPlane::Axial, core::AnatomicalPlane::Coronal,
                           core::AnatomicalPlane::Sagittal}) {
            SliceViewModel view(plane, viewer.get());
            view.setViewportSize(QSizeF(512, 384));
            const QPointF anchor(123.4, 77.7);
            const QPointF before = view.screenToImage(anchor);
            view.zoomAround(anchor, 3.7);
            const QPointF after = view.screenToImage(anchor);
            QVERIFY2(std::abs(before.x() - after.x()) < 1e-9 && std::abs(before.y() - after.y()) < 1e-9,
                     "the point under the mouse must not move while zooming");
            view.panBy(QPointF(-35, 12));
            for (const std::array<int, 3>& voxel :
                 {std::array<int, 3>{0, 0, 0}, std::array<int, 3>{39, 29, 11},
                  std::array<int, 3>{17, 3, 8}}) {
                std::array<int, 3> onSlice = voxel;
                onSlice[view.axes().normalAxis] = view.sliceIndex();
                QCOMPARE(view.screenToVoxel(view.voxelToScreen(onSlice)), onSlice);
            }
            // Panning by a screen delta moves image content by exactly that delta.
            const QPointF p = view.voxelToScreen({10, 10, view.sliceIndex()});
            view.panBy(QPointF(20, -8));
            const QPointF q = view.voxelToScreen({10, 10, view.sliceIndex()});
            QVERIFY(std::abs(q.x() - p.x() - 20) < 1e-9 && std::abs(q.y() - p.y() + 8) < 1e-9);
        }
    }

    // Anisotropic voxels are shown at their physical aspect, and the fitted slice fills the viewport.
    void fittedSliceHasThePhysicalAspect() {
        SliceViewModel coronal(core::AnatomicalPlane::Coronal, viewer.get());
        coronal.setViewportSize(QSizeF(600, 600));
        const QRectF shown =
            coronal.imageToScreen().mapRect(QRectF(0, 0, coronal.image().width(), coronal.image().height()));
        const auto& g = viewer->geometry();
        const auto& axes = coronal.axes();
        const double expected =
            (g.size[axes.axisX] * g.spacing[axes.axisX]) / (g.size[axes.axisY] * g.spacing[axes.axisY]);
        QVERIFY2(std::abs(shown.width() / shown.height() - expected) < 1e-9,
                 "the slice must keep its mm aspect");
        QVERIFY(std::abs(std::max(shown.width(), shown.height()) - 600.0) < 1e-6);
        QVERIFY(shown.center() == QPointF(300, 300));
        // After a zoom the view no longer follows the viewport; reset fits it again.
        coronal.zoomAround(QPointF(10, 10), 2.0);
        coronal.setViewportSize(QSizeF(300, 300));
        QVERIFY(std::abs(coronal.zoom() - coronal.fitZoom()) > 1e-6);
        coronal.resetView();
        QCOMPARE(coronal.zoom(), coronal.fitZoom());
    }

    // The picture is re-rendered when the slice changes, showing that slice's voxels.
    void imageFollowsTheSlice() {
        SliceViewModel axial(core::AnatomicalPlane::Axial, viewer.get());
        viewer->setWindowLevel(core::WindowLevel::fromRange(0, 130000 * 255.0 / 255.0));
        viewer->setCursor({0, 0, 3});
        const QRgb first = axial.image().pixel(0, 0);
        viewer->setCursor({0, 0, 9});
        const QRgb later = axial.image().pixel(0, 0);
        QVERIFY(qRed(later) > qRed(first));  // value grows by 10000 per slice
    }

private:
    std::unique_ptr<ui::ViewerModel> viewer;
};

QTEST_GUILESS_MAIN(TestSliceViewModel)
#include "tst_SliceViewModel.moc"
