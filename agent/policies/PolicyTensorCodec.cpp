#include "agent/policies/PolicyTensorCodec.h"

#include <algorithm>
#include <cmath>
#include <nlohmann/json.hpp>

#include "core/metrics/Percentile.h"

namespace medsam::agent {

namespace {

using nlohmann::json;

const std::vector<std::string> kChannelNames = {"slice", "mask", "positive_clicks", "negative_clicks", "box"};
const std::vector<std::string> kChannelNamesV2 = {"slice",           "mask", "positive_clicks",
                                                  "negative_clicks", "box",  "turn"};
const std::vector<std::string> kActionNames = {"box", "positive_point", "negative_point", "stop"};

[[noreturn]] void fail(const std::string& what) {
    throw PolicyError(PolicyError::Kind::Backend, what);
}

void stamp(float* plane, const PolicySpec& spec, int cu, int cv) {
    const int r = spec.clickRadius;
    for (int v = std::max(0, cv - r); v <= std::min(spec.height - 1, cv + r); ++v)
        for (int u = std::max(0, cu - r); u <= std::min(spec.width - 1, cu + r); ++u)
            if ((u - cu) * (u - cu) + (v - cv) * (v - cv) <= r * r)
                plane[static_cast<std::size_t>(v) * spec.width + u] = 1.0f;
}

const core::Image<float>& checkedSlice(const Observation& observation) {
    const core::Image<float>* slice = observation.slice;
    if (!slice || slice->voxels().empty() || !slice->is2D())
        fail("TorchPolicy: the observation has no 2D slice");
    return *slice;
}

// Slice x of the centre of model cell u along one axis of the frame.
double cellCentre(double origin, double extent, int cells, int u) {
    return origin + (u + 0.5) * extent / cells;
}

// The model cell holding slice position x along one axis; may lie outside [0, cells).
int cellOf(double origin, double extent, int cells, double x) {
    return static_cast<int>(std::floor((x - origin) * cells / extent));
}

// The slice's window: percentiles of the values whose pixel centres lie in the frame (v2) or of the whole
// slice (v1), numpy.percentile's convention (core/metrics/Percentile.h), as a Python trainer normalises.
std::pair<float, float> intensityWindow(const core::Image<float>& slice, const PolicySpec& spec,
                                        const ModelFrame& frame) {
    const int sw = slice.width(), sh = slice.height();
    std::vector<float> framed;
    const std::vector<float>* values = &slice.voxels();
    if (spec.version >= 2) {
        const int xa = std::max(0, static_cast<int>(std::ceil(frame.x0)));
        const int xb = std::min(sw - 1, static_cast<int>(std::floor(frame.x0 + frame.width)));
        const int ya = std::max(0, static_cast<int>(std::ceil(frame.y0)));
        const int yb = std::min(sh - 1, static_cast<int>(std::floor(frame.y0 + frame.height)));
        for (int y = ya; y <= yb; ++y)
            for (int x = xa; x <= xb; ++x)
                framed.push_back(slice.voxels()[static_cast<std::size_t>(y) * sw + x]);
        values = &framed;
    }
    const auto range = core::percentiles(*values, {spec.lowPercentile, spec.highPercentile});
    if (!range) return {0.0f, 0.0f};
    return {static_cast<float>((*range)[0]), static_cast<float>((*range)[1])};
}

}  // namespace

PolicySpec PolicySpec::fromJson(const std::string& text, const std::string& origin) {
    const json j = json::parse(text, nullptr, false);
    if (j.is_discarded() || !j.is_object()) fail("policy sidecar '" + origin + "' is not a JSON object");
    if (j.value("format", "") != "medsam-policy")
        fail("policy sidecar '" + origin + "' must have \"format\": \"medsam-policy\"");
    PolicySpec spec;
    try {
        spec.version =
            j.contains("version") && j.at("version").is_number_integer() ? j.at("version").get<int>() : 0;
        if (spec.version != 1 && spec.version != 2)
            fail("policy sidecar '" + origin +
                 "' has an unsupported version (this build reads versions 1 and 2)");
        if (j.contains("input_size")) {
            const auto& size = j.at("input_size");
            if (!size.is_array() || size.size() != 2)
                fail("policy sidecar '" + origin + "': input_size must be [H, W]");
            spec.height = size[0].get<int>();
            spec.width = size[1].get<int>();
        }
        const auto& channels = spec.version >= 2 ? kChannelNamesV2 : kChannelNames;
        if (j.contains("channels") && j.at("channels").get<std::vector<std::string>>() != channels)
            fail("policy sidecar '" + origin + "': channels must be " + json(channels).dump());
        if (j.contains("actions") && j.at("actions").get<std::vector<std::string>>() != kActionNames)
            fail("policy sidecar '" + origin + "': actions must be " + json(kActionNames).dump());
        if (j.contains("normalisation")) {
            const auto& n = j.at("normalisation");
            spec.lowPercentile = n.value("low_percentile", spec.lowPercentile);
            spec.highPercentile = n.value("high_percentile", spec.highPercentile);
        }
        spec.clickRadius = j.value("click_radius", spec.clickRadius);
        if (spec.version >= 2 && j.contains("crop")) {
            const auto& c = j.at("crop");
            spec.cropMargin = c.value("margin", spec.cropMargin);
            spec.cropMinSize = c.value("min_size", spec.cropMinSize);
        }
        if (spec.version >= 2) spec.turnScale = j.value("turn_scale", spec.turnScale);
    } catch (const json::exception& e) {
        fail("policy sidecar '" + origin + "' has a field of the wrong type: " + e.what());
    }
    if (spec.height < 8 || spec.width < 8 || spec.height > 4096 || spec.width > 4096)
        fail("policy sidecar '" + origin + "': input_size must be within 8..4096");
    if (!(spec.lowPercentile >= 0 && spec.lowPercentile < spec.highPercentile && spec.highPercentile <= 100))
        fail("policy sidecar '" + origin + "': need 0 <= low_percentile < high_percentile <= 100");
    if (spec.clickRadius < 0 || spec.clickRadius > 64)
        fail("policy sidecar '" + origin + "': click_radius must be within 0..64");
    if (!(spec.cropMargin >= 0 && spec.cropMargin <= 10))
        fail("policy sidecar '" + origin + "': crop.margin must be within 0..10");
    if (spec.cropMinSize < 1 || spec.cropMinSize > 65536)
        fail("policy sidecar '" + origin + "': crop.min_size must be within 1..65536");
    if (spec.turnScale < 1 || spec.turnScale > 1000)
        fail("policy sidecar '" + origin + "': turn_scale must be within 1..1000");
    return spec;
}

std::string PolicySpec::toJson() const {
    json j{{"format", "medsam-policy"},
           {"version", version},
           {"input_size", {height, width}},
           {"channels", version >= 2 ? kChannelNamesV2 : kChannelNames},
           {"actions", kActionNames},
           {"normalisation", {{"low_percentile", lowPercentile}, {"high_percentile", highPercentile}}},
           {"click_radius", clickRadius}};
    if (version >= 2) {
        j["crop"] = {{"margin", cropMargin}, {"min_size", cropMinSize}};
        j["turn_scale"] = turnScale;
        j["heatmap"] = {"positive_point", "negative_point"};
    }
    return j.dump(2);
}

double modelToSlice(double u, int modelSize, int sliceSize) {
    return (u + 0.5) * sliceSize / modelSize - 0.5;
}

int sliceToModelCell(double x, int sliceSize, int modelSize) {
    const double u = std::floor((x + 0.5) * modelSize / sliceSize);
    return static_cast<int>(std::clamp(u, 0.0, static_cast<double>(modelSize - 1)));
}

ModelFrame modelFrame(const Observation& observation, const PolicySpec& spec) {
    const core::Image<float>& slice = checkedSlice(observation);
    const int sw = slice.width(), sh = slice.height();
    const ModelFrame whole{-0.5, -0.5, static_cast<double>(sw), static_cast<double>(sh)};
    if (spec.version < 2) return whole;

    // The bounding rectangle (pixel centres) of the newest box, the mask and the clicks.
    double xa = INFINITY, ya = INFINITY, xb = -INFINITY, yb = -INFINITY;
    const auto include = [&](double x, double y) {
        xa = std::min(xa, x), ya = std::min(ya, y), xb = std::max(xb, x), yb = std::max(yb, y);
    };
    const core::Action* lastBox = nullptr;
    for (const core::Action& a : observation.history) {
        if (a.kind == core::ActionKind::Box) lastBox = &a;
        if (a.isPoint()) include(a.x0, a.y0);
    }
    if (lastBox) include(lastBox->x0, lastBox->y0), include(lastBox->x1, lastBox->y1);
    if (observation.mask && observation.mask->width() == sw && observation.mask->height() == sh) {
        const auto& m = observation.mask->voxels();
        for (int y = 0; y < sh; ++y)
            for (int x = 0; x < sw; ++x)
                if (m[static_cast<std::size_t>(y) * sw + x]) include(x, y);
    }
    if (!(xb >= xa)) return whole;
    const double extent = std::max(xb - xa, yb - ya) + 1.0;
    const double side =
        std::max(static_cast<double>(spec.cropMinSize), extent * (1.0 + 2.0 * spec.cropMargin));
    return {(xa + xb) / 2.0 - side / 2.0, (ya + yb) / 2.0 - side / 2.0, side, side};
}

core::Action cellToSlicePoint(const ModelFrame& frame, const PolicySpec& spec, int u, int v, bool positive,
                              int sliceWidth, int sliceHeight) {
    const double x = std::clamp(cellCentre(frame.x0, frame.width, spec.width, u), 0.0, sliceWidth - 1.0);
    const double y = std::clamp(cellCentre(frame.y0, frame.height, spec.height, v), 0.0, sliceHeight - 1.0);
    return core::Action::point(x, y, positive);
}

int sliceToCell(const ModelFrame& frame, const PolicySpec& spec, double x, double y) {
    const int u = cellOf(frame.x0, frame.width, spec.width, x);
    const int v = cellOf(frame.y0, frame.height, spec.height, y);
    if (u < 0 || v < 0 || u >= spec.width || v >= spec.height) return -1;
    return v * spec.width + u;
}

std::vector<float> encodeObservation(const Observation& observation, const PolicySpec& spec) {
    return encodeObservation(observation, spec, modelFrame(observation, spec));
}

std::vector<float> encodeObservation(const Observation& observation, const PolicySpec& spec,
                                     const ModelFrame& frame) {
    const core::Image<float>& slice = checkedSlice(observation);
    const int sw = slice.width(), sh = slice.height();
    if (observation.mask && (observation.mask->width() != sw || observation.mask->height() != sh))
        fail("TorchPolicy: the mask is " + std::to_string(observation.mask->width()) + "x" +
             std::to_string(observation.mask->height()) + " but the slice is " + std::to_string(sw) + "x" +
             std::to_string(sh));
    if (!(frame.width > 0 && frame.height > 0 && std::isfinite(frame.x0) && std::isfinite(frame.y0)))
        fail("TorchPolicy: the model frame is empty or not finite");
    const int W = spec.width, H = spec.height;
    const std::size_t plane = static_cast<std::size_t>(W) * H;
    std::vector<float> input(plane * spec.channels(), 0.0f);

    // 0: windowed slice, bilinear with the edge clamped (torch's interpolate, align_corners=False); cells
    // whose centre lies outside the slice (a v2 crop at the border) stay 0.
    const std::vector<float>& values = slice.voxels();
    const auto [lo, hi] = intensityWindow(slice, spec, frame);
    const auto windowed = [&, lo = lo, hi = hi](int x, int y) {
        if (!(hi > lo)) return 0.0f;
        const float value = values[static_cast<std::size_t>(y) * sw + x];
        return std::clamp((value - lo) / (hi - lo), 0.0f, 1.0f);
    };
    const auto outside = [](double p, int size) { return p < -0.5 || p > size - 0.5; };
    float* s = input.data();
    for (int v = 0; v < H; ++v) {
        const double py = cellCentre(frame.y0, frame.height, H, v);
        if (outside(py, sh)) continue;
        const double sy = std::clamp(py, 0.0, static_cast<double>(sh - 1));
        const int y0 = static_cast<int>(sy), y1 = std::min(y0 + 1, sh - 1);
        const float fy = static_cast<float>(sy - y0);
        for (int u = 0; u < W; ++u) {
            const double px = cellCentre(frame.x0, frame.width, W, u);
            if (outside(px, sw)) continue;
            const double sx = std::clamp(px, 0.0, static_cast<double>(sw - 1));
            const int x0 = static_cast<int>(sx), x1 = std::min(x0 + 1, sw - 1);
            const float fx = static_cast<float>(sx - x0);
            const float top = windowed(x0, y0) * (1 - fx) + windowed(x1, y0) * fx;
            const float bottom = windowed(x0, y1) * (1 - fx) + windowed(x1, y1) * fx;
            s[static_cast<std::size_t>(v) * W + u] = top * (1 - fy) + bottom * fy;
        }
    }

    // 1: mask, nearest-exact: the slice pixel whose cell holds the model cell's centre.
    if (observation.mask) {
        float* m = input.data() + plane;
        for (int v = 0; v < H; ++v) {
            const int y = static_cast<int>(std::floor(cellCentre(frame.y0, frame.height, H, v) + 0.5));
            if (y < 0 || y >= sh) continue;
            for (int u = 0; u < W; ++u) {
                const int x = static_cast<int>(std::floor(cellCentre(frame.x0, frame.width, W, u) + 0.5));
                if (x < 0 || x >= sw) continue;
                m[static_cast<std::size_t>(v) * W + u] = observation.mask->at(x, y) ? 1.0f : 0.0f;
            }
        }
    }

    // 2, 3: clicks (v1 clamps a click to the grid; a v2 crop holds every click); 4: the most recent box.
    const auto cellX = [&](double x) { return std::clamp(cellOf(frame.x0, frame.width, W, x), 0, W - 1); };
    const auto cellY = [&](double y) { return std::clamp(cellOf(frame.y0, frame.height, H, y), 0, H - 1); };
    const core::Action* lastBox = nullptr;
    for (const core::Action& a : observation.history) {
        if (a.kind == core::ActionKind::Box) lastBox = &a;
        if (!a.isPoint()) continue;
        const int channel = a.kind == core::ActionKind::PositivePoint ? 2 : 3;
        stamp(input.data() + plane * channel, spec, cellX(a.x0), cellY(a.y0));
    }
    if (lastBox) {
        float* b = input.data() + plane * 4;
        const int u0 = cellX(std::min(lastBox->x0, lastBox->x1)),
                  u1 = cellX(std::max(lastBox->x0, lastBox->x1));
        const int v0 = cellY(std::min(lastBox->y0, lastBox->y1)),
                  v1 = cellY(std::max(lastBox->y0, lastBox->y1));
        for (int v = v0; v <= v1; ++v)
            std::fill(b + static_cast<std::size_t>(v) * W + u0, b + static_cast<std::size_t>(v) * W + u1 + 1,
                      1.0f);
    }
    // 5: how far the episode is.
    if (spec.version >= 2) {
        const float turn = static_cast<float>(std::min(observation.turn, spec.turnScale)) / spec.turnScale;
        std::fill(input.begin() + static_cast<std::ptrdiff_t>(plane * 5), input.end(), turn);
    }
    return input;
}

core::Action boxFromFractions(const float* box, const ModelFrame& frame, int sliceWidth, int sliceHeight) {
    const auto toSlice = [](float b, double origin, double extent, int size) {
        return std::clamp(origin + static_cast<double>(b) * extent, 0.0, static_cast<double>(size - 1));
    };
    const double ax = toSlice(box[0], frame.x0, frame.width, sliceWidth);
    const double bx = toSlice(box[2], frame.x0, frame.width, sliceWidth);
    const double ay = toSlice(box[1], frame.y0, frame.height, sliceHeight);
    const double by = toSlice(box[3], frame.y0, frame.height, sliceHeight);
    return core::Action::box(std::min(ax, bx), std::min(ay, by), std::max(ax, bx), std::max(ay, by));
}

core::Action decodeOutputs(const PolicyOutputs& outputs, const PolicySpec& spec, int sliceWidth,
                           int sliceHeight) {
    const ModelFrame whole{-0.5, -0.5, static_cast<double>(sliceWidth), static_cast<double>(sliceHeight)};
    return decodeOutputs(outputs, spec, whole, sliceWidth, sliceHeight);
}

core::Action decodeOutputs(const PolicyOutputs& outputs, const PolicySpec& spec, const ModelFrame& frame,
                           int sliceWidth, int sliceHeight) {
    if (outputs.logits.size() != kPolicyActions)
        fail("TorchPolicy: the network gave " + std::to_string(outputs.logits.size()) +
             " action logits, expected 4 (box, positive_point, negative_point, stop)");
    const auto finite = [](const std::vector<float>& v) {
        return std::all_of(v.begin(), v.end(), [](float x) { return std::isfinite(x); });
    };
    if (!finite(outputs.logits)) fail("TorchPolicy: the action logits are not finite");
    const int kind = static_cast<int>(std::max_element(outputs.logits.begin(), outputs.logits.end()) -
                                      outputs.logits.begin());

    switch (kind) {
        case 0: {
            if (outputs.box.size() != 4)
                fail("TorchPolicy: the network gave " + std::to_string(outputs.box.size()) +
                     " box values, expected 4");
            if (!finite(outputs.box)) fail("TorchPolicy: the box output is not finite");
            return boxFromFractions(outputs.box.data(), frame, sliceWidth, sliceHeight);
        }
        case 1:
        case 2: {
            const std::size_t cells = static_cast<std::size_t>(spec.width) * spec.height;
            if (outputs.heatmap.size() != cells * spec.heatmapPlanes())
                fail("TorchPolicy: the heatmap has " + std::to_string(outputs.heatmap.size()) +
                     " values, expected " + std::to_string(spec.heatmapPlanes()) + "x" +
                     std::to_string(spec.height) + "x" + std::to_string(spec.width));
            if (!finite(outputs.heatmap)) fail("TorchPolicy: the heatmap is not finite");
            const auto first =
                outputs.heatmap.begin() +
                static_cast<std::ptrdiff_t>(spec.heatmapPlanes() == 2 && kind == 2 ? cells : 0);
            const std::size_t at = static_cast<std::size_t>(std::max_element(first, first + cells) - first);
            return cellToSlicePoint(frame, spec, static_cast<int>(at % spec.width),
                                    static_cast<int>(at / spec.width), kind == 1, sliceWidth, sliceHeight);
        }
        default:
            return core::Action::stop();
    }
}

}  // namespace medsam::agent
