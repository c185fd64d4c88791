#pragma once

#include <vtkPolyData.h>
#include <vtkSmartPointer.h>

#include <atomic>
#include <cstdint>
#include <vector>

#include "core/image/Image.h"

namespace medsam::ui {

struct LabelSurface {
    std::uint16_t value = 0;
    vtkSmartPointer<vtkPolyData> mesh;  // in patient coordinates (LPS mm), with point normals
};

// One smoothed surface per label value: discrete flying edges on the label map, windowed-sinc smoothing
// (keeps the volume, unlike Laplacian smoothing, which shrinks thin structures), placed in patient space
// through the image's direction, spacing and origin. Runs on a worker; polls `cancel` between labels (returns
// what it has).
std::vector<LabelSurface> extractLabelSurfaces(const core::Image<std::uint16_t>& labels,
                                               const std::vector<std::uint16_t>& values,
                                               const std::atomic<bool>* cancel = nullptr);

}  // namespace medsam::ui
