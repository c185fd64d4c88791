#pragma once

#include <array>
#include <cstddef>
#include <filesystem>
#include <optional>
#include <string>
#include <vector>

namespace medsam::agent {

// How a slice's intensities become 0..255 before the model's own mean/std normalisation (MedSAM style):
//  Percentile - clip to the [lower, upper] percentiles of the slice's finite pixels (MR, X-ray, default);
//  Window     - clip to centre +- width/2 (CT in Hounsfield units);
//  MinMax     - the slice's finite minimum and maximum;
//  None       - values are already 0..255 (8-bit photographs, endoscopy).
struct IntensitySpec {
    enum class Mode { Percentile, Window, MinMax, None };
    Mode mode = Mode::Percentile;
    double lowerPercentile = 0.5, upperPercentile = 99.5;
    double windowCenter = 40.0, windowWidth = 400.0;
};

// How the slice is fitted into the model's square input:
//  LongestSidePad - scale the longest side to input_size, pad bottom/right with zeros (SAM's predictor);
//  Stretch        - resize both axes to input_size (SAM2/SAM2.1, MedSAM2, MedSAM's own inference script).
enum class ResizeMode { LongestSidePad, Stretch };

// Whether a padding point (label -1) is appended to the prompt points:
//  WhenNoBox - only when the prompt has no box (SAM's prompt encoder, SAM's ONNX model);
//  Always    - every call (SAM2's predictor passes boxes as points, so its encoder always pads).
enum class PointPadding { WhenNoBox, Always };

// SAM2's single-mask fallback: if the single-mask output's stability (area(logits > delta) / area(logits >
// -delta)) is below `threshold`, take the best multimask output by predicted IoU instead.
struct StabilityFallback {
    double delta = 0.05;
    double threshold = 0.98;
};

// The sidecar `model.json` that sits next to encoder.pt / decoder.pt (see docs/sam-backend.md for the
// format).
struct SamModelSpec {
    std::string name;            // e.g. "medsam2"; recorded as "sam/<name>"
    std::string family = "sam";  // "sam" (ViT, one embedding) or "sam2" (Hiera, three encoder outputs)
    std::string description;     // free text (checkpoint, licence, who exported it)
    std::string encoderFile = "encoder.pt";
    std::string decoderFile = "decoder.pt";
    int inputSize = 1024;  // S: the encoder takes [1,3,S,S]
    ResizeMode resize = ResizeMode::LongestSidePad;
    std::array<double, 3> pixelMean{123.675, 116.28, 103.53};  // in 0..255 units, per RGB channel
    std::array<double, 3> pixelStd{58.395, 57.12, 57.375};
    IntensitySpec intensity;
    int encoderOutputs = 1;      // tensors the encoder returns and the decoder takes first, in order
    double maskThreshold = 0.0;  // logits above this are foreground
    int maskOutputs = 4;         // K: masks the decoder returns (SAM: 1 single-mask + 3 multimask tokens)
    int singleMaskIndex = 0;     // the mask used when multimask output is off
    std::vector<int> multimaskIndices{1, 2,
                                      3};  // candidates when multimask output is on (best predicted IoU)
    int lowResSize = 256;                  // L: low-resolution logits and mask input are [1,1,L,L]
    PointPadding pointPadding = PointPadding::WhenNoBox;
    std::optional<StabilityFallback> singleMaskStability;

    // Parses and validates sidecar text; `origin` (a path) names the source in error messages.
    static SamModelSpec fromJson(const std::string& text, const std::string& origin);
    // Reads DIR/model.json. Throws SegmenterError naming the file and the problem.
    static SamModelSpec load(const std::filesystem::path& modelDir);
    std::string toJson() const;
    // Throws SegmenterError if the fields are inconsistent (e.g. a multimask index >= mask_outputs).
    void validate(const std::string& origin) const;
};

// How the SAM-family tool runs a model (agent/tools/SamSegmenter.h); plain data, so that programs can pass it
// to the torch plugin without including anything of torch.
struct SamSegmenterOptions {
    // Intra-op threads for libtorch (process-wide; 0 = all cores): applied only when the process has not
    // configured them yet (agent/tools/TorchThreads.h), never retuned by a second instance.
    int threads = 0;
    std::size_t cacheCapacity = 8;           // image embeddings kept (LRU by cache key); 0 disables the cache
    std::optional<IntensitySpec> intensity;  // overrides model.json's (e.g. a CT window chosen per series)
};

}  // namespace medsam::agent
