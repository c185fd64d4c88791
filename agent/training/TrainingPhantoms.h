#pragma once

#include <vector>

#include "agent/training/TrainingCases.h"

namespace medsam::agent {

// Synthetic training slices with exact labels, of many kinds so that the policy learns what it must do on
// real targets (docs/training.md): compact blobs, lobed blobs, rings and walls (hollow), thin bands, several
// parts, small targets, faint small targets beside a similar neighbour; MR-like intensities (arbitrary units)
// and CT-like Hounsfield units (air outside a body, soft tissue, bone, contrast, air targets); a distractor
// of similar intensity half the time; smooth texture, blurred edges and noise. Deterministic from `seed` with
// core/synthetic/PortableRandom.h. Sizes 96-160 pixels, spacing 1 mm; each case is its own group. `kinds`
// (names from phantomKinds()) restricts the shapes; empty = all. The draws of a case depend only on the seed,
// its index and the kinds list, so a list that is a prefix of phantomKinds() in order reproduces the cases of
// a generator that knew only those kinds. Throws std::invalid_argument for an unknown kind.
std::vector<TrainingCase> trainingPhantoms(int count, unsigned seed,
                                           const std::vector<std::string>& kinds = {});
// blob, lobed, ring, band, multipart, small, faint.
const std::vector<std::string>& phantomKinds();

}  // namespace medsam::agent
