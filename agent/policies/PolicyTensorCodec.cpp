#include "agent/policies/PolicyTensorCodec.h"

#include <algorithm>
#include <cmath>
#include <nlohmann/json.hpp>

#include "core/metrics/Percentile.h"

namespace medsam::agent {

namespace {

using nlohmann::json;

const std::vector<std::string> kChannelNames = {"slice", "mask", "positive_clicks", "negative_clicks", "box"};
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

}  // namespace

PolicySpec PolicySpec::fromJson(const std::string& text, const std::string& origin) {
    const json j = json::parse(text, nullptr, false);
    if (j.is_discarded() || !j.is_object()) fail("policy sidecar '" + origin + "' is not a JSON object");
    if (j.value("format", "") != "medsam-policy")
        fail("policy sidecar '" + origin + "' must have \"format\": \"medsam-policy\"");
    if (j.value("version", 0) != 1)
        fail("policy sidecar '" + origin + "' has an unsupported version (this build reads version 1)");
    PolicySpec spec;
    try {
        if (j.contains("input_size")) {
            const auto& size = j.at("input_size");
            if (!size.is_array() || size.size() != 2)
                fail("policy sidecar '" + origin + "': input_size must be [H, W]");
            spec.height = size[0].get<int>();
            spec.width = size[1].get<int>();
        }
        if (j.contains("channels") && j.at("channels").get<std::vector<std::string>>() != kChannelNames)
            fail("policy sidecar '" + origin + "': channels must be " + json(kChannelNames).dump());
        if (j.contains("actions") && j.at("actions").get<std::vector<std::string>>() != kActionNames)
            fail("policy sidecar '" + origin + "': actions must be " + json(kActionNames).dump());
        if (j.contains("normalisation")) {
            const auto& n = j.at("normalisation");
            spec.lowPercentile = n.value("low_percentile", spec.lowPercentile);
            spec.highPercentile = n.value("high_percentile", spec.highPercentile);
        }
        spec.clickRadius = j.value("click_radius", spec.clickRadius);
    } catch (const json::exception& e) {
        fail("policy sidecar '" + origin + "' has a field of the wrong type: " + e.what());
    }
    if (spec.height < 8 || spec.width < 8 || spec.height > 4096 || spec.width > 4096)
        fail("policy sidecar '" + origin + "': input_size must be within 8..4096");
    if (!(spec.lowPercentile >= 0 && spec.lowPercentile < spec.highPercentile && spec.highPercentile <= 100))
        fail("policy sidecar '" + origin + "': need 0 <= low_percentile < high_percentile <= 100");
    if (spec.clickRadius < 0 || spec.clickRadius > 64)
        fail("policy sidecar '" + origin + "': click_radius must be within 0..64");
    return spec;
}

std::string PolicySpec::toJson() const {
    return json{{"format", "medsam-policy"},
                {"version", 1},
                {"input_size", {height, width}},
                {"channels", kChannelNames},
                {"actions", kActionNames},
                {"normalisation", {{"low_percentile", lowPercentile}, {"high_percentile", highPercentile}}},
                {"click_radius", clickRadius}}
        .dump(2);
}

double modelToSlice(double u, int modelSize, int sliceSize) {
    return (u + 0.5) * sliceSize / modelSize - 0.5;
}

int sliceToModelCell(double x, int sliceSize, int modelSize) {
    const double u = std::floor((x + 0.5) * modelSize / sliceSize);
    return static_cast<int>(std::clamp(u, 0.0, static_cast<double>(modelSize - 1)));
}

std::vector<float> encodeObservation(const Observation& observation, const PolicySpec& spec) {
    const core::Image<float>* slice = observation.slice;
    if (!slice || slice->voxels().empty() || !slice->is2D())
        fail("TorchPolicy: the observation has no 2D slice");
    const int sw = slice->width(), sh = slice->height();
    if (observation.mask && (observation.mask->width() != sw || observation.mask->height() != sh))
        fail("TorchPolicy: the mask is " + std::to_string(observation.mask->width()) + "x" +
             std::to_string(observation.mask->height()) + " but the slice is " + std::to_string(sw) + "x" +
             std::to_string(sh));
    const int W = spec.width, H = spec.height;
    const std::size_t plane = static_cast<std::size_t>(W) * H;
    std::vector<float> input(plane * kPolicyChannels, 0.0f);

    // 0: windowed slice, bilinear with the edge clamped (torch's interpolate, align_corners=False).
    const std::vector<float>& values = slice->voxels();
    // numpy.percentile's convention (core/metrics/Percentile.h), as a Python trainer normalises.
    const auto range = core::percentiles(values, {spec.lowPercentile, spec.highPercentile});
    const float lo = range ? static_cast<float>((*range)[0]) : 0.0f;
    const float hi = range ? static_cast<float>((*range)[1]) : 0.0f;
    const auto windowed = [&](int x, int y) {
        if (!(hi > lo)) return 0.0f;
        const float v = values[static_cast<std::size_t>(y) * sw + x];
        return std::clamp((v - lo) / (hi - lo), 0.0f, 1.0f);
    };
    float* s = input.data();
    for (int v = 0; v < H; ++v) {
        const double sy = std::clamp(modelToSlice(v, H, sh), 0.0, static_cast<double>(sh - 1));
        const int y0 = static_cast<int>(sy), y1 = std::min(y0 + 1, sh - 1);
        const float fy = static_cast<float>(sy - y0);
        for (int u = 0; u < W; ++u) {
            const double sx = std::clamp(modelToSlice(u, W, sw), 0.0, static_cast<double>(sw - 1));
            const int x0 = static_cast<int>(sx), x1 = std::min(x0 + 1, sw - 1);
            const float fx = static_cast<float>(sx - x0);
            const float top = windowed(x0, y0) * (1 - fx) + windowed(x1, y0) * fx;
            const float bottom = windowed(x0, y1) * (1 - fx) + windowed(x1, y1) * fx;
            s[static_cast<std::size_t>(v) * W + u] = top * (1 - fy) + bottom * fy;
        }
    }

    // 1: mask, nearest-exact: model cell u samples slice pixel floor((u + 0.5) * sw / W).
    if (observation.mask) {
        float* m = input.data() + plane;
        for (int v = 0; v < H; ++v) {
            const int y = std::min(sh - 1, static_cast<int>(std::floor((v + 0.5) * sh / H)));
            for (int u = 0; u < W; ++u) {
                const int x = std::min(sw - 1, static_cast<int>(std::floor((u + 0.5) * sw / W)));
                m[static_cast<std::size_t>(v) * W + u] = observation.mask->at(x, y) ? 1.0f : 0.0f;
            }
        }
    }

    // 2, 3: clicks; 4: the most recent box.
    const core::Action* lastBox = nullptr;
    for (const core::Action& a : observation.history) {
        if (a.kind == core::ActionKind::Box) lastBox = &a;
        if (!a.isPoint()) continue;
        const int channel = a.kind == core::ActionKind::PositivePoint ? 2 : 3;
        stamp(input.data() + plane * channel, spec, sliceToModelCell(a.x0, sw, W),
              sliceToModelCell(a.y0, sh, H));
    }
    if (lastBox) {
        float* b = input.data() + plane * 4;
        const int u0 = sliceToModelCell(std::min(lastBox->x0, lastBox->x1), sw, W);
        const int u1 = sliceToModelCell(std::max(lastBox->x0, lastBox->x1), sw, W);
        const int v0 = sliceToModelCell(std::min(lastBox->y0, lastBox->y1), sh, H);
        const int v1 = sliceToModelCell(std::max(lastBox->y0, lastBox->y1), sh, H);
        for (int v = v0; v <= v1; ++v)
            std::fill(b + static_cast<std::size_t>(v) * W + u0, b + static_cast<std::size_t>(v) * W + u1 + 1,
                      1.0f);
    }
    return input;
}

core::Action decodeOutputs(const PolicyOutputs& outputs, const PolicySpec& spec, int sliceWidth,
                           int sliceHeight) {
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
            const auto toSlice = [](float b, int size) {
                return std::clamp(static_cast<double>(b) * size - 0.5, 0.0, static_cast<double>(size - 1));
            };
            const double ax = toSlice(outputs.box[0], sliceWidth), bx = toSlice(outputs.box[2], sliceWidth);
            const double ay = toSlice(outputs.box[1], sliceHeight), by = toSlice(outputs.box[3], sliceHeight);
            return core::Action::box(std::min(ax, bx), std::min(ay, by), std::max(ax, bx), std::max(ay, by));
        }
        case 1:
        case 2: {
            const std::size_t cells = static_cast<std::size_t>(spec.width) * spec.height;
            if (outputs.heatmap.size() != cells)
                fail("TorchPolicy: the heatmap has " + std::to_string(outputs.heatmap.size()) +
                     " values, expected " + std::to_string(spec.height) + "x" + std::to_string(spec.width));
            if (!finite(outputs.heatmap)) fail("TorchPolicy: the heatmap is not finite");
            const std::size_t at = static_cast<std::size_t>(
                std::max_element(outputs.heatmap.begin(), outputs.heatmap.end()) - outputs.heatmap.begin());
            const int u = static_cast<int>(at % spec.width), v = static_cast<int>(at / spec.width);
            const double x = std::clamp(modelToSlice(u, spec.width, sliceWidth), 0.0, double(sliceWidth - 1));
            const double y =
                std::clamp(modelToSlice(v, spec.height, sliceHeight), 0.0, double(sliceHeight - 1));
            return core::Action::point(x, y, kind == 1);
        }
        default:
            return core::Action::stop();
    }
}

}  // namespace medsam::agent
