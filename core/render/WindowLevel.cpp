#include "core/render/WindowLevel.h"

#include <algorithm>
#include <cmath>

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
    std::vector<float> values;
    values.reserve(image.voxels().size());
    for (float v : image.voxels()) {
        if (std::isfinite(v)) values.push_back(v);
    }
    if (values.empty()) return {0.0, 1.0};
    auto percentile = [&values](double p) {
        const std::size_t n =
            static_cast<std::size_t>(std::clamp(p / 100.0, 0.0, 1.0) * (values.size() - 1) + 0.5);
        std::nth_element(values.begin(), values.begin() + static_cast<std::ptrdiff_t>(n), values.end());
        return static_cast<double>(values[n]);
    };
    const double lo = percentile(lowPercentile);
    const double hi = percentile(highPercentile);
    return WindowLevel::fromRange(lo, hi);
}

std::uint8_t applyWindow(float intensity, const WindowLevel& window) {
    if (!std::isfinite(intensity)) return 0;
    const double t = (intensity - window.lower()) / window.width;
    return static_cast<std::uint8_t>(std::lround(std::clamp(t, 0.0, 1.0) * 255.0));
}

}  // namespace medsam::core
