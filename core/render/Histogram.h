#pragma once

#include <cstddef>
#include <vector>

#include "core/image/Image.h"

namespace medsam::core {

// Intensity histogram over the finite voxels: `counts[b]` voxels fall in [min + b*w, min + (b+1)*w), the last
// bin closed, with w = (max - min) / bins. An image with no finite voxel gives all-zero counts.
struct Histogram {
    double min = 0.0, max = 0.0;
    std::vector<std::size_t> counts;
    double binWidth() const {
        return counts.empty() ? 0.0 : (max - min) / static_cast<double>(counts.size());
    }
};

Histogram histogram(const Image<float>& image, int bins);

}  // namespace medsam::core
