#include "core/render/DisplaySlice.h"

#include <algorithm>
#include <cmath>
#include <stdexcept>

namespace medsam::core {

namespace {

// World (LPS) directions of screen right and screen down for each plane (indexed by AnatomicalPlane).
constexpr Vec3 kScreenRight[3] = {{0, 1, 0}, {1, 0, 0}, {1, 0, 0}};
constexpr Vec3 kScreenDown[3] = {{0, 0, -1}, {0, 0, -1}, {0, 1, 0}};

double dot(const Vec3& a, const Vec3& b) {
    return a[0] * b[0] + a[1] * b[1] + a[2] * b[2];
}

// "L"/"R", "P"/"A", "S"/"I" for the dominant component of a world direction.
std::string anatomicalLetter(const Vec3& direction) {
    int axis = 0;
    for (int a = 1; a < 3; ++a) {
        if (std::abs(direction[a]) > std::abs(direction[axis])) axis = a;
    }
    static const char* kPositive[3] = {"L", "P", "S"};
    static const char* kNegative[3] = {"R", "A", "I"};
    return direction[axis] >= 0 ? kPositive[axis] : kNegative[axis];
}

Vec3 scaled(const Vec3& v, double s) {
    return {v[0] * s, v[1] * s, v[2] * s};
}

}  // namespace

std::array<int, 3> planeNormalAxes(const ImageGeometry& geometry) {
    std::array<int, 3> permutation{0, 1, 2};
    std::array<int, 3> best = permutation;
    double bestScore = -1.0;
    do {
        double score = 0.0;
        for (int plane = 0; plane < 3; ++plane)
            score += std::abs(geometry.axisDirection(permutation[plane])[plane]);
        if (score > bestScore + 1e-9) {
            bestScore = score;
            best = permutation;
        }
    } while (std::next_permutation(permutation.begin(), permutation.end()));
    return best;
}

DisplayAxes displayAxes(const ImageGeometry& geometry, AnatomicalPlane plane) {
    const int p = static_cast<int>(plane);
    DisplayAxes axes;
    axes.normalAxis = planeNormalAxes(geometry)[p];
    auto [a, b] = inPlaneAxes(axes.normalAxis);
    const Vec3 da = geometry.axisDirection(a), db = geometry.axisDirection(b);
    const double keep = std::abs(dot(da, kScreenRight[p])) + std::abs(dot(db, kScreenDown[p]));
    const double swap = std::abs(dot(db, kScreenRight[p])) + std::abs(dot(da, kScreenDown[p]));
    if (swap > keep + 1e-9) std::swap(a, b);
    axes.axisX = a;
    axes.axisY = b;
    axes.flipX = dot(geometry.axisDirection(a), kScreenRight[p]) < 0;
    axes.flipY = dot(geometry.axisDirection(b), kScreenDown[p]) < 0;
    return axes;
}

EdgeMarkers edgeMarkers(const ImageGeometry& geometry, const DisplayAxes& axes) {
    const Vec3 right = scaled(geometry.axisDirection(axes.axisX), axes.flipX ? -1.0 : 1.0);
    const Vec3 down = scaled(geometry.axisDirection(axes.axisY), axes.flipY ? -1.0 : 1.0);
    return {anatomicalLetter(scaled(right, -1.0)), anatomicalLetter(right),
            anatomicalLetter(scaled(down, -1.0)), anatomicalLetter(down)};
}

std::array<int, 2> displaySize(const ImageGeometry& geometry, const DisplayAxes& axes) {
    return {geometry.size[axes.axisX], geometry.size[axes.axisY]};
}

std::array<double, 2> displaySpacing(const ImageGeometry& geometry, const DisplayAxes& axes) {
    return {geometry.spacing[axes.axisX], geometry.spacing[axes.axisY]};
}

std::array<int, 3> displayToIndex(const ImageGeometry& geometry, const DisplayAxes& axes, int slice, int x,
                                  int y) {
    std::array<int, 3> index{0, 0, 0};
    index[axes.normalAxis] = slice;
    index[axes.axisX] = axes.flipX ? geometry.size[axes.axisX] - 1 - x : x;
    index[axes.axisY] = axes.flipY ? geometry.size[axes.axisY] - 1 - y : y;
    return index;
}

std::array<int, 2> indexToDisplay(const ImageGeometry& geometry, const DisplayAxes& axes,
                                  const std::array<int, 3>& index) {
    const int i = index[axes.axisX], j = index[axes.axisY];
    return {axes.flipX ? geometry.size[axes.axisX] - 1 - i : i,
            axes.flipY ? geometry.size[axes.axisY] - 1 - j : j};
}

RgbImage renderDisplaySlice(const Image<float>& volume, const Image<std::uint16_t>* labels,
                            const LabelColorTable& colors, const DisplayAxes& axes, int slice,
                            const WindowLevel& window, const OverlayStyle& style) {
    const ImageGeometry& g = volume.geometry();
    checkSlice(g, SliceRef{axes.normalAxis, slice});
    if (labels && labels->size() != volume.size())
        throw std::invalid_argument("renderDisplaySlice: label map " + labels->geometry().describe() +
                                    " is not on the image grid " + g.describe());
    const auto [width, height] = displaySize(g, axes);
    const std::ptrdiff_t strides[3] = {1, g.size[0], static_cast<std::ptrdiff_t>(g.size[0]) * g.size[1]};
    // Walk the volume with strides: display x and y step along their index axes (negatively when flipped).
    const std::ptrdiff_t stepX = axes.flipX ? -strides[axes.axisX] : strides[axes.axisX];
    const std::ptrdiff_t stepY = axes.flipY ? -strides[axes.axisY] : strides[axes.axisY];
    const std::ptrdiff_t origin = slice * strides[axes.normalAxis] +
                                  (axes.flipX ? (width - 1) * strides[axes.axisX] : 0) +
                                  (axes.flipY ? (height - 1) * strides[axes.axisY] : 0);

    RgbImage out(width, height);
    const float lower = static_cast<float>(window.lower());
    const float scale = static_cast<float>(255.0 / (window.width > 0 ? window.width : 1.0));
    const float* voxels = volume.data();
    for (int y = 0; y < height; ++y) {
        const float* row = voxels + origin + y * stepY;
        std::uint8_t* dst = out.pixel(0, y);
        for (int x = 0; x < width; ++x, dst += 3) {
            const float v = row[x * stepX];
            // NaN compares false both ways and lands on 0, as applyWindow does.
            const float t = (v - lower) * scale;
            const std::uint8_t grey = t > 0.0f ? (t < 255.0f ? static_cast<std::uint8_t>(t + 0.5f) : 255) : 0;
            dst[0] = dst[1] = dst[2] = grey;
        }
    }
    if (!labels || colors.empty()) return out;

    const std::uint16_t* lab = labels->data();
    auto labelAt = [&](int x, int y) { return lab[origin + y * stepY + x * stepX]; };
    const double opacity = std::clamp(style.opacity, 0.0, 1.0);
    for (int y = 0; y < height; ++y) {
        std::uint8_t* dst = out.pixel(0, y);
        for (int x = 0; x < width; ++x, dst += 3) {
            const std::uint16_t value = labelAt(x, y);
            if (value == 0 || value >= colors.size() || colors[value].alpha == 0) continue;
            // Fixed-point blend (alpha in 1/256ths): the per-pixel cost of the overlay stays a few integer
            // ops.
            int alpha = static_cast<int>(opacity * colors[value].alpha * 256.0 / 255.0 + 0.5);
            if (style.outline) {
                // A boundary pixel has a 4-neighbour of another value (or the edge of the slice).
                const bool boundary = x == 0 || y == 0 || x == width - 1 || y == height - 1 ||
                                      labelAt(x - 1, y) != value || labelAt(x + 1, y) != value ||
                                      labelAt(x, y - 1) != value || labelAt(x, y + 1) != value;
                if (!boundary) continue;
                alpha = 256;
            }
            const LabelColor& c = colors[value];
            const int rgb[3] = {c.r, c.g, c.b};
            for (int k = 0; k < 3; ++k)
                dst[k] = static_cast<std::uint8_t>((dst[k] * (256 - alpha) + rgb[k] * alpha + 128) >> 8);
        }
    }
    return out;
}

}  // namespace medsam::core
