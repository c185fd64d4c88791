#pragma once

#include <QDialog>
#include <vector>

#include "storage/db/ProjectStats.h"
#include "ui/render/DiceCurvePlot.h"

namespace medsam::ui {

// Paints the Dice-per-turn curves with the same drawing as the CLI's eval report.
class DiceCurveWidget : public QWidget {
    Q_OBJECT
public:
    explicit DiceCurveWidget(QWidget* parent = nullptr);
    void setCurves(std::vector<DiceCurve> curves, DicePlotText text);
    QSize sizeHint() const override { return {720, 420}; }

protected:
    void paintEvent(QPaintEvent* event) override;

private:
    std::vector<DiceCurve> curves_;
    DicePlotText text_;
};

// Project > Overview: images, labels, sessions per review status and per actor, mean final Dice per label
// where a reference exists, and the mean Dice after each turn per policy.
class ProjectOverviewDialog : public QDialog {
    Q_OBJECT
public:
    ProjectOverviewDialog(const storage::ProjectStats& stats, QWidget* parent = nullptr);
};

}  // namespace medsam::ui
