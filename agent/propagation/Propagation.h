#pragma once

#include <atomic>
#include <functional>
#include <optional>
#include <string>
#include <vector>

#include "agent/policies/Policy.h"
#include "agent/runner/Episode.h"
#include "agent/tools/PromptableSegmenter.h"
#include "core/image/Image.h"
#include "core/trajectory/Trajectory.h"

// Propagation through the volume: from one accepted slice, the agent segments the next slice from a prompt
// derived from its neighbour's mask, slice after slice, up and down, until the structure ends.
namespace medsam::agent {

struct PropagationConfig {
    int boxMargin = 3;           // pixels added around the neighbour's mask for the next slice's box
    double minAreaRatio = 0.25;  // stop when a slice's mask is smaller than this fraction of its neighbour's
    double minOverlap = 0.3;     // stop when a slice's mask overlaps its neighbour's less (Dice) than this
    int maxSlices = 0;           // slices per direction at most; 0: to the edge of the volume
    EnvConfig env;               // the episodes' settings (turns, protocol)
};

struct PropagatedSlice {
    int index = 0;
    core::Mask mask;  // the slice's final mask (kept only when accepted by the stop rules)
    core::Trajectory trajectory;
};

struct PropagationResult {
    std::vector<PropagatedSlice> slices;  // in the order they were segmented (up from the start, then down)
    std::string stopUp, stopDown;         // why each direction ended
};

struct PropagationRequest {
    const core::Image<float>* volume = nullptr;
    int axis = 2;
    int startIndex = 0;
    core::Mask startMask;  // the accepted slice's mask (slice geometry)
    std::string target;
    std::string imagePath;
    // With a reference (label map + values) each episode gets Dice/IoU and the expert can imitate it.
    const core::Image<std::uint16_t>* reference = nullptr;
    std::vector<std::uint16_t> referenceValues;
    std::string cacheKeyPrefix;  // the tool's cache key is prefix + slice; empty disables caching
    bool eightBit = false;       // 8-bit data (core::Volume::eightBit): shown without a percentile window
};

// Called after each slice (done, planned at most, the slice) and polled through `cancel`.
using PropagationProgress = std::function<void(int done, int total, const PropagatedSlice& slice)>;

// The prompt the next slice gets from its neighbour's mask: the mask's bounding box widened by `margin`
// (clamped to the slice); nullopt for an empty mask.
std::optional<core::Action> boxFromMask(const core::Mask& mask, int margin);

// Runs the propagation with one tool and one policy (not thread-safe: the caller's worker owns them).
// Throws std::invalid_argument for a request that does not fit the volume.
PropagationResult propagate(const PropagationRequest& request, PromptableSegmenter& tool, Policy& policy,
                            const PropagationConfig& config, const PropagationProgress& progress = {},
                            const std::atomic<bool>* cancel = nullptr);

// The result as a label map on the volume's grid: `value` on the start slice and every propagated slice.
core::Image<std::uint16_t> propagatedLabels(const core::ImageGeometry& grid,
                                            const PropagationRequest& request,
                                            const PropagationResult& result, std::uint16_t value);

}  // namespace medsam::agent
