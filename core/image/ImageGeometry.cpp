#include "core/image/ImageGeometry.h"

#include <cmath>
#include <cstdio>

namespace medsam::core {

Vec3 ImageGeometry::indexToWorld(const Vec3& index) const {
    Vec3 world = origin;
    for (int row = 0; row < 3; ++row) {
        for (int col = 0; col < 3; ++col) world[row] += direction[row * 3 + col] * spacing[col] * index[col];
    }
    return world;
}

Vec3 ImageGeometry::worldToIndex(const Vec3& world) const {
    // The direction matrix is orthonormal for every image we accept, so its inverse is its transpose.
    const Vec3 d{world[0] - origin[0], world[1] - origin[1], world[2] - origin[2]};
    Vec3 index{};
    for (int col = 0; col < 3; ++col) {
        double projected = 0.0;
        for (int row = 0; row < 3; ++row) projected += direction[row * 3 + col] * d[row];
        index[col] = projected / spacing[col];
    }
    return index;
}

bool ImageGeometry::sameGrid(const ImageGeometry& other, double tolerance) const {
    if (size != other.size) return false;
    for (int a = 0; a < 3; ++a) {
        if (std::abs(spacing[a] - other.spacing[a]) > tolerance) return false;
        if (std::abs(origin[a] - other.origin[a]) > tolerance) return false;
    }
    for (int e = 0; e < 9; ++e) {
        if (std::abs(direction[e] - other.direction[e]) > tolerance) return false;
    }
    return true;
}

std::string ImageGeometry::geometryProblem() const {
    char text[200];
    static const char* const kAxis[3] = {"x", "y", "z"};
    for (int a = 0; a < 3; ++a) {
        const double s = spacing[std::size_t(a)];
        if (!std::isfinite(s) || !(s > 0.0) || s > kMaxSpacingMm) {
            std::snprintf(text, sizeof text,
                          "invalid geometry: %s spacing is %g mm (must be finite, > 0 and <= %g)", kAxis[a],
                          s, kMaxSpacingMm);
            return text;
        }
    }
    for (int a = 0; a < 3; ++a) {
        const double o = origin[std::size_t(a)];
        if (!std::isfinite(o) || std::abs(o) > kMaxOriginMm) {
            std::snprintf(text, sizeof text,
                          "invalid geometry: %s origin is %g mm (must be finite, |origin| <= %g)", kAxis[a],
                          o, kMaxOriginMm);
            return text;
        }
    }
    for (int e = 0; e < 9; ++e) {
        if (!std::isfinite(direction[std::size_t(e)])) {
            std::snprintf(text, sizeof text,
                          "invalid geometry: direction cosine [%d][%d] is %g (must be finite)", e / 3, e % 3,
                          direction[std::size_t(e)]);
            return text;
        }
    }
    const auto& d = direction;
    const double det = d[0] * (d[4] * d[8] - d[5] * d[7]) - d[1] * (d[3] * d[8] - d[5] * d[6]) +
                       d[2] * (d[3] * d[7] - d[4] * d[6]);
    if (!(std::abs(det) >= 1e-6)) {
        std::snprintf(
            text, sizeof text,
            "invalid geometry: direction matrix is singular (determinant %g): two axes are parallel "
            "or one is zero",
            det);
        return text;
    }
    return {};
}

std::string ImageGeometry::describe() const {
    char buffer[160];
    std::snprintf(buffer, sizeof buffer, "%dx%dx%d @ %.4gx%.4gx%.4g mm", size[0], size[1], size[2],
                  spacing[0], spacing[1], spacing[2]);
    return buffer;
}

std::string ImageGeometry::orientationCode() const {
    // LPS: +x = Left, +y = Posterior, +z = Superior; the code names where each index axis points.
    static constexpr char kPositive[3] = {'L', 'P', 'S'};
    static constexpr char kNegative[3] = {'R', 'A', 'I'};
    std::string code;
    for (int axis = 0; axis < 3; ++axis) {
        const Vec3 dir = axisDirection(axis);
        int best = 0;
        for (int w = 1; w < 3; ++w) {
            if (std::abs(dir[w]) > std::abs(dir[best])) best = w;
        }
        code += dir[best] >= 0 ? kPositive[best] : kNegative[best];
    }
    return code;
}

}  // namespace medsam::core
