#pragma once

// Labelled cases of the kinds the weight-free tool found hard (issue 13, docs/tools.md): hollow/ring targets,
// CT bone by the Hounsfield rule, small targets cut from a label map. Exact labels for the phantoms;
// documented rules for the real images.

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <random>
#include <vector>

#include "core/image/Image.h"
#include "core/synthetic/PortableRandom.h"
#include "tests/support/SimulatedAnnotator.h"

namespace medsam::test {

// Connected components (8-connected) of `m`; returns the label per pixel (-1 = background) and the sizes.
inline std::vector<int> components(const core::Mask& m, std::vector<std::size_t>& sizes) {
    const int w = m.width(), h = m.height();
    std::vector<int> comp(m.voxels().size(), -1);
    sizes.clear();
    std::vector<std::size_t> stack;
    for (std::size_t s = 0; s < comp.size(); ++s) {
        if (!m.voxels()[s] || comp[s] >= 0) continue;
        const int id = static_cast<int>(sizes.size());
        sizes.push_back(0);
        comp[s] = id;
        stack.push_back(s);
        while (!stack.empty()) {
            const std::size_t l = stack.back();
            stack.pop_back();
            ++sizes[id];
            const int x = static_cast<int>(l % w), y = static_cast<int>(l / w);
            for (int dy = -1; dy <= 1; ++dy)
                for (int dx = -1; dx <= 1; ++dx) {
                    const int nx = x + dx, ny = y + dy;
                    if (nx < 0 || ny < 0 || nx >= w || ny >= h) continue;
                    const std::size_t q = static_cast<std::size_t>(ny) * w + nx;
                    if (m.voxels()[q] && comp[q] < 0) comp[q] = id, stack.push_back(q);
                }
        }
    }
    return comp;
}

// Bone on a CT slice in HU by the documented rule: HU >= 226, the largest 8-connected component.
inline core::Mask ctBoneReference(const core::Image<float>& hu) {
    core::Mask all(hu.geometry());
    for (std::size_t i = 0; i < all.voxels().size(); ++i) all.voxels()[i] = hu.voxels()[i] >= 226.0f;
    std::vector<std::size_t> sizes;
    const auto comp = components(all, sizes);
    core::Mask out(hu.geometry());
    if (sizes.empty()) return out;
    const int largest = static_cast<int>(std::max_element(sizes.begin(), sizes.end()) - sizes.begin());
    for (std::size_t i = 0; i < comp.size(); ++i) out.voxels()[i] = comp[i] == largest;
    return out;
}

// A hollow target with an exact label: an elliptic ring (the reference) around an interior of another
// intensity, inside an outer layer, on a background; blurred edges (1 px) and Gaussian noise.
//  hounsfield = true: an axial head CT in HU: air -1000, scalp 40, skull 700 +- 150 (diploe texture), brain
//  35,
//                     noise 15 HU. Otherwise MR-like: background 100, outer layer 130, ring 170, interior
//                     120, noise 8.
// `thicknessMm` is the ring's thickness; the ellipse's size and position vary with the seed.
inline Phantom makeRingPhantom(int size, unsigned seed, bool hounsfield, double thicknessMm,
                               core::Vec3 spacing = {1.0, 1.0, 1.0}) {
    std::mt19937 rng(seed);
    const auto u = [](std::mt19937& r) { return core::unitClosed(r); };
    core::ImageGeometry g;
    g.size = {size, size, 1};
    g.spacing = spacing;
    Phantom ph{core::Image<float>(g), core::Mask(g)};
    const double W = size * spacing[0], H = size * spacing[1];
    const double cx = W * (0.47 + 0.06 * u(rng)), cy = H * (0.47 + 0.06 * u(rng));
    const double a = W * (0.30 + 0.06 * u(rng)), b = H * (0.34 + 0.06 * u(rng));
    const double scalp = 4.0 + 3.0 * u(rng);  // mm outside the ring
    const double air = hounsfield ? -1000 : 100, skin = hounsfield ? 40 : 130, ring = hounsfield ? 700 : 170;
    const double inner = hounsfield ? 35 : 120, noise = hounsfield ? 15 : 8;
    const double texture = hounsfield ? 150 : 0;
    const double fx = 2 * M_PI * (2 + 2 * u(rng)) / W, fy = 2 * M_PI * (2 + 2 * u(rng)) / H;
    std::vector<double> val(g.voxelCount());
    for (int y = 0; y < size; ++y)
        for (int x = 0; x < size; ++x) {
            const double px = x * spacing[0] - cx, py = y * spacing[1] - cy;
            // Distance-like radial coordinate in mm along the ellipse's mean radius.
            const double r = std::sqrt(std::pow(px / a, 2) + std::pow(py / b, 2)) * 0.5 * (a + b);
            const double R = 0.5 * (a + b);
            const std::size_t i = g.linearIndex(x, y, 0);
            const bool inRing = r <= R && r > R - thicknessMm;
            ph.reference.voxels()[i] = inRing;
            if (r > R + scalp)
                val[i] = air;
            else if (r > R)
                val[i] = skin;
            else if (inRing)
                val[i] = ring + texture * std::sin(fx * px) * std::cos(fy * py);
            else
                val[i] = inner;
        }
    // Blur along each axis (1 px of the finer axis).
    for (int axis = 0; axis < 2; ++axis) {
        const double s = std::min(spacing[0], spacing[1]) / spacing[axis];
        if (s < 0.3) continue;
        const int rad = static_cast<int>(std::ceil(3 * s));
        std::vector<double> out(val.size());
        for (int y = 0; y < size; ++y)
            for (int x = 0; x < size; ++x) {
                double acc = 0, ws = 0;
                for (int t = -rad; t <= rad; ++t) {
                    const int xx = axis == 0 ? std::clamp(x + t, 0, size - 1) : x;
                    const int yy = axis == 0 ? y : std::clamp(y + t, 0, size - 1);
                    const double wt = std::exp(-0.5 * t * t / (s * s));
                    acc += wt * val[g.linearIndex(xx, yy, 0)];
                    ws += wt;
                }
                out[g.linearIndex(x, y, 0)] = acc / ws;
            }
        val.swap(out);
    }
    core::GaussianSource gauss(rng);
    for (std::size_t i = 0; i < val.size(); ++i)
        ph.image.voxels()[i] = static_cast<float>(val[i] + noise * gauss.next());
    return ph;
}

// Dice after the box and after two clicks on a ring phantom: a negative click at the box's centre (inside the
// interior the box fills) and a positive click on the ring's left side, 2 pixels in. Prompts accumulated, the
// previous mask fed back.
struct RingSteps {
    double box = 0, afterClicks = 0;
};
inline RingSteps ringBoxThenTwoClicks(agent::PromptableSegmenter& seg, const Phantom& ph) {
    seg.setImage(ph.image, "");
    agent::PromptSet prompts;
    prompts.box = boundingBox(ph.reference);
    core::Mask pred = seg.predict(prompts, {}).mask;
    RingSteps out{dice(pred, ph.reference), 0};
    const int cy = static_cast<int>(0.5 * (prompts.box->y0 + prompts.box->y1));
    int ringX = 0;
    while (!ph.reference.at(ringX, cy)) ++ringX;
    for (const agent::PointPrompt click :
         {agent::PointPrompt{0.5 * (prompts.box->x0 + prompts.box->x1), double(cy), false},
          agent::PointPrompt{ringX + 2.0, double(cy), true}}) {
        prompts.points.push_back(click);
        agent::PredictOptions opt;
        const core::Mask prev = pred;
        opt.previousMask = &prev;
        pred = seg.predict(prompts, opt).mask;
    }
    out.afterClicks = dice(pred, ph.reference);
    return out;
}

}  // namespace medsam::test
