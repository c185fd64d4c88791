#include "ui/model/CursorInspectionModel.h"

namespace medsam::ui {

CursorInspectionModel::CursorInspectionModel(ViewerModel* viewer, QObject* parent)
    : QObject(parent), viewer_(viewer) {
    connect(viewer_, &ViewerModel::cursorChanged, this, &CursorInspectionModel::changed);
    connect(viewer_, &ViewerModel::imageChanged, this, &CursorInspectionModel::changed);
    connect(viewer_, &ViewerModel::labelsChanged, this, &CursorInspectionModel::changed);
}

CursorReport CursorInspectionModel::report() const {
    CursorReport r;
    if (!valid()) return r;
    r.voxel = viewer_->cursor();
    r.world = viewer_->geometry().indexToWorld({double(r.voxel[0]), double(r.voxel[1]), double(r.voxel[2])});
    r.value = viewer_->valueAtCursor();
    if (viewer_->isCt()) r.unit = QStringLiteral("HU");
    r.label = viewer_->labelAtCursor();
    if (r.label != 0) r.labelName = viewer_->labelName(r.label);
    return r;
}

QString CursorInspectionModel::text() const {
    if (!valid()) return tr("No image");
    const CursorReport r = report();
    QString text = tr("voxel [%1, %2, %3]   LPS (%4, %5, %6) mm   value %7")
                       .arg(r.voxel[0])
                       .arg(r.voxel[1])
                       .arg(r.voxel[2])
                       .arg(r.world[0], 0, 'f', 1)
                       .arg(r.world[1], 0, 'f', 1)
                       .arg(r.world[2], 0, 'f', 1)
                       .arg(static_cast<double>(r.value), 0, 'g', 6);
    if (!r.unit.isEmpty()) text += QLatin1Char(' ') + r.unit;
    text += r.label ? tr("   label %1 %2").arg(r.label).arg(r.labelName) : tr("   no label");
    return text;
}

}  // namespace medsam::ui
