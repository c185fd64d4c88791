#include "core/image/SliceRef.h"

#include <algorithm>
#include <cctype>
#include <cmath>
#include <stdexcept>

namespace medsam::core {

std::string toString(AnatomicalPlane plane) {
    switch (plane) {
        case AnatomicalPlane::Sagittal:
            return "sagittal";
        case AnatomicalPlane::Coronal:
            return "coronal";
        case AnatomicalPlane::Axial:
            return "axial";
    }
    return "axial";
}

std::optional<AnatomicalPlane> parseAnatomicalPlane(const std::string& text) {
    std::string lower = text;
    std::transform(lower.begin(), lower.end(), lower.begin(),
                   [](unsigned char c) { return std::tolower(c); });
    if (lower == "axial") return AnatomicalPlane::Axial;
    if (lower == "coronal") return AnatomicalPlane::Coronal;
    if (lower == "sagittal") return AnatomicalPlane::Sagittal;
    return std::nullopt;
}

std::string SliceRef::toString() const {
    static constexpr char kAxisNames[3] = {'i', 'j', 'k'};
    const char name = axis >= 0 && axis < 3 ? kAxisNames[axis] : '?';
    return std::string(1, name) + ":" + std::to_string(index);
}

int indexAxisForPlane(const ImageGeometry& geometry, AnatomicalPlane plane) {
    // The plane's normal in LPS: sagittal -> x (L-R), coronal -> y (A-P), axial -> z (S-I).
    const int worldAxis = static_cast<int>(plane);
    int best = 2;
    double bestAlignment = -1.0;
    for (int axis = 0; axis < 3; ++axis) {
        const double alignment = std::abs(geometry.axisDirection(axis)[worldAxis]);
        if (alignment > bestAlignment + 1e-9) {
            best = axis;
            bestAlignment = alignment;
        }
    }
    return best;
}

std::pair<int, int> inPlaneAxes(int axis) {
    switch (axis) {
        case 0:
            return {1, 2};
        case 1:
            return {0, 2};
        default:
            return {0, 1};
    }
}

void checkSlice(const ImageGeometry& volume, const SliceRef& ref) {
    if (ref.axis < 0 || ref.axis > 2) {
        throw std::out_of_range("slice axis " + std::to_string(ref.axis) + " is not 0, 1 or 2");
    }
    if (ref.index < 0 || ref.index >= volume.size[ref.axis]) {
        throw std::out_of_range("slice " + ref.toString() + " is outside the volume (" + volume.describe() +
                                ")");
    }
}

ImageGeometry sliceGeometry(const ImageGeometry& volume, const SliceRef& ref) {
    checkSlice(volume, ref);
    const auto [u, v] = inPlaneAxes(ref.axis);
    ImageGeometry slice;
    slice.size = {volume.size[u], volume.size[v], 1};
    slice.spacing = {volume.spacing[u], volume.spacing[v], volume.spacing[ref.axis]};
    Vec3 firstPixel{0.0, 0.0, 0.0};
    firstPixel[ref.axis] = ref.index;
    slice.origin = volume.indexToWorld(firstPixel);
    const int columns[3] = {u, v, ref.axis};
    for (int row = 0; row < 3; ++row) {
        for (int col = 0; col < 3; ++col)
            slice.direction[row * 3 + col] = volume.direction[row * 3 + columns[col]];
    }
    return slice;
}

SliceAppearance sliceAppearance(const Volume& volume, const SliceRef& ref) {
    SliceAppearance a;
    a.eightBit = volume.eightBit;
    const auto& size = volume.image.size();
    const std::size_t pixels = static_cast<std::size_t>(size[0]) * static_cast<std::size_t>(size[1]);
    if (!volume.rgb.empty() && size[2] == 1 && ref.axis == 2 && ref.index == 0 &&
        volume.rgb.size() == 3 * pixels)
        a.rgb = volume.rgb;
    return a;
}

}  // namespace medsam::core
