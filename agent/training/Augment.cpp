#include "agent/training/Augment.h"

#include <algorithm>
#include <cmath>
#include <stdexcept>

#include "core/synthetic/PortableRandom.h"

namespace medsam::agent {

namespace {

struct Symmetry {
    bool mirrorU, mirrorV, swap;
    explicit Symmetry(int code) : mirrorU(code & 1), mirrorV(code & 2), swap(code & 4) {}
    // (u, v) -> (u', v') on a W x W grid.
    std::pair<int, int> apply(int u, int v, int size) const {
        if (mirrorU) u = size - 1 - u;
        if (mirrorV) v = size - 1 - v;
        return swap ? std::pair{v, u} : std::pair{u, v};
    }
};

}  // namespace

SftSample transformSample(const SftSample& sample, const PolicySpec& spec, int symmetry) {
    if (symmetry == 0) return sample;
    if (spec.width != spec.height) throw std::invalid_argument("symmetries need a square policy input");
    const int n = spec.width;
    const std::size_t plane = static_cast<std::size_t>(n) * n;
    const Symmetry s(symmetry);
    SftSample out = sample;
    for (int c = 0; c < spec.channels(); ++c) {
        const float* src = sample.input.data() + c * plane;
        float* dst = out.input.data() + c * plane;
        for (int v = 0; v < n; ++v)
            for (int u = 0; u < n; ++u) {
                const auto [u2, v2] = s.apply(u, v, n);
                dst[static_cast<std::size_t>(v2) * n + u2] = src[static_cast<std::size_t>(v) * n + u];
            }
    }
    if (sample.cell >= 0) {
        const auto [u2, v2] = s.apply(sample.cell % n, sample.cell / n, n);
        out.cell = v2 * n + u2;
    }
    // The box in fractions: mirroring maps b -> 1 - b (cell centres (u + 0.5) / n map exactly); then sort.
    float x0 = sample.box[0], y0 = sample.box[1], x1 = sample.box[2], y1 = sample.box[3];
    if (s.mirrorU) x0 = 1 - x0, x1 = 1 - x1;
    if (s.mirrorV) y0 = 1 - y0, y1 = 1 - y1;
    if (s.swap) std::swap(x0, y0), std::swap(x1, y1);
    out.box = {std::min(x0, x1), std::min(y0, y1), std::max(x0, x1), std::max(y0, y1)};
    return out;
}

SftSample augmentSample(const SftSample& sample, const PolicySpec& spec, const AugmentOptions& options,
                        std::mt19937& rng) {
    const int symmetry = options.dihedral ? static_cast<int>(rng() % 8u) : 0;
    SftSample out = transformSample(sample, spec, symmetry);
    const auto u = [&] { return 2.0 * core::unitClosed(rng) - 1.0; };
    const double scale = 1.0 + options.intensityScale * u();
    const double shift = options.intensityShift * u();
    const double gamma = std::exp(options.gamma * u());
    const std::size_t plane = static_cast<std::size_t>(spec.width) * spec.height;
    for (std::size_t i = 0; i < plane; ++i) {
        float& v = out.input[i];
        v = static_cast<float>(std::clamp(scale * std::pow(static_cast<double>(v), gamma) + shift, 0.0, 1.0));
    }
    return out;
}

}  // namespace medsam::agent
