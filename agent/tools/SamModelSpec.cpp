#include "agent/tools/SamModelSpec.h"

#include <fstream>
#include <nlohmann/json.hpp>
#include <set>
#include <sstream>

#include "agent/tools/PromptableSegmenter.h"

namespace medsam::agent {

using nlohmann::json;

namespace {

[[noreturn]] void fail(const std::string& origin, const std::string& what) {
    throw SegmenterError("SAM model sidecar " + origin + ": " + what);
}

template <typename T>
T get(const json& j, const char* key, const std::string& origin) {
    try {
        return j.at(key).get<T>();
    } catch (const json::exception& e) {
        fail(origin,
             std::string("field \"") + key + "\" " +
                 (j.contains(key) ? "has the wrong type (" + std::string(e.what()) + ")" : "is missing"));
    }
}

template <typename T>
void getOptional(const json& j, const char* key, T& out, const std::string& origin) {
    if (j.contains(key)) out = get<T>(j, key, origin);
}

IntensitySpec parseIntensity(const json& j, const std::string& origin) {
    if (!j.is_object()) fail(origin, "\"intensity\" must be an object like {\"mode\": \"percentile\"}");
    IntensitySpec s;
    const auto mode = get<std::string>(j, "mode", origin);
    if (mode == "percentile") {
        s.mode = IntensitySpec::Mode::Percentile;
        getOptional(j, "lower", s.lowerPercentile, origin);
        getOptional(j, "upper", s.upperPercentile, origin);
    } else if (mode == "window") {
        s.mode = IntensitySpec::Mode::Window;
        s.windowCenter = get<double>(j, "center", origin);
        s.windowWidth = get<double>(j, "width", origin);
    } else if (mode == "minmax") {
        s.mode = IntensitySpec::Mode::MinMax;
    } else if (mode == "none") {
        s.mode = IntensitySpec::Mode::None;
    } else {
        fail(origin, "intensity mode \"" + mode + "\" is not one of percentile, window, minmax, none");
    }
    return s;
}

json intensityToJson(const IntensitySpec& s) {
    switch (s.mode) {
        case IntensitySpec::Mode::Percentile:
            return {{"mode", "percentile"}, {"lower", s.lowerPercentile}, {"upper", s.upperPercentile}};
        case IntensitySpec::Mode::Window:
            return {{"mode", "window"}, {"center", s.windowCenter}, {"width", s.windowWidth}};
        case IntensitySpec::Mode::MinMax:
            return {{"mode", "minmax"}};
        case IntensitySpec::Mode::None:
            return {{"mode", "none"}};
    }
    return {};
}

}  // namespace

SamModelSpec SamModelSpec::fromJson(const std::string& text, const std::string& origin) {
    json j;
    try {
        j = json::parse(text);
    } catch (const json::parse_error& e) {
        fail(origin, std::string("is not valid JSON (") + e.what() + ")");
    }
    if (!j.is_object()) fail(origin, "must be a JSON object");

    // Unknown keys are rejected so that a misspelt field cannot silently fall back to a default.
    static const std::set<std::string> known{"format",
                                             "name",
                                             "family",
                                             "description",
                                             "encoder",
                                             "decoder",
                                             "input_size",
                                             "resize",
                                             "pixel_mean",
                                             "pixel_std",
                                             "intensity",
                                             "encoder_outputs",
                                             "mask_threshold",
                                             "mask_outputs",
                                             "single_mask_index",
                                             "multimask_indices",
                                             "low_res_size",
                                             "point_padding",
                                             "single_mask_stability"};
    for (const auto& item : j.items()) {
        if (!known.count(item.key())) fail(origin, "unknown field \"" + item.key() + "\"");
    }
    if (j.contains("format") && get<std::string>(j, "format", origin) != "medsam-sam/1") {
        fail(origin, "format \"" + j["format"].get<std::string>() + "\" is not \"medsam-sam/1\"");
    }

    SamModelSpec s;
    s.name = get<std::string>(j, "name", origin);
    getOptional(j, "family", s.family, origin);
    getOptional(j, "description", s.description, origin);
    getOptional(j, "encoder", s.encoderFile, origin);
    getOptional(j, "decoder", s.decoderFile, origin);
    s.inputSize = get<int>(j, "input_size", origin);
    if (j.contains("resize")) {
        const auto r = get<std::string>(j, "resize", origin);
        if (r == "longest_side_pad") {
            s.resize = ResizeMode::LongestSidePad;
        } else if (r == "stretch") {
            s.resize = ResizeMode::Stretch;
        } else {
            fail(origin, "resize \"" + r + "\" is not one of longest_side_pad, stretch");
        }
    }
    getOptional(j, "pixel_mean", s.pixelMean, origin);
    getOptional(j, "pixel_std", s.pixelStd, origin);
    if (j.contains("intensity")) s.intensity = parseIntensity(j["intensity"], origin);
    s.encoderOutputs = get<int>(j, "encoder_outputs", origin);
    getOptional(j, "mask_threshold", s.maskThreshold, origin);
    s.maskOutputs = get<int>(j, "mask_outputs", origin);
    getOptional(j, "single_mask_index", s.singleMaskIndex, origin);
    getOptional(j, "multimask_indices", s.multimaskIndices, origin);
    s.lowResSize = get<int>(j, "low_res_size", origin);
    if (j.contains("point_padding")) {
        const auto p = get<std::string>(j, "point_padding", origin);
        if (p == "when_no_box") {
            s.pointPadding = PointPadding::WhenNoBox;
        } else if (p == "always") {
            s.pointPadding = PointPadding::Always;
        } else {
            fail(origin, "point_padding \"" + p + "\" is not one of when_no_box, always");
        }
    }
    if (j.contains("single_mask_stability") && !j["single_mask_stability"].is_null()) {
        const json& st = j["single_mask_stability"];
        if (!st.is_object()) fail(origin, "\"single_mask_stability\" must be an object or null");
        StabilityFallback f;
        getOptional(st, "delta", f.delta, origin);
        getOptional(st, "threshold", f.threshold, origin);
        s.singleMaskStability = f;
    }
    s.validate(origin);
    return s;
}

SamModelSpec SamModelSpec::load(const std::filesystem::path& modelDir) {
    const auto path = modelDir / "model.json";
    std::error_code ec;
    if (!std::filesystem::is_directory(modelDir, ec)) {
        throw SegmenterError("SAM model directory " + modelDir.string() + " does not exist");
    }
    std::ifstream in(path, std::ios::binary);
    if (!in) {
        throw SegmenterError("SAM model directory " + modelDir.string() +
                             " has no readable model.json (see docs/sam-backend.md for the sidecar format)");
    }
    std::ostringstream text;
    text << in.rdbuf();
    return fromJson(text.str(), path.string());
}

std::string SamModelSpec::toJson() const {
    json j{{"format", "medsam-sam/1"},
           {"name", name},
           {"family", family},
           {"description", description},
           {"encoder", encoderFile},
           {"decoder", decoderFile},
           {"input_size", inputSize},
           {"resize", resize == ResizeMode::Stretch ? "stretch" : "longest_side_pad"},
           {"pixel_mean", pixelMean},
           {"pixel_std", pixelStd},
           {"intensity", intensityToJson(intensity)},
           {"encoder_outputs", encoderOutputs},
           {"mask_threshold", maskThreshold},
           {"mask_outputs", maskOutputs},
           {"single_mask_index", singleMaskIndex},
           {"multimask_indices", multimaskIndices},
           {"low_res_size", lowResSize},
           {"point_padding", pointPadding == PointPadding::Always ? "always" : "when_no_box"}};
    if (singleMaskStability) {
        j["single_mask_stability"] = {{"delta", singleMaskStability->delta},
                                      {"threshold", singleMaskStability->threshold}};
    }
    return j.dump(2) + "\n";
}

void SamModelSpec::validate(const std::string& origin) const {
    if (name.empty()) fail(origin, "\"name\" is empty");
    if (family != "sam" && family != "sam2")
        fail(origin, "family \"" + family + "\" is not one of sam, sam2");
    if (inputSize < 16 || inputSize > 8192) {
        fail(origin, "input_size " + std::to_string(inputSize) + " is outside 16..8192");
    }
    if (encoderOutputs < 1 || encoderOutputs > 8) {
        fail(origin, "encoder_outputs " + std::to_string(encoderOutputs) + " is outside 1..8");
    }
    if (maskOutputs < 1 || maskOutputs > 16) {
        fail(origin, "mask_outputs " + std::to_string(maskOutputs) + " is outside 1..16");
    }
    if (singleMaskIndex < 0 || singleMaskIndex >= maskOutputs) {
        fail(origin, "single_mask_index " + std::to_string(singleMaskIndex) + " is not below mask_outputs " +
                         std::to_string(maskOutputs));
    }
    for (const int i : multimaskIndices) {
        if (i < 0 || i >= maskOutputs) {
            fail(origin, "multimask index " + std::to_string(i) + " is not below mask_outputs " +
                             std::to_string(maskOutputs));
        }
    }
    if (lowResSize < 1 || lowResSize > inputSize) {
        fail(origin, "low_res_size " + std::to_string(lowResSize) + " is outside 1..input_size");
    }
    for (int c = 0; c < 3; ++c) {
        if (!(pixelStd[static_cast<std::size_t>(c)] > 0)) fail(origin, "pixel_std values must be > 0");
    }
    if (intensity.mode == IntensitySpec::Mode::Percentile &&
        !(intensity.lowerPercentile >= 0 && intensity.lowerPercentile < intensity.upperPercentile &&
          intensity.upperPercentile <= 100)) {
        fail(origin, "intensity percentiles must satisfy 0 <= lower < upper <= 100");
    }
    if (intensity.mode == IntensitySpec::Mode::Window && !(intensity.windowWidth > 0)) {
        fail(origin, "intensity window width must be > 0");
    }
    if (encoderFile.empty() || decoderFile.empty())
        fail(origin, "encoder/decoder file names must not be empty");
}

}  // namespace medsam::agent
