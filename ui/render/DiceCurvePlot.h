#pragma once

#include <QSize>
#include <QString>
#include <string>
#include <vector>

class QPainter;

namespace medsam::ui {

struct DiceCurve {
    std::string label;           // the policy's name
    std::vector<double> values;  // mean Dice after turn 1..N (NaN where no session reached the turn)
};

struct DicePlotText {
    QString title;
    QString xAxis = QStringLiteral("turn (prompt actions)");
    QString yAxis = QStringLiteral("mean Dice");
    // The Dice plot's y range (a round value under the lowest point to 1) unless `fitRange`: then from 0 (or
    // the lowest value when negative) to a round value over the highest (training losses and rewards).
    bool fitRange = false;
};

// Mean Dice versus turn for several policies: one drawing for the CLI's eval report (a PNG) and the studio's
// project overview (a widget), so both show the same picture. QtGui only (no widgets): the CLI draws
// offscreen.
void paintDiceCurves(QPainter& painter, const QSize& size, const std::vector<DiceCurve>& curves,
                     const DicePlotText& text);

// Draws into a 720x480 PNG (needs a QGuiApplication). Throws std::runtime_error naming the file when it
// cannot be written.
void writeDiceCurvePlot(const std::string& path, const std::vector<DiceCurve>& curves,
                        const std::string& title);
// Any curves over steps 1..N (training curves: `medsam-agent train`) into a 720x480 PNG; throws like
// writeDiceCurvePlot.
void writeCurvePlot(const std::string& path, const std::vector<DiceCurve>& curves, const DicePlotText& text);

}  // namespace medsam::ui
