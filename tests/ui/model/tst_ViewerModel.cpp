#include <QSignalSpy>
#include <QUndoStack>
#include <QtTest>

#include "tests/ui/model/UiTestUtil.h"
#include "ui/model/CursorInspectionModel.h"
#include "ui/model/ImageInfoModel.h"
#include "ui/model/LabelTableModel.h"

using namespace medsam;

namespace {
std::shared_ptr<core::LabelMap> squareLabels(const core::ImageGeometry& g) {
    auto labels = std::make_shared<core::LabelMap>();
    labels->labels = core::Image<std::uint16_t>(g, 0);
    for (int i = 5; i < 10; ++i) labels->labels.at(i, 6, 4) = 3;
    labels->table.push_back({3, "Left kidney", {10, 20, 30}, "left kidney"});
    return labels;
}
}  // namespace

class TestViewerModel : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void ctImagesOfferCtPresetsAndMrOnlyAuto() {
        ui::ViewerModel ct;
        ct.setImage(test::obliqueVolume({8, 8, 4}, "CT"));
        QVERIFY(ct.isCt());
        for (const char* name : {"auto", "ct-brain", "ct-lung", "ct-bone", "ct-abdomen", "ct-soft-tissue"})
            QVERIFY2(ct.windowPresetNames().contains(QLatin1String(name)), name);
        QSignalSpy committed(&ct, &ui::ViewerModel::windowLevelCommitted);
        QVERIFY(ct.applyWindowPreset(QStringLiteral("ct-lung")));
        QCOMPARE(ct.windowLevel().center, -600.0);
        QCOMPARE(ct.windowLevel().width, 1500.0);
        QCOMPARE(committed.count(), 1);
        QVERIFY(!ct.applyWindowPreset(QStringLiteral("no-such-preset")));
        QVERIFY(ct.applyWindowPreset(QStringLiteral("auto")));
        QCOMPARE(ct.windowLevel().center, ct.image().autoWindow.center);

