#pragma once

#include <array>
#include <cstdint>
#include <string>
#include <vector>

#include "agent/policies/PolicyTensorCodec.h"

// The trainable compact policy, without torch: the training loops (SftTraining, RlTraining) and the
// command line see only this interface; the network and its optimiser live in the torch plugin
// (TorchPolicyTrainer.cpp, made by torchBackend().makePolicyTrainer()).
namespace medsam::agent {

// The network: a small fully convolutional encoder over the PolicySpec's input (v2: 6 x H x W), an action
// head on pooled features, a box head, and a two-plane click heatmap decoded at full resolution
// (docs/training.md).
struct PolicyNetConfig {
    int features = 16;           // channels of the first layer; the deeper ones have 2x
    std::uint64_t seed = 1;      // initial weights (and nothing else)
    double learningRate = 1e-3;  // Adam
    double weightDecay = 0.0;
    int threads = 1;  // libtorch's intra-op threads (process-wide, set once: agent/tools/TorchThreads.h)
};

// One decision to imitate (behaviour cloning): the encoded observation and the expert's action in model
// terms. `cell` is the clicked model cell (v * W + u), -1 when the click fell outside the frame; `box` the
// expert's box as fractions of the frame (box actions only).
struct SftSample {
    std::vector<float> input;
    int action = 0;  // PolicyAction
    int cell = -1;
    std::array<float, 4> box{};
    std::string group;  // the image it came from (validation splits by image)
};

struct SftMetrics {
    double loss = 0.0;  // actionLoss + clickLoss + boxLoss
    double actionLoss = 0.0;
    double clickLoss = 0.0;  // over click samples with a cell in the frame
    double boxLoss = 0.0;    // over box samples
    double actionAccuracy = 0.0;
    int samples = 0;
};

// A decision of the policy: its action, the cell (clicks), the box fractions (boxes) and the log-probability
// of the sampled action under the network (log p(action) + log p(cell | action) for clicks; a box's
// coordinates are the box head's deterministic output and carry no probability).
struct ActionChoice {
    int action = 3;
    int cell = -1;
    bool cellSampled = false;  // the cell's probability is part of logProb
    std::array<float, 4> box{};
    double logProb = 0.0;
};

// One decision of a rollout for the policy-gradient step.
struct RlSample {
    std::vector<float> input;
    int action = 0;
    int cell = -1;
    double oldLogProb = 0.0;  // under the policy that sampled it
    double advantage = 0.0;   // the trajectory's group-relative advantage
};

struct RlStepConfig {
    double clip = 0.2;      // PPO/GRPO ratio clip
    double klWeight = 0.0;  // KL to the reference (SFT) policy; 0 as published
};

struct RlStepMetrics {
    double loss = 0.0;
    double meanRatio = 1.0;
    double clippedFraction = 0.0;
    double kl = 0.0;  // mean k3 estimate against the reference, when one is frozen
};

class PolicyTrainer {
public:
    virtual ~PolicyTrainer() = default;
    virtual const PolicySpec& spec() const = 0;
    virtual int parameterCount() const = 0;
    // A hex digest of every parameter's bytes: equal digests, equal weights (determinism checks).
    virtual std::string parameterDigest() const = 0;

    // One optimiser step of behaviour cloning on `batch`; returns the batch's metrics before the step.
    virtual SftMetrics sftStep(const std::vector<const SftSample*>& batch) = 0;
    // The metrics of `batch` without learning.
    virtual SftMetrics sftEvaluate(const std::vector<const SftSample*>& batch) const = 0;

    // How act() chooses: Sample draws the action and the cell from the network's distributions (with `seed`,
    // deterministic); Greedy takes the most likely of each; SampleAction draws the action but clicks the most
    // likely cell, and its logProb is that of the action alone (RL then learns when to click, box or stop,
    // while where to click stays what stage 1 learned: sampled cells of a diffuse heatmap are mostly poor
    // clicks, and taught the policy that clicking never pays).
    enum class ActMode { Sample, Greedy, SampleAction };
    // The policy's decision on one encoded observation. Thread-safe while no step runs.
    virtual ActionChoice act(const std::vector<float>& input, std::uint64_t seed, ActMode mode) const = 0;
    // log p(action) + log p(cell | action) of a given decision under the current weights.
    virtual double logProb(const std::vector<float>& input, int action, int cell) const = 0;
    // One clipped policy-gradient step over every decision of a group of rollouts.
    virtual RlStepMetrics rlStep(const std::vector<const RlSample*>& batch, const RlStepConfig& config) = 0;
    // Copies the current weights as the reference of the KL term.
    virtual void freezeReference() = 0;
    virtual void setLearningRate(double rate) = 0;

    // The policy file the programs run (TorchScript + its sidecar, policy.pt -> policy.json). Throws
    // std::runtime_error naming the file on a write failure.
    virtual void exportPolicy(const std::string& path) const = 0;
    // The optimiser's state, for resuming (the weights are in the exported policy file).
    virtual void saveOptimizer(const std::string& path) const = 0;
    virtual void loadOptimizer(const std::string& path) = 0;
};

}  // namespace medsam::agent
