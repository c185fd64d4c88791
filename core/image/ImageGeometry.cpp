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
