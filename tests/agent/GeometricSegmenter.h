#pragma once

#include <cmath>
#include <vector>

#include "agent/tools/PromptableSegmenter.h"

namespace medsam::test {

// A deterministic geometric tool for testing the loop around a segmenter (not a segmenter of images):
// a box fills the box, a positive click adds a disk of `radius`, a negative click removes one. With a prior
// (previous mask, or previous logits > 0) the prompts edit the prior; a box replaces it. It records every
// call so tests can check which prompts and priors the environment sent.
class GeometricSegmenter : public agent::PromptableSegmenter {
public:
    struct Call {
        agent::PromptSet prompts;
        bool hadPreviousMask = false;
        bool hadPreviousLogits = false;
    };

    explicit GeometricSegmenter(agent::PromptProtocol protocol, double radius = 3.0)
        : protocol_(protocol), radius_(radius) {}

    std::string name() const override { return "test-geometric/1"; }
    agent::PromptProtocol preferredProtocol() const override { return protocol_; }
    void setAppearance(const core::SliceAppearance& a) override { appearance = a; }
    void setImage(const core::Image<float>& slice, const std::string&) override {
        geometry_ = slice.geometry();
        ++setImageCalls;
    }
    agent::SegmentationResult predict(const agent::PromptSet& prompts,
                                      const agent::PredictOptions& options) override {
        if (failNext) {
            failNext = false;
            throw agent::SegmenterError("test tool asked to fail");
        }
        calls.push_back({prompts, options.previousMask != nullptr, options.previousLogits != nullptr});
        core::Mask m(geometry_);
        if (options.previousMask) m = *options.previousMask;
        if (options.previousLogits) {
            for (std::size_t n = 0; n < m.voxels().size(); ++n) {
                m.voxels()[n] = options.previousLogits->values[n] > 0 ? 1 : 0;
            }
        }
        if (prompts.box) {
            std::fill(m.voxels().begin(), m.voxels().end(), 0);
            for (int y = 0; y < m.height(); ++y)
                for (int x = 0; x < m.width(); ++x)
                    if (x >= prompts.box->x0 && x <= prompts.box->x1 && y >= prompts.box->y0 &&
                        y <= prompts.box->y1)
                        m.at(x, y) = 1;
        }
        for (const auto& p : prompts.points) {
            for (int y = 0; y < m.height(); ++y)
                for (int x = 0; x < m.width(); ++x)
                    if (std::hypot(x - p.x, y - p.y) <= radius_) m.at(x, y) = p.positive ? 1 : 0;
        }
        agent::SegmentationResult r;
        r.score = 0.9;
        // Full-resolution "logits" (+1 inside, -1 outside) so the Paper protocol can round-trip the mask.
        r.logits.width = m.width();
        r.logits.height = m.height();
        for (auto v : m.voxels()) r.logits.values.push_back(v ? 1.0f : -1.0f);
        r.mask = std::move(m);
        return r;
    }

    std::vector<Call> calls;
    core::SliceAppearance appearance;  // as the environment last set it
    int setImageCalls = 0;
    bool failNext = false;

private:
    agent::PromptProtocol protocol_;
    double radius_;
    core::ImageGeometry geometry_;
};

}  // namespace medsam::test
