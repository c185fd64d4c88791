#pragma once

#include <cstddef>
#include <memory>
#include <string>

#include "agent/tools/PromptableSegmenter.h"

namespace medsam::agent {

// The weight-free default tool (docs/tools.md). Two algorithms share the same per-slice features (a robustly
// normalised, lightly smoothed image and 4-neighbour edge weights from physical gradients) and the same
// prompt handling (box = hard bounds, clicks = hard seeds, previous mask = soft prior):
//  RandomWalker - random walker with priors (Grady 2005/2006): minimises
//                 sum w_ij (x_i-x_j)^2 + data term from fg/bg intensity models + prior term (previous mask),
//                 a sparse SPD system solved with Jacobi-preconditioned conjugate gradients on the box
//                 region.
//  Watershed    - marker-controlled watershed cut (seeded minimax flooding on the same edge weights), with
//                 markers from seeds, the intensity models and the previous mask. Kept as the comparison
//                 variant.
struct ClassicalSegmenterOptions {
    enum class Algorithm { RandomWalker, Watershed };
    Algorithm algorithm = Algorithm::RandomWalker;

    double smoothingSigmaPixels = 1.0;  // Gaussian pre-smoothing, in units of the finest pixel spacing
    double beta = 4.0;                  // edge contrast: w = exp(-beta * g^2 / mean(g^2)), g = |dI| / mm
    double dataWeight = 0.02;           // weight of the intensity-model term relative to a unit edge
    double priorWeight = 0.05;          // weight of the previous mask far from any click
    double priorRadiusMm = 8.0;         // the prior fades out within this distance of a click
    double seedRadiusMm = 1.5;          // clicks fix a disc of this radius (the clicked pixel always)
    double pointMarginMm = 25.0;        // without a box, the work region extends this far beyond the clicks
    double tolerance = 1e-3;            // CG stops when the largest preconditioned residual is below this
    int maxIterations = 400;
    std::size_t cacheCapacity = 16;  // slices whose features are kept (about 12 bytes per pixel each)
};

class ClassicalSegmenter : public PromptableSegmenter {
public:
    explicit ClassicalSegmenter(ClassicalSegmenterOptions options = {});
    ~ClassicalSegmenter() override;
    ClassicalSegmenter(const ClassicalSegmenter&) = delete;
    ClassicalSegmenter& operator=(const ClassicalSegmenter&) = delete;

    std::string name() const override;  // "classical-rw/1" or "classical-ws/1"
    PromptProtocol preferredProtocol() const override { return PromptProtocol::Accumulated; }

    void setImage(const core::Image<float>& slice, const std::string& cacheKey) override;
    SegmentationResult predict(const PromptSet& prompts, const PredictOptions& options) override;

    const ClassicalSegmenterOptions& options() const { return options_; }
    // How many setImage calls were answered from the cache (for tests and benchmarks).
    std::size_t cacheHits() const;
    // CG iterations of the last RandomWalker predict (0 for Watershed).
    int lastIterations() const;

private:
    struct Impl;
    ClassicalSegmenterOptions options_;
    std::unique_ptr<Impl> impl_;
};

}  // namespace medsam::agent
