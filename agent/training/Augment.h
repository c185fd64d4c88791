#pragma once

#include <random>

#include "agent/training/PolicyTrainer.h"

namespace medsam::agent {

struct AugmentOptions {
    bool dihedral = true;          // flips and rotations by 90 degrees (square inputs)
    double intensityScale = 0.15;  // slice channel: v' = clamp(s * v^gamma + b), s in 1 +- this
    double intensityShift = 0.1;   // b in +- this
    double gamma = 0.3;            // log(gamma) in +- this
};

// One of the 8 symmetries of the square: bit 0 mirrors u, bit 1 mirrors v, bit 2 swaps u and v (applied
// last). Moves every plane of the input, the clicked cell and the box with it.
SftSample transformSample(const SftSample& sample, const PolicySpec& spec, int symmetry);

// A random symmetry and intensity change of `sample`, drawn from `rng` (raw outputs only: the same on every
// standard library).
SftSample augmentSample(const SftSample& sample, const PolicySpec& spec, const AugmentOptions& options,
                        std::mt19937& rng);

}  // namespace medsam::agent
