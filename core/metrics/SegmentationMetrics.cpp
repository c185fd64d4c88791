#include "core/metrics/SegmentationMetrics.h"

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <limits>
#include <stdexcept>
#include <string>
#include <vector>

#include "core/metrics/DistanceTransform.h"
#include "core/metrics/Percentile.h"

namespace medsam::core {
namespace {

constexpr double kInf = std::numeric_limits<double>::infinity();

void checkSameGrid(const Mask& prediction, const Mask& reference, const char* what) {
    if (!prediction.geometry().sameGrid(reference.geometry())) {
        throw std::invalid_argument(std::string(what) + ": prediction grid " +
                                    prediction.geometry().describe() + " differs from reference grid " +
                                    reference.geometry().describe());
    }
}

// Inclusive index box.
struct Box {
    int lo[3] = {0, 0, 0};
    int hi[3] = {-1, -1, -1};
};

// Surface voxels of `mask` restricted to `box`, written into a mask on the box's grid. A neighbour outside
// the image counts as background; the caller guarantees that neighbours outside the box but inside the image
// are background too (the box holds the foreground plus a margin), so testing "outside the box" is enough.
Mask surfaceInBox(const Mask& mask, const Box& box) {
    const ImageGeometry& g = mask.geometry();
    ImageGeometry crop;
    for (int a = 0; a < 3; ++a) {
        crop.size[a] = box.hi[a] - box.lo[a] + 1;
        crop.spacing[a] = g.spacing[a];
    }
    Mask out(crop);
    const bool useAxis[3] = {g.size[0] > 1, g.size[1] > 1, g.size[2] > 1};
    const std::uint8_t* m = mask.data();
    const std::size_t stride[3] = {1, static_cast<std::size_t>(g.size[0]),
                                   static_cast<std::size_t>(g.size[0]) * static_cast<std::size_t>(g.size[1])};
    for (int k = box.lo[2]; k <= box.hi[2]; ++k)
        for (int j = box.lo[1]; j <= box.hi[1]; ++j)
            for (int i = box.lo[0]; i <= box.hi[0]; ++i) {
                const std::size_t n = g.linearIndex(i, j, k);
                if (!m[n]) continue;
                const int idx[3] = {i, j, k};
                bool surface = false;
                for (int a = 0; a < 3 && !surface; ++a) {
                    if (!useAxis[a]) continue;
                    surface =
                        idx[a] == box.lo[a] || idx[a] == box.hi[a] || !m[n - stride[a]] || !m[n + stride[a]];
                }
                if (surface) out.at(i - box.lo[0], j - box.lo[1], k - box.lo[2]) = 1;
            }
    return out;
}

// Distances (mm) from each surface voxel of `from` to the nearest surface voxel of `to` (same crop grid).
std::vector<double> surfaceDistances(const Mask& from, const Mask& to) {
    const std::vector<float> sq = squaredDistanceToFeature(to);
    std::vector<double> d;
    const auto& f = from.voxels();
    for (std::size_t n = 0; n < f.size(); ++n)
        if (f[n]) d.push_back(std::sqrt(static_cast<double>(sq[n])));
    return d;
}

// Surface-distance percentile (core/metrics/Percentile.h, numpy's convention); 0 for an empty surface.
double surfacePercentile(const std::vector<double>& distances, double p) {
    return percentile(distances, p).value_or(0.0);
}

}  // namespace

double Overlap::dice() const {
    const std::size_t total = predicted + reference;
    return total == 0 ? 1.0 : 2.0 * static_cast<double>(intersection) / static_cast<double>(total);
}

double Overlap::iou() const {
    const std::size_t unionCount = predicted + reference - intersection;
    return unionCount == 0 ? 1.0 : static_cast<double>(intersection) / static_cast<double>(unionCount);
}

Overlap overlap(const Mask& prediction, const Mask& reference) {
    checkSameGrid(prediction, reference, "overlap");
    const std::uint8_t* p = prediction.data();
    const std::uint8_t* r = reference.data();
    const std::size_t n = prediction.voxels().size();
    Overlap o;
    // Counted in fixed-size blocks with 16-bit accumulators: a loop with a constant trip count is what GCC's
    // -O2 cost model agrees to vectorise (measured 10x faster than one open loop); the tail is scalar.
    constexpr std::size_t kBlock = 4096;
    std::size_t start = 0;
    for (; start + kBlock <= n; start += kBlock) {
        std::uint16_t cp = 0, cr = 0, ci = 0;
        const std::uint8_t* a = p + start;
        const std::uint8_t* b = r + start;
        for (std::size_t i = 0; i < kBlock; ++i) {
            const std::uint16_t x = a[i] != 0, y = b[i] != 0;
            cp = static_cast<std::uint16_t>(cp + x);
            cr = static_cast<std::uint16_t>(cr + y);
            ci = static_cast<std::uint16_t>(ci + (x & y));
        }
        o.predicted += cp;
        o.reference += cr;
        o.intersection += ci;
    }
    for (std::size_t i = start; i < n; ++i) {
        const bool x = p[i] != 0, y = r[i] != 0;
        o.predicted += x;
        o.reference += y;
        o.intersection += x && y;
    }
    return o;
}

double dice(const Mask& prediction, const Mask& reference) {
    return overlap(prediction, reference).dice();
}
double iou(const Mask& prediction, const Mask& reference) {
    return overlap(prediction, reference).iou();
}

Mask surfaceOf(const Mask& mask) {
    Box all;
    for (int a = 0; a < 3; ++a) all.hi[a] = mask.geometry().size[a] - 1;
    Mask s = surfaceInBox(mask, all);
    return Mask(mask.geometry(), std::move(s.voxels()));
}

SegmentationMetrics computeMetrics(const Mask& prediction, const Mask& reference,
                                   const MetricOptions& options) {
    checkSameGrid(prediction, reference, "computeMetrics");
    if (!(options.nsdToleranceMm >= 0.0) || !(options.hausdorffPercentile >= 0.0) ||
        !(options.hausdorffPercentile <= 100.0)) {
        throw std::invalid_argument(
            "computeMetrics: NSD tolerance must be >= 0 and the Hausdorff percentile in "
            "[0, 100] (got " +
            std::to_string(options.nsdToleranceMm) + " mm, " + std::to_string(options.hausdorffPercentile) +
            ")");
    }
    SegmentationMetrics m;
    const Overlap o = overlap(prediction, reference);
    m.predictedVoxels = o.predicted;
    m.referenceVoxels = o.reference;
    m.intersectionVoxels = o.intersection;
    m.dice = o.dice();
    m.iou = o.iou();
    if (o.predicted == 0 && o.reference == 0) {
        m.nsd = 1.0;
        return m;  // distances stay 0
    }
    if (o.predicted == 0 || o.reference == 0) {
        auto surfaceCount = [](const Mask& mask) {
            const Mask surface = surfaceOf(mask);
            return static_cast<std::size_t>(std::count(surface.voxels().begin(), surface.voxels().end(), 1));
        };
        m.nsd = 0.0;
        m.hd95 = m.hausdorff = m.assd = kInf;
        m.predictedSurfaceVoxels = o.predicted == 0 ? 0 : surfaceCount(prediction);
        m.referenceSurfaceVoxels = o.reference == 0 ? 0 : surfaceCount(reference);
        return m;
    }

    // The union's bounding box plus a one-voxel margin (clamped to the image): every surface voxel and every
    // nearest surface voxel lies inside, and so do the background neighbours that make a voxel a surface
    // voxel.
    const ImageGeometry& g = reference.geometry();
    Box box;
    for (int a = 0; a < 3; ++a) {
        box.lo[a] = g.size[a];
        box.hi[a] = -1;
    }
    const std::uint8_t* p = prediction.data();
    const std::uint8_t* r = reference.data();
    for (int k = 0; k < g.size[2]; ++k)
        for (int j = 0; j < g.size[1]; ++j) {
            const std::size_t row = g.linearIndex(0, j, k);
            int first = -1, last = -1;
            for (int i = 0; i < g.size[0]; ++i)
                if (p[row + i] | r[row + i]) {
                    if (first < 0) first = i;
                    last = i;
                }
            if (first < 0) continue;
            box.lo[0] = std::min(box.lo[0], first);
            box.hi[0] = std::max(box.hi[0], last);
            box.lo[1] = std::min(box.lo[1], j);
            box.hi[1] = std::max(box.hi[1], j);
            box.lo[2] = std::min(box.lo[2], k);
            box.hi[2] = std::max(box.hi[2], k);
        }
    for (int a = 0; a < 3; ++a) {
        box.lo[a] = std::max(0, box.lo[a] - 1);
        box.hi[a] = std::min(g.size[a] - 1, box.hi[a] + 1);
    }

    const Mask predSurface = surfaceInBox(prediction, box);
    const Mask refSurface = surfaceInBox(reference, box);
    const std::vector<double> predToRef = surfaceDistances(predSurface, refSurface);
    const std::vector<double> refToPred = surfaceDistances(refSurface, predSurface);
    m.predictedSurfaceVoxels = predToRef.size();
    m.referenceSurfaceVoxels = refToPred.size();

    double sum = 0.0, maxDistance = 0.0;
    std::size_t within = 0;
    // A hair of slack so that a distance equal to the tolerance counts despite float rounding of the EDT.
    const double tolerance = options.nsdToleranceMm * (1.0 + 1e-6) + 1e-9;
    for (const auto* d : {&predToRef, &refToPred})
        for (double v : *d) {
            sum += v;
            maxDistance = std::max(maxDistance, v);
            within += v <= tolerance;
        }
    const double surfaceCount = static_cast<double>(predToRef.size() + refToPred.size());
    m.assd = sum / surfaceCount;
    m.nsd = static_cast<double>(within) / surfaceCount;
    m.hausdorff = maxDistance;
    m.hd95 = std::max(surfacePercentile(predToRef, options.hausdorffPercentile),
                      surfacePercentile(refToPred, options.hausdorffPercentile));
    return m;
}

}  // namespace medsam::core
