#include "core/synthetic/Phantom.h"

#include <algorithm>
#include <cmath>
#include <random>
#include <stdexcept>
#include <string>
#include <vector>

#include "core/synthetic/PortableRandom.h"

namespace medsam::core {
namespace {

constexpr double kPi = 3.14159265358979323846;

Vec3 imageCentreMm(const ImageGeometry& g) {
    return {0.5 * (g.size[0] - 1) * g.spacing[0], 0.5 * (g.size[1] - 1) * g.spacing[1],
            0.5 * (g.size[2] - 1) * g.spacing[2]};
}

// Position of a voxel centre in the ellipsoid's own frame (mm), rotated so its axes are the coordinate axes.
Vec3 localPosition(const EllipsoidSpec& s, const ImageGeometry& g, int i, int j, int k) {
    const Vec3 c = imageCentreMm(g);
    const double px = i * g.spacing[0] - (c[0] + s.centreOffsetMm[0]);
    const double py = j * g.spacing[1] - (c[1] + s.centreOffsetMm[1]);
    const double pz = k * g.spacing[2] - (c[2] + s.centreOffsetMm[2]);
    const double a = s.angleDeg * kPi / 180.0;
    const double ca = std::cos(a), sa = std::sin(a);
    return {ca * px + sa * py, -sa * px + ca * py, pz};
}

double normalisedRadiusSquared(const EllipsoidSpec& s, const Vec3& q) {
    double g2 = 0.0;
    for (int a = 0; a < 3; ++a) g2 += (q[a] / s.radiiMm[a]) * (q[a] / s.radiiMm[a]);
    return g2;
}

// Approximate signed distance to the ellipsoid surface (mm, negative inside): first-order (g - 1) / |grad g|
// with g the normalised radius. Exact in sign (so labels and intensities agree), close to the true distance
// near the surface, which is where the edge profile needs it.
double signedDistance(const EllipsoidSpec& s, const Vec3& q) {
    const double g2 = normalisedRadiusSquared(s, q);
    const double g = std::sqrt(g2);
    if (g < 1e-12) return -std::min({s.radiiMm[0], s.radiiMm[1], s.radiiMm[2]});
    double grad2 = 0.0;
    for (int a = 0; a < 3; ++a) {
        const double r2 = s.radiiMm[a] * s.radiiMm[a];
        grad2 += q[a] * q[a] / (r2 * r2);
    }
    return (g - 1.0) * g / std::sqrt(grad2);
}

// Fraction of the object's contrast at signed distance d (mm): a Gaussian-blurred step, exactly 1/2 at d = 0.
double edgeProfile(double d, bool inside, double blurMm) {
    if (blurMm <= 0.0) return inside ? 1.0 : 0.0;
    return 0.5 * std::erfc(d / (blurMm * std::sqrt(2.0)));
}

// 1 inside the weak arc, 0 outside, with a 10-degree cosine taper so the edge strength changes smoothly.
double arcWeight(double angleDeg, double centreDeg, double arcDeg) {
    double delta = std::fmod(std::abs(angleDeg - centreDeg), 360.0);
    if (delta > 180.0) delta = 360.0 - delta;
    const double half = 0.5 * arcDeg;
    const double taper = std::min(10.0, half);
    if (delta >= half) return 0.0;
    if (delta <= half - taper || taper <= 0.0) return 1.0;
    return 0.5 - 0.5 * std::cos(kPi * (half - delta) / taper);
}

void checkSpec(const PhantomSpec& spec) {
    for (int a = 0; a < 3; ++a) {
        if (spec.size[a] < 1 || !(spec.spacing[a] > 0.0)) {
            throw std::invalid_argument("Phantom: size and spacing must be positive (axis " +
                                        std::to_string(a) + ": size " + std::to_string(spec.size[a]) +
                                        ", spacing " + std::to_string(spec.spacing[a]) + ")");
        }
        if (!(spec.target.radiiMm[a] > 0.0) ||
            (spec.distractor && !(spec.distractorShape.radiiMm[a] > 0.0))) {
            throw std::invalid_argument("Phantom: ellipsoid radii must be positive (axis " +
                                        std::to_string(a) + ")");
        }
    }
    if (spec.noiseSigma < 0.0 || spec.edgeBlurMm < 0.0 || spec.textureAmplitude < 0.0 ||
        spec.textureWaves < 0 || (spec.textureWaves > 0 && !(spec.textureWavelengthMm > 0.0))) {
        throw std::invalid_argument(
            "Phantom: noise sigma, edge blur, texture amplitude and wave count must be >= 0 and the texture "
            "wavelength > 0");
    }
    if (spec.weakEdge &&
        (spec.weakEdgeContrast < 0.0 || spec.weakEdgeContrast > 1.0 || !(spec.weakEdgeWidthMm > 0.0))) {
        throw std::invalid_argument("Phantom: weak-edge contrast must be in [0, 1] and its width > 0");
    }
}

struct Wave {
    Vec3 k;  // radians per mm along each axis
    double phase;
    double amplitude;
};

std::vector<Wave> drawTexture(const PhantomSpec& spec, bool planar, std::mt19937& rng) {
    std::vector<Wave> waves;
    if (spec.textureAmplitude <= 0.0) return waves;
    for (int w = 0; w < spec.textureWaves; ++w) {
        const double azimuth = 2.0 * kPi * unitClosed(rng);
        const double cosPolar = planar ? 0.0 : 2.0 * unitClosed(rng) - 1.0;
        const double sinPolar = std::sqrt(1.0 - cosPolar * cosPolar);
        const double wavelength = spec.textureWavelengthMm * (0.75 + 0.5 * unitClosed(rng));
        const double kk = 2.0 * kPi / wavelength;
        waves.push_back(
            {{kk * sinPolar * std::cos(azimuth), kk * sinPolar * std::sin(azimuth), kk * cosPolar},
             2.0 * kPi * unitClosed(rng),
             spec.textureAmplitude / std::sqrt(static_cast<double>(spec.textureWaves))});
    }
    return waves;
}

}  // namespace

ImageGeometry phantomGeometry(const PhantomSpec& spec) {
    checkSpec(spec);
    ImageGeometry g;
    g.size = spec.size;
    g.spacing = spec.spacing;
    return g;
}

bool insideEllipsoid(const EllipsoidSpec& shape, const ImageGeometry& geometry, int i, int j, int k) {
    return normalisedRadiusSquared(shape, localPosition(shape, geometry, i, j, k)) <= 1.0;
}

Phantom makePhantom(const PhantomSpec& spec, unsigned seed) {
    const ImageGeometry g = phantomGeometry(spec);
    std::mt19937 rng(seed);
    // Draw order is part of the contract (texture, then noise voxel by voxel in raster order).
    const std::vector<Wave> waves = drawTexture(spec, g.size[2] == 1, rng);
    GaussianSource gauss(rng);

    Phantom p;
    p.volume.image = Image<float>(g);
    p.volume.metadata = {
        {"Modality", "OT"}, {"SeriesDescription", "synthetic phantom"}, {"Seed", std::to_string(seed)}};
    p.labels.labels = Image<std::uint16_t>(g);
    p.target = Mask(g);
    p.distractor = Mask(g);

    const EllipsoidSpec& t = spec.target;
    const EllipsoidSpec& d = spec.distractorShape;
    const double targetContrast = t.intensity - spec.background;
    const double distractorContrast = d.intensity - spec.background;
    const Vec3 centre = imageCentreMm(g);
    for (int k = 0; k < g.size[2]; ++k)
        for (int j = 0; j < g.size[1]; ++j)
            for (int i = 0; i < g.size[0]; ++i) {
                const Vec3 qt = localPosition(t, g, i, j, k);
                const bool inTarget = normalisedRadiusSquared(t, qt) <= 1.0;
                const double dt = signedDistance(t, qt);
                const double wt = edgeProfile(dt, inTarget, spec.edgeBlurMm);

                double value = spec.background;
                const double x = i * g.spacing[0], y = j * g.spacing[1], z = k * g.spacing[2];
                for (const Wave& w : waves)
                    value += w.amplitude * std::sin(w.k[0] * x + w.k[1] * y + w.k[2] * z + w.phase);

                double outsideRaise = 0.0;
                if (spec.weakEdge && dt > -3.0 * spec.edgeBlurMm - 1e-9) {
                    const double angle = std::atan2(y - (centre[1] + t.centreOffsetMm[1]),
                                                    x - (centre[0] + t.centreOffsetMm[0])) *
                                         180.0 / kPi;
                    outsideRaise = targetContrast * (1.0 - spec.weakEdgeContrast) *
                                   arcWeight(angle, spec.weakEdgeDirectionDeg, spec.weakEdgeArcDeg) *
                                   std::exp(-std::max(dt, 0.0) / spec.weakEdgeWidthMm);
                }

                bool inDistractor = false;
                double wd = 0.0;
                if (spec.distractor) {
                    const Vec3 qd = localPosition(d, g, i, j, k);
                    inDistractor = !inTarget && normalisedRadiusSquared(d, qd) <= 1.0;
                    wd = edgeProfile(signedDistance(d, qd), normalisedRadiusSquared(d, qd) <= 1.0,
                                     spec.edgeBlurMm);
                }
                // The target is painted over the (possibly raised) background and the distractor.
                value += (outsideRaise + distractorContrast * wd) * (1.0 - wt) + targetContrast * wt;
                if (spec.noiseSigma > 0.0) value += spec.noiseSigma * gauss.next();

                const std::size_t n = g.linearIndex(i, j, k);
                p.volume.image.voxels()[n] = static_cast<float>(value);
                p.target.voxels()[n] = inTarget ? 1 : 0;
                p.distractor.voxels()[n] = inDistractor ? 1 : 0;
                p.labels.labels.voxels()[n] = inTarget ? 1 : (inDistractor ? 2 : 0);
            }
    p.labels.table.push_back({1, "target", {255, 64, 64}, "synthetic organ"});
    if (spec.distractor) p.labels.table.push_back({2, "distractor", {64, 64, 255}, "neighbouring structure"});
    return p;
}

Phantom makePhantom2D(PhantomSpec spec, unsigned seed) {
    spec.size[2] = 1;
    spec.target.centreOffsetMm[2] = 0.0;
    spec.distractorShape.centreOffsetMm[2] = 0.0;
    return makePhantom(spec, seed);
}

Phantom makePhantom3D(const PhantomSpec& spec, unsigned seed) {
    if (spec.size[2] < 2) {
        throw std::invalid_argument("makePhantom3D: depth must be >= 2, got " + std::to_string(spec.size[2]) +
                                    " (use makePhantom2D for a slice)");
    }
    return makePhantom(spec, seed);
}

PhantomSpec randomPhantomSpec(const Size3& size, const Vec3& spacing, unsigned seed) {
    std::mt19937 rng(seed);
    PhantomSpec s;
    s.size = size;
    s.spacing = spacing;
    Vec3 fov;
    for (int a = 0; a < 3; ++a) fov[a] = size[a] * spacing[a];
    const double inPlane = std::min(fov[0], fov[1]);
    auto uniform = [&](double lo, double hi) { return lo + (hi - lo) * unitClosed(rng); };
    for (int a = 0; a < 3; ++a) {
        s.target.centreOffsetMm[a] = size[a] > 1 ? uniform(-0.15, 0.15) * fov[a] : 0.0;
        const double extent = a < 2 ? inPlane : fov[a];
        s.target.radiiMm[a] = size[a] > 1 ? uniform(0.12, 0.3) * extent : uniform(0.12, 0.3) * inPlane;
    }
    s.target.angleDeg = uniform(0.0, 180.0);
    s.target.intensity = s.background + uniform(60.0, 120.0);
    s.distractor = rng() % 2 == 0;
    s.weakEdge = rng() % 2 == 0;
    s.weakEdgeDirectionDeg = uniform(0.0, 360.0);
    // The distractor sits just beyond the target's largest in-plane radius, in a random direction.
    const double dir = uniform(0.0, 2.0 * kPi);
    const double rMax = std::max(s.target.radiiMm[0], s.target.radiiMm[1]);
    const double rd = uniform(0.3, 0.6) * rMax;
    const double gap = uniform(2.0, 8.0);
    s.distractorShape.radiiMm = {rd, rd, rd};
    s.distractorShape.centreOffsetMm = {s.target.centreOffsetMm[0] + (rMax + rd + gap) * std::cos(dir),
                                        s.target.centreOffsetMm[1] + (rMax + rd + gap) * std::sin(dir),
                                        s.target.centreOffsetMm[2]};
    s.distractorShape.intensity = s.target.intensity - uniform(5.0, 15.0);
    return s;
}

}  // namespace medsam::core
