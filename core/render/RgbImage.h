#pragma once

#include <array>
#include <cstdint>
#include <vector>

namespace medsam::core {

using Rgb = std::array<std::uint8_t, 3>;

// An 8-bit RGB picture (row-major, 3 bytes a pixel, no padding): what a model or a person looks at.
struct RgbImage {
    int width = 0;
    int height = 0;
    std::vector<std::uint8_t> rgb;

    RgbImage() = default;
    RgbImage(int w, int h, Rgb fill = {0, 0, 0});

    bool empty() const { return rgb.empty(); }
    std::uint8_t* pixel(int x, int y) { return rgb.data() + (static_cast<std::size_t>(y) * width + x) * 3; }
    const std::uint8_t* pixel(int x, int y) const {
        return rgb.data() + (static_cast<std::size_t>(y) * width + x) * 3;
    }
};

}  // namespace medsam::core
