#pragma once

#include <string>
#include <vector>

#include "agent/policies/Policy.h"
#include "core/trajectory/Action.h"

// The tensor contract of a compact learned policy (docs/agent-protocol.md, "Policy file contract"), without
// torch: TorchPolicy runs the network, the trainer (agent/training) feeds it, this file says what goes in and
// how to read what comes out.
//
// Version 1 shows the network the whole slice. Version 2 (the learned default, docs/training.md) shows it a
// square crop around what the episode has touched (the newest box, the mask, the clicks) with a margin, so
// one small network works at any slice size and sees a small target at a usable resolution; it adds a turn
// channel and one click heatmap per click sign.
namespace medsam::agent {

// Input channels, in this order; version 2 adds Turn.
enum class PolicyChannel { Slice, Mask, PositiveClicks, NegativeClicks, Box, Turn };
constexpr int kPolicyChannels = 5;    // version 1
constexpr int kPolicyChannelsV2 = 6;  // version 2
// Action logits, in this order.
constexpr int kPolicyActions = 4;  // box, positive_point, negative_point, stop
enum class PolicyAction { Box = 0, PositivePoint = 1, NegativePoint = 2, Stop = 3 };

// The JSON sidecar next to the TorchScript file (policy.pt -> policy.json).
struct PolicySpec {
    int version = 1;
    int height = 256;  // model input size; the slice (v1) or the crop (v2) is resampled to it
    int width = 256;
    double lowPercentile = 0.5;  // intensity window of the slice channel, percentiles of the slice's (v1) or
    double highPercentile = 99.5;  // the crop's (v2) values
    int clickRadius = 0;           // clicks are discs of this radius in model pixels (0: one pixel)
    // Version 2: the crop is the bounding square of the newest box, the mask and the clicks, grown by
    // cropMargin times its side on every side, at least cropMinSize slice pixels; the whole slice before any
    // prompt.
    double cropMargin = 0.5;
    int cropMinSize = 24;
    int turnScale = 10;  // v2 turn channel: min(turn, turnScale) / turnScale everywhere

    int channels() const { return version >= 2 ? kPolicyChannelsV2 : kPolicyChannels; }
    // Heatmap planes the network returns: 1 (v1, shared by both click signs) or 2 (v2: positive, negative).
    int heatmapPlanes() const { return version >= 2 ? 2 : 1; }
    std::size_t inputSize() const { return static_cast<std::size_t>(channels()) * height * width; }

    // Parses and validates the sidecar; `origin` (a file name) is named in errors. Throws PolicyError
    // Backend.
    static PolicySpec fromJson(const std::string& text, const std::string& origin);
    std::string toJson() const;
};

// The part of the slice the network sees, in slice pixel coordinates (pixel i's centre at i; its cell covers
// [i - 0.5, i + 0.5]): model cell u covers slice x in [x0 + u * width / W, x0 + (u + 1) * width / W].
// Version 1: the whole slice, x0 = y0 = -0.5, width/height = the slice's size.
struct ModelFrame {
    double x0 = -0.5;
    double y0 = -0.5;
    double width = 1.0;
    double height = 1.0;
};

// Model pixel <-> slice pixel along one axis of a whole-slice frame (pixel centres aligned, as torch's
// align_corners=False):
//   slice x = (u + 0.5) * sliceSize / modelSize - 0.5
double modelToSlice(double u, int modelSize, int sliceSize);
// The model pixel whose cell holds slice position x (torch's "nearest-exact"), clamped to the model grid.
int sliceToModelCell(double x, int sliceSize, int modelSize);

// The frame of `observation` under `spec` (see ModelFrame). Throws PolicyError Backend when the observation
// has no 2D slice.
ModelFrame modelFrame(const Observation& observation, const PolicySpec& spec);
// Centre of model cell (u, v) in slice pixels, clamped to the slice.
core::Action cellToSlicePoint(const ModelFrame& frame, const PolicySpec& spec, int u, int v, bool positive,
                              int sliceWidth, int sliceHeight);
// The model cell holding slice position (x, y), or -1 when it lies outside the frame.
int sliceToCell(const ModelFrame& frame, const PolicySpec& spec, double x, double y);

// The input tensor [1, C, H, W] as a flat row-major array (C * H * W floats), in `frame`:
//   0 slice: intensities windowed to [lowPercentile, highPercentile] of the framed pixels -> [0, 1], bilinear
//     (0 outside the slice)
//   1 mask: the current mask, nearest-exact resample, 0/1
//   2 positive clicks, 3 negative clicks: every click so far as a disc of clickRadius, 0/1
//   4 box: the most recent box (inclusive cells), 0/1
//   5 turn (v2): min(turn, turnScale) / turnScale
// Throws PolicyError Backend when the observation has no 2D slice or the mask does not match it.
std::vector<float> encodeObservation(const Observation& observation, const PolicySpec& spec,
                                     const ModelFrame& frame);
// In modelFrame(observation, spec).
std::vector<float> encodeObservation(const Observation& observation, const PolicySpec& spec);

// The network's outputs: action logits (4), click heatmap(s) (heatmapPlanes() * H * W) and a box (4 values
// x0, y0, x1, y1 as fractions of the frame: x = frame.x0 + b * frame.width).
struct PolicyOutputs {
    std::vector<float> logits;
    std::vector<float> heatmap;
    std::vector<float> box;
};

// The action with the largest logit (first on ties). Clicks go to the argmax of their heatmap plane (first
// in row-major order on ties), at that cell's centre; boxes map through the frame, corners sorted and clamped
// to the slice. Throws PolicyError Backend when a size is wrong or a value is not finite.
core::Action decodeOutputs(const PolicyOutputs& outputs, const PolicySpec& spec, const ModelFrame& frame,
                           int sliceWidth, int sliceHeight);
// In the whole-slice frame (version 1).
core::Action decodeOutputs(const PolicyOutputs& outputs, const PolicySpec& spec, int sliceWidth,
                           int sliceHeight);
// The box output (fractions of the frame) as a box action on the slice.
core::Action boxFromFractions(const float* box, const ModelFrame& frame, int sliceWidth, int sliceHeight);

}  // namespace medsam::agent
