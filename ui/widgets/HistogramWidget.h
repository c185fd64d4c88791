#pragma once

#include <QWidget>

#include "ui/model/ViewerModel.h"

namespace medsam::ui {

// The intensity histogram of the open image (log counts) with the current window drawn over it as the grey
// ramp that maps intensities to screen brightness (ITK-SNAP's contrast inspector, read-only).
class HistogramWidget : public QWidget {
    Q_OBJECT
public:
    explicit HistogramWidget(ViewerModel* viewer, QWidget* parent = nullptr);
    QSize sizeHint() const override { return {260, 140}; }

protected:
    void paintEvent(QPaintEvent* event) override;

private:
    ViewerModel* viewer_;
};

}  // namespace medsam::ui
