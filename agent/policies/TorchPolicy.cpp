#include "agent/policies/TorchPolicy.h"

#include <ATen/Parallel.h>
#include <torch/script.h>

#include <filesystem>
#include <fstream>
#include <sstream>

#include "agent/tools/TorchThreads.h"

namespace medsam::agent {

struct TorchPolicy::Net {
    torch::jit::Module module;
};

namespace {

[[noreturn]] void fail(const std::string& what) {
    throw PolicyError(PolicyError::Kind::Backend, what);
}

std::vector<float> flatten(const torch::jit::IValue& value, const char* what) {
    if (!value.isTensor())
        fail(std::string("TorchPolicy: the network's ") + what + " output is not a tensor");
    const torch::Tensor t = value.toTensor().detach().to(torch::kCPU, torch::kFloat).contiguous();
    return std::vector<float>(t.data_ptr<float>(), t.data_ptr<float>() + t.numel());
}

}  // namespace

TorchPolicy::TorchPolicy(const std::string& modelPath, const std::string& sidecarPath, int threads)
    : net_(std::make_unique<Net>()), modelPath_(modelPath), threads_(std::max(1, threads)) {
    namespace fs = std::filesystem;
    const std::string sidecar =
        sidecarPath.empty() ? fs::path(modelPath).replace_extension(".json").string() : sidecarPath;
    if (!fs::is_regular_file(modelPath)) fail("TorchPolicy: policy file '" + modelPath + "' does not exist");
    std::ifstream in(sidecar, std::ios::binary);
    if (!in)
        fail("TorchPolicy: policy sidecar '" + sidecar + "' is missing (it describes the tensors of '" +
             modelPath + "')");
    std::ostringstream text;
    text << in.rdbuf();
    spec_ = PolicySpec::fromJson(text.str(), sidecar);
    try {
        net_->module = torch::jit::load(modelPath, torch::kCPU);
        net_->module.eval();
    } catch (const std::exception& e) {
        std::string why = e.what();
        why = why.substr(0, why.find('\n'));  // torch appends a C++ backtrace
        fail("TorchPolicy: '" + modelPath + "' is not a loadable TorchScript file: " + why);
    }
    if (!net_->module.find_method("forward")) fail("TorchPolicy: '" + modelPath + "' has no forward method");
    // Process-wide, so set once per process (a no-op when the process configured it already); it used to be
    // set again before every decision, retuning every other model of the process.
    configureTorchThreads(threads_);
}

TorchPolicy::~TorchPolicy() = default;

std::string TorchPolicy::name() const {
    return "torch:" + std::filesystem::path(modelPath_).filename().string();
}

Decision TorchPolicy::decide(const Observation& observation) {
    const ModelFrame frame = modelFrame(observation, spec_);
    std::vector<float> input = encodeObservation(observation, spec_, frame);
    const torch::Tensor x =
        torch::from_blob(input.data(), {1, spec_.channels(), spec_.height, spec_.width}, torch::kFloat);
    PolicyOutputs outputs;
    try {
        c10::InferenceMode guard;
        const torch::jit::IValue result = net_->module.forward({x});
        if (!result.isTuple() || result.toTupleRef().elements().size() != 3)
            fail("TorchPolicy: '" + modelPath_ + "' must return a tuple (action_logits, heatmap, box)");
        const auto& elements = result.toTupleRef().elements();
        outputs.logits = flatten(elements[0], "action_logits");
        outputs.heatmap = flatten(elements[1], "heatmap");
        outputs.box = flatten(elements[2], "box");
    } catch (const PolicyError&) {
        throw;
    } catch (const std::exception& e) {
        std::string why = e.what();
        fail("TorchPolicy: running '" + modelPath_ + "' failed: " + why.substr(0, why.find('\n')));
    }
    const core::Image<float>& slice = *observation.slice;
    return {decodeOutputs(outputs, spec_, frame, slice.width(), slice.height()), {}};
}

}  // namespace medsam::agent
