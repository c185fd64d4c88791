#include "agent/training/TorchPolicyTrainer.h"

#include <torch/csrc/jit/python/update_graph_executor_opt.h>
#include <torch/script.h>
#include <torch/torch.h>

#include <cmath>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <random>
#include <sstream>
#include <stdexcept>

#include "agent/tools/TorchThreads.h"

namespace medsam::agent {

namespace {

// The network, as TorchScript source: the file the trainer exports is the network TorchPolicy runs, with no
// Python anywhere. f1 (full resolution) -> f2, f3 (1/2, 1/4) -> f4 (dilated context at 1/4); the action and
// box heads read pooled f4, the heatmap is computed at 1/2 resolution from f4 upsampled and f2, then
// upsampled bilinearly to the input size (a full-resolution head cost 2/3 of the training time).
constexpr const char* kNetworkSource = R"JIT(
def forward(self, x):
    f1 = torch.relu(torch.conv2d(x, self.c1_w, self.c1_b, [1, 1], [1, 1]))
    f2 = torch.relu(torch.conv2d(f1, self.c2_w, self.c2_b, [2, 2], [1, 1]))
    f3 = torch.relu(torch.conv2d(f2, self.c3_w, self.c3_b, [2, 2], [1, 1]))
    f4 = torch.relu(torch.conv2d(f3, self.c4_w, self.c4_b, [1, 1], [2, 2], [2, 2]))
    pooled = torch.cat([torch.mean(f4, [2, 3]), torch.amax(f4, [2, 3])], 1)
    h = torch.relu(torch.linear(pooled, self.fc_w, self.fc_b))
    logits = torch.linear(h, self.act_w, self.act_b)
    box = torch.sigmoid(torch.linear(h, self.box_w, self.box_b))
    up = torch.upsample_bilinear2d(f4, [f2.size(2), f2.size(3)], False, None, None)
    u = torch.relu(torch.conv2d(torch.cat([up, f2], 1), self.u1_w, self.u1_b, [1, 1], [1, 1]))
    heat = torch.upsample_bilinear2d(torch.conv2d(u, self.u2_w, self.u2_b), [x.size(2), x.size(3)], False, None, None)
    return (logits, heat, box)
)JIT";

struct ParameterShape {
    const char* name;
    std::vector<int64_t> shape;
};

std::vector<ParameterShape> parameterShapes(int channels, int f) {
    const int f2 = 2 * f, hidden = 32;
    return {{"c1_w", {f, channels, 3, 3}}, {"c1_b", {f}},      {"c2_w", {f2, f, 3, 3}},      {"c2_b", {f2}},
            {"c3_w", {f2, f2, 3, 3}},      {"c3_b", {f2}},     {"c4_w", {f2, f2, 3, 3}},     {"c4_b", {f2}},
            {"fc_w", {hidden, 2 * f2}},    {"fc_b", {hidden}}, {"act_w", {4, hidden}},       {"act_b", {4}},
            {"box_w", {4, hidden}},        {"box_b", {4}},     {"u1_w", {f, f2 + f2, 3, 3}}, {"u1_b", {f}},
            {"u2_w", {2, f, 1, 1}},        {"u2_b", {2}}};
}

torch::jit::Module freshNetwork(const PolicySpec& spec, const PolicyNetConfig& config) {
    torch::manual_seed(config.seed);
    torch::jit::Module m("MedsamPolicyV2");
    for (const ParameterShape& p : parameterShapes(spec.channels(), config.features)) {
        torch::Tensor t = torch::empty(p.shape);
        if (p.shape.size() > 1) {
            // He initialisation for the ReLU layers; the heads start small so that the first decisions are
            // near uniform.
            torch::nn::init::kaiming_uniform_(t, std::sqrt(5.0));
            const std::string name = p.name;
            if (name == "act_w" || name == "box_w" || name == "u2_w") t.mul_(0.1);
        } else {
            t.zero_();
        }
        m.register_parameter(p.name, t, false);
    }
    m.define(kNetworkSource);
    return m;
}

torch::jit::Module loadNetwork(const std::string& path, const PolicySpec& spec,
                               const PolicyNetConfig& config) {
    torch::jit::Module m;
    try {
        m = torch::jit::load(path, torch::kCPU);
    } catch (const std::exception& e) {
        std::string why = e.what();
        throw std::runtime_error("policy file '" + path +
                                 "' does not load: " + why.substr(0, why.find('\n')));
    }
    std::map<std::string, torch::Tensor> found;
    for (const auto& p : m.named_parameters()) found[p.name] = p.value;
    for (const ParameterShape& p : parameterShapes(spec.channels(), config.features)) {
        const auto it = found.find(p.name);
        if (it == found.end() || it->second.sizes().vec() != p.shape)
            throw std::runtime_error(
                "policy file '" + path + "' is not a network of this trainer (parameter " + p.name +
                " is missing or has another shape; --features " + std::to_string(config.features) + ")");
    }
    return m;
}

torch::Tensor stackInputs(const std::vector<const std::vector<float>*>& inputs, const PolicySpec& spec) {
    const auto n = static_cast<int64_t>(inputs.size());
    torch::Tensor x = torch::empty({n, spec.channels(), spec.height, spec.width});
    float* dst = x.data_ptr<float>();
    for (const std::vector<float>* in : inputs) {
        if (in->size() != spec.inputSize())
            throw std::invalid_argument("a training sample has " + std::to_string(in->size()) +
                                        " input values, the policy takes " +
                                        std::to_string(spec.inputSize()));
        dst = std::copy(in->begin(), in->end(), dst);
    }
    return x;
}

struct Forward {
    torch::Tensor logits, heat, box;  // [B, 4], [B, 2, H * W], [B, 4]
};

Forward run(torch::jit::Module& m, const torch::Tensor& x) {
    const auto out = m.forward({x}).toTuple();
    const auto& e = out->elements();
    return {e[0].toTensor(), e[1].toTensor().flatten(2), e[2].toTensor()};
}

// log p(action) + log p(cell | action) for clicks, per sample.
torch::Tensor logProbs(const Forward& f, const torch::Tensor& actions, const torch::Tensor& cells) {
    const torch::Tensor actionLogp =
        torch::log_softmax(f.logits, 1).gather(1, actions.unsqueeze(1)).squeeze(1);
    const torch::Tensor isClick = (actions == 1).logical_or(actions == 2).logical_and(cells >= 0);
    const torch::Tensor plane = (actions == 2).to(torch::kLong);
    const torch::Tensor rows = torch::arange(f.heat.size(0), torch::kLong);
    const torch::Tensor planeLogp = torch::log_softmax(f.heat.index({rows, plane}), 1);
    const torch::Tensor cellLogp = planeLogp.gather(1, cells.clamp_min(0).unsqueeze(1)).squeeze(1);
    return actionLogp + torch::where(isClick, cellLogp, torch::zeros_like(cellLogp));
}

std::string hexDigest(const std::vector<torch::Tensor>& tensors) {
    std::uint64_t h = 1469598103934665603ull;  // FNV-1a over the raw bytes
    for (const torch::Tensor& t : tensors) {
        const torch::Tensor c = t.detach().contiguous();
        const auto* bytes = static_cast<const unsigned char*>(c.data_ptr());
        for (std::size_t i = 0; i < static_cast<std::size_t>(c.nbytes()); ++i)
            h = (h ^ bytes[i]) * 1099511628211ull;
    }
    char text[17];
    std::snprintf(text, sizeof text, "%016llx", static_cast<unsigned long long>(h));
    return text;
}

int sampleIndex(const torch::Tensor& logProbs1d, std::mt19937_64& rng) {
    const torch::Tensor p = logProbs1d.exp().contiguous();
    const float* q = p.data_ptr<float>();
    const double u = std::uniform_real_distribution<double>(0.0, 1.0)(rng);
    double acc = 0.0;
    const auto n = static_cast<int>(p.numel());
    for (int i = 0; i < n; ++i) {
        acc += q[i];
        if (u < acc) return i;
    }
    return n - 1;
}

class TorchPolicyTrainer final : public PolicyTrainer {
public:
    TorchPolicyTrainer(const PolicySpec& spec, const PolicyNetConfig& config,
                       const std::string& initialWeights)
        : spec_(spec), config_(config) {
        if (spec.version < 2)
            throw std::invalid_argument("the trainer makes version 2 policies (crop, turn, 2 heatmaps)");
        if (spec.height % 4 != 0 || spec.width % 4 != 0)
            throw std::invalid_argument("the policy's input size must be a multiple of 4");
        if (config.features < 1 || config.features > 256)
            throw std::invalid_argument("--features must be within 1..256");
        configureTorchThreads(config.threads);
        // The profiling graph executor re-specialises the graph for each new batch shape and runs its
        // optimisation passes inside the training loop; plain interpretation of this small graph is faster.
        torch::jit::setGraphExecutorOptimize(false);
        net_ =
            initialWeights.empty() ? freshNetwork(spec, config) : loadNetwork(initialWeights, spec, config);
        for (const auto& p : net_.parameters()) {
            p.requires_grad_(true);
            params_.push_back(p);
        }
        optimizer_ = std::make_unique<torch::optim::Adam>(
            params_, torch::optim::AdamOptions(config.learningRate).weight_decay(config.weightDecay));
    }

