// The only translation unit of the segmenter that includes torch headers (they cost ~1 GB and 11 s to
// compile).
#include "agent/tools/SamSegmenter.h"

#include <ATen/Parallel.h>
#include <torch/script.h>

#include <algorithm>
#include <cmath>
#include <condition_variable>
#include <deque>
#include <mutex>
#include <thread>

#include "agent/tools/LruCache.h"
#include "agent/tools/SamTransforms.h"
#include "agent/tools/TorchThreads.h"

namespace medsam::agent {

namespace {

namespace fs = std::filesystem;

// c10::Error messages carry a C++ backtrace; a person needs the first line.
std::string firstLine(const std::string& s) {
    const auto nl = s.find('\n');
    return nl == std::string::npos ? s : s.substr(0, nl);
}

std::string shapeOf(const at::Tensor& t) {
    std::string s = "[";
    for (int64_t d = 0; d < t.dim(); ++d) s += (d ? "," : "") + std::to_string(t.size(d));
    return s + "]";
}

torch::jit::Module loadModule(const fs::path& path, const std::string& role) {
    std::error_code ec;
    if (!fs::is_regular_file(path, ec)) {
        throw SegmenterError("SAM " + role + " file " + path.string() + " is missing (named by model.json)");
    }
    try {
        auto m = torch::jit::load(path.string(), torch::kCPU);
        m.eval();
        return m;
    } catch (const c10::Error& e) {
        throw SegmenterError(
            "SAM " + role + " file " + path.string() +
            " is not a loadable TorchScript module: " + firstLine(e.what_without_backtrace()));
    } catch (const std::exception& e) {
        throw SegmenterError("SAM " + role + " file " + path.string() +
                             " is not a loadable TorchScript module: " + firstLine(e.what()));
    }
}

// Number of inputs of forward(), not counting self.
std::size_t forwardArity(const torch::jit::Module& m, const fs::path& path, const std::string& role) {
    const auto method = m.find_method("forward");
    if (!method) throw SegmenterError("SAM " + role + " file " + path.string() + " has no forward() method");
    const auto& args = method->function().getSchema().arguments();
    return args.empty() ? 0 : args.size() - 1;
}

struct Embedding {
    std::vector<at::Tensor> outputs;
    sam::InputFrame frame;
    core::ImageGeometry geometry;
};
using EmbeddingPtr = std::shared_ptr<const Embedding>;

}  // namespace

struct SamSegmenter::Impl {
    fs::path dir;
    SamModelSpec spec;  // with the intensity override applied
    bool intensityOverridden = false;
    Options options;
    torch::jit::Module encoder, decoder;

    std::mutex
        encoderMutex;  // one encoder run at a time (the worker and setImage share the module and cores)
    mutable std::mutex mutex;  // guards everything below
    std::condition_variable cv;
    LruCache<std::string, EmbeddingPtr> cache{1};  // resized to options.cacheCapacity at construction
    std::deque<std::pair<std::string, core::Image<float>>> queue;
    std::string inFlight;  // key the worker is computing now
    bool workerBusy = false;
    bool stopping = false;
    std::thread worker;
    EmbeddingPtr current;
    DecoderCall last;
    Stats stats;
    std::shared_ptr<const core::SliceAppearance> appearance;  // of the slices setImage gets next

    // The logits -> slice resampling plan, reused while the slice size and mask size stay the same.
    int planW = -1, planH = -1, planMask = -1;
    sam::LogitsToSlice plan;

    fs::path encoderPath() const { return dir / spec.encoderFile; }
    fs::path decoderPath() const { return dir / spec.decoderFile; }

