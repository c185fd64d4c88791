#pragma once

#include <array>
#include <cstddef>
#include <cstdint>
#include <string>

namespace medsam::core {

using Vec3 = std::array<double, 3>;
// Row-major 3x3. Column c is the world (LPS) direction of index axis c, as in ITK and DICOM.
using Mat3 = std::array<double, 9>;
using Size3 = std::array<int, 3>;

constexpr Mat3 kIdentityDirection{1, 0, 0, 0, 1, 0, 0, 0, 1};

// Where a voxel grid sits in patient space (LPS, millimetres). 2D images have size[2] == 1.
struct ImageGeometry {
    Size3 size{0, 0, 0};
    Vec3 spacing{1.0, 1.0, 1.0};
    Vec3 origin{0.0, 0.0, 0.0};
    Mat3 direction = kIdentityDirection;

    std::size_t voxelCount() const {
        return static_cast<std::size_t>(size[0]) * static_cast<std::size_t>(size[1]) *
               static_cast<std::size_t>(size[2]);
    }
    std::size_t linearIndex(int i, int j, int k) const {
        return (static_cast<std::size_t>(k) * static_cast<std::size_t>(size[1]) +
                static_cast<std::size_t>(j)) *
                   static_cast<std::size_t>(size[0]) +
               static_cast<std::size_t>(i);
    }
    bool contains(int i, int j, int k) const {
        return i >= 0 && j >= 0 && k >= 0 && i < size[0] && j < size[1] && k < size[2];
    }

    // Continuous index (voxel centres at integers) <-> LPS millimetres.
    Vec3 indexToWorld(const Vec3& index) const;
    Vec3 worldToIndex(const Vec3& world) const;
    Vec3 axisDirection(int axis) const { return {direction[axis], direction[3 + axis], direction[6 + axis]}; }

    // Same size, and spacing/origin/direction equal within `tolerance` (mm, or unitless for direction).
    bool sameGrid(const ImageGeometry& other, double tolerance = 1e-4) const;
    // Human-readable one-liner, e.g. "256x256x20 @ 0.94x0.94x7.00 mm".
    std::string describe() const;
    // Empty when the grid can place every voxel in space, else why not: spacing must be finite, > 0 and at
    // most kMaxSpacingMm; origin finite and within kMaxOriginMm; direction finite with a determinant of
    // magnitude at least 1e-6 (a singular matrix has no inverse: ITK aborts on one). Readers and writers call
    // it through core/io so a file with NaN or infinite geometry is an error naming the file, never an abort
    // later.
    std::string geometryProblem() const;
    static constexpr double kMaxSpacingMm =
        1e6;  // one kilometre per voxel: anything larger is a broken header
    static constexpr double kMaxOriginMm = 1e9;

    // Three-letter orientation code (e.g. "LPS", "RAS") from the closest anatomical axis of each index axis.
    std::string orientationCode() const;
};

}  // namespace medsam::core
