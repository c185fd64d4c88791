#pragma once
// Header-only helpers shared by the segmenter tests and bench/tool_quality.cpp: the simulated annotator's
// next click and a box-then-clicks run (annotate) (the shared oracle in its largest-error-region mode), Dice,
// and a lobed phantom (two overlapping ellipses, background drift, a weak side, a distractor) that
// complements core/synthetic's ellipsoids.

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <limits>
#include <optional>
#include <random>
#include <vector>

#include "agent/tools/PromptableSegmenter.h"
#include "core/prompts/ClickOracle.h"
#include "core/synthetic/PortableRandom.h"

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

// Next corrective click from the shared oracle (core/prompts/ClickOracle.h) in the tools' annotator mode: the
// deepest pixel (mm, so anisotropic pixels count right) of the largest error region, positive for a miss,
// negative for a false positive; earlier clicks excluded. nullopt when there is no error left.
inline std::optional<agent::PointPrompt> nextClick(const core::Mask& pred, const core::Mask& ref,
                                                   const std::vector<agent::PointPrompt>& clicked) {
    std::vector<core::Click> previous;
    for (const auto& c : clicked)
        previous.push_back(
            {static_cast<int>(std::lround(c.x)), static_cast<int>(std::lround(c.y)), c.positive});
    core::ClickOracleOptions o;
    o.strategy = core::ClickStrategy::LargestErrorRegion;
    o.physicalUnits = true;
    const auto click = core::nextClick(pred, ref, previous, o);
    if (!click) return std::nullopt;
    return agent::PointPrompt{double(click->x), double(click->y), click->positive};
}

// The simulated annotator of bench/tool-quality against a tool: the reference's box, then `clicks` corrective
// clicks (nextClick), prompts accumulated, the previous mask fed back. Dice after the box and after each
// click.
inline std::vector<double> annotate(agent::PromptableSegmenter& seg, const core::Image<float>& image,
                                    const core::Mask& ref, int clicks) {
    seg.setImage(image, "");
    agent::PromptSet prompts;
    prompts.box = boundingBox(ref);
    core::Mask pred = seg.predict(prompts, {}).mask;
    std::vector<double> out{dice(pred, ref)};
    for (int k = 0; k < clicks; ++k) {
        if (auto c = nextClick(pred, ref, prompts.points)) prompts.points.push_back(*c);
        agent::PredictOptions opt;
        const core::Mask prev = pred;
        opt.previousMask = &prev;
        pred = seg.predict(prompts, opt).mask;
        out.push_back(dice(pred, ref));
    }
    return out;
}

struct Phantom {
    core::Image<float> image;
    core::Mask reference;
};

// A non-convex object (two overlapping ellipses) of contrast `contrast` over a smoothly varying background,
// a similar-intensity distractor nearby, blurred edges (Gaussian, `blurPx`), one weaker side, and Gaussian
// noise of `noise` (all in intensity units with the background near 100). Exact ground truth.
inline Phantom makeLobedPhantom(int size, unsigned seed, double contrast = 40, double noise = 10,
                                double blurPx = 1.5, core::Vec3 spacing = {1.0, 1.0, 1.0}) {
    // Portable draws (core/synthetic/PortableRandom.h): the same phantom with every standard library.
    std::mt19937 rng(seed);
    const auto u = [](std::mt19937& r) { return core::unitClosed(r); };
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
    core::GaussianSource gauss(rng);
    const auto nd = [&](std::mt19937&) { return noise * gauss.next(); };
    const double fx = 2 * M_PI * (1 + u(rng)) / W, fy = 2 * M_PI * (1 + u(rng)) / H;
    for (int y = 0; y < size; ++y)
        for (int x = 0; x < size; ++x) {
            const double bg = 100 + 15 * std::sin(fx * x * spacing[0]) * std::cos(fy * y * spacing[1]);
            ph.image.at(x, y) = static_cast<float>(bg + obj[g.linearIndex(x, y, 0)] + nd(rng));
        }
    return ph;
}

}  // namespace medsam::test
