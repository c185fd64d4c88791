#pragma once

#include <string>
#include <vector>

namespace medsam::cli {

struct DiceCurve {
    std::string label;           // the policy's name
    std::vector<double> values;  // mean Dice after turn 1..N
};

// Draws mean Dice versus turn for several policies into a PNG (QtGui, offscreen: needs a QGuiApplication).
// Throws std::runtime_error naming the file when it cannot be written.
void writeDiceCurvePlot(const std::string& path, const std::vector<DiceCurve>& curves,
                        const std::string& title);

}  // namespace medsam::cli