        ui::ViewerModel mr;
        mr.setImage(test::obliqueVolume({8, 8, 4}, "MR"));
        QVERIFY(!mr.isCt());
        QCOMPARE(mr.windowPresetNames(), QStringList{QStringLiteral("auto")});
        // A drag step is not remembered; its end is.
        QSignalSpy mrCommitted(&mr, &ui::ViewerModel::windowLevelCommitted);
        mr.setWindowLevel({10, 20}, false);
        QCOMPARE(mrCommitted.count(), 0);
        mr.setWindowLevel({10, 20}, true);
        QCOMPARE(mrCommitted.count(), 1);
    }

    void labelMapMustShareTheImageGrid() {
        ui::ViewerModel viewer;
        viewer.setImage(test::obliqueVolume());
        core::ImageGeometry other = viewer.geometry();
        other.spacing[2] = 3.0;
        try {
            viewer.setLabelMap(squareLabels(other));
            QFAIL("a label map on another grid must be refused");
        } catch (const std::invalid_argument& e) {
            QVERIFY2(QString(e.what()).contains(QStringLiteral("x3 mm")) &&
                         QString(e.what()).contains(QStringLiteral("x2.5 mm")),
                     e.what());
        }
        QVERIFY(!viewer.labelMap());
        viewer.setLabelMap(squareLabels(viewer.geometry()));
        QCOMPARE(viewer.labelValues(), (std::vector<std::uint16_t>{3}));
        QCOMPARE(viewer.labelVoxelCount(3), std::size_t(5));
        QCOMPARE(viewer.labelColors()[3].r, std::uint8_t(10));  // the table's colour wins over the default
    }

    void hidingALabelHidesItsColourAndTheListShowsIt() {
        ui::ViewerModel viewer;
        viewer.setImage(test::obliqueVolume());
        viewer.setLabelMap(squareLabels(viewer.geometry()));
        QUndoStack undo;
        ui::LabelTableModel table(&viewer, &undo);
        QCOMPARE(table.rowCount(), 1);
        QCOMPARE(table.data(table.index(0, ui::LabelTableModel::Name)).toString(),
                 QStringLiteral("Left kidney"));
        QCOMPARE(table.data(table.index(0, ui::LabelTableModel::Voxels)).toULongLong(), 5ULL);
        const QModelIndex show = table.index(0, ui::LabelTableModel::Visible);
        QCOMPARE(table.data(show, Qt::CheckStateRole).toInt(), int(Qt::Checked));
        QVERIFY(table.setData(show, Qt::Unchecked, Qt::CheckStateRole));
        QVERIFY(!viewer.labelVisible(3));
        QCOMPARE(viewer.labelColors()[3].alpha, std::uint8_t(0));
        QCOMPARE(table.data(show, Qt::CheckStateRole).toInt(), int(Qt::Unchecked));
        // Per-label opacity, edited as a percentage in the table, scales the label's overlay alpha.
        QVERIFY(table.setData(show, Qt::Checked, Qt::CheckStateRole));
        QVERIFY(table.setData(table.index(0, ui::LabelTableModel::Opacity), QStringLiteral("40%")));
        QCOMPARE(viewer.labelOpacity(3), 0.4);
        QCOMPARE(viewer.labelColors()[3].alpha, std::uint8_t(102));
        QVERIFY(!table.setData(table.index(0, ui::LabelTableModel::Opacity), QStringLiteral("140")));
    }

    void statusBarReportsVoxelWorldValueAndLabel() {
        ui::ViewerModel viewer;
        viewer.setImage(test::obliqueVolume({40, 30, 12}, "CT"));
        viewer.setLabelMap(squareLabels(viewer.geometry()));
        ui::CursorInspectionModel inspect(&viewer);
        viewer.setCursor({6, 6, 4});
        const ui::CursorReport r = inspect.report();
        QCOMPARE(r.value, 6.0f + 600.0f + 40000.0f);
        QCOMPARE(r.unit, QStringLiteral("HU"));
        QCOMPARE(r.label, std::uint16_t(3));
        const core::Vec3 world = viewer.geometry().indexToWorld({6, 6, 4});
        for (int a = 0; a < 3; ++a) QCOMPARE(r.world[a], world[a]);
        const QString text = inspect.text();
        QVERIFY2(text.contains(QStringLiteral("[6, 6, 4]")) && text.contains(QStringLiteral("HU")) &&
                     text.contains(QStringLiteral("Left kidney")),
                 qPrintable(text));
        viewer.setCursor({0, 0, 0});
        QVERIFY(inspect.text().contains(QStringLiteral("no label")));
    }

    // Tools key their per-slice caches by the image's serial: never the same for two loads, even of equal
    // images at a reused address.
    void everyLoadedImageHasItsOwnSerial() {
        ui::ViewerModel viewer;
        viewer.setImage(test::obliqueVolume({8, 8, 4}));
        const auto first = viewer.imageSerial();
        viewer.setImage(test::obliqueVolume({8, 8, 4}));
        QVERIFY(viewer.imageSerial() != first);
        ui::ViewerModel other;
        other.setImage(test::obliqueVolume({8, 8, 4}));
        QVERIFY(other.imageSerial() != viewer.imageSerial() && other.imageSerial() != first);
    }

    void informationPanelListsTheGeometry() {
        ui::ViewerModel viewer;
        ui::ImageInfoModel info(&viewer);
        QCOMPARE(info.rowCount(), 0);
        viewer.setImage(test::obliqueVolume());
        QCOMPARE(info.value(QStringLiteral("Size")), QStringLiteral("40 x 30 x 12"));
        QCOMPARE(info.value(QStringLiteral("Spacing (mm)")), QStringLiteral("0.7000, 0.9000, 2.5000"));
        QCOMPARE(info.value(QStringLiteral("Modality")), QStringLiteral("MR"));
        QVERIFY(info.warnings().isEmpty());
    }
};

QTEST_GUILESS_MAIN(TestViewerModel)
#include "tst_ViewerModel.moc"
