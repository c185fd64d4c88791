#include "agent/training/TrainingPhantoms.h"

#include <algorithm>
#include <cmath>
#include <functional>
#include <stdexcept>
#include <string>

#include "core/synthetic/PortableRandom.h"

namespace medsam::agent {

namespace {

constexpr double kPi = 3.14159265358979323846;

enum class Shape { Blob, Lobed, Ring, Band, MultiPart, Small, Faint };
constexpr int kShapes = 7;
const char* shapeName(Shape s) {
    switch (s) {
        case Shape::Blob:
            return "blob";
        case Shape::Lobed:
            return "lobed";
        case Shape::Ring:
            return "ring";
        case Shape::Band:
            return "band";
        case Shape::MultiPart:
            return "multipart";
        case Shape::Small:
            return "small";
        case Shape::Faint:
            return "faint";
    }
    return "?";
}

struct Ellipse {
    double cx, cy, rx, ry, angle;
    bool contains(double x, double y) const {
        const double c = std::cos(angle), s = std::sin(angle);
        const double u = ((x - cx) * c + (y - cy) * s) / rx, v = (-(x - cx) * s + (y - cy) * c) / ry;
        return u * u + v * v <= 1.0;
    }
};

class Draw {
public:
    explicit Draw(unsigned seed) : rng_(seed), gauss_(rng_) {}
    double uniform(double a, double b) { return a + (b - a) * core::unitClosed(rng_); }
    int pick(int n) { return std::min(n - 1, static_cast<int>(core::unitOpen(rng_) * n)); }
    bool chance(double p) { return core::unitClosed(rng_) < p; }
    double normal() { return gauss_.next(); }

private:
    std::mt19937 rng_;
    core::GaussianSource gauss_;
};

using Membership = std::function<bool(double, double)>;

// The target's membership test for `shape`, centred near (cx, cy) with scale r (pixels).
Membership targetShape(Shape shape, double cx, double cy, double r, Draw& d) {
    switch (shape) {
        case Shape::Blob: {
            const Ellipse e{cx, cy, r, r * d.uniform(0.5, 1.0), d.uniform(0, kPi)};
            return [e](double x, double y) { return e.contains(x, y); };
        }
        case Shape::Lobed: {
            const int k = 2 + d.pick(4);
            const double amp = d.uniform(0.15, 0.35), phase = d.uniform(0, 2 * kPi);
            return [=](double x, double y) {
                const double rr = std::hypot(x - cx, y - cy), t = std::atan2(y - cy, x - cx);
                return rr <= r * (1.0 + amp * std::sin(k * t + phase));
            };
        }
        case Shape::Ring: {
            const double ry = r * d.uniform(0.6, 1.0), angle = d.uniform(0, kPi);
            const double wall = d.uniform(2.5, std::max(3.0, 0.3 * r));
            const Ellipse outer{cx, cy, r, ry, angle}, inner{cx, cy, r - wall, ry - wall, angle};
            return [=](double x, double y) { return outer.contains(x, y) && !inner.contains(x, y); };
        }
        case Shape::Band: {
            const Ellipse e{cx, cy, r * d.uniform(1.0, 1.6), d.uniform(1.5, 4.0), d.uniform(0, kPi)};
            return [e](double x, double y) { return e.contains(x, y); };
        }
        case Shape::MultiPart: {
            std::vector<Ellipse> parts;
            const int n = 2 + d.pick(2);
            for (int i = 0; i < n; ++i) {
                const double a = d.uniform(0, 2 * kPi), dist = r * d.uniform(0.6, 1.1);
                const double pr = r * d.uniform(0.3, 0.5);
                parts.push_back({cx + dist * std::cos(a), cy + dist * std::sin(a), pr,
                                 pr * d.uniform(0.6, 1.0), d.uniform(0, kPi)});
            }
            return [parts](double x, double y) {
                return std::any_of(parts.begin(), parts.end(),
                                   [&](const Ellipse& e) { return e.contains(x, y); });
            };
        }
        case Shape::Small:
        case Shape::Faint: {
            const double rs = shape == Shape::Faint ? d.uniform(4.0, 10.0) : d.uniform(3.0, 7.0);
            const Ellipse e{cx, cy, rs, rs * d.uniform(0.6, 1.0), d.uniform(0, kPi)};
            return [e](double x, double y) { return e.contains(x, y); };
        }
    }
    return {};
}

// Separable Gaussian blur, edges clamped.
void blur(std::vector<float>& v, int w, int h, double sigma) {
    if (sigma <= 0.05) return;
    const int r = static_cast<int>(std::ceil(3 * sigma));
    std::vector<float> k(2 * r + 1);
    float sum = 0;
    for (int i = -r; i <= r; ++i)
        sum += k[i + r] = static_cast<float>(std::exp(-0.5 * i * i / (sigma * sigma)));
    for (float& x : k) x /= sum;
    std::vector<float> tmp(v.size());
    for (int y = 0; y < h; ++y)
        for (int x = 0; x < w; ++x) {
            float acc = 0;
            for (int i = -r; i <= r; ++i) acc += k[i + r] * v[y * w + std::clamp(x + i, 0, w - 1)];
            tmp[y * w + x] = acc;
        }
    for (int y = 0; y < h; ++y)
        for (int x = 0; x < w; ++x) {
            float acc = 0;
            for (int i = -r; i <= r; ++i) acc += k[i + r] * tmp[std::clamp(y + i, 0, h - 1) * w + x];
            v[y * w + x] = acc;
        }
}

TrainingCase makeCase(int index, unsigned seed, const std::vector<Shape>& kinds) {
    Draw d(seed * 2654435761u + static_cast<unsigned>(index) * 40503u + 17u);
    const int sizes[] = {96, 128, 160};
    const int n = sizes[d.pick(3)];
    const Shape shape = kinds[static_cast<std::size_t>(d.pick(static_cast<int>(kinds.size())))];
    const bool ct = d.chance(0.4);

    // Intensities: CT in HU (air outside an elliptical body of soft tissue), MR in arbitrary units.
    double background, targetValue, outside;
    if (ct) {
        background = d.uniform(20, 70);
        outside = -1000;
        const int kind = d.pick(4);  // bone, contrast vessel, air (e.g. airway, bowel gas), soft lesion
        targetValue = kind == 0   ? d.uniform(300, 1500)
                      : kind == 1 ? d.uniform(150, 400)
                      : kind == 2 ? d.uniform(-950, -600)
                                  : background + (d.chance(0.5) ? 1 : -1) * d.uniform(25, 60);
    } else {
        background = d.uniform(80, 400);
        outside = d.uniform(0, 20);
        targetValue = background * (d.chance(0.6) ? d.uniform(1.3, 2.5) : d.uniform(0.2, 0.7));
    }
    // A faint deep structure (as the nuclei of a T1 brain): a weak step beside a neighbour of similar
    // intensity, where a box alone gives a fragment or the neighbour and clicks are what fixes it.
    if (shape == Shape::Faint)
        targetValue = background * (1.0 + (d.chance(0.5) ? 1 : -1) * d.uniform(0.08, 0.2));
    const double contrast = std::abs(targetValue - background);

    const double r = n * d.uniform(0.1, 0.25);
    const double cx = n / 2.0 + d.uniform(-0.15, 0.15) * n, cy = n / 2.0 + d.uniform(-0.15, 0.15) * n;
    const Membership target = targetShape(shape, cx, cy, r, d);
    const Ellipse body{n / 2.0, n / 2.0, n * d.uniform(0.42, 0.49), n * d.uniform(0.36, 0.49),
                       d.uniform(-0.3, 0.3)};
    Membership distractor;
    double distractorValue = targetValue;
    if (shape == Shape::Faint || d.chance(0.5)) {
        const double reach = shape == Shape::Faint ? 0.5 : 1.0;  // a close neighbour
        const double a = d.uniform(0, 2 * kPi), dist = r * reach * d.uniform(1.6, 2.4),
                     dr = r * d.uniform(0.3, 0.7);
        const Ellipse e{cx + dist * std::cos(a), cy + dist * std::sin(a), dr, dr * d.uniform(0.5, 1.0),
                        d.uniform(0, kPi)};
        distractor = [e](double x, double y) { return e.contains(x, y); };
        distractorValue = targetValue + d.uniform(-0.15, 0.15) * contrast;
    }
    // Hollow targets keep something inside: the interior differs from the wall.
    const double interiorValue = background + d.uniform(-0.2, 0.3) * contrast;

    core::ImageGeometry g;
    g.size = {n, n, 1};
    core::Mask label(g);
    std::vector<float> v(static_cast<std::size_t>(n) * n);
    const Ellipse hull{cx, cy, r * 1.05, r * 1.05, 0};
    for (int y = 0; y < n; ++y)
        for (int x = 0; x < n; ++x) {
            double value = body.contains(x, y) ? background : outside;
            if (shape == Shape::Ring && hull.contains(x, y) && body.contains(x, y)) value = interiorValue;
            if (distractor && distractor(x, y)) value = distractorValue;
            if (target(x, y)) {
                value = targetValue;
                label.voxels()[static_cast<std::size_t>(y) * n + x] = 1;
            }
            v[static_cast<std::size_t>(y) * n + x] = static_cast<float>(value);
        }
    blur(v, n, n, d.uniform(0.3, 1.3));
    // Low-frequency texture and noise, relative to the contrast.
    const double texture = contrast * d.uniform(0.0, 0.25), noise = contrast * d.uniform(0.02, 0.15);
    const double kx = d.uniform(0.02, 0.08), ky = d.uniform(0.02, 0.08), ph = d.uniform(0, 2 * kPi);
    for (int y = 0; y < n; ++y)
        for (int x = 0; x < n; ++x) {
            float& value = v[static_cast<std::size_t>(y) * n + x];
            value += static_cast<float>(texture * std::sin(kx * x + ky * y + ph) + noise * d.normal());
        }

    TrainingCase c;
    c.name = std::string("phantom-") + std::to_string(index) + "-" + shapeName(shape) + (ct ? "-ct" : "-mr");
    c.group = c.name;
    c.slice = core::Image<float>(g, std::move(v));
    c.reference = std::move(label);
    c.target = std::string(ct ? "CT " : "MR ") + shapeName(shape) + " structure";
    return c;
}

}  // namespace

const std::vector<std::string>& phantomKinds() {
    static const std::vector<std::string> names = [] {
        std::vector<std::string> n;
        n.reserve(kShapes);
        for (int k = 0; k < kShapes; ++k) n.emplace_back(shapeName(static_cast<Shape>(k)));
        return n;
    }();
    return names;
}

std::vector<TrainingCase> trainingPhantoms(int count, unsigned seed,
                                           const std::vector<std::string>& kindNames) {
    std::vector<Shape> kinds;
    for (const std::string& name : kindNames.empty() ? phantomKinds() : kindNames) {
        const auto& all = phantomKinds();
        const auto it = std::find(all.begin(), all.end(), name);
        if (it == all.end()) throw std::invalid_argument("unknown phantom kind '" + name + "'");
        kinds.push_back(static_cast<Shape>(it - all.begin()));
    }
    std::vector<TrainingCase> out;
    out.reserve(static_cast<std::size_t>(std::max(0, count)));
    for (int i = 0; i < count; ++i) {
        TrainingCase c = makeCase(i, seed, kinds);
        // A target cut away by the body outline or too small to see is drawn again with the next index.
        int pixels = 0;
        for (const auto p : c.reference.voxels()) pixels += p;
        for (int retry = 1; pixels < 12 && retry < 8; ++retry) {
            c = makeCase(i + retry * 100003, seed, kinds);
            pixels = 0;
            for (const auto p : c.reference.voxels()) pixels += p;
        }
        out.push_back(std::move(c));
    }
    return out;
}

}  // namespace medsam::agent
