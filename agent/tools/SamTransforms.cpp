#include "agent/tools/SamTransforms.h"

#include <algorithm>
#include <cmath>
#include <limits>
#include <optional>
#include <stdexcept>
#include <tuple>
#include <utility>

#include "core/metrics/Percentile.h"

namespace medsam::agent::sam {

InputFrame planInputFrame(int sliceWidth, int sliceHeight, int inputSize, ResizeMode resize) {
    if (sliceWidth <= 0 || sliceHeight <= 0 || inputSize <= 0) {
        throw std::invalid_argument("planInputFrame: sizes must be positive");
    }
    InputFrame f{sliceWidth, sliceHeight, inputSize, inputSize, inputSize, resize};
    if (resize == ResizeMode::LongestSidePad) {
        // SAM's ResizeLongestSide.get_preprocess_shape: scale the longest side to S, round half up.
        const double scale = static_cast<double>(inputSize) / std::max(sliceWidth, sliceHeight);
        f.newWidth = std::clamp(static_cast<int>(sliceWidth * scale + 0.5), 1, inputSize);
        f.newHeight = std::clamp(static_cast<int>(sliceHeight * scale + 0.5), 1, inputSize);
    }
    return f;
}

std::array<double, 2> sliceToModel(const InputFrame& frame, double x, double y) {
    const double sx = static_cast<double>(frame.newWidth) / frame.sliceWidth;
    const double sy = static_cast<double>(frame.newHeight) / frame.sliceHeight;
    return {(x + 0.5) * sx - 0.5, (y + 0.5) * sy - 0.5};
}

LinearOp1D bilinearOp(int inSize, int outSize, bool antialias) {
    LinearOp1D op;
    op.inSize = inSize;
    op.outSize = outSize;
    op.first.resize(static_cast<std::size_t>(outSize));
    op.weights.resize(static_cast<std::size_t>(outSize));
    const double scale = static_cast<double>(inSize) / outSize;
    const double support = (antialias && scale > 1.0) ? scale : 1.0;
    for (int o = 0; o < outSize; ++o) {
        // Continuous source position of the output pixel centre, in "pixel edges" units.
        const double centre = (o + 0.5) * scale;
        const int lo = std::max(0, static_cast<int>(std::floor(centre - support)));
        const int hi = std::min(inSize - 1, static_cast<int>(std::ceil(centre + support)));
        std::vector<double> w;
        double sum = 0;
        for (int i = lo; i <= hi; ++i) {
            const double t = std::abs((i + 0.5 - centre) / support);
            const double v = t < 1.0 ? 1.0 - t : 0.0;
            w.push_back(v);
            sum += v;
        }
        // Trim zero taps at both ends so the loops stay short.
        std::size_t b = 0, e = w.size();
        while (b < e && w[b] == 0.0) ++b;
        while (e > b && w[e - 1] == 0.0) --e;
        op.first[static_cast<std::size_t>(o)] = lo + static_cast<int>(b);
        auto& ow = op.weights[static_cast<std::size_t>(o)];
        for (std::size_t t = b; t < e; ++t) ow.push_back(static_cast<float>(w[t] / sum));
        if (ow.empty()) {  // cannot happen for positive sizes, but never leave an output undefined
            op.first[static_cast<std::size_t>(o)] = std::clamp(static_cast<int>(centre), 0, inSize - 1);
            ow.push_back(1.0f);
        }
    }
    return op;
}

LinearOp1D cropOp(int inSize, int count) {
    if (count > inSize) throw std::invalid_argument("cropOp: cannot keep more samples than there are");
    LinearOp1D op;
    op.inSize = inSize;
    op.outSize = count;
    for (int o = 0; o < count; ++o) {
        op.first.push_back(o);
        op.weights.push_back({1.0f});
    }
    return op;
}

LinearOp1D composeOps(const LinearOp1D& first, const LinearOp1D& second) {
    if (second.inSize != first.outSize) throw std::invalid_argument("composeOps: sizes do not chain");
    LinearOp1D op;
    op.inSize = first.inSize;
    op.outSize = second.outSize;
    for (int o = 0; o < second.outSize; ++o) {
        const auto so = static_cast<std::size_t>(o);
        int lo = first.inSize, hi = -1;
        for (std::size_t t = 0; t < second.weights[so].size(); ++t) {
            const auto m = static_cast<std::size_t>(second.first[so]) + t;
            lo = std::min(lo, first.first[m]);
            hi = std::max(hi, first.first[m] + static_cast<int>(first.weights[m].size()) - 1);
        }
        std::vector<double> acc(static_cast<std::size_t>(hi - lo + 1), 0.0);
        for (std::size_t t = 0; t < second.weights[so].size(); ++t) {
            const auto m = static_cast<std::size_t>(second.first[so]) + t;
            for (std::size_t u = 0; u < first.weights[m].size(); ++u) {
                acc[static_cast<std::size_t>(first.first[m] - lo) + u] +=
                    static_cast<double>(second.weights[so][t]) * first.weights[m][u];
            }
        }
        op.first.push_back(lo);
        std::vector<float> w(acc.begin(), acc.end());
        op.weights.push_back(std::move(w));
    }
    return op;
}

namespace {

// An operator with the same number of taps for every output (zero-padded), so the horizontal inner loop
// has no per-output indirection; two taps (any upsampling) get their own unrolled loop.
struct FlatTaps {
    std::size_t taps = 0;
    std::vector<int> first;
    std::vector<float> w;
};

FlatTaps flatten(const LinearOp1D& op) {
    FlatTaps f;
    for (const auto& w : op.weights) f.taps = std::max(f.taps, w.size());
    f.first.resize(static_cast<std::size_t>(op.outSize));
    f.w.assign(static_cast<std::size_t>(op.outSize) * f.taps, 0.0f);
    for (std::size_t o = 0; o < f.first.size(); ++o) {
        int first = op.first[o];
        const int overflow = first + static_cast<int>(f.taps) - op.inSize;
        const int shift = std::max(0, overflow);  // keep the window inside the input near the right edge
        first -= shift;
        f.first[o] = first;
        for (std::size_t t = 0; t < op.weights[o].size(); ++t) {
            f.w[o * f.taps + static_cast<std::size_t>(shift) + t] = op.weights[o][t];
        }
    }
    return f;
}

void applyRow(const float* src, const FlatTaps& f, float* dst) {
    const std::size_t n = f.first.size();
    if (f.taps == 2) {
        for (std::size_t o = 0; o < n; ++o) {
            const float* sp = src + f.first[o];
            dst[o] = f.w[2 * o] * sp[0] + f.w[2 * o + 1] * sp[1];
        }
        return;
    }
    for (std::size_t o = 0; o < n; ++o) {
        const float* sp = src + f.first[o];
        const float* w = f.w.data() + o * f.taps;
        float v = 0;
        for (std::size_t t = 0; t < f.taps; ++t) v += w[t] * sp[t];
        dst[o] = v;
    }
}

}  // namespace

void resample2D(const float* in, const LinearOp1D& opX, const LinearOp1D& opY, float* out) {
    const int inW = opX.inSize, outW = opX.outSize, outH = opY.outSize;
    // Only the input rows that some output row reads are resampled along x.
    int rowLo = opY.inSize, rowHi = -1;
    for (int o = 0; o < outH; ++o) {
        const auto so = static_cast<std::size_t>(o);
        rowLo = std::min(rowLo, opY.first[so]);
        rowHi = std::max(rowHi, opY.first[so] + static_cast<int>(opY.weights[so].size()) - 1);
    }
    if (rowHi < rowLo) return;
    std::vector<float> tmp(static_cast<std::size_t>(rowHi - rowLo + 1) * static_cast<std::size_t>(outW));
    const FlatTaps fx = flatten(opX);
    for (int r = rowLo; r <= rowHi; ++r) {
        applyRow(in + static_cast<std::size_t>(r) * static_cast<std::size_t>(inW), fx,
                 tmp.data() + static_cast<std::size_t>(r - rowLo) * static_cast<std::size_t>(outW));
    }
    for (int o = 0; o < outH; ++o) {
        const auto so = static_cast<std::size_t>(o);
        float* dst = out + so * static_cast<std::size_t>(outW);
        const auto& w = opY.weights[so];
        const float* base =
            tmp.data() + static_cast<std::size_t>(opY.first[so] - rowLo) * static_cast<std::size_t>(outW);
        std::fill(dst, dst + outW, 0.0f);
        for (std::size_t t = 0; t < w.size(); ++t) {
            const float wt = w[t];
            const float* s = base + t * static_cast<std::size_t>(outW);
            for (int x = 0; x < outW; ++x) dst[x] += wt * s[x];
        }
    }
}

std::optional<std::pair<double, double>> intensityRange(const core::Image<float>& slice,
                                                        const IntensitySpec& spec) {
    switch (spec.mode) {
        case IntensitySpec::Mode::None:
            return std::make_pair(0.0, 255.0);
        case IntensitySpec::Mode::Window:
            return std::make_pair(spec.windowCenter - spec.windowWidth / 2,
                                  spec.windowCenter + spec.windowWidth / 2);
        case IntensitySpec::Mode::MinMax:
        case IntensitySpec::Mode::Percentile:
            break;
    }
    // numpy.percentile's convention (core/metrics/Percentile.h); min/max are its 0th and 100th percentiles.
    const bool minMax = spec.mode == IntensitySpec::Mode::MinMax;
    const auto range = core::percentiles(
        slice.voxels(), {minMax ? 0.0 : spec.lowerPercentile, minMax ? 100.0 : spec.upperPercentile});
    if (!range) return std::nullopt;
    return std::make_pair((*range)[0], (*range)[1]);
}

std::vector<float> toUnitRange255(const core::Image<float>& slice, const IntensitySpec& spec) {
    const auto& v = slice.voxels();
    std::vector<float> out(v.size(), 0.0f);
    const auto range = intensityRange(slice, spec);
    if (!range) return out;  // no finite pixel
    const auto [lo, hi] = *range;
    // A constant slice maps to 0 (MedSAM divides by max(range, 1e-8)).
    const double gain = hi - lo > 1e-8 ? 255.0 / (hi - lo) : 0.0;
    const auto flo = static_cast<float>(lo), fhi = static_cast<float>(hi);
    const auto fgain = static_cast<float>(gain);
    for (std::size_t i = 0; i < v.size(); ++i) {
        if (!std::isfinite(v[i])) continue;
        out[i] = (std::clamp(v[i], flo, fhi) - flo) * fgain;
    }
    return out;
}

namespace {

// One 0..255 plane of the slice resized into the model frame and written, normalised, into channels
// [firstChannel, lastChannel] of the [3, S, S] input, padding included: along x once, then, row by row,
// along y straight into the channel planes (no full-size intermediate).
void resizePlaneInto(const float* plane, const SamModelSpec& spec, const InputFrame& frame, float* out,
                     std::size_t firstChannel, std::size_t lastChannel) {
    const auto S = static_cast<std::size_t>(frame.inputSize);
    const auto newW = static_cast<std::size_t>(frame.newWidth);
    const LinearOp1D opX = bilinearOp(frame.sliceWidth, frame.newWidth, true);
    const LinearOp1D opY = bilinearOp(frame.sliceHeight, frame.newHeight, true);
    std::vector<float> rows(static_cast<std::size_t>(frame.sliceHeight) * newW);
    const FlatTaps fx = flatten(opX);
    for (int r = 0; r < frame.sliceHeight; ++r) {
        applyRow(plane + static_cast<std::size_t>(r) * static_cast<std::size_t>(frame.sliceWidth), fx,
                 rows.data() + static_cast<std::size_t>(r) * newW);
    }
    float mean[3], inv[3];
    for (std::size_t c = 0; c < 3; ++c) {
        mean[c] = static_cast<float>(spec.pixelMean[c]);
        inv[c] = static_cast<float>(1.0 / spec.pixelStd[c]);
    }
    std::vector<float> line(newW);
    for (int y = 0; y < frame.newHeight; ++y) {
        const auto sy = static_cast<std::size_t>(y);
        std::fill(line.begin(), line.end(), 0.0f);
        const auto& w = opY.weights[sy];
        for (std::size_t t = 0; t < w.size(); ++t) {
            const float wt = w[t];
            const float* s = rows.data() + (static_cast<std::size_t>(opY.first[sy]) + t) * newW;
            for (std::size_t x = 0; x < newW; ++x) line[x] += wt * s[x];
        }
        for (std::size_t c = firstChannel; c <= lastChannel; ++c) {
            float* dst = out + c * S * S + sy * S;
            for (std::size_t x = 0; x < newW; ++x) dst[x] = (line[x] - mean[c]) * inv[c];
            std::fill(dst + newW, dst + S,
                      0.0f);  // right padding (zeros after normalising, as Sam.preprocess)
        }
    }
    for (std::size_t c = firstChannel; c <= lastChannel; ++c) {
        std::fill(out + c * S * S + static_cast<std::size_t>(frame.newHeight) * S, out + (c + 1) * S * S,
                  0.0f);
    }
}

}  // namespace

void preprocess(const core::Image<float>& slice, const SamModelSpec& spec, const InputFrame& frame,
                float* out) {
    // One grey plane resized once, written into the three planes: they differ only by mean/std.
    const std::vector<float> unit = toUnitRange255(slice, spec.intensity);
    resizePlaneInto(unit.data(), spec, frame, out, 0, 2);
}

void preprocessRgb(const std::vector<std::uint8_t>& rgb, const SamModelSpec& spec, const InputFrame& frame,
                   float* out) {
    const std::size_t pixels =
        static_cast<std::size_t>(frame.sliceWidth) * static_cast<std::size_t>(frame.sliceHeight);
    if (rgb.size() != 3 * pixels)
        throw std::invalid_argument("SAM preprocessRgb: " + std::to_string(rgb.size()) + " bytes for a " +
                                    std::to_string(frame.sliceWidth) + "x" +
                                    std::to_string(frame.sliceHeight) + " slice");
    std::vector<float> plane(pixels);
    for (std::size_t c = 0; c < 3; ++c) {
        for (std::size_t n = 0; n < pixels; ++n) plane[n] = rgb[3 * n + c];
        resizePlaneInto(plane.data(), spec, frame, out, c, c);
    }
}

std::vector<float> preprocess(const core::Image<float>& slice, const SamModelSpec& spec,
                              const InputFrame& frame) {
    std::vector<float> out(3 * static_cast<std::size_t>(frame.inputSize) *
                           static_cast<std::size_t>(frame.inputSize));
    preprocess(slice, spec, frame, out.data());
    return out;
}

LogitsToSlice planLogitsToSlice(const InputFrame& frame, int maskSize) {
    if (frame.resize == ResizeMode::Stretch) {
        return {bilinearOp(maskSize, frame.sliceWidth, false),
                bilinearOp(maskSize, frame.sliceHeight, false)};
    }
    const int S = frame.inputSize;
    const auto up = bilinearOp(maskSize, S, false);
    return {composeOps(composeOps(up, cropOp(S, frame.newWidth)),
                       bilinearOp(frame.newWidth, frame.sliceWidth, false)),
            composeOps(composeOps(up, cropOp(S, frame.newHeight)),
                       bilinearOp(frame.newHeight, frame.sliceHeight, false))};
}

core::Mask logitsToMask(const float* logits, const LogitsToSlice& plan,
                        const core::ImageGeometry& sliceGeometry, double threshold) {
    std::vector<float> up(static_cast<std::size_t>(plan.x.outSize) *
                          static_cast<std::size_t>(plan.y.outSize));
    resample2D(logits, plan.x, plan.y, up.data());
    core::Mask mask(sliceGeometry);
    auto& m = mask.voxels();
    const auto t = static_cast<float>(threshold);
    for (std::size_t i = 0; i < up.size(); ++i) m[i] = up[i] > t ? 1 : 0;
    return mask;
}

}  // namespace medsam::agent::sam
