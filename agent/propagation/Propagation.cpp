#include "agent/propagation/Propagation.h"

#include <algorithm>
#include <stdexcept>

#include "core/codec/MaskCodec.h"
#include "core/image/LabelMap.h"
#include "core/image/SliceRef.h"
#include "core/metrics/SegmentationMetrics.h"

namespace medsam::agent {

namespace {

std::size_t area(const core::Mask& mask) {
    return static_cast<std::size_t>(
        std::count_if(mask.voxels().begin(), mask.voxels().end(), [](auto v) { return v != 0; }));
}

// The last mask the episode produced (the final mask, else the last step's), or an empty mask of `like`'s
// size.
core::Mask finalMask(const core::Trajectory& t, const core::Mask& like) {
    if (!t.finalMask.empty()) return core::decodeMask(t.finalMask, like.geometry());
    for (auto it = t.steps.rbegin(); it != t.steps.rend(); ++it) {
        if (!it->mask.empty() && it->error.empty()) return core::decodeMask(it->mask, like.geometry());
    }
    return core::Mask(like.geometry(), 0);
}

// One direction: returns why it stopped.
std::string walk(const PropagationRequest& r, int step, PromptableSegmenter& tool, Policy& policy,
                 const PropagationConfig& c, int total, PropagationResult& result,
                 const PropagationProgress& progress, const std::atomic<bool>* cancel) {
    const auto& g = r.volume->geometry();
    SegmentationEnv env(tool, c.env);
    core::Mask neighbour = r.startMask;
    int done = 0;
    for (int index = r.startIndex + step; index >= 0 && index < g.size[r.axis]; index += step) {
        if (c.maxSlices > 0 && done >= c.maxSlices) return "the slice limit";
        if (cancel && cancel->load()) return "cancelled";
        const auto prompt = boxFromMask(neighbour, c.boxMargin);
        if (!prompt) return "the structure vanished";
        const core::SliceRef slice{r.axis, index};
        EpisodeRequest episode;
        episode.slice = core::extractSlice(*r.volume, slice);
        episode.appearance.eightBit = r.eightBit;
        episode.task.imagePath = r.imagePath;
        episode.task.slice = slice;
        episode.task.target = r.target;
        episode.task.labelValues = r.referenceValues;
        episode.initialPrompt = prompt;
        if (r.reference)
            episode.reference =
                core::extractSlice(core::maskForValues(*r.reference, r.referenceValues), slice);
        if (!r.cacheKeyPrefix.empty()) episode.cacheKey = r.cacheKeyPrefix + slice.toString();
        PropagatedSlice out;
        out.index = index;
        out.trajectory = runEpisode(env, policy, episode, {}, cancel);
        out.mask = finalMask(out.trajectory, neighbour);
        const std::size_t a = area(out.mask), before = area(neighbour);
        ++done;
        if (a == 0) return "the structure vanished (empty mask on slice " + std::to_string(index) + ")";
        if (static_cast<double>(a) < c.minAreaRatio * static_cast<double>(before))
            return "the mask shrank below " + std::to_string(int(c.minAreaRatio * 100)) +
                   "% of its neighbour's on slice " + std::to_string(index);
        if (core::dice(out.mask, neighbour) < c.minOverlap)
            return "the mask left its neighbour's place (Dice < " +
                   std::to_string(c.minOverlap).substr(0, 4) + ") on slice " + std::to_string(index);
        neighbour = out.mask;
        result.slices.push_back(std::move(out));
        if (progress) progress(static_cast<int>(result.slices.size()), total, result.slices.back());
    }
    return "the edge of the volume";
}

}  // namespace

std::optional<core::Action> boxFromMask(const core::Mask& mask, int margin) {
    int x0 = mask.width(), y0 = mask.height(), x1 = -1, y1 = -1;
    for (int y = 0; y < mask.height(); ++y)
        for (int x = 0; x < mask.width(); ++x)
            if (mask.at(x, y)) {
                x0 = std::min(x0, x);
                y0 = std::min(y0, y);
                x1 = std::max(x1, x);
                y1 = std::max(y1, y);
            }
    if (x1 < 0) return std::nullopt;
    return core::Action::box(std::max(0, x0 - margin), std::max(0, y0 - margin),
                             std::min(mask.width() - 1, x1 + margin),
                             std::min(mask.height() - 1, y1 + margin));
}

PropagationResult propagate(const PropagationRequest& r, PromptableSegmenter& tool, Policy& policy,
                            const PropagationConfig& c, const PropagationProgress& progress,
                            const std::atomic<bool>* cancel) {
    if (!r.volume) throw std::invalid_argument("propagate: no volume");
    const auto& g = r.volume->geometry();
    core::checkSlice(g, core::SliceRef{r.axis, r.startIndex});
    const auto expected = core::sliceGeometry(g, core::SliceRef{r.axis, r.startIndex});
    if (r.startMask.width() != expected.size[0] || r.startMask.height() != expected.size[1])
        throw std::invalid_argument("propagate: the start mask is " + r.startMask.geometry().describe() +
                                    ", the slice " + expected.describe());
    if (r.reference && r.reference->size() != g.size)
        throw std::invalid_argument("propagate: the reference is not on the volume's grid");
    const int total = g.size[r.axis] - 1;
    PropagationResult result;
    result.stopUp = walk(r, +1, tool, policy, c, total, result, progress, cancel);
    result.stopDown = walk(r, -1, tool, policy, c, total, result, progress, cancel);
    return result;
}

core::Image<std::uint16_t> propagatedLabels(const core::ImageGeometry& grid,
                                            const PropagationRequest& request,
                                            const PropagationResult& result, std::uint16_t value) {
    core::Image<std::uint16_t> labels(grid, 0);
    auto put = [&](int index, const core::Mask& mask) {
        core::Image<std::uint16_t> slice(mask.geometry(), 0);
        for (std::size_t n = 0; n < mask.voxels().size(); ++n)
            slice.voxels()[n] = mask.voxels()[n] ? value : 0;
        core::insertSlice(labels, core::SliceRef{request.axis, index}, slice);
    };
    put(request.startIndex, request.startMask);
    for (const auto& s : result.slices) put(s.index, s.mask);
    return labels;
}

}  // namespace medsam::agent
