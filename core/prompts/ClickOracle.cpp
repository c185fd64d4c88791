#include "core/prompts/ClickOracle.h"

#include <algorithm>
#include <array>
#include <cmath>
#include <cstdint>
#include <stdexcept>
#include <string>

#include "core/metrics/DistanceTransform.h"

namespace medsam::core {
namespace {

// Inclusive index bounds of a set of voxels.
struct Bounds {
    int lo[3] = {0, 0, 0};
    int hi[3] = {-1, -1, -1};
    bool empty() const { return hi[0] < lo[0]; }
    void add(int i, int j, int k) {
        const int p[3] = {i, j, k};
        if (empty()) {
            for (int a = 0; a < 3; ++a) lo[a] = hi[a] = p[a];
            return;
        }
        for (int a = 0; a < 3; ++a) {
            lo[a] = std::min(lo[a], p[a]);
            hi[a] = std::max(hi[a], p[a]);
        }
    }
};

// The deepest voxel of one error set: squared depth and where it is.
struct Deepest {
    float squaredDepth = 0.0f;
    int x = 0, y = 0, z = 0;
};

void checkInputs(const Mask& prediction, const Mask& reference) {
    if (reference.empty() || prediction.empty()) {
        throw std::invalid_argument("nextClick: empty mask (prediction " + prediction.geometry().describe() +
                                    ", reference " + reference.geometry().describe() + ")");
    }
    if (!prediction.geometry().sameGrid(reference.geometry())) {
        throw std::invalid_argument("nextClick: prediction grid " + prediction.geometry().describe() +
                                    " differs from reference grid " + reference.geometry().describe());
    }
}

// Squared distance from each voxel of `inRegion` (a predicate over global indices, tested only inside
// `bounds`) to the nearest voxel outside it, where everything outside the image counts as outside the region
// (the published oracle's 1-voxel zero padding). Only the bounding box of the region plus a one-voxel margin
// is transformed: the nearest outside voxel of any region voxel always lies in that margin or inside the box
// (clamping a farther voxel onto the margin only brings it closer), so the crop gives the exact answer.
// Then excluded clicks are zeroed and the first deepest voxel in raster order is returned.
template <typename InRegion>
Deepest deepestVoxel(const ImageGeometry& g, const Bounds& bounds, InRegion inRegion,
                     const std::vector<Click>& clicks, const ClickOracleOptions& options) {
    Deepest best;
    if (bounds.empty()) return best;
    // Axes of size 1 (a 2D slice's depth) get no margin: the slice is not a one-voxel slab.
    int margin[3], lo[3];
    ImageGeometry crop;
    for (int a = 0; a < 3; ++a) {
        margin[a] = g.size[a] > 1 ? 1 : 0;
        lo[a] = bounds.lo[a] - margin[a];
        crop.size[a] = bounds.hi[a] - bounds.lo[a] + 1 + 2 * margin[a];
        crop.spacing[a] = options.physicalUnits ? g.spacing[a] : 1.0;
    }
    Mask outside(crop, 1);
    for (int k = bounds.lo[2]; k <= bounds.hi[2]; ++k)
        for (int j = bounds.lo[1]; j <= bounds.hi[1]; ++j)
            for (int i = bounds.lo[0]; i <= bounds.hi[0]; ++i)
                if (inRegion(g.linearIndex(i, j, k))) outside.at(i - lo[0], j - lo[1], k - lo[2]) = 0;
    std::vector<float> sq = squaredDistanceToFeature(outside);

    // Exclusion of earlier clicks, in the same units as the distances.
    const double r2 = options.exclusionRadius * options.exclusionRadius;
    for (const Click& c : clicks) {
        int win[3];
        for (int a = 0; a < 3; ++a) {
            win[a] = options.exclusionRadius > 0
                         ? static_cast<int>(std::ceil(options.exclusionRadius / crop.spacing[a]))
                         : 0;
        }
        const int p[3] = {c.x - lo[0], c.y - lo[1], c.z - lo[2]};
        for (int dk = -win[2]; dk <= win[2]; ++dk)
            for (int dj = -win[1]; dj <= win[1]; ++dj)
                for (int di = -win[0]; di <= win[0]; ++di) {
                    const int i = p[0] + di, j = p[1] + dj, k = p[2] + dk;
                    if (!crop.contains(i, j, k)) continue;
                    const double dx = di * crop.spacing[0], dy = dj * crop.spacing[1],
                                 dz = dk * crop.spacing[2];
                    if (dx * dx + dy * dy + dz * dz <= r2) sq[crop.linearIndex(i, j, k)] = 0.0f;
                }
    }

    // Raster order of the crop is the image's raster order restricted to it, so ">" keeps the first maximum.
    for (int k = bounds.lo[2]; k <= bounds.hi[2]; ++k)
        for (int j = bounds.lo[1]; j <= bounds.hi[1]; ++j)
            for (int i = bounds.lo[0]; i <= bounds.hi[0]; ++i) {
                if (!inRegion(g.linearIndex(i, j, k))) continue;
                const float v = sq[crop.linearIndex(i - lo[0], j - lo[1], k - lo[2])];
                if (v > best.squaredDepth) best = {v, i, j, k};
            }
    return best;
}

Click makeClick(const Deepest& d, bool positive) {
    return Click{d.x, d.y, positive, std::sqrt(static_cast<double>(d.squaredDepth)), d.z};
}

std::optional<Click> deepestError(const Mask& prediction, const Mask& reference,
                                  const std::vector<Click>& clicks, const ClickOracleOptions& options) {
    const ImageGeometry& g = reference.geometry();
    const auto& p = prediction.voxels();
    const auto& r = reference.voxels();
    Bounds fnBounds, fpBounds;
    for (int k = 0; k < g.size[2]; ++k)
        for (int j = 0; j < g.size[1]; ++j)
            for (int i = 0; i < g.size[0]; ++i) {
                const std::size_t n = g.linearIndex(i, j, k);
                const bool pv = p[n] != 0, rv = r[n] != 0;
                if (rv && !pv) fnBounds.add(i, j, k);
                if (pv && !rv) fpBounds.add(i, j, k);
            }
    const Deepest fn = deepestVoxel(
        g, fnBounds, [&](std::size_t n) { return r[n] != 0 && p[n] == 0; }, clicks, options);
    const Deepest fp = deepestVoxel(
        g, fpBounds, [&](std::size_t n) { return p[n] != 0 && r[n] == 0; }, clicks, options);
    if (fn.squaredDepth <= 0.0f && fp.squaredDepth <= 0.0f) return std::nullopt;
    return fn.squaredDepth > fp.squaredDepth ? makeClick(fn, true) : makeClick(fp, false);
}

struct Region {
    int label = 0;
    std::size_t voxels = 0;
    bool falseNegative = true;
    std::size_t firstIndex = 0;
    Bounds bounds;
};

// Labels the connected components of the error voxels (FN and FP separately: an FN voxel never joins an FP
// voxel), by breadth-first flood fill. labels[n] = region label (1-based), 0 for voxels without error.
std::vector<Region> errorRegions(const Mask& prediction, const Mask& reference, bool fullConnectivity,
                                 std::vector<int>& labels) {
    const ImageGeometry& g = reference.geometry();
    const auto& p = prediction.voxels();
    const auto& r = reference.voxels();
    // -1 = FN, -2 = FP, 0 = correct, > 0 = labelled.
    labels.assign(g.voxelCount(), 0);
    for (std::size_t n = 0; n < labels.size(); ++n) {
        const bool pv = p[n] != 0, rv = r[n] != 0;
        labels[n] = rv && !pv ? -1 : (pv && !rv ? -2 : 0);
    }
    std::vector<std::array<int, 3>> offsets;
    for (int dk = -1; dk <= 1; ++dk)
        for (int dj = -1; dj <= 1; ++dj)
            for (int di = -1; di <= 1; ++di) {
                const int manhattan = std::abs(di) + std::abs(dj) + std::abs(dk);
                if (manhattan == 0 || (!fullConnectivity && manhattan > 1)) continue;
                offsets.push_back({di, dj, dk});
            }
    std::vector<Region> regions;
    std::vector<std::array<int, 3>> queue;
    for (int k = 0; k < g.size[2]; ++k)
        for (int j = 0; j < g.size[1]; ++j)
            for (int i = 0; i < g.size[0]; ++i) {
                const std::size_t start = g.linearIndex(i, j, k);
                if (labels[start] >= 0) continue;
                const int kind = labels[start];
                Region region;
                region.label = static_cast<int>(regions.size()) + 1;
                region.falseNegative = kind == -1;
                region.firstIndex = start;
                labels[start] = region.label;
                queue.assign(1, {i, j, k});
                for (std::size_t head = 0; head < queue.size(); ++head) {
                    const auto [x, y, z] = queue[head];
                    ++region.voxels;
                    region.bounds.add(x, y, z);
                    for (const auto& o : offsets) {
                        const int a = x + o[0], b = y + o[1], c = z + o[2];
                        if (!g.contains(a, b, c)) continue;
                        int& l = labels[g.linearIndex(a, b, c)];
                        if (l != kind) continue;
                        l = region.label;
                        queue.push_back({a, b, c});
                    }
                }
                regions.push_back(region);
            }
    return regions;
}

std::optional<Click> largestErrorRegion(const Mask& prediction, const Mask& reference,
                                        const std::vector<Click>& clicks, const ClickOracleOptions& options) {
    std::vector<int> labels;
    std::vector<Region> regions = errorRegions(prediction, reference, options.fullConnectivity, labels);
    // Largest first; equal sizes: a miss before a false positive, then the earlier region in raster order.
    std::sort(regions.begin(), regions.end(), [](const Region& a, const Region& b) {
        if (a.voxels != b.voxels) return a.voxels > b.voxels;
        if (a.falseNegative != b.falseNegative) return a.falseNegative;
        return a.firstIndex < b.firstIndex;
    });
    // A region whose every voxel was already clicked gives way to the next one.
    for (const Region& region : regions) {
        const Deepest d = deepestVoxel(
            reference.geometry(), region.bounds, [&](std::size_t n) { return labels[n] == region.label; },
            clicks, options);
        if (d.squaredDepth > 0.0f) return makeClick(d, region.falseNegative);
    }
    return std::nullopt;
}

// A uniform double in [-1, 1] from one raw 32-bit draw: portable, unlike std::uniform_real_distribution.
double symmetricUnit(std::mt19937& rng) {
    return 2.0 * (static_cast<double>(rng()) / 4294967295.0) - 1.0;
}

}  // namespace

std::optional<Click> nextClick(const Mask& prediction, const Mask& reference,
                               const std::vector<Click>& previousClicks, const ClickOracleOptions& options) {
    checkInputs(prediction, reference);
    const ImageGeometry& g = reference.geometry();
    for (const Click& c : previousClicks) {
        if (!g.contains(c.x, c.y, c.z)) {
            throw std::invalid_argument("nextClick: previous click (" + std::to_string(c.x) + "," +
                                        std::to_string(c.y) + "," + std::to_string(c.z) +
                                        ") is outside the " + g.describe() + " image");
        }
    }
    if (!(options.exclusionRadius >= 0.0)) {
        throw std::invalid_argument("nextClick: exclusion radius must be >= 0, got " +
                                    std::to_string(options.exclusionRadius));
    }
    switch (options.strategy) {
        case ClickStrategy::DeepestError:
            return deepestError(prediction, reference, previousClicks, options);
        case ClickStrategy::LargestErrorRegion:
            return largestErrorRegion(prediction, reference, previousClicks, options);
    }
    throw std::invalid_argument("nextClick: unknown click strategy");
}

std::optional<PixelBox> boxFromMask(const Mask& reference, const BoxJitter& jitter, std::mt19937& rng) {
    if (reference.depth() != 1) {
        throw std::invalid_argument("boxFromMask: needs a 2D slice (depth 1), got " +
                                    reference.geometry().describe());
    }
    if (!(jitter.fraction >= 0.0) || !(jitter.pixels >= 0.0)) {
        throw std::invalid_argument("boxFromMask: jitter must be >= 0 (fraction " +
                                    std::to_string(jitter.fraction) + ", pixels " +
                                    std::to_string(jitter.pixels) + ")");
    }
    Bounds b;
    for (int j = 0; j < reference.height(); ++j)
        for (int i = 0; i < reference.width(); ++i)
            if (reference.at(i, j)) b.add(i, j, 0);
    if (b.empty()) return std::nullopt;
    PixelBox box{b.lo[0], b.lo[1], b.hi[0], b.hi[1]};
    if (jitter.fraction > 0.0 || jitter.pixels > 0.0) {
        const double mx = jitter.fraction * box.width() + jitter.pixels;
        const double my = jitter.fraction * box.height() + jitter.pixels;
        // Fixed draw order (x0, y0, x1, y1) keeps a seed's boxes stable across versions.
        box.x0 += static_cast<int>(std::lround(symmetricUnit(rng) * mx));
        box.y0 += static_cast<int>(std::lround(symmetricUnit(rng) * my));
        box.x1 += static_cast<int>(std::lround(symmetricUnit(rng) * mx));
        box.y1 += static_cast<int>(std::lround(symmetricUnit(rng) * my));
        if (box.x0 > box.x1) std::swap(box.x0, box.x1);
        if (box.y0 > box.y1) std::swap(box.y0, box.y1);
        box.x0 = std::clamp(box.x0, 0, reference.width() - 1);
        box.x1 = std::clamp(box.x1, 0, reference.width() - 1);
        box.y0 = std::clamp(box.y0, 0, reference.height() - 1);
        box.y1 = std::clamp(box.y1, 0, reference.height() - 1);
    }
    return box;
}

std::optional<PixelBox> boxFromMask(const Mask& reference, const BoxJitter& jitter, unsigned seed) {
    std::mt19937 rng(seed);
    return boxFromMask(reference, jitter, rng);
}

Action toAction(const Click& click) {
    return Action::point(click.x, click.y, click.positive);
}
Action toAction(const PixelBox& box) {
    return Action::box(box.x0, box.y0, box.x1, box.y1);
}

}  // namespace medsam::core
