#include "agent/tools/SamTransforms.h"

#include <algorithm>
#include <cmath>
#include <stdexcept>

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
    for (int r = rowLo; r <= rowHi; ++r) {
        const float* src = in + static_cast<std::size_t>(r) * static_cast<std::size_t>(inW);
        float* dst = tmp.data() + static_cast<std::size_t>(r - rowLo) * static_cast<std::size_t>(outW);
        for (int o = 0; o < outW; ++o) {
            const auto so = static_cast<std::size_t>(o);
            const float* s = src + opX.first[so];
            const auto& w = opX.weights[so];
            float v = 0;
            for (std::size_t t = 0; t < w.size(); ++t) v += w[t] * s[t];
            dst[o] = v;
        }
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

namespace {

// Linear-interpolated percentile (numpy's default) of the finite values; `values` is reordered.
double percentile(std::vector<float>& values, double p) {
    const double pos = p / 100.0 * static_cast<double>(values.size() - 1);
    const auto lo = static_cast<std::size_t>(std::floor(pos));
    const double frac = pos - static_cast<double>(lo);
    std::nth_element(values.begin(), values.begin() + static_cast<std::ptrdiff_t>(lo), values.end());
    const double a = values[lo];
    if (frac == 0.0 || lo + 1 >= values.size()) return a;
    // The next order statistic is the minimum of the upper part.
    const double b = *std::min_element(values.begin() + static_cast<std::ptrdiff_t>(lo) + 1, values.end());
    return a + frac * (b - a);
}

}  // namespace

std::vector<float> toUnitRange255(const core::Image<float>& slice, const IntensitySpec& spec) {
    const auto& v = slice.voxels();
    std::vector<float> out(v.size(), 0.0f);
    double lo = 0, hi = 255;
    if (spec.mode != IntensitySpec::Mode::None && spec.mode != IntensitySpec::Mode::Window) {
        std::vector<float> finite;
        finite.reserve(v.size());
        for (const float x : v)
            if (std::isfinite(x)) finite.push_back(x);
        if (finite.empty()) return out;
        if (spec.mode == IntensitySpec::Mode::MinMax) {
            const auto [mn, mx] = std::minmax_element(finite.begin(), finite.end());
            lo = *mn;
            hi = *mx;
        } else {
            lo = percentile(finite, spec.lowerPercentile);
            hi = percentile(finite, spec.upperPercentile);
        }
    } else if (spec.mode == IntensitySpec::Mode::Window) {
        lo = spec.windowCenter - spec.windowWidth / 2;
        hi = spec.windowCenter + spec.windowWidth / 2;
    }
    if (spec.mode == IntensitySpec::Mode::None) {
        for (std::size_t i = 0; i < v.size(); ++i)
            out[i] = std::isfinite(v[i]) ? std::clamp(v[i], 0.0f, 255.0f) : 0.0f;
        return out;
    }
    // A constant slice maps to 0 (MedSAM divides by max(range, 1e-8)).
    const double range = hi - lo;
    const double gain = range > 1e-8 ? 255.0 / range : 0.0;
    for (std::size_t i = 0; i < v.size(); ++i) {
        if (!std::isfinite(v[i])) continue;
        const double c = std::clamp(static_cast<double>(v[i]), lo, hi);
        out[i] = static_cast<float>((c - lo) * gain);
    }
    return out;
}

std::vector<float> preprocess(const core::Image<float>& slice, const SamModelSpec& spec,
                              const InputFrame& frame) {
    const std::vector<float> unit = toUnitRange255(slice, spec.intensity);
    // One grey channel is resized once; the three RGB channels differ only by mean/std.
    std::vector<float> resized(static_cast<std::size_t>(frame.newWidth) *
                               static_cast<std::size_t>(frame.newHeight));
    resample2D(unit.data(), bilinearOp(frame.sliceWidth, frame.newWidth, true),
               bilinearOp(frame.sliceHeight, frame.newHeight, true), resized.data());
    const auto S = static_cast<std::size_t>(frame.inputSize);
    std::vector<float> out(3 * S * S, 0.0f);  // zero padding, as Sam.preprocess pads after normalising
    for (std::size_t c = 0; c < 3; ++c) {
        const auto mean = static_cast<float>(spec.pixelMean[c]);
        const auto inv = static_cast<float>(1.0 / spec.pixelStd[c]);
        for (int y = 0; y < frame.newHeight; ++y) {
            const float* src =
                resized.data() + static_cast<std::size_t>(y) * static_cast<std::size_t>(frame.newWidth);
            float* dst = out.data() + c * S * S + static_cast<std::size_t>(y) * S;
            for (int x = 0; x < frame.newWidth; ++x) dst[x] = (src[x] - mean) * inv;
        }
    }
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
