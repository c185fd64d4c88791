#include "core/render/Histogram.h"

#include <algorithm>
#include <cmath>
#include <stdexcept>

namespace medsam::core {

Histogram histogram(const Image<float>& image, int bins) {
    if (bins <= 0)
        throw std::invalid_argument("histogram: bins must be positive, got " + std::to_string(bins));
    Histogram h;
    h.counts.assign(static_cast<std::size_t>(bins), 0);
    bool any = false;
    float lo = 0.0f, hi = 0.0f;
    for (float v : image.voxels()) {
        if (!std::isfinite(v)) continue;
        if (!any) lo = hi = v, any = true;
        lo = std::min(lo, v);
        hi = std::max(hi, v);
    }
    if (!any) return h;
    h.min = lo;
    h.max = hi;
    const double scale = hi > lo ? bins / (static_cast<double>(hi) - lo) : 0.0;
    for (float v : image.voxels()) {
        if (!std::isfinite(v)) continue;
        const auto b = static_cast<std::size_t>((v - lo) * scale);
        ++h.counts[std::min(b, h.counts.size() - 1)];
    }
    return h;
}

}  // namespace medsam::core
