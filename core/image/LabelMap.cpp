#include "core/image/LabelMap.h"

#include <algorithm>

namespace medsam::core {

Mask maskForValues(const Image<std::uint16_t>& labels, const std::vector<std::uint16_t>& values) {
    Mask mask(labels.geometry());
    const auto& in = labels.voxels();
    auto& out = mask.voxels();
    for (std::size_t n = 0; n < in.size(); ++n) {
        out[n] = std::find(values.begin(), values.end(), in[n]) != values.end() ? 1 : 0;
    }
    return mask;
}

}  // namespace medsam::core
