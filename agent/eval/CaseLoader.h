#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "agent/eval/Manifest.h"
#include "agent/runner/Episode.h"
#include "core/image/LabelMap.h"
#include "core/prompts/ClickOracle.h"

namespace medsam::agent {

// The slice along index axis `axis` where `values` cover the most pixels (the first one on ties); -1 when the
// label map holds none of them.
int largestSlice(const core::Image<std::uint16_t>& labels, const std::vector<std::uint16_t>& values,
                 int axis);

// "axial:30", "k:12", "2:12" -> (index axis, index) on `geometry`. Plane names map through the direction
// matrix (core::indexAxisForPlane). Throws std::invalid_argument with the accepted forms.
core::SliceRef parseSliceSpec(const std::string& text, const core::ImageGeometry& geometry);

struct CaseLoadOptions {
    // The user's box for baselines, derived from the reference (a person draws roughly, not tightly).
    core::BoxJitter initialBoxJitter{0.05, 0.0};
    std::uint64_t seed = 0;
};

struct LoadedCase {
    EpisodeRequest request;  // slice, reference, task, initial box, per-case seed
    core::ImageGeometry volumeGeometry;
    core::SliceRef slice;
    std::string axisName;         // "axial", ..., or "2d"
    bool emptyReference = false;  // the paper skips these; so does the evaluation
};

// Reads the image and label map of a manifest case, picks the slice and builds the episode request.
// Throws core::ImageIoError / std::invalid_argument naming the file or the row.
LoadedCase loadCase(const ManifestCase& c, const CaseLoadOptions& options = {});

// One image from the command line (`medsam-agent segment`): the slice from `sliceSpec` ("axial:30"), or, for
// a volume without one, the axial slice where the reference is largest (with a reference) or the middle axial
// slice. The reference is optional; `initialPrompt` is the user's --box/--point, else a box derived from the
// reference as for evaluation.
struct SegmentInput {
    std::string image;
    std::string target;
    std::string sliceSpec;  // empty: the default above
    std::string label;      // empty: no reference
    std::vector<std::uint16_t> labelValues;
    std::optional<core::Action> initialPrompt;  // must touch the slice: a box wholly outside is an error
    // A DICOM file or folder holding several series: the Series Instance UID, or the 1-based position in the
    // list `medsam-agent info` prints. Empty: the image must hold exactly one.
    std::string series;
};
LoadedCase loadSegmentInput(const SegmentInput& input, const CaseLoadOptions& options = {});
// The volume `input` names (its --series when given). Throws like loadSegmentInput.
core::Volume readSegmentImage(const SegmentInput& input);

// Writes `mask` (a slice of `volumeGeometry` at `slice`) as a label map of the whole image (value `value` on
// the slice, 0 elsewhere), format by extension (.nii.gz, .nrrd, .mha...).
void writeSliceMask(const std::string& path, const core::ImageGeometry& volumeGeometry,
                    const core::SliceRef& slice, const core::Mask& mask, std::uint16_t value = 1);

}  // namespace medsam::agent
