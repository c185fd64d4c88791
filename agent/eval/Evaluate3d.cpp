#include "agent/eval/Evaluate3d.h"

#include <chrono>
#include <stdexcept>

#include "core/codec/MaskCodec.h"
#include "core/image/LabelMap.h"
#include "core/io/VolumeIo.h"
#include "core/metrics/SegmentationMetrics.h"
#include "core/render/DisplaySlice.h"

namespace medsam::agent {

Case3dResult evaluatePropagation(const ManifestCase& c, const AgentSpec& spec,
                                 const PropagationConfig& config) {
    const auto t0 = std::chrono::steady_clock::now();
    const core::Volume volume = core::readVolume(c.image);
    const core::LabelMap labels = core::readLabelMap(c.label);
    core::checkSameGrid(volume.image.geometry(), labels.labels.geometry(), c.image, c.label);
    if (volume.image.is2D())
        throw std::invalid_argument(c.image + ": a 2D image has no volume to propagate through");
    const core::Mask reference = core::maskForValues(labels.labels, c.labelValues);
    const int axis = core::displayAxes(volume.image.geometry(), c.plane).normalAxis;
    // The start slice: the manifest's, or where the reference's area is largest.
    int start = c.slice.value_or(-1);
    if (start < 0) {
        std::size_t best = 0;
        for (int s = 0; s < volume.image.size()[axis]; ++s) {
            const auto slice = core::extractSlice(reference, core::SliceRef{axis, s});
            const auto area =
                static_cast<std::size_t>(std::count(slice.voxels().begin(), slice.voxels().end(), 1));
            if (area > best) best = area, start = s;
        }
        if (start < 0) throw std::invalid_argument(c.label + ": the reference is empty");
    }
    const core::SliceRef startRef{axis, start};
    const core::Mask startTruth = core::extractSlice(reference, startRef);
    const auto box = boxFromMask(startTruth, 0);
    if (!box)
        throw std::invalid_argument(c.label + ": the reference is empty on slice " + startRef.toString());

    auto tool = makeTool(spec);
    auto policy = makePolicy(spec);
    SegmentationEnv env(*tool, config.env);
    EpisodeRequest episode;
    episode.slice = core::extractSlice(volume.image, startRef);
    episode.task = {c.image, startRef, c.target, c.labelValues};
    episode.reference = startTruth;
    episode.initialPrompt = box;
    runEpisode(env, *policy, episode);

    PropagationRequest request;
    request.volume = &volume.image;
    request.eightBit = volume.eightBit;
    request.axis = axis;
    request.startIndex = start;
    request.startMask = env.mask();
    request.target = c.target;
    request.imagePath = c.image;
    request.reference = &labels.labels;
    request.referenceValues = c.labelValues;
    request.cacheKeyPrefix = "eval3d/";
    const PropagationResult result = propagate(request, *tool, *policy, config);
    const auto predicted = propagatedLabels(volume.image.geometry(), request, result, 1);
    const core::SegmentationMetrics m = core::computeMetrics(core::maskForValues(predicted, {1}), reference);

    Case3dResult r;
    r.row = c.row;
    r.image = c.image;
    r.target = c.target;
    r.policy = policy->name();
    r.axis = axis;
    r.startSlice = start;
    r.slices = static_cast<int>(result.slices.size());
    r.dice = m.dice;
    r.nsd = m.nsd;
    r.hd95 = m.hd95;
    r.stopUp = result.stopUp;
    r.stopDown = result.stopDown;
    r.seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
    return r;
}

}  // namespace medsam::agent
