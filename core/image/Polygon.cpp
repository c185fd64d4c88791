#include "core/image/Polygon.h"

#include <algorithm>
#include <cmath>

namespace medsam::core {

Mask fillPolygon(const ImageGeometry& slice, const std::vector<std::array<double, 2>>& vertices) {
    Mask mask(slice, 0);
    if (vertices.size() < 3) return mask;
    std::vector<double> crossings;
    for (int y = 0; y < mask.height(); ++y) {
        // Where the scanline through the pixel centres crosses each edge (half-open in y: no double counts).
        crossings.clear();
        for (std::size_t i = 0; i < vertices.size(); ++i) {
            const auto& a = vertices[i];
            const auto& b = vertices[(i + 1) % vertices.size()];
            if ((a[1] <= y && b[1] > y) || (b[1] <= y && a[1] > y))
                crossings.push_back(a[0] + (y - a[1]) * (b[0] - a[0]) / (b[1] - a[1]));
        }
        std::sort(crossings.begin(), crossings.end());
        for (std::size_t c = 0; c + 1 < crossings.size(); c += 2) {
            const int from = std::max(0, static_cast<int>(std::ceil(crossings[c])));
            const int to = std::min(mask.width() - 1, static_cast<int>(std::floor(crossings[c + 1])));
            for (int x = from; x <= to; ++x) mask.at(x, y) = 1;
        }
    }
    return mask;
}

}  // namespace medsam::core
