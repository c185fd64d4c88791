// Second (and last) torch translation unit of medsam_agent: builds TorchScript modules from source text.
#include "agent/tools/SamSyntheticModel.h"

#include <torch/script.h>

#include <fstream>
#include <sstream>

#include "agent/tools/PromptableSegmenter.h"

namespace medsam::agent {

namespace {

std::string floatList(const std::vector<double>& v) {
    std::ostringstream s;
    s.precision(17);
    s << "[";
    for (std::size_t i = 0; i < v.size(); ++i) s << (i ? ", " : "") << std::showpoint << v[i];
    s << "]";
    return s.str();
}

std::string encoderSource(int outputs, int inputSize) {
    // Pool to a small grid: a stand-in for an image embedding, cheap at any input size.
    const int k = std::max(1, inputSize / 16);
    std::ostringstream s;
    s << "def forward(self, image: Tensor)";
    if (outputs == 1) {
        s << " -> Tensor:\n    return torch.avg_pool2d(image, [" << k << ", " << k << "])\n";
        return s.str();
    }
    s << ":\n    emb = torch.avg_pool2d(image, [" << k << ", " << k << "])\n    return (emb";
    for (int i = 1; i < outputs; ++i) {
        const int ki = std::max(1, k >> i);
        s << ", torch.avg_pool2d(image, [" << ki << ", " << ki << "])";
    }
    s << ")\n";
    return s.str();
}

std::string decoderSource(const SamModelSpec& spec, const SyntheticSamOptions& o) {
    const int H = spec.lowResSize, S = spec.inputSize;
    std::ostringstream s;
    s << "def forward(self";
    for (int i = 0; i < spec.encoderOutputs; ++i) s << ", enc" << i << ": Tensor";
    s << ", coords: Tensor, labels: Tensor, mask_input: Tensor, has_mask: Tensor)"
         " -> Tuple[Tensor, Tensor, Tensor]:\n";
    s << "    H = " << H << "\n";
    s << "    scale = " << H << ".0 / " << S << ".0\n";
    s << "    radii = " << floatList(o.radii) << "\n";
    s << "    iou = torch.tensor([" << floatList(o.iou) << "]).float()\n";
    s << R"(    ys = torch.arange(H).float().view(H, 1).expand(H, H)
    xs = torch.arange(H).float().view(1, H).expand(H, H)
    n = coords.size(1)
    cx = (coords[0, :, 0] + 0.5) * scale - 0.5
    cy = (coords[0, :, 1] + 0.5) * scale - 0.5
    base = torch.full([H, H], -100.0)
    if float(has_mask[0]) > 0.5:
        base = mask_input[0, 0]
    has_box = False
    bx0 = 0.0
    by0 = 0.0
    bx1 = 0.0
    by1 = 0.0
    for i in range(n):
        lab = int(labels[0, i])
        if lab == 2:
            bx0 = float(cx[i])
            by0 = float(cy[i])
            has_box = True
        if lab == 3:
            bx1 = float(cx[i])
            by1 = float(cy[i])
    m = 0.5 * scale
    chans: List[Tensor] = []
    for k in range(len(radii)):
        r = radii[k] * scale
        acc = base.clone()
        if has_box:
            rect = torch.minimum(torch.minimum(xs - bx0 + m, bx1 - xs + m), torch.minimum(ys - by0 + m, by1 - ys + m))
            acc = torch.maximum(acc, rect)
        for i in range(n):
            if int(labels[0, i]) == 1:
                acc = torch.maximum(acc, r * r - ((xs - cx[i]) ** 2 + (ys - cy[i]) ** 2))
        for i in range(n):
            if int(labels[0, i]) == 0:
                acc = torch.minimum(acc, ((xs - cx[i]) ** 2 + (ys - cy[i]) ** 2) - r * r)
        chans.append(acc)
    masks = torch.stack(chans).unsqueeze(0)
)";
    s << "    return masks, iou, masks.clone()\n";
    return s.str();
}

}  // namespace

void writeSyntheticSamModel(const std::filesystem::path& dir, SamModelSpec spec,
                            const SyntheticSamOptions& options) {
    if (options.radii.empty() || options.radii.size() != options.iou.size()) {
        throw SegmenterError("writeSyntheticSamModel: radii and iou must be non-empty and of equal length");
    }
    spec.maskOutputs = static_cast<int>(options.radii.size());
    spec.validate("(synthetic model)");
    std::filesystem::create_directories(dir);
    try {
        torch::jit::Module encoder("SyntheticSamEncoder");
        encoder.define(encoderSource(spec.encoderOutputs, spec.inputSize));
        encoder.save((dir / spec.encoderFile).string());
        torch::jit::Module decoder("SyntheticSamDecoder");
        decoder.define(decoderSource(spec, options));
        decoder.save((dir / spec.decoderFile).string());
    } catch (const c10::Error& e) {
        throw SegmenterError(std::string("writeSyntheticSamModel: TorchScript failed: ") +
                             e.what_without_backtrace());
    } catch (
        const std::exception& e) {  // torch::jit::ErrorReport (script compile errors) is not a c10::Error
        throw SegmenterError(std::string("writeSyntheticSamModel: TorchScript failed: ") + e.what());
    }
    std::ofstream out(dir / "model.json", std::ios::binary | std::ios::trunc);
    out << spec.toJson();
    if (!out) throw SegmenterError("writeSyntheticSamModel: cannot write " + (dir / "model.json").string());
}

}  // namespace medsam::agent
