#include "core/render/WindowLevel.h"

#include <algorithm>
#include <cmath>

#include "core/metrics/Percentile.h"

namespace medsam::core {

const std::vector<WindowPreset>& ctWindowPresets() {
    static const std::vector<WindowPreset> presets = {
        {"ct-brain", {40, 80}},    {"ct-subdural", {75, 215}},    {"ct-stroke", {40, 40}},
        {"ct-lung", {-600, 1500}}, {"ct-mediastinum", {50, 350}}, {"ct-abdomen", {40, 400}},
        {"ct-liver", {60, 160}},   {"ct-bone", {400, 1800}},      {"ct-soft-tissue", {50, 350}},
    };
    return presets;
}

std::optional<WindowLevel> findWindowPreset(const std::string& name) {
    for (const auto& preset : ctWindowPresets()) {
        if (preset.name == name) return preset.window;
    }
    return std::nullopt;
}

WindowLevel autoWindow(const Image<float>& image, double lowPercentile, double highPercentile) {
    const auto range = percentiles(
        image.voxels(), {std::clamp(lowPercentile, 0.0, 100.0), std::clamp(highPercentile, 0.0, 100.0)});
    if (!range) return {0.0, 1.0};
    return WindowLevel::fromRange((*range)[0], (*range)[1]);
}

std::uint8_t applyWindow(float intensity, const WindowLevel& window) {
    if (!std::isfinite(intensity)) return 0;
    const double t = (intensity - window.lower()) / window.width;
    return static_cast<std::uint8_t>(std::lround(std::clamp(t, 0.0, 1.0) * 255.0));
}

}  // namespace medsam::core
