#pragma once

#include <functional>
#include <vector>

#include "agent/training/Augment.h"
#include "agent/training/PolicyTrainer.h"

// Stage 1: behaviour cloning of the expert's decisions (docs/training.md).
namespace medsam::agent {

struct SftOptions {
    int epochs = 10;
    int batchSize = 64;
    int firstEpoch = 1;  // > 1 when resuming from a checkpoint after epoch firstEpoch - 1
    unsigned seed =
        0;  // shuffling and augmentation of epoch e use seed and e: a resumed run continues exactly
    bool augment = true;
    AugmentOptions augmentation;
};

struct SftEpochLog {
    int epoch = 0;
    SftMetrics train;       // mean over the epoch's batches (before each step)
    SftMetrics validation;  // after the epoch, no augmentation
    double seconds = 0.0;
    double samplesPerSecond = 0.0;
};

// Called after every epoch (write the log, a checkpoint); an exception from it stops training.
using SftEpochCallback = std::function<void(const SftEpochLog&)>;

void runSft(PolicyTrainer& trainer, const std::vector<SftSample>& train,
            const std::vector<SftSample>& validation, const SftOptions& options,
            const SftEpochCallback& onEpoch);

// The metrics of `samples` in batches (weighted by batch size).
SftMetrics evaluateSamples(const PolicyTrainer& trainer, const std::vector<SftSample>& samples,
                           int batchSize);

}  // namespace medsam::agent
