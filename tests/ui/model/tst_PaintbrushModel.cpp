#include <QSignalSpy>
#include <QUndoStack>
#include <QtTest>

#include "tests/ui/model/UiTestUtil.h"
#include "ui/model/LabelTableModel.h"
#include "ui/model/PaintbrushModel.h"
#include "ui/model/PolygonModel.h"
#include "ui/model/SliceViewModel.h"

using namespace medsam;
using ui::PaintbrushModel;

namespace {
std::size_t count(const core::Image<std::uint16_t>& labels, std::uint16_t value) {
    return static_cast<std::size_t>(std::count(labels.voxels().begin(), labels.voxels().end(), value));
}
}  // namespace

// The manual tools without a display: what a stroke changes, what it must never change, and that undo/redo
// give back every earlier state bit for bit.
class TestPaintbrushModel : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void init() {
        viewer = std::make_unique<ui::ViewerModel>();
        viewer->setImage(test::obliqueVolume({40, 30, 12}));
        undo = std::make_unique<QUndoStack>();
        brush = std::make_unique<PaintbrushModel>(viewer.get(), undo.get());
        axial = core::displayAxes(viewer->geometry(), core::AnatomicalPlane::Axial);
    }

    void strokePaintsADiscAndIsOneUndoStep() {
        brush->setTool(PaintbrushModel::Tool::Brush);
        brush->setActiveLabel(2);
        brush->setSize(5);  // radius 2.5 voxels
        brush->beginStroke(axial, {10, 10, 4});
        brush->endStroke();
        const auto& labels = viewer->labelMap()->labels;
        // A disc of radius 2.5 on a voxel grid: the 21 voxels with di^2 + dj^2 <= 6.25, on slice 4 only.
        QCOMPARE(count(labels, 2), std::size_t(21));
        QCOMPARE(labels.at(12, 10, 4), std::uint16_t(2));
        QCOMPARE(labels.at(13, 10, 4), std::uint16_t(0));
        QCOMPARE(labels.at(10, 10, 3), std::uint16_t(0));
        QCOMPARE(undo->count(), 1);
        QCOMPARE(viewer->labelVoxelCount(2), std::size_t(21));
    }

    void dragLeavesNoGaps() {
        brush->setTool(PaintbrushModel::Tool::Brush);
        brush->setSize(1);
        brush->beginStroke(axial, {2, 5, 0});
        brush->continueStroke({30, 12, 0});  // one mouse event far away
        brush->endStroke();
        const auto& labels = viewer->labelMap()->labels;
        for (int i = 2; i <= 30; ++i) {
            int inColumn = 0;
            for (int j = 0; j < 30; ++j) inColumn += labels.at(i, j, 0) == 1;
            QVERIFY2(inColumn >= 1, qPrintable(QStringLiteral("column %1 empty").arg(i)));
        }
    }

    void ballReachesNeighbouringSlicesAndMmSizesFollowSpacing() {
        brush->setTool(PaintbrushModel::Tool::Brush);
        brush->setBall(true);
        brush->setSizeInMm(true);
        brush->setSize(5.0);  // radius 2.5 mm: 3.57 voxels in x (0.7 mm), 2.78 in y (0.9), 1 in z (2.5 mm)
        const auto voxels = brush->footprint(axial, {20, 15, 6});
        int minK = 99, maxK = -1, maxDi = 0, maxDj = 0;
        for (const auto& v : voxels) {
            minK = std::min(minK, v[2]);
            maxK = std::max(maxK, v[2]);
            maxDi = std::max(maxDi, std::abs(v[0] - 20));
            maxDj = std::max(maxDj, std::abs(v[1] - 15));
        }
        QCOMPARE(minK, 5);
        QCOMPARE(maxK, 7);
        QCOMPARE(maxDi, 3);
        QCOMPARE(maxDj, 2);
    }

    void lockedLabelsAndPaintOverAreRespected() {
        auto& labels = viewer->beginEdit();
        for (int i = 0; i < 40; ++i) labels.at(i, 10, 4) = 5;  // a line of label 5 through the stroke
        for (int i = 0; i < 40; ++i) labels.at(i, 11, 4) = 6;  // and one of label 6
        viewer->finishEdit(core::LabelDelta{});
        const auto before = viewer->labelMap()->labels;
        viewer->setLabelLocked(5, true);
        brush->setTool(PaintbrushModel::Tool::Brush);
        brush->setActiveLabel(1);
        brush->setSize(9);
        brush->beginStroke(axial, {20, 10, 4});
        brush->endStroke();
        const auto& after = viewer->labelMap()->labels;
        for (int i = 0; i < 40; ++i) QCOMPARE(after.at(i, 10, 4), std::uint16_t(5));  // locked: untouched
        QCOMPARE(after.at(20, 11, 4), std::uint16_t(1));                              // unlocked: painted

        // Background only: label 6 stays, background around it is painted.
        undo->undo();
        QVERIFY(viewer->labelMap()->labels.voxels() == before.voxels());
        brush->setPaintOver(PaintbrushModel::PaintOver::Background);
        brush->beginStroke(axial, {20, 10, 4});
        brush->endStroke();
        QCOMPARE(viewer->labelMap()->labels.at(20, 11, 4), std::uint16_t(6));
        QCOMPARE(viewer->labelMap()->labels.at(20, 12, 4), std::uint16_t(1));

        // The eraser over one label clears only that label, and never the locked one.
        brush->setTool(PaintbrushModel::Tool::Eraser);
        brush->setPaintOver(PaintbrushModel::PaintOver::OneLabel, 6);
        brush->beginStroke(axial, {20, 10, 4});
        brush->endStroke();
        QCOMPARE(viewer->labelMap()->labels.at(20, 11, 4), std::uint16_t(0));
        QCOMPARE(viewer->labelMap()->labels.at(20, 12, 4), std::uint16_t(1));
        QCOMPARE(viewer->labelMap()->labels.at(20, 10, 4), std::uint16_t(5));
    }

    // Many strokes of different tools and sizes; undo all the way back and redo all the way forward.
    void undoAndRedoRestoreEveryStateBitExact() {
        brush->setBall(true);
        std::vector<std::vector<std::uint16_t>> states;
        viewer->beginEdit();
        states.push_back(viewer->labelMap()->labels.voxels());
        for (int stroke = 0; stroke < 25; ++stroke) {
            brush->setTool(stroke % 4 == 3 ? PaintbrushModel::Tool::Eraser : PaintbrushModel::Tool::Brush);
            brush->setActiveLabel(static_cast<std::uint16_t>(1 + stroke % 3));
            brush->setSize(1 + stroke % 7);
            brush->setShape(stroke % 2 ? PaintbrushModel::Shape::Square : PaintbrushModel::Shape::Round);
            brush->beginStroke(axial, {(stroke * 7) % 40, (stroke * 5) % 30, stroke % 12});
            brush->continueStroke({(stroke * 11) % 40, (stroke * 3) % 30, stroke % 12});
            const int stepsBefore = undo->count();
            brush->endStroke();
            if (undo->count() > stepsBefore) states.push_back(viewer->labelMap()->labels.voxels());
        }
        const int steps = undo->count();
        QVERIFY(steps >= 20);
        QCOMPARE(std::size_t(steps) + 1, states.size());
        for (int back = 1; back <= steps; ++back) {
            undo->undo();
            QVERIFY2(viewer->labelMap()->labels.voxels() == states[std::size_t(steps - back)],
                     qPrintable(QStringLiteral("after %1 undos").arg(back)));
        }
        QVERIFY(viewer->labelMap()->labels.voxels() == states.front());
        for (std::size_t v = 1; v < 4; ++v)
            QCOMPARE(viewer->labelVoxelCount(std::uint16_t(v)), std::size_t(0));
        while (undo->canRedo()) undo->redo();
        QVERIFY(viewer->labelMap()->labels.voxels() == states.back());
        QCOMPARE(viewer->labelVoxelCount(1), count(viewer->labelMap()->labels, 1));
    }

    void deletingALabelIsUndoable() {
        brush->setTool(PaintbrushModel::Tool::Brush);
        brush->setActiveLabel(4);
        brush->beginStroke(axial, {10, 10, 4});
        brush->endStroke();
        ui::LabelTableModel table(viewer.get(), undo.get());
        QCOMPARE(table.rowCount(), 1);
        viewer->setLabelLocked(4, true);
        QVERIFY(!table.removeLabel(4));  // locked
        viewer->setLabelLocked(4, false);
        QVERIFY(table.removeLabel(4));
        QCOMPARE(table.rowCount(), 0);
        QCOMPARE(count(viewer->labelMap()->labels, 4), std::size_t(0));
        undo->undo();
        QVERIFY(count(viewer->labelMap()->labels, 4) > 0);
        QCOMPARE(table.rowCount(), 1);
        // A new label takes the next free value.
        QCOMPARE(table.addLabel(), std::uint16_t(5));
        QCOMPARE(table.rowCount(), 2);
        QVERIFY(table.setData(table.index(1, ui::LabelTableModel::Name), QStringLiteral("Left kidney")));
        QCOMPARE(viewer->labelName(5), QStringLiteral("Left kidney"));
    }

    void labelDescriptionsImportAndExport() {
        ui::LabelTableModel table(viewer.get(), undo.get());
        QSignalSpy stored(&table, &ui::LabelTableModel::labelInfoChanged);
        const auto imported = core::parseLabelDescriptions(
            "1 10 20 30 1 1 1 \"Liver\"\n7 200 0 200 1 0 1 \"Right kidney\"\n", "labels.txt");
        table.importDescriptions(imported);
        QCOMPARE(stored.count(), 2);  // each goes to the project's label table too
        QCOMPARE(table.rowCount(), 2);
        QCOMPARE(viewer->labelName(7), QStringLiteral("Right kidney"));
        QVERIFY(!viewer->labelVisible(7));
        QCOMPARE(viewer->labelColors()[1].g, std::uint8_t(20));
        const auto exported = table.descriptions();
        QCOMPARE(exported.size(), std::size_t(2));
        QCOMPARE(exported[1].info.name, std::string("Right kidney"));
        QVERIFY(!exported[1].visible);
    }

    // Polygon by vertices and lasso by a drag through the slice view's gestures; locks kept; one undo step
    // each.
    void polygonAndLassoFill() {
        ui::PolygonModel polygon(viewer.get(), brush.get(), undo.get());
        brush->setActiveLabel(6);
        const core::SliceRef slice{axial.normalAxis, 4};
        auto& labels = viewer->beginEdit();
        labels.at(5, 5, 4) = 9;  // a locked voxel inside the square
        viewer->finishEdit(core::LabelDelta{});
        viewer->setLabelLocked(9, true);
        polygon.addVertex(slice, 2, 2);
        polygon.addVertex(slice, 10, 2);
        QVERIFY(!polygon.close());  // two vertices: nothing to fill
        polygon.addVertex(slice, 10, 8);
        polygon.addVertex(slice, 2, 8);
        QVERIFY(polygon.close());
        // Pixel centres inside by the top-left rule (the scanline is half open, so the bottom edge's row is
        // out): columns 2..10 by rows 2..7, minus the locked voxel.
        QCOMPARE(viewer->labelVoxelCount(6), std::size_t(9 * 6 - 1));
        QCOMPARE(viewer->labelMap()->labels.at(5, 5, 4), std::uint16_t(9));
        QCOMPARE(undo->count(), 1);

        ui::SliceViewModel view(core::AnatomicalPlane::Axial, viewer.get());
        view.setViewportSize(QSizeF(400, 300));
        view.setBrush(brush.get());
        view.setPolygon(&polygon);
        brush->setTool(PaintbrushModel::Tool::Polygon);
        brush->setActiveLabel(7);
        viewer->setCursor({0, 0, 6});
        const auto at = [&](int i, int j) { return view.voxelToScreen({i, j, 6}); };
        view.pressPrimary(at(20, 10));
        view.dragPrimary(at(30, 10));
        view.dragPrimary(at(30, 20));
        view.dragPrimary(at(20, 20));
        view.releasePrimary(at(20, 20));  // the lasso closes itself
        QVERIFY(!polygon.active());
        QCOMPARE(viewer->labelVoxelCount(7), std::size_t(11 * 10));  // columns 20..30, rows 10..19
        undo->undo();
        QCOMPARE(viewer->labelVoxelCount(7), std::size_t(0));
    }

private:
    std::unique_ptr<ui::ViewerModel> viewer;
    std::unique_ptr<QUndoStack> undo;
    std::unique_ptr<PaintbrushModel> brush;
    core::DisplayAxes axial;
};

QTEST_GUILESS_MAIN(TestPaintbrushModel)
#include "tst_PaintbrushModel.moc"
