#pragma once

#include "agent/policies/PolicyTensorCodec.h"

// Shared by the training tests: the small version-2 policy input they encode and train at.
namespace medsam::agent::test {

inline PolicySpec specV2(int size = 32) {
    PolicySpec spec;
    spec.version = 2;
    spec.width = spec.height = size;
    return spec;
}

}  // namespace medsam::agent::test
