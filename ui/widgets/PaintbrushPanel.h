#pragma once

#include <QWidget>

#include "ui/model/LabelTableModel.h"
#include "ui/model/PaintbrushModel.h"

class QButtonGroup;
class QCheckBox;
class QComboBox;
class QDoubleSpinBox;

namespace medsam::ui {

// The manual tools' panel, bound to PaintbrushModel: tool (navigate, brush, eraser), size, shape, 2D/3D, size
// unit, the active label and what a stroke may paint over.
class PaintbrushPanel : public QWidget {
    Q_OBJECT
public:
    PaintbrushPanel(PaintbrushModel* brush, LabelTableModel* labels, QWidget* parent = nullptr);

private:
    void syncFromModel();
    void rebuildLabelChoices();

    PaintbrushModel* brush_;
    LabelTableModel* labels_;
    QButtonGroup* tools_;
    QDoubleSpinBox* size_;
    QComboBox* shape_;
    QCheckBox* ball_;
    QCheckBox* mm_;
    QComboBox* active_;
    QComboBox* paintOver_;
};

}  // namespace medsam::ui
