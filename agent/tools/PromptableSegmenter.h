#pragma once

#include <optional>
#include <stdexcept>
#include <string>
#include <vector>

#include "core/image/Image.h"

namespace medsam::agent {

// Prompts in slice pixel coordinates (x along the slice's first axis, y along its second, pixel centres at
// integers). A box is inclusive: x0 <= x1, y0 <= y1.
struct BoxPrompt {
    double x0 = 0, y0 = 0, x1 = 0, y1 = 0;
};
struct PointPrompt {
    double x = 0, y = 0;
    bool positive = true;
};
struct PromptSet {
    std::optional<BoxPrompt> box;
    std::vector<PointPrompt> points;
    bool empty() const { return !box && points.empty(); }
};

// Low-resolution mask logits as SAM-family decoders produce them (e.g. 1x256x256), fed back as mask input.
struct LowResLogits {
    int width = 0, height = 0;
    std::vector<float> values;
    bool empty() const { return values.empty(); }
};

// How a caller drives the tool over a trajectory:
//  Paper       - only the newest prompt plus the previous low-resolution logits (as the published agent
//  does); Accumulated - every prompt so far, plus the previous mask as a prior (classical tools, people).
enum class PromptProtocol { Paper, Accumulated };

struct PredictOptions {
    const core::Mask* previousMask = nullptr;      // prior, same size as the slice
    const LowResLogits* previousLogits = nullptr;  // mask input for SAM-family tools
    bool multimask = false;                        // best of several masks by predicted IoU
};

struct SegmentationResult {
    core::Mask mask;      // binary, slice resolution and geometry
    double score = 0.0;   // confidence (predicted IoU for SAM-family tools), 0..1
    LowResLogits logits;  // empty for tools without logits
};

class SegmenterError : public std::runtime_error {
public:
    using std::runtime_error::runtime_error;
};

// The agent's "hands": set a 2D image once (the expensive, cacheable part), then answer prompt sets quickly.
// Not thread-safe: each worker owns its segmenter. Errors are SegmenterError with a message a person can act
// on.
class PromptableSegmenter {
public:
    virtual ~PromptableSegmenter() = default;

    // Name and version recorded with every trajectory, e.g. "classical-rw/1" or "sam/medsam2".
    virtual std::string name() const = 0;
    virtual PromptProtocol preferredProtocol() const = 0;

    // How the slices of the following setImage() calls look (core::SliceAppearance: a colour image's bytes,
    // the 8-bit flag). Tools that read a slice as a picture (SAM-family) use it; tools that work on
    // intensities ignore it (the default). SegmentationEnv::reset sets it before every setImage.
    virtual void setAppearance(const core::SliceAppearance& /*appearance*/) {}
    // `cacheKey` identifies the slice (volume id + SliceRef); an empty key disables caching for this call.
    virtual void setImage(const core::Image<float>& slice, const std::string& cacheKey) = 0;
    virtual SegmentationResult predict(const PromptSet& prompts, const PredictOptions& options) = 0;
};

}  // namespace medsam::agent
