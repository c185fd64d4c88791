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

// SAM-family promptable segmenter running two TorchScript files through libtorch on the CPU: models exported
// to the contract of docs/sam-backend.md with one encoder output (the SAM / MedSAM layout) or three (the
// SAM2.1 / MedSAM2 layout), fitted by longest-side padding or stretching. What is tested (tst_SamSegmenter)
// is this class against weightless synthetic models of both layouts and both resize modes; no real checkpoint
// has been run here (packaging/export_sam_torchscript.py, which writes them from official SAM, MedSAM, SAM2.1
// and MedSAM2 checkpoints, has not been run either). IMIS-Net is not supported: its published preprocessing
// (a white letterbox) is neither resize mode (docs/sam-backend.md). Built into the torch plugin only
// (agent/plugin/TorchBackend.h): programs get one from torchBackend().makeSamSegmenter(); the tests and
// benchmarks of this class link it directly. The model directory holds encoder.pt, decoder.pt and model.json.
//
// The caller chooses the prompt protocol by what it sends: Paper = the newest prompt only, plus
// PredictOptions::previousLogits; Accumulated = every prompt so far (box and all clicks). Every prompt in the
// PromptSet is sent; the binary previousMask is not used (SAM-family decoders take logits, not masks).
class SamSegmenter : public PromptableSegmenter {
public:
    using Options = SamSegmenterOptions;

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
    // A colour slice is encoded from its RGB bytes (no intensity transform); 8-bit grey data without the
    // sidecar's intensity window (values as they are). Applies to the following setImage/prefetch calls.
    void setAppearance(const core::SliceAppearance& appearance) override;
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
