#pragma once

#include <array>
#include <vector>

#include "core/image/Image.h"

namespace medsam::core {

// The pixels of a width x height slice whose centres (integer coordinates) lie inside the closed polygon
// (even-odd rule; the last vertex joins the first). Fewer than 3 vertices give an empty mask.
Mask fillPolygon(const ImageGeometry& slice, const std::vector<std::array<double, 2>>& vertices);

}  // namespace medsam::core