    const PolicySpec& spec() const override { return spec_; }
    int parameterCount() const override {
        int64_t n = 0;
        for (const auto& p : params_) n += p.numel();
        return static_cast<int>(n);
    }
    std::string parameterDigest() const override { return hexDigest(params_); }

    SftMetrics sftStep(const std::vector<const SftSample*>& batch) override {
        optimizer_->zero_grad();
        auto [metrics, loss] = sftLoss(batch);
        loss.backward();
        optimizer_->step();
        return metrics;
    }

    SftMetrics sftEvaluate(const std::vector<const SftSample*>& batch) const override {
        torch::NoGradGuard noGrad;
        return const_cast<TorchPolicyTrainer*>(this)->sftLoss(batch).first;
    }

    ActionChoice act(const std::vector<float>& input, std::uint64_t seed, ActMode mode) const override {
        const bool greedy = mode == ActMode::Greedy;
        torch::NoGradGuard noGrad;
        const torch::Tensor x = stackInputs({&input}, spec_);
        const Forward f = run(const_cast<torch::jit::Module&>(net_), x);
        std::mt19937_64 rng(seed);
        ActionChoice choice;
        const torch::Tensor actionLogp = torch::log_softmax(f.logits[0], 0);
        choice.action =
            greedy ? static_cast<int>(actionLogp.argmax().item<int64_t>()) : sampleIndex(actionLogp, rng);
        choice.logProb = actionLogp[choice.action].item<double>();
        if (choice.action == 1 || choice.action == 2) {
            const torch::Tensor cellLogp = torch::log_softmax(f.heat[0][choice.action == 2 ? 1 : 0], 0);
            choice.cellSampled = mode == ActMode::Sample;
            choice.cell = choice.cellSampled ? sampleIndex(cellLogp, rng)
                                             : static_cast<int>(cellLogp.argmax().item<int64_t>());
            if (choice.cellSampled || greedy) choice.logProb += cellLogp[choice.cell].item<double>();
        }
        const torch::Tensor box = f.box[0].contiguous();
        std::copy(box.data_ptr<float>(), box.data_ptr<float>() + 4, choice.box.begin());
        return choice;
    }

