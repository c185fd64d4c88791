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

    double smoothingSigmaPixels = 1.0;      // Gaussian pre-smoothing, in units of the finest pixel spacing
    double dataSmoothingSigmaPixels = 1.0;  // smoothing of the image the intensity models classify
    double beta = 2.0;                      // edge contrast: w = exp(-beta * g^2 / mean(g^2)), g = |dI| / mm
    double dataWeight = 0.005;              // weight of the intensity-model term relative to a unit edge
    double priorWeight = 0.05;              // weight of the previous mask far from any click
    double priorRadiusMm = 8.0;             // the prior fades out within this distance of a click
    double seedRadiusMm = 3.0;              // clicks fix a disc of this radius (the clicked pixel always)
    double seedSimilarity = 0.15;           // disc pixels differing more than this (normalised) stay free
    double pointMarginMm = 60.0;        // without a box, the work region extends this far beyond the clicks
    double boxCoreFraction = 0.5;       // box only: confident pixels in this central part seed the object
    double watershedPriorWeight = 0.2;  // RandomWalker, box only: weight of a watershed cut used as prior
    int modelRounds = 0;      // RandomWalker: re-learn the intensity models from the solution, re-solve
    int maxRegionGrowth = 0;  // without a box: times the region may double when the object reaches it
    double tolerance = 1e-3;  // CG stops when the largest preconditioned residual is below this
    int maxIterations = 400;
    std::size_t cacheCapacity = 16;  // slices whose features are kept (about 12 bytes per pixel each)

    // Version 2 (`classical-rw/2`, docs/tools.md). With both switches off the tool is `classical-rw/1`,
    // bit for bit: recorded sessions name their tool and version and must stay reproducible.
    // regionClicks: a click that contradicts the previous mask (negative inside it, positive outside it)
    //   labels the whole homogeneous region around it (flood fill over similar intensity without crossing an
    //   edge, on the side of the previous mask the click is on), not only a disc.
    // huWindows: a slice whose values look like Hounsfield units (minimum <= -500, maximum >= 200) is mapped
    //   by fixed HU anchors (air, soft tissue, bone at 226 HU and up) instead of percentiles.
    // smallBoxPixels: a box alone of at most this many pixels takes the inscribed ellipse as its prior
    // (weight
    //   smallBoxPriorWeight) instead of the watershed cut; 0 = never.
    bool regionClicks = false;
    bool huWindows = false;
    // hollowBoneBox (needs huWindows, CT only): a box alone whose sides touch bone (>= 226 HU) around a core
    //   that is not bone is answered with the bone wall (seeded at the box's rim) when that spans the box.
    bool hollowBoneBox = false;
    // objectScaledPrior: the previous mask's fade radius near clicks is at most a quarter of the object's
    //   equivalent diameter, so a click on a small object refines it instead of erasing it.
    std::size_t smallBoxPixels = 0;
    bool objectScaledPrior = false;
    double smallBoxPriorWeight = 0.2;
    double regionSimilarity = 0.08;  // region pixels differ at most this much (normalised) from the click's
    double regionEdge = 0.15;        // growth stops at edge weights below this (fraction of a flat edge's)
    double regionMaxFraction = 0.5;  // a positive region larger than this share of the work region is dropped

    // Version 3 (`classical-rw/3`, docs/tools.md). Any of these switches names the tool version 3;
    // classicalV3Options() sets fillGaps, ctDataSmoothingSigmaPixels = 0, rimFirst and smallBoxStickyPrior.
    // fillGaps: a value in the core of neither class (smoothed density under a tenth of the class's peak)
    //   takes the side of the nearer class core, linearly in between, distances in HU on CT, instead of the
    //   histograms' tails: partial-volume pixels split at the tissues' midpoint. On CT the rim answer's
    //   object samples are then its bone pixels (>= 226 HU) only.
    bool fillGaps = false;
    // ctDataSmoothingSigmaPixels: on CT slices (HU), the smoothing of the image the models classify; < 0 =
    //   dataSmoothingSigmaPixels. Smoothing a thin bone wall's blurred edges spreads bone values into the
    //   tissue beside it.
    double ctDataSmoothingSigmaPixels = -1.0;
    // rimFirst (with hollowBoneBox): when the CT rim test holds, the rim-seeded problem is solved first and
    //   kept without the centre-seeded solve when its result spans the box (saves the watershed and a solve).
    bool rimFirst = false;
    // smallBoxStickyPrior: with a box of at most smallBoxPixels, the previous mask's prior keeps the weight
    //   smallBoxPriorWeight after clicks (instead of priorWeight), so one click refines a small structure.
    bool smallBoxStickyPrior = false;
    // negativeHolesOnly: a negative click's region applies only when the previous mask encloses it (a wrongly
    //   filled hole); a region reaching the mask's border is a band along the edge and only the disc applies.
    bool negativeHolesOnly = false;
    // Version 4 (`classical-rw/4`). ringAroundAnswer: a box-only answer that leaves the box's sides while a
    //   distinct wall lines them is the hole of a ring: the wall is solved for and answers instead when it
    //   encloses the hole and hardly overlaps it (any modality; docs/tools.md, "Version 4").
    bool ringAroundAnswer = false;
    // featureStack (measured, not in classicalV3Options(); docs/tools.md): setImage also computes a per-pixel
    //   feature stack (Gaussian smoothing at 2 and 4 pixels, gradient magnitude, difference of Gaussians,
    //   local standard deviation; in HU anchors for CT), and the fg/bg model that feeds the random walker is
    //   a naive-Bayes classifier over the stack plus the intensity, fitted from the prompts' samples (box,
    //   outside band, clicks, previous mask): combined logit = featureGain * mean of the per-feature
    //   log-likelihood ratios.
    bool featureStack = false;
    double featureGain = 1.0;
};

// The options of `classical-rw/2`: version 1's parameters plus region clicks and HU windows.
ClassicalSegmenterOptions classicalV2Options();
// The options of `classical-rw/3`: version 2's plus the version-3 switches above (not the feature stack).
ClassicalSegmenterOptions classicalV3Options();
// The options of `classical-rw/4`: version 3's plus ringAroundAnswer.
ClassicalSegmenterOptions classicalV4Options();

// The version every user gets (CLI `--tool classical`, the studio's AI prompts and agent panel, training).
// Version 4 since issue 13 (docs/tools.md, "Version 4 becomes the default"); the earlier versions stay
// selectable so that recorded sessions, which name their tool and version, can be reproduced.
inline constexpr int kDefaultClassicalVersion = 4;
// The options of `classical-rw/N` for N = 1..4 (version 1 = ClassicalSegmenterOptions{}); any other N throws
// std::invalid_argument naming it.
ClassicalSegmenterOptions classicalOptions(int version);

class ClassicalSegmenter : public PromptableSegmenter {
public:
    explicit ClassicalSegmenter(ClassicalSegmenterOptions options = {});
    ~ClassicalSegmenter() override;
    ClassicalSegmenter(const ClassicalSegmenter&) = delete;
    ClassicalSegmenter& operator=(const ClassicalSegmenter&) = delete;

    std::string name() const override;  // "classical-rw/1", "classical-ws/1"; "/2", "/3" with their switches
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
