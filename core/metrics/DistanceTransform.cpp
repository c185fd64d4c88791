#include "core/metrics/DistanceTransform.h"

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <limits>

namespace medsam::core {
namespace {

constexpr float kInf = std::numeric_limits<float>::infinity();

// Scratch space of the 1D pass, sized once per transform.
struct EnvelopeBuffers {
    explicit EnvelopeBuffers(int longest)
        : h(longest), f(longest), z(longest + 1), inverseTwice(longest + 1), v(longest) {
        for (int d = 1; d <= longest; ++d) inverseTwice[d] = 1.0 / (2.0 * d);
    }
    std::vector<double> h;             // f/s^2 + q^2 of each envelope parabola (index units)
    std::vector<double> f;             // its root value f[q] (mm^2)
    std::vector<double> z;             // left boundary of each parabola's interval
    std::vector<double> inverseTwice;  // 1 / (2d): divisions dominate the pass otherwise
    std::vector<int> v;                // root position of each parabola
};

// One 1D pass: out[i] = min_q (spacing*(i-q))^2 + f[q], over a line of n samples with `stride`.
// The intersection of the parabolas rooted at p and q, in index units, is (h[q] - h[p]) / (2 (q - p)) with
// h = f / spacing^2 + index^2; it is computed once per comparison and reused as the new parabola's boundary.
void lowerEnvelope(float* line, std::size_t stride, int n, double spacing, EnvelopeBuffers& b) {
    const double s2 = spacing * spacing;
    const double invS2 = 1.0 / s2;
    int k = -1;
    for (int q = 0; q < n; ++q) {
        const float value = line[static_cast<std::size_t>(q) * stride];
        if (std::isinf(value)) continue;
        const double hq = value * invS2 + static_cast<double>(q) * q;
        double boundary = -std::numeric_limits<double>::infinity();
        while (k >= 0) {
            const double sIntersect = (hq - b.h[k]) * b.inverseTwice[q - b.v[k]];
            if (sIntersect <= b.z[k]) {
                --k;
            } else {
                boundary = sIntersect;
                break;
            }
        }
        ++k;
        b.v[k] = q;
        b.h[k] = hq;
        b.f[k] = value;
        b.z[k] = boundary;
        b.z[k + 1] = std::numeric_limits<double>::infinity();
    }
    if (k < 0) return;  // no finite sample on this line: it stays infinite
    int j = 0;
    for (int i = 0; i < n; ++i) {
        while (b.z[j + 1] < i) ++j;
        const double d = spacing * (i - b.v[j]);
        line[static_cast<std::size_t>(i) * stride] = static_cast<float>(d * d + b.f[j]);
    }
}

// The first pass on binary input needs no parabolas: along a line, the squared distance to the nearest
// feature sample, found by one forward and one backward sweep.
void binaryLinePass(const std::uint8_t* in, float* out, int n, double spacing) {
    int last = -1;
    for (int i = 0; i < n; ++i) {
        if (in[i]) last = i;
        out[i] = last < 0 ? kInf : static_cast<float>((spacing * (i - last)) * (spacing * (i - last)));
    }
    int next = -1;
    for (int i = n - 1; i >= 0; --i) {
        if (in[i]) next = i;
        if (next < 0) continue;
        const float d = static_cast<float>((spacing * (next - i)) * (spacing * (next - i)));
        if (d < out[i]) out[i] = d;
    }
}

}  // namespace

std::vector<float> squaredDistanceToFeature(const Mask& feature) {
    const ImageGeometry& g = feature.geometry();
    std::vector<float> dist(g.voxelCount());
    const std::uint8_t* in = feature.data();
    // Axis 0 (contiguous rows) from the binary input directly.
    const std::size_t rows = static_cast<std::size_t>(g.size[1]) * static_cast<std::size_t>(g.size[2]);
    for (std::size_t r = 0; r < rows; ++r) {
        const std::size_t offset = r * static_cast<std::size_t>(g.size[0]);
        binaryLinePass(in + offset, dist.data() + offset, g.size[0], g.spacing[0]);
    }

    const std::size_t strides[3] = {
        1, static_cast<std::size_t>(g.size[0]),
        static_cast<std::size_t>(g.size[0]) * static_cast<std::size_t>(g.size[1])};
    const int longest = std::max(g.size[0], std::max(g.size[1], g.size[2]));
    EnvelopeBuffers buffers(longest);
    // Axes 1 and 2 are strided. Lines are processed in groups of kGroup neighbours along x: each step along
    // the axis reads one cache line for the whole group into a contiguous buffer (instead of the same cache
    // line once per line, long after it was evicted), the 1D passes run on the buffer, and the group is
    // written back.
    constexpr int kGroup = 16;
    std::vector<float> group(static_cast<std::size_t>(kGroup) * static_cast<std::size_t>(longest));
    for (int axis = 1; axis < 3; ++axis) {
        const int n = g.size[axis];
        if (n <= 1) continue;
        const int outer = axis == 1 ? 2 : 1;
        for (int p = 0; p < g.size[outer]; ++p) {
            for (int x0 = 0; x0 < g.size[0]; x0 += kGroup) {
                const int width = std::min(kGroup, g.size[0] - x0);
                float* base =
                    dist.data() + static_cast<std::size_t>(p) * strides[outer] + static_cast<std::size_t>(x0);
                for (int t = 0; t < n; ++t) {
                    const float* src = base + static_cast<std::size_t>(t) * strides[axis];
                    for (int b = 0; b < width; ++b) group[static_cast<std::size_t>(b) * n + t] = src[b];
                }
                for (int b = 0; b < width; ++b)
                    lowerEnvelope(group.data() + static_cast<std::size_t>(b) * n, 1, n, g.spacing[axis],
                                  buffers);
                for (int t = 0; t < n; ++t) {
                    float* dst = base + static_cast<std::size_t>(t) * strides[axis];
                    for (int b = 0; b < width; ++b) dst[b] = group[static_cast<std::size_t>(b) * n + t];
                }
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
