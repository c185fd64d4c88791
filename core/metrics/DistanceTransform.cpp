#include "core/metrics/DistanceTransform.h"

#include <cmath>
#include <limits>

namespace medsam::core {
namespace {

constexpr float kInf = std::numeric_limits<float>::infinity();

// One 1D pass: out[i] = min_q (spacing*(i-q))^2 + f[q], over a line of n samples with `stride`.
void lowerEnvelope(float* line, std::size_t stride, int n, double spacing, std::vector<double>& f,
                   std::vector<int>& v, std::vector<double>& z) {
    for (int i = 0; i < n; ++i) f[i] = line[static_cast<std::size_t>(i) * stride];
    const double s2 = spacing * spacing;
    int k = -1;
    for (int q = 0; q < n; ++q) {
        if (std::isinf(f[q])) continue;
        while (k >= 0) {
            const int p = v[k];
            // Intersection of the parabolas rooted at p and q, in index units.
            const double sIntersect = ((f[q] + s2 * q * q) - (f[p] + s2 * p * p)) / (2.0 * s2 * (q - p));
            if (sIntersect <= z[k]) {
                --k;
            } else {
                break;
            }
        }
        ++k;
        v[k] = q;
        z[k] = k == 0 ? -std::numeric_limits<double>::infinity()
                      : ((f[q] + s2 * q * q) - (f[v[k - 1]] + s2 * v[k - 1] * v[k - 1])) / (2.0 * s2 * (q - v[k - 1]));
        z[k + 1] = std::numeric_limits<double>::infinity();
    }
    if (k < 0) return;  // no finite sample on this line: it stays infinite
    int j = 0;
    for (int i = 0; i < n; ++i) {
        while (z[j + 1] < i) ++j;
        const double d = spacing * (i - v[j]);
        line[static_cast<std::size_t>(i) * stride] = static_cast<float>(d * d + f[v[j]]);
    }
}

}  // namespace

std::vector<float> squaredDistanceToFeature(const Mask& feature) {
    const ImageGeometry& g = feature.geometry();
    std::vector<float> dist(g.voxelCount());
    const auto& in = feature.voxels();
    for (std::size_t n = 0; n < in.size(); ++n) dist[n] = in[n] ? 0.0f : kInf;

    const std::size_t strides[3] = {1, static_cast<std::size_t>(g.size[0]),
                                    static_cast<std::size_t>(g.size[0]) * static_cast<std::size_t>(g.size[1])};
    int longest = std::max(g.size[0], std::max(g.size[1], g.size[2]));
    std::vector<double> f(longest), z(longest + 1);
    std::vector<int> v(longest);
    for (int axis = 0; axis < 3; ++axis) {
        const int n = g.size[axis];
        if (n <= 1) continue;
        const int a1 = (axis + 1) % 3, a2 = (axis + 2) % 3;
        for (int p = 0; p < g.size[a2]; ++p) {
            for (int q = 0; q < g.size[a1]; ++q) {
                float* line = dist.data() + static_cast<std::size_t>(p) * strides[a2] + static_cast<std::size_t>(q) * strides[a1];
                lowerEnvelope(line, strides[axis], n, g.spacing[axis], f, v, z);
            }
        }
    }
    return dist;
}

std::vector<float> distanceInside(const Mask& mask) {
    Mask outside(mask.geometry());
    const auto& in = mask.voxels();
    auto& out = outside.voxels();
    for (std::size_t n = 0; n < in.size(); ++n) out[n] = in[n] ? 0 : 1;
    std::vector<float> dist = squaredDistanceToFeature(outside);
    for (std::size_t n = 0; n < dist.size(); ++n) dist[n] = in[n] ? std::sqrt(dist[n]) : 0.0f;
    return dist;
}

}  // namespace medsam::core
