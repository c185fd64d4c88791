#pragma once

#include <cstddef>
#include <filesystem>
#include <memory>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "agent/tools/PromptableSegmenter.h"
#include "agent/tools/SamModelSpec.h"

namespace medsam::agent {

// SAM-family promptable segmenter (SAM, MedSAM, IMIS-Net, SAM2.1, MedSAM2) running two TorchScript files
// through libtorch on the CPU. The model directory holds encoder.pt, decoder.pt and model.json; the contract
// is in docs/sam-backend.md and packaging/export_sam_torchscript.py produces it from official checkpoints.
//
// The caller chooses the prompt protocol by what it sends: Paper = the newest prompt only, plus
// PredictOptions::previousLogits; Accumulated = every prompt so far (box and all clicks). Every prompt in the
// PromptSet is sent; the binary previousMask is not used (SAM-family decoders take logits, not masks).
class SamSegmenter : public PromptableSegmenter {
public:
    struct Options {
        // Intra-op threads for libtorch (process-wide; 0 = all cores): applied only when the process has not
        // configured them yet (agent/tools/TorchThreads.h), never retuned by a second instance.
        int threads = 0;
        std::size_t cacheCapacity = 8;  // image embeddings kept (LRU by cache key); 0 disables the cache
        std::optional<IntensitySpec>
            intensity;  // overrides model.json's (e.g. a CT window chosen per series)
    };

    // What the last predict() gave the decoder, in model input pixels (for tests and trajectory debugging).
    struct DecoderCall {
        std::vector<float> coords;  // N x 2 (x, y)
        std::vector<float> labels;  // N: 1 positive, 0 negative, 2/3 box corners, -1 padding
        bool hasMaskInput = false;
        std::vector<float> maskInput;  // L x L, zeros without mask input
        std::vector<float> iou;        // K predicted IoUs
        int chosenMask = -1;
    };
    struct Stats {
        std::size_t encoderRuns = 0;  // embeddings computed (setImage misses plus prefetches)
        std::size_t cacheHits = 0;    // setImage calls answered from the cache
        std::size_t prefetched = 0;   // embeddings computed by the prefetch worker
    };

    // Loads and checks the model (sidecar fields, both files, their forward() arities). Throws
    // SegmenterError.
    explicit SamSegmenter(const std::filesystem::path& modelDir);
    SamSegmenter(const std::filesystem::path& modelDir, Options options);
    ~SamSegmenter() override;
    SamSegmenter(const SamSegmenter&) = delete;
    SamSegmenter& operator=(const SamSegmenter&) = delete;

    std::string name() const override;  // "sam/<model name>"
    PromptProtocol preferredProtocol() const override { return PromptProtocol::Paper; }
    void setImage(const core::Image<float>& slice, const std::string& cacheKey) override;
    SegmentationResult predict(const PromptSet& prompts, const PredictOptions& options) override;

    // Computes the embeddings of these slices (cache key, slice) on one worker thread, so that stepping to a
    // neighbouring slice is instant. A new call replaces the slices still waiting; ones already cached or
    // with an empty key are skipped. setImage() on a slice being prefetched waits for it instead of computing
    // twice.
    void prefetch(std::vector<std::pair<std::string, core::Image<float>>> slices);
    // Blocks until the prefetch queue is empty and the worker idle.
    void waitForPrefetch();

    const SamModelSpec& spec() const;
    DecoderCall lastDecoderCall() const;
    Stats stats() const;
    void clearCache();

private:
    struct Impl;
    std::unique_ptr<Impl> impl_;
};

}  // namespace medsam::agent