    double logProb(const std::vector<float>& input, int action, int cell) const override {
        torch::NoGradGuard noGrad;
        const Forward f = run(const_cast<torch::jit::Module&>(net_), stackInputs({&input}, spec_));
        return logProbs(f, torch::tensor({static_cast<int64_t>(action)}, torch::kLong),
                        torch::tensor({static_cast<int64_t>(cell)}, torch::kLong))
            .item<double>();
    }

    RlStepMetrics rlStep(const std::vector<const RlSample*>& batch, const RlStepConfig& config) override {
        RlStepMetrics metrics;
        if (batch.empty()) return metrics;
        std::vector<const std::vector<float>*> inputs;
        std::vector<int64_t> actions, cells;
        std::vector<float> oldLogp, advantages;
        for (const RlSample* s : batch) {
            inputs.push_back(&s->input);
            actions.push_back(s->action);
            cells.push_back(s->cell);
            oldLogp.push_back(static_cast<float>(s->oldLogProb));
            advantages.push_back(static_cast<float>(s->advantage));
        }
        const torch::Tensor x = stackInputs(inputs, spec_);
        const torch::Tensor a = torch::tensor(actions, torch::kLong), c = torch::tensor(cells, torch::kLong);
        const torch::Tensor old = torch::tensor(oldLogp), adv = torch::tensor(advantages);
        optimizer_->zero_grad();
        const Forward f = run(net_, x);
        const torch::Tensor logp = logProbs(f, a, c);
        const torch::Tensor ratio = torch::exp(logp - old);
        const torch::Tensor clipped = ratio.clamp(1.0 - config.clip, 1.0 + config.clip);
        torch::Tensor loss = -torch::min(ratio * adv, clipped * adv).mean();
        if (reference_) {
            torch::Tensor refLogp;
            {
                torch::NoGradGuard noGrad;
                refLogp = logProbs(run(*reference_, x), a, c);
            }
            // k3 = exp(ref - new) - (ref - new) - 1 >= 0, an unbiased, low-variance KL estimate (as GRPO).
            const torch::Tensor d = refLogp - logp;
            const torch::Tensor kl = (torch::exp(d) - d - 1.0).mean();
            metrics.kl = kl.item<double>();
            if (config.klWeight > 0) loss = loss + config.klWeight * kl;
        }
        loss.backward();
        optimizer_->step();
        metrics.loss = loss.item<double>();
        metrics.meanRatio = ratio.mean().item<double>();
        metrics.clippedFraction = ((ratio - 1.0).abs() > config.clip).to(torch::kFloat).mean().item<double>();
        return metrics;
    }

