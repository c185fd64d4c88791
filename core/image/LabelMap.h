#pragma once

#include <array>
#include <cstdint>
#include <string>
#include <vector>

#include "core/image/Image.h"

namespace medsam::core {

struct LabelInfo {
    std::uint16_t value = 0;
    std::string name;
    std::array<std::uint8_t, 3> color{255, 0, 0};
    // Free text the agent receives as its target description ("left kidney").
    std::string description;
};

// One label map holds every label of an image (value 0 is background), on the image's own grid.
struct LabelMap {
    Image<std::uint16_t> labels;
    std::vector<LabelInfo> table;

    const LabelInfo* find(std::uint16_t value) const {
        for (const auto& info : table) {
            if (info.value == value) return &info;
        }
        return nullptr;
    }
};

// 1 where the label map holds any of `values`, else 0.
Mask maskForValues(const Image<std::uint16_t>& labels, const std::vector<std::uint16_t>& values);

}  // namespace medsam::core
