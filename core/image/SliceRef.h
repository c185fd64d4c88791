#pragma once

#include <optional>
#include <string>

#include "core/image/Image.h"

namespace medsam::core {

// Anatomical plane names as annotators say them. They are mapped to an index axis through the direction
// matrix, so "axial" means the patient's axial plane even for a series acquired sagittally or obliquely.
enum class AnatomicalPlane { Sagittal, Coronal, Axial };

std::string toString(AnatomicalPlane plane);
std::optional<AnatomicalPlane> parseAnatomicalPlane(
    const std::string& text);  // "axial", "coronal", "sagittal"

// A 2D slice of a volume: the index axis held fixed (0 = i, 1 = j, 2 = k) and the index along it.
struct SliceRef {
    int axis = 2;
    int index = 0;

    bool operator==(const SliceRef& other) const { return axis == other.axis && index == other.index; }
    bool operator!=(const SliceRef& other) const { return !(*this == other); }
    std::string toString() const;  // e.g. "k:12"
};

// The index axis whose world direction is closest to the plane's normal (L-R, A-P or S-I).
int indexAxisForPlane(const ImageGeometry& geometry, AnatomicalPlane plane);
// In-plane index axes (u, v) of a slice across `axis`, in the order the slice stores them (u fastest).
std::pair<int, int> inPlaneAxes(int axis);

// Geometry of the slice as a depth-1 image: in-plane spacing, and an origin/direction that place every slice
// pixel exactly where it is in the volume (spacing[2] keeps the through-plane spacing for reference).
ImageGeometry sliceGeometry(const ImageGeometry& volume, const SliceRef& ref);

// Throws std::out_of_range naming the axis, index and volume size when `ref` is outside the volume.
void checkSlice(const ImageGeometry& volume, const SliceRef& ref);

template <typename T>
Image<T> extractSlice(const Image<T>& volume, const SliceRef& ref) {
    checkSlice(volume.geometry(), ref);
    const auto [u, v] = inPlaneAxes(ref.axis);
    Image<T> slice(sliceGeometry(volume.geometry(), ref));
    int idx[3] = {0, 0, 0};
    idx[ref.axis] = ref.index;
    for (int y = 0; y < slice.height(); ++y) {
        idx[v] = y;
        for (int x = 0; x < slice.width(); ++x) {
            idx[u] = x;
            slice.at(x, y) = volume.at(idx[0], idx[1], idx[2]);
        }
    }
    return slice;
}

// How slice `ref` of `volume` is shown to a model: its colour bytes when the volume is a 2D colour image and
// `ref` is its one axial plane (the only plane whose pixels are the picture's), and the 8-bit flag.
SliceAppearance sliceAppearance(const Volume& volume, const SliceRef& ref);

// Writes a slice back into a volume (e.g. an accepted 2D mask into the 3D label map).
template <typename T>
void insertSlice(Image<T>& volume, const SliceRef& ref, const Image<T>& slice) {
    checkSlice(volume.geometry(), ref);
    const auto [u, v] = inPlaneAxes(ref.axis);
    if (slice.width() != volume.size()[u] || slice.height() != volume.size()[v]) {
        throw std::invalid_argument("insertSlice: slice is " + std::to_string(slice.width()) + "x" +
                                    std::to_string(slice.height()) + " but the volume's plane " +
                                    ref.toString() + " is " + std::to_string(volume.size()[u]) + "x" +
                                    std::to_string(volume.size()[v]));
    }
    int idx[3] = {0, 0, 0};
    idx[ref.axis] = ref.index;
    for (int y = 0; y < slice.height(); ++y) {
        idx[v] = y;
        for (int x = 0; x < slice.width(); ++x) {
            idx[u] = x;
            volume.at(idx[0], idx[1], idx[2]) = slice.at(x, y);
        }
    }
}

}  // namespace medsam::core