    EmbeddingPtr compute(const core::Image<float>& slice) {
        auto e = std::make_shared<Embedding>();
        e->geometry = slice.geometry();
        e->frame = sam::planInputFrame(slice.width(), slice.height(), spec.inputSize, spec.resize);
        const int64_t S = spec.inputSize;
        c10::InferenceMode guard;
        const at::Tensor t = torch::empty({1, 3, S, S}, torch::kFloat);
        std::shared_ptr<const core::SliceAppearance> look;
        {
            std::lock_guard<std::mutex> lock(mutex);
            look = appearance;
        }
        if (look && look->colour()) {
            if (look->rgb.size() != 3 * slice.voxels().size())
                throw SegmenterError("SamSegmenter: " + std::to_string(look->rgb.size()) +
                                     " colour bytes for a " + slice.geometry().describe() + " slice");
            sam::preprocessRgb(look->rgb, spec, e->frame, t.data_ptr<float>());
        } else if (look && look->eightBit && !intensityOverridden) {
            // 8-bit data as the published pipeline reads its PNGs: 0..255 as they are, no window.
            SamModelSpec raw = spec;
            raw.intensity.mode = IntensitySpec::Mode::None;
            sam::preprocess(slice, raw, e->frame, t.data_ptr<float>());
        } else {
            sam::preprocess(slice, spec, e->frame, t.data_ptr<float>());
        }
        c10::IValue out;
        {
            std::lock_guard<std::mutex> lock(encoderMutex);
            try {
                out = encoder.forward({t});
            } catch (const std::exception& ex) {
                throw SegmenterError("SAM encoder " + encoderPath().string() + " failed on a [1,3," +
                                     std::to_string(S) + "," + std::to_string(S) +
                                     "] input: " + firstLine(ex.what()));
            }
        }
        std::vector<c10::IValue> items;
        if (out.isTuple()) {
            items = out.toTuple()->elements().vec();
        } else if (out.isList()) {
            for (const auto& v : out.toList()) items.push_back(v);
        } else {
            items.push_back(out);
        }
        if (static_cast<int>(items.size()) != spec.encoderOutputs) {
            throw SegmenterError(
                "SAM encoder " + encoderPath().string() + " returned " + std::to_string(items.size()) +
                " outputs but model.json says encoder_outputs = " + std::to_string(spec.encoderOutputs));
        }
        for (std::size_t i = 0; i < items.size(); ++i) {
            if (!items[i].isTensor()) {
                throw SegmenterError("SAM encoder " + encoderPath().string() + " output " +
                                     std::to_string(i) + " is not a tensor");
            }
            const at::Tensor o = items[i].toTensor();
            if (o.dim() < 1 || o.size(0) != 1) {
                throw SegmenterError("SAM encoder " + encoderPath().string() + " output " +
                                     std::to_string(i) + " has shape " + shapeOf(o) +
                                     "; the contract needs batch size 1 first");
            }
            e->outputs.push_back(o.to(torch::kFloat).contiguous());
        }
        return e;
    }

    // Cached embedding for `key` if it was computed for a slice of the same grid. Caller holds `mutex`.
    EmbeddingPtr lookupLocked(const std::string& key, const core::ImageGeometry& g) {
        EmbeddingPtr* found = cache.find(key);
        if (found == nullptr) return nullptr;
        if (!(*found)->geometry.sameGrid(g)) {  // same key, another image: stale entry
            cache.erase(key);
            return nullptr;
        }
        return *found;
    }

    void insertLocked(const std::string& key, EmbeddingPtr e) {
        if (options.cacheCapacity == 0) return;
        cache.put(key, std::move(e));
    }