    void freezeReference() override {
        torch::NoGradGuard noGrad;  // the copies are leaves without history
        reference_ = std::make_unique<torch::jit::Module>(net_.deepcopy());
        for (const auto& p : reference_->parameters()) p.requires_grad_(false);
    }

    void setLearningRate(double rate) override {
        for (auto& group : optimizer_->param_groups())
            static_cast<torch::optim::AdamOptions&>(group.options()).lr(rate);
    }

    void exportPolicy(const std::string& path) const override {
        namespace fs = std::filesystem;
        try {
            const_cast<torch::jit::Module&>(net_).save(path);
        } catch (const std::exception& e) {
            std::string why = e.what();
            throw std::runtime_error("cannot write the policy file '" + path +
                                     "': " + why.substr(0, why.find('\n')));
        }
        const std::string sidecar = fs::path(path).replace_extension(".json").string();
        std::ofstream out(sidecar, std::ios::binary | std::ios::trunc);
        out << spec_.toJson() << "\n";
        out.close();
        if (!out) throw std::runtime_error("cannot write the policy sidecar '" + sidecar + "'");
    }

    void saveOptimizer(const std::string& path) const override {
        try {
            torch::save(*optimizer_, path);
        } catch (const std::exception& e) {
            std::string why = e.what();
            throw std::runtime_error("cannot write '" + path + "': " + why.substr(0, why.find('\n')));
        }
    }

    void loadOptimizer(const std::string& path) override {
        try {
            torch::load(*optimizer_, path);
        } catch (const std::exception& e) {
            std::string why = e.what();
            throw std::runtime_error(
                "'" + path + "' is not this trainer's optimiser state: " + why.substr(0, why.find('\n')));
        }
    }

private:
    std::pair<SftMetrics, torch::Tensor> sftLoss(const std::vector<const SftSample*>& batch) {
        SftMetrics m;
        m.samples = static_cast<int>(batch.size());
        if (batch.empty()) return {m, torch::zeros({}, torch::requires_grad())};
        std::vector<const std::vector<float>*> inputs;
        std::vector<int64_t> actions, cells, boxRows;
        std::vector<float> boxes;
        for (std::size_t i = 0; i < batch.size(); ++i) {
            const SftSample* s = batch[i];
            inputs.push_back(&s->input);
            actions.push_back(s->action);
            cells.push_back(s->cell);
            if (s->action == static_cast<int>(PolicyAction::Box)) {
                boxRows.push_back(static_cast<int64_t>(i));
                boxes.insert(boxes.end(), s->box.begin(), s->box.end());
            }
        }
        const torch::Tensor x = stackInputs(inputs, spec_);
        const torch::Tensor a = torch::tensor(actions, torch::kLong), c = torch::tensor(cells, torch::kLong);
        const Forward f = run(net_, x);
        const torch::Tensor actionLoss = torch::nn::functional::cross_entropy(f.logits, a);
        torch::Tensor loss = actionLoss;
        m.actionLoss = actionLoss.item<double>();
        m.actionAccuracy = (f.logits.argmax(1) == a).to(torch::kFloat).mean().item<double>();

        const torch::Tensor clickRows =
            ((a == 1).logical_or(a == 2).logical_and(c >= 0)).nonzero().squeeze(1);
        if (clickRows.numel() > 0) {
            const torch::Tensor plane = (a.index({clickRows}) == 2).to(torch::kLong);
            const torch::Tensor logp = torch::log_softmax(f.heat.index({clickRows, plane}), 1);
            const torch::Tensor clickLoss = -logp.gather(1, c.index({clickRows}).unsqueeze(1)).mean();
            loss = loss + clickLoss;
            m.clickLoss = clickLoss.item<double>();
        }
        if (!boxRows.empty()) {
            const torch::Tensor rows = torch::tensor(boxRows, torch::kLong);
            const torch::Tensor target = torch::tensor(boxes).view({-1, 4});
            const torch::Tensor boxLoss = torch::nn::functional::smooth_l1_loss(f.box.index({rows}), target) *
                                          10.0;  // fractions are small
            loss = loss + boxLoss;
            m.boxLoss = boxLoss.item<double>();
        }
        m.loss = loss.item<double>();
        return {m, loss};
    }

    PolicySpec spec_;
    PolicyNetConfig config_;
    torch::jit::Module net_;
    std::vector<torch::Tensor> params_;
    std::unique_ptr<torch::optim::Adam> optimizer_;
    std::unique_ptr<torch::jit::Module> reference_;
};

}  // namespace

std::unique_ptr<PolicyTrainer> makeTorchPolicyTrainer(const PolicySpec& spec, const PolicyNetConfig& config,
                                                      const std::string& initialWeights) {
    return std::make_unique<TorchPolicyTrainer>(spec, config, initialWeights);
}

}  // namespace medsam::agent
