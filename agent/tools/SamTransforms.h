#pragma once

#include <array>
#include <cstdint>
#include <optional>
#include <utility>
#include <vector>

#include "agent/tools/SamModelSpec.h"
#include "core/image/Image.h"

// The SAM-family pre/post-processing, in plain C++ (no torch), so that it is exact, testable and cheap:
// intensity normalisation to 0..255, resize into the model's square input (antialiased bilinear, as PIL and
// torchvision do), mean/std, zero padding, prompt coordinate mapping, and the way back for mask logits
// (bilinear without antialiasing, as F.interpolate does in SAM's and SAM2's postprocess_masks).
namespace medsam::agent::sam {

// Where the slice lands in the model input: the top-left newWidth x newHeight block of an S x S square.
struct InputFrame {
    int sliceWidth = 0, sliceHeight = 0;
    int newWidth = 0, newHeight = 0;
    int inputSize = 0;
    ResizeMode resize = ResizeMode::LongestSidePad;
};
InputFrame planInputFrame(int sliceWidth, int sliceHeight, int inputSize, ResizeMode resize);

// Slice pixel (centres at integers) -> model input pixel (centres at integers). Pixel centres map onto pixel
// centres of the resized image: m = (x + 0.5) * newWidth / sliceWidth - 0.5, and likewise for y; this is the
// exact inverse of how the logits are resampled back, so a prompt lands where the mask is drawn.
std::array<double, 2> sliceToModel(const InputFrame& frame, double x, double y);

// A 1D linear resampling operator: out[o] = sum_t weights[o][t] * in[first[o] + t].
struct LinearOp1D {
    int inSize = 0, outSize = 0;
    std::vector<int> first;
    std::vector<std::vector<float>> weights;
};
// Bilinear, half-pixel centres (align_corners=False), edges clamped. With `antialias` and out < in the
// triangle filter is widened by in/out (PIL / torchvision antialias); otherwise it is F.interpolate's
// bilinear.
LinearOp1D bilinearOp(int inSize, int outSize, bool antialias);
// Keeps the first `count` samples (removing bottom/right padding).
LinearOp1D cropOp(int inSize, int count);
// `second` applied after `first`, as one operator.
LinearOp1D composeOps(const LinearOp1D& first, const LinearOp1D& second);
// Separable 2D application on a row-major (x fastest) buffer.
void resample2D(const float* in, const LinearOp1D& opX, const LinearOp1D& opY, float* out);

// The intensity interval [lo, hi] that `spec` maps to 0..255 for this slice (percentiles as numpy computes
// them, over the finite pixels); nullopt when no pixel is finite.
std::optional<std::pair<double, double>> intensityRange(const core::Image<float>& slice,
                                                        const IntensitySpec& spec);

// Slice intensities -> 0..255 according to `spec` (non-finite pixels become 0).
std::vector<float> toUnitRange255(const core::Image<float>& slice, const IntensitySpec& spec);

// The whole input preparation: writes a [3, S, S] planar float buffer (channel-major) ready for the encoder
// into `out` (3*S*S floats, every one written).
void preprocess(const core::Image<float>& slice, const SamModelSpec& spec, const InputFrame& frame,
                float* out);
std::vector<float> preprocess(const core::Image<float>& slice, const SamModelSpec& spec,
                              const InputFrame& frame);
// The same for a colour slice's bytes (width * height * 3, row-major), as the published pipeline feeds
// SAM2 an RGB picture: each channel resized on its own, its 0..255 values as they are (no intensity
// transform), then that channel's mean/std. Throws std::invalid_argument if the bytes do not fit the frame.
void preprocessRgb(const std::vector<std::uint8_t>& rgb, const SamModelSpec& spec, const InputFrame& frame,
                   float* out);

// Operators that carry decoder mask logits of size maskSize x maskSize back onto the slice grid:
// LongestSidePad: resize to S x S, crop the padding, resize to the slice (SAM's postprocess_masks);
// Stretch: resize straight to the slice (SAM2Transforms.postprocess_masks, MedSAM's inference script).
struct LogitsToSlice {
    LinearOp1D x, y;
};
LogitsToSlice planLogitsToSlice(const InputFrame& frame, int maskSize);

// Logits (maskSize^2, row-major) -> binary mask on the slice grid (value > threshold).
core::Mask logitsToMask(const float* logits, const LogitsToSlice& plan,
                        const core::ImageGeometry& sliceGeometry, double threshold);

}  // namespace medsam::agent::sam
