#pragma once

#include <QObject>
#include <QString>
#include <array>

#include "core/image/ImageGeometry.h"
#include "ui/model/ViewerModel.h"

namespace medsam::ui {

// What the status bar says about the voxel under the cursor (ITK-SNAP's CursorInspectionModel).
struct CursorReport {
    std::array<int, 3> voxel{0, 0, 0};
    core::Vec3 world{0, 0, 0};  // LPS millimetres
    float value = 0.0f;
    QString unit;  // "HU" for CT, empty otherwise
    std::uint16_t label = 0;
    QString labelName;
};

class CursorInspectionModel : public QObject {
    Q_OBJECT
public:
    explicit CursorInspectionModel(ViewerModel* viewer, QObject* parent = nullptr);

    bool valid() const { return viewer_->hasImage(); }
    CursorReport report() const;
    // "voxel [128, 120, 10]   LPS (-12.3, 4.0, 55.1) mm   value 40 HU   label 1 Brain"
    QString text() const;

Q_SIGNALS:
    void changed();

private:
    ViewerModel* viewer_;
};

}  // namespace medsam::ui
