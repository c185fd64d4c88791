#pragma once

#include "core/image/Image.h"
#include "core/image/LabelMap.h"

namespace medsam::core {

// Synthetic test images with exact ground truth, for tool and agent tests: there is no labelled abdominal CT
// in the registries we can reach (docs/phantoms.md). Everything is deterministic from (spec, seed) on every
// platform: only std::mt19937's raw outputs are used, never the library's distributions.

// An ellipsoid "organ" in millimetres. The centre is an offset from the image centre; the rotation turns the
// ellipsoid's axes in the x-y plane (degrees, counter-clockwise from +x towards +y).
struct EllipsoidSpec {
    Vec3 centreOffsetMm{0.0, 0.0, 0.0};
    Vec3 radiiMm{30.0, 20.0, 15.0};
    double angleDeg = 0.0;
    double intensity = 200.0;
};

struct PhantomSpec {
    // Grid: depth 1 makes a 2D slice. Anisotropic spacing is honoured everywhere (shapes are in mm).
    Size3 size{128, 128, 1};
    Vec3 spacing{1.0, 1.0, 1.0};

    double background = 100.0;
    EllipsoidSpec target{};

    // Texture: a smooth, low-frequency field added to the whole image, a sum of `textureWaves` plane waves
    // with random directions, wavelengths within +-25% of `textureWavelengthMm` and random phases. Each wave
    // has amplitude textureAmplitude / sqrt(textureWaves), so the field's RMS is about textureAmplitude /
    // sqrt(2).
    double textureAmplitude = 8.0;
    double textureWavelengthMm = 40.0;
    int textureWaves = 4;

    // Additive white Gaussian noise, standard deviation in intensity units (0 = none).
    double noiseSigma = 5.0;

    // Edge profile: the step is smoothed by a Gaussian of this sigma (mm) across the boundary (0 = hard
    // edge). The label boundary is exactly where the profile crosses half the contrast.
    double edgeBlurMm = 1.0;

    // Weak edge: on an arc of the target's boundary (centred at weakEdgeDirectionDeg, 0 = +x, 90 = +y, of
    // width weakEdgeArcDeg) the surrounding background is raised towards the target's intensity, so only
    // weakEdgeContrast (fraction) of the contrast is left right at the edge; the bump fades outwards with
    // length weakEdgeWidthMm. The inside is unchanged, so the label is still exact.
    bool weakEdge = false;
    double weakEdgeDirectionDeg = 0.0;
    double weakEdgeArcDeg = 90.0;
    double weakEdgeContrast = 0.15;
    double weakEdgeWidthMm = 8.0;

    // Distractor: a second ellipsoid of similar intensity next to the target (label 2). Where the two would
    // overlap, the target wins (label 1).
    bool distractor = false;
    EllipsoidSpec distractorShape{{48.0, 0.0, 0.0}, {14.0, 14.0, 12.0}, 0.0, 190.0};
};

struct Phantom {
    Volume volume;    // float intensities on the spec's grid (origin 0, identity direction)
    LabelMap labels;  // 0 background, 1 "target", 2 "distractor" (listed only when present)
    Mask target;      // labels == 1
    Mask distractor;  // labels == 2 (all zero without a distractor)
};

// The grid of a spec: size and spacing, origin 0, identity direction. Throws std::invalid_argument for a
// non-positive size or spacing.
ImageGeometry phantomGeometry(const PhantomSpec& spec);

// Exact membership test (the definition the masks are built from): is the centre of voxel (i, j, k) inside
// the ellipsoid? Boundary points (normalised radius exactly 1) count as inside.
bool insideEllipsoid(const EllipsoidSpec& shape, const ImageGeometry& geometry, int i, int j, int k);

// The image and labels of `spec` with noise/texture drawn from `seed`.
Phantom makePhantom(const PhantomSpec& spec, unsigned seed);
// A 2D slice through the target's centre: the spec's depth and z offsets are ignored (depth forced to 1).
Phantom makePhantom2D(PhantomSpec spec, unsigned seed);
// A volume: throws std::invalid_argument unless spec.size[2] >= 2 (use makePhantom2D for slices).
Phantom makePhantom3D(const PhantomSpec& spec, unsigned seed);

// A varied but sensible spec for `size`/`spacing` drawn from `seed`: the target's centre within +-15% of the
// field of view, radii 12-30% of it, any rotation, contrast 60-120 above a background of 100; a distractor
// and a weak edge each with probability 1/2. For test sweeps over many cases.
PhantomSpec randomPhantomSpec(const Size3& size, const Vec3& spacing, unsigned seed);

}  // namespace medsam::core
