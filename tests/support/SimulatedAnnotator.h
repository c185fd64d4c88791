#pragma once
// Header-only helpers shared by the segmenter tests and bench/tool_quality.cpp: a click oracle (RITM style,
// as in docs/medsam-agent.md), Dice, and a synthetic phantom with exact ground truth. Local stand-ins until
// core/prompts/ClickOracle.h and core/synthetic/Phantom.h (branch `metrics`) land on main.

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <limits>
#include <optional>
#include <random>
#include <vector>

#include "agent/tools/PromptableSegmenter.h"
#include "core/metrics/DistanceTransform.h"

namespace medsam::test {

inline double dice(const core::Mask& a, const core::Mask& b) {
    std::size_t inter = 0, sa = 0, sb = 0;
    for (std::size_t i = 0; i < a.voxels().size(); ++i) {
        inter += a.voxels()[i] && b.voxels()[i];
        sa += a.voxels()[i] != 0;
        sb += b.voxels()[i] != 0;
    }
    return sa + sb ? 2.0 * static_cast<double>(inter) / static_cast<double>(sa + sb) : 1.0;
}

// Bounding box of the non-zero pixels (inclusive); nullopt for an empty mask.
inline std::optional<agent::BoxPrompt> boundingBox(const core::Mask& m) {
    int x0 = m.width(), y0 = m.height(), x1 = -1, y1 = -1;
    for (int y = 0; y < m.height(); ++y)
        for (int x = 0; x < m.width(); ++x)
            if (m.at(x, y)) {
                x0 = std::min(x0, x), y0 = std::min(y0, y), x1 = std::max(x1, x), y1 = std::max(y1, y);
            }
    if (x1 < 0) return std::nullopt;
    return agent::BoxPrompt{double(x0), double(y0), double(x1), double(y1)};
}

// Next corrective click: the pixel deepest inside the larger error region (distance to the region's border,
// the image border counting as border: padded by 1 px), positive for a miss, negative for a false positive.
// Pixels already clicked are excluded. nullopt when there is no error left.
inline std::optional<agent::PointPrompt> nextClick(const core::Mask& pred, const core::Mask& ref,
                                                   const std::vector<agent::PointPrompt>& clicked) {
    const int w = ref.width(), h = ref.height();
    core::ImageGeometry g = ref.geometry();
    g.size = {w + 2, h + 2, 1};
    core::Mask fn(g), fp(g);
    bool any = false;
    for (int y = 0; y < h; ++y)
        for (int x = 0; x < w; ++x) {
            const bool r = ref.at(x, y) != 0, p = pred.at(x, y) != 0;
            fn.at(x + 1, y + 1) = r && !p;
            fp.at(x + 1, y + 1) = p && !r;
            any |= r != p;
        }
    if (!any) return std::nullopt;
    const auto dfn = core::distanceInside(fn), dfp = core::distanceInside(fp);
    auto best = [&](const std::vector<float>& d) {
        float v = -1;
        int bx = -1, by = -1;
        for (int y = 0; y < h; ++y)
            for (int x = 0; x < w; ++x) {
                const float dv = d[g.linearIndex(x + 1, y + 1, 0)];
                if (dv <= 0 || dv <= v) continue;
                bool taken = false;
                for (const auto& c : clicked) taken |= std::lround(c.x) == x && std::lround(c.y) == y;
                if (!taken) v = dv, bx = x, by = y;
            }
        return std::make_tuple(v, bx, by);
    };
    const auto [vn, xn, yn] = best(dfn);
    const auto [vp, xp, yp] = best(dfp);
    if (xn < 0 && xp < 0) return std::nullopt;
    if (vn > vp) return agent::PointPrompt{double(xn), double(yn), true};
    return agent::PointPrompt{double(xp), double(yp), false};
}

struct Phantom {
    core::Image<float> image;
    core::Mask reference;
};

// A non-convex object (two overlapping ellipses) of contrast `contrast` over a smoothly varying background,
// a similar-intensity distractor nearby, blurred edges (Gaussian, `blurPx`), one weaker side, and Gaussian
// noise of `noise` (all in intensity units with the background near 100). Exact ground truth.
inline Phantom makePhantom(int size, unsigned seed, double contrast = 40, double noise = 10,
                           double blurPx = 1.5, core::Vec3 spacing = {1.0, 1.0, 1.0}) {
    std::mt19937 rng(seed);
    std::uniform_real_distribution<double> u(0, 1);
    core::ImageGeometry g;
    g.size = {size, size, 1};
    g.spacing = spacing;
    Phantom ph{core::Image<float>(g), core::Mask(g)};
    // Ellipses are defined in mm so anisotropic phantoms show the same anatomy.
    const double W = size * spacing[0], H = size * spacing[1];
    const double cx = W * (0.4 + 0.2 * u(rng)), cy = H * (0.4 + 0.2 * u(rng));
    const double a1 = W * (0.14 + 0.06 * u(rng)), b1 = H * (0.09 + 0.04 * u(rng));
    const double ox = a1 * 0.7, oy = b1 * (1.0 + 0.5 * u(rng));
    const double a2 = W * (0.07 + 0.03 * u(rng)), b2 = H * (0.10 + 0.04 * u(rng));
    const double dx = cx + a1 + W * 0.12, dy = cy - b1;  // distractor centre
    std::vector<double> obj(g.voxelCount());
    for (int y = 0; y < size; ++y)
        for (int x = 0; x < size; ++x) {
            const double px = x * spacing[0], py = y * spacing[1];
            const double e1 = std::pow((px - cx) / a1, 2) + std::pow((py - cy) / b1, 2);
            const double e2 = std::pow((px - cx - ox) / a2, 2) + std::pow((py - cy - oy) / b2, 2);
            const bool in = e1 <= 1 || e2 <= 1;
            ph.reference.at(x, y) = in;
            const double ed = std::pow((px - dx) / (W * 0.06), 2) + std::pow((py - dy) / (H * 0.06), 2);
            // The left side of the object fades to half contrast: a weak edge.
            const double side = std::clamp((px - (cx - a1)) / (2 * a1), 0.0, 1.0);
            obj[g.linearIndex(x, y, 0)] =
                in ? contrast * (0.5 + 0.5 * side) : (ed <= 1 ? 0.8 * contrast : 0.0);
        }
    // Blur (separable Gaussian, in pixels of the finer axis).
    auto blur = [&](bool alongX) {
        const double s = blurPx * std::min(spacing[0], spacing[1]) / spacing[alongX ? 0 : 1];
        const int r = static_cast<int>(std::ceil(3 * s));
        if (s < 0.3) return;
        std::vector<double> out(obj.size());
        for (int y = 0; y < size; ++y)
            for (int x = 0; x < size; ++x) {
                double acc = 0, ws = 0;
                for (int t = -r; t <= r; ++t) {
                    const int xx = alongX ? std::clamp(x + t, 0, size - 1) : x;
                    const int yy = alongX ? y : std::clamp(y + t, 0, size - 1);
                    const double wt = std::exp(-0.5 * t * t / (s * s));
                    acc += wt * obj[g.linearIndex(xx, yy, 0)];
                    ws += wt;
                }
                out[g.linearIndex(x, y, 0)] = acc / ws;
            }
        obj.swap(out);
    };
    blur(true);
    blur(false);
    std::normal_distribution<double> nd(0, noise);
    const double fx = 2 * M_PI * (1 + u(rng)) / W, fy = 2 * M_PI * (1 + u(rng)) / H;
    for (int y = 0; y < size; ++y)
        for (int x = 0; x < size; ++x) {
            const double bg = 100 + 15 * std::sin(fx * x * spacing[0]) * std::cos(fy * y * spacing[1]);
            ph.image.at(x, y) = static_cast<float>(bg + obj[g.linearIndex(x, y, 0)] + nd(rng));
        }
    return ph;
}

}  // namespace medsam::test
