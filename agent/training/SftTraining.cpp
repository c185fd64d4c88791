#include "agent/training/SftTraining.h"

#include <algorithm>
#include <chrono>
#include <numeric>
#include <random>

namespace medsam::agent {

namespace {

void accumulate(SftMetrics& sum, const SftMetrics& m) {
    const double w = m.samples;
    sum.loss += m.loss * w;
    sum.actionLoss += m.actionLoss * w;
    sum.clickLoss += m.clickLoss * w;
    sum.boxLoss += m.boxLoss * w;
    sum.actionAccuracy += m.actionAccuracy * w;
    sum.samples += m.samples;
}

SftMetrics mean(SftMetrics sum) {
    if (sum.samples == 0) return sum;
    const double w = sum.samples;
    sum.loss /= w, sum.actionLoss /= w, sum.clickLoss /= w, sum.boxLoss /= w, sum.actionAccuracy /= w;
    return sum;
}

}  // namespace

SftMetrics evaluateSamples(const PolicyTrainer& trainer, const std::vector<SftSample>& samples,
                           int batchSize) {
    SftMetrics sum;
    for (std::size_t i = 0; i < samples.size(); i += static_cast<std::size_t>(batchSize)) {
        std::vector<const SftSample*> batch;
        for (std::size_t j = i; j < std::min(samples.size(), i + static_cast<std::size_t>(batchSize)); ++j)
            batch.push_back(&samples[j]);
        accumulate(sum, trainer.sftEvaluate(batch));
    }
    return mean(sum);
}

void runSft(PolicyTrainer& trainer, const std::vector<SftSample>& train,
            const std::vector<SftSample>& validation, const SftOptions& options,
            const SftEpochCallback& onEpoch) {
    const int batchSize = std::max(1, options.batchSize);
    for (int epoch = std::max(1, options.firstEpoch); epoch <= options.epochs; ++epoch) {
        const auto start = std::chrono::steady_clock::now();
        std::mt19937 rng(options.seed * 1000003u + static_cast<unsigned>(epoch));
        std::vector<std::size_t> order(train.size());
        std::iota(order.begin(), order.end(), 0);
        // Fisher-Yates with raw draws: the same order on every standard library.
        for (std::size_t i = order.size(); i > 1; --i) std::swap(order[i - 1], order[rng() % i]);
        SftMetrics sum;
        std::vector<SftSample> augmented;
        for (std::size_t i = 0; i < order.size(); i += static_cast<std::size_t>(batchSize)) {
            augmented.clear();
            std::vector<const SftSample*> batch;
            const std::size_t end = std::min(order.size(), i + static_cast<std::size_t>(batchSize));
            augmented.reserve(end - i);
            for (std::size_t j = i; j < end; ++j) {
                const SftSample& s = train[order[j]];
                if (options.augment) {
                    augmented.push_back(augmentSample(s, trainer.spec(), options.augmentation, rng));
                    batch.push_back(&augmented.back());
                } else {
                    batch.push_back(&s);
                }
            }
            accumulate(sum, trainer.sftStep(batch));
        }
        SftEpochLog log;
        log.epoch = epoch;
        log.train = mean(sum);
        log.validation = evaluateSamples(trainer, validation, batchSize);
        log.seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
        log.samplesPerSecond = log.seconds > 0 ? static_cast<double>(train.size()) / log.seconds : 0.0;
        if (onEpoch) onEpoch(log);
    }
}

}  // namespace medsam::agent