    void workerLoop() {
        std::unique_lock<std::mutex> lock(mutex);
        for (;;) {
            cv.wait(lock, [this] { return stopping || !queue.empty(); });
            if (stopping) return;
            auto item = std::move(queue.front());
            queue.pop_front();
            if (options.cacheCapacity == 0 || lookupLocked(item.first, item.second.geometry())) continue;
            inFlight = item.first;
            workerBusy = true;
            lock.unlock();
            EmbeddingPtr e;
            try {
                e = compute(item.second);
            } catch (const std::exception&) {
                // A failing slice is reported when setImage() computes it for real; the worker goes on.
            }
            lock.lock();
            if (e) {
                insertLocked(item.first, std::move(e));
                ++stats.prefetched;
                ++stats.encoderRuns;
            }
            inFlight.clear();
            workerBusy = false;
            cv.notify_all();
        }
    }
};

SamSegmenter::SamSegmenter(const std::filesystem::path& modelDir) : SamSegmenter(modelDir, Options{}) {}

SamSegmenter::SamSegmenter(const std::filesystem::path& modelDir, Options options)
    : impl_(std::make_unique<Impl>()) {
    auto& d = *impl_;
    d.dir = modelDir;
    d.options = options;
    d.cache = LruCache<std::string, EmbeddingPtr>(std::max<std::size_t>(1, options.cacheCapacity));
    d.spec = SamModelSpec::load(modelDir);
    if (options.intensity) {
        d.spec.intensity = *options.intensity;
        d.spec.validate("(intensity override)");
        d.intensityOverridden = true;
    }
    d.encoder = loadModule(d.encoderPath(), "encoder");
    d.decoder = loadModule(d.decoderPath(), "decoder");
    const std::size_t encArity = forwardArity(d.encoder, d.encoderPath(), "encoder");
    if (encArity != 1) {
        throw SegmenterError("SAM encoder " + d.encoderPath().string() + " forward() takes " +
                             std::to_string(encArity) +
                             " inputs; the contract is one image tensor [1,3,S,S]");
    }
    const std::size_t decArity = forwardArity(d.decoder, d.decoderPath(), "decoder");
    const auto expected = static_cast<std::size_t>(d.spec.encoderOutputs) + 4;
    if (decArity != expected) {
        throw SegmenterError(
            "SAM decoder " + d.decoderPath().string() + " forward() takes " + std::to_string(decArity) +
            " inputs, but model.json says encoder_outputs = " + std::to_string(d.spec.encoderOutputs) +
            ", so the contract needs " + std::to_string(expected) +
            " (encoder outputs, point coords, point labels, mask input, has-mask flag)");
    }
    // Process-wide: only the process's first configuration counts (agent/tools/TorchThreads.h).
    configureTorchThreads(options.threads);
}

SamSegmenter::~SamSegmenter() {
    {
        std::lock_guard<std::mutex> lock(impl_->mutex);
        impl_->stopping = true;
        impl_->queue.clear();
    }
    impl_->cv.notify_all();
    if (impl_->worker.joinable()) impl_->worker.join();
}

std::string SamSegmenter::name() const {
    return "sam/" + impl_->spec.name;
}
const SamModelSpec& SamSegmenter::spec() const {
    return impl_->spec;
}

SamSegmenter::DecoderCall SamSegmenter::lastDecoderCall() const {
    std::lock_guard<std::mutex> lock(impl_->mutex);
    return impl_->last;
}

SamSegmenter::Stats SamSegmenter::stats() const {
    std::lock_guard<std::mutex> lock(impl_->mutex);
    return impl_->stats;
}

void SamSegmenter::clearCache() {
    std::lock_guard<std::mutex> lock(impl_->mutex);
    impl_->cache.clear();
}

void SamSegmenter::setAppearance(const core::SliceAppearance& appearance) {
    auto& d = *impl_;
    auto look = std::make_shared<const core::SliceAppearance>(appearance);
    std::lock_guard<std::mutex> lock(d.mutex);
    d.appearance = std::move(look);
}

void SamSegmenter::setImage(const core::Image<float>& slice, const std::string& cacheKey) {
    auto& d = *impl_;
    {
        std::lock_guard<std::mutex> lock(d.mutex);
        d.current.reset();
    }
    if (slice.empty() || !slice.is2D()) {
        throw SegmenterError("SamSegmenter::setImage needs a non-empty 2D slice (depth 1), got " +
                             slice.geometry().describe());
    }
    if (cacheKey.empty() || d.options.cacheCapacity == 0) {
        auto e = d.compute(slice);
        std::lock_guard<std::mutex> lock(d.mutex);
        ++d.stats.encoderRuns;
        d.current = std::move(e);
        return;
    }
    std::unique_lock<std::mutex> lock(d.mutex);
    // The worker need not compute what we are about to compute; if it is computing it now, wait for it.
    d.queue.erase(std::remove_if(d.queue.begin(), d.queue.end(),
                                 [&](const auto& item) { return item.first == cacheKey; }),
                  d.queue.end());
    d.cv.wait(lock, [&] { return d.inFlight != cacheKey; });
    if (auto e = d.lookupLocked(cacheKey, slice.geometry())) {
        ++d.stats.cacheHits;
        d.current = std::move(e);
        return;
    }
    lock.unlock();
    auto e = d.compute(slice);
    lock.lock();
    ++d.stats.encoderRuns;
    d.insertLocked(cacheKey, e);
    d.current = std::move(e);
}

void SamSegmenter::prefetch(std::vector<std::pair<std::string, core::Image<float>>> slices) {
    auto& d = *impl_;
    if (d.options.cacheCapacity == 0) return;
    std::lock_guard<std::mutex> lock(d.mutex);
    d.queue.clear();
    for (auto& s : slices) {
        if (s.first.empty() || s.second.empty() || !s.second.is2D()) continue;
        d.queue.emplace_back(std::move(s));
    }
    // Never queue more than the cache can hold, or the last prefetches would evict the first.
    while (d.queue.size() > d.options.cacheCapacity) d.queue.pop_back();
    if (!d.worker.joinable()) d.worker = std::thread([&d] { d.workerLoop(); });
    d.cv.notify_all();
}

void SamSegmenter::waitForPrefetch() {
    auto& d = *impl_;
    std::unique_lock<std::mutex> lock(d.mutex);
    d.cv.wait(lock, [&] { return d.queue.empty() && !d.workerBusy; });
}

namespace {

void checkFinite(double v, const char* what) {
    if (!std::isfinite(v))
        throw SegmenterError(std::string("SamSegmenter::predict: ") + what + " is not finite");
}

}  // namespace

SegmentationResult SamSegmenter::predict(const PromptSet& prompts, const PredictOptions& options) {
    auto& d = *impl_;
    EmbeddingPtr emb;
    {
        std::lock_guard<std::mutex> lock(d.mutex);
        emb = d.current;
    }
    if (!emb) throw SegmenterError("SamSegmenter::predict called before a successful setImage()");
    const bool hasLogits = options.previousLogits && !options.previousLogits->empty();
    if (prompts.empty() && !hasLogits) {
        throw SegmenterError(
            "SamSegmenter::predict: no box, no point and no previous logits: nothing to segment");
    }
    const int L = d.spec.lowResSize;
    if (hasLogits) {
        const auto& pl = *options.previousLogits;
        if (pl.width != L || pl.height != L || pl.values.size() != static_cast<std::size_t>(L) * L) {
            throw SegmenterError("SamSegmenter::predict: previous logits are " + std::to_string(pl.width) +
                                 "x" + std::to_string(pl.height) + " (" + std::to_string(pl.values.size()) +
                                 " values) but model " + d.spec.name + " takes " + std::to_string(L) + "x" +
                                 std::to_string(L));
        }
    }

    // Prompt points in model input pixels: box corners first (labels 2, 3, as SAM2's predictor orders them),
    // then the clicks in the order given, then SAM's padding point where the model's prompt encoder expects
    // one.
    std::vector<float> coords, labels;
    auto add = [&](double x, double y, float label) {
        const auto m = sam::sliceToModel(emb->frame, x, y);
        coords.push_back(static_cast<float>(m[0]));
        coords.push_back(static_cast<float>(m[1]));
        labels.push_back(label);
    };
    if (prompts.box) {
        const auto& b = *prompts.box;
        checkFinite(b.x0, "box x0");
        checkFinite(b.y0, "box y0");
        checkFinite(b.x1, "box x1");
        checkFinite(b.y1, "box y1");
        if (b.x0 > b.x1 || b.y0 > b.y1) {
            throw SegmenterError("SamSegmenter::predict: box corners are not ordered (x0 <= x1, y0 <= y1)");
        }
        add(b.x0, b.y0, 2.0f);
        add(b.x1, b.y1, 3.0f);
    }
    for (const auto& p : prompts.points) {
        checkFinite(p.x, "point x");
        checkFinite(p.y, "point y");
        add(p.x, p.y, p.positive ? 1.0f : 0.0f);
    }
    if (d.spec.pointPadding == PointPadding::Always || !prompts.box) {
        coords.push_back(0.0f);
        coords.push_back(0.0f);
        labels.push_back(-1.0f);
    }
    const auto n = static_cast<int64_t>(labels.size());

    DecoderCall call;
    call.coords = coords;
    call.labels = labels;
    call.hasMaskInput = hasLogits;
    call.maskInput = hasLogits ? options.previousLogits->values
                               : std::vector<float>(static_cast<std::size_t>(L) * L, 0.0f);

    c10::InferenceMode guard;
    std::vector<c10::IValue> inputs(emb->outputs.begin(), emb->outputs.end());
    inputs.emplace_back(torch::from_blob(coords.data(), {1, n, 2}, torch::kFloat).clone());
    inputs.emplace_back(torch::from_blob(labels.data(), {1, n}, torch::kFloat).clone());
    inputs.emplace_back(torch::from_blob(call.maskInput.data(), {1, 1, L, L}, torch::kFloat).clone());
    inputs.emplace_back(torch::full({1}, hasLogits ? 1.0f : 0.0f, torch::kFloat));
    c10::IValue out;
    try {
        out = d.decoder.forward(inputs);
    } catch (const std::exception& ex) {
        throw SegmenterError("SAM decoder " + d.decoderPath().string() + " failed: " + firstLine(ex.what()));
    }
    const std::string who = "SAM decoder " + d.decoderPath().string();
    if (!out.isTuple() || out.toTuple()->elements().size() != 3) {
        throw SegmenterError(who + " must return a tuple (masks, iou_predictions, low_res_logits)");
    }
    const auto& el = out.toTuple()->elements();
    for (const auto& v : el)
        if (!v.isTensor()) throw SegmenterError(who + " returned a non-tensor output");
    const at::Tensor masks = el[0].toTensor().to(torch::kFloat).contiguous();
    const at::Tensor iou = el[1].toTensor().to(torch::kFloat).contiguous();
    const at::Tensor lowRes = el[2].toTensor().to(torch::kFloat).contiguous();
    const int64_t K = d.spec.maskOutputs;
    if (masks.dim() != 4 || masks.size(0) != 1 || masks.size(1) != K || masks.size(2) != masks.size(3)) {
        throw SegmenterError(who + " returned masks of shape " + shapeOf(masks) + "; expected [1," +
                             std::to_string(K) + ",H,H] (mask_outputs = " + std::to_string(K) + ")");
    }
    if (iou.dim() != 2 || iou.size(0) != 1 || iou.size(1) != K) {
        throw SegmenterError(who + " returned IoU predictions of shape " + shapeOf(iou) + "; expected [1," +
                             std::to_string(K) + "]");
    }
    if (lowRes.dim() != 4 || lowRes.size(0) != 1 || lowRes.size(1) != K || lowRes.size(2) != L ||
        lowRes.size(3) != L) {
        throw SegmenterError(who + " returned low-resolution logits of shape " + shapeOf(lowRes) +
                             "; expected [1," + std::to_string(K) + "," + std::to_string(L) + "," +
                             std::to_string(L) + "] (low_res_size = " + std::to_string(L) + ")");
    }
    const int H = static_cast<int>(masks.size(2));
    const float* iouData = iou.data_ptr<float>();
    const float* maskData = masks.data_ptr<float>();
    const auto maskStride = static_cast<std::size_t>(H) * static_cast<std::size_t>(H);

    auto bestOf = [&](const std::vector<int>& candidates) {
        int best = candidates.front();
        for (const int c : candidates)
            if (iouData[c] > iouData[best]) best = c;
        return best;
    };
    int chosen = d.spec.singleMaskIndex;
    if (options.multimask && !d.spec.multimaskIndices.empty()) {
        chosen = bestOf(d.spec.multimaskIndices);
    } else if (d.spec.singleMaskStability && !d.spec.multimaskIndices.empty()) {
        // SAM2's dynamic fallback: an unstable single-mask output gives way to the best multimask output.
        const float* m = maskData + static_cast<std::size_t>(chosen) * maskStride;
        const auto delta = static_cast<float>(d.spec.singleMaskStability->delta);
        std::size_t inter = 0, uni = 0;
        for (std::size_t i = 0; i < maskStride; ++i) {
            inter += m[i] > delta;
            uni += m[i] > -delta;
        }
        const double stability = uni > 0 ? static_cast<double>(inter) / static_cast<double>(uni) : 1.0;
        if (stability < d.spec.singleMaskStability->threshold) chosen = bestOf(d.spec.multimaskIndices);
    }

    {
        std::lock_guard<std::mutex> lock(d.mutex);
        if (d.planW != emb->frame.sliceWidth || d.planH != emb->frame.sliceHeight || d.planMask != H) {
            d.plan = sam::planLogitsToSlice(emb->frame, H);
            d.planW = emb->frame.sliceWidth;
            d.planH = emb->frame.sliceHeight;
            d.planMask = H;
        }
    }
    SegmentationResult r;
    r.mask = sam::logitsToMask(maskData + static_cast<std::size_t>(chosen) * maskStride, d.plan,
                               emb->geometry, d.spec.maskThreshold);
    r.score = std::clamp(static_cast<double>(iouData[chosen]), 0.0, 1.0);
    r.logits.width = L;
    r.logits.height = L;
    const float* lr = lowRes.data_ptr<float>() + static_cast<std::size_t>(chosen) * L * L;
    r.logits.values.assign(lr, lr + static_cast<std::size_t>(L) * L);

    call.iou.assign(iouData, iouData + K);
    call.chosenMask = chosen;
    std::lock_guard<std::mutex> lock(d.mutex);
    d.last = std::move(call);
    return r;
}

}  // namespace medsam::agent
