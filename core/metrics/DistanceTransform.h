#pragma once

#include <vector>

#include "core/image/Image.h"

namespace medsam::core {

// Exact Euclidean distance transforms in millimetres (anisotropic spacing honoured), separable
// lower-envelope algorithm of Felzenszwalb & Huttenlocher: O(voxels) per axis, no approximation.

// For every voxel, the squared distance (mm^2) to the nearest voxel where `feature` is non-zero.
// Voxels are infinitely far (std::numeric_limits<float>::infinity()) when there is no feature at all.
std::vector<float> squaredDistanceToFeature(const Mask& feature);

// Distance (mm) from each voxel inside `mask` to the nearest voxel outside it; 0 outside. A mask with no
// outside at all gets infinity inside.
std::vector<float> distanceInside(const Mask& mask);

}  // namespace medsam::core
