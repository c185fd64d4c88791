#include <QSignalSpy>
#include <QtTest>

#include "tests/ui/model/UiTestUtil.h"
#include "ui/widgets/SliceViewWidget.h"

using namespace medsam;

namespace {

void wheel(QWidget* w, QPoint at, int steps, Qt::KeyboardModifiers modifiers = Qt::NoModifier) {
    QWheelEvent event(at, w->mapToGlobal(at), QPoint(), QPoint(0, 120 * steps), Qt::NoButton, modifiers,
                      Qt::NoScrollPhase, false);
    QApplication::sendEvent(w, &event);
}

}  // namespace

// The slice view as a person uses it, on the offscreen platform: every gesture reaches the presenter.
class TestSliceViewWidget : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void init() {
        viewer = std::make_unique<ui::ViewerModel>();
        viewer->setImage(test::obliqueVolume());
        model = std::make_unique<ui::SliceViewModel>(core::AnatomicalPlane::Axial, viewer.get());
        widget = std::make_unique<ui::SliceViewWidget>(model.get());
        widget->resize(400, 300);
        widget->show();
        QVERIFY(QTest::qWaitForWindowExposed(widget.get()));
    }

    void paintsTheSlice() {
        QTRY_VERIFY(widget->hasDrawn());
        const QImage shot = widget->grab().toImage();
        // The middle of the view shows image content (the crosshair aside): not the black background.
        int nonBlack = 0;
        for (int y = 60; y < 240; y += 7)
            for (int x = 80; x < 320; x += 7) nonBlack += qGray(shot.pixel(x, y)) > 10;
        QVERIFY2(nonBlack > 200, qPrintable(QString::number(nonBlack)));
    }

    void leftClickMovesTheCursorToTheVoxelUnderIt() {
        const std::array<int, 3> target{12, 20, model->sliceIndex()};
        const QPoint at = model->voxelToScreen(target).toPoint();
        QTest::mouseClick(widget.get(), Qt::LeftButton, Qt::NoModifier, at);
        QCOMPARE(viewer->cursor(), target);
    }

    void wheelScrollsAndCtrlWheelZooms() {
        const int slice = model->sliceIndex();
        wheel(widget.get(), QPoint(200, 150), 2);
        QCOMPARE(model->sliceIndex(), slice + 2);
        QTest::keyClick(widget.get(), Qt::Key_PageDown);
        QCOMPARE(model->sliceIndex(), slice + 1);
        const double zoom = model->zoom();
        wheel(widget.get(), QPoint(100, 100), 3, Qt::ControlModifier);
        QVERIFY(model->zoom() > zoom * 1.4);
        QCOMPARE(model->sliceIndex(), slice + 1);  // zooming does not scroll
        QTest::keyClick(widget.get(), Qt::Key_R);
        QCOMPARE(model->zoom(), model->fitZoom());
    }

    void rightDragChangesWindowAndCommitsOnRelease() {
        QSignalSpy committed(viewer.get(), &ui::ViewerModel::windowLevelCommitted);
        const core::WindowLevel before = viewer->windowLevel();
        QTest::mousePress(widget.get(), Qt::RightButton, Qt::NoModifier, QPoint(100, 100));
        QMouseEvent move(QEvent::MouseMove, QPointF(180, 60), widget->mapToGlobal(QPointF(180, 60)),
                         Qt::NoButton, Qt::RightButton, Qt::NoModifier);
        QApplication::sendEvent(widget.get(), &move);
        QCOMPARE(committed.count(), 0);
        QTest::mouseRelease(widget.get(), Qt::RightButton, Qt::NoModifier, QPoint(180, 60));
        QCOMPARE(committed.count(), 1);
        QVERIFY(viewer->windowLevel().width > before.width);    // drag right widens
        QVERIFY(viewer->windowLevel().center > before.center);  // drag up raises the level
    }

    void middleDragPans() {
        const QPointF before = model->voxelToScreen({5, 5, model->sliceIndex()});
        QTest::mousePress(widget.get(), Qt::MiddleButton, Qt::NoModifier, QPoint(100, 100));
        QMouseEvent move(QEvent::MouseMove, QPointF(130, 90), widget->mapToGlobal(QPointF(130, 90)),
                         Qt::NoButton, Qt::MiddleButton, Qt::NoModifier);
        QApplication::sendEvent(widget.get(), &move);
        QTest::mouseRelease(widget.get(), Qt::MiddleButton, Qt::NoModifier, QPoint(130, 90));
        const QPointF after = model->voxelToScreen({5, 5, model->sliceIndex()});
        QVERIFY(std::abs(after.x() - before.x() - 30) < 1e-6 && std::abs(after.y() - before.y() + 10) < 1e-6);
    }

    void doubleClickAsksToMaximise() {
        QSignalSpy maximise(widget.get(), &ui::SliceViewWidget::maximiseRequested);
        QTest::mouseDClick(widget.get(), Qt::LeftButton, Qt::NoModifier, QPoint(50, 50));
        QCOMPARE(maximise.count(), 1);
    }

private:
    std::unique_ptr<ui::ViewerModel> viewer;
    std::unique_ptr<ui::SliceViewModel> model;
    std::unique_ptr<ui::SliceViewWidget> widget;
};

QTEST_MAIN(TestSliceViewWidget)
#include "tst_SliceViewWidget.moc"
