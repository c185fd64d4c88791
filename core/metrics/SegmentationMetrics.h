#pragma once

#include <cstddef>

#include "core/image/Image.h"

namespace medsam::core {

// Overlap and surface-distance metrics between a predicted and a reference mask on the same grid, 2D slices
// (depth 1) or 3D volumes. Definitions, units and the empty-mask conventions: docs/metrics.md. In short:
// - any non-zero voxel is foreground;
// - distances are in millimetres from the mask geometry's spacing (anisotropic spacing honoured);
// - the surface of a mask is its foreground voxels with at least one face neighbour (4 in 2D, 6 in 3D) that
// is
//   background or outside the image (axes of size 1, the depth of a slice, have no neighbours);
// - both masks empty: Dice = IoU = NSD = 1, HD95 = Hausdorff = ASSD = 0 (a perfect "nothing there");
//   exactly one empty: Dice = IoU = NSD = 0, HD95 = Hausdorff = ASSD = +infinity (no surface to measure to).
// Every function throws std::invalid_argument when the two masks are not on the same grid.

struct MetricOptions {
    // Normalised surface Dice counts surface voxels within this distance (inclusive) of the other surface.
    double nsdToleranceMm = 2.0;
    // The robust Hausdorff distance's percentile (95 gives HD95).
    double hausdorffPercentile = 95.0;
};

struct SegmentationMetrics {
    double dice = 0.0;
    double iou = 0.0;
    double hd95 = 0.0;       // mm: max over both directions of the percentile of surface distances
    double hausdorff = 0.0;  // mm: the classic (100th percentile) Hausdorff distance
    double assd = 0.0;       // mm: mean of all surface distances, both directions pooled
    double nsd = 0.0;        // fraction of both surfaces within the tolerance of the other

    std::size_t predictedVoxels = 0;
    std::size_t referenceVoxels = 0;
    std::size_t intersectionVoxels = 0;
    std::size_t predictedSurfaceVoxels = 0;
    std::size_t referenceSurfaceVoxels = 0;
};

// Voxel counts behind Dice and IoU, in one pass.
struct Overlap {
    std::size_t predicted = 0;
    std::size_t reference = 0;
    std::size_t intersection = 0;

    double dice() const;  // 2|P&R| / (|P| + |R|); 1 when both are empty
    double iou() const;   // |P&R| / |P|R|; 1 when both are empty
};

Overlap overlap(const Mask& prediction, const Mask& reference);

// The hot path (called at every agent step): one pass over the voxels, no allocation.
double dice(const Mask& prediction, const Mask& reference);
double iou(const Mask& prediction, const Mask& reference);

// All metrics. Only the bounding box of both masks (plus a one-voxel margin) is examined, and the distance
// transform of each surface is computed once, so the cost follows the objects, not the image.
SegmentationMetrics computeMetrics(const Mask& prediction, const Mask& reference,
                                   const MetricOptions& options = {});

// The surface voxels of `mask` as defined above (1 on the surface, 0 elsewhere), on the same grid.
Mask surfaceOf(const Mask& mask);

}  // namespace medsam::core
