#include "agent/tools/ClassicalSegmenter.h"

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <functional>
#include <limits>
#include <optional>
#include <queue>
#include <sstream>
#include <utility>
#include <vector>

#include "agent/tools/LruCache.h"
#include "core/metrics/Percentile.h"

namespace medsam::agent {
namespace {

// Everything predict() needs from a slice, computed once per slice and cached by its key.
struct SliceFeatures {
    int width = 0, height = 0;
    double sx = 1.0, sy = 1.0;     // pixel spacing (mm)
    core::ImageGeometry geometry;  // of the slice, for the output mask
    std::vector<float> intensity;  // robustly normalised to [0,1], smoothed for the edge weights
    std::vector<float> regional;   // same, smoothed more: what the intensity models classify
    std::vector<float> wx;         // edge weight between (x,y) and (x+1,y); 0 in the last column
    std::vector<float> wy;         // edge weight between (x,y) and (x,y+1); 0 in the last row
    bool hounsfield = false;       // version 2: intensity is the HU anchor mapping (hounsfieldToUnit)
    // The feature stack (featureStack, opt-in): extra per-pixel features quantised to 0..255 (docs/tools.md).
    std::vector<std::vector<std::uint8_t>> channels;
    std::size_t index(int x, int y) const { return static_cast<std::size_t>(y) * width + x; }
};

std::string fmt(double v) {
    std::ostringstream s;
    s << v;
    return s.str();
}

// Separable Gaussian along one axis, clamped borders, sigma in pixels.
void smoothAxis(std::vector<float>& img, int w, int h, double sigma, bool alongX) {
    if (sigma < 0.3) return;
    const int r = static_cast<int>(std::ceil(3.0 * sigma));
    std::vector<float> k(2 * r + 1);
    float sum = 0;
    for (int i = -r; i <= r; ++i)
        sum += k[i + r] = static_cast<float>(std::exp(-0.5 * i * i / (sigma * sigma)));
    for (auto& v : k) v /= sum;
    const int n = alongX ? w : h, lines = alongX ? h : w;
    std::vector<float> line(n);
    for (int l = 0; l < lines; ++l) {
        auto at = [&](int i) -> float& {
            return alongX ? img[static_cast<std::size_t>(l) * w + i]
                          : img[static_cast<std::size_t>(i) * w + l];
        };
        for (int i = 0; i < n; ++i) line[i] = at(i);
        for (int i = 0; i < n; ++i) {
            float acc = 0;
            for (int t = -r; t <= r; ++t) acc += k[t + r] * line[std::clamp(i + t, 0, n - 1)];
            at(i) = acc;
        }
    }
}

// CT in Hounsfield units: the loader applies rescale slope/intercept, so air is near -1000. MRI, PET and
// PNG slices have no values that low.
bool looksLikeHounsfield(const std::vector<float>& v) {
    if (v.empty()) return false;
    const auto [lo, hi] = std::minmax_element(v.begin(), v.end());
    return *lo <= -500.0f && *hi >= 200.0f;
}

// Fixed HU anchors instead of percentiles: air and lung (-1000..-200) get 0..0.1, fat and soft tissue
// (-200..150) 0.1..0.5, the range where contrast and bone start (150..300, bone >= 226 HU) 0.5..0.75, dense
// bone (300..1500) 0.75..1. So bone against soft tissue is a large step whatever else is in the slice.
constexpr std::array<std::pair<float, float>, 5> kAnchors{
    {{-1000.0f, 0.0f}, {-200.0f, 0.1f}, {150.0f, 0.5f}, {300.0f, 0.75f}, {1500.0f, 1.0f}}};
float hounsfieldToUnit(float hu) {
    if (hu <= kAnchors.front().first) return 0.0f;
    for (std::size_t i = 1; i < kAnchors.size(); ++i)
        if (hu <= kAnchors[i].first) {
            const auto [x0, y0] = kAnchors[i - 1];
            const auto [x1, y1] = kAnchors[i];
            return y0 + (hu - x0) * (y1 - y0) / (x1 - x0);
        }
    return 1.0f;
}
// The inverse of hounsfieldToUnit on 0..1 (version 3 measures model distances in HU on CT).
float unitToHounsfield(float u) {
    if (u <= 0.0f) return kAnchors.front().first;
    for (std::size_t i = 1; i < kAnchors.size(); ++i)
        if (u <= kAnchors[i].second) {
            const auto [x0, y0] = kAnchors[i - 1];
            const auto [x1, y1] = kAnchors[i];
            return x0 + (u - y0) * (x1 - x0) / (y1 - y0);
        }
    return kAnchors.back().first;
}

// A robust scale of |v|: its 99th percentile over every 4th pixel (exact enough for a feature's range).
float robustScale(const std::vector<float>& v) {
    std::vector<float> a;
    a.reserve(v.size() / 4 + 1);
    for (std::size_t i = 0; i < v.size(); i += 4) a.push_back(std::abs(v[i]));
    if (a.empty()) return 0.0f;
    auto at = a.begin() + static_cast<std::ptrdiff_t>(0.99 * static_cast<double>(a.size() - 1));
    std::nth_element(a.begin(), at, a.end());
    return *at;
}

std::vector<std::uint8_t> quantise(const std::vector<float>& v, float offset, float scale) {
    std::vector<std::uint8_t> q(v.size());
    for (std::size_t i = 0; i < v.size(); ++i)
        q[i] = static_cast<std::uint8_t>(std::lround(std::clamp(offset + scale * v[i], 0.0f, 1.0f) * 255.0f));
    return q;
}

// The feature stack's per-pixel features (opt-in; ilastik-style, on the normalised intensity `raw`, HU
// anchors for CT): Gaussian smoothing at 2 and 4 pixels (of the finest spacing), gradient magnitude per mm at
// 1 pixel, difference of Gaussians 1 - 4 pixels (a Laplacian of Gaussian at blob scale), local standard
// deviation at 2 pixels (texture). Each is scaled to 0..1 by its own range and quantised to a byte.
void computeFeatureStack(SliceFeatures& f, const std::vector<float>& raw, double hmin) {
    const int w = f.width, h = f.height;
    auto smoothed = [&](std::vector<float> img, double sigmaPixels) {
        smoothAxis(img, w, h, sigmaPixels * hmin / f.sx, true);
        smoothAxis(img, w, h, sigmaPixels * hmin / f.sy, false);
        return img;
    };
    const std::vector<float> g2 = smoothed(raw, 2.0), g4 = smoothed(raw, 4.0);
    std::vector<float> sq(raw.size());
    for (std::size_t i = 0; i < raw.size(); ++i) sq[i] = raw[i] * raw[i];
    sq = smoothed(std::move(sq), 2.0);
    std::vector<float> grad(raw.size()), dog(raw.size()), sd(raw.size());
    for (int y = 0; y < h; ++y)
        for (int x = 0; x < w; ++x) {
            const std::size_t i = f.index(x, y);
            const auto& I = f.intensity;  // smoothed at 1 pixel
            const double gx =
                (I[f.index(std::min(x + 1, w - 1), y)] - I[f.index(std::max(x - 1, 0), y)]) / (2.0 * f.sx);
            const double gy =
                (I[f.index(x, std::min(y + 1, h - 1))] - I[f.index(x, std::max(y - 1, 0))]) / (2.0 * f.sy);
            grad[i] = static_cast<float>(std::sqrt(gx * gx + gy * gy));
            dog[i] = f.regional[i] - g4[i];
            sd[i] = std::sqrt(std::max(0.0f, sq[i] - g2[i] * g2[i]));
        }
    auto unitScale = [](float s) { return s > 0 ? 1.0f / s : 0.0f; };
    f.channels.push_back(quantise(g2, 0.0f, 1.0f));
    f.channels.push_back(quantise(g4, 0.0f, 1.0f));
    f.channels.push_back(quantise(grad, 0.0f, unitScale(robustScale(grad))));
    f.channels.push_back(quantise(dog, 0.5f, 0.5f * unitScale(robustScale(dog))));
    f.channels.push_back(quantise(sd, 0.0f, unitScale(robustScale(sd))));
}

std::shared_ptr<const SliceFeatures> computeFeatures(const core::Image<float>& slice,
                                                     const ClassicalSegmenterOptions& o) {
    auto f = std::make_shared<SliceFeatures>();
    f->width = slice.width();
    f->height = slice.height();
    f->sx = slice.geometry().spacing[0];
    f->sy = slice.geometry().spacing[1];
    f->geometry = slice.geometry();
    const std::size_t n = slice.voxels().size();

    // Robust normalisation: the 0.5th..99.5th percentiles map to 0..1, so a few hot pixels (or a CT's air and
    // metal) do not squash the tissue contrast the edge weights depend on.
    // numpy.percentile's convention (core/metrics/Percentile.h).
    const auto range = core::percentiles(slice.voxels(), {0.5, 99.5});
    const float vlo = range ? static_cast<float>((*range)[0]) : 0.0f;
    const float vhi = range ? static_cast<float>((*range)[1]) : 0.0f;
    const float scale = vhi > vlo ? 1.0f / (vhi - vlo) : 0.0f;
    f->intensity.resize(n);
    for (std::size_t i = 0; i < n; ++i)
        f->intensity[i] = std::clamp((slice.voxels()[i] - vlo) * scale, 0.0f, 1.0f);
    if (o.huWindows && looksLikeHounsfield(slice.voxels())) {
        for (std::size_t i = 0; i < n; ++i) f->intensity[i] = hounsfieldToUnit(slice.voxels()[i]);
        f->hounsfield = true;
    }

    // Smoothing in physical units: sigma is a multiple of the finest spacing, so coarse axes get fewer
    // pixels.
    const double hmin = std::min(f->sx, f->sy);
    // Two scales: edges need localisation (light smoothing); the per-pixel fg/bg classification needs noise
    // averaged out (more smoothing), or the data term turns noise into ragged boundaries.
    f->regional = f->intensity;
    std::vector<float> raw;
    if (o.featureStack) raw = f->intensity;
    smoothAxis(f->intensity, f->width, f->height, o.smoothingSigmaPixels * hmin / f->sx, true);
    smoothAxis(f->intensity, f->width, f->height, o.smoothingSigmaPixels * hmin / f->sy, false);
    // Version 3: CT slices (HU) may classify less smoothed values (ctDataSmoothingSigmaPixels >= 0).
    const double dataSigma = f->hounsfield && o.ctDataSmoothingSigmaPixels >= 0 ? o.ctDataSmoothingSigmaPixels
                                                                                : o.dataSmoothingSigmaPixels;
    smoothAxis(f->regional, f->width, f->height, dataSigma * hmin / f->sx, true);
    smoothAxis(f->regional, f->width, f->height, dataSigma * hmin / f->sy, false);

    // Edge weights from the physical gradient (intensity per mm), contrast-normalised by its slice mean, and
    // scaled by (hmin/h)^2 as in the finite-difference Laplacian, so anisotropic pixels diffuse correctly.
    f->wx.assign(n, 0.0f);
    f->wy.assign(n, 0.0f);
    double sumG2 = 0;
    std::size_t edges = 0;
    for (int y = 0; y < f->height; ++y)
        for (int x = 0; x < f->width; ++x) {
            const std::size_t i = f->index(x, y);
            if (x + 1 < f->width) {
                const double g = (f->intensity[i + 1] - f->intensity[i]) / f->sx;
                f->wx[i] = static_cast<float>(g * g);
                sumG2 += g * g;
                ++edges;
            }
            if (y + 1 < f->height) {
                const double g = (f->intensity[i + f->width] - f->intensity[i]) / f->sy;
                f->wy[i] = static_cast<float>(g * g);
                sumG2 += g * g;
                ++edges;
            }
        }
    const double meanG2 = edges ? sumG2 / static_cast<double>(edges) : 0.0;
    const double k = meanG2 > 0 ? o.beta / meanG2 : 0.0;
    const double ax = (hmin / f->sx) * (hmin / f->sx), ay = (hmin / f->sy) * (hmin / f->sy);
    for (int y = 0; y < f->height; ++y)
        for (int x = 0; x < f->width; ++x) {
            const std::size_t i = f->index(x, y);
            // A floor keeps the graph connected so the system stays non-singular across hard edges.
            f->wx[i] = x + 1 < f->width ? static_cast<float>(ax * (std::exp(-k * f->wx[i]) + 1e-4)) : 0.0f;
            f->wy[i] = y + 1 < f->height ? static_cast<float>(ay * (std::exp(-k * f->wy[i]) + 1e-4)) : 0.0f;
        }
    if (o.featureStack) computeFeatureStack(*f, raw, hmin);
    return f;
}

struct Rect {
    int x0 = 0, y0 = 0, x1 = -1, y1 = -1;  // inclusive
    int width() const { return x1 - x0 + 1; }
    int height() const { return y1 - y0 + 1; }
    bool empty() const { return x1 < x0 || y1 < y0; }
    bool contains(int x, int y) const { return x >= x0 && x <= x1 && y >= y0 && y <= y1; }
    void include(int x, int y) {
        if (empty()) {
            *this = {x, y, x, y};
            return;
        }
        x0 = std::min(x0, x);
        y0 = std::min(y0, y);
        x1 = std::max(x1, x);
        y1 = std::max(y1, y);
    }
    Rect grown(int mx, int my, int w, int h) const {
        return {std::max(0, x0 - mx), std::max(0, y0 - my), std::min(w - 1, x1 + mx),
                std::min(h - 1, y1 + my)};
    }
};

struct Click {
    int x = 0, y = 0;
    bool positive = true;
};

// Fg/bg intensity histograms with kernel smoothing; likelihood ratio per intensity.
class IntensityModel {
public:
    static constexpr int kBins = 64;
    void add(bool fg, float intensity, double weight) {
        auto& h = fg ? fg_ : bg_;
        h[bin(intensity)] += weight;
    }
    // Mixes region samples and click samples so clicks carry half the evidence when both exist.
    static IntensityModel mix(const IntensityModel& region, const IntensityModel& clicks) {
        IntensityModel out;
        for (int c = 0; c < 2; ++c) {
            const auto& a = c ? region.bg_ : region.fg_;
            const auto& b = c ? clicks.bg_ : clicks.fg_;
            auto& o = c ? out.bg_ : out.fg_;
            double sa = 0, sb = 0;
            for (int i = 0; i < kBins; ++i) sa += a[i], sb += b[i];
            const double wa = sa > 0 ? (sb > 0 ? 0.5 : 1.0) / sa : 0.0;
            const double wb = sb > 0 ? (sa > 0 ? 0.5 : 1.0) / sb : 0.0;
            for (int i = 0; i < kBins; ++i) o[i] = wa * a[i] + wb * b[i];
        }
        return out;
    }
    bool hasFg() const { return sum(fg_) > 0; }
    bool hasBg() const { return sum(bg_) > 0; }
    // Normalises, smooths and builds the lookup table of P(fg | intensity) (equal class priors).
    // fillGaps (version 3): between a class's core values (smoothed density at least a tenth of its peak) and
    // the other class's, a value in the core of neither takes the side of the nearer core, linearly in
    // between (pf = dBg / (dFg + dBg)), distances in physical units (`physical`: bin value -> HU on CT), so a
    // blurred edge's partial-volume values split at the midpoint between the two tissues, as the reference's
    // boundary does, instead of following the histograms' tails.
    void finish(bool fillGaps = false, float (*physical)(float) = nullptr) {
        std::array<double, kBins> f = smooth(fg_), b = smooth(bg_);
        for (int i = 0; i < kBins; ++i) pf_[i] = static_cast<float>(f[i] / (f[i] + b[i]));
        if (!fillGaps) return;
        const double fMax = *std::max_element(f.begin(), f.end()),
                     bMax = *std::max_element(b.begin(), b.end());
        std::array<bool, kBins> fCore{}, bCore{};
        std::array<double, kBins> value{};
        for (int i = 0; i < kBins; ++i) {
            fCore[i] = f[i] >= 0.1 * fMax && f[i] > 2e-3;
            bCore[i] = b[i] >= 0.1 * bMax && b[i] > 2e-3;
            const float v = (static_cast<float>(i) + 0.5f) / kBins;
            value[i] = physical ? physical(v) : v;
        }
        auto nearest = [&](const std::array<bool, kBins>& core, int i) {
            double best = std::numeric_limits<double>::infinity();
            for (int j = 0; j < kBins; ++j)
                if (core[j]) best = std::min(best, std::abs(value[i] - value[j]));
            return best;
        };
        for (int i = 0; i < kBins; ++i) {
            if (fCore[i] || bCore[i]) continue;
            const double df = nearest(fCore, i), db = nearest(bCore, i);
            if (!std::isfinite(df) || !std::isfinite(db)) continue;
            pf_[i] = std::clamp(static_cast<float>(db / (df + db)), 0.02f, 0.98f);
        }
    }
    float pf(float intensity) const { return pf_[bin(intensity)]; }

private:
    static int bin(float v) { return std::clamp(static_cast<int>(v * kBins), 0, kBins - 1); }
    static double sum(const std::array<double, kBins>& h) {
        double s = 0;
        for (double v : h) s += v;
        return s;
    }
    static std::array<double, kBins> smooth(const std::array<double, kBins>& h) {
        const double s = sum(h);
        std::array<double, kBins> out{};
        const double sigma = 1.5;
        for (int i = 0; i < kBins; ++i) {
            double acc = 0, wsum = 0;
            for (int j = std::max(0, i - 5); j <= std::min(kBins - 1, i + 5); ++j) {
                const double w = std::exp(-0.5 * (i - j) * (i - j) / (sigma * sigma));
                acc += w * h[j];
                wsum += w;
            }
            // A uniform floor: an intensity never seen on either side stays undecided (0.5), not a 0/0.
            out[i] = (s > 0 ? acc / wsum / s : 0.0) + 1e-3;
        }
        return out;
    }
    std::array<double, kBins> fg_{}, bg_{};
    std::array<float, kBins> pf_{};
};

// The fg/bg model that feeds the random walker: the intensity model alone (versions 1 and 2, exactly), or
// with the opt-in feature stack a naive-Bayes classifier: one smoothed histogram pair per feature, the
// per-feature log-likelihood ratios averaged (the features are correlated; a plain sum would be
// overconfident) and scaled by `gain`.
class PixelModel {
public:
    PixelModel(const SliceFeatures& f, const ClassicalSegmenterOptions& o)
        : extra_(f.channels.size()),
          gain_(o.featureGain),
          fillGaps_(o.fillGaps),
          physical_(f.hounsfield ? &unitToHounsfield : nullptr) {}
    void add(bool fg, const SliceFeatures& f, std::size_t g, double weight) {
        base_.add(fg, f.regional[g], weight);
        for (std::size_t k = 0; k < extra_.size(); ++k) extra_[k].add(fg, f.channels[k][g] / 255.0f, weight);
    }
    static PixelModel mix(const PixelModel& region, const PixelModel& clicks) {
        PixelModel out = region;
        out.base_ = IntensityModel::mix(region.base_, clicks.base_);
        for (std::size_t k = 0; k < out.extra_.size(); ++k)
            out.extra_[k] = IntensityModel::mix(region.extra_[k], clicks.extra_[k]);
        return out;
    }
    bool hasFg() const { return base_.hasFg(); }
    bool hasBg() const { return base_.hasBg(); }
    void finish() {
        base_.finish(fillGaps_, physical_);
        for (auto& m : extra_) m.finish(fillGaps_);
    }
    float pf(const SliceFeatures& f, std::size_t g) const {
        const float p0 = base_.pf(f.regional[g]);
        if (extra_.empty()) return p0;
        auto logit = [](float p) { return std::log(p / (1.0f - p)); };
        float sum = logit(p0);
        for (std::size_t k = 0; k < extra_.size(); ++k) sum += logit(extra_[k].pf(f.channels[k][g] / 255.0f));
        const float z = static_cast<float>(gain_) * sum / static_cast<float>(extra_.size() + 1);
        return 1.0f / (1.0f + std::exp(-z));
    }

private:
    IntensityModel base_;
    std::vector<IntensityModel> extra_;
    double gain_ = 1.0;
    bool fillGaps_ = false;
    float (*physical_)(float) = nullptr;  // the intensity channel's values in HU on CT (fillGaps)
};

}  // namespace

struct ClassicalSegmenter::Impl {
    explicit Impl(std::size_t capacity) : cache(capacity) {}
    LruCache<std::string, std::shared_ptr<const SliceFeatures>> cache;
    std::shared_ptr<const SliceFeatures> current;
    std::size_t hits = 0;
    int lastIterations = 0;
};

ClassicalSegmenter::ClassicalSegmenter(ClassicalSegmenterOptions options)
    : options_(options), impl_(std::make_unique<Impl>(std::max<std::size_t>(1, options.cacheCapacity))) {
    if (!(options_.beta >= 0) || !(options_.dataWeight >= 0) || !(options_.priorWeight >= 0) ||
        !(options_.smoothingSigmaPixels >= 0) || !(options_.featureGain >= 0) ||
        !(options_.seedRadiusMm >= 0) || !(options_.tolerance > 0) || options_.maxIterations < 1) {
        throw SegmenterError(
            "ClassicalSegmenter: options must be non-negative (tolerance, maxIterations positive)");
    }
}

ClassicalSegmenter::~ClassicalSegmenter() = default;

ClassicalSegmenterOptions classicalV2Options() {
    ClassicalSegmenterOptions o;
    o.regionClicks = true;
    o.huWindows = true;
    o.smallBoxPixels = 400;
    o.objectScaledPrior = true;
    o.hollowBoneBox = true;
    return o;
}

ClassicalSegmenterOptions classicalV3Options() {
    ClassicalSegmenterOptions o = classicalV2Options();
    o.fillGaps = true;
    o.rimFirst = true;
    o.smallBoxStickyPrior = true;
    o.negativeHolesOnly = true;
    o.ctDataSmoothingSigmaPixels = 0.0;
    return o;
}

ClassicalSegmenterOptions classicalV4Options() {
    ClassicalSegmenterOptions o = classicalV3Options();
    o.ringAroundAnswer = true;
    return o;
}

ClassicalSegmenterOptions classicalOptions(int version) {
    switch (version) {
        case 1:
            return {};
        case 2:
            return classicalV2Options();
        case 3:
            return classicalV3Options();
        case 4:
            return classicalV4Options();
        default:
            throw std::invalid_argument("classical tool version " + std::to_string(version) +
                                        " does not exist (known: 1, 2, 3, 4)");
    }
}

std::string ClassicalSegmenter::name() const {
    const bool v4 = options_.ringAroundAnswer;
    const bool v3 = options_.featureStack || options_.fillGaps || options_.smallBoxStickyPrior ||
                    options_.rimFirst || options_.negativeHolesOnly;
    const bool v2 = options_.regionClicks || options_.huWindows || options_.smallBoxPixels > 0 ||
                    options_.objectScaledPrior;
    const std::string version = v4 ? "/4" : v3 ? "/3" : v2 ? "/2" : "/1";
    return (options_.algorithm == ClassicalSegmenterOptions::Algorithm::RandomWalker ? "classical-rw"
                                                                                     : "classical-ws") +
           version;
}

std::size_t ClassicalSegmenter::cacheHits() const {
    return impl_->hits;
}
int ClassicalSegmenter::lastIterations() const {
    return impl_->lastIterations;
}

void ClassicalSegmenter::setImage(const core::Image<float>& slice, const std::string& cacheKey) {
    if (slice.empty()) throw SegmenterError("ClassicalSegmenter::setImage: the slice is empty");
    if (!slice.is2D()) {
        throw SegmenterError("ClassicalSegmenter::setImage: expected a 2D slice (depth 1), got " +
                             slice.geometry().describe());
    }
    const auto& sp = slice.geometry().spacing;
    if (!(sp[0] > 0) || !(sp[1] > 0) || !std::isfinite(sp[0]) || !std::isfinite(sp[1])) {
        throw SegmenterError("ClassicalSegmenter::setImage: pixel spacing must be positive and finite, got " +
                             fmt(sp[0]) + " x " + fmt(sp[1]) + " mm");
    }
    if (!cacheKey.empty()) {
        if (auto* hit = impl_->cache.find(cacheKey)) {
            // A key reused for a different grid is a caller bug; recompute rather than answer for the wrong
            // slice.
            if ((*hit)->geometry.sameGrid(slice.geometry())) {
                impl_->current = *hit;
                ++impl_->hits;
                return;
            }
        }
    }
    for (std::size_t i = 0; i < slice.voxels().size(); ++i) {
        if (!std::isfinite(slice.voxels()[i])) {
            const int x = static_cast<int>(i % static_cast<std::size_t>(slice.width()));
            const int y = static_cast<int>(i / static_cast<std::size_t>(slice.width()));
            throw SegmenterError("ClassicalSegmenter::setImage: pixel (" + std::to_string(x) + ", " +
                                 std::to_string(y) + ") is not a finite number");
        }
    }
    impl_->current = computeFeatures(slice, options_);
    if (!cacheKey.empty()) impl_->cache.put(cacheKey, impl_->current);
}

namespace {

// The per-call problem: a work rectangle U with its fixed seeds, data term and prior.
struct Problem {
    Rect u;
    int uw = 0, uh = 0;
    std::vector<std::uint8_t> fixed;  // 1 = value fixed (seed)
    std::vector<float> x;             // solution / fixed values
    std::vector<float> pf;            // P(fg | intensity)
    std::vector<float> prior;         // previous mask value (0/1), or empty
    std::vector<float> priorWeight;   // per pixel
    std::size_t local(int x, int y) const { return static_cast<std::size_t>(y - u.y0) * uw + (x - u.x0); }
};

int solveRandomWalker(const SliceFeatures& f, Problem& p, const ClassicalSegmenterOptions& o) {
    const int uw = p.uw, uh = p.uh;
    const std::size_t n = static_cast<std::size_t>(uw) * uh;
    // Local copies of the weights: right (e) and down (s) edges inside U; edges leaving U end on fixed 0
    // (background) when they stay inside the image, and do not exist at the image border (no flux).
    std::vector<float> we(n), ws(n), diag(n), b(n);
    for (int y = 0; y < uh; ++y)
        for (int x = 0; x < uw; ++x) {
            const int gx = p.u.x0 + x, gy = p.u.y0 + y;
            const std::size_t g = f.index(gx, gy), l = static_cast<std::size_t>(y) * uw + x;
            we[l] = x + 1 < uw ? f.wx[g] : 0.0f;
            ws[l] = y + 1 < uh ? f.wy[g] : 0.0f;
            double d = f.wx[g] + f.wy[g];
            if (gx > 0) d += f.wx[g - 1];
            if (gy > 0) d += f.wy[g - f.width];
            const double lf = o.dataWeight * p.pf[l], lb = o.dataWeight * (1.0 - p.pf[l]);
            double rhs = lf;
            d += lf + lb;
            if (!p.prior.empty()) {
                d += p.priorWeight[l];
                rhs += p.priorWeight[l] * p.prior[l];
            }
            diag[l] = static_cast<float>(d);
            b[l] = static_cast<float>(rhs);
        }
    // Move the fixed seeds' contributions to the right-hand side.
    for (int y = 0; y < uh; ++y)
        for (int x = 0; x < uw; ++x) {
            const std::size_t l = static_cast<std::size_t>(y) * uw + x;
            if (!p.fixed[l]) continue;
            const float v = p.x[l];
            if (x + 1 < uw) b[l + 1] += we[l] * v;
            if (x > 0) b[l - 1] += we[l - 1] * v;
            if (y + 1 < uh) b[l + uw] += ws[l] * v;
            if (y > 0) b[l - uw] += ws[l - uw] * v;
        }
    // A p restricted to free pixels. Branch-free rows (missing neighbours read a zero row / zero weight) so
    // the compiler vectorises: this loop is nearly all of predict()'s time.
    std::vector<float> freeF(n), invDiag(n), zeros(static_cast<std::size_t>(uw), 0.0f);
    for (std::size_t l = 0; l < n; ++l) {
        freeF[l] = p.fixed[l] ? 0.0f : 1.0f;
        invDiag[l] = freeF[l] / diag[l];
    }
    auto apply = [&](const std::vector<float>& in, std::vector<float>& out) {
        for (int y = 0; y < uh; ++y) {
            const std::size_t row = static_cast<std::size_t>(y) * uw;
            const float* c = in.data() + row;
            const float* up = y > 0 ? c - uw : zeros.data();
            const float* wUp = y > 0 ? ws.data() + row - uw : zeros.data();
            const float* dn = y + 1 < uh ? c + uw : zeros.data();
            const float* wDn = ws.data() + row;  // 0 in the last row
            const float* wE = we.data() + row;   // 0 in the last column
            const float* dg = diag.data() + row;
            const float* fr = freeF.data() + row;
            float* dst = out.data() + row;
            for (int x = 0; x < uw; ++x) dst[x] = dg[x] * c[x] - wUp[x] * up[x] - wDn[x] * dn[x];
            for (int x = 0; x + 1 < uw; ++x) dst[x] -= wE[x] * c[x + 1];
            for (int x = 1; x < uw; ++x) dst[x] -= wE[x - 1] * c[x - 1];
            for (int x = 0; x < uw; ++x) dst[x] *= fr[x];
        }
    };
    std::vector<float> r(n), z(n), dir(n), ad(n), fixedVals(n);
    // r = b - A_ff x_f: apply A to the free part only (fixed entries' coupling is already in b).
    for (std::size_t l = 0; l < n; ++l) fixedVals[l] = p.x[l] * freeF[l];
    apply(fixedVals, ad);
    double rz = 0;
    float worst = 0;
    for (std::size_t l = 0; l < n; ++l) {
        r[l] = freeF[l] * (b[l] - ad[l]);
        z[l] = r[l] * invDiag[l];
        dir[l] = z[l];
        rz += static_cast<double>(r[l]) * z[l];
        worst = std::max(worst, std::abs(z[l]));
    }
    int it = 0;
    for (; it < o.maxIterations && worst >= o.tolerance; ++it) {
        apply(dir, ad);
        double pad = 0;
        for (std::size_t l = 0; l < n; ++l) pad += static_cast<double>(dir[l]) * ad[l];
        if (!(pad > 0)) break;
        const float alpha = static_cast<float>(rz / pad);
        double rzNew = 0;
        worst = 0;
        for (std::size_t l = 0; l < n; ++l) {
            p.x[l] += alpha * dir[l];
            r[l] -= alpha * ad[l];
            z[l] = r[l] * invDiag[l];
            rzNew += static_cast<double>(r[l]) * z[l];
            worst = std::max(worst, std::abs(z[l]));
        }
        const float betaCg = static_cast<float>(rzNew / rz);
        rz = rzNew;
        for (std::size_t l = 0; l < n; ++l) dir[l] = z[l] + betaCg * dir[l];  // z is 0 on fixed pixels
    }
    return it;
}

// Seeded watershed cut: pixels are claimed in order of the weakest edge separating them from a labelled
// region (Prim-style minimax flooding), so boundaries fall on the strongest edges between markers.
void solveWatershed(const SliceFeatures& f, Problem& p, const std::vector<std::int8_t>& markers) {
    const int uw = p.uw, uh = p.uh;
    const std::size_t n = static_cast<std::size_t>(uw) * uh;
    std::vector<std::int8_t> label(markers);  // -1 unlabelled, 0 bg, 1 fg
    using Item = std::pair<float, std::pair<std::uint32_t, std::int8_t>>;
    std::priority_queue<Item, std::vector<Item>, std::greater<Item>> queue;
    const double hmin = std::min(f.sx, f.sy);
    const float maxX = static_cast<float>((hmin / f.sx) * (hmin / f.sx) * (1 + 1e-4));
    const float maxY = static_cast<float>((hmin / f.sy) * (hmin / f.sy) * (1 + 1e-4));
    auto cost = [&](std::size_t g, bool horizontal) {
        return horizontal ? 1.0f - f.wx[g] / maxX : 1.0f - f.wy[g] / maxY;
    };
    auto pushNeighbours = [&](int x, int y, std::int8_t lab) {
        const std::size_t g = f.index(p.u.x0 + x, p.u.y0 + y);
        const std::size_t l = static_cast<std::size_t>(y) * uw + x;
        if (x + 1 < uw && label[l + 1] < 0)
            queue.push({cost(g, true), {static_cast<std::uint32_t>(l + 1), lab}});
        if (x > 0 && label[l - 1] < 0)
            queue.push({cost(g - 1, true), {static_cast<std::uint32_t>(l - 1), lab}});
        if (y + 1 < uh && label[l + uw] < 0)
            queue.push({cost(g, false), {static_cast<std::uint32_t>(l + uw), lab}});
        if (y > 0 && label[l - uw] < 0)
            queue.push({cost(g - f.width, false), {static_cast<std::uint32_t>(l - uw), lab}});
    };
    for (int y = 0; y < uh; ++y)
        for (int x = 0; x < uw; ++x) {
            const std::size_t l = static_cast<std::size_t>(y) * uw + x;
            if (label[l] >= 0) pushNeighbours(x, y, label[l]);
            // The background beyond U (inside the image) floods in across U's border.
            const int gx = p.u.x0 + x, gy = p.u.y0 + y;
            const std::size_t g = f.index(gx, gy);
            if (label[l] < 0) {
                if (x == 0 && gx > 0) queue.push({cost(g - 1, true), {static_cast<std::uint32_t>(l), 0}});
                if (x + 1 == uw && gx + 1 < f.width)
                    queue.push({cost(g, true), {static_cast<std::uint32_t>(l), 0}});
                if (y == 0 && gy > 0)
                    queue.push({cost(g - f.width, false), {static_cast<std::uint32_t>(l), 0}});
                if (y + 1 == uh && gy + 1 < f.height)
                    queue.push({cost(g, false), {static_cast<std::uint32_t>(l), 0}});
            }
        }
    while (!queue.empty()) {
        const auto [c, item] = queue.top();
        queue.pop();
        (void)c;
        const auto [l, lab] = item;
        if (label[l] >= 0) continue;
        label[l] = lab;
        pushNeighbours(static_cast<int>(l % static_cast<std::uint32_t>(uw)),
                       static_cast<int>(l / static_cast<std::uint32_t>(uw)), lab);
    }
    for (std::size_t l = 0; l < n; ++l) p.x[l] = label[l] > 0 ? 1.0f : 0.0f;  // unreached (no seeds): bg
}

}  // namespace

namespace {
// Area of the bounding box of {x > 0.5} over the work region's area: 1 when the result spans the box.
double boxFill(const Problem& p) {
    int x0 = p.uw, y0 = p.uh, x1 = -1, y1 = -1;
    for (int y = 0; y < p.uh; ++y)
        for (int x = 0; x < p.uw; ++x)
            if (p.x[static_cast<std::size_t>(y) * p.uw + x] > 0.5f)
                x0 = std::min(x0, x), y0 = std::min(y0, y), x1 = std::max(x1, x), y1 = std::max(y1, y);
    if (x1 < x0) return 0.0;
    return static_cast<double>(x1 - x0 + 1) * (y1 - y0 + 1) / (static_cast<double>(p.uw) * p.uh);
}
}  // namespace

// The strips a tight box's object touches: pixels within 2 mm of the box's sides, along their middle thirds.
// The CT rim answer (version 2) and the ring check (version 4) both look there.
struct SideStrips {
    SideStrips(const SliceFeatures& f, const Rect& box)
        : u(box),
          rx(std::max(1, static_cast<int>(std::lround(2.0 / f.sx)))),
          ry(std::max(1, static_cast<int>(std::lround(2.0 / f.sy)))) {}
    bool contains(int x, int y) const {
        const bool midX = 3 * (x - u.x0) >= u.width() && 3 * (x - u.x0) < 2 * u.width();
        const bool midY = 3 * (y - u.y0) >= u.height() && 3 * (y - u.y0) < 2 * u.height();
        return (midX && (y - u.y0 < ry || u.y1 - y < ry)) || (midY && (x - u.x0 < rx || u.x1 - x < rx));
    }
    Rect u;
    int rx, ry;
};

// Version 4 (ringAroundAnswer): a box answer that is the hole of a ring. A tight box touches its object on
// all four sides; when the box-only answer leaves the strips along the middle thirds of the box's sides (2 mm
// deep) for the most part and those strips hold a distinct wall (their median differs from the answer's and
// from the surroundings' by more than the region similarity), the answer is what the wall encloses. The wall
// is solved for, seeded at the strips' wall pixels (model: wall = object; the enclosed answer and the outside
// band = background), and replaces the answer when it encloses it and hardly overlaps it. nullopt otherwise.
std::optional<Problem> ringAroundAnswer(const SliceFeatures& f, const Problem& base, const Problem& answer,
                                        const Rect& outer, const ClassicalSegmenterOptions& o,
                                        int& iterations) {
    const Rect& u = base.u;
    auto inAnswer = [&](int x, int y) { return answer.x[answer.local(x, y)] > 0.5f; };
    const SideStrips strips(f, u);
    auto onStrip = [&](int x, int y) { return strips.contains(x, y); };
    auto median = [](std::vector<float> v) {
        if (v.empty()) return 0.0f;
        std::nth_element(v.begin(), v.begin() + static_cast<std::ptrdiff_t>(v.size() / 2), v.end());
        return v[v.size() / 2];
    };
    std::vector<float> strip, inside, around;
    std::size_t stripAll = 0;
    Rect answerBox;
    for (int y = u.y0; y <= u.y1; ++y)
        for (int x = u.x0; x <= u.x1; ++x) {
            const float v = f.intensity[f.index(x, y)];
            if (inAnswer(x, y)) {
                inside.push_back(v);
                answerBox.include(x, y);
            }
            if (!onStrip(x, y)) continue;
            ++stripAll;
            if (!inAnswer(x, y)) strip.push_back(v);
        }
    for (int y = outer.y0; y <= outer.y1; ++y)
        for (int x = outer.x0; x <= outer.x1; ++x)
            if (!u.contains(x, y)) around.push_back(f.intensity[f.index(x, y)]);
    // The answer reaches the box's sides (a solid object), or there is nothing inside or around.
    if (inside.empty() || around.empty() || 2 * strip.size() < stripAll) return std::nullopt;
    // A wall is brighter (or darker) than both of its sides; a partial-volume edge lies between them.
    const float wall = median(strip);
    const float toInside = wall - median(inside), toAround = wall - median(around);
    if (std::abs(toInside) <= o.regionSimilarity || std::abs(toAround) <= o.regionSimilarity ||
        (toInside > 0) != (toAround > 0))
        return std::nullopt;

    Problem ring = base;
    PixelModel model(f, o);
    for (int y = u.y0; y <= u.y1; ++y)
        for (int x = u.x0; x <= u.x1; ++x) {
            const std::size_t g = f.index(x, y);
            const bool wallPixel =
                onStrip(x, y) && !inAnswer(x, y) && std::abs(f.intensity[g] - wall) <= o.regionSimilarity;
            if (wallPixel) {
                model.add(true, f, g, 1.0);
                const std::size_t l = ring.local(x, y);
                if (!ring.fixed[l]) ring.fixed[l] = 1, ring.x[l] = 1.0f;
            } else if (inAnswer(x, y)) {
                model.add(false, f, g, 1.0);
            }
        }
    for (int y = outer.y0; y <= outer.y1; ++y)
        for (int x = outer.x0; x <= outer.x1; ++x)
            if (!u.contains(x, y)) model.add(false, f, f.index(x, y), 1.0);
    model.finish();
    for (int y = u.y0; y <= u.y1; ++y)
        for (int x = u.x0; x <= u.x1; ++x) ring.pf[ring.local(x, y)] = model.pf(f, f.index(x, y));
    for (std::size_t l = 0; l < ring.x.size(); ++l)
        if (!ring.fixed[l]) ring.x[l] = ring.pf[l];
    iterations += solveRandomWalker(f, ring, o);

    // Accept a wall around the answer: its bounding box holds the answer's, and it overlaps it little.
    Rect ringBox;
    std::size_t ringArea = 0, overlap = 0;
    for (int y = u.y0; y <= u.y1; ++y)
        for (int x = u.x0; x <= u.x1; ++x) {
            if (ring.x[ring.local(x, y)] <= 0.5f) continue;
            ringBox.include(x, y);
            ++ringArea;
            overlap += inAnswer(x, y);
        }
    const bool encloses = !ringBox.empty() && ringBox.x0 < answerBox.x0 && ringBox.y0 < answerBox.y0 &&
                          ringBox.x1 > answerBox.x1 && ringBox.y1 > answerBox.y1;
    if (!encloses || 10 * overlap > ringArea) return std::nullopt;
    return ring;
}

SegmentationResult ClassicalSegmenter::predict(const PromptSet& prompts, const PredictOptions& options) {
    using Algorithm = ClassicalSegmenterOptions::Algorithm;
    if (!impl_->current)
        throw SegmenterError("ClassicalSegmenter::predict: no image set (call setImage first)");
    const SliceFeatures& f = *impl_->current;
    const int w = f.width, h = f.height;
    if (prompts.empty()) throw SegmenterError("ClassicalSegmenter::predict: the prompt set is empty");

    // --- validate and rasterise prompts -------------------------------------------------------------------
    Rect box;
    if (prompts.box) {
        const BoxPrompt& b = *prompts.box;
        if (!std::isfinite(b.x0) || !std::isfinite(b.y0) || !std::isfinite(b.x1) || !std::isfinite(b.y1)) {
            throw SegmenterError("ClassicalSegmenter::predict: box has a non-finite coordinate");
        }
        if (b.x0 > b.x1 || b.y0 > b.y1) {
            throw SegmenterError("ClassicalSegmenter::predict: box (" + fmt(b.x0) + ", " + fmt(b.y0) + ")-(" +
                                 fmt(b.x1) + ", " + fmt(b.y1) + ") has x0 > x1 or y0 > y1");
        }
        const double bx0 = std::ceil(b.x0 - 0.5), by0 = std::ceil(b.y0 - 0.5);
        const double bx1 = std::floor(b.x1 + 0.5), by1 = std::floor(b.y1 + 0.5);
        if (bx1 < 0 || by1 < 0 || bx0 > w - 1 || by0 > h - 1) {
            throw SegmenterError("ClassicalSegmenter::predict: box (" + fmt(b.x0) + ", " + fmt(b.y0) + ")-(" +
                                 fmt(b.x1) + ", " + fmt(b.y1) + ") lies outside the " + std::to_string(w) +
                                 "x" + std::to_string(h) + " slice");
        }
        box = {static_cast<int>(std::max(0.0, bx0)), static_cast<int>(std::max(0.0, by0)),
               static_cast<int>(std::min<double>(w - 1, bx1)),
               static_cast<int>(std::min<double>(h - 1, by1))};
    }
    std::vector<Click> clicks;
    for (const auto& pt : prompts.points) {
        if (!std::isfinite(pt.x) || !std::isfinite(pt.y)) {
            throw SegmenterError("ClassicalSegmenter::predict: a point has a non-finite coordinate");
        }
        const double rx = std::round(pt.x), ry = std::round(pt.y);
        if (rx < 0 || ry < 0 || rx > w - 1 || ry > h - 1) {
            throw SegmenterError("ClassicalSegmenter::predict: point (" + fmt(pt.x) + ", " + fmt(pt.y) +
                                 ") lies outside the " + std::to_string(w) + "x" + std::to_string(h) +
                                 " slice");
        }
        clicks.push_back({static_cast<int>(rx), static_cast<int>(ry), pt.positive});
    }
    const core::Mask* prev = options.previousMask;
    if (prev && (prev->width() != w || prev->height() != h || !prev->is2D())) {
        throw SegmenterError("ClassicalSegmenter::predict: previous mask is " + prev->geometry().describe() +
                             " but the slice is " + f.geometry.describe());
    }
    bool anyPositive = false;
    for (const auto& c : clicks) anyPositive |= c.positive;

    SegmentationResult result;
    result.mask = core::Mask(f.geometry, 0);

    Rect u;
    Problem p;
    std::size_t n = 0;
    bool prevInRegion = false;
    // Without a box the object's size is unknown: start with a margin around the clicks and, while the object
    // reaches the region's border inside the image, double the margin and solve again (at most twice).
    double marginScale = 1.0;
    for (int attempt = 0;; ++attempt) {
        // --- work region U
        // ------------------------------------------------------------------------------------ With a box:
        // the box (grown to any positive click outside it: the person says the object goes there). Without:
        // the clicks and the previous mask, plus a margin; beyond U is background.
        const int seedRx = std::max(0, static_cast<int>(std::floor(options_.seedRadiusMm / f.sx)));
        const int seedRy = std::max(0, static_cast<int>(std::floor(options_.seedRadiusMm / f.sy)));
        prevInRegion = false;
        if (prompts.box) {
            u = box;
            for (const auto& c : clicks)
                if (c.positive) u.include(c.x, c.y);
        } else {
            Rect extent;
            for (const auto& c : clicks)
                if (c.positive) extent.include(c.x, c.y);
            if (prev)
                for (int y = 0; y < h; ++y)
                    for (int x = 0; x < w; ++x)
                        if (prev->at(x, y)) extent.include(x, y);
            if (extent.empty()) {
                // Only negative clicks and nothing before: there is nothing to segment.
                impl_->lastIterations = 0;
                result.score = 1.0;
                return result;
            }
            const int mx = std::max(static_cast<int>(std::ceil(marginScale * options_.pointMarginMm / f.sx)),
                                    extent.width() / 2);
            const int my = std::max(static_cast<int>(std::ceil(marginScale * options_.pointMarginMm / f.sy)),
                                    extent.height() / 2);
            u = extent.grown(mx, my, w, h);
        }

        p = Problem{};
        p.u = u;
        p.uw = u.width();
        p.uh = u.height();
        n = static_cast<std::size_t>(p.uw) * p.uh;
        p.fixed.assign(n, 0);
        p.x.assign(n, 0.0f);
        p.pf.assign(n, 0.5f);

        // Seeds: discs first (in order, later clicks win), then every clicked pixel itself, so each click's
        // own pixel ends up with its label even when a later click's disc covers it.
        auto forDisc = [&](const Click& c, int rx, int ry, const std::function<void(int, int)>& fn) {
            for (int dy = -ry; dy <= ry; ++dy)
                for (int dx = -rx; dx <= rx; ++dx) {
                    const double ex = rx ? static_cast<double>(dx) / (rx + 0.5) : 0.0;
                    const double ey = ry ? static_cast<double>(dy) / (ry + 0.5) : 0.0;
                    if (ex * ex + ey * ey > 1.0) continue;
                    const int x = c.x + dx, y = c.y + dy;
                    if (u.contains(x, y)) fn(x, y);
                }
        };
        // Version 2, region clicks: a click that contradicts the previous mask labels the homogeneous
        // region around it on its side of the mask (a negative click removes the wrongly included region, a
        // positive one adds the missed region). Earlier clicks first, so later ones win; the discs and the
        // clicked pixels below override.
        if (options_.regionClicks && prev) {
            const double ax = (std::min(f.sx, f.sy) / f.sx) * (std::min(f.sx, f.sy) / f.sx);
            const double ay = (std::min(f.sx, f.sy) / f.sy) * (std::min(f.sx, f.sy) / f.sy);
            std::vector<std::uint8_t> seen(n);
            std::vector<std::size_t> region, todo;
            // near[l] bit 1: within a positive click's seed disc, bit 2: a negative one's.
            std::vector<std::uint8_t> near(n, 0);
            for (const auto& c : clicks)
                for (int dy = -seedRy; dy <= seedRy; ++dy)
                    for (int dx = -seedRx; dx <= seedRx; ++dx)
                        if (u.contains(c.x + dx, c.y + dy))
                            near[p.local(c.x + dx, c.y + dy)] |= c.positive ? 1 : 2;
            for (const auto& c : clicks) {
                if (!u.contains(c.x, c.y)) continue;
                const std::uint8_t side = prev->at(c.x, c.y) ? 1 : 0;
                if ((side != 0) == c.positive) continue;  // the click agrees with the mask: nothing to fix
                const float ref = f.intensity[f.index(c.x, c.y)];
                std::fill(seen.begin(), seen.end(), 0);
                region.clear();
                todo.assign(1, p.local(c.x, c.y));
                seen[todo[0]] = 1;
                while (!todo.empty()) {
                    const std::size_t l = todo.back();
                    todo.pop_back();
                    region.push_back(l);
                    const int x = u.x0 + static_cast<int>(l % p.uw), y = u.y0 + static_cast<int>(l / p.uw);
                    auto visit = [&](int nx, int ny, double weight) {
                        if (!u.contains(nx, ny)) return;
                        const std::size_t m = p.local(nx, ny);
                        if (seen[m] || weight < options_.regionEdge) return;
                        if ((prev->at(nx, ny) ? 1 : 0) != side) return;
                        if (std::abs(f.intensity[f.index(nx, ny)] - ref) > options_.regionSimilarity) return;
                        seen[m] = 1;
                        todo.push_back(m);
                    };
                    if (x + 1 < w) visit(x + 1, y, f.wx[f.index(x, y)] / ax);
                    if (x > 0) visit(x - 1, y, f.wx[f.index(x - 1, y)] / ax);
                    if (y + 1 < h) visit(x, y + 1, f.wy[f.index(x, y)] / ay);
                    if (y > 0) visit(x, y - 1, f.wy[f.index(x, y - 1)] / ay);
                }
                // A region that reaches a click of the other sign is not a separate region: the object and
                // the mistake share one homogeneous area, so only the disc below applies.
                const std::uint8_t opposite = c.positive ? 2 : 1;
                if (std::any_of(region.begin(), region.end(),
                                [&](std::size_t l) { return near[l] & opposite; }))
                    continue;
                if (c.positive && static_cast<double>(region.size()) > options_.regionMaxFraction * n)
                    continue;  // a "region" filling most of the work region is the background leaking in
                // Version 3 (negativeHolesOnly): a negative region whose outline lies for the most part on
                // the previous mask's border (over a quarter of its outline pixels touch the outside) is a
                // band along the object's edge (a partial-volume rim), not a wrongly filled hole: only the
                // disc applies. A filled interior (a ring's, a skull's) is enclosed, or nearly, by the mask.
                if (!c.positive && options_.negativeHolesOnly) {
                    std::size_t out = 0, in = 0;
                    for (const std::size_t l : region) {
                        const int x = u.x0 + static_cast<int>(l % p.uw),
                                  y = u.y0 + static_cast<int>(l / p.uw);
                        bool touchesOut = false, touchesIn = false;
                        auto look = [&](int nx, int ny) {
                            if (nx < 0 || ny < 0 || nx >= w || ny >= h) return;
                            if (!prev->at(nx, ny))
                                touchesOut = true;
                            else if (!u.contains(nx, ny) || !seen[p.local(nx, ny)])
                                touchesIn = true;
                        };
                        look(x + 1, y), look(x - 1, y), look(x, y + 1), look(x, y - 1);
                        out += touchesOut, in += touchesIn;
                    }
                    if (4 * out > out + in) continue;
                }
                for (const std::size_t l : region) {
                    p.fixed[l] = 1;
                    p.x[l] = c.positive ? 1.0f : 0.0f;
                }
            }
        }
        // A disc pixel is only fixed when it looks like the clicked pixel, so a click next to an edge does
        // not plant seeds on the other side of it.
        for (const auto& c : clicks) {
            const float ref = f.intensity[f.index(c.x, c.y)];
            forDisc(c, seedRx, seedRy, [&](int x, int y) {
                if (std::abs(f.intensity[f.index(x, y)] - ref) > options_.seedSimilarity) return;
                p.fixed[p.local(x, y)] = 1;
                p.x[p.local(x, y)] = c.positive ? 1.0f : 0.0f;
            });
        }
        for (const auto& c : clicks)
            if (u.contains(c.x, c.y)) {
                p.fixed[p.local(c.x, c.y)] = 1;
                p.x[p.local(c.x, c.y)] = c.positive ? 1.0f : 0.0f;
            }

        // --- intensity models
        // ---------------------------------------------------------------------------------
        PixelModel region(f, options_), fromClicks(f, options_);
        if (prev)
            for (int y = u.y0; y <= u.y1 && !prevInRegion; ++y)
                for (int x = u.x0; x <= u.x1; ++x)
                    if (prev->at(x, y)) {
                        prevInRegion = true;
                        break;
                    }
        if (prevInRegion) {
            // The previous mask is the best guess of both classes inside U.
            for (int y = u.y0; y <= u.y1; ++y)
                for (int x = u.x0; x <= u.x1; ++x) region.add(prev->at(x, y) != 0, f, f.index(x, y), 1.0);
        } else if (prompts.box) {
            // A tight box: the object fills its centre more surely than its corners (tent weights).
            const double cx = 0.5 * (u.x0 + u.x1), cy = 0.5 * (u.y0 + u.y1);
            const double hx = 0.5 * u.width() + 0.5, hy = 0.5 * u.height() + 0.5;
            for (int y = u.y0; y <= u.y1; ++y)
                for (int x = u.x0; x <= u.x1; ++x) {
                    const double t = (1.0 - std::abs(x - cx) / hx) * (1.0 - std::abs(y - cy) / hy);
                    region.add(true, f, f.index(x, y), t * t);
                }
        }
        // Background: a band around U (what the box excludes, or the surroundings of the clicked object).
        const int band = std::max(3, std::max(u.width(), u.height()) / 6);
        const Rect outer = u.grown(band, band, w, h);
        for (int y = outer.y0; y <= outer.y1; ++y)
            for (int x = outer.x0; x <= outer.x1; ++x)
                if (!u.contains(x, y)) region.add(false, f, f.index(x, y), 1.0);
        for (const auto& c : clicks)
            forDisc(c, std::max(2, 2 * seedRx), std::max(2, 2 * seedRy),
                    [&](int x, int y) { fromClicks.add(c.positive, f, f.index(x, y), 1.0); });
        PixelModel model = PixelModel::mix(region, fromClicks);
        model.finish();
        const bool informative = model.hasFg() && model.hasBg();
        for (int y = u.y0; y <= u.y1; ++y)
            for (int x = u.x0; x <= u.x1; ++x)
                p.pf[p.local(x, y)] = informative ? model.pf(f, f.index(x, y)) : 0.5f;

        // --- prior from the previous mask, fading near clicks so each click acts locally
        // --------------------------
        if (prevInRegion) {
            p.prior.assign(n, 0.0f);
            p.priorWeight.assign(n, 0.0f);
            double radius = options_.priorRadiusMm;
            if (options_.objectScaledPrior) {
                // Version 2: on a small object an 8 mm fade erases the whole previous mask around a click;
                // the fade shrinks to a quarter of the object's equivalent diameter (mm) when that is
                // smaller.
                std::size_t area = 0;
                for (int y = u.y0; y <= u.y1; ++y)
                    for (int x = u.x0; x <= u.x1; ++x) area += prev->at(x, y) != 0;
                const double diameter = 2.0 * std::sqrt(static_cast<double>(area) * f.sx * f.sy / M_PI);
                radius = std::min(radius, 0.25 * diameter);
            }
            const double r2 = 2.0 * radius * radius;
            // Version 3: a small box (smallBoxPixels) keeps the previous mask with the small-box prior's
            // weight after clicks, as its box answer had: weak edges alone let one click undo a good box.
            const double baseWeight =
                options_.smallBoxStickyPrior && prompts.box && n <= options_.smallBoxPixels
                    ? options_.smallBoxPriorWeight
                    : options_.priorWeight;
            for (int y = u.y0; y <= u.y1; ++y)
                for (int x = u.x0; x <= u.x1; ++x) {
                    double d2 = std::numeric_limits<double>::infinity();
                    for (const auto& c : clicks) {
                        const double dx = (x - c.x) * f.sx, dy = (y - c.y) * f.sy;
                        d2 = std::min(d2, dx * dx + dy * dy);
                    }
                    const std::size_t l = p.local(x, y);
                    p.prior[l] = prev->at(x, y) ? 1.0f : 0.0f;
                    p.priorWeight[l] =
                        static_cast<float>(baseWeight * (r2 > 0 ? 1.0 - std::exp(-d2 / r2) : 1.0));
                }
        }

        // --- solve
        // -------------------------------------------------------------------------------------------- Box
        // only (no positive click, no previous mask): the object surely covers the box's centre where the
        // intensity model is confident; those pixels become object seeds so edges, not the noisy intensity
        // model alone, decide where the object ends.
        std::vector<std::uint8_t> centreSeeds(n, 0);
        if (prompts.box && !anyPositive && !prevInRegion) {
            const double cx = 0.5 * (u.x0 + u.x1), cy = 0.5 * (u.y0 + u.y1);
            bool any = false;
            for (int y = u.y0; y <= u.y1; ++y)
                for (int x = u.x0; x <= u.x1; ++x) {
                    const std::size_t l = p.local(x, y);
                    if (std::abs(x - cx) < u.width() * options_.boxCoreFraction * 0.5 &&
                        std::abs(y - cy) < u.height() * options_.boxCoreFraction * 0.5 && p.pf[l] > 0.7f &&
                        !p.fixed[l]) {
                        centreSeeds[l] = 1;
                        any = true;
                    }
                }
            if (!any) centreSeeds[p.local(static_cast<int>(cx), static_cast<int>(cy))] = 1;
        }

        if (options_.algorithm == Algorithm::RandomWalker) {
            const bool boxOnly = prompts.box && !anyPositive && !prevInRegion;
            // Version 2, hollow bone in CT: the problem before the centre seeds, for the rim-seeded answer.
            const bool ctBoxCheck = boxOnly && options_.hollowBoneBox && f.hounsfield;
            const Problem beforeCentre = ctBoxCheck ? p : Problem{};
            // Version 4: the problem before the centre seeds, for the wall around a hole-shaped answer.
            const Problem ringBase = boxOnly && options_.ringAroundAnswer ? p : Problem{};
            // A tight box touches its object on all four sides. In CT, when what touches the middle
            // thirds of the box's sides is bone (>= 226 HU) and the box's core is not, the target is a
            // bone wall around softer tissue (the skull around the brain): seed that rim instead of the
            // centre (intensity model: rim = object, core and outside band = background) and keep the
            // answer when it spans the box better than the centre-seeded one. Physical units make this
            // safe to ask; in MRI the same picture is also the brain's cortex around white matter.
            auto rimAnswer = [&](const Problem& base) -> std::optional<Problem> {
                constexpr float kBone =
                    0.5f + (226.0f - 150.0f) / (300.0f - 150.0f) * 0.25f;  // 226 HU mapped
                const double cx = 0.5 * (u.x0 + u.x1), cy = 0.5 * (u.y0 + u.y1);
                const SideStrips sides(f, u);
                auto onRim = [&](int x, int y) { return sides.contains(x, y); };
                auto inCore = [&](int x, int y) {
                    return std::abs(x - cx) < 0.25 * u.width() && std::abs(y - cy) < 0.25 * u.height();
                };
                std::size_t rimN = 0, rimBone = 0, coreN = 0, coreBone = 0;
                for (int y = u.y0; y <= u.y1; ++y)
                    for (int x = u.x0; x <= u.x1; ++x) {
                        const bool bone = f.intensity[f.index(x, y)] >= kBone;
                        if (onRim(x, y)) ++rimN, rimBone += bone;
                        if (inCore(x, y)) ++coreN, coreBone += bone;
                    }
                // Most of the rim's pixels within 2 mm of the sides are bone, hardly any of the core's.
                if (4 * rimBone >= rimN && 10 * coreBone < coreN) {
                    Problem alt = base;
                    PixelModel rim(f, options_);
                    for (int y = u.y0; y <= u.y1; ++y)
                        for (int x = u.x0; x <= u.x1; ++x) {
                            // Version 3 (fillGaps): only the rim's bone pixels are object samples; its
                            // partial-volume pixels would teach the model that the blurred edge is bone.
                            if (onRim(x, y) && (!options_.fillGaps || f.intensity[f.index(x, y)] >= kBone))
                                rim.add(true, f, f.index(x, y), 1.0);
                            if (inCore(x, y)) rim.add(false, f, f.index(x, y), 1.0);
                        }
                    for (int y = outer.y0; y <= outer.y1; ++y)
                        for (int x = outer.x0; x <= outer.x1; ++x)
                            if (!u.contains(x, y)) rim.add(false, f, f.index(x, y), 1.0);
                    rim.finish();
                    for (int y = u.y0; y <= u.y1; ++y)
                        for (int x = u.x0; x <= u.x1; ++x) {
                            const std::size_t l = alt.local(x, y);
                            alt.pf[l] = rim.pf(f, f.index(x, y));
                            if (onRim(x, y) && f.intensity[f.index(x, y)] >= kBone && !alt.fixed[l])
                                alt.fixed[l] = 1, alt.x[l] = 1.0f;
                        }
                    for (std::size_t l = 0; l < n; ++l)
                        if (!alt.fixed[l]) alt.x[l] = alt.pf[l];
                    impl_->lastIterations += solveRandomWalker(f, alt, options_);
                    return alt;
                }
                return std::nullopt;
            };
            // Version 3 (rimFirst): ask the rim question first; an answer that spans the box is kept without
            // the watershed prior and the centre-seeded solve (the CT box's latency).
            impl_->lastIterations = 0;
            std::optional<Problem> rimAlt;
            bool rimTaken = false;
            if (ctBoxCheck && options_.rimFirst) {
                rimAlt = rimAnswer(beforeCentre);
                if (rimAlt && boxFill(*rimAlt) >= 0.98) {
                    p = std::move(*rimAlt);
                    rimTaken = true;
                }
            }
            if (!rimTaken) {
                if (boxOnly && options_.watershedPriorWeight > 0) {
                    // Box only: the watershed cut from the core seeds is a good first guess of the object's
                    // extent (edge-driven, immune to the background's intensity drift); it enters as a soft
                    // prior.
                    Problem ws = p;
                    std::vector<std::int8_t> markers(n, -1);
                    for (std::size_t l = 0; l < n; ++l) {
                        if (p.fixed[l]) markers[l] = p.x[l] > 0.5f ? 1 : 0;
                        if (centreSeeds[l] && markers[l] < 0) markers[l] = 1;
                    }
                    solveWatershed(f, ws, markers);
                    p.prior = ws.x;
                    p.priorWeight.assign(n, static_cast<float>(options_.watershedPriorWeight));
                    if (n <= options_.smallBoxPixels) {
                        // Version 2, small targets: a tight box around a small structure is mostly object,
                        // and weak edges let the watershed stop short or leak; the inscribed ellipse is the
                        // prior instead, with the weight of a flat edge, so strong edges still move the
                        // boundary.
                        const double cx = 0.5 * (u.x0 + u.x1), cy = 0.5 * (u.y0 + u.y1);
                        const double ax = 0.5 * u.width(), ay = 0.5 * u.height();
                        for (int y = u.y0; y <= u.y1; ++y)
                            for (int x = u.x0; x <= u.x1; ++x) {
                                const double ex = (x - cx) / ax, ey = (y - cy) / ay;
                                p.prior[p.local(x, y)] = ex * ex + ey * ey <= 1.0 ? 1.0f : 0.0f;
                            }
                        p.priorWeight.assign(n, static_cast<float>(options_.smallBoxPriorWeight));
                    }
                }
                if (options_.boxCoreFraction > 0)
                    for (std::size_t l = 0; l < n; ++l)
                        if (centreSeeds[l] && !p.fixed[l]) p.fixed[l] = 1, p.x[l] = 1.0f;
                for (std::size_t l = 0; l < n; ++l)
                    if (!p.fixed[l]) p.x[l] = p.prior.empty() ? p.pf[l] : 0.5f * (p.prior[l] + p.pf[l]);
                impl_->lastIterations += solveRandomWalker(f, p, options_);
                if (ctBoxCheck) {
                    if (!options_.rimFirst) rimAlt = rimAnswer(beforeCentre);
                    if (rimAlt && boxFill(*rimAlt) > boxFill(p)) p = std::move(*rimAlt);
                }
                if (boxOnly && options_.ringAroundAnswer) {
                    if (auto ring = ringAroundAnswer(f, ringBase, p, outer, options_, impl_->lastIterations))
                        p = std::move(*ring);
                }
            }
            // GrabCut-style re-estimation: the first solution separates the box better than the tent or the
            // previous mask did, so learn the intensity models again from it (plus the band and clicks) and
            // re-solve, warm-started.
            for (int round = 0; round < options_.modelRounds; ++round) {
                PixelModel again(f, options_);
                for (int y = u.y0; y <= u.y1; ++y)
                    for (int x = u.x0; x <= u.x1; ++x)
                        again.add(p.x[p.local(x, y)] > 0.5f, f, f.index(x, y), 1.0);
                for (int y = outer.y0; y <= outer.y1; ++y)
                    for (int x = outer.x0; x <= outer.x1; ++x)
                        if (!u.contains(x, y)) again.add(false, f, f.index(x, y), 1.0);
                PixelModel m2 = PixelModel::mix(again, fromClicks);
                if (!m2.hasFg() || !m2.hasBg()) break;
                m2.finish();
                for (int y = u.y0; y <= u.y1; ++y)
                    for (int x = u.x0; x <= u.x1; ++x) p.pf[p.local(x, y)] = m2.pf(f, f.index(x, y));
                impl_->lastIterations += solveRandomWalker(f, p, options_);
            }
        } else {
            std::vector<std::int8_t> markers(n, -1);
            for (std::size_t l = 0; l < n; ++l)
                if (p.fixed[l]) markers[l] = p.x[l] > 0.5f ? 1 : 0;
            if (prevInRegion) {
                // Far from every click the previous labels stand.
                const double far2 = options_.priorRadiusMm * options_.priorRadiusMm;
                for (int y = u.y0; y <= u.y1; ++y)
                    for (int x = u.x0; x <= u.x1; ++x) {
                        const std::size_t l = p.local(x, y);
                        if (markers[l] >= 0) continue;
                        double d2 = std::numeric_limits<double>::infinity();
                        for (const auto& c : clicks) {
                            const double dx = (x - c.x) * f.sx, dy = (y - c.y) * f.sy;
                            d2 = std::min(d2, dx * dx + dy * dy);
                        }
                        if (d2 > 4.0 * far2) markers[l] = prev->at(x, y) ? 1 : 0;
                    }
            } else {
                for (std::size_t l = 0; l < n; ++l)
                    if (centreSeeds[l] && markers[l] < 0) markers[l] = 1;
            }
            solveWatershed(f, p, markers);
            impl_->lastIterations = 0;
        }

        if (prompts.box || attempt >= options_.maxRegionGrowth) break;
        bool touches = false;
        for (int y = 0; y < p.uh && !touches; ++y)
            for (int x = 0; x < p.uw; ++x) {
                const bool border = (x == 0 && u.x0 > 0) || (x + 1 == p.uw && u.x1 + 1 < w) ||
                                    (y == 0 && u.y0 > 0) || (y + 1 == p.uh && u.y1 + 1 < h);
                if (border && p.x[static_cast<std::size_t>(y) * p.uw + x] > 0.5f) {
                    touches = true;
                    break;
                }
            }
        if (!touches) break;
        marginScale *= 2.0;
    }

    // --- threshold, connectivity, post-conditions ---------------------------------------------------------
    std::vector<std::uint8_t> fg(n);
    std::size_t sure = 0, maybe = 0;
    for (std::size_t l = 0; l < n; ++l) {
        fg[l] = p.x[l] > 0.5f;
        sure += p.x[l] >= 0.7f;
        maybe += p.x[l] > 0.3f;
    }
    // Components (8-connected) survive when they hold a positive click, overlap the previous mask for the
    // most part (already accepted), or, with no positive click at all, when they are the largest one.
    std::vector<int> comp(n, -1);
    std::vector<std::size_t> compSize, compPrev;
    std::vector<std::uint8_t> keep;
    std::vector<std::size_t> stack;
    for (std::size_t s = 0; s < n; ++s) {
        if (!fg[s] || comp[s] >= 0) continue;
        const int id = static_cast<int>(compSize.size());
        compSize.push_back(0);
        compPrev.push_back(0);
        keep.push_back(0);
        stack.push_back(s);
        comp[s] = id;
        while (!stack.empty()) {
            const std::size_t l = stack.back();
            stack.pop_back();
            const int x = static_cast<int>(l % p.uw), y = static_cast<int>(l / p.uw);
            ++compSize[id];
            if (prevInRegion && prev->at(u.x0 + x, u.y0 + y)) ++compPrev[id];
            for (int dy = -1; dy <= 1; ++dy)
                for (int dx = -1; dx <= 1; ++dx) {
                    const int nx = x + dx, ny = y + dy;
                    if (nx < 0 || ny < 0 || nx >= p.uw || ny >= p.uh) continue;
                    const std::size_t m = static_cast<std::size_t>(ny) * p.uw + nx;
                    if (fg[m] && comp[m] < 0) {
                        comp[m] = id;
                        stack.push_back(m);
                    }
                }
        }
    }
    for (const auto& c : clicks)
        if (c.positive && u.contains(c.x, c.y) && comp[p.local(c.x, c.y)] >= 0)
            keep[comp[p.local(c.x, c.y)]] = 1;
    for (std::size_t id = 0; id < compSize.size(); ++id)
        if (2 * compPrev[id] > compSize[id]) keep[id] = 1;
    if (!anyPositive && !compSize.empty()) {
        keep[std::max_element(compSize.begin(), compSize.end()) - compSize.begin()] = 1;
    }
    for (int y = u.y0; y <= u.y1; ++y)
        for (int x = u.x0; x <= u.x1; ++x) {
            const int id = comp[p.local(x, y)];
            result.mask.at(x, y) = id >= 0 && keep[id] ? 1 : 0;
        }
    // Post-condition, whatever the solver did: the latest label of every clicked pixel holds.
    for (const auto& c : clicks) result.mask.at(c.x, c.y) = c.positive ? 1 : 0;

    // Score: stability IoU, |x >= 0.7| / |x > 0.3| (as SAM's stability score): a boundary on a clear edge
    // moves little between these thresholds; one drawn through flat or ambiguous tissue moves a lot.
    if (options_.algorithm == Algorithm::RandomWalker) {
        result.score = maybe ? static_cast<double>(sure) / static_cast<double>(maybe) : 1.0;
    } else {
        // Watershed has no probabilities: mean edge contrast (1 - w/wmax) across the mask boundary.
        double acc = 0;
        std::size_t cnt = 0;
        const double hmin = std::min(f.sx, f.sy);
        const double maxX = (hmin / f.sx) * (hmin / f.sx), maxY = (hmin / f.sy) * (hmin / f.sy);
        for (int y = u.y0; y <= u.y1; ++y)
            for (int x = u.x0; x <= u.x1; ++x) {
                const std::size_t g = f.index(x, y);
                if (x + 1 < w && result.mask.at(x, y) != result.mask.at(x + 1, y)) {
                    acc += std::clamp(1.0 - f.wx[g] / maxX, 0.0, 1.0);
                    ++cnt;
                }
                if (y + 1 < h && result.mask.at(x, y) != result.mask.at(x, y + 1)) {
                    acc += std::clamp(1.0 - f.wy[g] / maxY, 0.0, 1.0);
                    ++cnt;
                }
            }
        result.score = cnt ? acc / static_cast<double>(cnt) : 1.0;
    }
    return result;
}

}  // namespace medsam::agent
