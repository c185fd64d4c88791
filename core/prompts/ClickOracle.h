#pragma once

#include <optional>
#include <random>
#include <vector>

#include "core/image/Image.h"
#include "core/trajectory/Action.h"

namespace medsam::core {

// A simulated annotator's click: pixel indices x, y, its polarity, how deep it lies inside the error it
// corrects, and the slice index z (0 on a 2D slice; last so that Click{x, y, positive, depth} reads
// naturally). depth = the distance transform value at the click (pixels, or mm when the oracle runs in
// physical units): what the oracle maximised, a measure of how large the corrected error was. It is not a
// slice coordinate.
struct Click {
    int x = 0;
    int y = 0;
    bool positive = true;
    double depth = 0.0;
    int z = 0;

    bool operator==(const Click& o) const {
        return x == o.x && y == o.y && z == o.z && positive == o.positive && depth == o.depth;
    }
    bool operator!=(const Click& o) const { return !(*this == o); }
};

enum class ClickStrategy {
    // RITM / SimpleClick (the MedSAM-Agent expert): the deepest point of all false negatives vs the deepest
    // point of all false positives; positive when max DT(FN) > max DT(FP) (a tie goes negative, as
    // published).
    DeepestError,
    // The simulated annotator of the tools issue: take the largest connected error region (FN or FP, by voxel
    // count) and click at its deepest point; positive for a miss, negative for a false positive.
    LargestErrorRegion,
};

struct ClickOracleOptions {
    ClickStrategy strategy = ClickStrategy::DeepestError;
    // false: distances in pixels, as the published oracle (scipy's EDT without sampling).
    // true: distances in mm from the mask geometry's spacing (matters for anisotropic pixels).
    bool physicalUnits = false;
    // Previously clicked voxels get DT = 0 (cannot be chosen again). A radius > 0 also excludes every voxel
    // within that distance (same units as the DT) of an earlier click; 0 = exactly the clicked voxel.
    double exclusionRadius = 0.0;
    // Connectivity of error regions for LargestErrorRegion: false = faces only (4 in 2D, 6 in 3D),
    // true = faces, edges and corners (8 / 26).
    bool fullConnectivity = false;
};

// The next corrective click that moves `prediction` towards `reference`, or nullopt when nothing is left to
// correct (no error voxel outside the excluded clicks).
//
// FN = reference & !prediction, FP = prediction & !reference. Each is padded by one voxel of "no error"
// (so voxels on the image border are one step from the outside), Euclidean-distance-transformed, and zeroed
// at `previousClicks`. Axes of size 1 (the depth of a 2D slice) are not padded. Ties between equally deep
// voxels go to the first in raster order (smallest z, then y, then x), as numpy.argwhere(...)[0] does in
// RITM. Throws std::invalid_argument when the two masks are not on the same grid or are empty.
std::optional<Click> nextClick(const Mask& prediction, const Mask& reference,
                               const std::vector<Click>& previousClicks = {},
                               const ClickOracleOptions& options = {});

// Inclusive pixel bounds of a box on a 2D slice.
struct PixelBox {
    int x0 = 0;
    int y0 = 0;
    int x1 = 0;
    int y1 = 0;

    int width() const { return x1 - x0 + 1; }
    int height() const { return y1 - y0 + 1; }
    bool operator==(const PixelBox& o) const { return x0 == o.x0 && y0 == o.y0 && x1 == o.x1 && y1 == o.y1; }
    bool operator!=(const PixelBox& o) const { return !(*this == o); }
};

// Random displacement of each box edge, independently and uniformly in [-m, +m] pixels (rounded), where
// m = fraction * (box extent along that edge's axis) + pixels. Both zero = the exact bounding box.
struct BoxJitter {
    double fraction = 0.0;
    double pixels = 0.0;
};

// The bounding box of the non-zero pixels of a 2D `reference` (depth 1), jittered, clipped to the image, and
// kept non-degenerate in the sense x0 <= x1, y0 <= y1 (edges that cross after jitter are swapped).
// nullopt for an empty mask. Deterministic given the generator state: only std::mt19937's raw 32-bit outputs
// are used (not std::uniform_*_distribution, whose results differ between standard libraries).
// Throws std::invalid_argument for a 3D mask.
std::optional<PixelBox> boxFromMask(const Mask& reference, const BoxJitter& jitter, std::mt19937& rng);
std::optional<PixelBox> boxFromMask(const Mask& reference, const BoxJitter& jitter = {}, unsigned seed = 0);

// The shared vocabulary's form of a prompt (pixel coordinates of the slice).
Action toAction(const Click& click);
Action toAction(const PixelBox& box);

}  // namespace medsam::core
