#pragma once

#include <optional>
#include <string>
#include <vector>

#include "core/image/Image.h"

namespace medsam::core {

// Intensity window: values in [center - width/2, center + width/2] map linearly to 0..255.
struct WindowLevel {
    double center = 0.0;
    double width = 1.0;

    double lower() const { return center - width / 2.0; }
    double upper() const { return center + width / 2.0; }
    static WindowLevel fromRange(double lo, double hi) { return {(lo + hi) / 2.0, hi > lo ? hi - lo : 1.0}; }
};

struct WindowPreset {
    std::string name;  // "ct-brain", "ct-lung", ...
    WindowLevel window;
};

// The usual CT presets (Hounsfield units), as radiology viewers ship them.
const std::vector<WindowPreset>& ctWindowPresets();
std::optional<WindowLevel> findWindowPreset(const std::string& name);

// Robust automatic window from the 0.5th and 99.5th intensity percentiles (the MedSAM pre-processing for
// MR and for CT without a preset), so a few hot voxels do not wash the picture out. Percentiles of the finite
// voxels as numpy.percentile computes them (core/metrics/Percentile.h).
WindowLevel autoWindow(const Image<float>& image, double lowPercentile = 0.5, double highPercentile = 99.5);

// 8-bit value of `intensity` under `window` (clamped).
std::uint8_t applyWindow(float intensity, const WindowLevel& window);

}  // namespace medsam::core
