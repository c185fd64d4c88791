#pragma once

#include <string>
#include <vector>

#include "agent/policies/Policy.h"
#include "core/trajectory/Action.h"

// The tensor contract of a compact learned policy (docs/agent-protocol.md, "Policy file contract"), without
// torch: TorchPolicy runs the network, this file says what goes in and how to read what comes out.
namespace medsam::agent {

// Input channels, in this order.
enum class PolicyChannel { Slice, Mask, PositiveClicks, NegativeClicks, Box };
constexpr int kPolicyChannels = 5;
// Action logits, in this order.
constexpr int kPolicyActions = 4;  // box, positive_point, negative_point, stop

// The JSON sidecar next to the TorchScript file (policy.pt -> policy.json).
struct PolicySpec {
    int height = 256;  // model input size; the slice is resampled to it
    int width = 256;
    double lowPercentile = 0.5;  // intensity window of the slice channel, percentiles of the slice's values
    double highPercentile = 99.5;
    int clickRadius = 0;  // clicks are discs of this radius in model pixels (0: one pixel)

    // Parses and validates the sidecar; `origin` (a file name) is named in errors. Throws PolicyError
    // Backend.
    static PolicySpec fromJson(const std::string& text, const std::string& origin);
    std::string toJson() const;
};

// Model pixel <-> slice pixel along one axis (pixel centres aligned, as torch's align_corners=False):
//   slice x = (u + 0.5) * sliceSize / modelSize - 0.5
double modelToSlice(double u, int modelSize, int sliceSize);
// The model pixel whose cell holds slice position x (torch's "nearest-exact"), clamped to the model grid.
int sliceToModelCell(double x, int sliceSize, int modelSize);

// The input tensor [1, C, H, W] as a flat row-major array (C * H * W floats):
//   0 slice: intensities windowed to [lowPercentile, highPercentile] -> [0, 1], bilinear resample
//   1 mask: the current mask, nearest-exact resample, 0/1
//   2 positive clicks, 3 negative clicks: every click so far as a disc of clickRadius, 0/1
//   4 box: the most recent box (inclusive cells), 0/1
// Throws PolicyError Backend when the observation has no 2D slice or the mask does not match it.
std::vector<float> encodeObservation(const Observation& observation, const PolicySpec& spec);

// The network's outputs: action logits (4), a click heatmap (H * W) and a box (4 values x0, y0, x1, y1 as
// fractions of the image extent: pixel i's centre is at (i + 0.5) / size).
struct PolicyOutputs {
    std::vector<float> logits;
    std::vector<float> heatmap;
    std::vector<float> box;
};

// The action with the largest logit (first on ties). Clicks go to the heatmap's argmax (first in row-major
// order on ties), mapped to the slice by modelToSlice; boxes map x = b * size - 0.5, corners sorted and
// clamped to the slice. Throws PolicyError Backend when a size is wrong or a value is not finite.
core::Action decodeOutputs(const PolicyOutputs& outputs, const PolicySpec& spec, int sliceWidth,
                           int sliceHeight);

}  // namespace medsam::agent
