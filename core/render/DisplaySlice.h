#pragma once

#include <array>
#include <cstdint>
#include <string>
#include <vector>

#include "core/image/Image.h"
#include "core/image/SliceRef.h"
#include "core/render/RgbImage.h"
#include "core/render/WindowLevel.h"

// What a slice view shows: a slice of a volume laid out in the radiological convention, with the label map
// blended over it. Shared by the viewer (ui/) and anything that draws views without a window (benchmarks,
// tests).
namespace medsam::core {

// How one anatomical plane of a volume is laid out on screen. Screen x runs along index axis `axisX` (index
// decreasing to the right when flipX), screen y along `axisY`; `normalAxis` is held fixed at the slice index.
// Conventions (ITK-SNAP's and the radiologists'): axial seen from the feet (patient left on screen right,
// anterior up), coronal seen from the front (left on the right, superior up), sagittal seen from the
// patient's left (anterior on the left, superior up). Oblique volumes are shown on the nearest index axes,
// not resliced.
struct DisplayAxes {
    int normalAxis = 2;
    int axisX = 0;
    bool flipX = false;
    int axisY = 1;
    bool flipY = false;
};

// Index axes normal to the sagittal, coronal and axial planes (indexed by AnatomicalPlane), always three
// different axes: the permutation whose directions best match L-R, A-P and S-I.
std::array<int, 3> planeNormalAxes(const ImageGeometry& geometry);
DisplayAxes displayAxes(const ImageGeometry& geometry, AnatomicalPlane plane);

// The anatomical letters at the left, right, top and bottom edges of a view ("R", "L", "A", "P"...), read
// from the direction matrix (the dominant anatomical direction of each screen edge).
struct EdgeMarkers {
    std::string left, right, top, bottom;
};
EdgeMarkers edgeMarkers(const ImageGeometry& geometry, const DisplayAxes& axes);

// Width and height of the displayed slice in pixels (voxels) and their physical size in mm.
std::array<int, 2> displaySize(const ImageGeometry& geometry, const DisplayAxes& axes);
std::array<double, 2> displaySpacing(const ImageGeometry& geometry, const DisplayAxes& axes);

// Display pixel (x, y) of slice `slice` -> voxel index, and back (integers, inside the volume).
std::array<int, 3> displayToIndex(const ImageGeometry& geometry, const DisplayAxes& axes, int slice, int x,
                                  int y);
std::array<int, 2> indexToDisplay(const ImageGeometry& geometry, const DisplayAxes& axes,
                                  const std::array<int, 3>& index);

// Colour and opacity of each label value for the overlay; alpha 0 hides a value. Index = label value.
struct LabelColor {
    std::uint8_t r = 0, g = 0, b = 0, alpha = 0;
};
using LabelColorTable = std::vector<LabelColor>;

struct OverlayStyle {
    double opacity = 0.5;  // scales each label's alpha (filled mode)
    bool outline = false;  // draw only the label boundaries, at full opacity
};

// The slice as the person sees it: window/level grey, then the labels blended (or outlined). `labels` may be
// null; when given it must be on the image's grid. Throws std::out_of_range for a slice outside the volume.
RgbImage renderDisplaySlice(const Image<float>& volume, const Image<std::uint16_t>* labels,
                            const LabelColorTable& colors, const DisplayAxes& axes, int slice,
                            const WindowLevel& window, const OverlayStyle& style = {});

}  // namespace medsam::core
