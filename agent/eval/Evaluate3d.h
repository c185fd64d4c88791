#pragma once

#include <string>

#include "agent/eval/Factories.h"
#include "agent/eval/Manifest.h"
#include "agent/propagation/Propagation.h"

// The 3D mode of the evaluation: a structure segmented on one slice by the policy (from the reference's box,
// as the 2D evaluation starts), then propagated through the volume, measured in 3D against its reference.
namespace medsam::agent {

struct Case3dResult {
    int row = 0;
    std::string image, target, policy;
    int axis = 2, startSlice = 0;
    int slices = 0;                            // propagated slices (the start slice not counted)
    double dice = 0.0, nsd = 0.0, hd95 = 0.0;  // 3D, NSD at 2 mm
    double seconds = 0.0;
    std::string stopUp, stopDown;
};

// Throws what reading the case throws (naming the file), or std::invalid_argument for a 2D image or an empty
// reference. `spec` names the policy and the tool.
Case3dResult evaluatePropagation(const ManifestCase& c, const AgentSpec& spec,
                                 const PropagationConfig& config = {});

}  // namespace medsam::agent
