#pragma once

#include <filesystem>
#include <vector>

#include "agent/tools/SamModelSpec.h"

namespace medsam::agent {

// A weightless model that honours the SAM TorchScript contract and whose output is a known function of the
// prompts, so that the whole C++ path (transforms, mask feedback, mask choice, caching) can be checked and
// timed without real weights. Written as encoder.pt / decoder.pt / model.json like an exported model.
//
// In model input pixels (centres at integers), mask channel k is the union of
//   - a disc of radius radii[k] around every positive point (logit r^2 - d^2),
//   - the box between the label-2 and label-3 corners, widened by half a pixel (piecewise-linear logit),
//   - the mask input, when the has-mask flag is set (so feedback is visible),
// minus a disc of radius radii[k] around every negative point. Background logits are -100.
// IoU predictions are the constants `iou`. Masks and low-res logits both come out at spec.lowResSize^2 (as in
// SAM, where both are the decoder's 256^2 logits), so mask input and output share one frame.
struct SyntheticSamOptions {
    std::vector<double> radii{6, 3, 9, 4.5};  // one per mask channel (spec.maskOutputs is set from this)
    std::vector<double> iou{0.5, 0.3, 0.9, 0.6};
};

// Writes the three files into `dir` (created if needed). Needs torch: part of the torch plugin, which
// programs reach through torchBackend().writeSyntheticSamModel(). spec.maskOutputs is taken from
// options.radii. The encoder returns spec.encoderOutputs tensors (average-pooled copies of the input image).
void writeSyntheticSamModel(const std::filesystem::path& dir, SamModelSpec spec,
                            const SyntheticSamOptions& options);

}  // namespace medsam::agent
