#include "ui/view3d/LabelSurfaces.h"

#include <vtkDiscreteFlyingEdges3D.h>
#include <vtkImageData.h>
#include <vtkMatrix4x4.h>
#include <vtkPointData.h>
#include <vtkPolyDataNormals.h>
#include <vtkTransform.h>
#include <vtkTransformPolyDataFilter.h>
#include <vtkUnsignedShortArray.h>
#include <vtkWindowedSincPolyDataFilter.h>

namespace medsam::ui {

namespace {

// The label map as VTK image data in index*spacing coordinates. The voxels are shared, not copied (the caller
// keeps `labels` alive while the pipeline runs).
vtkSmartPointer<vtkImageData> wrap(const core::Image<std::uint16_t>& labels) {
    const auto& g = labels.geometry();
    auto image = vtkSmartPointer<vtkImageData>::New();
    image->SetDimensions(g.size[0], g.size[1], g.size[2]);
    image->SetSpacing(g.spacing[0], g.spacing[1], g.spacing[2]);
    image->SetOrigin(0, 0, 0);
    auto scalars = vtkSmartPointer<vtkUnsignedShortArray>::New();
    scalars->SetArray(const_cast<std::uint16_t*>(labels.data()),
                      static_cast<vtkIdType>(labels.voxels().size()), 1 /* do not free */);
    image->GetPointData()->SetScalars(scalars);
    return image;
}

// index*spacing -> LPS: rotate by the direction matrix, then move to the origin.
vtkSmartPointer<vtkTransform> toPatient(const core::ImageGeometry& g) {
    auto matrix = vtkSmartPointer<vtkMatrix4x4>::New();
    for (int r = 0; r < 3; ++r) {
        for (int c = 0; c < 3; ++c) matrix->SetElement(r, c, g.direction[r * 3 + c]);
        matrix->SetElement(r, 3, g.origin[r]);
    }
    auto transform = vtkSmartPointer<vtkTransform>::New();
    transform->SetMatrix(matrix);
    return transform;
}

}  // namespace

std::vector<LabelSurface> extractLabelSurfaces(const core::Image<std::uint16_t>& labels,
                                               const std::vector<std::uint16_t>& values,
                                               const std::atomic<bool>* cancel) {
    std::vector<LabelSurface> out;
    if (labels.empty()) return out;
    const auto image = wrap(labels);
    const auto transform = toPatient(labels.geometry());
    const auto& d = labels.geometry().direction;
    const double det = d[0] * (d[4] * d[8] - d[5] * d[7]) - d[1] * (d[3] * d[8] - d[5] * d[6]) +
                       d[2] * (d[3] * d[7] - d[4] * d[6]);
    const bool mirrored = det < 0;
    for (std::uint16_t value : values) {
        if (cancel && cancel->load()) break;
        auto contour = vtkSmartPointer<vtkDiscreteFlyingEdges3D>::New();
        contour->SetInputData(image);
        contour->SetValue(0, value);
        contour->ComputeNormalsOff();
        contour->ComputeGradientsOff();
        contour->ComputeScalarsOff();

        auto smoother = vtkSmartPointer<vtkWindowedSincPolyDataFilter>::New();
        smoother->SetInputConnection(contour->GetOutputPort());
        smoother->SetNumberOfIterations(15);
        smoother->SetPassBand(0.05);
        smoother->BoundarySmoothingOff();
        smoother->FeatureEdgeSmoothingOff();
        smoother->NonManifoldSmoothingOn();
        smoother->NormalizeCoordinatesOn();

        auto place = vtkSmartPointer<vtkTransformPolyDataFilter>::New();
        place->SetInputConnection(smoother->GetOutputPort());
        place->SetTransform(transform);

        // After placing: a mirrored direction matrix flips the winding, and the normals must follow.
        auto normals = vtkSmartPointer<vtkPolyDataNormals>::New();
        normals->SetInputConnection(place->GetOutputPort());
        normals->SplittingOff();
        normals->ConsistencyOn();
        normals->SetFlipNormals(mirrored);
        normals->Update();

        LabelSurface surface;
        surface.value = value;
        surface.mesh = vtkSmartPointer<vtkPolyData>::New();
        surface.mesh->DeepCopy(normals->GetOutput());
        if (surface.mesh->GetNumberOfPoints() > 0) out.push_back(std::move(surface));
    }
    return out;
}

}  // namespace medsam::ui
